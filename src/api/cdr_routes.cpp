#include <boost/json.hpp>
#include <utility>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/json.h"
#include "http/query.h"
#include "rating/tenant_rater.h"

namespace openmsp::api {
namespace {

using domain::AttentionReason;
using domain::CpoCdr;
using domain::CpoCdrId;
using domain::MspCdr;
using domain::MspCdrId;
using domain::OrganisationUnitId;
using domain::Permission;
using domain::ProfileId;

// --- Representations --------------------------------------------------------------------------------

// What a caller sees of a CDR's money (docs/api.md, "CDRs"): a driver of a profile that hides prices sees
// no customer price; only the MSP's own staff (pricing.read at the root) see what the MSP pays the CPO
// and earns — the CPO's cost, the exchange rate, the margin, the cost audit and the CPO CDR's body.
struct CdrView {
  bool customer_price = true;
  bool purchase = true;
};

const CdrView kFullView{};

boost::json::value Shown(bool shown, boost::json::value value) { return shown ? std::move(value) : nullptr; }

// A CPO CDR as received: the fields read from it, and with `body` the body byte for byte.
boost::json::object CpoCdrJson(const CpoCdr& cdr, bool with_body, const CdrView& view) {
  boost::json::object json{
      {"id", cdr.id.value},
      {"cpo", cdr.cpo.ToString()},
      {"cdr_id", cdr.cdr_id},
      {"start_date_time", FormatOcpiDateTime(cdr.start_date_time)},
      {"end_date_time", FormatOcpiDateTime(cdr.end_date_time)},
      {"currency", std::string(cdr.currency.code())},
      {"total_cost",
       Shown(view.purchase, boost::json::object{{"excl_vat", DecimalJson(cdr.total_cost_excl_vat)},
                                                {"incl_vat", OptionalDecimalJson(cdr.total_cost_incl_vat)}})},
      {"total_energy", DecimalJson(cdr.total_energy)},
      {"total_time", DecimalJson(cdr.total_time)},
      {"token", boost::json::object{{"uid", cdr.token_uid},
                                    {"type", std::string(domain::TokenTypeName(cdr.token_type))},
                                    {"contract_id", cdr.contract_id}}},
      {"location_id", cdr.location_id},
      {"evse_uid", cdr.evse_uid},
      {"last_updated", FormatOcpiDateTime(cdr.last_updated)},
      {"organisation_unit_id", OptionalIdJson(cdr.organisation_unit_id)},
      {"received_at", FormatOcpiDateTime(cdr.received_at)},
      {"body_sha256", cdr.body_sha256}};
  if (with_body) json["body"] = Shown(view.purchase, boost::json::value(cdr.body));
  return json;
}

// An MSP CDR without its lines and explanation (what a list shows).
boost::json::object MspCdrJson(const MspCdr& cdr, const CdrView& view) {
  const domain::NewMspCdr& r = cdr.rating;
  boost::json::array groups;
  for (const domain::BusinessPartnerGroupId& group : r.business_partner_groups)
    groups.emplace_back(group.value);
  boost::json::value attention = nullptr;
  if (r.attention) {
    attention = boost::json::object{{"reason", std::string(domain::AttentionReasonName(*r.attention))},
                                    {"detail", r.attention_detail}};
  }
  boost::json::value audit = nullptr;
  if (r.cost_audit) {
    audit =
        boost::json::object{{"recomputed_cost_excl_vat", DecimalJson(r.cost_audit->recomputed_cost_excl_vat)},
                            {"difference", DecimalJson(r.cost_audit->difference)},
                            {"discrepancy", r.cost_audit->discrepancy}};
  }
  return boost::json::object{
      {"id", cdr.id.value},
      {"cpo_cdr_id", r.cpo_cdr_id.value},
      {"cpo", r.cpo.ToString()},
      {"session_start", FormatOcpiDateTime(r.session_start)},
      {"session_end", FormatOcpiDateTime(r.session_end)},
      {"rated_at", FormatOcpiDateTime(cdr.rated_at)},
      {"needs_attention", cdr.NeedsAttention()},
      {"attention", std::move(attention)},
      {"token_id", OptionalIdJson(r.token_id)},
      {"profile_id", OptionalIdJson(r.profile_id)},
      {"organisation_unit_id", OptionalIdJson(r.organisation_unit_id)},
      {"billing_unit_id", OptionalIdJson(r.billing_unit_id)},
      {"business_partner_groups", std::move(groups)},
      {"location_group_id", OptionalIdJson(r.location_group_id)},
      {"plan_version_id", OptionalIdJson(r.plan_version_id)},
      {"currency", std::string(r.currency.code())},
      {"total_excl_vat", Shown(view.customer_price, DecimalJson(r.total_excl_vat))},
      {"vat_percent", DecimalJson(r.vat_percent)},
      {"vat_country",
       r.vat_country ? boost::json::value(std::string(r.vat_country->alpha2)) : boost::json::value(nullptr)},
      {"vat_amount", Shown(view.customer_price, DecimalJson(r.vat_amount))},
      {"total_incl_vat", Shown(view.customer_price, DecimalJson(r.total_incl_vat))},
      {"cpo_currency", std::string(r.cpo_currency.code())},
      {"cpo_cost_excl_vat", Shown(view.purchase, DecimalJson(r.cpo_cost_excl_vat))},
      {"exchange_rate", Shown(view.purchase, OptionalDecimalJson(r.exchange_rate))},
      {"cpo_cost", Shown(view.purchase, DecimalJson(r.cpo_cost))},
      {"margin", Shown(view.purchase, DecimalJson(r.margin))},
      {"credit_of", OptionalIdJson(r.credit_of)},
      {"cost_audit", Shown(view.purchase, std::move(audit))}};
}

boost::json::object LineJson(const domain::MspCdrLine& line, const CdrView& view) {
  return boost::json::object{{"kind", std::string(domain::MspCdrLineKindName(line.kind))},
                             {"tariff_code_id", OptionalIdJson(line.tariff_code)},
                             {"rule_id", OptionalIdJson(line.rule)},
                             {"unit", std::string(domain::TariffUnitName(line.unit))},
                             {"measured", DecimalJson(line.measured)},
                             {"quantity", DecimalJson(line.quantity)},
                             {"unit_price", Shown(view.customer_price, DecimalJson(line.unit_price))},
                             {"amount", Shown(view.customer_price, DecimalJson(line.amount))},
                             {"description", line.description}};
}

// An MSP CDR with why it costs what it costs (lines, explanation) beside the CPO CDR it was rated from.
// The explanation tells prices, so a caller who sees none gets none.
boost::json::object MspCdrDetailJson(const MspCdr& cdr, const CpoCdr& cpo_cdr, const CdrView& view) {
  boost::json::object json = MspCdrJson(cdr, view);
  boost::json::array lines;
  for (const domain::MspCdrLine& line : cdr.rating.lines) lines.push_back(LineJson(line, view));
  json["lines"] = std::move(lines);
  json["explanation"] = Shown(view.customer_price, boost::json::value(cdr.rating.explanation));
  json["cpo_cdr"] = CpoCdrJson(cpo_cdr, /*with_body=*/false, view);
  return json;
}

// --- Cursors ----------------------------------------------------------------------------------------
// Both CDR lists page by (session start, id); a cursor names the list and its order and holds both.

constexpr std::string_view kCpoCdrOrder = "cpo_cdrs:oldest";
constexpr PageCursorValueKind kCdrCursorShape[] = {PageCursorValueKind::kInstant,
                                                   PageCursorValueKind::kInteger};

PageCursor CdrCursor(std::string_view order, Instant start, std::int64_t id) {
  return PageCursor{.list = std::string(order), .position = {start, id}};
}

std::pair<Instant, std::int64_t> CdrPosition(const PageCursor& cursor) {
  return {std::get<Instant>(cursor.position[0]), std::get<std::int64_t>(cursor.position[1])};
}

// --- Query parameters -------------------------------------------------------------------------------

Result<std::optional<PartyId>> QueryCpo(const std::vector<http::QueryParameter>& query) {
  const std::optional<std::string_view> text = http::FindQueryValue(query, "cpo");
  if (!text) return std::optional<PartyId>();
  Result<PartyId> cpo = PartyId::Parse(*text);
  if (!cpo) return cpo.error().Nested("cpo");
  return std::optional<PartyId>(*cpo);
}

// --- Object checks ----------------------------------------------------------------------------------

// THE check of a CDR: cdrs.read at its customer's unit (and, for a driver, only its own profile); a CDR
// not yet attributed to a customer (its token unknown) only for a caller holding cdrs.read tenant-wide.
Result<void> AuthorizeCdr(const Principal& who, std::optional<OrganisationUnitId> unit,
                          std::optional<ProfileId> profile) {
  if (!unit) return who.AuthorizeAtRoot(Permission::kCdrsRead);
  return who.Authorize(Permission::kCdrsRead, {.organisation_unit = unit, .profile = profile});
}

// What `who` sees of the CDRs of `profile` (none: a CDR of no known customer).
Result<CdrView> ViewOf(ApiCall& call, std::optional<ProfileId> profile) {
  const Principal& who = call.who();
  CdrView view{.customer_price = true, .purchase = who.HoldsAtRoot(Permission::kPricingRead)};
  if (profile) {
    OPENMSP_ASSIGN_OR_RETURN(domain::Profile owner, call.db.profiles().FindById(who.tenant.id, *profile));
    view.customer_price = SeesPricesOf(who, owner, Permission::kCdrsRead);
  }
  return view;
}

// The MSP CDR of the path, found for `permission`: missing, another tenant's and a malformed id alike
// are the refusal naming `msp_cdr_id`.
Result<MspCdr> FindPathMspCdr(ApiCall& call, Permission permission) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "msp_cdr_id");
  if (!id) return who.Refusal(permission).Nested("msp_cdr_id");
  Result<MspCdr> cdr = call.db.msp_cdrs().FindById(who.tenant.id, MspCdrId{*id});
  if (!cdr) {
    if (cdr.error().code != ErrorCode::kNotFound) return std::move(cdr).error();
    return who.Refusal(permission).Nested("msp_cdr_id");
  }
  return cdr;
}

