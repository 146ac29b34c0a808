#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/peer.h"
#include "http/client.h"
#include "ocpi/envelope.h"
#include "ocpi/headers.h"
#include "ocpi/versions.h"

namespace openmsp::emsp {

/// One OCPI request OpenMSP sends a peer (ocpi-2.2.1-emsp.md §2).
struct PeerCall {
  std::string method = "GET";
  std::string url;
  /// The token to call with and its encoding (`ocpi::AuthorizationHeaderValue`).
  domain::OutgoingCredentials credentials;
  /// The JSON body (null: none).
  boost::json::value body = nullptr;
  /// `X-Request-ID` and `X-Correlation-ID` to send.
  ocpi::RequestIds ids;
  /// What a failure is blamed on: the option or field the URL came from (`--versions-url`, `url`), or
  /// the object being read (`version_details`).
  std::string field;
};

/// Sends `call` and answers the `data` of the peer's envelope when its status is a success (1xxx).
/// Failures are kPeerError naming `call.field`: the peer could not be reached or timed out (with
/// `HttpClient`'s reason), refused the token (401), answered something that is not an OCPI envelope, or
/// an error status (its code and message quoted, `ocpi::SuccessData`); the envelope's own fields are
/// named below it (`version_details.timestamp`). A 401 is told apart by the message starting with
/// `kTokenRefused`.
Result<boost::json::value> CallPeer(http::HttpClient& client, const PeerCall& call);

/// How `CallPeer`'s message begins when the peer answered HTTP 401.
inline constexpr std::string_view kTokenRefused = "the peer refused the token";

/// What OpenMSP learns of a peer before it registers with it, or accepts its registration (§4.3).
struct DiscoveredPeer {
  /// The peer's endpoints of OCPI 2.2.1.
  ocpi::VersionDetails details;
  /// How the peer took the token: Base64-encoded (2.2.1) or raw (older peers, §2.1).
  bool token_base64 = true;
};

/// Reads the peer's versions at `versions_url` and its details of OCPI 2.2.1, calling with `token`, and
/// checks that it offers what OpenMSP needs (§3, §4.3):
///
/// - the token goes Base64-encoded first (2.2.1) and, only when the versions endpoint answers 401, once
///   more raw (2.1.1 and 2.2 peers expect it so; §2.1 advises "trial and error"); the encoding that worked
///   is kept for the details and answered;
/// - the peer must offer 2.2.1, and its details must say 2.2.1;
/// - the details must list a `credentials` endpoint, the one module OpenMSP needs of every peer (to tell
///   it about a new token or an unregistration). The functional modules are optional: a job for a module
///   skips a peer without its endpoint.
///
/// Requests carry new request ids following `ids` (same correlation id, §2.2). Fails with kPeerError:
/// naming `versions_field` when the versions endpoint cannot be used, `versions` (`ocpi::FindVersion`)
/// when 2.2.1 is not offered, `endpoints` when `credentials` is missing, and below `versions.` or
/// `version_details.` what is malformed in an answer (`version_details.endpoints[1].role`).
Result<DiscoveredPeer> DiscoverPeer(http::HttpClient& client, ocpi::RandomSource& random,
                                    std::string_view versions_url, std::string_view token,
                                    std::string_view versions_field, const ocpi::RequestIds& ids);

/// The OCPI status a handshake answers when `DiscoverPeer` failed with `error` (§2.4, §4.2): 3002
/// (unsupported version) for `versions`, 3003 (no matching endpoints) for `endpoints`, otherwise 3001
/// (unable to use the client's API).
ocpi::StatusCode DiscoveryFailureStatus(const Error& error);

}  // namespace openmsp::emsp
