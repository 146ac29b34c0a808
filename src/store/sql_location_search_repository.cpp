#include <string>
#include <utility>
#include <vector>

#include "store/sql_location_repository.h"
#include "store/sql_query_builder.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::LocationSearch;
using domain::LocationSearchPage;
using domain::StoredLocation;
using domain::TenantId;

Result<LocationSearchPage> SqlLocationRepository::Search(TenantId tenant_id, const LocationSearch& search) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateLocationSearch(search));
  // $1 is the tenant (`Load` filters on it), $2 the keyset position, moved on batch by batch below.
  SqlQueryBuilder query({tenant_id.value, search.after.value});
  query.Where("l.id > $2");
  if (!search.text.empty()) {
    const std::string pattern = query.Param(ContainsPattern(search.text));
    query.Where(
        AnyContains({"l.name", "l.address", "l.city", "l.location_id"}, pattern) +
        " OR EXISTS (SELECT 1 FROM evses e WHERE e.tenant_id = l.tenant_id AND e.location_row_id = l.id "
        "AND " +
        AnyContains({"e.evse_id", "e.evse_id_canonical"}, pattern) + ")");
  }
  if (search.country) {
    query.Where("l.country = " + query.Param(std::string(search.country->alpha3)));
  }
  if (search.cpo) {
    query.Where("l.country_code = " + query.Param(std::string(search.cpo->country_code())) +
                " AND l.party_id = " + query.Param(std::string(search.cpo->party_id())));
  }
  if (search.min_power_kw) {
    // `domain::MaxPowerKw` in watts: the stated power, else volts × amperes × phases; NUMERIC so that
    // no product overflows on PostgreSQL.
    query.Where(
        "EXISTS (SELECT 1 FROM evses e JOIN connectors c ON c.tenant_id = e.tenant_id AND c.evse_row_id = "
        "e.id "
        "WHERE e.tenant_id = l.tenant_id AND e.location_row_id = l.id AND e.status <> 'REMOVED' AND "
        "COALESCE(CAST(c.max_electric_power AS NUMERIC), CAST(c.max_voltage AS NUMERIC) * c.max_amperage * "
        "CASE c.power_type WHEN 'AC_3_PHASE' THEN 3 WHEN 'AC_2_PHASE' THEN 2 WHEN 'AC_2_PHASE_SPLIT' THEN 2 "
        "ELSE 1 END) >= " +
        query.Param(domain::MinimumWatts(*search.min_power_kw)) + ")");
  }
  if (search.near) {
    const domain::GeoBox box = domain::BoxAround(*search.near);
    query.Where("CAST(l.latitude AS NUMERIC) BETWEEN " + query.Param(box.min_latitude) + " AND " +
                query.Param(box.max_latitude));
    if (box.min_longitude && box.max_longitude) {
      query.Where("CAST(l.longitude AS NUMERIC) BETWEEN " + query.Param(*box.min_longitude) + " AND " +
                  query.Param(*box.max_longitude));
    }
  }
  // One more than a page tells whether there is a next one. Without `near` one batch decides; with it,
  // the exact distance check may drop rows of the box, so batches continue until the page is full or the
  // box is exhausted.
  const auto batch = static_cast<std::int64_t>(search.limit + 1);
  const std::string limit = " LIMIT " + query.Param(batch);
  std::vector<StoredLocation> found;
  while (found.size() <= search.limit) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredLocation> rows,
                             Load(query.where(), query.params(), limit, true));
    for (StoredLocation& row : rows) {
      if (search.near && !domain::IsWithin(row.location.coordinates, *search.near)) continue;
      found.push_back(std::move(row));
      if (found.size() > search.limit) break;
    }
    if (rows.size() < static_cast<std::size_t>(batch) || !search.near) break;
    query.SetParam(1, rows.back().id.value);
  }
  LocationSearchPage page;
  if (found.size() > search.limit) {
    found.erase(found.begin() + static_cast<std::ptrdiff_t>(search.limit), found.end());
    page.next = found.back().id;
  }
  page.locations = std::move(found);
  return page;
}

}  // namespace openmsp::store
