#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace openmsp::api {

// Every failure of the Control Centre API is an RFC 9457 problem document (`application/problem+json`):
//
//     {"type": "urn:openmsp:problem:invalid_argument", "title": "Invalid argument", "status": 400,
//      "detail": "email: must contain one @", "errors": [{"field": "email", "reason": "must contain one @"}]}
//
// `type` names the `ErrorCode` (core/error.h), `status` is `HttpStatus(code)` — the one table from code to
// status — and `errors` names the field to blame when there is one.

/// The media type of every error answer.
inline constexpr std::string_view kProblemMediaType = "application/problem+json";

/// The problem document of `error` with the status `HttpStatus(error.code)`.
http::HttpResponse ProblemResponse(const Error& error);

/// A problem of a status no `ErrorCode` maps to (413, 415, 429): `type` is `urn:openmsp:problem:<name>`.
/// `field` may be empty.
http::HttpResponse ProblemResponse(int status, std::string_view name, std::string_view title,
                                   std::string field, std::string detail);

}  // namespace openmsp::api
