#pragma once

#include <boost/json/array.hpp>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.h"
#include "core/csv_writer.h"

namespace openmsp::api {

/// The CSV export every list of the Control Centre API offers (docs/api.md, "CSV export"):
/// `GET <list>?format=csv` answers the whole list — the same filters and scope, from `after` when given,
/// to its end — as one streamed `text/csv` body. The pipeline walks the list's own pages through its own
/// handler, so an export shows exactly what the JSON pages show and memory stays flat at any length.
///
/// The columns come from the list's item schema, so that they cannot drift from the JSON: each property
/// is a column, in the schema's order; a property that is an object with `properties` of its own becomes
/// one column per member, named `property.member` (recursively).
struct CsvColumn {
  /// The header: `status`, `actor.kind`.
  std::string name;
  /// The members leading to the value in an item: {"actor", "kind"}.
  std::vector<std::string> path;
};

/// The columns of `route`'s export; nothing when `route` does not answer a list: a GET whose response
/// schema is an object with an `items` array of objects with `properties` (paged or not).
std::optional<std::vector<CsvColumn>> ExportColumns(const ApiRoute& route);

/// The header row of `columns`.
void WriteCsvHeader(std::span<const CsvColumn> columns, CsvWriter& csv);

/// One row per item (a JSON object as the list's handler answers it): a string as text, a number or a
/// boolean as JSON writes it, null or absent as an empty field, anything else (an array, an object
/// without columns of its own) as its compact JSON.
void WriteCsvRows(std::span<const CsvColumn> columns, const boost::json::array& items, CsvWriter& csv);

/// `query` (as `HttpRequest::query` holds it) without the parameters called one of `names`, the others
/// kept as they were sent and in order.
std::string QueryWithout(std::string_view query, std::initializer_list<std::string_view> names);

}  // namespace openmsp::api
