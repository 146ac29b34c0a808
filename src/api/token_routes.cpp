#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <functional>
#include <utility>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/json.h"
#include "domain/list_queries.h"
#include "domain/token_import.h"
#include "domain/token_issue.h"
#include "emsp/token_push.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Permission;
using domain::Profile;
using domain::ProfileId;
using domain::Token;
using domain::TokenId;
using domain::TokenStatus;

Result<Profile> PathProfile(ApiCall& call, Permission permission) {
  Result<std::int64_t> id = PathId(call.http, "profile_id");
  if (!id) return call.who().Refusal(permission).Nested("profile_id");
  return ProfileFor(call, *id, permission, "profile_id");
}

// The token of the path when the principal may do `permission` on it: the check is made on the token's
// profile (its unit, and a driver's own profile).
Result<Token> PathToken(ApiCall& call, Permission permission) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "token_id");
  if (!id) return who.Refusal(permission).Nested("token_id");
  Result<Token> token = call.db.tokens().FindById(who.tenant.id, TokenId{*id});
  if (!token) {
    if (token.error().code != ErrorCode::kNotFound) return std::move(token).error();
    return who.Refusal(permission).Nested("token_id");
  }
  Result<Profile> profile = ProfileFor(call, token->profile_id.value, permission, "token_id");
  if (!profile) return std::move(profile).error();
  return token;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// ---- Profiles ----

Result<ApiReply> ListProfiles(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"organisation_unit_id", "q", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::kMaxListLimit));
  const std::string text(http::FindQueryValue(query, "q").value_or(""));
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope,
                           ScopeOfList(call, Permission::kProfilesRead, unit_id, std::nullopt));
  domain::ProfileListQuery list{
      .organisation_unit = scope.unit, .text = text, .after = ProfileId{page.after}, .limit = page.limit};
  if (Result<void> valid = domain::ValidateProfileListQuery(list); !valid) return std::move(valid).error();
  boost::json::array items;
  if (scope.profile) {
    // A driver sees its own profile only.
    OPENMSP_ASSIGN_OR_RETURN(Profile own, call.db.profiles().FindById(who.tenant.id, *scope.profile));
    const std::string needle = Lower(text);
    if (own.id.value > page.after && (needle.empty() || Lower(own.name).find(needle) != std::string::npos ||
                                      Lower(own.email).find(needle) != std::string::npos)) {
      items.push_back(ProfileJson(own));
    }
    return JsonReply(200, PageJson(std::move(items), std::nullopt));
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::ProfilePage found, call.db.profiles().List(who.tenant.id, list));
  for (const Profile& profile : found.profiles) items.push_back(ProfileJson(profile));
  return JsonReply(200, PageJson(std::move(items),
                                 found.next ? std::optional<std::int64_t>(found.next->value) : std::nullopt));
}

Result<ApiReply> GetProfile(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Profile profile, PathProfile(call, Permission::kProfilesRead));
  return JsonReply(200, ProfileJson(profile));
}

Result<ApiReply> CreateProfile(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"organisation_unit_id", "name", "kind",
                                                                     "email", "prices_hidden"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", 200));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> kind_name, body.OptionalString("kind", 16));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> email, body.OptionalString("email", 254));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<bool> prices_hidden, body.OptionalBool("prices_hidden"));
  domain::ProfileKind kind = domain::ProfileKind::kDriver;
  if (kind_name) {
    Result<domain::ProfileKind> parsed = domain::ParseProfileKind(*kind_name);
    if (!parsed) return parsed.error().Nested("kind");
    kind = *parsed;
  }
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit_id, body.RequiredId("organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit,
                           UnitFor(who, unit_id, Permission::kProfilesManage, "organisation_unit_id"));
  Profile created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(
        created, tx.profiles().Create(who.tenant.id,
                                      domain::NewProfile{.organisation_unit_id = unit.id,
                                                         .name = name,
                                                         .kind = kind,
                                                         .email = email.value_or(""),
                                                         .prices_hidden = prices_hidden.value_or(false)}));
    return AuditOf(who.user, "profile.create", "profile", created.id.value, "",
                   SerializeJson(ProfileJson(created)), call.request_id);
  }));
  return JsonReply(201, ProfileJson(created));
}

