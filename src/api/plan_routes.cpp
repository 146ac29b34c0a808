#include <boost/json.hpp>
#include <chrono>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/representations.h"
#include "core/json.h"
#include "core/time.h"
#include "domain/msp_cdr.h"
#include "domain/rating_job.h"
#include "domain/tariff_plan.h"
#include "domain/tariff_plan_draft.h"
#include "rating/compiled_plan.h"
#include "rating/price_preview.h"
#include "rating/tenant_rater.h"
#include "rating/what_if.h"

namespace openmsp::api {
namespace {

using domain::NewTariffPlanDraft;
using domain::NewTariffPlanRule;
using domain::Permission;
using domain::TariffPlanDraft;
using domain::TariffPlanDraftId;
using domain::TariffPlanRule;
using domain::TariffPlanVersion;
using domain::TariffPlanVersionId;
using domain::Weekday;

// OCPI's DayOfWeek spelling, Monday first (as `Weekday` numbers them).
constexpr const char* kWeekdayNames[] = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                         "FRIDAY", "SATURDAY", "SUNDAY"};

const char* WeekdayName(Weekday day) { return kWeekdayNames[static_cast<int>(day) - 1]; }

// --- Representations --------------------------------------------------------------------------------

boost::json::value OptionalDateJson(const std::optional<LocalDate>& date) {
  return date ? boost::json::value(FormatIsoDate(*date)) : boost::json::value(nullptr);
}

boost::json::object RestrictionsJson(const domain::TariffRuleRestrictions& restrictions) {
  boost::json::array weekdays;
  for (Weekday day : restrictions.weekdays) weekdays.emplace_back(WeekdayName(day));
  boost::json::value window = nullptr;
  if (restrictions.time_of_day) {
    window = boost::json::object{{"start", domain::FormatTimeOfDay(restrictions.time_of_day->start)},
                                 {"end", domain::FormatTimeOfDay(restrictions.time_of_day->end)}};
  }
  return boost::json::object{{"time_of_day", std::move(window)},
                             {"weekdays", std::move(weekdays)},
                             {"min_power_kw", OptionalDecimalJson(restrictions.min_power_kw)},
                             {"max_power_kw", OptionalDecimalJson(restrictions.max_power_kw)},
                             {"valid_from_date", OptionalDateJson(restrictions.valid_from_date)},
                             {"valid_until_date", OptionalDateJson(restrictions.valid_until_date)}};
}

boost::json::object RuleJson(const TariffPlanRule& rule) {
  return boost::json::object{{"id", rule.id.value},
                             {"location_group_id", OptionalIdJson(rule.location_group)},
                             {"business_partner_group_id", OptionalIdJson(rule.business_partner_group)},
                             {"tariff_code_id", rule.tariff_code.value},
                             {"unit_price", DecimalJson(rule.unit_price)},
                             {"priority", rule.priority},
                             {"restrictions", RestrictionsJson(rule.restrictions)}};
}

boost::json::array RulesJson(const std::vector<TariffPlanRule>& rules) {
  boost::json::array items;
  for (const TariffPlanRule& rule : rules) items.push_back(RuleJson(rule));
  return items;
}

// Where a version stands at `now`: in force, scheduled (may still be withdrawn) or past.
const char* VersionStatus(const TariffPlanVersion& version, Instant now) {
  if (now < version.valid_from) return "scheduled";
  if (version.valid_until && *version.valid_until <= now) return "past";
  return "in_force";
}

boost::json::object VersionJson(const TariffPlanVersion& version, Instant now, bool with_rules) {
  boost::json::object out{
      {"id", version.id.value},
      {"status", VersionStatus(version, now)},
      {"valid_from", FormatOcpiDateTime(version.valid_from)},
      {"valid_until", version.valid_until ? boost::json::value(FormatOcpiDateTime(*version.valid_until))
                                          : boost::json::value(nullptr)},
      {"currency", std::string(version.currency.code())},
      {"min_session_price", OptionalDecimalJson(version.min_session_price)},
      {"max_session_price", OptionalDecimalJson(version.max_session_price)},
      {"rule_count", version.rules.size()},
      {"created_at", FormatOcpiDateTime(version.created_at)}};
  if (with_rules) out["rules"] = RulesJson(version.rules);
  return out;
}

boost::json::object DraftJson(const TariffPlanDraft& draft) {
  return boost::json::object{{"id", draft.id.value},
                             {"name", draft.name},
                             {"currency", std::string(draft.currency.code())},
                             {"min_session_price", OptionalDecimalJson(draft.min_session_price)},
                             {"max_session_price", OptionalDecimalJson(draft.max_session_price)},
                             {"rules", RulesJson(draft.rules)},
                             {"created_at", FormatOcpiDateTime(draft.created_at)},
                             {"updated_at", FormatOcpiDateTime(draft.updated_at)}};
}

// --- Reading a draft --------------------------------------------------------------------------------

// The API names a rule's references `…_id`; the domain and the store name them without.
Error ApiField(Error error) {
  for (const char* reference : {".location_group", ".business_partner_group", ".tariff_code"}) {
    if (error.field.starts_with("rules[") && error.field.ends_with(reference)) error.field += "_id";
  }
  return error;
}

Result<std::optional<std::int64_t>> OptionalId(const boost::json::object& object, std::string_view name,
                                               const std::string& field) {
  const boost::json::value* value = PresentMember(object, name);
  if (value == nullptr) return std::optional<std::int64_t>();
  Result<std::int64_t> id = IntegerOf(*value, field);
  if (!id || *id <= 0) return InvalidArgument(field, "must be a positive integer id");
  return std::optional<std::int64_t>(*id);
}

Result<std::string> StringMember(const boost::json::value& value, const std::string& field) {
  if (!value.is_string()) return InvalidArgument(field, "must be a string");
  return std::string(value.as_string());
}

Result<std::optional<Decimal>> OptionalDecimal(const boost::json::object& object, std::string_view name,
                                               const std::string& field) {
  const boost::json::value* value = PresentMember(object, name);
  if (value == nullptr) return std::optional<Decimal>();
  OPENMSP_ASSIGN_OR_RETURN(Decimal number, DecimalOf(*value, field));
  return std::optional<Decimal>(number);
}

Result<std::optional<LocalDate>> OptionalDate(const boost::json::object& object, std::string_view name,
                                              const std::string& field) {
  const boost::json::value* value = PresentMember(object, name);
  if (value == nullptr) return std::optional<LocalDate>();
  OPENMSP_ASSIGN_OR_RETURN(std::string text, StringMember(*value, field));
  Result<LocalDate> date = ParseIsoDate(text);
  if (!date) return InvalidArgument(field, "must be a date YYYY-MM-DD");
  return std::optional<LocalDate>(*date);
}

Result<domain::TariffRuleRestrictions> ReadRestrictions(const boost::json::value* value,
                                                        const std::string& field) {
  domain::TariffRuleRestrictions restrictions;
  if (value == nullptr || value->is_null()) return restrictions;
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object,
                           ObjectOf(*value, field,
                                    {"time_of_day", "weekdays", "min_power_kw", "max_power_kw",
                                     "valid_from_date", "valid_until_date"}));
  if (const boost::json::value* window = PresentMember(*object, "time_of_day")) {
    OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* times,
                             ObjectOf(*window, field + ".time_of_day", {"start", "end"}));
    domain::TimeOfDayWindow read;
    for (const char* end : {"start", "end"}) {
      const std::string end_field = field + ".time_of_day." + end;
      const boost::json::value* text = PresentMember(*times, end);
      if (text == nullptr) return InvalidArgument(end_field, "is required");
      OPENMSP_ASSIGN_OR_RETURN(std::string hhmm, StringMember(*text, end_field));
      Result<std::chrono::minutes> minutes = domain::ParseTimeOfDay(hhmm);
      if (!minutes) return InvalidArgument(end_field, "must be a time of day HH:MM");
      (std::string_view(end) == "start" ? read.start : read.end) = *minutes;
    }
    restrictions.time_of_day = read;
  }
  if (const boost::json::value* days = PresentMember(*object, "weekdays")) {
    if (!days->is_array()) return InvalidArgument(field + ".weekdays", "must be an array");
    const boost::json::array& array = days->as_array();
    if (array.size() > 7) return InvalidArgument(field + ".weekdays", "must have at most 7 items");
    for (std::size_t i = 0; i < array.size(); ++i) {
      const std::string day_field = field + ".weekdays[" + std::to_string(i) + "]";
      OPENMSP_ASSIGN_OR_RETURN(std::string name, StringMember(array[i], day_field));
      const auto* found = std::find(std::begin(kWeekdayNames), std::end(kWeekdayNames), name);
      if (found == std::end(kWeekdayNames)) return InvalidArgument(day_field, "must be MONDAY … SUNDAY");
      restrictions.weekdays.push_back(static_cast<Weekday>(found - std::begin(kWeekdayNames) + 1));
    }
  }
  OPENMSP_ASSIGN_OR_RETURN(restrictions.min_power_kw,
                           OptionalDecimal(*object, "min_power_kw", field + ".min_power_kw"));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.max_power_kw,
                           OptionalDecimal(*object, "max_power_kw", field + ".max_power_kw"));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.valid_from_date,
                           OptionalDate(*object, "valid_from_date", field + ".valid_from_date"));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.valid_until_date,
                           OptionalDate(*object, "valid_until_date", field + ".valid_until_date"));
  return restrictions;
}

