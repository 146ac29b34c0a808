#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/time.h"
#include "domain/invoice.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::BillingPeriod;
using domain::Permission;

// The longest span one request sums: three years of months.
constexpr int kMaxMonths = 36;

int MonthNumber(BillingPeriod month) { return month.year * 12 + month.month - 1; }

BillingPeriod MonthOf(int number) { return BillingPeriod{.year = number / 12, .month = number % 12 + 1}; }

Result<std::optional<BillingPeriod>> QueryMonth(const std::vector<http::QueryParameter>& query,
                                                std::string_view name) {
  const std::optional<std::string_view> text = http::FindQueryValue(query, name);
  if (!text) return std::optional<BillingPeriod>();
  Result<BillingPeriod> month = domain::ParseBillingPeriod(*text);
  if (!month) return InvalidArgument(std::string(name), "must be a month YYYY-MM, e.g. 2026-10");
  return std::optional<BillingPeriod>(*month);
}

boost::json::object MonthJson(const domain::MspCdrMonth& month, bool customer_price, bool purchase) {
  const auto shown = [](bool visible, const Decimal& amount) {
    return visible ? DecimalJson(amount) : boost::json::value(nullptr);
  };
  return boost::json::object{{"month", FormatBillingPeriod(month.month)},
                             {"currency", std::string(month.currency.code())},
                             {"sessions", month.sessions},
                             {"credits", month.credits},
                             {"needs_attention", month.needs_attention},
                             {"energy_kwh", DecimalJson(month.energy_kwh)},
                             {"revenue_excl_vat", shown(customer_price, month.revenue_excl_vat)},
                             {"revenue_incl_vat", shown(customer_price, month.revenue_incl_vat)},
                             {"cpo_cost", shown(purchase, month.cpo_cost)},
                             {"margin", shown(purchase, month.margin)}};
}

// Months of MSP CDRs in the caller's scope, by the rules of the CDR lists (docs/api.md, "Statistics").
Result<ApiReply> MonthlyStatistics(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"from", "to", "organisation_unit_id", "profile_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<BillingPeriod> from, QueryMonth(query, "from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<BillingPeriod> to, QueryMonth(query, "to"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, QueryId(query, "profile_id"));
  // Without bounds: the twelve months up to and including this one (UTC).
  const int this_month = MonthNumber(
      domain::ParseBillingPeriod(FormatOcpiDateTime(call.context.clock.Now()).substr(0, 7)).value());
  const int last = to ? MonthNumber(*to) : (from ? MonthNumber(*from) + 11 : this_month);
  const int first = from ? MonthNumber(*from) : last - 11;
  if (last < first) return InvalidArgument("to", "must not be before from");
  if (last - first + 1 > kMaxMonths) {
    return InvalidArgument("to", "is more than " + std::to_string(kMaxMonths) + " months after from");
  }
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope, ScopeOfList(call, Permission::kCdrsRead, unit_id, profile_id));
  bool customer_price = true;
  if (scope.profile) {
    OPENMSP_ASSIGN_OR_RETURN(domain::Profile profile,
                             call.db.profiles().FindById(who.tenant.id, *scope.profile));
    customer_price = SeesPricesOf(who, profile, Permission::kCdrsRead);
  }
  const bool purchase = who.HoldsAtRoot(Permission::kPricingRead);
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<domain::MspCdrMonth> months,
      call.db.msp_cdrs().Months(who.tenant.id, {.from = domain::PeriodStart(MonthOf(first)),
                                                .to = domain::PeriodEnd(MonthOf(last)),
                                                .organisation_unit_subtree = scope.unit,
                                                .profile_id = scope.profile}));
  boost::json::array items;
  for (const domain::MspCdrMonth& month : months) items.push_back(MonthJson(month, customer_price, purchase));
  return JsonReply(200, boost::json::object{{"items", std::move(items)},
                                            {"from", FormatBillingPeriod(MonthOf(first))},
                                            {"to", FormatBillingPeriod(MonthOf(last))}});
}

constexpr const char* kMonthSchema = R"json({"type": "object",
  "required": ["month", "currency", "sessions", "credits", "needs_attention", "energy_kwh", "revenue_excl_vat",
    "revenue_incl_vat", "cpo_cost", "margin"],
  "properties": {"month": {"type": "string", "description": "YYYY-MM, UTC, by session start"},
    "currency": {"type": "string"},
    "sessions": {"type": "integer", "description": "rated MSP CDRs, credits not counted"},
    "credits": {"type": "integer", "description": "rated credit MSP CDRs"},
    "needs_attention": {"type": "integer"},
    "energy_kwh": {"type": "string", "description": "of the rated sessions, as the CPOs stated it"},
    "revenue_excl_vat": {"type": ["string", "null"], "description": "null for a driver whose prices are hidden"},
    "revenue_incl_vat": {"type": ["string", "null"]},
    "cpo_cost": {"type": ["string", "null"], "description": "null without pricing.read at the root"},
    "margin": {"type": ["string", "null"]}}})json";

}  // namespace

std::vector<ApiRoute> StatisticsRoutes() {
  std::string answer = R"({"type": "object", "required": ["items", "from", "to"],
  "properties": {"from": {"type": "string"}, "to": {"type": "string"},
    "items": {"type": "array", "items": )" +
                       std::string(kMonthSchema) + "}}}";
  std::vector<ApiRoute> routes;
  routes.push_back(Route("statistics", "GET", "/statistics/monthly",
                         "Sessions, energy, revenue, CPO cost and margin per month and currency of the MSP "
                         "CDRs in your scope (query: from, to as YYYY-MM, ≤ 36 months; organisation_unit_id, "
                         "profile_id)",
                         Permission::kCdrsRead, "", std::move(answer), 200, MonthlyStatistics));
  return routes;
}

}  // namespace openmsp::api
