#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace openmsp {

/// Thrown by `Result::value()` on a failed result: reading a value that is not there is a bug, not an
/// expected failure, so it is the one case where a `Result` throws.
class BadResultAccess : public std::logic_error {
 public:
  explicit BadResultAccess(const Error& error)
      : std::logic_error("value() of a failed Result: " + error.ToString()) {}
};

/// Either a `T` or an `Error`: the return type of every operation that can fail on bad input or state.
/// (GCC 12 has no `std::expected`; this is the small subset OpenMSP needs.)
///
///     Result<Decimal> price = Decimal::Parse(text);
///     if (!price) return price.error().Nested("price");
///     Use(*price);
template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : state_(std::in_place_index<0>, value) {}
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  /// Lets `return "text";` work for `Result<std::string>` and similar conversions.
  template <class U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
             !std::is_same_v<std::remove_cvref_t<U>, Error>)
  Result(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return Check(), std::get<0>(state_); }
  T& value() & { return Check(), std::get<0>(state_); }
  T&& value() && { return Check(), std::get<0>(std::move(state_)); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  /// The error; only meaningful when `!ok()`.
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

  T value_or(T fallback) const& { return ok() ? std::get<0>(state_) : std::move(fallback); }

 private:
  void Check() const {
    if (!ok()) throw BadResultAccess(std::get<1>(state_));
  }

  std::variant<T, Error> state_;
};

/// A result without a value: success, or an error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

/// The success value of `Result<void>`: `return Ok();`.
inline Result<void> Ok() { return {}; }

}  // namespace openmsp

#define OPENMSP_CONCAT_INNER(a, b) a##b
#define OPENMSP_CONCAT(a, b) OPENMSP_CONCAT_INNER(a, b)

/// Evaluates `expr` (a `Result<void>` or any `Result<T>`) and returns its error from the enclosing function.
/// Each use names its own temporary, so that `expr` may hold a lambda that uses the macro itself.
#define OPENMSP_RETURN_IF_ERROR(expr) \
  OPENMSP_RETURN_IF_ERROR_IMPL(OPENMSP_CONCAT(openmsp_result_, __COUNTER__), expr)
#define OPENMSP_RETURN_IF_ERROR_IMPL(tmp, expr)                 \
  do {                                                          \
    if (auto tmp = (expr); !tmp.ok()) {                         \
      return std::move(tmp).error();                            \
    }                                                           \
  } while (false)

/// `OPENMSP_ASSIGN_OR_RETURN(auto price, Decimal::Parse(text));` declares `price` from the value of a
/// `Result<T>`, or returns its error from the enclosing function.
#define OPENMSP_ASSIGN_OR_RETURN(lhs, expr) \
  OPENMSP_ASSIGN_OR_RETURN_IMPL(OPENMSP_CONCAT(openmsp_result_, __LINE__), lhs, expr)
#define OPENMSP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)  \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).error();        \
  lhs = std::move(tmp).value()
