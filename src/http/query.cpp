#include "http/query.h"

#include <utility>

#include "http/percent_encoding.h"

namespace openmsp::http {
namespace {

Result<std::string> Decode(std::string_view encoded) { return PercentDecode(encoded, "query", true); }

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