Result<NewTariffPlanRule> ReadRule(const boost::json::value& value, const std::string& field) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object,
                           ObjectOf(value, field,
                                    {"location_group_id", "business_partner_group_id", "tariff_code_id",
                                     "unit_price", "priority", "restrictions"}));
  NewTariffPlanRule rule;
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> group,
                           OptionalId(*object, "location_group_id", field + ".location_group_id"));
  if (group) rule.location_group = domain::LocationGroupId{*group};
  OPENMSP_ASSIGN_OR_RETURN(
      std::optional<std::int64_t> partners,
      OptionalId(*object, "business_partner_group_id", field + ".business_partner_group_id"));
  if (partners) rule.business_partner_group = domain::BusinessPartnerGroupId{*partners};
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> code,
                           OptionalId(*object, "tariff_code_id", field + ".tariff_code_id"));
  if (!code) return InvalidArgument(field + ".tariff_code_id", "is required");
  rule.tariff_code = domain::TariffCodeId{*code};
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> price,
                           OptionalDecimal(*object, "unit_price", field + ".unit_price"));
  if (!price) return InvalidArgument(field + ".unit_price", "is required");
  rule.unit_price = *price;
  if (const boost::json::value* priority = PresentMember(*object, "priority")) {
    Result<std::int64_t> number = IntegerOf(*priority, field + ".priority");
    if (!number || *number < std::numeric_limits<std::int32_t>::min() ||
        *number > std::numeric_limits<std::int32_t>::max()) {
      return InvalidArgument(field + ".priority", "must be an integer from -2147483648 to 2147483647");
    }
    rule.priority = static_cast<std::int32_t>(*number);
  }
  OPENMSP_ASSIGN_OR_RETURN(rule.restrictions,
                           ReadRestrictions(object->if_contains("restrictions"), field + ".restrictions"));
  return rule;
}

