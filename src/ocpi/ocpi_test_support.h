#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

// Helpers shared by the OCPI module's tests (a header: nothing of it goes into the library).
namespace openmsp::ocpi::test {

/// The JSON document `text`; the test fails loudly (throws) when it is not one.
inline boost::json::value Json(std::string_view text) { return ParseJson(text).value(); }

/// The error of a result that must have failed; an error saying so when it did not.
template <class T>
Error ErrorOf(const Result<T>& result) {
  if (result.ok()) return Error{ErrorCode::kInternal, "", "expected a failure, got a success"};
  return result.error();
}

}  // namespace openmsp::ocpi::test
