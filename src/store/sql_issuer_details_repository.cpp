#include "store/sql_issuer_details_repository.h"

#include <string>
#include <vector>

#include "store/sql_support.h"

namespace openmsp::store {

using domain::IssuerDetails;
using domain::TenantId;

SqlIssuerDetailsRepository::SqlIssuerDetailsRepository(SqlConnection& connection) : connection_(connection) {}

Result<IssuerDetails> SqlIssuerDetailsRepository::Find(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT d.legal_name, d.address, d.vat_number FROM tenants t "
                        "LEFT JOIN tenant_issuer_details d ON d.tenant_id = t.id WHERE t.id = $1",
                        params));
  if (rows.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
  const SqlRow& row = rows.front();
  return IssuerDetails{.legal_name = TextOf(row[0]), .address = TextOf(row[1]), .vat_number = TextOf(row[2])};
}

Result<IssuerDetails> SqlIssuerDetailsRepository::Replace(TenantId tenant_id, const IssuerDetails& details) {
  OPENMSP_ASSIGN_OR_RETURN(IssuerDetails stored, domain::NormaliseIssuerDetails(details));
  OPENMSP_RETURN_IF_ERROR(InTransaction(connection_, [&]() -> Result<void> {
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked, connection_.Query(connection_.dialect().lock_tenant, tenant));
    if (locked.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_issuer_details WHERE tenant_id = $1", tenant));
    if (stored.empty()) return Ok();
    const SqlParam params[] = {tenant_id.value, stored.legal_name, stored.address, stored.vat_number};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO tenant_issuer_details (tenant_id, legal_name, address, vat_number) VALUES ($1, $2, $3, $4)",
        params));
    return Ok();
  }));
  return stored;
}

}  // namespace openmsp::store