// --- CPO CDRs ---------------------------------------------------------------------------------------

Result<ApiReply> ListCpoCdrs(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"organisation_unit_id", "cpo", "from", "to", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<PartyId> cpo, QueryCpo(query));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> from, QueryInstant(query, "from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> to, QueryInstant(query, "to"));
  OPENMSP_ASSIGN_OR_RETURN(CursorPageQuery page,
                           ReadCursorPageQuery(query, kCpoCdrOrder, kCdrCursorShape,
                                               static_cast<std::size_t>(domain::CpoCdrQuery::kMaxLimit)));
  std::optional<domain::CpoCdrCursor> after;
  if (page.after) {
    const auto [start, id] = CdrPosition(*page.after);
    after = domain::CpoCdrCursor{.start_date_time = start, .id = CpoCdrId{id}};
  }
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope, ScopeOfList(call, Permission::kCdrsRead, unit_id, std::nullopt));
  if (scope.profile) {
    // A CPO CDR carries the unit its token had on arrival, not a profile: a driver's CDRs are listed as
    // its MSP CDRs, each of which links the CPO CDR it came from.
    return Error{ErrorCode::kPermissionDenied, "",
                 "CPO CDRs are listed by organisation unit; list your own CDRs with GET /msp-cdrs"};
  }
  const domain::CpoCdrQuery list{.from = from,
                                 .to = to,
                                 .organisation_unit_id = std::nullopt,
                                 .after = after,
                                 .limit = static_cast<int>(page.limit),
                                 .organisation_unit_subtree = scope.unit,
                                 .cpo = cpo};
  OPENMSP_ASSIGN_OR_RETURN(domain::CpoCdrPage found, call.db.cpo_cdrs().List(who.tenant.id, list));
  OPENMSP_ASSIGN_OR_RETURN(const CdrView view, ViewOf(call, std::nullopt));
  boost::json::array items;
  for (const CpoCdr& cdr : found.cdrs) items.push_back(CpoCdrJson(cdr, /*with_body=*/false, view));
  std::optional<PageCursor> next;
  if (found.next) next = CdrCursor(kCpoCdrOrder, found.next->start_date_time, found.next->id.value);
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object answer, CursorPageJson(std::move(items), next));
  return JsonReply(200, std::move(answer));
}