// A draft's body, checked by the domain's rules (`ValidateNewTariffPlanDraft`).
Result<NewTariffPlanDraft> ReadDraft(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(request, {"name", "currency", "min_session_price",
                                                                   "max_session_price", "rules"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string name,
                           body.RequiredString("name", domain::kMaxTariffPlanDraftNameLength));
  OPENMSP_ASSIGN_OR_RETURN(std::string code, body.RequiredString("currency", 3));
  Result<Currency> currency = Currency::Find(code);
  if (!currency) return InvalidArgument("currency", "must be an ISO 4217 currency code such as EUR");
  NewTariffPlanDraft draft{.name = std::move(name),
                           .currency = *currency,
                           .min_session_price = std::nullopt,
                           .max_session_price = std::nullopt,
                           .rules = {}};
  for (const char* bound : {"min_session_price", "max_session_price"}) {
    const boost::json::value* value = body.Find(bound);
    if (value == nullptr || value->is_null()) continue;
    OPENMSP_ASSIGN_OR_RETURN(Decimal price, DecimalOf(*value, bound));
    (std::string_view(bound) == "min_session_price" ? draft.min_session_price : draft.max_session_price) =
        price;
  }
  const boost::json::value* rules = body.Find("rules");
  if (rules == nullptr || rules->is_null()) return InvalidArgument("rules", "is required");
  if (!rules->is_array()) return InvalidArgument("rules", "must be an array");
  if (rules->as_array().size() > domain::kMaxRulesPerVersion) {
    return InvalidArgument("rules", "a plan version may have at most 1000 rules");
  }
  for (std::size_t i = 0; i < rules->as_array().size(); ++i) {
    OPENMSP_ASSIGN_OR_RETURN(NewTariffPlanRule rule,
                             ReadRule(rules->as_array()[i], "rules[" + std::to_string(i) + "]"));
    draft.rules.push_back(std::move(rule));
  }
  if (Result<void> valid = domain::ValidateNewTariffPlanDraft(draft); !valid)
    return ApiField(std::move(valid).error());
  return draft;
}

// --- Path objects -----------------------------------------------------------------------------------

// The object of the path parameter `name` (pricing is tenant-wide: `permission` at the root), or the
// refusal for a malformed, missing or other tenant's id.
template <typename T, typename Find>
Result<T> PathObject(ApiCall& call, std::string_view name, Permission permission, Find find) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(permission));
  Result<std::int64_t> id = PathId(call.http, name);
  if (!id) return who.Refusal(permission).Nested(name);
  Result<T> found = find(*id);
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    return who.Refusal(permission).Nested(name);
  }
  return found;
}

Result<TariffPlanVersion> PathVersion(ApiCall& call, Permission permission) {
  return PathObject<TariffPlanVersion>(call, "version_id", permission, [&](std::int64_t id) {
    return call.db.tariff_plans().FindVersion(call.who().tenant.id, TariffPlanVersionId{id});
  });
}

Result<TariffPlanDraft> PathDraft(ApiCall& call, Permission permission) {
  return PathObject<TariffPlanDraft>(call, "draft_id", permission, [&](std::int64_t id) {
    return call.db.tariff_plan_drafts().Find(call.who().tenant.id, TariffPlanDraftId{id});
  });
}

// --- Plan and versions ------------------------------------------------------------------------------

Result<ApiReply> GetPlan(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(domain::TariffPlan plan, call.db.tariff_plans().Find(who.tenant.id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffPlanVersion> versions,
                           call.db.tariff_plans().ListVersions(who.tenant.id));
  const Instant now = call.context.clock.Now();
  boost::json::array items;
  // Newest first: the scheduled ones, the one in force, then the past.
  for (auto version = versions.rbegin(); version != versions.rend(); ++version) {
    items.push_back(VersionJson(*version, now, false));
  }
  return JsonReply(200, boost::json::object{{"id", plan.id.value},
                                            {"name", plan.name},
                                            {"created_at", FormatOcpiDateTime(plan.created_at)},
                                            {"versions", std::move(items)}});
}

Result<ApiReply> GetVersion(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanVersion version, PathVersion(call, Permission::kPricingRead));
  return JsonReply(200, VersionJson(version, call.context.clock.Now(), true));
}

Result<ApiReply> WithdrawVersion(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanVersion version, PathVersion(call, Permission::kPricingManage));
  const Instant now = call.context.clock.Now();
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tariff_plans().WithdrawScheduledVersion(who.tenant.id, version.id));
    return AuditOf(who.user, "tariff_plan_version.withdraw", "tariff_plan_version", version.id.value,
                   SerializeJson(VersionJson(version, now, true)), "", call.request_id);
  }));
  return ApiReply{.status = 204, .body = nullptr, .headers = {}, .raw = std::nullopt};
}

// --- Drafts -----------------------------------------------------------------------------------------

Result<ApiReply> ListDrafts(ApiCall& call) {
  OPENMSP_RETURN_IF_ERROR(call.who().AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffPlanDraft> drafts,
                           call.db.tariff_plan_drafts().List(call.who().tenant.id));
  boost::json::array items;
  for (const TariffPlanDraft& draft : drafts) items.push_back(DraftJson(draft));
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetDraft(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanDraft draft, PathDraft(call, Permission::kPricingRead));
  return JsonReply(200, DraftJson(draft));
}

Result<ApiReply> CreateDraft(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(NewTariffPlanDraft draft, ReadDraft(call.http));
  std::optional<TariffPlanDraft> created;
  Result<void> changed = call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created, tx.tariff_plan_drafts().Create(who.tenant.id, draft));
    return AuditOf(who.user, "tariff_plan_draft.create", "tariff_plan_draft", created->id.value, "",
                   SerializeJson(DraftJson(*created)), call.request_id);
  });
  if (!changed) return ApiField(std::move(changed).error());
  return JsonReply(201, DraftJson(*created));
}

