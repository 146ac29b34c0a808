#pragma once

#include <cstddef>
#include <memory>

#include "domain/tenant.h"
#include "emsp/ocpi_endpoints.h"
#include "emsp/outbound_workers.h"
#include "http/client.h"
#include "ocpi/credentials.h"

namespace openmsp::emsp {

/// How the credentials module calls peers back.
struct CredentialsModuleOptions {
  /// Threads that call peers back (`OutboundWorkers`), and how many registrations may wait for one; a
  /// registration beyond that is answered 503 at once.
  unsigned threads = 2;
  std::size_t max_waiting = 32;
};

/// The outbound client's settings for the calls back of a handshake: the peer waits for our answer
/// meanwhile (its own timeout is often 30 to 60 s), so each call gets 5 s to connect and 10 s in all, and
/// one retry of a failed GET.
http::HttpClientOptions HandshakeClientOptions();

/// The OCPI credentials module of the eMSP, the receiving side of the handshake (ocpi-2.2.1-emsp.md §4,
/// pitfall 2 of §18), at `{VersionUrl}/credentials`, for a pending peer (token A) and a connected one
/// (token C):
///
/// - **POST** (pending only; a connected peer gets HTTP 405): the body is the peer's Credentials (its
///   token B, its versions URL, its roles; 2001 naming the field when malformed). Before answering,
///   OpenMSP calls the peer's versions and 2.2.1 details **with token B** (`DiscoverPeer`: 3001 when that
///   fails, 3002 without 2.2.1, 3003 without a credentials endpoint), then `PeerRepository::Register`
///   stores B, the endpoints and roles and replaces token A by a new token C, with an audit entry
///   `peer.register`, in one transaction. The answer is our Credentials: token C, our versions URL, one
///   `EMSP` role per party of the tenant with the tenant's name. Token A is dead from then on (401); a
///   second POST racing with A is 401 too.
/// - **PUT** (connected only; pending is 405): the same with the peer's new token and versions URL — the
///   endpoints are fetched again even for the same version, and token C is rotated (the old C is 401
///   afterwards). Audit entry `peer.update`.
/// - **DELETE** (connected only; pending is 405): unregisters the peer (`SetStatus(kUnregistered)`: both
///   tokens forgotten, the next request 401), audit entry `peer.unregister`; no data in the answer.
/// - **GET**: our Credentials for this peer. The token in it is the one the request came with: OpenMSP
///   keeps only the digest of the token a peer calls it with, and §4.2 says GET returns the credentials
///   the client uses to reach us, which is exactly that token — repeating it tells the caller nothing it
///   did not send, and keeps the object valid (`token` is required).
///
/// 3002 and 3003 are answered with HTTP 400 (the peer's offer cannot work; sending it again does not
/// help), 3001 with 502 as every kPeerError. The calls back run on the module's own `OutboundWorkers`,
/// never on the HTTP I/O thread, with request ids following the request's (same correlation id).
class CredentialsModule {
 public:
  /// `context` must outlive the module; `client` calls the peers.
  CredentialsModule(OcpiContext& context, http::HttpClient client, CredentialsModuleOptions options = {});

  /// Adds the four endpoints to `endpoints` (whose context must be this module's).
  void Register(OcpiEndpoints& endpoints);

 private:
  // POST and PUT after the body was read: the call back, the registration and our answer.
  Result<OcpiReply> Handshake(const OcpiRequest& request, const ocpi::Credentials& theirs, bool update);
  Result<OcpiReply> Unregister(const OcpiRequest& request);
  Result<OcpiReply> Show(const OcpiRequest& request);
  // Runs `Handshake` on a worker thread and answers with `done`.
  void Enqueue(OcpiRequest request, std::function<void(Result<OcpiReply>)> done, bool update);

  OcpiContext& context_;
  http::HttpClient client_;
  // Last: destroyed (its threads joined) before the client and context they use.
  OutboundWorkers workers_;
};

/// `module.Register(endpoints)`: the one line `openmsp serve` adds.
inline void RegisterCredentialsModule(OcpiEndpoints& endpoints, CredentialsModule& module) {
  module.Register(endpoints);
}

}  // namespace openmsp::emsp
