#include "domain/session.h"

#include <array>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/currency.h"
#include "core/enum_names.h"
#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"
#include "core/json.h"

namespace openmsp::domain {
namespace {

namespace json = boost::json;

constexpr EnumNames<SessionStatus, 5> kStatusNames = {
    {{SessionStatus::kActive, "ACTIVE"},
     {SessionStatus::kCompleted, "COMPLETED"},
     {SessionStatus::kInvalid, "INVALID"},
     {SessionStatus::kPending, "PENDING"},
     {SessionStatus::kReservation, "RESERVATION"}}};
constexpr EnumNames<AuthMethod, 3> kAuthMethodNames = {
    {{AuthMethod::kAuthRequest, "AUTH_REQUEST"},
     {AuthMethod::kCommand, "COMMAND"},
     {AuthMethod::kWhitelist, "WHITELIST"}}};

Result<void> ValidateId(std::string_view id, std::size_t max_length, bool required, std::string_view field) {
  if (required && id.empty()) return InvalidArgument(std::string(field), "must not be empty");
  if (Result<void> valid = ValidateCiString(id, max_length); !valid) return valid.error().Nested(field);
  return Ok();
}

Result<void> ValidateNotNegative(const Decimal& value, std::string_view field) {
  if (value.Sign() < 0) {
    return InvalidArgument(std::string(field), value.ToString() + " is negative");
  }
  return Ok();
}

// Reading members of a JSON object; `null` counts as absent, as OCPI peers send both.
const json::value* Member(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

Result<const json::object*> ObjectMember(const json::object& object, std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return InvalidArgument(std::string(key), "is required");
  if (!value->is_object()) return InvalidArgument(std::string(key), "must be an object");
  return &value->get_object();
}

Result<std::optional<std::string_view>> OptionalString(const json::object& object, std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return std::optional<std::string_view>();
  if (!value->is_string()) return InvalidArgument(std::string(key), "must be a string");
  const json::string& text = value->get_string();
  return std::optional<std::string_view>(std::string_view(text.data(), text.size()));
}

Result<std::string_view> RequiredString(const json::object& object, std::string_view key) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string_view> text, OptionalString(object, key));
  if (!text) return InvalidArgument(std::string(key), "is required");
  return *text;
}

Result<std::optional<Decimal>> OptionalNumber(const json::object& object, std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return std::optional<Decimal>();
  Result<Decimal> number = DecimalFromJson(*value);
  if (!number) return number.error().Nested(key);
  return std::optional<Decimal>(*number);
}

Result<Decimal> RequiredNumber(const json::object& object, std::string_view key) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> number, OptionalNumber(object, key));
  if (!number) return InvalidArgument(std::string(key), "is required");
  return *number;
}

Result<std::optional<Instant>> OptionalDateTime(const json::object& object, std::string_view key) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string_view> text, OptionalString(object, key));
  if (!text) return std::optional<Instant>();
  Result<Instant> instant = ParseOcpiDateTime(*text);
  if (!instant) return instant.error().Nested(key);
  return std::optional<Instant>(*instant);
}

Result<Instant> RequiredDateTime(const json::object& object, std::string_view key) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> instant, OptionalDateTime(object, key));
  if (!instant) return InvalidArgument(std::string(key), "is required");
  return *instant;
}

template <class Parse>
auto RequiredEnum(const json::object& object, std::string_view key, Parse parse) -> decltype(parse("")) {
  OPENMSP_ASSIGN_OR_RETURN(std::string_view text, RequiredString(object, key));
  auto value = parse(text);
  if (!value) return value.error().Nested(key);
  return value;
}

Result<PartyId> PartyOf(const json::object& object) {
  OPENMSP_ASSIGN_OR_RETURN(std::string_view country_code, RequiredString(object, "country_code"));
  OPENMSP_ASSIGN_OR_RETURN(std::string_view party_id, RequiredString(object, "party_id"));
  return PartyId::FromFields(country_code, party_id);
}

Result<CdrToken> CdrTokenOf(const json::object& object) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, PartyOf(object));
  OPENMSP_ASSIGN_OR_RETURN(std::string_view uid, RequiredString(object, "uid"));
  OPENMSP_ASSIGN_OR_RETURN(TokenType type, RequiredEnum(object, "type", ParseTokenType));
  OPENMSP_ASSIGN_OR_RETURN(std::string_view contract_id, RequiredString(object, "contract_id"));
  return CdrToken{
      .party = party, .uid = std::string(uid), .type = type, .contract_id = std::string(contract_id)};
}

