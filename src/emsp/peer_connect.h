#pragma once

#include <string>

#include "domain/peer.h"
#include "domain/tenant.h"
#include "http/client.h"
#include "ocpi/headers.h"
#include "store/repositories.h"

namespace openmsp::emsp {

/// What the tenant's staff got from a peer out of band to connect to it: its versions URL and a token A.
struct PeerConnectionRequest {
  /// The peer's versions endpoint (an OCPI `URL`).
  std::string versions_url;
  /// The token A the peer issued for us: 1 to 64 printable ASCII characters without blanks.
  std::string token_a;
  /// What the tenant's staff call the peer (`NewPeer::name`).
  std::string name;
  /// Our versions endpoint for this tenant (`OcpiContext::VersionsUrl`), where the peer calls us back.
  std::string our_versions_url;
};

/// The handshake as its initiator (ocpi-2.2.1-emsp.md §4.3, "Initiator"; `openmsp peer connect`):
///
/// 1. GET the peer's versions and its 2.2.1 details with token A (`DiscoverPeer`: Base64 first, raw after
///    a 401; 2.2.1 and a `credentials` endpoint required — §4.2 says the initiator does not POST when
///    endpoints are missing);
/// 2. create a pending peer, whose fresh token is the token B we hand the peer (audit `peer.connect`);
///    it is stored before the POST because the peer calls our versions with it while answering;
/// 3. POST our Credentials (token B, `our_versions_url`, one `EMSP` role per party of the tenant) to the
///    peer's credentials endpoint with token A;
/// 4. store the peer's answer — its token C to call it with, its roles, versions URL and the endpoints of
///    step 1 — with `PeerRepository::RegisterInitiated` (audit `peer.connected`): the peer is connected.
///
/// When step 3 or 4 fails the peer we created is unregistered (our token B forgotten, audit
/// `peer.unregister`), and when the peer had already accepted (step 4 failed) it is told with a DELETE
/// on its credentials endpoint, as far as it can be reached. Answers the connected peer.
///
/// Errors: kInvalidArgument naming `versions_url`, `token_a` or `name` for bad input (nothing is
/// called); kPeerError naming `versions_url` (unreachable, token A refused, not OCPI), `versions` (no
/// 2.2.1), `endpoints` (no credentials endpoint), `credentials` (the POST failed, with the peer's status)
/// or what is wrong in the answer (`credentials.data.roles[0].party_id`); kAlreadyExists naming
/// `roles[i]` when another peer of the tenant has a role the peer claims; the store's errors otherwise.
Result<domain::Peer> ConnectPeer(store::Repositories& repositories, http::HttpClient& client,
                                 ocpi::RandomSource& random, const domain::Tenant& tenant,
                                 const PeerConnectionRequest& request);

}  // namespace openmsp::emsp
