#include "core/csv_reader.h"

#include <utility>

namespace openmsp {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Error AtLine(std::size_t line, std::string message) {
  return InvalidArgument("csv", "line " + std::to_string(line) + ": " + std::move(message));
}

}  // namespace

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const CsvLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{ErrorCode::kOutOfRange, "csv",
                 "the text has " + std::to_string(text.size()) + " bytes, more than the " +
                     std::to_string(limits.max_bytes) + " accepted"};
  }
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());

  std::vector<CsvRecord> records;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t size = text.size();
  while (i < size) {
    // An empty line (LF or CRLF alone) holds no record.
    if (text[i] == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (text[i] == '\r' && i + 1 < size && text[i + 1] == '\n') {
      ++line;
      i += 2;
      continue;
    }
    if (records.size() == limits.max_records) {
      return Error{ErrorCode::kOutOfRange, "csv",
                   "line " + std::to_string(line) + ": more than the " + std::to_string(limits.max_records) +
                       " records accepted"};
    }
    CsvRecord record{.line = line, .fields = {}};
    bool record_done = false;
    while (!record_done) {
      std::string field;
      if (i < size && text[i] == '"') {
        const std::size_t opened_on = line;
        ++i;
        bool closed = false;
        while (i < size) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < size && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed) return AtLine(opened_on, "a quoted field is not closed before the end of the text");
        if (i < size && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return AtLine(line, "after a closing quote comes a comma or the line end, not '" +
                                  std::string(1, text[i]) + "'");
        }
      } else {
        while (i < size && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return AtLine(line,
                          "a quote inside an unquoted field (quote the whole field and double the quote)");
          }
          field += text[i];
          ++i;
        }
      }
      record.fields.push_back(std::move(field));
      if (i == size) {
        record_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else if (text[i] == '\n') {
        ++line;
        ++i;
        record_done = true;
      } else if (i + 1 < size && text[i + 1] == '\n') {  // text[i] is CR
        ++line;
        i += 2;
        record_done = true;
      } else {
        return AtLine(line, "a carriage return that is not followed by a line feed");
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace openmsp