Result<ApiReply> UpdateProfile(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(Profile before, PathProfile(call, Permission::kProfilesManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body,
                           JsonBody::Read(call.http, {"name", "kind", "email", "prices_hidden"}));
  domain::ProfileChanges changes;
  OPENMSP_ASSIGN_OR_RETURN(changes.name, body.OptionalString("name", 200));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> kind_name, body.OptionalString("kind", 16));
  if (kind_name) {
    Result<domain::ProfileKind> parsed = domain::ParseProfileKind(*kind_name);
    if (!parsed) return parsed.error().Nested("kind");
    changes.kind = *parsed;
  }
  // An e-mail address of null (or "") clears it.
  if (body.IsNull("email")) {
    changes.email = std::string();
  } else if (const boost::json::value* email = body.Find("email");
             email != nullptr && email->is_string() && email->as_string().empty()) {
    changes.email = std::string();
  } else {
    OPENMSP_ASSIGN_OR_RETURN(changes.email, body.OptionalString("email", 254));
  }
  OPENMSP_ASSIGN_OR_RETURN(changes.prices_hidden, body.OptionalBool("prices_hidden"));
  if (!changes.name && !changes.kind && !changes.email && !changes.prices_hidden) {
    return InvalidArgument("body", "give at least one of name, kind, email, prices_hidden");
  }
  Profile after;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(after, tx.profiles().Update(who.tenant.id, before.id, changes));
    return AuditOf(who.user, "profile.update", "profile", after.id.value, SerializeJson(ProfileJson(before)),
                   SerializeJson(ProfileJson(after)), call.request_id);
  }));
  return JsonReply(200, ProfileJson(after));
}

// ---- Tokens ----

// Runs `change` (which returns the changed token) in one transaction with its audit entry and the pushes
// of the token to every CPO that takes them, then tells `tokens_changed`.
Result<Token> ChangeToken(ApiCall& call, std::string action, const Token* before,
                          const std::function<Result<Token>(store::Repositories&)>& change) {
  const Principal& who = call.who();
  std::optional<Token> after;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(Token changed_token, change(tx));
    after = std::move(changed_token);
    OPENMSP_RETURN_IF_ERROR(
        emsp::QueueTokenPushes(tx.peers(), tx.jobs(), who.tenant.id, after->id, call.context.clock.Now()));
    return AuditOf(who.user, std::move(action), "token", after->id.value,
                   before != nullptr ? SerializeJson(TokenJson(*before)) : "",
                   SerializeJson(TokenJson(*after)), call.request_id);
  }));
  if (call.context.tokens_changed) call.context.tokens_changed();
  return *std::move(after);
}

Result<ApiReply> ListTokens(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<http::QueryParameter> query,
      QueryOf(call, {"organisation_unit_id", "profile_id", "status", "q", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, QueryId(query, "profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::kMaxListLimit));
  std::optional<TokenStatus> status;
  if (std::optional<std::string_view> name = http::FindQueryValue(query, "status")) {
    Result<TokenStatus> parsed = domain::ParseTokenStatus(*name);
    if (!parsed) return parsed.error().Nested("status");
    status = *parsed;
  }
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope, ScopeOfList(call, Permission::kTokensRead, unit_id, profile_id));
  const domain::TokenListQuery list{.profile = scope.profile,
                                    .organisation_unit = scope.unit,
                                    .status = status,
                                    .text = std::string(http::FindQueryValue(query, "q").value_or("")),
                                    .after = TokenId{page.after},
                                    .limit = page.limit};
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenListPage found, call.db.tokens().List(who.tenant.id, list));
  boost::json::array items;
  for (const Token& token : found.tokens) items.push_back(TokenJson(token));
  return JsonReply(200, PageJson(std::move(items),
                                 found.next ? std::optional<std::int64_t>(found.next->value) : std::nullopt));
}

Result<ApiReply> GetToken(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Token token, PathToken(call, Permission::kTokensRead));
  return JsonReply(200, TokenJson(token));
}

