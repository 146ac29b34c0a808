#include "emsp/ocpi_cdr.h"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <span>
#include <string>
#include <utility>

#include "core/ids/ocpi_string.h"
#include "core/ids/party_id.h"
#include "domain/token.h"
#include "pricing/cdr_json.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

// How OCPI types a string member (§2.7): a CiString (printable ASCII) or a string (printable UTF-8), and
// its length. Required members must be present; required CiStrings (ids) must not be empty either.
struct StringMember {
  std::string_view key;
  bool ci_string;
  std::size_t max_length;
  bool required;
};

constexpr bool kCi = true;
constexpr bool kText = false;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

// The string members of §7.2, §7.3 that CdrReader does not check (those it does are listed only to be
// required here: the reader lets them be absent).
constexpr StringMember kCdrStrings[] = {
    {"country_code", kCi, 2, kRequired},
    {"party_id", kCi, 3, kRequired},
    {"id", kCi, 39, kRequired},
    {"session_id", kCi, 36, kOptional},
    {"authorization_reference", kCi, 36, kOptional},
    {"meter_id", kText, 255, kOptional},
    {"remark", kText, 255, kOptional},
    {"invoice_reference_id", kCi, 39, kOptional},
};
constexpr StringMember kTokenStrings[] = {
    {"country_code", kCi, 2, kRequired},
    {"party_id", kCi, 3, kRequired},
};
constexpr StringMember kLocationStrings[] = {
    {"id", kCi, 36, kRequired},
    {"name", kText, 255, kOptional},
    {"address", kText, 45, kRequired},
    {"city", kText, 45, kRequired},
    {"postal_code", kText, 10, kOptional},
    {"state", kText, 20, kOptional},
    {"country", kCi, 3, kRequired},
    {"evse_uid", kCi, 36, kRequired},
    {"evse_id", kCi, 48, kRequired},
    {"connector_id", kCi, 36, kRequired},
    {"connector_standard", kCi, 255, kRequired},  // ConnectorType: its many values are not listed here
    {"connector_power_type", kCi, 255, kRequired},
};
constexpr StringMember kCoordinateStrings[] = {
    {"latitude", kText, 10, kRequired},
    {"longitude", kText, 11, kRequired},
};
constexpr StringMember kSignedDataStrings[] = {
    {"encoding_method", kCi, 36, kRequired},
    {"public_key", kText, 512, kOptional},
    {"url", kText, 512, kOptional},
};
constexpr StringMember kSignedValueStrings[] = {
    {"nature", kCi, 32, kRequired},
    {"plain_data", kText, 5000, kRequired},  // 512 in d2, 5000 after the bugfix erratum 4a91081 (§15)
    {"signed_data", kText, 5000, kRequired},
};

enum class AuthMethod { kAuthRequest, kCommand, kWhitelist };
constexpr std::array<ocpi_json::EnumName<AuthMethod>, 3> kAuthMethods = {{
    {"AUTH_REQUEST", AuthMethod::kAuthRequest},
    {"COMMAND", AuthMethod::kCommand},
    {"WHITELIST", AuthMethod::kWhitelist},
}};
enum class ConnectorFormat { kSocket, kCable };
constexpr std::array<ocpi_json::EnumName<ConnectorFormat>, 2> kConnectorFormats = {{
    {"SOCKET", ConnectorFormat::kSocket},
    {"CABLE", ConnectorFormat::kCable},
}};

Result<void> CheckString(const json::object& object, const StringMember& member) {
  const json::value* value = ocpi_json::FindMember(object, member.key);
  if (value == nullptr) {
    if (member.required) return InvalidArgument(std::string(member.key), "is required");
    return Ok();
  }
  const json::string* text = value->if_string();
  if (text == nullptr) return InvalidArgument(std::string(member.key), "must be a string");
  const std::string_view view(text->data(), text->size());
  if (member.required && member.ci_string && view.empty()) {
    return InvalidArgument(std::string(member.key), "must not be empty");
  }
  Result<void> valid = member.ci_string ? ValidateCiString(view, member.max_length)
                                        : ValidateOcpiString(view, member.max_length);
  if (!valid) return valid.error().Nested(member.key);
  return Ok();
}

Result<void> CheckStrings(const json::object& object, std::span<const StringMember> members) {
  for (const StringMember& member : members) OPENMSP_RETURN_IF_ERROR(CheckString(object, member));
  return Ok();
}

// The object member `key`: required (nullptr never returned) or optional (nullptr when absent or null).
Result<const json::object*> ObjectMember(const json::object& object, std::string_view key, bool required) {
  const json::value* value = ocpi_json::FindMember(object, key);
  if (value == nullptr) {
    if (required) return InvalidArgument(std::string(key), "is required");
    return nullptr;
  }
  if (!value->is_object()) return InvalidArgument(std::string(key), "must be an object");
  return &value->get_object();
}

template <class Check>
Result<void> CheckNested(const json::object& object, std::string_view key, bool required, Check check) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* nested, ObjectMember(object, key, required));
  if (nested == nullptr) return Ok();
  if (Result<void> valid = check(*nested); !valid) return valid.error().Nested(key);
  return Ok();
}

template <class Enum, std::size_t N>
Result<void> CheckEnum(const json::object& object, std::string_view key,
                       const std::array<ocpi_json::EnumName<Enum>, N>& names) {
  const json::value* value = ocpi_json::FindMember(object, key);
  if (value == nullptr) return InvalidArgument(std::string(key), "is required");
  if (Result<Enum> read = ocpi_json::ReadEnum(*value, names); !read) return read.error().Nested(key);
  return Ok();
}