Result<ApiReply> GetCpoCdr(ApiCall& call) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "cpo_cdr_id");
  if (!id) return who.Refusal(Permission::kCdrsRead).Nested("cpo_cdr_id");
  Result<CpoCdr> cdr = call.db.cpo_cdrs().FindById(who.tenant.id, CpoCdrId{*id});
  if (!cdr) {
    if (cdr.error().code != ErrorCode::kNotFound) return std::move(cdr).error();
    return who.Refusal(Permission::kCdrsRead).Nested("cpo_cdr_id");
  }
  // The customer is its MSP CDR's once rated (a token added later attributes it), else the unit its
  // token had on arrival.
  Result<MspCdr> rated = call.db.msp_cdrs().FindByCpoCdr(who.tenant.id, cdr->id);
  if (!rated && rated.error().code != ErrorCode::kNotFound) return std::move(rated).error();
  std::optional<OrganisationUnitId> unit = cdr->organisation_unit_id;
  std::optional<ProfileId> profile;
  if (rated && rated->rating.organisation_unit_id) {
    unit = rated->rating.organisation_unit_id;
    profile = rated->rating.profile_id;
  }
  if (Result<void> allowed = AuthorizeCdr(who, unit, profile); !allowed) {
    return allowed.error().Nested("cpo_cdr_id");
  }
  OPENMSP_ASSIGN_OR_RETURN(const CdrView view, ViewOf(call, profile));
  boost::json::object json = CpoCdrJson(*cdr, /*with_body=*/true, view);
  json["msp_cdr_id"] = rated ? boost::json::value(rated->id.value) : boost::json::value(nullptr);
  return JsonReply(200, std::move(json));
}

