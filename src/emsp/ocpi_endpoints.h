#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "http/message.h"
#include "http/router.h"
#include "ocpi/headers.h"
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

/// Who may call an endpoint (ocpi-2.2.1-emsp.md §2.1, §4).
enum class OcpiAccess {
  /// versions and credentials: also a pending peer with its token A (to register), and a connected one.
  kRegistration,
  /// every other module: a connected peer only. Token A, a suspended peer's token or an unknown one is
  /// 401 (never 200 with a 2xxx status, pitfall 1 of §18).
  kConnected,
};

/// Adds OCPI endpoints to a router: each request is authenticated by its `Authorization: Token …` (Base64
/// or raw, `ocpi::ParseAuthorization`) against the digests of the peers' tokens, gets its request ids and
/// routing headers read, and is answered in the OCPI envelope with the ids echoed — the handler deals
/// only with its module.
class OcpiEndpoints {
 public:
  /// `router` and `context` must outlive the endpoints and the server that routes to them.
  OcpiEndpoints(http::Router& router, OcpiContext& context) : router_(router), context_(context) {}

  void Add(std::string method, std::string_view pattern, OcpiAccess access, OcpiHandler handler);
  void AddAsync(std::string method, std::string_view pattern, OcpiAccess access, OcpiAsyncHandler handler);

  OcpiContext& context() const { return context_; }

 private:
  http::Router& router_;
  OcpiContext& context_;
};

/// The caller of `request`: its Authorization header's token looked up among the peers' digests (the
/// Base64 reading first, then the raw one). kUnauthenticated naming `Authorization` when the header is
/// missing or malformed, the token unknown, or the peer not allowed by `access`.
Result<OcpiCaller> Authenticate(const http::HttpRequest& request, OcpiAccess access,
                                store::RepositoryPool& pool);

}  // namespace openmsp::emsp