Result<ApiReply> ReplaceDraft(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanDraft before, PathDraft(call, Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(NewTariffPlanDraft draft, ReadDraft(call.http));
  std::optional<TariffPlanDraft> replaced;
  Result<void> changed = call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(replaced, tx.tariff_plan_drafts().Replace(who.tenant.id, before.id, draft));
    return AuditOf(who.user, "tariff_plan_draft.update", "tariff_plan_draft", before.id.value,
                   SerializeJson(DraftJson(before)), SerializeJson(DraftJson(*replaced)), call.request_id);
  });
  if (!changed) return ApiField(std::move(changed).error());
  return JsonReply(200, DraftJson(*replaced));
}

Result<ApiReply> DeleteDraft(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanDraft before, PathDraft(call, Permission::kPricingManage));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tariff_plan_drafts().Delete(who.tenant.id, before.id));
    return AuditOf(who.user, "tariff_plan_draft.delete", "tariff_plan_draft", before.id.value,
                   SerializeJson(DraftJson(before)), "", call.request_id);
  }));
  return ApiReply{.status = 204, .body = nullptr, .headers = {}, .raw = std::nullopt};
}

// The name a plan is created with when a tenant publishes its first version through the API.
constexpr const char* kFirstPlanName = "Tariff plan";

Result<ApiReply> PublishDraft(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TariffPlanDraft draft, PathDraft(call, Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"valid_from"}));
  const Instant now = call.context.clock.Now();
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> given, body.OptionalInstant("valid_from"));
  const Instant valid_from = given.value_or(now);
  std::optional<TariffPlanVersion> published;
  Result<void> changed = call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    if (Result<domain::TariffPlan> plan = tx.tariff_plans().Find(who.tenant.id); !plan) {
      if (plan.error().code != ErrorCode::kNotFound) return std::move(plan).error();
      OPENMSP_RETURN_IF_ERROR(
          tx.tariff_plans().Create(who.tenant.id, domain::NewTariffPlan{.name = kFirstPlanName}));
    }
    OPENMSP_ASSIGN_OR_RETURN(
        published, tx.tariff_plans().AddVersion(
                       who.tenant.id, domain::VersionOfDraft(domain::ContentOfDraft(draft), valid_from)));
    OPENMSP_RETURN_IF_ERROR(tx.tariff_plan_drafts().Delete(who.tenant.id, draft.id));
    // A version in force now may price what waited for a plan (CDRs held for attention).
    OPENMSP_RETURN_IF_ERROR(
        domain::QueueRatingJob(tx.jobs(), domain::kRerateHeldCdrsJob, who.tenant.id, now));
    boost::json::object before = DraftJson(draft);
    before["draft_id"] = draft.id.value;
    return AuditOf(who.user, "tariff_plan_version.publish", "tariff_plan_version", published->id.value,
                   SerializeJson(before), SerializeJson(VersionJson(*published, now, true)), call.request_id);
  });
  if (!changed) return ApiField(std::move(changed).error());
  // Versions after it do not exist (a new version starts after the latest), so it is valid until further
  // notice, as stored.
  return JsonReply(201, VersionJson(*published, now, true));
}

// --- Price preview ----------------------------------------------------------------------------------

boost::json::object LineJson(const domain::MspCdrLine& line) {
  return boost::json::object{{"kind", domain::MspCdrLineKindName(line.kind)},
                             {"tariff_code_id", OptionalIdJson(line.tariff_code)},
                             {"rule_id", OptionalIdJson(line.rule)},
                             {"description", line.description},
                             {"unit", domain::TariffUnitName(line.unit)},
                             {"measured", DecimalJson(line.measured)},
                             {"quantity", DecimalJson(line.quantity)},
                             {"unit_price", DecimalJson(line.unit_price)},
                             {"amount", DecimalJson(line.amount)}};
}

boost::json::object EstimateJson(const rating::PriceEstimate& estimate, boost::json::object priced_with) {
  const domain::NewMspCdr& rating = estimate.rating;
  boost::json::array lines, not_included, assumptions, partner_groups;
  for (const domain::MspCdrLine& line : rating.lines) lines.push_back(LineJson(line));
  for (const rating::NotIncluded& part : estimate.not_included) {
    not_included.push_back(boost::json::object{{"tariff_code_id", part.tariff_code.value},
                                               {"rule_id", part.rule.value},
                                               {"unit_price", DecimalJson(part.unit_price)},
                                               {"detail", part.detail}});
  }
  for (const std::string& assumption : estimate.assumptions) assumptions.emplace_back(assumption);
  for (domain::BusinessPartnerGroupId group : rating.business_partner_groups)
    partner_groups.emplace_back(group.value);
  return boost::json::object{
      {"priced", estimate.Priced()},
      {"complete", estimate.Complete()},
      {"attention", rating.attention ? boost::json::value(domain::AttentionReasonName(*rating.attention))
                                     : boost::json::value(nullptr)},
      {"attention_detail", rating.attention_detail},
      {"priced_with", std::move(priced_with)},
      {"plan_version_id",
       OptionalIdJson(rating.plan_version_id && rating.plan_version_id->value != 0 ? rating.plan_version_id
                                                                                   : std::nullopt)},
      {"session_start", FormatOcpiDateTime(rating.session_start)},
      {"session_end", FormatOcpiDateTime(rating.session_end)},
      {"energy_kwh", DecimalJson(estimate.energy_kwh)},
      {"charging_minutes", std::chrono::duration_cast<std::chrono::minutes>(estimate.charging_time).count()},
      {"parking_minutes", std::chrono::duration_cast<std::chrono::minutes>(estimate.parking_time).count()},
      {"location_group_id", OptionalIdJson(rating.location_group_id)},
      {"business_partner_group_ids", std::move(partner_groups)},
      {"currency", std::string(rating.currency.code())},
      {"lines", std::move(lines)},
      {"total_excl_vat", DecimalJson(rating.total_excl_vat)},
      {"vat_percent", DecimalJson(rating.vat_percent)},
      {"vat_amount", DecimalJson(rating.vat_amount)},
      {"total_incl_vat", DecimalJson(rating.total_incl_vat)},
      {"not_included", std::move(not_included)},
      {"assumptions", std::move(assumptions)},
      {"explanation", rating.explanation}};
}

