#include "pricing/ocpi_field_json.h"

#include <limits>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"
#include "core/json.h"

namespace openmsp::pricing::ocpi_json {

namespace {

constexpr std::int64_t kMaxInteger = 999'999'999'999'999'999;  // 18 digits, as Decimal::kMaxParsedDigits

}  // namespace

Result<const boost::json::object*> ObjectOf(const boost::json::value& value) {
  const boost::json::object* object = value.if_object();
  if (object == nullptr) return InvalidArgument("", "must be an object");
  return object;
}

const boost::json::value* FindMember(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

Result<std::string_view> ReadString(const boost::json::value& value) {
  const boost::json::string* text = value.if_string();
  if (text == nullptr) return InvalidArgument("", "must be a string");
  return std::string_view(text->data(), text->size());
}

Result<std::string> ReadCiString(const boost::json::value& value, std::size_t max_length) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ReadString(value));
  OPENMSP_RETURN_IF_ERROR(ValidateCiString(text, max_length));
  return std::string(text);
}

Result<Decimal> ReadDecimal(const boost::json::value& value) { return DecimalFromJson(value); }

Result<std::int64_t> ReadInteger(const boost::json::value& value) {
  std::int64_t integer = 0;
  if (const std::int64_t* signed_value = value.if_int64()) {
    integer = *signed_value;
  } else if (value.is_uint64()) {
    integer = std::numeric_limits<std::int64_t>::max();
  } else {
    return InvalidArgument("", "must be an integer");
  }
  if (integer > kMaxInteger || integer < -kMaxInteger) {
    return InvalidArgument("", "must have at most 18 digits");
  }
  return integer;
}

Result<Instant> ReadDateTime(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ReadString(value));
  return ParseOcpiDateTime(text);
}

Result<Currency> ReadCurrency(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ReadString(value));
  return CurrencyFrom(text);
}

Result<Currency> CurrencyFrom(std::string_view text) {
  Result<Currency> currency = Currency::Find(text);
  if (!currency) return InvalidArgument("", currency.error().message);
  return currency;
}

Result<Price> ReadPrice(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required, RequiredMembers<1>(*object, {"excl_vat"}));
  Price price;
  OPENMSP_ASSIGN_OR_RETURN(price.excl_vat, ReadMember(*required[0], "excl_vat", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(price.incl_vat, ReadOptionalMember(*object, "incl_vat", ReadDecimal));
  return price;
}

namespace internal {

Error MissingMembers(std::string_view first, const std::vector<std::string_view>& others) {
  std::string message = "is required";
  if (!others.empty()) {
    message += " (also missing:";
    for (std::string_view other : others) {
      message += ' ';
      message += other;
    }
    message += ')';
  }
  return InvalidArgument(std::string(first), std::move(message));
}

Error UnknownEnumName(std::string_view text, const std::vector<std::string_view>& names) {
  const std::string upper = ascii::ToUpper(text);
  for (std::string_view name : names) {
    if (name == upper) {
      return InvalidArgument("", ascii::Quote(text) + " must be written in upper case: '" + upper + "'");
    }
  }
  std::string message = ascii::Quote(text) + " is not one of";
  for (std::size_t i = 0; i < names.size(); ++i) {
    message += i == 0 ? " " : ", ";
    message += names[i];
  }
  return InvalidArgument("", std::move(message));
}

Error NotAnArray() { return InvalidArgument("", "must be an array"); }

Error TooFewElements(std::size_t min_size) {
  return InvalidArgument("", min_size == 1 ? "must not be empty"
                                           : "must have at least " + std::to_string(min_size) + " elements");
}

std::string IndexStep(std::size_t index) { return '[' + std::to_string(index) + ']'; }

}  // namespace internal

}  // namespace openmsp::pricing::ocpi_json
