#include "core/csv_writer.h"

#include <utility>

namespace openmsp {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsAFormula(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return !IsPlainCsvNumber(value);
    default:
      return false;
  }
}

}  // namespace

bool IsPlainCsvNumber(std::string_view value) {
  std::size_t i = 0;
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) ++i;
  std::size_t integer_digits = 0;
  for (; i < value.size() && IsDigit(value[i]); ++i) ++integer_digits;
  if (integer_digits == 0) return false;
  if (i == value.size()) return true;
  if (value[i] != '.') return false;
  ++i;
  std::size_t fraction_digits = 0;
  for (; i < value.size() && IsDigit(value[i]); ++i) ++fraction_digits;
  return fraction_digits > 0 && i == value.size();
}

CsvWriter& CsvWriter::Text(std::string_view value) {
  Separate();
  bool protect = StartsAFormula(value);
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) buffer_ += '"';
  if (protect) buffer_ += '\'';
  if (quote) {
    for (char c : value) {
      if (c == '"') buffer_ += '"';
      buffer_ += c;
    }
    buffer_ += '"';
  } else {
    buffer_ += value;
  }
  return *this;
}

CsvWriter& CsvWriter::Number(const Decimal& value) {
  Separate();
  buffer_ += value.ToString();
  return *this;
}

CsvWriter& CsvWriter::Integer(std::int64_t value) {
  Separate();
  buffer_ += std::to_string(value);
  return *this;
}

CsvWriter& CsvWriter::Empty() {
  Separate();
  return *this;
}

void CsvWriter::EndRow() {
  buffer_ += "\r\n";
  row_started_ = false;
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  for (std::string_view field : fields) Text(field);
  EndRow();
}

std::string CsvWriter::Take() { return std::exchange(buffer_, std::string()); }

void CsvWriter::Separate() {
  if (row_started_) buffer_ += ',';
  row_started_ = true;
}

}  // namespace openmsp
