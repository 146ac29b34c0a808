#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/ids/ascii.h"
#include "core/result.h"

namespace openmsp {

/// The spelling of each value of an enum, as OCPI or the store writes it: a constexpr table that
/// `NameOf` and `ValueOf` read both ways.
///
///     constexpr EnumNames<TokenStatus, 2> kStatusNames = {{{TokenStatus::kActive, "active"},
///                                                          {TokenStatus::kLost, "lost"}}};
template <class Enum, std::size_t kSize>
using EnumNames = std::array<std::pair<Enum, std::string_view>, kSize>;

/// The spelling of `value`; "" when the table lacks it.
template <class Enum, std::size_t kSize>
std::string_view NameOf(const EnumNames<Enum, kSize>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

/// The value spelled exactly `name`; kInvalidArgument with an empty field (for the caller to `Nested`)
/// otherwise.
template <class Enum, std::size_t kSize>
Result<Enum> ValueOf(const EnumNames<Enum, kSize>& names, std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return InvalidArgument("", ascii::Quote(name) + " is not a known value");
}

}  // namespace openmsp
