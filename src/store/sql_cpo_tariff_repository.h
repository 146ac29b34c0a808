#pragma once

#include <optional>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The CPO tariff repository over either back end: one `cpo_tariffs` row per (tenant, CPO party, tariff
/// id), unique ignoring the id's ASCII case (an expression index on `upper(tariff_id)`), with the JSON it
/// was last received as. An upsert locks the tenant's row first, so concurrent PUTs of one tariff cannot
/// apply an older one over a newer one.
class SqlCpoTariffRepository final : public domain::CpoTariffRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlCpoTariffRepository(SqlConnection& connection);

  /// As `domain::CpoTariffRepository` documents them.
  Result<domain::UpsertOutcome> Upsert(domain::TenantId tenant_id, const domain::CpoTariff& tariff) override;
  Result<domain::CpoTariff> Find(domain::TenantId tenant_id, const domain::CpoTariffKey& key) override;
  Result<void> Delete(domain::TenantId tenant_id, const domain::CpoTariffKey& key) override;

 private:
  // The row of `key` with its id, or nothing.
  Result<std::optional<std::pair<std::int64_t, domain::CpoTariff>>> FindRow(domain::TenantId tenant_id,
                                                                           const domain::CpoTariffKey& key);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
