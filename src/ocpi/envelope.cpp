#include "ocpi/envelope.h"

#include <utility>

#include "core/json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;

constexpr int kMinStatusCode = 1000;
constexpr int kMaxStatusCode = 4999;

constexpr std::size_t kMaxQuotedMessageBytes = 200;

Error PeerError(std::string field, std::string message) {
  return Error{ErrorCode::kPeerError, std::move(field), std::move(message)};
}

// A peer's free text as it may appear in our error messages and logs: control characters become spaces
// and it is cut at a UTF-8 character boundary.
std::string Sanitised(std::string_view text) {
  std::string clean(text.substr(0, kMaxQuotedMessageBytes));
  while (clean.size() < text.size() && !clean.empty() &&
         (static_cast<unsigned char>(text[clean.size()]) & 0xC0U) == 0x80U) {
    clean.pop_back();
  }
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return clean;
}

}  // namespace

Result<StatusClass> ClassOf(int status_code) {
  if (status_code < kMinStatusCode || status_code > kMaxStatusCode) {
    return InvalidArgument("", std::to_string(status_code) + " is not an OCPI status code (1000 to 4999)");
  }
  switch (status_code / 1000) {
    case 1:
      return StatusClass::kSuccess;
    case 2:
      return StatusClass::kClientError;
    case 3:
      return StatusClass::kServerError;
    default:
      return StatusClass::kHubError;
  }
}

json::object EnvelopeJson(const Envelope& envelope) {
  json::object object;
  if (!envelope.data.is_null()) object["data"] = envelope.data;
  object["status_code"] = envelope.status_code;
  if (!envelope.status_message.empty()) object["status_message"] = envelope.status_message;
  object["timestamp"] = FormatOcpiDateTime(envelope.timestamp);
  return object;
}

http::HttpResponse EnvelopeResponse(int http_status, const Envelope& envelope) {
  return http::HttpResponse::Json(http_status, SerializeJson(EnvelopeJson(envelope)));
}

http::HttpResponse SuccessResponse(json::value data, Instant timestamp, int http_status) {
  return EnvelopeResponse(http_status, Envelope{.data = std::move(data),
                                                .status_code = ToInt(StatusCode::kSuccess),
                                                .status_message = "Success",
                                                .timestamp = timestamp});
}

Envelope ErrorEnvelope(const Error& error, Instant timestamp) {
  return Envelope{.data = nullptr,
                  .status_code = OcpiStatus(error.code),
                  .status_message = error.code == ErrorCode::kInternal ? "internal error" : error.ToString(),
                  .timestamp = timestamp};
}

http::HttpResponse ErrorResponse(const Error& error, Instant timestamp) {
  return EnvelopeResponse(HttpStatus(error.code), ErrorEnvelope(error, timestamp));
}

Result<Envelope> ParseEnvelope(std::string_view body) {
  Result<json::value> document = ParseJson(body);
  if (!document) return PeerError("body", "is not JSON: " + document.error().ToString());
  json::object* object = document->if_object();
  if (object == nullptr) return PeerError("body", "is not an OCPI response envelope (a JSON object)");

  Envelope envelope;
  const json::value* status_code = object->if_contains("status_code");
  if (status_code == nullptr || status_code->is_null()) return PeerError("status_code", "is required");
  const std::int64_t* code = status_code->if_int64();
  if (code == nullptr || *code < kMinStatusCode || *code > kMaxStatusCode) {
    return PeerError("status_code", "must be an integer from 1000 to 4999");
  }
  envelope.status_code = static_cast<int>(*code);

  const json::value* timestamp = object->if_contains("timestamp");
  if (timestamp == nullptr || timestamp->is_null()) return PeerError("timestamp", "is required");
  if (!timestamp->is_string()) return PeerError("timestamp", "must be an OCPI DateTime string");
  Result<Instant> instant = ParseOcpiDateTime(timestamp->get_string());
  if (!instant) return PeerError("timestamp", instant.error().message);
  envelope.timestamp = *instant;

  if (const json::value* message = object->if_contains("status_message"); message && !message->is_null()) {
    if (!message->is_string()) return PeerError("status_message", "must be a string");
    envelope.status_message = std::string(message->get_string());
  }
  if (json::value* data = object->if_contains("data")) envelope.data = std::move(*data);
  return envelope;
}

Result<json::value> SuccessData(Envelope envelope) {
  if (envelope.status_code / 1000 == 1) return std::move(envelope.data);
  std::string message = "the peer answered " + std::to_string(envelope.status_code);
  if (!envelope.status_message.empty()) message += ": " + Sanitised(envelope.status_message);
  return PeerError("status_code", std::move(message));
}

}  // namespace openmsp::ocpi
