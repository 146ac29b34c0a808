#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "http/message.h"
#include "http/router.h"
#include "ocpi/headers.h"
#include "emsp/remembered.h"
#include "store/repository_pool.h"

namespace openmsp::emsp {

/// What every OCPI endpoint of the eMSP works with. Everything outlives the endpoints.
struct OcpiContext {
  /// The connections handlers borrow (one per request, given back when the handler returns).
  store::RepositoryPool& pool;
  const Clock& clock;
  /// For the request ids of requests that come without (and of the requests we send).
  ocpi::RandomSource& random;
  /// How peers reach this server, without a trailing `/`: `http://127.0.0.1:8080`. Every URL we hand out
  /// (versions, endpoints, a stored CDR's `Location`) starts with it.
  std::string public_url;

  /// `{public_url}/ocpi/versions`: where a peer starts (what `openmsp peer invite` prints).
  std::string VersionsUrl() const { return public_url + "/ocpi/versions"; }
  /// `{public_url}/ocpi/2.2.1`: our version details; each module lives at `{VersionUrl}/{module}`.
  std::string VersionUrl() const { return public_url + "/ocpi/2.2.1"; }
};

/// The peer a request came from, as its credentials token told.
struct OcpiCaller {
  domain::TenantId tenant_id;
  domain::PeerId peer_id;
  domain::PeerStatus status = domain::PeerStatus::kPending;
  /// The digest of the token it called with (token A while pending, C once connected): what a
  /// credentials POST or PUT hands to `PeerRepository::Register`.
  domain::TokenDigest token_digest;
  /// The roles it registered with (its parties); empty while pending. What the receivers check an
  /// object's party against (`CheckSendingParty`, emsp/object_owner.h), without reading the peer again.
  std::vector<domain::PeerRole> roles;
};

/// An authenticated OCPI request, as a handler gets it.
struct OcpiRequest {
  http::HttpRequest http;
  OcpiCaller caller;
  /// The ids the answer carries (echoed, or new when the request had none).
  ocpi::RequestIds ids;
  /// The request's `OCPI-to-*`/`OCPI-from-*` headers (both absent on a direct connection).
  ocpi::Routing routing;
};

/// A handler's success: the envelope's `data` (null: left out, as for PUT and PATCH), the HTTP status
/// (200, or 201 for something created) and header fields to add (`Location`, `Link`, `X-Total-Count`…).
/// A failure is a `core::Error`, answered through `ocpi::ErrorResponse` (2001 naming the field, 404 and
/// 2004 for an unknown token, …).
struct OcpiReply {
  boost::json::value data = nullptr;
  int http_status = 200;
  http::HttpHeaders headers;
  /// The envelope's `status_code` and `status_message`: 1000 "Success" unless set. For the answers OCPI
  /// gives a status no `Error` maps to: HTTP 405 for a second credentials POST, 3002 and 3003 of a
  /// handshake (ocpi-2.2.1-emsp.md §4.2).
  int status_code = 1000;
  std::string status_message = "Success";
};

using OcpiHandler = std::function<Result<OcpiReply>(const OcpiRequest& request)>;
/// For work that completes on another thread (a CDR waits for its group commit): the handler returns at
/// once and calls `done` exactly once, from any thread.
using OcpiAsyncHandler =
    std::function<void(OcpiRequest request, std::function<void(Result<OcpiReply>)> done)>;

/// A handler running `handler(repositories, request)` on a connection of the context's pool
/// (`RepositoryPool::With`: a connection that failed as unavailable is closed, not reused).
template <class Handler>
OcpiHandler OnConnection(OcpiContext& context, Handler handler) {
  return [&context, handler](const OcpiRequest& request) {
    return context.pool.With([&](store::Repositories& db) { return handler(db, request); });
  };
}

/// Who may call an endpoint (ocpi-2.2.1-emsp.md §2.1, §4).
enum class OcpiAccess {
  /// versions and credentials: also a pending peer with its token A (to register), and a connected one.
  kRegistration,
  /// every other module: a connected peer only. Token A, a suspended peer's token or an unknown one is
  /// 401 (never 200 with a 2xxx status, pitfall 1 of §18).
  kConnected,
};

/// How `OcpiEndpoints` remembers the connected callers of recent requests, by the exact `Authorization`
/// value they came with, so that a peer's requests skip decoding, hashing and looking up its token (one
/// SQLite read of the peer and one of its roles, per request) — the hot path of real-time authorization
/// and CDR POSTs. A remembered caller is trusted for `caller_lifetime`; the endpoints forget everyone at
/// once when a registration endpoint changes a peer (credentials POST, PUT, DELETE), and `ForgetCallers`
/// is there for any other change made in this process. A change made by another process (`openmsp peer
/// suspend`) takes effect within the lifetime. Only connected peers are remembered: a pending peer's
/// token A always goes to the database, and so does an unknown token. A lifetime of zero turns
/// remembering off.
struct OcpiEndpointsOptions {
  std::chrono::milliseconds caller_lifetime{5000};
  std::size_t max_remembered_callers = 10'000;
};

/// Adds OCPI endpoints to a router: each request is authenticated by its `Authorization: Token …` (Base64
/// or raw, `ocpi::ParseAuthorization`) against the digests of the peers' tokens, gets its request ids and
/// routing headers read, and is answered in the OCPI envelope with the ids echoed — the handler deals
/// only with its module.
class OcpiEndpoints {
 public:
  /// `router` and `context` must outlive the endpoints and the server that routes to them.
  OcpiEndpoints(http::Router& router, OcpiContext& context, OcpiEndpointsOptions options = {})
      : router_(router),
        context_(context),
        callers_(context.clock, options.caller_lifetime, options.max_remembered_callers) {}

  void Add(std::string method, std::string_view pattern, OcpiAccess access, OcpiHandler handler);
  void AddAsync(std::string method, std::string_view pattern, OcpiAccess access, OcpiAsyncHandler handler);

  OcpiContext& context() const { return context_; }

  /// Forgets every remembered caller: for a change to a peer made in this process outside the
  /// credentials module, so that it applies to the very next request.
  void ForgetCallers() { callers_.ForgetAll(); }

 private:
  // The caller of `request`: remembered, or authenticated and then remembered.
  Result<OcpiCaller> Caller(const http::HttpRequest& request, OcpiAccess access);
  // Everything before the handler: ids, the caller and the routing headers. On failure, the answer.
  Result<OcpiRequest> Prepare(http::HttpRequest request, OcpiAccess access, ocpi::RequestIds& ids);

  http::Router& router_;
  OcpiContext& context_;
  Remembered<OcpiCaller> callers_;
};

/// The caller of `request`: its Authorization header's token looked up among the peers' digests (the
/// Base64 reading first, then the raw one), with its roles once connected. kUnauthenticated naming `Authorization` when the header is
/// missing or malformed, the token unknown, or the peer not allowed by `access`.
Result<OcpiCaller> Authenticate(const http::HttpRequest& request, OcpiAccess access,
                                store::RepositoryPool& pool);

}  // namespace openmsp::emsp
