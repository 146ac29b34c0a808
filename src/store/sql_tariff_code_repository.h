#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tariff code repository over either back end.
class SqlTariffCodeRepository final : public domain::TariffCodeRepository {
 public:
  /// Uses `connection` and stamps `created_at` from `clock`; both must outlive the repository.
  SqlTariffCodeRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TariffCodeRepository` documents them.
  Result<domain::TariffCode> Create(domain::TenantId tenant_id, const domain::NewTariffCode& code) override;
  Result<domain::TariffCode> FindById(domain::TenantId tenant_id, domain::TariffCodeId id) override;
  Result<domain::TariffCode> FindByCode(domain::TenantId tenant_id, std::string_view code) override;
  Result<std::vector<domain::TariffCode>> List(domain::TenantId tenant_id) override;

 private:
  // The codes of `tenant_id` (always `$1`) matching `where`, by id.
  Result<std::vector<domain::TariffCode>> Load(domain::TenantId tenant_id, std::string_view where,
                                               std::span<const SqlParam> params);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
