#include "core/ids/country.h"

#include <algorithm>
#include <array>
#include <string>

#include "core/ids/ascii.h"

namespace openmsp {

namespace {

// ISO 3166-1 officially assigned codes (249), sorted by alpha-2; from the iso-codes 4.15 data.
constexpr auto kCountries = std::to_array<Country>({
    {"AD", "AND"}, {"AE", "ARE"}, {"AF", "AFG"}, {"AG", "ATG"}, {"AI", "AIA"}, {"AL", "ALB"}, {"AM", "ARM"},
    {"AO", "AGO"}, {"AQ", "ATA"}, {"AR", "ARG"}, {"AS", "ASM"}, {"AT", "AUT"}, {"AU", "AUS"}, {"AW", "ABW"},
    {"AX", "ALA"}, {"AZ", "AZE"}, {"BA", "BIH"}, {"BB", "BRB"}, {"BD", "BGD"}, {"BE", "BEL"}, {"BF", "BFA"},
    {"BG", "BGR"}, {"BH", "BHR"}, {"BI", "BDI"}, {"BJ", "BEN"}, {"BL", "BLM"}, {"BM", "BMU"}, {"BN", "BRN"},
    {"BO", "BOL"}, {"BQ", "BES"}, {"BR", "BRA"}, {"BS", "BHS"}, {"BT", "BTN"}, {"BV", "BVT"}, {"BW", "BWA"},
    {"BY", "BLR"}, {"BZ", "BLZ"}, {"CA", "CAN"}, {"CC", "CCK"}, {"CD", "COD"}, {"CF", "CAF"}, {"CG", "COG"},
    {"CH", "CHE"}, {"CI", "CIV"}, {"CK", "COK"}, {"CL", "CHL"}, {"CM", "CMR"}, {"CN", "CHN"}, {"CO", "COL"},
    {"CR", "CRI"}, {"CU", "CUB"}, {"CV", "CPV"}, {"CW", "CUW"}, {"CX", "CXR"}, {"CY", "CYP"}, {"CZ", "CZE"},
    {"DE", "DEU"}, {"DJ", "DJI"}, {"DK", "DNK"}, {"DM", "DMA"}, {"DO", "DOM"}, {"DZ", "DZA"}, {"EC", "ECU"},
    {"EE", "EST"}, {"EG", "EGY"}, {"EH", "ESH"}, {"ER", "ERI"}, {"ES", "ESP"}, {"ET", "ETH"}, {"FI", "FIN"},
    {"FJ", "FJI"}, {"FK", "FLK"}, {"FM", "FSM"}, {"FO", "FRO"}, {"FR", "FRA"}, {"GA", "GAB"}, {"GB", "GBR"},
    {"GD", "GRD"}, {"GE", "GEO"}, {"GF", "GUF"}, {"GG", "GGY"}, {"GH", "GHA"}, {"GI", "GIB"}, {"GL", "GRL"},
    {"GM", "GMB"}, {"GN", "GIN"}, {"GP", "GLP"}, {"GQ", "GNQ"}, {"GR", "GRC"}, {"GS", "SGS"}, {"GT", "GTM"},
    {"GU", "GUM"}, {"GW", "GNB"}, {"GY", "GUY"}, {"HK", "HKG"}, {"HM", "HMD"}, {"HN", "HND"}, {"HR", "HRV"},
    {"HT", "HTI"}, {"HU", "HUN"}, {"ID", "IDN"}, {"IE", "IRL"}, {"IL", "ISR"}, {"IM", "IMN"}, {"IN", "IND"},
    {"IO", "IOT"}, {"IQ", "IRQ"}, {"IR", "IRN"}, {"IS", "ISL"}, {"IT", "ITA"}, {"JE", "JEY"}, {"JM", "JAM"},
    {"JO", "JOR"}, {"JP", "JPN"}, {"KE", "KEN"}, {"KG", "KGZ"}, {"KH", "KHM"}, {"KI", "KIR"}, {"KM", "COM"},
    {"KN", "KNA"}, {"KP", "PRK"}, {"KR", "KOR"}, {"KW", "KWT"}, {"KY", "CYM"}, {"KZ", "KAZ"}, {"LA", "LAO"},
    {"LB", "LBN"}, {"LC", "LCA"}, {"LI", "LIE"}, {"LK", "LKA"}, {"LR", "LBR"}, {"LS", "LSO"}, {"LT", "LTU"},
    {"LU", "LUX"}, {"LV", "LVA"}, {"LY", "LBY"}, {"MA", "MAR"}, {"MC", "MCO"}, {"MD", "MDA"}, {"ME", "MNE"},
    {"MF", "MAF"}, {"MG", "MDG"}, {"MH", "MHL"}, {"MK", "MKD"}, {"ML", "MLI"}, {"MM", "MMR"}, {"MN", "MNG"},
    {"MO", "MAC"}, {"MP", "MNP"}, {"MQ", "MTQ"}, {"MR", "MRT"}, {"MS", "MSR"}, {"MT", "MLT"}, {"MU", "MUS"},
    {"MV", "MDV"}, {"MW", "MWI"}, {"MX", "MEX"}, {"MY", "MYS"}, {"MZ", "MOZ"}, {"NA", "NAM"}, {"NC", "NCL"},
    {"NE", "NER"}, {"NF", "NFK"}, {"NG", "NGA"}, {"NI", "NIC"}, {"NL", "NLD"}, {"NO", "NOR"}, {"NP", "NPL"},
    {"NR", "NRU"}, {"NU", "NIU"}, {"NZ", "NZL"}, {"OM", "OMN"}, {"PA", "PAN"}, {"PE", "PER"}, {"PF", "PYF"},
    {"PG", "PNG"}, {"PH", "PHL"}, {"PK", "PAK"}, {"PL", "POL"}, {"PM", "SPM"}, {"PN", "PCN"}, {"PR", "PRI"},
    {"PS", "PSE"}, {"PT", "PRT"}, {"PW", "PLW"}, {"PY", "PRY"}, {"QA", "QAT"}, {"RE", "REU"}, {"RO", "ROU"},
    {"RS", "SRB"}, {"RU", "RUS"}, {"RW", "RWA"}, {"SA", "SAU"}, {"SB", "SLB"}, {"SC", "SYC"}, {"SD", "SDN"},
    {"SE", "SWE"}, {"SG", "SGP"}, {"SH", "SHN"}, {"SI", "SVN"}, {"SJ", "SJM"}, {"SK", "SVK"}, {"SL", "SLE"},
    {"SM", "SMR"}, {"SN", "SEN"}, {"SO", "SOM"}, {"SR", "SUR"}, {"SS", "SSD"}, {"ST", "STP"}, {"SV", "SLV"},
    {"SX", "SXM"}, {"SY", "SYR"}, {"SZ", "SWZ"}, {"TC", "TCA"}, {"TD", "TCD"}, {"TF", "ATF"}, {"TG", "TGO"},
    {"TH", "THA"}, {"TJ", "TJK"}, {"TK", "TKL"}, {"TL", "TLS"}, {"TM", "TKM"}, {"TN", "TUN"}, {"TO", "TON"},
    {"TR", "TUR"}, {"TT", "TTO"}, {"TV", "TUV"}, {"TW", "TWN"}, {"TZ", "TZA"}, {"UA", "UKR"}, {"UG", "UGA"},
    {"UM", "UMI"}, {"US", "USA"}, {"UY", "URY"}, {"UZ", "UZB"}, {"VA", "VAT"}, {"VC", "VCT"}, {"VE", "VEN"},
    {"VG", "VGB"}, {"VI", "VIR"}, {"VN", "VNM"}, {"VU", "VUT"}, {"WF", "WLF"}, {"WS", "WSM"}, {"YE", "YEM"},
    {"YT", "MYT"}, {"ZA", "ZAF"}, {"ZM", "ZMB"}, {"ZW", "ZWE"},
});
static_assert(kCountries.size() == 249);
static_assert(std::ranges::is_sorted(kCountries, {}, &Country::alpha2));

constexpr std::array<Country, kCountries.size()> kCountriesByAlpha3 = [] {
  std::array<Country, kCountries.size()> sorted = kCountries;
  std::ranges::sort(sorted, {}, &Country::alpha3);
  return sorted;
}();

struct CallingCode {
  std::string_view digits;
  std::string_view alpha2;
};

// E.164 calling codes of the European countries whose operators used DIN SPEC 91286 EVSE ids; sorted as
// strings. Partial on purpose: see CountryFromCallingCode.
constexpr auto kCallingCodes = std::to_array<CallingCode>({
    {"30", "GR"},  {"31", "NL"},  {"32", "BE"},  {"33", "FR"},  {"34", "ES"},  {"351", "PT"}, {"352", "LU"},
    {"353", "IE"}, {"354", "IS"}, {"356", "MT"}, {"357", "CY"}, {"358", "FI"}, {"359", "BG"}, {"36", "HU"},
    {"370", "LT"}, {"371", "LV"}, {"372", "EE"}, {"385", "HR"}, {"386", "SI"}, {"39", "IT"},  {"40", "RO"},
    {"41", "CH"},  {"420", "CZ"}, {"421", "SK"}, {"423", "LI"}, {"43", "AT"},  {"44", "GB"},  {"45", "DK"},
    {"46", "SE"},  {"47", "NO"},  {"48", "PL"},  {"49", "DE"},
});
static_assert(std::ranges::is_sorted(kCallingCodes, {}, &CallingCode::digits));

template <std::size_t kSize>
constexpr const Country* Find(const std::array<Country, kSize>& table, std::string_view Country::*key,
                              std::string_view code) {
  auto found = std::ranges::lower_bound(table, code, {}, key);
  if (found == table.end() || (*found).*key != code) return nullptr;
  return &*found;
}

static_assert(std::ranges::all_of(kCallingCodes, [](const CallingCode& code) {
  return Find(kCountries, &Country::alpha2, code.alpha2) != nullptr;
}));

bool IsLetters(std::string_view text, std::size_t length) {
  return text.size() == length && std::ranges::all_of(text, ascii::IsAlpha);
}

}  // namespace

Result<Country> CountryFromAlpha2(std::string_view code) {
  if (!IsLetters(code, 2)) {
    return InvalidArgument("",
                           "country code " + ascii::Quote(code) + " must be 2 letters (ISO 3166-1 alpha-2)");
  }
  const Country* country = Find(kCountries, &Country::alpha2, ascii::ToUpper(code));
  if (country == nullptr) {
    return InvalidArgument(
        "", "country code " + ascii::Quote(code) + " is not an assigned ISO 3166-1 alpha-2 code");
  }
  return *country;
}

Result<Country> CountryFromAlpha3(std::string_view code) {
  if (!IsLetters(code, 3)) {
    return InvalidArgument("", "country " + ascii::Quote(code) + " must be 3 letters (ISO 3166-1 alpha-3)");
  }
  const Country* country = Find(kCountriesByAlpha3, &Country::alpha3, ascii::ToUpper(code));
  if (country == nullptr) {
    return InvalidArgument("",
                           "country " + ascii::Quote(code) + " is not an assigned ISO 3166-1 alpha-3 code");
  }
  return *country;
}

Result<Country> CountryFromCallingCode(std::string_view digits) {
  auto found = std::ranges::lower_bound(kCallingCodes, digits, {}, &CallingCode::digits);
  if (found == kCallingCodes.end() || found->digits != digits) {
    return InvalidArgument("", "country calling code " + ascii::Quote(digits) +
                                   " is not one OpenMSP maps to a country (only European codes are known)");
  }
  return *Find(kCountries, &Country::alpha2, found->alpha2);
}

}  // namespace openmsp
