#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace openmsp {

/// The standard an EVSE id or EVSE operator id follows.
enum class EvseIdStandard {
  kIso,  ///< ISO 15118-2 Annex H / eMI3: `DE*AB7*E840*6487`, alphanumeric, ISO 3166 country code
  kDin,  ///< DIN SPEC 91286 (legacy): `+49*810*000*438`, digits only, E.164 country calling code
};

/// The operator part of an EVSE id: `DE*AB7` (ISO: country code, optional `*`, 3 letters or digits) or
/// `+49*810` (DIN: country calling code of 1–3 digits with optional `+`, `*`, 3–6 digits). It names the CPO
/// that runs the EVSE; it need not equal that CPO's OCPI party id.
class EvseOperatorId {
 public:
  /// Parses either form, case-insensitively; blanks are not trimmed. Errors name the part at fault
  /// (`country_code`, `calling_code`, `operator_id`) or have an empty field for the layout.
  static Result<EvseOperatorId> Parse(std::string_view text);

  /// ISO or DIN, decided by the first character: a letter, or `+`/a digit.
  EvseIdStandard standard() const { return standard_; }

  /// ISO: the upper-case ISO 3166-1 alpha-2 code (`DE`); DIN: the calling code digits without `+` (`49`).
  std::string_view country() const { return country_; }

  /// ISO: the upper-case 3-character operator code (`AB7`); DIN: its 3–6 digits (`810`).
  std::string_view code() const { return code_; }

  /// The canonical form: `DE*AB7` or `+49*810`.
  std::string ToString() const;

  /// The ISO form of a DIN operator id: the calling code becomes its country (see `CountryFromCallingCode`)
  /// and the digits become the operator code, which therefore must be exactly 3 digits. An ISO operator id
  /// is returned unchanged.
  Result<EvseOperatorId> ToIso() const;

  /// Same canonical form. An ISO id and its DIN original are not equal: convert with `ToIso` first.
  friend bool operator==(const EvseOperatorId&, const EvseOperatorId&) = default;

 private:
  friend class EvseId;

  /// What `Parse` reads: the operator id at the start of `text`, and what follows it.
  static Result<std::pair<EvseOperatorId, std::string_view>> ParsePrefix(std::string_view text);

  EvseOperatorId(EvseIdStandard standard, std::string country, std::string code)
      : standard_(standard), country_(std::move(country)), code_(std::move(code)) {}

  EvseIdStandard standard_;
  std::string country_;
  std::string code_;
};

/// The id of one EVSE (a charge point's controllable outlet group), as in OCPI `EVSE.evse_id` and CDRs.
/// Stored in canonical form, so equal ids compare equal however they were written.
///
/// Accepted input (see docs/identifiers.md):
/// - ISO: `CC*OOO*E<outlet>`, either `*` optional, either case; the outlet is 1–31 characters of letters,
///   digits and `*` (a `*` right after the `E` is accepted: such ids are in use). Canonical:
///   `DE*AB7*E840*6487`, upper case, with `*` after country code and operator id.
/// - DIN: `+CC*OOOOOO*<outlet>` with a 1–3 digit calling code (`+` optional), a 3–6 digit operator id and
///   an outlet of 1–32 digits and `*`. Canonical: with the `+`.
/// - surrounding spaces and tabs are ignored.
/// Charging pool (`P`) and station (`S`) ids have the same shape but are refused with a message saying so.
class EvseId {
 public:
  /// Parses an ISO or DIN EVSE id as described above.
  static Result<EvseId> Parse(std::string_view text);

  /// ISO or DIN, as its operator id.
  EvseIdStandard standard() const { return operator_id_.standard(); }

  /// The operator part, e.g. `DE*AB7`.
  const EvseOperatorId& operator_id() const { return operator_id_; }

  /// ISO: the outlet id after the `E` (`840*6487`); DIN: everything after the operator id's `*`.
  std::string_view outlet() const { return outlet_; }

  /// The canonical form, e.g. `DE*AB7*E840*6487` or `+49*810*000*438`.
  std::string ToString() const;

  /// The ISO form of a DIN id, by the OCHP backward-compatibility rule: country from the calling code,
  /// operator digits kept, `E` put before the outlet (`+49*823*1234*5678` → `DE*823*E1234*5678`). Refused
  /// when the calling code is not known, the operator id is not 3 digits or the outlet exceeds 31
  /// characters. An ISO id is returned unchanged.
  Result<EvseId> ToIso() const;

  /// Same canonical form. A DIN id and its ISO mapping are not equal: convert with `ToIso` first.
  friend bool operator==(const EvseId&, const EvseId&) = default;

 private:
  EvseId(EvseOperatorId operator_id, std::string outlet)
      : operator_id_(std::move(operator_id)), outlet_(std::move(outlet)) {}

  EvseOperatorId operator_id_;
  std::string outlet_;
};

}  // namespace openmsp
