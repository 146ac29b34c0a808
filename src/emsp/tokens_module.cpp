#include "emsp/tokens_module.h"

#include <boost/json/array.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "http/query.h"
#include "ocpi/pagination.h"

namespace openmsp::emsp {
namespace {

// A connection borrowed for one request; a broken one is not given back to the pool.
template <class T>
Result<T> Checked(store::RepositoryPool::Lease& db, Result<T> result) {
  if (!result && result.error().code == ErrorCode::kUnavailable) db.Discard();
  return result;
}

// The parties of each tenant, read once: a tenant's parties are given when it is created and never change
// (TenantRepository has no way to change them), so the hot path of an authorization skips that read.
class TenantParties {
 public:
  // The parties of `tenant_id` when they were read before.
  std::optional<std::vector<PartyId>> Find(domain::TenantId tenant_id) {
    std::lock_guard lock(mutex_);
    if (auto found = parties_.find(tenant_id.value); found != parties_.end()) return found->second;
    return std::nullopt;
  }

  Result<std::vector<PartyId>> Of(store::RepositoryPool::Lease& db, domain::TenantId tenant_id) {
    if (std::optional<std::vector<PartyId>> found = Find(tenant_id)) return *std::move(found);
    OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, Checked(db, db->tenants().FindById(tenant_id)));
    std::lock_guard lock(mutex_);
    return parties_.insert_or_assign(tenant_id.value, std::move(tenant.parties)).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::int64_t, std::vector<PartyId>> parties_;
};

// `type` of an authorization request: RFID when absent (§10.1), one of 2.2.1's TokenTypes otherwise.
Result<domain::TokenType> RequestedTokenType(std::string_view query) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> parameters, http::ParseQuery(query));
  std::optional<std::string_view> name;
  for (const http::QueryParameter& parameter : parameters) {
    if (parameter.name != "type") continue;
    if (name) return Error{ErrorCode::kInvalidArgument, "type", "must be given at most once"};
    name = parameter.value;
  }
  if (!name) return domain::TokenType::kRfid;
  Result<domain::TokenType> type = domain::ParseTokenType(*name);
  if (!type || *type == domain::TokenType::kEmaid) {
    return Error{ErrorCode::kInvalidArgument, "type",
                 "must be AD_HOC_USER, APP_USER, OTHER or RFID (OCPI 2.2.1 TokenType), not '" +
                     std::string(name->substr(0, 40)) + "'"};
  }
  return *type;
}

// The LocationReferences of an authorization request: none for an empty body or `null`.
Result<std::optional<ocpi::LocationReferences>> RequestedLocation(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  Result<boost::json::value> json = ParseJson(body);
  if (!json) return json.error().Nested("body");
  if (json->is_null()) return std::nullopt;
  OPENMSP_ASSIGN_OR_RETURN(ocpi::LocationReferences location, ocpi::ParseLocationReferences(*json));
  return location;
}

Result<OcpiReply> ListTokens(OcpiContext& context, TenantParties& tenants, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const ocpi::PageRequest page,
                           ocpi::ParsePageRequest(request.http.query, kTokensPageLimit));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
  const domain::TenantId tenant_id = request.caller.tenant_id;
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<PartyId> parties, tenants.Of(db, tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(const domain::TokenPage found,
                           Checked(db, db->tokens().ListUpdated(tenant_id, page.date_from, page.date_to,
                                                                page.offset, page.limit)));
  const Instant now = context.clock.Now();
  boost::json::array tokens;
  tokens.reserve(found.tokens.size());
  for (const domain::Token& token : found.tokens) {
    Result<PartyId> party = ocpi::TokenParty(token, parties);
    if (!party) continue;
    Result<boost::json::object> json = ocpi::TokenJson(token, *party, now);
    if (!json) continue;
    tokens.emplace_back(*std::move(json));
  }
  OcpiReply reply{.data = std::move(tokens), .http_status = 200, .headers = {}};
  ocpi::SetPageHeaders(reply.headers, context.VersionUrl() + "/tokens", page,
                       static_cast<std::int64_t>(found.tokens.size()), found.total, kTokensPageLimit);
  return reply;
}

// What the module keeps between requests.
struct TokensModuleState {
  TokensModuleState(const Clock& clock, const TokensModuleOptions& options)
      : tokens(clock, options.token_lifetime, options.max_remembered_tokens) {}

  TenantParties tenants;
  RememberedTokens tokens;
};

