#pragma once

#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/peer.h"
#include "ocpi/versions.h"

/// The OCPI `Credentials` object (ocpi-2.2.1-emsp.md §4.1): what a peer tells us in the handshake (its
/// token for us to call it with, its versions URL, its roles) and what we answer with.
namespace openmsp::ocpi {

/// One `Credentials` object.
struct Credentials {
  /// The token the *other* party uses to call the one that wrote this object (§18 pitfall 2): 1 to 64
  /// printable ASCII characters without blanks. Plain text here, never Base64.
  std::string token;
  /// The writer's versions endpoint.
  std::string url;
  /// The writer's parties: at least one, no (role, party) twice. Only `business_details.name` is kept
  /// of the business details (`website` and `logo` are ignored).
  std::vector<domain::PeerRole> roles;

  friend bool operator==(const Credentials&, const Credentials&) = default;
};

/// Reads a `Credentials` object (the body of a peer's credentials POST or PUT, or the `data` of its
/// answer to ours). Every rule of `domain::PeerRegistration` for these fields is checked here, so what
/// comes out can be registered: kInvalidArgument (2001) naming the field — `token`, `url`,
/// `roles[0].role`, `roles[0].party_id`, `roles[1].country_code`, `roles[0].business_details.name`,
/// `roles[2]` for a duplicate — and never quoting the token.
Result<Credentials> ParseCredentials(const boost::json::value& value);

/// Our credentials for a peer: `token` for it to call us with (C, or B when we initiate), our versions
/// URL, and one `EMSP` role per party of the tenant, each with the tenant's name as business name.
Credentials EmspCredentials(std::string token, std::string versions_url, std::span<const PartyId> parties,
                            std::string_view business_name);

/// The JSON of a `Credentials` object, after checking what it would tell the peer: the token, the URL,
/// at least one role, the business names (OCPI string(100), so a tenant name longer than that is refused
/// rather than cut). kInvalidArgument naming the field otherwise.
Result<boost::json::value> CredentialsJson(const Credentials& credentials);

/// What a handshake learned from a peer, ready for `PeerRepository`: its credentials and the details of
/// the version agreed, with the token sent Base64-encoded or raw as configured for the peer. Checked with
/// `domain::ValidatePeerRegistration`.
Result<domain::PeerRegistration> ToPeerRegistration(const Credentials& credentials,
                                                    const VersionDetails& details, bool token_base64 = true);

}  // namespace openmsp::ocpi
