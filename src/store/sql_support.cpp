#include "store/sql_support.h"

#include <charconv>
#include <utility>

namespace openmsp::store {

std::string InstantColumn(const SqlDialect& dialect, std::string_view column) {
  return std::string(dialect.instant_open) + std::string(column) + std::string(dialect.instant_close);
}

Error Corrupt(std::string message) { return Error{ErrorCode::kInternal, "database", std::move(message)}; }

Error NotFound(std::string field, std::string message) {
  return Error{ErrorCode::kNotFound, std::move(field), std::move(message)};
}

Result<std::int64_t> ParseInteger(const std::optional<std::string>& text) {
  std::int64_t value = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
    return Corrupt("expected an integer, found '" + text.value_or("NULL") + "'");
  }
  return value;
}

std::string TextOf(const std::optional<std::string>& text) { return text.value_or(""); }

SqlParam OptionalText(const std::string& text) { return text.empty() ? SqlParam(nullptr) : SqlParam(text); }

std::string InstantParam(Instant instant) {
  std::string text = FormatOcpiDateTime(instant);
  if (text.find('.') == std::string::npos) text.insert(text.size() - 1, ".000");
  return text;
}

SqlParam OptionalInstant(const std::optional<Instant>& instant) {
  return instant ? SqlParam(InstantParam(*instant)) : SqlParam(nullptr);
}

Result<std::optional<Instant>> ParseOptionalInstant(const std::optional<std::string>& text) {
  if (!text) return std::optional<Instant>();
  Result<Instant> instant = ParseOcpiDateTime(*text);
  if (!instant) return Corrupt("expected an OCPI DateTime, found '" + *text + "'");
  return std::optional<Instant>(*instant);
}

Result<Instant> ParseRequiredInstant(const std::optional<std::string>& text) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> instant, ParseOptionalInstant(text));
  if (!instant) return Corrupt("expected an OCPI DateTime, found NULL");
  return *instant;
}

SqlParam DecimalParam(const std::optional<Decimal>& value) {
  return value ? SqlParam(value->ToString()) : SqlParam(nullptr);
}

Result<Decimal> ParseDecimal(const std::optional<std::string>& text) {
  Result<Decimal> value = Decimal::Parse(TextOf(text));
  if (!value) return Corrupt("expected a decimal, found '" + text.value_or("NULL") + "'");
  return value;
}

Result<std::optional<Decimal>> ParseOptionalDecimal(const std::optional<std::string>& text) {
  if (!text) return std::optional<Decimal>();
  OPENMSP_ASSIGN_OR_RETURN(Decimal value, ParseDecimal(text));
  return std::optional<Decimal>(value);
}

Result<PartyId> ParseParty(const std::optional<std::string>& country_code,
                           const std::optional<std::string>& party_id) {
  Result<PartyId> party = PartyId::FromFields(TextOf(country_code), TextOf(party_id));
  if (!party) return Corrupt("expected a party id, found '" + TextOf(country_code) + "-" + TextOf(party_id) + "'");
  return party;
}

}  // namespace openmsp::store
