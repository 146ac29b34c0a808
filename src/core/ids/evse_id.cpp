#include "core/ids/evse_id.h"

#include <algorithm>

#include "core/ids/ascii.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"

namespace openmsp {

namespace {

constexpr std::size_t kMaxIsoOutletLength = 31;
constexpr std::size_t kMaxDinOutletLength = 32;

std::string Position(std::string_view whole, std::string_view part, std::size_t index) {
  return std::to_string(static_cast<std::size_t>(part.data() - whole.data()) + index + 1);
}

Result<std::pair<std::string, std::string_view>> ParseCallingCode(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  const std::size_t star = text.find('*');
  const std::string_view digits = text.substr(0, star);
  if (digits.empty() || digits.size() > 3 || !std::ranges::all_of(digits, ascii::IsDigit) ||
      digits.front() == '0') {
    return InvalidArgument("calling_code", "country calling code " + ascii::Quote(digits) +
                                               " must be 1 to 3 digits, not starting with 0");
  }
  if (star == std::string_view::npos) {
    return InvalidArgument("", "a DIN operator id is a country calling code, '*' and 3 to 6 digits");
  }
  return std::pair{std::string(digits), text.substr(star + 1)};
}

}  // namespace

Result<std::pair<EvseOperatorId, std::string_view>> EvseOperatorId::ParsePrefix(std::string_view text) {
  if (text.empty()) return InvalidArgument("", "operator id is empty");
  if (text.front() == '+' || ascii::IsDigit(text.front())) {
    OPENMSP_ASSIGN_OR_RETURN(auto calling_code, ParseCallingCode(text));
    std::string_view rest = calling_code.second;
    const std::string_view digits = rest.substr(0, rest.find('*'));
    Result<std::string> code = ParseDinOperatorId(digits);
    if (!code) return code.error().Nested("operator_id");
    rest.remove_prefix(digits.size());
    return std::pair{EvseOperatorId(EvseIdStandard::kDin, std::move(calling_code.first), *std::move(code)),
                     rest};
  }
  Result<Country> country = CountryFromAlpha2(text.substr(0, 2));
  if (!country) return country.error().Nested("country_code");
  std::string_view rest = text.substr(2);
  if (rest.starts_with('*')) rest.remove_prefix(1);
  Result<std::string> code = ParseOperatorId(rest.substr(0, 3));
  if (!code) return code.error().Nested("operator_id");
  rest.remove_prefix(3);
  return std::pair{EvseOperatorId(EvseIdStandard::kIso, std::string(country->alpha2), *std::move(code)),
                   rest};
}

Result<EvseOperatorId> EvseOperatorId::Parse(std::string_view text) {
  OPENMSP_ASSIGN_OR_RETURN(auto parsed, ParsePrefix(text));
  if (!parsed.second.empty()) {
    return InvalidArgument("", ascii::Quote(parsed.second) + " follows the operator id " +
                                   parsed.first.ToString() + "; an operator id ends there");
  }
  return std::move(parsed.first);
}

std::string EvseOperatorId::ToString() const {
  return (standard_ == EvseIdStandard::kDin ? "+" : "") + country_ + '*' + code_;
}

Result<EvseOperatorId> EvseOperatorId::ToIso() const {
  if (standard_ == EvseIdStandard::kIso) return *this;
  Result<Country> country = CountryFromCallingCode(country_);
  if (!country) return country.error().Nested("calling_code");
  if (code_.size() != 3) {
    return InvalidArgument("operator_id", "DIN operator id '" + code_ + "' has " +
                                              std::to_string(code_.size()) +
                                              " digits; only 3-digit ones map to an ISO operator id");
  }
  return EvseOperatorId(EvseIdStandard::kIso, std::string(country->alpha2), code_);
}

Result<EvseId> EvseId::Parse(std::string_view input) {
  const std::string_view text = ascii::TrimBlanks(input);
  if (text.empty()) return InvalidArgument("", "EVSE id is empty");
  OPENMSP_ASSIGN_OR_RETURN(auto parsed, EvseOperatorId::ParsePrefix(text));
  std::string_view rest = parsed.second;
  const bool din = parsed.first.standard() == EvseIdStandard::kDin;
  if (rest.starts_with('*')) rest.remove_prefix(1);
  if (!din) {
    if (rest.empty()) {
      return InvalidArgument("", "EVSE id ends after the operator id; 'E' and the outlet id must follow");
    }
    switch (ascii::ToUpper(rest.front())) {
      case 'E': break;
      case 'P':
        return InvalidArgument(
            "", "this is a charging pool id (ID type 'P' after the operator id), not an EVSE id");
      case 'S':
        return InvalidArgument("",
                               "this is a charging station id (ID type 'S' after the operator id), not an "
                               "EVSE id");
      default:
        return InvalidArgument("", "an EVSE id has the ID type 'E' after the operator id, got " +
                                       ascii::DescribeByte(rest.front()));
    }
    rest.remove_prefix(1);
  }
  const std::size_t max_length = din ? kMaxDinOutletLength : kMaxIsoOutletLength;
  if (rest.empty()) return InvalidArgument("outlet_id", "outlet id is missing");
  if (rest.size() > max_length) {
    return InvalidArgument("outlet_id", "outlet id must be at most " + std::to_string(max_length) +
                                            " characters, got " + std::to_string(rest.size()));
  }
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '*' || ascii::IsDigit(c) || (!din && ascii::IsAlpha(c))) continue;
    return InvalidArgument("outlet_id",
                           ascii::DescribeByte(c) + " at position " + Position(input, rest, i) +
                               (din ? " is not allowed in a DIN outlet id (digits and '*' only)"
                                    : " is not allowed in an outlet id (letters, digits and '*')"));
  }
  return EvseId(std::move(parsed.first), ascii::ToUpper(rest));
}

std::string EvseId::ToString() const {
  return operator_id_.ToString() + (standard() == EvseIdStandard::kIso ? "*E" : "*") + outlet_;
}

Result<EvseId> EvseId::ToIso() const {
  if (standard() == EvseIdStandard::kIso) return *this;
  OPENMSP_ASSIGN_OR_RETURN(EvseOperatorId iso_operator, operator_id_.ToIso());
  if (outlet_.size() > kMaxIsoOutletLength) {
    return InvalidArgument("outlet_id", "outlet id has " + std::to_string(outlet_.size()) +
                                            " characters; an ISO EVSE id allows at most 31 after the 'E'");
  }
  return EvseId(std::move(iso_operator), outlet_);
}

}  // namespace openmsp
