#pragma once

#include <atomic>
#include <string>

#include "core/ids/party_id.h"
#include "domain/audit.h"
#include "domain/peer.h"
#include "store/repositories.h"

// Stored objects for the tests of the tenant administration routes (admin_routes_test.cpp and their cases
// in authorization_test.cpp), written straight through the repositories as OCPI and the CLI would.
namespace openmsp::api::test {

/// A party code no other peer of the tests has (`NL` + 3 base-36 characters), so that peers registered
/// with it never share a role.
inline PartyId UniquePeerParty() {
  static std::atomic<int> made{0};
  int n = ++made;
  std::string code(3, '0');
  constexpr const char* kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (int i = 2; i >= 0; --i, n /= 36) code[static_cast<std::size_t>(i)] = kDigits[n % 36];
  return PartyId::Parse("NL" + code).value();
}

/// A peer of `tenant` called `name` in `status`: pending as invited, or registered (one CPO role, one
/// locations endpoint) and then suspended or not.
inline domain::Peer StorePeer(store::Repositories& db, domain::TenantId tenant, const std::string& name,
                              domain::PeerStatus status) {
  domain::Peer peer = db.peers().Create(tenant, domain::NewPeer{.name = name}).value().peer;
  if (status == domain::PeerStatus::kPending) return peer;
  const PartyId party = UniquePeerParty();
  peer = db.peers()
             .RegisterInitiated(
                 tenant, peer.id,
                 domain::PeerRegistration{.token = "token-b-for-" + party.ToString(),
                                          .token_base64 = true,
                                          .versions_url = "https://cpo.example/ocpi/versions",
                                          .version = "2.2.1",
                                          .endpoints = {{.module = "locations",
                                                         .role = domain::InterfaceRole::kSender,
                                                         .url = "https://cpo.example/ocpi/2.2.1/locations"}},
                                          .roles = {{.role = domain::OcpiRole::kCpo,
                                                     .party = party,
                                                     .business_name = "CPO " + party.ToString()}}})
             .value();
  if (status != domain::PeerStatus::kConnected) peer = db.peers().SetStatus(tenant, peer.id, status).value();
  return peer;
}

/// Appends an entry to `tenant`'s audit log as the system part `test`, with `after` as the object after.
inline domain::AuditEntry AppendAudit(store::Repositories& db, domain::TenantId tenant,
                                      const std::string& action, const std::string& after) {
  return db.audit_log()
      .Append(tenant, domain::NewAuditEntry{.actor = domain::AuditActor::System("test"),
                                            .action = action,
                                            .object_type = "test_object",
                                            .object_id = "1",
                                            .before = "",
                                            .after = after,
                                            .request_id = ""})
      .value();
}

}  // namespace openmsp::api::test
