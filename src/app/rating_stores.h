#pragma once

#include <string>

#include "core/result.h"
#include "domain/tenant.h"
#include "rating/tenant_rater.h"
#include "store/repositories.h"

namespace openmsp::app {

/// The ports rating uses, on `repositories` (which must outlive them).
rating::RatingStores RatingStoresOf(store::Repositories& repositories);

/// The tenant `slug` names; kNotFound naming `--tenant` otherwise.
Result<domain::Tenant> TenantBySlug(store::Repositories& repositories, const std::string& slug);

}  // namespace openmsp::app
