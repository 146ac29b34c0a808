#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace openmsp {

/// How much a CSV upload may hold; beyond either limit the whole text is refused before anything is
/// read, so an oversized upload cannot cost memory or time.
struct CsvLimits {
  /// Bytes of the whole text, BOM included.
  std::size_t max_bytes = 4 * 1024 * 1024;
  /// Records, a header line included.
  std::size_t max_records = 10'000;
};

/// One record of a CSV text: its fields, unquoted, and the line of the text it starts on (1-based,
/// counting every line feed, also those inside quoted fields), for reports that point a person at it.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;

  friend bool operator==(const CsvRecord&, const CsvRecord&) = default;
};

/// Reads `text` as RFC 4180 CSV, comma-separated:
/// - records end with CRLF or LF (both may be mixed; the last record needs no line end); a CR that is
///   not followed by LF outside quotes is refused, as are empty lines, which are skipped;
/// - a field is either unquoted (no `"`, `,`, CR or LF in it) or quoted: `"…"`, where `""` stands for one
///   `"` and commas, CR and LF are kept as they are; after the closing quote comes `,` or the line end;
/// - a UTF-8 byte order mark at the very start is ignored (spreadsheets write one);
/// - fields are kept byte for byte: no trimming, no type guessing; the number of fields per record is
///   not checked here (the caller reports a short row as that row's fault, not the file's).
/// Errors are kInvalidArgument naming `csv`, the message starting with the line (`line 7: a quote
/// inside an unquoted field`); kOutOfRange naming `csv` when `text` exceeds `limits`. Never throws and
/// reads each byte once.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const CsvLimits& limits = {});

}  // namespace openmsp