Result<ApiReply> IssueToken(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body,
                           JsonBody::Read(call.http, {"profile_id", "uid", "type", "visual_number", "issuer",
                                                      "group_id", "whitelist", "language", "valid_from",
                                                      "valid_until", "cost_centre", "party"}));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t profile_id, body.RequiredId("profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::string uid, body.RequiredString("uid", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> type_name, body.OptionalString("type", 16));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> visual_number,
                           body.OptionalString("visual_number", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> issuer, body.OptionalString("issuer", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> group_id, body.OptionalString("group_id", 36));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> whitelist_name, body.OptionalString("whitelist", 16));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> language, body.OptionalString("language", 2));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> cost_centre, body.OptionalString("cost_centre", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> party_text, body.OptionalString("party", 16));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_from, body.OptionalInstant("valid_from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_until, body.OptionalInstant("valid_until"));
  domain::TokenType type = domain::TokenType::kRfid;
  if (type_name) {
    Result<domain::TokenType> parsed = domain::ParseTokenType(*type_name);
    if (!parsed) return parsed.error().Nested("type");
    type = *parsed;
  }
  domain::TokenWhitelist whitelist = domain::TokenWhitelist::kAllowed;
  if (whitelist_name) {
    Result<domain::TokenWhitelist> parsed = domain::ParseTokenWhitelist(*whitelist_name);
    if (!parsed) return parsed.error().Nested("whitelist");
    whitelist = *parsed;
  }
  // The tenant's party the contract id is issued under: the one named, else its first.
  if (who.tenant.parties.empty()) {
    return Error{ErrorCode::kFailedPrecondition, "party",
                 "the tenant has no eMSP party to issue contract ids for"};
  }
  PartyId party = who.tenant.parties.front();
  if (party_text) {
    Result<PartyId> parsed = PartyId::Parse(*party_text);
    if (!parsed) return parsed.error().Nested("party");
    if (std::find(who.tenant.parties.begin(), who.tenant.parties.end(), *parsed) ==
        who.tenant.parties.end()) {
      return InvalidArgument("party", "is not one of the tenant's eMSP parties");
    }
    party = *parsed;
  }
  OPENMSP_ASSIGN_OR_RETURN(Profile profile,
                           ProfileFor(call, profile_id, Permission::kTokensManage, "profile_id"));
  const domain::TokenToIssue to_issue{.profile_id = profile.id,
                                      .uid = uid,
                                      .type = type,
                                      .visual_number = visual_number.value_or(""),
                                      .issuer = issuer.value_or(who.tenant.name),
                                      .group_id = group_id.value_or(""),
                                      .whitelist = whitelist,
                                      .language = language.value_or(""),
                                      .valid_from = valid_from,
                                      .valid_until = valid_until,
                                      .cost_centre = cost_centre.value_or("")};
  OPENMSP_ASSIGN_OR_RETURN(Token issued,
                           ChangeToken(call, "token.issue", nullptr, [&](store::Repositories& tx) {
                             return tx.tokens().Issue(who.tenant.id, party, to_issue);
                           }));
  return JsonReply(201, TokenJson(issued));
}

// A status change of the path's token under `permission`.
Result<ApiReply> MoveToken(ApiCall& call, Permission permission, TokenStatus target, std::string action) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(Token token, PathToken(call, permission));
  OPENMSP_ASSIGN_OR_RETURN(Token moved,
                           ChangeToken(call, std::move(action), &token, [&](store::Repositories& tx) {
                             return tx.tokens().SetStatus(who.tenant.id, token.id, target);
                           }));
  return JsonReply(200, TokenJson(moved));
}

Result<ApiReply> BlockToken(ApiCall& call) {
  return MoveToken(call, Permission::kTokensBlock, TokenStatus::kBlocked, "token.block");
}
Result<ApiReply> UnblockToken(ApiCall& call) {
  return MoveToken(call, Permission::kTokensManage, TokenStatus::kActive, "token.unblock");
}
Result<ApiReply> ReportTokenLost(ApiCall& call) {
  return MoveToken(call, Permission::kTokensBlock, TokenStatus::kLost, "token.lost");
}

