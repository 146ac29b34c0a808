#pragma once

#include <string_view>

#include "core/result.h"

namespace openmsp {

/// A country with an officially assigned ISO 3166-1 code. Both codes are upper case and point into a
/// static table, so a `Country` is cheap to copy and never dangles.
///
/// EMA-IDs, EVSE ids and OCPI `country_code` fields use the alpha-2 code; OCPI `Location.country` uses the
/// alpha-3 code, so converting between the two is a lookup here.
struct Country {
  std::string_view alpha2;  ///< e.g. `NL`
  std::string_view alpha3;  ///< e.g. `NLD`

  /// Same country (the codes point into one table, so this compares two short strings).
  friend bool operator==(const Country&, const Country&) = default;
};

/// The country whose ISO 3166-1 alpha-2 code is `code`, compared case-insensitively. Only the 249
/// officially assigned codes are known: user-assigned (`ZZ`, `XY`, `XK`), exceptionally reserved (`UK`,
/// `EU`) and withdrawn codes are refused, because an EMA-ID or EVSE id built on them is not valid.
/// Errors carry an empty field for the caller to `Nested`.
Result<Country> CountryFromAlpha2(std::string_view code);

/// The country whose ISO 3166-1 alpha-3 code is `code` (case-insensitive), e.g. OCPI `Location.country`.
Result<Country> CountryFromAlpha3(std::string_view code);

/// The country a legacy DIN SPEC 91286 EVSE id means by its E.164 country calling code, given as digits
/// without `+` (`49` → DE). The table is deliberately partial: it holds the European calling codes that
/// occur in DIN EVSE ids (the DIN form was used in Germany and its roaming neighbours). A calling code
/// shared by several territories maps to the main one (`44` → GB, `47` → NO, `358` → FI). Unknown codes
/// are refused, which makes the DIN id non-convertible rather than invalid.
Result<Country> CountryFromCallingCode(std::string_view digits);

}  // namespace openmsp