// --- MSP CDRs ---------------------------------------------------------------------------------------

Result<ApiReply> ListMspCdrs(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"organisation_unit_id", "profile_id", "cpo", "currency", "from",
                                          "to", "needs_attention", "reason", "order", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, QueryId(query, "profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<PartyId> cpo, QueryCpo(query));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> from, QueryInstant(query, "from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> to, QueryInstant(query, "to"));
  std::optional<Currency> currency;
  if (std::optional<std::string_view> code = http::FindQueryValue(query, "currency")) {
    Result<Currency> found = Currency::Find(*code);
    if (!found) return found.error().field.empty() ? found.error().Nested("currency") : found.error();
    currency = *found;
  }
  std::optional<bool> needs_attention;
  if (std::optional<std::string_view> flag = http::FindQueryValue(query, "needs_attention")) {
    if (*flag != "true" && *flag != "false")
      return InvalidArgument("needs_attention", "must be true or false");
    needs_attention = *flag == "true";
  }
  std::optional<AttentionReason> reason;
  if (std::optional<std::string_view> name = http::FindQueryValue(query, "reason")) {
    Result<AttentionReason> parsed = domain::ParseAttentionReason(*name);
    if (!parsed) return parsed.error().Nested("reason");
    reason = *parsed;
  }
  const std::string_view order = http::FindQueryValue(query, "order").value_or("newest");
  if (order != "newest" && order != "oldest") return InvalidArgument("order", "must be newest or oldest");
  const std::string_view list_order = order == "newest" ? "msp_cdrs:newest" : "msp_cdrs:oldest";
  OPENMSP_ASSIGN_OR_RETURN(CursorPageQuery page,
                           ReadCursorPageQuery(query, list_order, kCdrCursorShape, domain::kMaxListLimit));
  std::optional<std::pair<Instant, MspCdrId>> after;
  if (page.after) {
    const auto [start, id] = CdrPosition(*page.after);
    after = std::pair{start, MspCdrId{id}};
  }
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope, ScopeOfList(call, Permission::kCdrsRead, unit_id, profile_id));
  // One more than the page, to know whether another follows.
  const domain::MspCdrQuery list{.from = from,
                                 .to = to,
                                 .needs_attention = needs_attention,
                                 .reason = reason,
                                 .after = after,
                                 .limit = static_cast<int>(page.limit) + 1,
                                 .newest_first = order == "newest",
                                 .organisation_unit_subtree = scope.unit,
                                 .profile_id = scope.profile,
                                 .cpo = cpo,
                                 .currency = currency};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<MspCdr> found, call.db.msp_cdrs().List(who.tenant.id, list));
  std::optional<PageCursor> next;
  if (found.size() > page.limit) {
    found.erase(found.begin() + static_cast<std::ptrdiff_t>(page.limit), found.end());
    next = CdrCursor(list_order, found.back().rating.session_start, found.back().id.value);
  }
  // A list of several profiles is a reader's at a unit or above, who sees their prices.
  OPENMSP_ASSIGN_OR_RETURN(const CdrView view, ViewOf(call, scope.profile));
  boost::json::array items;
  for (const MspCdr& cdr : found) items.push_back(MspCdrJson(cdr, view));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object answer, CursorPageJson(std::move(items), next));
  return JsonReply(200, std::move(answer));
}

