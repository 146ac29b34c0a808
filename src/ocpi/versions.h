#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/peer.h"

/// The OCPI versions module (ocpi-2.2.1-emsp.md §3): the list of versions a platform speaks and the
/// endpoints of one version, read from a peer and written for ours.
///
/// The parsers read the `data` of a response (or any JSON value) and fail with kInvalidArgument naming
/// the field (`endpoints[1].role`), 2001 when the value came in a request; a caller that read it from a
/// peer's response turns that into kPeerError. Unknown members are ignored.
namespace openmsp::ocpi {

/// The only version OpenMSP speaks.
inline constexpr std::string_view kOcpiVersion = "2.2.1";

/// One entry of a versions list: a version and the URL of its details.
struct Version {
  /// `VersionNumber`: digits separated by dots, at most 16 characters. Not limited to the enum of 2.2.1
  /// (`2.0` … `2.2.1`): peers also offer the deprecated `2.2` (the official examples still do) and `2.3.0`.
  std::string version;
  /// The version details endpoint (an OCPI `URL`).
  std::string url;

  friend bool operator==(const Version&, const Version&) = default;
};

/// Reads the `data` of a GET on a versions endpoint: an array of at least one `Version`.
Result<std::vector<Version>> ParseVersions(const boost::json::value& data);

/// The `data` of our versions endpoint.
boost::json::value VersionsJson(const std::vector<Version>& versions);

/// The entry of `versions` for `version` (default: the one OpenMSP speaks), or kPeerError naming
/// `versions` when the peer does not offer it (the handshake then answers 3002, unsupported version).
Result<Version> FindVersion(const std::vector<Version>& versions, std::string_view version = kOcpiVersion);

/// The endpoints of one version.
struct VersionDetails {
  std::string version;
  /// At least one; no (module, role) twice. `module` is a `ModuleID`: one of the nine of 2.2.1 or a
  /// custom one (`nltnm-tokens`), 1 to 64 of `a-z0-9_-`.
  std::vector<domain::PeerEndpoint> endpoints;

  friend bool operator==(const VersionDetails&, const VersionDetails&) = default;
};

/// Reads the `data` of a GET on a version details endpoint: `version` and `endpoints` (each with
/// `identifier`, `role` `SENDER`/`RECEIVER`, `url`), the rules of `domain::PeerRegistration` checked.
Result<VersionDetails> ParseVersionDetails(const boost::json::value& data);

/// The `data` of our version details endpoint.
boost::json::value VersionDetailsJson(const VersionDetails& details);

/// The endpoints an eMSP serves in OCPI 2.2.1, each at `{version_url}/{module}`, with the interface role
/// §1 gives it (pitfall 3 of §18): `credentials` SENDER (the role is meaningless there; SENDER is the
/// advice), `locations`, `sessions`, `cdrs`, `tariffs` RECEIVER (the CPO owns that data and pushes it),
/// `tokens` and `commands` SENDER (we own tokens; commands' "Sender" is our callback), `hubclientinfo`
/// RECEIVER. `chargingprofiles` is left out until OpenMSP implements it.
std::vector<domain::PeerEndpoint> EmspEndpoints(std::string_view version_url);

}  // namespace openmsp::ocpi