Result<std::optional<OcpiPrice>> PriceOf(const json::object& object, std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return std::optional<OcpiPrice>();
  if (!value->is_object()) return InvalidArgument(std::string(key), "must be an object");
  const json::object& price = value->get_object();
  OcpiPrice parsed;
  Result<Decimal> excl_vat = RequiredNumber(price, "excl_vat");
  if (!excl_vat) return excl_vat.error().Nested(key);
  parsed.excl_vat = *excl_vat;
  Result<std::optional<Decimal>> incl_vat = OptionalNumber(price, "incl_vat");
  if (!incl_vat) return incl_vat.error().Nested(key);
  parsed.incl_vat = *incl_vat;
  return std::optional<OcpiPrice>(parsed);
}

Result<void> CheckChargingPeriods(const json::object& object) {
  const json::value* periods = Member(object, "charging_periods");
  if (periods == nullptr) return Ok();
  if (!periods->is_array()) return InvalidArgument("charging_periods", "must be an array");
  const json::array& list = periods->get_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) {
      return InvalidArgument("charging_periods[" + std::to_string(i) + "]", "must be an object");
    }
  }
  return Ok();
}

Result<json::object> ObjectOfText(std::string_view text, std::string_view what) {
  Result<json::value> parsed = ParseJson(text);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return InvalidArgument("", std::string(what) + " must be a JSON object");
  return std::move(parsed->get_object());
}

}  // namespace

std::string_view SessionStatusName(SessionStatus status) { return NameOf(kStatusNames, status); }
std::string_view AuthMethodName(AuthMethod method) { return NameOf(kAuthMethodNames, method); }
Result<SessionStatus> ParseSessionStatus(std::string_view name) { return ValueOf(kStatusNames, name); }
Result<AuthMethod> ParseAuthMethod(std::string_view name) { return ValueOf(kAuthMethodNames, name); }

bool IsLive(SessionStatus status) {
  return status == SessionStatus::kActive || status == SessionStatus::kPending;
}

bool IsShownLive(const StoredSession& session) { return IsLive(session.session.status) && !session.cdr; }

Result<void> ValidateSession(const Session& session) {
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.key.session_id, 36, true, "id"));
  if (session.end_date_time && *session.end_date_time < session.start_date_time) {
    return InvalidArgument("end_date_time", FormatOcpiDateTime(*session.end_date_time) +
                                                " is before start_date_time " +
                                                FormatOcpiDateTime(session.start_date_time));
  }
  OPENMSP_RETURN_IF_ERROR(ValidateNotNegative(session.kwh, "kwh"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.cdr_token.uid, 36, true, "cdr_token.uid"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.cdr_token.contract_id, 36, true, "cdr_token.contract_id"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.authorization_reference, 36, false, "authorization_reference"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.location_id, 36, true, "location_id"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.evse_uid, 36, true, "evse_uid"));
  OPENMSP_RETURN_IF_ERROR(ValidateId(session.connector_id, 36, true, "connector_id"));
  if (Result<void> valid = ValidateOcpiString(session.meter_id, 255); !valid) {
    return valid.error().Nested("meter_id");
  }
  if (Result<Currency> currency = Currency::Find(session.currency); !currency) {
    return InvalidArgument("currency", currency.error().message);
  }
  if (session.total_cost) {
    const OcpiPrice& cost = *session.total_cost;
    OPENMSP_RETURN_IF_ERROR(ValidateNotNegative(cost.excl_vat, "total_cost.excl_vat"));
    if (cost.incl_vat && *cost.incl_vat < cost.excl_vat) {
      return InvalidArgument("total_cost.incl_vat", cost.incl_vat->ToString() + " is below excl_vat " +
                                                        cost.excl_vat.ToString() + " (VAT is never negative)");
    }
  }
  if (session.raw_json.empty()) return InvalidArgument("raw_json", "must hold the session as received");
  return Ok();
}

Result<void> ValidateCdrKey(const CdrKey& cdr) { return ValidateId(cdr.cdr_id, 39, true, "cdr_id"); }

