#pragma once

#include <array>
#include <compare>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// An OCPI party: `country_code` (CiString(2), an assigned ISO 3166-1 alpha-2 code) plus `party_id`
/// (CiString(3), three letters or digits "following ISO 15118"). It names a CPO or eMSP in OCPI
/// credentials and in every object's `country_code`/`party_id` pair.
///
/// Both parts are stored upper case, so equality and ordering are case-insensitive as OCPI's CiString
/// requires. Note that OCPI does not require a party's `party_id` to equal the eMI3 provider id inside its
/// EMA-IDs or the operator id inside its EVSE ids; compare those explicitly where a rule needs it.
class PartyId {
 public:
  /// Parses the two OCPI fields. Errors name the field at fault (`country_code` or `party_id`).
  static Result<PartyId> FromFields(std::string_view country_code, std::string_view party_id);

  /// Parses the combined forms `NLTNM`, `NL-TNM` and `NL*TNM` (either case). Nothing else is accepted, not
  /// even surrounding blanks: a party id comes from a machine, and a blank in it signals a bug upstream.
  static Result<PartyId> Parse(std::string_view text);

  /// The upper-case ISO 3166-1 alpha-2 code, e.g. `NL`.
  std::string_view country_code() const { return {country_code_.data(), country_code_.size()}; }

  /// The upper-case 3-character party code, e.g. `TNM`.
  std::string_view party_id() const { return {party_id_.data(), party_id_.size()}; }

  /// The canonical form `NL-TNM`.
  std::string ToString() const;

  /// Same party, regardless of the case it was written in.
  friend bool operator==(const PartyId&, const PartyId&) = default;
  /// Orders by country code, then party id, so a `PartyId` can key a `std::map`.
  friend auto operator<=>(const PartyId&, const PartyId&) = default;

 private:
  PartyId(std::array<char, 2> country_code, std::array<char, 3> party_id)
      : country_code_(country_code), party_id_(party_id) {}

  std::array<char, 2> country_code_;
  std::array<char, 3> party_id_;
};

/// Validates an ISO 15118 / eMI3 provider id, the 3 letters or digits after the country code in an EMA-ID
/// (`TNM` in `NL-TNM-…`), and returns it upper case. Errors carry an empty field for the caller to `Nested`.
Result<std::string> ParseProviderId(std::string_view text);

/// Validates an ISO 15118 / eMI3 EVSE operator id, the 3 letters or digits after the country code in an
/// EVSE id (`AB7` in `DE*AB7*E…`), and returns it upper case. Same rule as a provider id, its own message.
Result<std::string> ParseOperatorId(std::string_view text);

/// Validates a legacy DIN SPEC 91286 EVSE operator id: 3 to 6 digits (`810` in `+49*810*…`).
Result<std::string> ParseDinOperatorId(std::string_view text);

}  // namespace openmsp