Result<ApiReply> ChangeValidity(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(Token token, PathToken(call, Permission::kTokensManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"valid_from", "valid_until"}));
  if (!body.Has("valid_from") && !body.Has("valid_until")) {
    return InvalidArgument("body", "give valid_from, valid_until or both (null clears one)");
  }
  domain::TokenChanges changes;
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_from, body.OptionalInstant("valid_from"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_until, body.OptionalInstant("valid_until"));
  if (body.Has("valid_from")) changes.valid_from = valid_from;
  if (body.Has("valid_until")) changes.valid_until = valid_until;
  OPENMSP_ASSIGN_OR_RETURN(Token changed,
                           ChangeToken(call, "token.validity", &token, [&](store::Repositories& tx) {
                             return tx.tokens().Update(who.tenant.id, token.id, changes);
                           }));
  return JsonReply(200, TokenJson(changed));
}

// The largest CSV a token import takes: the server's own body limit (1 MiB), about 10,000 cards.
constexpr std::size_t kMaxImportBytes = 1024 * 1024;

Result<ApiReply> ImportTokens(ApiCall& call) {
  const Principal& who = call.who();
  // A row names any profile of the tenant and may find any token by its uid: only a caller holding
  // tokens.manage on the whole tenant may import.
  if (!who.HoldsAtRoot(Permission::kTokensManage)) {
    return Error{ErrorCode::kPermissionDenied, "body",
                 "importing tokens needs tokens.manage on the whole tenant (its root unit)"};
  }
  const std::string_view type = call.http.headers.Get("Content-Type").value_or("");
  if (type.substr(0, type.find(';')) != "text/csv")
    return InvalidArgument("Content-Type", "must be text/csv");
  if (who.tenant.parties.empty()) {
    return Error{ErrorCode::kFailedPrecondition, "party",
                 "the tenant has no eMSP party to issue contract ids for"};
  }
  domain::TokenImportOptions options{
      .party = who.tenant.parties.front(),
      .issuer = who.tenant.name,
      .whitelist = domain::TokenWhitelist::kAllowed,
      .limits = CsvLimits{.max_bytes = kMaxImportBytes, .max_records = 10'001}};
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenImportReport report,
                           domain::ImportTokens(call.db.tokens(), who.tenant.id, call.http.body, options));
  // The rows are stored (each on its own); the audit entry and the pushes of every changed token follow
  // in one transaction.
  const boost::json::object totals{{"created", report.created},
                                   {"updated", report.updated},
                                   {"unchanged", report.unchanged},
                                   {"refused", report.refused}};
  const Instant now = call.context.clock.Now();
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    for (const domain::TokenImportRow& row : report.rows) {
      if (row.token_id && (row.outcome == domain::TokenImportOutcome::kCreated ||
                           row.outcome == domain::TokenImportOutcome::kUpdated)) {
        OPENMSP_RETURN_IF_ERROR(
            emsp::QueueTokenPushes(tx.peers(), tx.jobs(), who.tenant.id, *row.token_id, now));
      }
    }
    return AuditOf(who.user, "token.import", "tenant", who.tenant.id.value, "", SerializeJson(totals),
                   call.request_id);
  }));
  if (report.created + report.updated > 0 && call.context.tokens_changed) call.context.tokens_changed();
  return JsonReply(200, TokenImportReportJson(report));
}

constexpr const char* kValidityRequestSchema = R"({"type": "object", "additionalProperties": false,
  "properties": {"valid_from": {"type": ["string", "null"]}, "valid_until": {"type": ["string", "null"]}}})";

}  // namespace

std::vector<ApiRoute> ProfileRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("profiles", "GET", "/profiles",
                         "The profiles in your scope (query: organisation_unit_id, q, after, limit)",
                         Permission::kProfilesRead, "", PageSchema(kProfileSchema), 200, ListProfiles));
  routes.push_back(Route("profiles", "GET", "/profiles/{profile_id}", "One profile in your scope",
                         Permission::kProfilesRead, "", kProfileSchema, 200, GetProfile));
  routes.push_back(Route("profiles", "POST", "/profiles", "Creates a profile in a unit of your scope",
                         Permission::kProfilesManage, R"({"type": "object",
      "required": ["organisation_unit_id", "name"], "additionalProperties": false,
      "properties": {"organisation_unit_id": {"type": "integer"}, "name": {"type": "string", "maxLength": 200},
      "kind": {"enum": ["driver", "vehicle"]}, "email": {"type": "string", "maxLength": 254},
      "prices_hidden": {"type": "boolean"}}})",
                         kProfileSchema, 201, CreateProfile));
  routes.push_back(Route("profiles", "PATCH", "/profiles/{profile_id}",
                         "Changes a profile of your scope: the fields given (an email of null clears it)",
                         Permission::kProfilesManage, R"({"type": "object", "additionalProperties": false,
      "properties": {"name": {"type": "string", "maxLength": 200}, "kind": {"enum": ["driver", "vehicle"]},
      "email": {"type": ["string", "null"], "maxLength": 254}, "prices_hidden": {"type": "boolean"}}})",
                         kProfileSchema, 200, UpdateProfile));
  return routes;
}

