#include "emsp/peer_discovery.h"

#include <utility>

#include "core/json.h"
#include "ocpi/authorization.h"

namespace openmsp::emsp {
namespace {

Error PeerError(std::string field, std::string message) {
  return Error{ErrorCode::kPeerError, std::move(field), std::move(message)};
}

}  // namespace

Result<boost::json::value> CallPeer(http::HttpClient& client, const PeerCall& call) {
  http::HttpClientRequest request{.method = call.method, .url = call.url, .headers = {}, .body = {}};
  request.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(call.credentials));
  ocpi::SetRequestIds(request.headers, call.ids);
  if (!call.body.is_null()) {
    request.body = SerializeJson(call.body);
    request.headers.Set("Content-Type", "application/json");
  }
  const std::string what = call.method + " " + call.url;
  Result<http::HttpClientResponse> response = client.Send(request);
  if (!response) return PeerError(call.field, what + ": " + response.error().ToString());
  if (response->status == 401) {
    return PeerError(call.field, std::string(kTokenRefused) + " (HTTP 401 to " + what + ")");
  }
  Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response->body);
  if (!envelope) {
    return PeerError(call.field, what + " answered HTTP " + std::to_string(response->status) +
                                     " without an OCPI envelope: " + envelope.error().ToString());
  }
  Result<boost::json::value> data = ocpi::SuccessData(*std::move(envelope));
  if (!data) return PeerError(call.field, what + ": " + data.error().ToString());
  return data;
}

Result<DiscoveredPeer> DiscoverPeer(http::HttpClient& client, ocpi::RandomSource& random,
                                    std::string_view versions_url, std::string_view token,
                                    std::string_view versions_field, const ocpi::RequestIds& ids) {
  PeerCall call{.method = "GET",
                .url = std::string(versions_url),
                .credentials = {.token = std::string(token), .token_base64 = true},
                .body = nullptr,
                .ids = ocpi::RequestIdsFollowing(ids, random),
                .field = std::string(versions_field)};
  Result<boost::json::value> versions_data = CallPeer(client, call);
  if (!versions_data && versions_data.error().message.starts_with(kTokenRefused)) {
    call.credentials.token_base64 = false;
    call.ids = ocpi::RequestIdsFollowing(ids, random);
    versions_data = CallPeer(client, call);
  }
  if (!versions_data) return std::move(versions_data).error();
  Result<std::vector<ocpi::Version>> versions = ocpi::ParseVersions(*versions_data);
  if (!versions) return PeerError(versions.error().Nested("versions.data").field, versions.error().message);
  OPENMSP_ASSIGN_OR_RETURN(const ocpi::Version version, ocpi::FindVersion(*versions));

  call.url = version.url;
  call.ids = ocpi::RequestIdsFollowing(ids, random);
  call.field = "version_details";
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::value details_data, CallPeer(client, call));
  Result<ocpi::VersionDetails> details = ocpi::ParseVersionDetails(details_data);
  if (!details) {
    return PeerError(details.error().Nested("version_details.data").field, details.error().message);
  }
  if (details->version != ocpi::kOcpiVersion) {
    return PeerError("version_details.data.version", "the details at " + version.url + " are of version " +
                                                         details->version + ", not " +
                                                         std::string(ocpi::kOcpiVersion));
  }
  bool has_credentials = false;
  for (const domain::PeerEndpoint& endpoint : details->endpoints)
    has_credentials |= endpoint.module == "credentials";
  if (!has_credentials) {
    return PeerError("endpoints", "the peer's OCPI 2.2.1 endpoints lack credentials, which OpenMSP needs");
  }
  return DiscoveredPeer{.details = *std::move(details), .token_base64 = call.credentials.token_base64};
}

ocpi::StatusCode DiscoveryFailureStatus(const Error& error) {
  if (error.code == ErrorCode::kPeerError && error.field == "versions")
    return ocpi::StatusCode::kUnsupportedVersion;
  if (error.code == ErrorCode::kPeerError && error.field == "endpoints")
    return ocpi::StatusCode::kNoMatchingEndpoints;
  return ocpi::StatusCode::kUnableToUseClientApi;
}

}  // namespace openmsp::emsp
