#include "store/sql_unit_rows.h"

#include <cstdint>

#include "store/sql_support.h"

namespace openmsp::store {

Result<domain::OrganisationUnit> UnitFromRow(const SqlRow& row) {
  domain::OrganisationUnit unit;
  OPENMSP_ASSIGN_OR_RETURN(unit.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(unit.tenant_id.value, ParseInteger(row[1]));
  if (row[2]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t parent, ParseInteger(row[2]));
    unit.parent_id = domain::OrganisationUnitId{parent};
  }
  unit.name = TextOf(row[3]);
  if (row[4]) {
    unit.billing = domain::BillingDetails{.legal_name = *row[4],
                                          .address = TextOf(row[5]),
                                          .vat_number = TextOf(row[6]),
                                          .email = TextOf(row[7]),
                                          .cost_centre = TextOf(row[8])};
  }
  return unit;
}

}  // namespace openmsp::store
