#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "app/command.h"
#include "app/operator_support.h"
#include "core/clock.h"
#include "core/time_zone.h"
#include "rating/tenant_rater.h"
#include "rating/what_if.h"
#include "store/database_url.h"

namespace openmsp::app {
namespace {

struct RerateOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::int64_t plan_version = 0;
  std::string from;
  std::string to;
};

// UTC midnight of the ISO date in `text`; kInvalidArgument naming `option`.
Result<Instant> StartOfUtcDay(const std::string& text, const char* option) {
  Result<LocalDate> date = ParseIsoDate(text);
  if (!date) return Error{ErrorCode::kInvalidArgument, option, date.error().message};
  return TimeZone::Utc().ToInstant(LocalDateTime{.year = date->year, .month = date->month, .day = date->day},
                                   LocalTimeChoice::kReject);
}

Result<std::string> WhatIf(const RerateOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(const Instant from, StartOfUtcDay(options.from, "--from"));
  OPENMSP_ASSIGN_OR_RETURN(const Instant to, StartOfUtcDay(options.to, "--to"));
  if (!(from < to)) return Error{ErrorCode::kInvalidArgument, "--to", "must be a later date than --from"};
  OPENMSP_ASSIGN_OR_RETURN(store::DatabaseUrl url, store::ParseDatabaseUrl(options.database.url));
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  const rating::RatingStores stores = rating::RatingStoresOf(repositories);
  Result<domain::TariffPlanVersion> version =
      repositories.tariff_plans().FindVersion(tenant.id, domain::TariffPlanVersionId{options.plan_version});
  if (!version && version.error().code == ErrorCode::kNotFound) {
    return Error{ErrorCode::kNotFound, "--plan", version.error().message};
  }
  if (!version) return version.error();
  OPENMSP_ASSIGN_OR_RETURN(rating::WhatIfReport report,
                           rating::RerateWhatIf(stores, tenant.id, *std::move(version), from, to));
  OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, tenant.id));
  return rating::FormatWhatIfReport(report, rater.book());
}

}  // namespace

void RegisterRerateCommand(CLI::App& app, CommandResult& exit_code) {
  auto options = std::make_shared<RerateOptions>();
  CLI::App* rerate = app.add_subcommand(
      "rerate",
      "What-if: rate a period's CPO CDRs with a draft plan version and report the revenue and margin "
      "difference per location group and business partner group; nothing is stored");
  CLI::Option* database =
      rerate->add_option("--database", options->database.url, store::DatabaseSetting::Help());
  rerate->add_option("--tenant", options->tenant, "The tenant's slug")->required();
  rerate
      ->add_option("--plan", options->plan_version, "The id of the plan version to try (e.g. one scheduled)")
      ->required();
  rerate->add_option("--from", options->from, "First day (YYYY-MM-DD, from 00:00 UTC)")->required();
  rerate->add_option("--to", options->to, "Day after the last (YYYY-MM-DD, until 00:00 UTC)")->required();
  rerate->callback([options, database, &exit_code] {
    RunAndReport("rerate", *options, database->count() > 0, WhatIf, exit_code);
  });
}

}  // namespace openmsp::app