Result<Session> SessionFromOcpiJson(std::string_view json_text) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, ObjectOfText(json_text, "a Session"));
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, PartyOf(object));
  OPENMSP_ASSIGN_OR_RETURN(std::string_view id, RequiredString(object, "id"));
  OPENMSP_ASSIGN_OR_RETURN(const json::object* token, ObjectMember(object, "cdr_token"));
  Result<CdrToken> cdr_token = CdrTokenOf(*token);
  if (!cdr_token) return cdr_token.error().Nested("cdr_token");
  Session session{.key = {.party = party, .session_id = std::string(id)},
                  .start_date_time = {},
                  .end_date_time = {},
                  .kwh = {},
                  .cdr_token = *std::move(cdr_token),
                  .auth_method = AuthMethod::kWhitelist,
                  .authorization_reference = {},
                  .location_id = {},
                  .evse_uid = {},
                  .connector_id = {},
                  .meter_id = {},
                  .currency = {},
                  .total_cost = {},
                  .status = SessionStatus::kPending,
                  .last_updated = {},
                  .raw_json = std::string(json_text),
                  .customer = {}};
  OPENMSP_ASSIGN_OR_RETURN(session.start_date_time, RequiredDateTime(object, "start_date_time"));
  OPENMSP_ASSIGN_OR_RETURN(session.end_date_time, OptionalDateTime(object, "end_date_time"));
  OPENMSP_ASSIGN_OR_RETURN(session.kwh, RequiredNumber(object, "kwh"));
  OPENMSP_ASSIGN_OR_RETURN(session.auth_method, RequiredEnum(object, "auth_method", ParseAuthMethod));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string_view> reference,
                           OptionalString(object, "authorization_reference"));
  session.authorization_reference = std::string(reference.value_or(""));
  OPENMSP_ASSIGN_OR_RETURN(session.location_id, RequiredString(object, "location_id"));
  OPENMSP_ASSIGN_OR_RETURN(session.evse_uid, RequiredString(object, "evse_uid"));
  OPENMSP_ASSIGN_OR_RETURN(session.connector_id, RequiredString(object, "connector_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string_view> meter_id, OptionalString(object, "meter_id"));
  session.meter_id = std::string(meter_id.value_or(""));
  OPENMSP_ASSIGN_OR_RETURN(session.currency, RequiredString(object, "currency"));
  OPENMSP_RETURN_IF_ERROR(CheckChargingPeriods(object));
  OPENMSP_ASSIGN_OR_RETURN(session.total_cost, PriceOf(object, "total_cost"));
  OPENMSP_ASSIGN_OR_RETURN(session.status, RequiredEnum(object, "status", ParseSessionStatus));
  OPENMSP_ASSIGN_OR_RETURN(session.last_updated, RequiredDateTime(object, "last_updated"));
  OPENMSP_RETURN_IF_ERROR(ValidateSession(session));
  return session;
}

Result<std::string> MergeSessionPatch(std::string_view stored_json, std::string_view patch_json) {
  Result<json::object> stored = ObjectOfText(stored_json, "the stored session");
  if (!stored) {
    Error error = stored.error();
    return Error{ErrorCode::kInternal, "raw_json", "the stored session does not read back: " + error.message};
  }
  OPENMSP_ASSIGN_OR_RETURN(json::object patch, ObjectOfText(patch_json, "a Session PATCH"));
  if (Member(patch, "last_updated") == nullptr) {
    return InvalidArgument("last_updated", "is required in every PATCH");
  }
  for (std::string_view key : {"country_code", "party_id", "id"}) {
    const json::value* patched = Member(patch, key);
    if (patched == nullptr) continue;
    const json::value* kept = Member(*stored, key);
    if (!patched->is_string() || kept == nullptr || !kept->is_string() ||
        !CiStringEquals(patched->get_string(), kept->get_string())) {
      return InvalidArgument(std::string(key), "a PATCH cannot change what identifies the session");
    }
  }
  for (const auto& [key, value] : patch) {
    if (value.is_null()) continue;  // a PATCH cannot delete information
    if (key == "charging_periods") {
      if (!value.is_array()) return InvalidArgument("charging_periods", "must be an array");
      json::value* periods = stored->if_contains("charging_periods");
      if (periods == nullptr || !periods->is_array()) {
        (*stored)["charging_periods"] = value;
      } else {
        for (const json::value& period : value.get_array()) periods->get_array().push_back(period);
      }
      continue;
    }
    (*stored)[key] = value;
  }
  return SerializeJson(json::value(std::move(*stored)));
}

}  // namespace openmsp::domain