// A whole number of minutes (1 to 10,080 = 7 days; the tenant's own session limit applies after).
Result<std::optional<Duration>> Minutes(const JsonBody& body, std::string_view name, std::int64_t min) {
  const boost::json::value* value = body.Find(name);
  if (value == nullptr || value->is_null()) return std::optional<Duration>();
  Result<std::int64_t> minutes = IntegerOf(*value, name);
  if (!minutes || *minutes < min || *minutes > 10080) {
    return InvalidArgument(std::string(name),
                           "must be a whole number of minutes from " + std::to_string(min) + " to 10080");
  }
  return std::optional<Duration>(std::chrono::minutes(*minutes));
}

// The id member `name` when present; kInvalidArgument naming it when it is not a positive integer.
Result<std::optional<std::int64_t>> IdMember(const JsonBody& body, std::string_view name) {
  const boost::json::value* value = body.Find(name);
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  Result<std::int64_t> id = IntegerOf(*value, name);
  if (!id || *id <= 0) return InvalidArgument(std::string(name), "must be a positive integer id");
  return std::optional<std::int64_t>(*id);
}

Error NoSuch(std::string_view field, std::string_view what) {
  return Error{ErrorCode::kNotFound, std::string(field), "no such " + std::string(what) + " in this tenant"};
}

// The version a preview or a what-if prices with as if it were in force for any start: the stored version
// `version_id` or the draft `draft_id` of the body, with what the answer's `priced_with` says; nullopt
// when the body names neither.
struct ChosenVersion {
  TariffPlanVersion version;
  boost::json::object priced_with;
};

Result<std::optional<ChosenVersion>> ChooseVersion(ApiCall& call, const JsonBody& body) {
  const domain::TenantId tenant = call.who().tenant.id;
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> version_id, IdMember(body, "version_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> draft_id, IdMember(body, "draft_id"));
  if (version_id && draft_id)
    return InvalidArgument("draft_id", "give at most one of version_id and draft_id");
  if (version_id) {
    Result<TariffPlanVersion> version =
        call.db.tariff_plans().FindVersion(tenant, TariffPlanVersionId{*version_id});
    if (!version) {
      if (version.error().code != ErrorCode::kNotFound) return std::move(version).error();
      return NoSuch("version_id", "tariff plan version");
    }
    version->valid_from = kMinInstant;
    version->valid_until = std::nullopt;
    return std::optional<ChosenVersion>(
        ChosenVersion{*std::move(version), boost::json::object{{"kind", "version"}, {"id", *version_id}}});
  }
  if (draft_id) {
    Result<TariffPlanDraft> draft = call.db.tariff_plan_drafts().Find(tenant, TariffPlanDraftId{*draft_id});
    if (!draft) {
      if (draft.error().code != ErrorCode::kNotFound) return std::move(draft).error();
      return NoSuch("draft_id", "tariff plan draft");
    }
    return std::optional<ChosenVersion>(ChosenVersion{
        domain::DraftAsVersion(*draft), boost::json::object{{"kind", "draft"}, {"id", *draft_id}}});
  }
  return std::optional<ChosenVersion>();
}

Result<ApiReply> PreviewPrice(ApiCall& call) {
  const Principal& who = call.who();
  const domain::TenantId tenant = who.tenant.id;
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Read(call.http, {"profile_id", "token_id", "location_id", "evse_uid", "connector_id",
                                 "energy_kwh", "charging_minutes", "parking_minutes", "expected_cpo_cost",
                                 "start", "version_id", "draft_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, IdMember(body, "profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> token_id, IdMember(body, "token_id"));
  if (profile_id.has_value() == token_id.has_value()) {
    return InvalidArgument("profile_id", "give the customer as either profile_id or token_id");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_id, body.RequiredId("location_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::string evse_uid, body.RequiredString("evse_uid", 36));
  OPENMSP_ASSIGN_OR_RETURN(std::string connector_id, body.RequiredString("connector_id", 36));
  rating::ChargingIntent intent;
  if (const boost::json::value* energy = body.Find("energy_kwh"); energy != nullptr && !energy->is_null()) {
    OPENMSP_ASSIGN_OR_RETURN(intent.energy_kwh, DecimalOf(*energy, "energy_kwh"));
  }
  OPENMSP_ASSIGN_OR_RETURN(intent.charging_time, Minutes(body, "charging_minutes", 1));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Duration> parking, Minutes(body, "parking_minutes", 0));
  intent.parking_time = parking.value_or(Duration(0));
  if (const boost::json::value* cost = body.Find("expected_cpo_cost"); cost != nullptr && !cost->is_null()) {
    OPENMSP_ASSIGN_OR_RETURN(intent.expected_cpo_cost, DecimalOf(*cost, "expected_cpo_cost"));
  }
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> given_start, body.OptionalInstant("start"));
  const Instant start = given_start.value_or(call.context.clock.Now());

  const rating::RatingStores stores = rating::RatingStoresOf(call.db);
  OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, tenant));

  // The version to price with: as given (in force for any start, as a what-if has it), else the one in
  // force at `start` among those the rater loaded.
  OPENMSP_ASSIGN_OR_RETURN(std::optional<ChosenVersion> given, ChooseVersion(call, body));
  boost::json::object priced_with{{"kind", "in_force"}, {"id", nullptr}};
  std::optional<TariffPlanVersion> chosen;
  if (given) {
    chosen = std::move(given->version);
    priced_with = std::move(given->priced_with);
  }
  if (chosen) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::TariffCode> codes, call.db.tariff_codes().List(tenant));
    OPENMSP_ASSIGN_OR_RETURN(rating::CompiledPlanVersion compiled,
                             rating::CompiledPlanVersion::Compile(*std::move(chosen), codes));
    std::vector<rating::CompiledPlanVersion> only;
    only.push_back(std::move(compiled));
    rater.UsePlanVersions(std::move(only));
  }

  domain::TokenId token{0};
  if (token_id) {
    Result<domain::Token> found = call.db.tokens().FindById(tenant, domain::TokenId{*token_id});
    if (!found) {
      if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
      return NoSuch("token_id", "token");
    }
    token = found->id;
    profile_id = found->profile_id.value;
  }
  Result<rating::Customer> customer = rater.CustomerOfProfile(domain::ProfileId{*profile_id}, token);
  if (!customer) {
    if (customer.error().code != ErrorCode::kNotFound) return std::move(customer).error();
    return NoSuch("profile_id", "profile");
  }
  Result<domain::StoredLocation> location =
      call.db.locations().FindById(tenant, domain::LocationId{location_id});
  if (!location) {
    if (location.error().code != ErrorCode::kNotFound) return std::move(location).error();
    return NoSuch("location_id", "location");
  }
  OPENMSP_ASSIGN_OR_RETURN(rating::Place place, rater.PlaceOfConnector(*location, evse_uid, connector_id));

  const rating::PricePreviewRequest request{.customer = *std::move(customer),
                                            .place = std::move(place),
                                            .cpo = location->location.key.party,
                                            .start = start,
                                            .intent = std::move(intent),
                                            .explain = true};
  OPENMSP_ASSIGN_OR_RETURN(rating::PriceEstimate estimate, rating::PricePreview(request, rater.book()));
  return JsonReply(200, EstimateJson(estimate, std::move(priced_with)));
}