Result<void> CheckSignedData(const json::object& signed_data) {
  OPENMSP_RETURN_IF_ERROR(CheckStrings(signed_data, kSignedDataStrings));
  if (const json::value* version = ocpi_json::FindMember(signed_data, "encoding_method_version")) {
    if (Result<std::int64_t> read = ocpi_json::ReadInteger(*version); !read) {
      return read.error().Nested("encoding_method_version");
    }
  }
  const json::value* values = ocpi_json::FindMember(signed_data, "signed_values");
  if (values == nullptr) return InvalidArgument("signed_values", "is required");
  Result<std::vector<bool>> read = ocpi_json::ReadArray(
      *values,
      [](const json::value& element) -> Result<bool> {
        OPENMSP_ASSIGN_OR_RETURN(const json::object* value, ocpi_json::ObjectOf(element));
        OPENMSP_RETURN_IF_ERROR(CheckStrings(*value, kSignedValueStrings));
        return true;
      },
      1);
  if (!read) return read.error().Nested("signed_values");
  return Ok();
}

Result<void> CheckLocation(const json::object& location) {
  OPENMSP_RETURN_IF_ERROR(CheckStrings(location, kLocationStrings));
  OPENMSP_RETURN_IF_ERROR(CheckNested(location, "coordinates", kRequired, [](const json::object& coordinates) {
    return CheckStrings(coordinates, kCoordinateStrings);
  }));
  return CheckEnum(location, "connector_format", kConnectorFormats);
}

// What §7.2 and §7.3 require beyond what CdrReader checked.
Result<void> CheckRest(const json::object& cdr) {
  OPENMSP_RETURN_IF_ERROR(CheckStrings(cdr, kCdrStrings));
  OPENMSP_RETURN_IF_ERROR(CheckNested(cdr, "cdr_token", kRequired, [](const json::object& token) {
    return CheckStrings(token, kTokenStrings);
  }));
  OPENMSP_RETURN_IF_ERROR(CheckEnum(cdr, "auth_method", kAuthMethods));
  OPENMSP_RETURN_IF_ERROR(CheckNested(cdr, "cdr_location", kRequired, CheckLocation));
  OPENMSP_RETURN_IF_ERROR(CheckNested(cdr, "signed_data", kOptional, CheckSignedData));
  if (ocpi_json::FindMember(cdr, "total_cost") == nullptr) return InvalidArgument("total_cost", "is required");
  if (const json::value* home = ocpi_json::FindMember(cdr, "home_charging_compensation");
      home != nullptr && !home->is_bool()) {
    return InvalidArgument("home_charging_compensation", "must be true or false");
  }
  return Ok();
}

Result<Instant> LastUpdated(const json::object& cdr) {
  const json::value* value = ocpi_json::FindMember(cdr, "last_updated");
  if (value == nullptr) return InvalidArgument("last_updated", "is required");
  Result<Instant> instant = ocpi_json::ReadDateTime(*value);
  if (!instant) return instant.error().Nested("last_updated");
  return instant;
}

// An optional string member `CheckRest` checked; empty when absent or null.
std::string OptionalString(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

Result<domain::NewCpoCdr> CpoCdrFromOcpiJson(std::string_view text, domain::TenantId tenant_id) {
  if (text.size() > domain::kMaxCpoCdrBodyBytes) {
    return InvalidArgument("body", "is " + std::to_string(text.size()) + " bytes long, more than the " +
                                       std::to_string(domain::kMaxCpoCdrBodyBytes) + " accepted");
  }
  // One reader per thread: after the first CDRs it reads without allocating.
  thread_local pricing::CdrReader reader;
  OPENMSP_ASSIGN_OR_RETURN(std::reference_wrapper<const pricing::Cdr> read,
                           reader.Read(text, pricing::CdrTariffs::kRead));
  const pricing::Cdr& cdr = read.get();

  // The members the reader passes over, from a document of the same text (already known to be valid JSON
  // whose root is an object), built in a buffer on the stack for a typical CDR.
  unsigned char buffer[16 * 1024];
  json::monotonic_resource resource(buffer, sizeof buffer);
  json::parse_options options;
  options.max_depth = 64;  // ParseJson's, which the reader follows
  boost::system::error_code error;
  const json::value document = json::parse(text, error, json::storage_ptr(&resource), options);
  if (error || !document.is_object()) return InvalidArgument("", "a CDR must be a JSON object");
  const json::object& object = document.get_object();
  OPENMSP_RETURN_IF_ERROR(CheckRest(object));
  OPENMSP_ASSIGN_OR_RETURN(const Instant last_updated, LastUpdated(object));

  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, PartyId::FromFields(cdr.country_code, cdr.party_id));
  Result<domain::TokenType> token_type = domain::ParseTokenType(cdr.token->type);
  if (!token_type) return token_type.error().Nested("cdr_token.type");
  domain::NewCpoCdr parsed{.tenant_id = tenant_id,
                           .cpo = std::move(cpo),
                           .cdr_id = cdr.id,
                           .body = std::string(text),
                           .start_date_time = cdr.start_date_time,
                           .end_date_time = cdr.end_date_time,
                           .currency = cdr.currency,
                           .total_cost_excl_vat = cdr.stated.total_cost->excl_vat,
                           .total_cost_incl_vat = cdr.stated.total_cost->incl_vat,
                           .total_energy = cdr.total_energy,
                           .total_time = cdr.total_time,
                           .token_uid = cdr.token->uid,
                           .token_type = *token_type,
                           .contract_id = cdr.token->contract_id,
                           .location_id = cdr.location->id,
                           .evse_uid = cdr.location->evse_uid,
                           .last_updated = last_updated,
                           .organisation_unit_id = std::nullopt,
                           .session_id = OptionalString(object, "session_id"),
                           .credit = cdr.credit};
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewCpoCdr(parsed));
  return parsed;
}

}  // namespace openmsp::emsp
