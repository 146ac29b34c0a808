#pragma once

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tenant settings repository over either back end. Logos are kept as Base64 text, so both back ends
/// store them in a text column.
class SqlTenantSettingsRepository final : public domain::TenantSettingsRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlTenantSettingsRepository(SqlConnection& connection);

  /// As `domain::TenantSettingsRepository` documents them.
  Result<std::vector<domain::VatRate>> VatRates(domain::TenantId tenant_id) override;
  Result<void> ReplaceVatRates(domain::TenantId tenant_id, std::span<const domain::VatRate> rates) override;
  Result<std::optional<domain::Branding>> FindBranding(domain::TenantId tenant_id) override;
  Result<domain::Branding> SetBranding(domain::TenantId tenant_id, const domain::Branding& branding) override;
  Result<std::vector<std::string>> HostNames(domain::TenantId tenant_id) override;
  Result<std::vector<std::string>> ReplaceHostNames(domain::TenantId tenant_id,
                                                    std::span<const std::string> host_names) override;
  Result<domain::TenantId> FindTenantByHostName(std::string_view host_name) override;
  Result<std::vector<domain::ExchangeRate>> ExchangeRates(domain::TenantId tenant_id) override;
  Result<void> ReplaceExchangeRates(domain::TenantId tenant_id,
                                    std::span<const domain::ExchangeRate> rates) override;
  Result<domain::RatingSettings> RatingSettingsOf(domain::TenantId tenant_id) override;
  Result<void> SetRatingSettings(domain::TenantId tenant_id, const domain::RatingSettings& settings) override;

 private:
  Result<void> LockTenant(domain::TenantId tenant_id);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
