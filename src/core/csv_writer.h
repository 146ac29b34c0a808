#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/decimal.h"

namespace openmsp {

/// Writes CSV as RFC 4180 defines it, row by row into a buffer the caller takes in pieces: what a
/// streamed export appends to each chunk of its response (`http::HttpResponse::Streamed`).
///
///     CsvWriter csv;
///     csv.Row({"id", "driver", "total"});
///     csv.Text(cdr.id).Text(driver_name).Number(cdr.total).EndRow();
///     if (csv.size() >= 64 * 1024) chunk += csv.Take();
///
/// - Fields are separated by `,`, rows end with CRLF (also the last one). A field holding `,`, `"`, CR or
///   LF is put in double quotes, a `"` inside doubled (`a"b` → `"a""b"`); others are written as they are.
/// - Text is UTF-8 and passes through byte for byte; nothing is re-encoded or validated here.
/// - **Spreadsheet formulas**: a spreadsheet opening the file runs a cell that starts with `=`, `+`, `-`
///   or `@` as a formula (`=HYPERLINK(…)`, `+cmd|…`), and TAB or CR may be dropped in front of one. So
///   `Text` puts a single quote in front of a value that starts with any of these six characters
///   (`=1+2` → `'=1+2`, then quoted if needed), which spreadsheets show as text and a program can strip.
///   Exception: a plain decimal number (an optional sign, digits, an optional `.` and digits: `-1.50`,
///   `+3`, `42`) is left alone, so amounts stay numbers; `-1e5`, `-.5` or `--1` are not plain numbers and
///   are protected. `Number` and `Integer` never are (their text is a plain number by construction).
/// - An empty field is written as nothing (`a,,b`), as is an absent value.
class CsvWriter {
 public:
  /// The UTF-8 byte order mark, for a file meant for spreadsheets that otherwise guess an 8-bit code page.
  static constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

  /// Appends a text field, quoted when needed and protected against formulas.
  CsvWriter& Text(std::string_view value);

  /// Appends a decimal in plain notation with its scale (`-1.50`), never quoted or protected.
  CsvWriter& Number(const Decimal& value);

  /// Appends an integer, never quoted or protected.
  CsvWriter& Integer(std::int64_t value);

  /// Appends an empty field (an absent value).
  CsvWriter& Empty();

  /// Ends the row (CRLF); the next field starts a new one.
  void EndRow();

  /// A whole row of text fields, ended: for the header row.
  void Row(std::initializer_list<std::string_view> fields);

  /// The bytes written and not taken yet.
  std::size_t size() const { return buffer_.size(); }
  const std::string& buffer() const { return buffer_; }

  /// Hands over what was written so far and starts an empty buffer (the row being written, if any,
  /// continues in it).
  std::string Take();

 private:
  void Separate();

  std::string buffer_;
  bool row_started_ = false;
};

/// Whether `value` is a plain decimal number in the sense of `CsvWriter::Text`: an optional `+` or `-`,
/// one or more digits, and optionally a `.` followed by one or more digits.
bool IsPlainCsvNumber(std::string_view value);

}  // namespace openmsp
