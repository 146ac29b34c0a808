#pragma once

#include <string_view>

#include "core/result.h"
#include "domain/organisation_unit.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The columns of an organisation unit (table alias `ou`) in the order `UnitFromRow` reads them.
inline constexpr std::string_view kUnitColumns =
    "ou.id, ou.tenant_id, ou.parent_id, ou.name, ou.billing_legal_name, ou.billing_address, "
    "ou.billing_vat_number, ou.billing_email, ou.billing_cost_centre";

/// The unit in a row of `kUnitColumns`.
Result<domain::OrganisationUnit> UnitFromRow(const SqlRow& row);

}  // namespace openmsp::store
