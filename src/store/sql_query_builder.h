#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql_connection.h"

namespace openmsp::store {

/// Builds the WHERE clause of a list query whose filters are optional, without ever splicing a value
/// into SQL: each value becomes the next parameter (`$3`, `$4`, …) and only present filters are added,
/// so no statement needs `$n IS NULL OR …`, whose parameter type PostgreSQL cannot infer. Internal to
/// src/store.
class SqlQueryBuilder {
 public:
  /// Starts with `params` already bound (`$1` the tenant id, by convention).
  explicit SqlQueryBuilder(std::vector<SqlParam> params);

  /// Binds `value` as the next parameter and returns its placeholder (`$4`).
  std::string Param(SqlParam value);

  /// Replaces the value of parameter `index` (0-based: `$1` is 0), e.g. a keyset position.
  void SetParam(std::size_t index, SqlParam value);

  /// Adds `condition`, joined to the others by AND.
  void Where(std::string_view condition);

  /// The conditions joined by AND (`1 = 1` when there are none).
  const std::string& where() const { return where_; }
  std::span<const SqlParam> params() const { return params_; }

 private:
  std::vector<SqlParam> params_;
  std::string where_ = "1 = 1";
};

/// A subquery (to follow `IN`) selecting the ids of `roots` and every unit below them, in tenant `$1`;
/// binds the roots as parameters of `query`. Roots that are not units of the tenant select nothing.
std::string SubtreeUnitIds(SqlQueryBuilder& query, std::span<const std::int64_t> roots);

/// `(lower(column) LIKE lower(pattern) ESCAPE '\' OR …)` over `columns`: a case-insensitive
/// substring match (ASCII on SQLite, Unicode case folding on PostgreSQL) of the parameter `pattern`
/// (a placeholder bound to a `ContainsPattern`).
std::string AnyContains(std::initializer_list<std::string_view> columns, const std::string& pattern);

/// A LIKE pattern (to be used with `ESCAPE '\'`) matching any text that contains `text`: `%`, `_` and
/// `\` in it are escaped, so they match themselves.
std::string ContainsPattern(std::string_view text);

}  // namespace openmsp::store