std::vector<ApiRoute> TokenRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      Route("tokens", "GET", "/tokens",
            "The tokens in your scope (query: profile_id, organisation_unit_id, status, q, after, limit)",
            Permission::kTokensRead, "", PageSchema(kTokenSchema), 200, ListTokens));
  routes.push_back(Route("tokens", "GET", "/tokens/{token_id}", "One token in your scope",
                         Permission::kTokensRead, "", kTokenSchema, 200, GetToken));
  routes.push_back(
      Route("tokens", "POST", "/tokens",
            "Issues a token (pending) to a profile of your scope with the next generated contract id",
            Permission::kTokensManage, R"({"type": "object", "required": ["profile_id", "uid"],
      "additionalProperties": false, "properties": {"profile_id": {"type": "integer"},
      "uid": {"type": "string", "maxLength": 64}, "type": {"enum": ["AD_HOC_USER", "APP_USER", "EMAID", "OTHER", "RFID"]},
      "visual_number": {"type": "string", "maxLength": 64}, "issuer": {"type": "string", "maxLength": 64},
      "group_id": {"type": "string", "maxLength": 36},
      "whitelist": {"enum": ["ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER"]},
      "language": {"type": "string", "maxLength": 2}, "valid_from": {"type": "string"},
      "valid_until": {"type": "string"}, "cost_centre": {"type": "string", "maxLength": 64},
      "party": {"type": "string"}}})",
            kTokenSchema, 201, IssueToken));
  routes.push_back(Route("tokens", "POST", "/tokens/{token_id}/block",
                         "Blocks an active token of your scope (a driver its own)", Permission::kTokensBlock,
                         "", kTokenSchema, 200, BlockToken));
  routes.push_back(
      Route("tokens", "POST", "/tokens/{token_id}/unblock",
            "Makes a token of your scope active: unblocks it (or activates a pending, renews an expired one)",
            Permission::kTokensManage, "", kTokenSchema, 200, UnblockToken));
  routes.push_back(Route("tokens", "POST", "/tokens/{token_id}/lost",
                         "Reports a token of your scope lost, for good (a driver its own)",
                         Permission::kTokensBlock, "", kTokenSchema, 200, ReportTokenLost));
  routes.push_back(Route("tokens", "PATCH", "/tokens/{token_id}/validity",
                         "Changes the validity dates of a token of your scope (null clears one)",
                         Permission::kTokensManage, kValidityRequestSchema, kTokenSchema, 200,
                         ChangeValidity));
  routes.push_back(
      Route("tokens", "POST", "/tokens/import",
            "Imports tokens from a CSV body (text/csv, at most 1 MiB): a report of every row "
            "(tokens.manage on the whole tenant)",
            Permission::kTokensManage, R"({"type": "string", "contentMediaType": "text/csv"})",
            R"({"type": "object", "required": ["created", "updated", "unchanged", "refused", "rows"],
      "properties": {"created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
      "refused": {"type": "integer"}, "rows": {"type": "array", "items": {"type": "object",
      "required": ["row", "line", "uid", "outcome", "token_id", "field", "reason"],
      "properties": {"row": {"type": "integer"}, "line": {"type": "integer"}, "uid": {"type": "string"},
      "outcome": {"enum": ["created", "updated", "unchanged", "refused"]}, "token_id": {"type": ["integer", "null"]},
      "field": {"type": "string"}, "reason": {"type": "string"}}}}}})",
            200, ImportTokens, kMaxImportBytes));
  routes.back().request_media_type = "text/csv";
  return routes;
}

}  // namespace openmsp::api