// --- What-if --------------------------------------------------------------------------------------

boost::json::object WhatIfTotalsJson(const rating::WhatIfTotals& totals) {
  return boost::json::object{{"cdrs", totals.cdrs},
                             {"held_now", totals.held_now},
                             {"held_draft", totals.held_draft},
                             {"revenue_now", DecimalJson(totals.revenue_now)},
                             {"revenue_draft", DecimalJson(totals.revenue_draft)},
                             {"revenue_difference", DecimalJson(totals.revenue_draft - totals.revenue_now)},
                             {"margin_now", DecimalJson(totals.margin_now)},
                             {"margin_draft", DecimalJson(totals.margin_draft)},
                             {"margin_difference", DecimalJson(totals.margin_draft - totals.margin_now)}};
}

// A what-if rates every CDR of its period twice in the request: a quarter at most.
constexpr auto kMaxWhatIfPeriod = std::chrono::days(93);

Result<ApiReply> WhatIf(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body,
                           JsonBody::Read(call.http, {"from", "to", "version_id", "draft_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> from, body.OptionalInstant("from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> to, body.OptionalInstant("to"));
  if (!from) return InvalidArgument("from", "is required: the start of the period of session starts");
  if (!to) return InvalidArgument("to", "is required: the end of the period (excluded)");
  if (*to <= *from) return InvalidArgument("to", "must be after from");
  if (*to - *from > kMaxWhatIfPeriod) {
    return InvalidArgument("to",
                           "is more than 93 days after from: a what-if rates every CDR of its period twice");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::optional<ChosenVersion> chosen, ChooseVersion(call, body));
  if (!chosen) return InvalidArgument("draft_id", "give the draft_id or version_id to compare with");
  const rating::RatingStores stores = rating::RatingStoresOf(call.db);
  OPENMSP_ASSIGN_OR_RETURN(
      rating::WhatIfReport report,
      rating::RerateWhatIf(stores, who.tenant.id, std::move(chosen->version), *from, *to));
  boost::json::array by_location_group;
  for (const auto& [group, totals] : report.by_location_group) {
    boost::json::object row = WhatIfTotalsJson(totals);
    row.emplace("location_group_id", group.value);
    by_location_group.push_back(std::move(row));
  }
  boost::json::array by_business_partner_group;
  for (const auto& [group, totals] : report.by_business_partner_group) {
    boost::json::object row = WhatIfTotalsJson(totals);
    row.emplace("business_partner_group_id",
                group ? boost::json::value(group->value) : boost::json::value(nullptr));
    by_business_partner_group.push_back(std::move(row));
  }
  return JsonReply(200,
                   boost::json::object{{"priced_with", std::move(chosen->priced_with)},
                                       {"from", FormatOcpiDateTime(*from)},
                                       {"to", FormatOcpiDateTime(*to)},
                                       {"total", WhatIfTotalsJson(report.total)},
                                       {"by_location_group", std::move(by_location_group)},
                                       {"by_business_partner_group", std::move(by_business_partner_group)},
                                       {"other_currency", report.other_currency}});
}

constexpr const char* kWhatIfTotalsProperties =
    R"("cdrs": {"type": "integer"}, "held_now": {"type": "integer"},
    "held_draft": {"type": "integer"}, "revenue_now": {"type": "string"}, "revenue_draft": {"type": "string"},
    "revenue_difference": {"type": "string"}, "margin_now": {"type": "string"}, "margin_draft": {"type": "string"},
    "margin_difference": {"type": "string"})";

