#include "http/query.h"

#include <utility>

namespace openmsp::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view encoded) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '+') {
      decoded += ' ';
    } else if (c != '%') {
      decoded += c;
    } else {
      bool complete = i + 2 < encoded.size();
      int high = complete ? HexValue(encoded[i + 1]) : -1;
      int low = complete ? HexValue(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Error{
            ErrorCode::kInvalidArgument, "query",
            "'%' must be followed by two hexadecimal digits (at character " + std::to_string(i + 1) + ")"};
      }
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return decoded;
}

}  // namespace

Result<std::vector<QueryParameter>> ParseQuery(std::string_view query) {
  std::vector<QueryParameter> parameters;
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (pair.empty()) continue;
    std::size_t equals = pair.find('=');
    OPENMSP_ASSIGN_OR_RETURN(std::string name, Decode(pair.substr(0, equals)));
    OPENMSP_ASSIGN_OR_RETURN(
        std::string value,
        Decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1)));
    parameters.push_back({std::move(name), std::move(value)});
  }
  return parameters;
}

std::optional<std::string_view> FindQueryValue(const std::vector<QueryParameter>& parameters,
                                               std::string_view name) {
  for (const QueryParameter& parameter : parameters) {
    if (parameter.name == name) return parameter.value;
  }
  return std::nullopt;
}

}  // namespace openmsp::http
