#include "ocpi/fields.h"

#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"
#include "domain/peer.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::size_t kMaxCountDigits = 18;
constexpr std::size_t kLanguageLength = 2;
constexpr std::size_t kMaxDisplayTextLength = 512;

}  // namespace

Result<void> ValidateUrl(std::string_view url, std::size_t max_length) {
  if (url.empty() || url.size() > max_length) {
    return InvalidArgument("", "must be 1 to " + std::to_string(max_length) + " characters long");
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return InvalidArgument("", "must be an absolute URL (RFC 3986)");
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return InvalidArgument("", "must be an http:// or https:// URL");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    return InvalidArgument("", "must name a host");
  }
  return Ok();
}

Result<std::int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > kMaxCountDigits) {
    return InvalidArgument("", "must be a whole number of 1 to 18 digits");
  }
  std::int64_t count = 0;
  for (char c : text) {
    if (!ascii::IsDigit(c)) return InvalidArgument("", "must be a whole number of 1 to 18 digits");
    count = count * 10 + (c - '0');
  }
  return count;
}

Result<std::string> ReadOcpiString(const json::value& value, std::size_t max_length) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  OPENMSP_RETURN_IF_ERROR(ValidateOcpiString(text, max_length));
  return std::string(text);
}

Result<std::string> ReadUrl(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  OPENMSP_RETURN_IF_ERROR(ValidateUrl(text));
  return std::string(text);
}

Result<void> ValidateId(std::string_view id, std::size_t max_length, std::string_view field) {
  if (id.empty()) return InvalidArgument(std::string(field), "is required");
  if (Result<void> valid = ValidateCiString(id, max_length); !valid) return valid.error().Nested(field);
  return Ok();
}

Result<domain::OcpiRole> ReadOcpiRole(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  Result<domain::OcpiRole> role = domain::ParseOcpiRole(text);
  if (!role)
    return InvalidArgument("", ascii::Quote(text) + " is not one of CPO, EMSP, HUB, NAP, NSP, OTHER, SCSP");
  return role;
}

Result<DisplayText> ReadDisplayText(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<2>(*object, {"language", "text"}));
  DisplayText text;
  OPENMSP_ASSIGN_OR_RETURN(text.language,
                           ocpi_json::ReadMember(*members[0], "language", [](const json::value& v) {
                             return ReadOcpiString(v, kLanguageLength);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(text.text, ocpi_json::ReadMember(*members[1], "text", [](const json::value& v) {
                             return ReadOcpiString(v, kMaxDisplayTextLength);
                           }));
  OPENMSP_RETURN_IF_ERROR(ValidateDisplayText(text));
  return text;
}

Result<std::vector<DisplayText>> ReadDisplayTexts(const json::value* value) {
  if (value == nullptr || value->is_null()) return std::vector<DisplayText>();
  return ocpi_json::ReadArray(*value, ReadDisplayText);
}

Result<void> ValidateDisplayText(const DisplayText& text) {
  if (text.language.size() != kLanguageLength) {
    return InvalidArgument("language", "must be an ISO 639-1 code of 2 characters");
  }
  if (Result<void> language = ValidateCiString(text.language, kLanguageLength); !language) {
    return language.error().Nested("language");
  }
  if (Result<void> valid = ValidateOcpiString(text.text, kMaxDisplayTextLength); !valid) {
    return valid.error().Nested("text");
  }
  return Ok();
}

json::value DisplayTextJson(const DisplayText& text) {
  return json::object{{"language", text.language}, {"text", text.text}};
}

}  // namespace openmsp::ocpi
