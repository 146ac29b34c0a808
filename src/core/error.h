#pragma once

#include <string>
#include <string_view>

namespace openmsp {

/// The one error enum of OpenMSP. Every expected failure carries one of these codes; `HttpStatus` and
/// `OcpiStatus` below are the single table that turns a code into what a client sees.
enum class ErrorCode {
  kInvalidArgument,      ///< the input is malformed or breaks a rule; `Error::field` names the culprit
  kNotEnoughInformation, ///< the input is well-formed but lacks what is needed to answer (OCPI 2002)
  kUnauthenticated,      ///< no or unknown credentials
  kPermissionDenied,     ///< authenticated, but not allowed to do this
  kNotFound,             ///< the object does not exist (or is outside the caller's scope)
  kUnknownLocation,      ///< OCPI 2003: a location the receiver does not know
  kUnknownToken,         ///< OCPI 2004: a token the receiver does not know
  kAlreadyExists,        ///< creating something that is already there
  kConflict,             ///< the request contradicts stored state (e.g. a CDR id reused with another body)
  kFailedPrecondition,   ///< the system is not in a state that allows the operation
  kOutOfRange,           ///< a number beyond what OpenMSP can represent or accepts
  kUnavailable,          ///< a dependency (database, peer) cannot be reached now; retrying may help
  kPeerError,            ///< a remote OCPI party answered with an error or nonsense
  kInternal,             ///< a bug: an invariant of OpenMSP itself does not hold
};

/// A failure as a value: what kind, which input field (dotted path such as `tariffs[0].elements`, empty
/// when no single field is to blame) and a sentence for a person.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string field;
  std::string message;

  /// `field: message`, or just the message when no field is named.
  std::string ToString() const;

  /// The same error with `prefix` put in front of its field: `Nested("tariff")` turns `price` into
  /// `tariff.price`, so a parser of a sub-object can report paths relative to itself.
  Error Nested(std::string_view prefix) const;

  friend bool operator==(const Error&, const Error&) = default;
};

/// Shorthand for the most common error: `field` holds a value that `message` explains is wrong.
Error InvalidArgument(std::string field, std::string message);

/// The stable lower-case name of a code, as used in logs and problem documents (`invalid_argument`).
std::string_view ErrorCodeName(ErrorCode code);

/// The HTTP status a code maps to (400, 401, 403, 404, 409, 422, 500, 502, 503).
int HttpStatus(ErrorCode code);

/// The OCPI `status_code` a code maps to (2000–2004, 3000, 3001).
int OcpiStatus(ErrorCode code);

}  // namespace openmsp
