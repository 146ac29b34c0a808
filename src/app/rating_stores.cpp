#include "app/rating_stores.h"

namespace openmsp::app {

rating::RatingStores RatingStoresOf(store::Repositories& repositories) {
  return rating::RatingStores{.tokens = repositories.tokens(),
                              .profiles = repositories.profiles(),
                              .organisation_units = repositories.organisation_units(),
                              .business_partner_groups = repositories.business_partner_groups(),
                              .locations = repositories.locations(),
                              .location_groups = repositories.location_groups(),
                              .tariff_codes = repositories.tariff_codes(),
                              .tariff_plans = repositories.tariff_plans(),
                              .tenant_settings = repositories.tenant_settings(),
                              .cpo_cdrs = repositories.cpo_cdrs(),
                              .msp_cdrs = repositories.msp_cdrs()};
}

Result<domain::Tenant> TenantBySlug(store::Repositories& repositories, const std::string& slug) {
  Result<domain::Tenant> tenant = repositories.tenants().FindBySlug(slug);
  if (!tenant && tenant.error().code == ErrorCode::kNotFound) {
    return Error{ErrorCode::kNotFound, "--tenant", "no tenant has the slug " + slug};
  }
  return tenant;
}

}  // namespace openmsp::app