// The token `uid` of `type` a CPO asks about, and its tenant's parties: from memory, or read and
// remembered. kUnknownToken naming `uid` when the tenant has none.
Result<std::pair<domain::Token, std::vector<PartyId>>> TokenAsked(OcpiContext& context, TokensModuleState& state,
                                                                  domain::TenantId tenant_id,
                                                                  domain::TokenType type,
                                                                  const std::string& uid) {
  std::string key = std::to_string(tenant_id.value) + ' ' + std::string(domain::TokenTypeName(type)) + ' ' + uid;
  RememberedTokens::Generation generation = 0;
  std::optional<domain::Token> token = state.tokens.Find(key, generation);
  std::optional<std::vector<PartyId>> parties = state.tenants.Find(tenant_id);
  if (token && parties) return std::pair(*std::move(token), *std::move(parties));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
  if (!token) {
    Result<domain::Token> read = Checked(db, db->tokens().FindByUid(tenant_id, uid, type));
    if (!read) {
      if (read.error().code != ErrorCode::kNotFound) return read.error();
      return Error{ErrorCode::kUnknownToken, "uid",
                   "no " + std::string(domain::TokenTypeName(type)) + " token with this uid"};
    }
    state.tokens.Remember(std::move(key), *read, generation);
    token = *std::move(read);
  }
  if (!parties) {
    OPENMSP_ASSIGN_OR_RETURN(parties, state.tenants.Of(db, tenant_id));
  }
  return std::pair(*std::move(token), *std::move(parties));
}

Result<OcpiReply> Authorize(OcpiContext& context, TokensModuleState& state, const OcpiRequest& request) {
  const std::string uid(request.http.PathParameterValue("uid").value_or(""));
  OPENMSP_ASSIGN_OR_RETURN(const domain::TokenType type, RequestedTokenType(request.http.query));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<ocpi::LocationReferences> location,
                           RequestedLocation(request.http.body));
  OPENMSP_ASSIGN_OR_RETURN(auto asked, TokenAsked(context, state, request.caller.tenant_id, type, uid));
  const auto& [token, parties] = asked;
  OPENMSP_ASSIGN_OR_RETURN(const PartyId party, ocpi::TokenParty(token, parties));
  const Instant now = context.clock.Now();
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object token_json, ocpi::TokenJson(token, party, now));
  ocpi::AuthorizationInfo info{.allowed = AuthorizationAllowed(token, now),
                               .token = std::move(token_json),
                               .location = std::nullopt,
                               .authorization_reference = ocpi::NewUuid(context.random),
                               .info = std::nullopt};
  if (info.allowed == ocpi::AllowedType::kAllowed) {
    info.location = std::move(location);
  } else {
    info.info =
        ocpi::DisplayText{.language = "en", .text = std::string(AuthorizationExplanation(token, now))};
  }
  OPENMSP_ASSIGN_OR_RETURN(boost::json::value data, ocpi::AuthorizationInfoJson(info));
  return OcpiReply{.data = std::move(data), .http_status = 200, .headers = {}};
}

}  // namespace

ocpi::AllowedType AuthorizationAllowed(const domain::Token& token, Instant now) {
  switch (token.status) {
    case domain::TokenStatus::kActive:
      if (token.valid_from && now < *token.valid_from) return ocpi::AllowedType::kNotAllowed;
      if (token.valid_until && now >= *token.valid_until) return ocpi::AllowedType::kExpired;
      return ocpi::AllowedType::kAllowed;
    case domain::TokenStatus::kExpired:
      return ocpi::AllowedType::kExpired;
    case domain::TokenStatus::kBlocked:
    case domain::TokenStatus::kLost:
      return ocpi::AllowedType::kBlocked;
    case domain::TokenStatus::kPending:
      return ocpi::AllowedType::kNotAllowed;
  }
  return ocpi::AllowedType::kNotAllowed;
}

std::string_view AuthorizationExplanation(const domain::Token& token, Instant now) {
  switch (token.status) {
    case domain::TokenStatus::kActive:
      if (token.valid_from && now < *token.valid_from) return "This card is not valid yet.";
      if (token.valid_until && now >= *token.valid_until) return "This card has expired.";
      return "";
    case domain::TokenStatus::kExpired:
      return "This card has expired.";
    case domain::TokenStatus::kBlocked:
      return "This card is blocked. Please contact your charging provider.";
    case domain::TokenStatus::kLost:
      return "This card was reported lost and no longer works.";
    case domain::TokenStatus::kPending:
      return "This card has not been activated yet.";
  }
  return "";
}

std::shared_ptr<RememberedTokens> RegisterTokensModule(OcpiEndpoints& endpoints, TokensModuleOptions options) {
  OcpiContext& context = endpoints.context();
  auto state = std::make_shared<TokensModuleState>(context.clock, options);
  endpoints.Add("GET", "/ocpi/2.2.1/tokens", OcpiAccess::kConnected, [&context, state](const OcpiRequest& request) {
    return ListTokens(context, state->tenants, request);
  });
  endpoints.Add(
      "POST", "/ocpi/2.2.1/tokens/{uid}/authorize", OcpiAccess::kConnected,
      [&context, state](const OcpiRequest& request) { return Authorize(context, *state, request); });
  return std::shared_ptr<RememberedTokens>(state, &state->tokens);
}

}  // namespace openmsp::emsp
