#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/token.h"
#include "ocpi/fields.h"

/// The OCPI tokens module as the eMSP (the tokens' owner, interface role SENDER) speaks it
/// (ocpi-2.2.1-emsp.md §10): the Token object we push and list, the AuthorizationInfo we answer a
/// real-time authorization with, and the LocationReferences the CPO sends with it.
namespace openmsp::ocpi {

/// The party a token is published under: the tenant's party whose country code and id equal the token's
/// EMA-ID's country code and provider id, or the tenant's only party when it has one. kFailedPrecondition
/// naming `contract_id` when neither says which (a tenant with several parties and a contract id of
/// another provider): guessing would publish the token under another brand.
Result<PartyId> TokenParty(const domain::Token& token, std::span<const PartyId> tenant_parties);

/// The OCPI 2.2.1 `Token` of a stored token, published by `party`, at `now`:
///
/// - `uid` as stored (RFID upper-case hex), `type`, `contract_id` (the EMA-ID's canonical form), `issuer`;
/// - `visual_number`, `group_id`, `language` only when set (absent, never `""`);
/// - `valid` from `domain::IsOcpiValid(token, now)`: active and inside its validity dates. A token that is
///   not is still sent (OCPI never deletes tokens: `valid=false` withdraws it);
/// - `whitelist` as stored, `last_updated` the token's;
/// - `default_profile_type` and `energy_contract` are not kept by OpenMSP and left out.
///
/// kInvalidArgument naming `type` for an `EMAID` token, which OCPI 2.2.1 does not have (2.3.0 added it;
/// eMSPs are advised not to push those anyway).
Result<boost::json::object> TokenJson(const domain::Token& token, const PartyId& party, Instant now);

/// OCPI `AllowedType`: the answer of a real-time authorization.
enum class AllowedType { kAllowed, kBlocked, kExpired, kNoCredit, kNotAllowed };

/// The OCPI spelling: `ALLOWED`, `BLOCKED`, `EXPIRED`, `NO_CREDIT`, `NOT_ALLOWED`.
std::string_view AllowedTypeName(AllowedType allowed);

/// OCPI `LocationReferences`: where a driver wants to charge, or where a token may be used.
struct LocationReferences {
  /// CiString(36), required.
  std::string location_id;
  /// CiString(36) each, non-empty; empty list: no EVSE named.
  std::vector<std::string> evse_uids;

  friend bool operator==(const LocationReferences&, const LocationReferences&) = default;
};

/// Reads the body of a real-time authorization (`POST {tokens}/{uid}/authorize`): `location_id` required,
/// `evse_uids` absent, `null` or a list. kInvalidArgument (2001) naming the field (`evse_uids[1]`).
Result<LocationReferences> ParseLocationReferences(const boost::json::value& value);

/// The answer to a real-time authorization (§10.1 K2). An unknown token is not answered with one of
/// these but with HTTP 404 and 2004 (`ErrorResponse` of kUnknownToken); a known one that may not charge
/// is HTTP 200 with `allowed` other than ALLOWED.
struct AuthorizationInfo {
  AllowedType allowed = AllowedType::kNotAllowed;
  /// The full token, as `TokenJson` writes it.
  boost::json::object token;
  /// The EVSEs the driver may use, when limited.
  std::optional<LocationReferences> location;
  /// CiString(36): echoed in the Session and CDR of this authorization, so make it unique per
  /// authorization. Empty: left out.
  std::string authorization_reference;
  /// A message for the driver.
  std::optional<DisplayText> info;
};

/// The JSON of an `AuthorizationInfo`, after checking the lengths of its references and texts and that
/// `token` is present. kInvalidArgument naming the field otherwise.
Result<boost::json::value> AuthorizationInfoJson(const AuthorizationInfo& info);

}  // namespace openmsp::ocpi
