#include "core/error.h"

namespace openmsp {

std::string Error::ToString() const {
  if (field.empty()) return message;
  return field + ": " + message;
}

Error Error::Nested(std::string_view prefix) const {
  Error nested = *this;
  if (field.empty()) {
    nested.field = std::string(prefix);
  } else if (!prefix.empty()) {
    nested.field = std::string(prefix) + (field.front() == '[' ? "" : ".") + field;
  }
  return nested;
}

Error InvalidArgument(std::string field, std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(field), std::move(message)};
}

namespace {

struct ErrorCodeInfo {
  std::string_view name;
  int http_status;
  int ocpi_status;
};

constexpr ErrorCodeInfo Info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return {"invalid_argument", 400, 2001};
    case ErrorCode::kNotEnoughInformation: return {"not_enough_information", 400, 2002};
    case ErrorCode::kUnauthenticated: return {"unauthenticated", 401, 2000};
    case ErrorCode::kPermissionDenied: return {"permission_denied", 403, 2000};
    case ErrorCode::kNotFound: return {"not_found", 404, 2000};
    case ErrorCode::kUnknownLocation: return {"unknown_location", 404, 2003};
    case ErrorCode::kUnknownToken: return {"unknown_token", 404, 2004};
    case ErrorCode::kAlreadyExists: return {"already_exists", 409, 2000};
    case ErrorCode::kConflict: return {"conflict", 409, 2000};
    case ErrorCode::kFailedPrecondition: return {"failed_precondition", 422, 2000};
    case ErrorCode::kOutOfRange: return {"out_of_range", 400, 2001};
    case ErrorCode::kUnavailable: return {"unavailable", 503, 3000};
    case ErrorCode::kPeerError: return {"peer_error", 502, 3001};
    case ErrorCode::kInternal: return {"internal", 500, 3000};
  }
  return {"internal", 500, 3000};
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) { return Info(code).name; }
int HttpStatus(ErrorCode code) { return Info(code).http_status; }
int OcpiStatus(ErrorCode code) { return Info(code).ocpi_status; }

}  // namespace openmsp
