#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/msp_cdr.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The MSP CDR repository over either back end (tables `msp_cdrs`, `msp_cdr_lines` and
/// `msp_cdr_business_partner_groups`, docs/storage.md "MSP CDRs").
///
/// Every reference an MSP CDR holds (CPO CDR, cancelled MSP CDR, token, profile, units, location group,
/// plan version, business partner groups, tariff codes and rules of the lines) is a `(tenant_id, id)`
/// foreign key, so the schema itself refuses a reference to another tenant's row. Writes rely on those
/// keys instead of looking every reference up first; when one fails, the transaction is rolled back and
/// the references are looked up one by one to name the field (`token_id`, `lines[1].rule`, …) in the
/// kNotFound answer.
class SqlMspCdrRepository final : public domain::MspCdrRepository {
 public:
  /// Uses `connection`, which must outlive the repository; `clock` stamps `rated_at`.
  SqlMspCdrRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::MspCdrRepository` documents them.
  Result<domain::MspCdr> Record(const domain::NewMspCdr& cdr) override;
  Result<std::size_t> RecordMany(std::span<const domain::NewMspCdr> cdrs) override;
  Result<domain::MspCdr> FindById(domain::TenantId tenant_id, domain::MspCdrId id) override;
  Result<domain::MspCdr> FindByCpoCdr(domain::TenantId tenant_id, domain::CpoCdrId cpo_cdr_id) override;
  Result<domain::MspCdr> FindByCpoCdrKey(domain::TenantId tenant_id, const PartyId& cpo,
                                         std::string_view cdr_id) override;
  Result<std::vector<domain::MspCdr>> List(domain::TenantId tenant_id,
                                           const domain::MspCdrQuery& query) override;
  /// One grouped statement over the MSP CDRs of the period joined to their CPO CDRs (for the energy),
  /// summed exactly by the back end (SqlDialect::decimal_sum_open).
  Result<std::vector<domain::MspCdrMonth>> Months(domain::TenantId tenant_id,
                                                  const domain::MspCdrMonthsQuery& query) override;

 private:
  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