Result<ApiReply> GetMspCdr(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(MspCdr cdr, FindPathMspCdr(call, Permission::kCdrsRead));
  if (Result<void> allowed = AuthorizeCdr(who, cdr.rating.organisation_unit_id, cdr.rating.profile_id);
      !allowed) {
    return allowed.error().Nested("msp_cdr_id");
  }
  OPENMSP_ASSIGN_OR_RETURN(CpoCdr cpo_cdr, call.db.cpo_cdrs().FindById(who.tenant.id, cdr.rating.cpo_cdr_id));
  OPENMSP_ASSIGN_OR_RETURN(const CdrView view, ViewOf(call, cdr.rating.profile_id));
  return JsonReply(200, MspCdrDetailJson(cdr, cpo_cdr, view));
}

// --- Re-rating --------------------------------------------------------------------------------------
// Runs in the request, in one transaction with its audit entry, on the request's connection: what the
// `cdr.rerate_held` job does (rating::RerateNeedsAttention) with the tenant's book as it is now.

Result<ApiReply> RerateHeld(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  std::optional<AttentionReason> reason;
  if (!call.http.body.empty()) {
    OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"reason"}));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> name, body.OptionalString("reason", 40));
    if (name) {
      Result<AttentionReason> parsed = domain::ParseAttentionReason(*name);
      if (!parsed) return parsed.error().Nested("reason");
      reason = *parsed;
    }
  }
  std::size_t rated = 0;
  boost::json::object outcome;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    const rating::RatingStores stores = rating::RatingStoresOf(tx);
    OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, who.tenant.id));
    OPENMSP_ASSIGN_OR_RETURN(rated, rating::RerateNeedsAttention(rater, stores, reason));
    outcome = boost::json::object{
        {"reason", reason ? boost::json::value(std::string(domain::AttentionReasonName(*reason)))
                          : boost::json::value(nullptr)},
        {"rated", rated}};
    return AuditOf(who.user, "msp_cdr.rerate", "tenant", who.tenant.id.value, "", SerializeJson(outcome),
                   call.request_id);
  }));
  return JsonReply(200, std::move(outcome));
}

Result<ApiReply> RerateOne(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(MspCdr held, FindPathMspCdr(call, Permission::kPricingManage));
  if (!held.NeedsAttention()) {
    return Error{ErrorCode::kFailedPrecondition, "msp_cdr_id",
                 "is rated, and a rated MSP CDR never changes (a correction comes as a credit CDR)"};
  }
  std::optional<MspCdr> after;
  std::optional<CpoCdr> cpo_cdr;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    const rating::RatingStores stores = rating::RatingStoresOf(tx);
    OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, who.tenant.id));
    OPENMSP_ASSIGN_OR_RETURN(cpo_cdr, stores.cpo_cdrs.FindById(who.tenant.id, held.rating.cpo_cdr_id));
    OPENMSP_ASSIGN_OR_RETURN(domain::NewMspCdr again, rater.Rate(*cpo_cdr));
    // Stored again only when something changed (as RerateNeedsAttention does): rated now, or held for
    // another reason.
    if (!again.attention || again.attention != held.rating.attention ||
        again.attention_detail != held.rating.attention_detail) {
      OPENMSP_ASSIGN_OR_RETURN(after, stores.msp_cdrs.Record(again));
    } else {
      after = held;
    }
    return AuditOf(who.user, "msp_cdr.rerate", "msp_cdr", held.id.value,
                   SerializeJson(MspCdrJson(held, kFullView)), SerializeJson(MspCdrJson(*after, kFullView)),
                   call.request_id);
  }));
  return JsonReply(200, MspCdrDetailJson(*after, *cpo_cdr, kFullView));
}

