#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/result.h"
#include "core/time.h"
#include "http/message.h"

/// The OCPI 2.2.1 response envelope and its status codes (ocpi-2.2.1-emsp.md §2.3, §2.4): every answer
/// OpenMSP gives a CPO or hub is wrapped in `{data, status_code, status_message, timestamp}`, and every
/// answer a peer gives OpenMSP is read back from one. Pure: the timestamp is the caller's (time is
/// injected), and nothing here touches a socket.
namespace openmsp::ocpi {

/// The status codes OCPI 2.2.1 defines (`status_codes.asciidoc`). 2.2.1 defines 3000–3003 and no 3004;
/// the hub range 4000–4003 is new in 2.2.1. The custom ranges 19xx, 29xx, 39xx and 49xx have no names:
/// parsed envelopes keep the code as an `int`.
enum class StatusCode {
  kSuccess = 1000,
  kClientError = 2000,                 ///< generic client error
  kInvalidOrMissingParameters = 2001,  ///< a missing field, a malformed value, URL id ≠ body id
  kNotEnoughInformation = 2002,        ///< e.g. real-time authorization without the needed location
  kUnknownLocation = 2003,             ///< e.g. START_SESSION for a location the CPO does not know
  kUnknownToken = 2004,                ///< real-time authorization of a token the eMSP does not know
  kServerError = 3000,                 ///< generic server error
  kUnableToUseClientApi = 3001,        ///< e.g. the credentials POST's call back to the client failed
  kUnsupportedVersion = 3002,          ///< no version both parties speak
  kNoMatchingEndpoints = 3003,         ///< the parties lack the endpoints they need of each other
  kHubError = 4000,                    ///< generic hub error
  kUnknownReceiver = 4001,             ///< hub: `OCPI-to-*` names a party the hub does not know
  kForwardedRequestTimeout = 4002,     ///< hub: the receiver did not answer in time
  kReceiverNotConnected = 4003,        ///< hub: the receiver is known but not connected
};

/// The four classes of OCPI status codes, by their first digit.
enum class StatusClass { kSuccess, kClientError, kServerError, kHubError };

/// The code's number, e.g. 2001.
constexpr int ToInt(StatusCode code) { return static_cast<int>(code); }

/// The class of an OCPI status code, by its first digit; nothing for a number outside 1000–4999, which is
/// not an OCPI status code.
Result<StatusClass> ClassOf(int status_code);

/// One response envelope: what OpenMSP sends, or what a peer sent (`ParseEnvelope`).
struct Envelope {
  /// The payload: an array for list endpoints, an object for single objects. `null` means absent, and is
  /// written by leaving `data` out, as the d2 note advises for responses the spec gives no data (PUT,
  /// PATCH, a CommandResult POST) and for errors.
  boost::json::value data;
  /// A four-digit OCPI status code (`StatusCode`, or a custom one when parsed).
  int status_code = ToInt(StatusCode::kSuccess);
  /// Free text for a person debugging; left out of the JSON when empty.
  std::string status_message;
  /// When the response was generated: the caller's clock.
  Instant timestamp;
};

/// The envelope as a JSON object: `data` (unless null), `status_code`, `status_message` (unless empty),
/// `timestamp` as an OCPI DateTime (`FormatOcpiDateTime`: always `Z`).
boost::json::object EnvelopeJson(const Envelope& envelope);

/// `envelope` serialized as the body of an HTTP response with `http_status` and
/// `Content-Type: application/json`.
http::HttpResponse EnvelopeResponse(int http_status, const Envelope& envelope);

/// A success: HTTP `http_status` (200, or 201 for a created object), status 1000 "Success", `data`
/// (null: left out).
http::HttpResponse SuccessResponse(boost::json::value data, Instant timestamp, int http_status = 200);

/// The envelope of a failure, without `data`, through the one table of `core/error.h` (`OcpiStatus`):
///
/// | ErrorCode | status_code | why |
/// |---|---|---|
/// | kInvalidArgument, kOutOfRange | 2001 | invalid or missing parameter; the message names `Error::field` |
/// | kNotEnoughInformation | 2002 | e.g. authorization without the LocationReferences policy needs |
/// | kUnknownLocation | 2003 | |
/// | kUnknownToken | 2004 | real-time authorization of an unknown token (§10.1 K2) |
/// | kUnauthenticated, kPermissionDenied, kNotFound, kAlreadyExists, kConflict, kFailedPrecondition | 2000 |
/// the HTTP status says which; OCPI has no finer code | | kUnavailable, kInternal | 3000 | generic server
/// error | | kPeerError | 3001 | we could not use the client's API (e.g. its versions during a credentials
/// POST) |
///
/// `status_message` is `field: reason` (`Error::ToString`), except for kInternal, whose text describes
/// OpenMSP's own bug and is replaced by "internal error" (the caller logs the details).
Envelope ErrorEnvelope(const Error& error, Instant timestamp);

/// `ErrorEnvelope` in an HTTP response whose status comes from the same table (`HttpStatus`): 400 for
/// 2001 and 2002, 401 kUnauthenticated (a missing or unknown token, and token A outside versions and
/// credentials: §2.1, never 200 with a 2xxx), 403 kPermissionDenied, 404 kNotFound, kUnknownLocation and
/// kUnknownToken (§10.1: "404 and 2004", combined as ocpi/ocpi#417 says), 409 kAlreadyExists and
/// kConflict, 422 kFailedPrecondition, 500 kInternal, 502 kPeerError, 503 kUnavailable. Where OCPI asks
/// for another HTTP status for a rule (405 for a second credentials POST, §4.2) the handler calls
/// `EnvelopeResponse` with it.
http::HttpResponse ErrorResponse(const Error& error, Instant timestamp);

/// Reads the envelope of a peer's response body, strictly where it matters and leniently elsewhere:
///
/// - the body must be one JSON object (`ParseJson`'s rules: strict syntax, exact numbers);
/// - `status_code` is required and must be a JSON integer from 1000 to 4999 (not `"1000"`, not `1000.0`);
/// - `timestamp` is required and must be an OCPI DateTime (`ParseOcpiDateTime`: UTC, no offsets);
/// - `status_message` may be absent, `null` or a string;
/// - `data` is kept as it is (absent reads as null), for the module's parser; unknown members are ignored.
///
/// Fails with kPeerError naming the field (`status_code`, `timestamp`, `status_message`, or `body` when the
/// body is not a JSON object) and the reason.
Result<Envelope> ParseEnvelope(std::string_view body);

/// The `data` of an envelope whose status code is a success (1xxx, custom 19xx included). Otherwise
/// kPeerError naming `status_code`, with the peer's code and message in the text (its control characters
/// replaced by spaces and cut at 200 bytes, so a peer cannot forge lines in our logs).
Result<boost::json::value> SuccessData(Envelope envelope);

}  // namespace openmsp::ocpi