std::string WhatIfSchema() {
  const std::string totals =
      std::string(R"({"type": "object", "properties": {)") + kWhatIfTotalsProperties + "}}";
  return std::string(
             R"({"type": "object", "required": ["priced_with", "from", "to", "total", "by_location_group",
    "by_business_partner_group", "other_currency"],
  "properties": {"priced_with": {"type": "object", "required": ["kind", "id"],
      "properties": {"kind": {"enum": ["version", "draft"]}, "id": {"type": "integer"}}},
    "from": {"type": "string"}, "to": {"type": "string"}, "total": )") +
         totals + R"(,
    "by_location_group": {"type": "array", "items": {"type": "object", "properties": {"location_group_id": {"type": "integer"}, )" +
         kWhatIfTotalsProperties + R"(}}},
    "by_business_partner_group": {"type": "array", "items": {"type": "object",
      "description": "a CDR counts in every group of its customer; business_partner_group_id null: in none",
      "properties": {"business_partner_group_id": {"type": ["integer", "null"]}, )" +
         kWhatIfTotalsProperties + R"(}}},
    "other_currency": {"type": "integer", "description": "CDRs rated now in another currency: in no sum"}}})";
}

constexpr const char* kWhatIfRequestSchema = R"({"type": "object", "required": ["from", "to"],
  "additionalProperties": false,
  "properties": {"from": {"type": "string", "description": "OCPI date-time"},
    "to": {"type": "string", "description": "at most 93 days after from"},
    "version_id": {"type": "integer"}, "draft_id": {"type": "integer"}}})";

// --- The route table --------------------------------------------------------------------------------

constexpr const char* kRestrictionsSchema = R"({"type": "object", "additionalProperties": false,
  "properties": {"time_of_day": {"type": ["object", "null"], "required": ["start", "end"],
      "properties": {"start": {"type": "string", "description": "HH:MM local"}, "end": {"type": "string"}}},
    "weekdays": {"type": "array", "items": {"enum": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
                                                     "SATURDAY", "SUNDAY"]}},
    "min_power_kw": {"type": ["number", "null"]}, "max_power_kw": {"type": ["number", "null"]},
    "valid_from_date": {"type": ["string", "null"]}, "valid_until_date": {"type": ["string", "null"]}}})";

std::string RuleRequestSchema() {
  return std::string(
             R"({"type": "object", "required": ["tariff_code_id", "unit_price"], "additionalProperties": false,
  "properties": {"location_group_id": {"type": ["integer", "null"]},
    "business_partner_group_id": {"type": ["integer", "null"]}, "tariff_code_id": {"type": "integer"},
    "unit_price": {"type": "number"}, "priority": {"type": "integer", "default": 0}, "restrictions": )") +
         kRestrictionsSchema + "}}";
}

std::string RuleSchema() {
  return std::string(R"({"type": "object",
  "required": ["id", "location_group_id", "business_partner_group_id", "tariff_code_id", "unit_price", "priority",
               "restrictions"],
  "properties": {"id": {"type": "integer"}, "location_group_id": {"type": ["integer", "null"]},
    "business_partner_group_id": {"type": ["integer", "null"]}, "tariff_code_id": {"type": "integer"},
    "unit_price": {"type": "number"}, "priority": {"type": "integer"}, "restrictions": )") +
         kRestrictionsSchema + "}}";
}

std::string VersionSchema(bool with_rules) {
  std::string schema = R"({"type": "object",
  "required": ["id", "status", "valid_from", "valid_until", "currency", "min_session_price", "max_session_price",
               "rule_count", "created_at")";
  schema += with_rules ? R"(, "rules"],)" : "],";
  schema += R"(
  "properties": {"id": {"type": "integer"}, "status": {"enum": ["in_force", "scheduled", "past"]},
    "valid_from": {"type": "string"}, "valid_until": {"type": ["string", "null"]}, "currency": {"type": "string"},
    "min_session_price": {"type": ["number", "null"]}, "max_session_price": {"type": ["number", "null"]},
    "rule_count": {"type": "integer"}, "created_at": {"type": "string"})";
  if (with_rules) schema += R"(, "rules": {"type": "array", "items": )" + RuleSchema() + "}";
  return schema + "}}";
}

std::string PlanSchema() {
  return std::string(R"({"type": "object", "required": ["id", "name", "created_at", "versions"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "created_at": {"type": "string"},
    "versions": {"type": "array", "items": )") +
         VersionSchema(false) + "}}}";
}

std::string DraftRequestSchema() {
  return std::string(
             R"({"type": "object", "required": ["name", "currency", "rules"], "additionalProperties": false,
  "properties": {"name": {"type": "string", "maxLength": 100}, "currency": {"type": "string", "description": "ISO 4217"},
    "min_session_price": {"type": ["number", "null"]}, "max_session_price": {"type": ["number", "null"]},
    "rules": {"type": "array", "minItems": 1, "maxItems": 1000, "items": )") +
         RuleRequestSchema() + "}}}";
}

std::string DraftSchema() {
  return std::string(R"({"type": "object",
  "required": ["id", "name", "currency", "min_session_price", "max_session_price", "rules", "created_at", "updated_at"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "currency": {"type": "string"},
    "min_session_price": {"type": ["number", "null"]}, "max_session_price": {"type": ["number", "null"]},
    "created_at": {"type": "string"}, "updated_at": {"type": "string"},
    "rules": {"type": "array", "items": )") +
         RuleSchema() + "}}}";
}

constexpr const char* kPublishSchema = R"({"type": "object", "additionalProperties": false,
  "properties": {"valid_from": {"type": "string", "description": "OCPI DateTime; default now"}}})";

constexpr const char* kPreviewRequestSchema = R"({"type": "object",
  "required": ["location_id", "evse_uid", "connector_id"], "additionalProperties": false,
  "properties": {"profile_id": {"type": "integer"}, "token_id": {"type": "integer"},
    "location_id": {"type": "integer"}, "evse_uid": {"type": "string"}, "connector_id": {"type": "string"},
    "energy_kwh": {"type": "number"}, "charging_minutes": {"type": "integer"},
    "parking_minutes": {"type": "integer", "default": 0}, "expected_cpo_cost": {"type": "number"},
    "start": {"type": "string", "description": "OCPI DateTime; default now"},
    "version_id": {"type": "integer"}, "draft_id": {"type": "integer"}}})";

constexpr const char* kPreviewSchema = R"({"type": "object",
  "required": ["priced", "complete", "attention", "attention_detail", "priced_with", "plan_version_id",
               "session_start", "session_end", "energy_kwh", "charging_minutes", "parking_minutes",
               "location_group_id", "business_partner_group_ids", "currency", "lines", "total_excl_vat",
               "vat_percent", "vat_amount", "total_incl_vat", "not_included", "assumptions", "explanation"],
  "properties": {"priced": {"type": "boolean"}, "complete": {"type": "boolean"},
    "attention": {"type": ["string", "null"]}, "attention_detail": {"type": "string"},
    "priced_with": {"type": "object", "required": ["kind", "id"],
      "properties": {"kind": {"enum": ["in_force", "version", "draft"]}, "id": {"type": ["integer", "null"]}}},
    "plan_version_id": {"type": ["integer", "null"]}, "session_start": {"type": "string"},
    "session_end": {"type": "string"}, "energy_kwh": {"type": "number"}, "charging_minutes": {"type": "integer"},
    "parking_minutes": {"type": "integer"}, "location_group_id": {"type": ["integer", "null"]},
    "business_partner_group_ids": {"type": "array", "items": {"type": "integer"}}, "currency": {"type": "string"},
    "lines": {"type": "array", "items": {"type": "object",
      "required": ["kind", "tariff_code_id", "rule_id", "description", "unit", "measured", "quantity", "unit_price",
                   "amount"],
      "properties": {"kind": {"type": "string"}, "tariff_code_id": {"type": ["integer", "null"]},
        "rule_id": {"type": ["integer", "null"]}, "description": {"type": "string"}, "unit": {"type": "string"},
        "measured": {"type": "number"}, "quantity": {"type": "number"}, "unit_price": {"type": "number"},
        "amount": {"type": "number"}}}},
    "total_excl_vat": {"type": "number"}, "vat_percent": {"type": "number"}, "vat_amount": {"type": "number"},
    "total_incl_vat": {"type": "number"},
    "not_included": {"type": "array", "items": {"type": "object",
      "required": ["tariff_code_id", "rule_id", "unit_price", "detail"],
      "properties": {"tariff_code_id": {"type": "integer"}, "rule_id": {"type": "integer"},
        "unit_price": {"type": "number"}, "detail": {"type": "string"}}}},
    "assumptions": {"type": "array", "items": {"type": "string"}}, "explanation": {"type": "string"}}})";

// A draft of 1000 rules with every restriction is about 400 KiB.
constexpr std::size_t kMaxDraftBytes = 512 * 1024;

}  // namespace

