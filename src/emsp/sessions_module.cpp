#include "emsp/sessions_module.h"

#include <optional>
#include <string>
#include <utility>

#include "core/ids/ocpi_string.h"
#include "core/json.h"
#include "domain/session.h"
#include "emsp/object_appliers.h"
#include "emsp/object_owner.h"

namespace openmsp::emsp {
namespace {

constexpr std::string_view kSessionPath = "/ocpi/2.2.1/sessions/{country_code}/{party_id}/{session_id}";

// The session the URL names (§2.6: `{module_url}/{country_code}/{party_id}/{object_id}`).
Result<domain::SessionKey> UrlKeyOf(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId party,
                           PartyId::FromFields(request.PathParameterValue("country_code").value_or(""),
                                               request.PathParameterValue("party_id").value_or("")));
  const std::string_view session_id = request.PathParameterValue("session_id").value_or("");
  if (Result<void> valid = ValidateCiString(session_id, 36); !valid) return valid.error().Nested("session_id");
  return domain::SessionKey{.party = std::move(party), .session_id = std::string(session_id)};
}

Result<void> CheckOwnParty(store::Repositories& db, const OcpiRequest& request, const PartyId& party) {
  Result<void> own = CheckSendingParty(db, request, party);
  if (own || own.error().code != ErrorCode::kNotFound) return own;
  return InvalidArgument("party_id", own.error().message + "; a CPO sends only its own sessions");
}

// §2.6: the object's country_code/party_id SHALL equal the URL's; URL id ≠ body id is 2001.
Result<void> CheckBodyMatchesUrl(const domain::Session& session, const domain::SessionKey& url) {
  const auto differs = [](std::string_view field, std::string_view body, std::string_view in_url) {
    return InvalidArgument(std::string(field), "is '" + std::string(body) + "' in the body but '" +
                                                   std::string(in_url) + "' in the URL");
  };
  if (session.key.party.country_code() != url.party.country_code()) {
    return differs("country_code", session.key.party.country_code(), url.party.country_code());
  }
  if (session.key.party.party_id() != url.party.party_id()) {
    return differs("party_id", session.key.party.party_id(), url.party.party_id());
  }
  if (!CiStringEquals(session.key.session_id, url.session_id)) {
    return differs("id", session.key.session_id, url.session_id);
  }
  return Ok();
}

Result<OcpiReply> Put(OcpiContext& context, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::SessionKey key, UrlKeyOf(request.http));
  OPENMSP_ASSIGN_OR_RETURN(domain::Session session, domain::SessionFromOcpiJson(request.http.body));
  OPENMSP_RETURN_IF_ERROR(CheckBodyMatchesUrl(session, key));
  const domain::TenantId tenant_id = request.caller.tenant_id;
  return context.pool.With([&](store::Repositories& db) -> Result<OcpiReply> {
    OPENMSP_RETURN_IF_ERROR(CheckOwnParty(db, request, key.party));
    OPENMSP_ASSIGN_OR_RETURN(const domain::UpsertOutcome outcome,
                             ApplySession(db, tenant_id, std::move(session)));
    return OcpiReply{
        .data = nullptr, .http_status = outcome == domain::UpsertOutcome::kCreated ? 201 : 200, .headers = {}};
  });
}

// The PATCH's merge and write, inside the transaction that holds the session's lock from the read on.
Result<void> MergeAndStore(store::Repositories& db, domain::TenantId tenant_id, const domain::SessionKey& key,
                           std::string_view patch) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::StoredSession stored, db.sessions().FindForUpdate(tenant_id, key));
  OPENMSP_ASSIGN_OR_RETURN(const std::string merged,
                           domain::MergeSessionPatch(stored.session.raw_json, patch));
  OPENMSP_ASSIGN_OR_RETURN(domain::Session session, domain::SessionFromOcpiJson(merged));
  OPENMSP_RETURN_IF_ERROR(CheckBodyMatchesUrl(session, key));
  if (session.cdr_token == stored.session.cdr_token) {
    session.customer = stored.session.customer;
  } else {
    OPENMSP_ASSIGN_OR_RETURN(
        session.customer, db.tokens().FindCustomer(tenant_id, session.cdr_token.uid, session.cdr_token.type));
  }
  OPENMSP_RETURN_IF_ERROR(db.sessions().Upsert(tenant_id, session));
  return Ok();
}

Result<OcpiReply> Patch(OcpiContext& context, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::SessionKey key, UrlKeyOf(request.http));
  const domain::TenantId tenant_id = request.caller.tenant_id;
  return context.pool.With([&](store::Repositories& db) -> Result<OcpiReply> {
    OPENMSP_RETURN_IF_ERROR(CheckOwnParty(db, request, key.party));
    OPENMSP_RETURN_IF_ERROR(db.InOneTransaction([&](store::Repositories& locked) {
      return MergeAndStore(locked, tenant_id, key, request.http.body);
    }));
    return OcpiReply{};
  });
}

Result<OcpiReply> Get(OcpiContext& context, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::SessionKey key, UrlKeyOf(request.http));
  const Error not_found{ErrorCode::kNotFound, "session_id", "there is no such session"};
  return context.pool.With([&](store::Repositories& db) -> Result<OcpiReply> {
    // Another party's session answers exactly like a missing one.
    if (Result<void> own = CheckSendingParty(db, request, key.party); !own) {
      return own.error().code == ErrorCode::kNotFound ? not_found : own.error();
    }
    OPENMSP_ASSIGN_OR_RETURN(const domain::StoredSession stored, db.sessions().Find(request.caller.tenant_id, key));
    Result<boost::json::value> session = ParseJson(stored.session.raw_json);
    if (!session) {
      return Error{ErrorCode::kInternal, "raw_json", "the stored session does not read back: " +
                                                         session.error().ToString()};
    }
    return OcpiReply{.data = std::move(*session), .http_status = 200, .headers = {}};
  });
}

}  // namespace

void RegisterSessionsModule(OcpiEndpoints& endpoints) {
  OcpiContext& context = endpoints.context();
  endpoints.Add("PUT", kSessionPath, OcpiAccess::kConnected,
                [&context](const OcpiRequest& request) { return Put(context, request); });
  endpoints.Add("PATCH", kSessionPath, OcpiAccess::kConnected,
                [&context](const OcpiRequest& request) { return Patch(context, request); });
  endpoints.Add("GET", kSessionPath, OcpiAccess::kConnected,
                [&context](const OcpiRequest& request) { return Get(context, request); });
}

}  // namespace openmsp::emsp
