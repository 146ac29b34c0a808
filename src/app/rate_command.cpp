#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "app/command.h"
#include "app/operator_support.h"
#include "core/clock.h"
#include "rating/tenant_rater.h"
#include "store/database_url.h"

namespace openmsp::app {
namespace {

struct RateOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
};

// Rates every CPO CDR of the tenant that has no MSP CDR yet, in batches, then rates again those that
// need attention. What the rating job does, on demand (docs/rating.md).
Result<std::string> RateTenant(const RateOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(store::DatabaseUrl url, store::ParseDatabaseUrl(options.database.url));
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  const rating::RatingStores stores = rating::RatingStoresOf(repositories);
  // The MSP CDRs are stored through a connection of their own while the next batch is rated.
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories writing, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(const std::size_t rated,
                           rating::RateBacklog(stores, writing.msp_cdrs(), tenant.id));
  OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, tenant.id));
  OPENMSP_ASSIGN_OR_RETURN(const std::size_t released, rating::RerateNeedsAttention(rater, stores));
  return fmt::format("stored {} new MSP CDRs; {} that needed attention are now rated\n", rated, released);
}

}  // namespace

void RegisterRateCommand(CLI::App& app, CommandResult& exit_code) {
  auto options = std::make_shared<RateOptions>();
  CLI::App* rate = app.add_subcommand(
      "rate", "Rate a tenant's CPO CDRs that have no MSP CDR yet, and again those that need attention");
  CLI::Option* database =
      rate->add_option("--database", options->database.url, store::DatabaseSetting::Help());
  rate->add_option("--tenant", options->tenant, "The tenant's slug")->required();
  rate->callback([options, database, &exit_code] {
    RunAndReport("rate", *options, database->count() > 0, RateTenant, exit_code);
  });
}

}  // namespace openmsp::app
