#include "api/list_export.h"

#include <boost/json.hpp>
#include <utility>

#include "core/json.h"
#include "http/percent_encoding.h"

namespace openmsp::api {
namespace {

void AddColumns(const boost::json::object& schema, std::vector<std::string>& path,
                std::vector<CsvColumn>& columns) {
  const boost::json::value* properties = schema.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return;
  for (const auto& [name, member] : properties->as_object()) {
    path.emplace_back(name);
    const boost::json::value* nested =
        member.is_object() ? member.as_object().if_contains("properties") : nullptr;
    if (nested != nullptr && nested->is_object() && !nested->as_object().empty()) {
      AddColumns(member.as_object(), path, columns);
    } else {
      std::string header;
      for (const std::string& step : path) header += (header.empty() ? "" : ".") + step;
      columns.push_back(CsvColumn{.name = std::move(header), .path = path});
    }
    path.pop_back();
  }
}

const boost::json::value* Member(const boost::json::value& item, const std::vector<std::string>& path) {
  const boost::json::value* value = &item;
  for (const std::string& step : path) {
    if (!value->is_object()) return nullptr;
    value = value->as_object().if_contains(step);
    if (value == nullptr) return nullptr;
  }
  return value;
}

}  // namespace

std::optional<std::vector<CsvColumn>> ExportColumns(const ApiRoute& route) {
  if (route.method != "GET" || route.response_schema.empty()) return std::nullopt;
  Result<boost::json::value> schema = ParseJson(route.response_schema);
  if (!schema || !schema->is_object()) return std::nullopt;
  const boost::json::value* properties = schema->as_object().if_contains("properties");
  const boost::json::value* items = properties != nullptr && properties->is_object()
                                        ? properties->as_object().if_contains("items")
                                        : nullptr;
  const boost::json::value* item =
      items != nullptr && items->is_object() ? items->as_object().if_contains("items") : nullptr;
  if (item == nullptr || !item->is_object()) return std::nullopt;
  std::vector<CsvColumn> columns;
  std::vector<std::string> path;
  AddColumns(item->as_object(), path, columns);
  if (columns.empty()) return std::nullopt;
  return columns;
}

void WriteCsvHeader(std::span<const CsvColumn> columns, CsvWriter& csv) {
  for (const CsvColumn& column : columns) csv.Text(column.name);
  csv.EndRow();
}

void WriteCsvRows(std::span<const CsvColumn> columns, const boost::json::array& items, CsvWriter& csv) {
  for (const boost::json::value& item : items) {
    for (const CsvColumn& column : columns) {
      const boost::json::value* value = Member(item, column.path);
      if (value == nullptr || value->is_null()) {
        csv.Empty();
      } else if (value->is_string()) {
        csv.Text(value->as_string());
      } else if (value->is_int64()) {
        csv.Integer(value->as_int64());
      } else {
        // Booleans, unsigned and fractional numbers as JSON writes them (a JSON number is a plain number);
        // arrays and objects as compact JSON in one field.
        csv.Text(SerializeJson(*value));
      }
    }
    csv.EndRow();
  }
}

std::string QueryWithout(std::string_view query, std::initializer_list<std::string_view> names) {
  std::string kept;
  while (!query.empty()) {
    const std::size_t end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (pair.empty()) continue;
    Result<std::string> name = http::PercentDecode(pair.substr(0, pair.find('=')), "query", true);
    bool dropped = false;
    for (std::string_view drop : names) dropped = dropped || (name && *name == drop);
    if (dropped) continue;
    if (!kept.empty()) kept += '&';
    kept += pair;
  }
  return kept;
}

}  // namespace openmsp::api
