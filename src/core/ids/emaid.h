#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace openmsp {

/// The standard an EMA-ID (e-mobility account id, "contract id") follows. It fixes the instance length and
/// the check digit algorithm.
enum class EmaIdStandard {
  kIso,   ///< ISO 15118-1 Annex H: `CC-PPP-IIIIIIIII-D`, 9-character instance, ISO 15118 check digit
  kEmi3,  ///< eMI3 / OICP: the ISO layout whose instance starts with `C`; same check digit
  kDin,   ///< DIN SPEC 91286 (legacy): `CC-PPP-IIIIII-D`, 6-character instance, check digit `0`–`9` or `X`
};

/// `ISO`, `EMI3` or `DIN`: the short name printed by `openmsp emaid` and used in the test vectors.
std::string_view EmaIdStandardName(EmaIdStandard standard);

/// An EMA-ID: the id of an e-mobility contract on a card, in an OCPI token's `contract_id` and in ISO 15118
/// Plug & Charge. It is stored in canonical form (upper case, `-` separators, check digit present), so two
/// `EmaId`s are equal exactly when they name the same contract.
///
/// Accepted input (see docs/identifiers.md for why):
/// - surrounding spaces and tabs are ignored; letters may be in either case;
/// - separators between country code, provider id, instance and check digit either everywhere or nowhere:
///   `NL-TNM-000122045-U`, `NLTNM000122045U`; `*` is accepted instead of `-` (DIN used it, some CPOs send
///   it) but the two are never mixed;
/// - the check digit may be left out: it is then computed; when present it must be right;
/// - the country code must be an assigned ISO 3166-1 alpha-2 code; the provider id is 3 letters or digits.
///
/// Parsing never throws and never reads past the input; errors are `kInvalidArgument` whose field names the
/// part at fault (`country_code`, `provider_id`, `instance`, `check_digit`, or empty for the layout).
class EmaId {
 public:
  /// Parses an EMA-ID with or without its check digit, as described above.
  static Result<EmaId> Parse(std::string_view text);

  /// Parses an EMA-ID that must come without its check digit and computes it. An input that already has a
  /// check digit is refused rather than verified, so that a job meant to complete bare ids notices when it
  /// is fed full ones (a swapped column, say) instead of passing them through; `Parse` verifies.
  static Result<EmaId> Complete(std::string_view text);

  /// Which standard the id follows: DIN for a 6-character instance, eMI3 for a 9-character one starting
  /// with `C`, ISO otherwise.
  EmaIdStandard standard() const { return standard_; }

  /// The ISO 3166-1 alpha-2 code, e.g. `NL`.
  std::string_view country_code() const { return std::string_view(canonical_).substr(0, 2); }

  /// The 3-character provider id, e.g. `TNM`; with the country code it names the eMSP (OCPI party).
  std::string_view provider_id() const { return std::string_view(canonical_).substr(3, 3); }

  /// The contract instance: 9 characters (ISO, eMI3) or 6 (DIN).
  std::string_view instance() const { return std::string_view(canonical_).substr(7, canonical_.size() - 9); }

  /// The check digit, always the last character of the canonical form.
  char check_digit() const { return canonical_.back(); }

  /// The canonical form: `CC-PPP-IIIIIIIII-D` (ISO, eMI3) or `CC-PPP-IIIIII-D` (DIN).
  const std::string& ToString() const { return canonical_; }

  /// The DIN SPEC 91286 form of this id. ISO ids convert when their instance is `00` + DIN instance + DIN
  /// check digit, eMI3 ids when it is `C0` + the same; anything else has no DIN form and is refused. A DIN
  /// id is returned unchanged.
  Result<EmaId> ToDin() const;

  /// The ISO 15118 form: a DIN id becomes `00` + instance + DIN check digit, with a new ISO check digit
  /// (the OCHP backward-compatibility rule). ISO and eMI3 ids already have the ISO layout and are returned
  /// unchanged.
  Result<EmaId> ToIso() const;

  /// The eMI3 form: a DIN id becomes `C0` + instance + DIN check digit, with a new check digit; an ISO id
  /// converts through its DIN form; an eMI3 id is returned unchanged.
  Result<EmaId> ToEmi3() const;

  /// Same contract: equal canonical forms. `NL-TNM-000122045-U` and `nltnm000122045` are equal.
  friend bool operator==(const EmaId&, const EmaId&) = default;

 private:
  /// The id made of already validated, upper-case parts, with its check digit computed.
  static EmaId FromValidParts(std::string_view country_code, std::string_view provider_id,
                              std::string_view instance);

  EmaId(std::string canonical, EmaIdStandard standard)
      : canonical_(std::move(canonical)), standard_(standard) {}

  std::string canonical_;
  EmaIdStandard standard_;
};

/// The ISO 15118 check digit of exactly 14 ASCII letters and digits (country code, provider id and
/// instance without separators; either case). Anything else, including separators and Unicode letters or
/// digits, is refused. The algorithm is not ISO 7064 MOD 37-2 (see the .cpp and docs/identifiers.md).
Result<char> ComputeIsoCheckDigit(std::string_view body);

/// The DIN SPEC 91286 check digit (`0`–`9` or `X`) of exactly 11 ASCII letters and digits (country code,
/// provider id and 6-character instance without separators; either case).
Result<char> ComputeDinCheckDigit(std::string_view body);

}  // namespace openmsp
