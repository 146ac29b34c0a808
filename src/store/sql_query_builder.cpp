#include "store/sql_query_builder.h"

#include <utility>

namespace openmsp::store {

SqlQueryBuilder::SqlQueryBuilder(std::vector<SqlParam> params) : params_(std::move(params)) {}

std::string SqlQueryBuilder::Param(SqlParam value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

void SqlQueryBuilder::SetParam(std::size_t index, SqlParam value) { params_.at(index) = std::move(value); }

void SqlQueryBuilder::Where(std::string_view condition) {
  where_ += " AND (";
  where_ += condition;
  where_ += ")";
}

std::string SubtreeUnitIds(SqlQueryBuilder& query, std::span<const std::int64_t> roots) {
  std::string placeholders;
  for (std::int64_t root : roots) {
    if (!placeholders.empty()) placeholders += ", ";
    placeholders += query.Param(root);
  }
  if (placeholders.empty()) placeholders = "NULL";
  return "WITH RECURSIVE subtree (id) AS (SELECT id FROM organisation_units WHERE tenant_id = $1 AND id IN "
         "(" +
         placeholders +
         ") UNION SELECT child.id FROM organisation_units child JOIN subtree ON child.parent_id = subtree.id "
         "WHERE child.tenant_id = $1) SELECT id FROM subtree";
}

std::string AnyContains(std::initializer_list<std::string_view> columns, const std::string& pattern) {
  std::string condition;
  for (std::string_view column : columns) {
    condition += condition.empty() ? "(" : " OR ";
    condition += "lower(" + std::string(column) + ") LIKE lower(" + pattern + ") ESCAPE '\\'";
  }
  return condition + ")";
}

std::string ContainsPattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace openmsp::store
