#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/time.h"
#include "domain/peer.h"
#include "domain/profile.h"
#include "domain/session.h"
#include "domain/token.h"
#include "store/repositories.h"

// Stored objects for the tests of the session routes (session_routes_test.cpp and their cases in
// authorization_test.cpp), written straight through the repositories as OCPI would.
namespace openmsp::api::test {

/// A session id no other session of the tests has.
inline std::string NextSessionId() {
  static std::atomic<int> made{0};
  return "SES-" + std::to_string(++made);
}

/// A session of CPO `cpo` that started at `start` (an OCPI DateTime), ACTIVE unless `status` says
/// otherwise, with 12.5 kWh and a cost of 4.10 (4.96 with VAT), resolved to `customer` (none: the token is
/// unknown). Its `location_id` is `location`; its token's uid is `uid_prefix` and the session id.
inline domain::StoredSession StoreSession(store::Repositories& db, domain::TenantId tenant,
                                          std::optional<domain::SessionCustomer> customer, const char* start,
                                          domain::SessionStatus status = domain::SessionStatus::kActive,
                                          const std::string& cpo = "NL-CPO",
                                          const std::string& location = "LOC1",
                                          const std::string& uid_prefix = "uid-") {
  const Instant started = ParseOcpiDateTime(start).value();
  const std::string id = NextSessionId();
  const domain::Session session{.key = {.party = PartyId::Parse(cpo).value(), .session_id = id},
                                .start_date_time = started,
                                .end_date_time = std::nullopt,
                                .kwh = Decimal::Parse("12.5").value(),
                                .cdr_token = {.party = PartyId::Parse("NL-ACM").value(),
                                              .uid = uid_prefix + id,
                                              .type = domain::TokenType::kRfid,
                                              .contract_id = "NL-ACM-C00000001-X"},
                                .auth_method = domain::AuthMethod::kWhitelist,
                                .authorization_reference = "",
                                .location_id = location,
                                .evse_uid = "EVSE-" + location,
                                .connector_id = "1",
                                .meter_id = "",
                                .currency = "EUR",
                                .total_cost = domain::OcpiPrice{.excl_vat = Decimal::Parse("4.10").value(),
                                                                .incl_vat = Decimal::Parse("4.96").value()},
                                .status = status,
                                .last_updated = started + std::chrono::minutes(1),
                                .raw_json = R"({"id": ")" + id + R"("})",
                                .customer = customer};
  (void)db.sessions().Upsert(tenant, session).value();
  return db.sessions().Find(tenant, session.key).value();
}

/// A token of `profile` (uid `uid`, RFID) issued under `party` and made active.
inline domain::Token StoreActiveToken(store::Repositories& db, domain::TenantId tenant, const PartyId& party,
                                      domain::ProfileId profile, const std::string& uid) {
  const domain::Token token = db.tokens()
                                  .Issue(tenant, party,
                                         domain::TokenToIssue{.profile_id = profile,
                                                              .uid = uid,
                                                              .type = domain::TokenType::kRfid,
                                                              .visual_number = "",
                                                              .issuer = "Acme",
                                                              .group_id = "",
                                                              .whitelist = domain::TokenWhitelist::kAllowed,
                                                              .language = "",
                                                              .valid_from = std::nullopt,
                                                              .valid_until = std::nullopt,
                                                              .cost_centre = ""})
                                  .value();
  return db.tokens().SetStatus(tenant, token.id, domain::TokenStatus::kActive).value();
}

/// The customer a session of `token` resolves to (`unit` is its profile's unit).
inline domain::SessionCustomer CustomerOf(const domain::Token& token, domain::OrganisationUnitId unit) {
  return domain::SessionCustomer{
      .token_id = token.id, .profile_id = token.profile_id, .organisation_unit_id = unit};
}

/// A connected CPO peer of `tenant` with the role `cpo` and a commands RECEIVER endpoint: where a command
/// for a location or session of `cpo` goes.
inline domain::Peer StoreCommandPeer(store::Repositories& db, domain::TenantId tenant,
                                     const std::string& cpo) {
  const domain::Peer peer = db.peers().Create(tenant, domain::NewPeer{.name = "CPO " + cpo}).value().peer;
  return db.peers()
      .RegisterInitiated(
          tenant, peer.id,
          domain::PeerRegistration{.token = "token-b-for-" + cpo,
                                   .token_base64 = true,
                                   .versions_url = "https://cpo.example/ocpi/versions",
                                   .version = "2.2.1",
                                   .endpoints = {{.module = "commands",
                                                  .role = domain::InterfaceRole::kReceiver,
                                                  .url = "https://cpo.example/ocpi/2.2.1/commands"}},
                                   .roles = {{.role = domain::OcpiRole::kCpo,
                                              .party = PartyId::Parse(cpo).value(),
                                              .business_name = "CPO " + cpo}}})
      .value();
}

}  // namespace openmsp::api::test
