#include "core/ids/party_id.h"

#include <algorithm>

#include "core/ids/ascii.h"
#include "core/ids/country.h"

namespace openmsp {

namespace {

Result<std::string> ParseCode(std::string_view text, std::string_view noun) {
  if (text.size() != 3 || !std::ranges::all_of(text, ascii::IsAlnum)) {
    return InvalidArgument("", std::string(noun) + " " + ascii::Quote(text) + " must be 3 letters or digits");
  }
  return ascii::ToUpper(text);
}

}  // namespace

Result<PartyId> PartyId::FromFields(std::string_view country_code, std::string_view party_id) {
  Result<Country> country = CountryFromAlpha2(country_code);
  if (!country) return country.error().Nested("country_code");
  Result<std::string> code = ParseCode(party_id, "party id");
  if (!code) return code.error().Nested("party_id");
  return PartyId({country->alpha2[0], country->alpha2[1]}, {(*code)[0], (*code)[1], (*code)[2]});
}

Result<PartyId> PartyId::Parse(std::string_view text) {
  if (text.size() == 5) return FromFields(text.substr(0, 2), text.substr(2));
  if (text.size() == 6 && (text[2] == '-' || text[2] == '*'))
    return FromFields(text.substr(0, 2), text.substr(3));
  return InvalidArgument(
      "", "party " + ascii::Quote(text) +
              " must be a country code and 3 letters or digits, written NLTNM, NL-TNM or NL*TNM");
}

std::string PartyId::ToString() const { return std::string(country_code()) + '-' + std::string(party_id()); }

Result<std::string> ParseProviderId(std::string_view text) { return ParseCode(text, "provider id"); }

Result<std::string> ParseOperatorId(std::string_view text) { return ParseCode(text, "operator id"); }

Result<std::string> ParseDinOperatorId(std::string_view text) {
  if (text.size() < 3 || text.size() > 6 || !std::ranges::all_of(text, ascii::IsDigit)) {
    return InvalidArgument("", "DIN operator id " + ascii::Quote(text) + " must be 3 to 6 digits");
  }
  return std::string(text);
}

}  // namespace openmsp