// --- Schemas ----------------------------------------------------------------------------------------

constexpr const char* kCpoCdrSchema = R"({"type": "object",
  "required": ["id", "cpo", "cdr_id", "start_date_time", "end_date_time", "currency", "total_cost", "total_energy",
    "total_time", "token", "location_id", "evse_uid", "last_updated", "organisation_unit_id", "received_at",
    "body_sha256"],
  "properties": {"id": {"type": "integer"}, "cpo": {"type": "string"}, "cdr_id": {"type": "string"},
    "start_date_time": {"type": "string"}, "end_date_time": {"type": "string"}, "currency": {"type": "string"},
    "total_cost": {"type": ["object", "null"], "required": ["excl_vat", "incl_vat"],
      "description": "null without pricing.read at the root",
      "properties": {"excl_vat": {"type": "string"}, "incl_vat": {"type": ["string", "null"]}}},
    "total_energy": {"type": "string"}, "total_time": {"type": "string"},
    "token": {"type": "object", "required": ["uid", "type", "contract_id"],
      "properties": {"uid": {"type": "string"}, "type": {"type": "string"}, "contract_id": {"type": "string"}}},
    "location_id": {"type": "string"}, "evse_uid": {"type": "string"}, "last_updated": {"type": "string"},
    "organisation_unit_id": {"type": ["integer", "null"]}, "received_at": {"type": "string"},
    "body_sha256": {"type": "string"}}})";

// `base` (an object schema) with the members `properties` (a JSON object of schemas) added, all required.
std::string Extended(const char* base, const char* properties) {
  boost::json::object schema = boost::json::parse(base).as_object();
  boost::json::array& required = schema["required"].as_array();
  const boost::json::value added = boost::json::parse(properties);
  for (const auto& [name, property] : added.as_object()) {
    schema["properties"].as_object()[name] = property;
    required.emplace_back(name);
  }
  return SerializeJson(schema);
}

constexpr const char* kMspCdrSchema = R"({"type": "object",
  "required": ["id", "cpo_cdr_id", "cpo", "session_start", "session_end", "rated_at", "needs_attention", "attention",
    "token_id", "profile_id", "organisation_unit_id", "billing_unit_id", "business_partner_groups",
    "location_group_id", "plan_version_id", "currency", "total_excl_vat", "vat_percent", "vat_country",
    "vat_amount", "total_incl_vat", "cpo_currency", "cpo_cost_excl_vat", "exchange_rate", "cpo_cost", "margin",
    "credit_of", "cost_audit"],
  "properties": {"id": {"type": "integer"}, "cpo_cdr_id": {"type": "integer"}, "cpo": {"type": "string"},
    "session_start": {"type": "string"}, "session_end": {"type": "string"}, "rated_at": {"type": "string"},
    "needs_attention": {"type": "boolean"},
    "attention": {"type": ["object", "null"], "required": ["reason", "detail"],
      "properties": {"reason": {"enum": ["UNREADABLE_CDR", "UNKNOWN_TOKEN", "UNKNOWN_TIME_ZONE", "NO_PLAN_VERSION",
        "NO_MATCHING_RULE", "NO_EXCHANGE_RATE", "NO_VAT_RATE", "UNKNOWN_CREDIT_REFERENCE", "END_BEFORE_START",
        "ENERGY_OUT_OF_RANGE", "DURATION_TOO_LONG", "TOTALS_INCONSISTENT", "IN_FUTURE"]},
        "detail": {"type": "string"}}},
    "token_id": {"type": ["integer", "null"]}, "profile_id": {"type": ["integer", "null"]},
    "organisation_unit_id": {"type": ["integer", "null"]}, "billing_unit_id": {"type": ["integer", "null"]},
    "business_partner_groups": {"type": "array", "items": {"type": "integer"}},
    "location_group_id": {"type": ["integer", "null"]}, "plan_version_id": {"type": ["integer", "null"]},
    "currency": {"type": "string"},
    "total_excl_vat": {"type": ["string", "null"], "description": "null for a driver whose prices are hidden"},
    "vat_percent": {"type": "string"}, "vat_country": {"type": ["string", "null"]},
    "vat_amount": {"type": ["string", "null"]}, "total_incl_vat": {"type": ["string", "null"]},
    "cpo_currency": {"type": "string"},
    "cpo_cost_excl_vat": {"type": ["string", "null"], "description": "null without pricing.read at the root"},
    "exchange_rate": {"type": ["string", "null"]}, "cpo_cost": {"type": ["string", "null"]},
    "margin": {"type": ["string", "null"]}, "credit_of": {"type": ["integer", "null"]},
    "cost_audit": {"type": ["object", "null"], "required": ["recomputed_cost_excl_vat", "difference", "discrepancy"],
      "properties": {"recomputed_cost_excl_vat": {"type": "string"}, "difference": {"type": "string"},
        "discrepancy": {"type": "boolean"}}}}})";

