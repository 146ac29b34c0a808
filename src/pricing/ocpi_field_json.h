#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "pricing/tariff.h"

/// Reading OCPI fields out of a Boost.JSON document (one parsed with `openmsp::ParseJson`), shared by the
/// tariff and CDR parsers. Every reader fails with kInvalidArgument and an empty field, and the member and
/// array helpers put the member's name or `[index]` in front, so an error that travels up through
/// `Error::Nested` ends up naming the whole path (`elements[1].restrictions.start_time`).
///
/// Conventions (OCPI 2.2.1 `types.asciidoc`): a member whose value is `null` counts as absent; members the
/// parsers do not know are ignored; enum values are case-sensitive upper-case strings.
namespace openmsp::pricing::ocpi_json {

/// `value` as an object, or "must be an object".
Result<const boost::json::object*> ObjectOf(const boost::json::value& value);

/// The value of member `key`, or nullptr when it is absent or `null`.
const boost::json::value* FindMember(const boost::json::object& object, std::string_view key);

/// The values of the members `keys`, all of which must be present and not `null`. Fails naming the first
/// missing one as the field, and every missing one in the message, so that a person fixes them in one go.
template <std::size_t N>
Result<std::array<const boost::json::value*, N>> RequiredMembers(const boost::json::object& object,
                                                                 const std::array<std::string_view, N>& keys);

/// `read(value)` with an error's field prefixed by `key`.
template <class Reader>
auto ReadMember(const boost::json::value& value, std::string_view key, Reader read) -> decltype(read(value)) {
  auto result = read(value);
  if (!result) return std::move(result).error().Nested(key);
  return result;
}

/// The type a reader produces, `T` for a reader returning `Result<T>`.
template <class Reader>
using ReadType = typename std::invoke_result_t<Reader, const boost::json::value&>::value_type;

/// `read` applied to member `key` when it is present and not `null`; no value otherwise.
template <class Reader>
Result<std::optional<ReadType<Reader>>> ReadOptionalMember(const boost::json::object& object,
                                                           std::string_view key, Reader read) {
  const boost::json::value* value = FindMember(object, key);
  if (value == nullptr) return std::optional<ReadType<Reader>>();
  auto result = read(*value);
  if (!result) return std::move(result).error().Nested(key);
  return std::optional<ReadType<Reader>>(std::move(result).value());
}

/// `read` applied to every element of the array `value`, which must hold at least `min_size` elements.
/// An element's error is prefixed by `[index]`.
template <class Reader>
Result<std::vector<ReadType<Reader>>> ReadArray(const boost::json::value& value, Reader read,
                                                std::size_t min_size = 0);

/// A JSON string, viewed in place ("must be a string").
Result<std::string_view> ReadString(const boost::json::value& value);

/// An OCPI `CiString(max_length)`: printable ASCII, at most `max_length` characters.
Result<std::string> ReadCiString(const boost::json::value& value, std::size_t max_length);

/// A JSON number as an exact `Decimal` (see `DecimalFromJson`).
Result<Decimal> ReadDecimal(const boost::json::value& value);

/// An OCPI `int`: a JSON integer (no fraction, no exponent) of at most 18 digits, so that it converts to a
/// `Decimal` as exactly as a parsed number does. `1e2` and `300.0` are refused.
Result<std::int64_t> ReadInteger(const boost::json::value& value);

/// An OCPI `DateTime` (see `ParseOcpiDateTime`).
Result<Instant> ReadDateTime(const boost::json::value& value);

/// An ISO 4217 currency code (see `Currency::Find`).
Result<Currency> ReadCurrency(const boost::json::value& value);

/// `ReadCurrency` of a string's text.
Result<Currency> CurrencyFrom(std::string_view text);

/// An OCPI `Price`: `{excl_vat: number, incl_vat?: number}`.
Result<Price> ReadPrice(const boost::json::value& value);

/// One value of an OCPI enum and how OCPI writes it.
template <class Enum>
struct EnumName {
  std::string_view name;
  Enum value;
};

/// The value `names` lists for the string `value` (exactly, case-sensitive). Fails with a message that
/// lists the allowed values, and suggests the upper-case spelling when that one would be known.
template <class Enum, std::size_t N>
Result<Enum> ReadEnum(const boost::json::value& value, const std::array<EnumName<Enum>, N>& names);

/// `ReadEnum` of a string's text.
template <class Enum, std::size_t N>
Result<Enum> EnumFrom(std::string_view text, const std::array<EnumName<Enum>, N>& names);

/// How OCPI writes `value`, from the same table `ReadEnum` reads with.
template <class Enum, std::size_t N>
std::string_view EnumNameOf(Enum value, const std::array<EnumName<Enum>, N>& names) {
  for (const EnumName<Enum>& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

// The non-template parts of the templates above.
namespace internal {

/// The error "is required" for `first`, listing `others` that are missing too.
Error MissingMembers(std::string_view first, const std::vector<std::string_view>& others);

/// The error of a value that is not an array.
Error NotAnArray();

/// The error of an array with fewer than `min_size` elements.
Error TooFewElements(std::size_t min_size);

/// `[index]`, the path step of an array element.
std::string IndexStep(std::size_t index);

/// The error of a string that is none of `names`.
Error UnknownEnumName(std::string_view text, const std::vector<std::string_view>& names);

}  // namespace internal

template <std::size_t N>
Result<std::array<const boost::json::value*, N>> RequiredMembers(
    const boost::json::object& object, const std::array<std::string_view, N>& keys) {
  std::array<const boost::json::value*, N> values{};
  std::size_t missing = N;
  for (std::size_t i = 0; i < N; ++i) {
    values[i] = FindMember(object, keys[i]);
    if (values[i] == nullptr && missing == N) missing = i;
  }
  if (missing == N) return values;
  std::vector<std::string_view> others;
  for (std::size_t i = missing + 1; i < N; ++i) {
    if (values[i] == nullptr) others.push_back(keys[i]);
  }
  return internal::MissingMembers(keys[missing], others);
}

template <class Reader>
Result<std::vector<ReadType<Reader>>> ReadArray(const boost::json::value& value, Reader read,
                                                std::size_t min_size) {
  const boost::json::array* array = value.if_array();
  if (array == nullptr) return internal::NotAnArray();
  if (array->size() < min_size) return internal::TooFewElements(min_size);
  std::vector<ReadType<Reader>> elements;
  elements.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto element = read((*array)[i]);
    if (!element) return std::move(element).error().Nested(internal::IndexStep(i));
    elements.push_back(std::move(element).value());
  }
  return elements;
}

template <class Enum, std::size_t N>
Result<Enum> ReadEnum(const boost::json::value& value, const std::array<EnumName<Enum>, N>& names) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ReadString(value));
  return EnumFrom(text, names);
}

template <class Enum, std::size_t N>
Result<Enum> EnumFrom(std::string_view text, const std::array<EnumName<Enum>, N>& names) {
  for (const EnumName<Enum>& entry : names) {
    if (entry.name == text) return entry.value;
  }
  std::vector<std::string_view> allowed;
  allowed.reserve(N);
  for (const EnumName<Enum>& entry : names) allowed.push_back(entry.name);
  return internal::UnknownEnumName(text, allowed);
}

}  // namespace openmsp::pricing::ocpi_json