std::vector<ApiRoute> PlanRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      Route("tariff-plan", "GET", "/tariff-plan",
            "The tenant's tariff plan with its versions, newest first, each scheduled, in force or past",
            Permission::kPricingRead, "", PlanSchema(), 200, GetPlan));
  routes.push_back(Route("tariff-plan", "GET", "/tariff-plan/versions/{version_id}",
                         "One plan version with its rules", Permission::kPricingRead, "", VersionSchema(true),
                         200, GetVersion));
  routes.push_back(Route("tariff-plan", "DELETE", "/tariff-plan/versions/{version_id}",
                         "Withdraws a scheduled version (not yet in force); a version in force never changes",
                         Permission::kPricingManage, "", "", 204, WithdrawVersion));
  routes.push_back(Route("tariff-plan", "GET", "/tariff-plan/drafts",
                         "The tenant's plan drafts with their rules", Permission::kPricingRead, "",
                         ItemsSchema(DraftSchema()), 200, ListDrafts));
  routes.push_back(Route("tariff-plan", "GET", "/tariff-plan/drafts/{draft_id}",
                         "One plan draft with its rules", Permission::kPricingRead, "", DraftSchema(), 200,
                         GetDraft));
  routes.push_back(Route("tariff-plan", "POST", "/tariff-plan/drafts",
                         "Creates a plan draft (a version being prepared: currency, session bounds, rules)",
                         Permission::kPricingManage, DraftRequestSchema(), DraftSchema(), 201, CreateDraft,
                         kMaxDraftBytes));
  routes.push_back(Route("tariff-plan", "PUT", "/tariff-plan/drafts/{draft_id}",
                         "Replaces a plan draft whole", Permission::kPricingManage, DraftRequestSchema(),
                         DraftSchema(), 200, ReplaceDraft, kMaxDraftBytes));
  routes.push_back(Route("tariff-plan", "DELETE", "/tariff-plan/drafts/{draft_id}", "Deletes a plan draft",
                         Permission::kPricingManage, "", "", 204, DeleteDraft));
  routes.push_back(
      Route("tariff-plan", "POST", "/tariff-plan/drafts/{draft_id}/publish",
            "Publishes a draft as a new plan version from valid_from (now or later; default now) and "
            "deletes the draft",
            Permission::kPricingManage, kPublishSchema, VersionSchema(true), 201, PublishDraft));
  routes.push_back(
      Route("tariff-plan", "POST", "/price-preview",
            "What a customer (profile or token) would pay at a connector for energy_kwh and/or "
            "charging_minutes from start, rated by the engine that rates CDRs, with its explanation; "
            "against the version in force then, or a version_id or draft_id given",
            Permission::kPricingRead, kPreviewRequestSchema, kPreviewSchema, 200, PreviewPrice));
  routes.push_back(
      Route("tariff-plan", "POST", "/tariff-plan/what-if",
            "Re-rates the CDRs of a period (at most 93 days) with a draft or version as if it were "
            "in force, storing nothing: revenue and margin now and with it, in total, per location "
            "group and per business partner group",
            Permission::kPricingRead, kWhatIfRequestSchema, WhatIfSchema(), 200, WhatIf));
  return routes;
}

}  // namespace openmsp::api