constexpr const char* kCpoCdrDetailMembers =
    R"({"body": {"type": ["string", "null"], "description": "null without pricing.read at the root"},
  "msp_cdr_id": {"type": ["integer", "null"]}})";

constexpr const char* kMspCdrDetailMembers = R"({"lines": {"type": "array", "items": {"type": "object",
    "required": ["kind", "tariff_code_id", "rule_id", "unit", "measured", "quantity", "unit_price", "amount",
      "description"],
    "properties": {"kind": {"enum": ["RULE", "MINIMUM_PRICE", "MAXIMUM_PRICE"]},
      "tariff_code_id": {"type": ["integer", "null"]}, "rule_id": {"type": ["integer", "null"]},
      "unit": {"type": "string"}, "measured": {"type": "string"}, "quantity": {"type": "string"},
      "unit_price": {"type": ["string", "null"]}, "amount": {"type": ["string", "null"]},
      "description": {"type": "string"}}}},
  "explanation": {"type": ["string", "null"]}, "cpo_cdr": {"type": "object"}})";

}  // namespace

std::vector<ApiRoute> CdrRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("cdrs", "GET", "/cpo-cdrs",
                         "The CPO CDRs as received, of the units in your scope, oldest first (query: "
                         "organisation_unit_id, cpo, from, to, after, limit ≤ 100)",
                         Permission::kCdrsRead, "", PageSchema(kCpoCdrSchema), 200, ListCpoCdrs));
  routes.push_back(Route("cdrs", "GET", "/cpo-cdrs/{cpo_cdr_id}",
                         "One CPO CDR in your scope, with its body as received and its MSP CDR's id",
                         Permission::kCdrsRead, "", Extended(kCpoCdrSchema, kCpoCdrDetailMembers), 200,
                         GetCpoCdr));
  routes.push_back(
      Route("cdrs", "GET", "/msp-cdrs",
            "The MSP CDRs in your scope, newest first (query: organisation_unit_id, profile_id, cpo, "
            "currency, from, to, needs_attention, reason, order, after, limit ≤ 100)",
            Permission::kCdrsRead, "", PageSchema(kMspCdrSchema), 200, ListMspCdrs));
  routes.push_back(
      Route("cdrs", "GET", "/msp-cdrs/{msp_cdr_id}",
            "One MSP CDR in your scope with its lines, the explanation of its rating and the CPO "
            "CDR it was rated from",
            Permission::kCdrsRead, "", Extended(kMspCdrSchema, kMspCdrDetailMembers), 200, GetMspCdr));
  routes.push_back(
      Route("cdrs", "POST", "/msp-cdrs/rerate",
            "Rates again now every MSP CDR needing attention (or those of one reason); pricing.manage "
            "on the whole tenant",
            Permission::kPricingManage, R"({"type": "object", "additionalProperties": false,
      "properties": {"reason": {"type": "string"}}})",
            R"({"type": "object", "required": ["reason", "rated"],
      "properties": {"reason": {"type": ["string", "null"]}, "rated": {"type": "integer"}}})",
            200, RerateHeld));
  routes.push_back(Route("cdrs", "POST", "/msp-cdrs/{msp_cdr_id}/rerate",
                         "Rates again now one MSP CDR needing attention; pricing.manage on the whole tenant",
                         Permission::kPricingManage, "", Extended(kMspCdrSchema, kMspCdrDetailMembers), 200,
                         RerateOne));
  return routes;
}

}  // namespace openmsp::api
