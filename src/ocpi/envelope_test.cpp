#include "ocpi/envelope.h"

#include <gtest/gtest.h>

#include <string>

#include "core/json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;

const Instant kNow = ParseOcpiDateTime("2026-03-01T10:00:00.250Z").value();

json::value BodyOf(const http::HttpResponse& response) { return ParseJson(response.body).value(); }

TEST(StatusCodeTest, ClassesFollowTheFirstDigitAndOnlyFourDigitCodesExist) {
  EXPECT_EQ(ClassOf(1000).value(), StatusClass::kSuccess);
  EXPECT_EQ(ClassOf(1900).value(), StatusClass::kSuccess);
  EXPECT_EQ(ClassOf(2004).value(), StatusClass::kClientError);
  EXPECT_EQ(ClassOf(3003).value(), StatusClass::kServerError);
  EXPECT_EQ(ClassOf(4999).value(), StatusClass::kHubError);
  EXPECT_FALSE(ClassOf(999).ok());
  EXPECT_FALSE(ClassOf(5000).ok());
  EXPECT_EQ(ToInt(StatusCode::kReceiverNotConnected), 4003);
  EXPECT_EQ(ToInt(StatusCode::kNoMatchingEndpoints), 3003);
}

TEST(EnvelopeTest, SuccessCarriesDataCodeMessageAndTheInjectedTimestamp) {
  const http::HttpResponse response = SuccessResponse(json::array{1, 2}, kNow);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("content-type"), "application/json");
  EXPECT_EQ(
      response.body,
      R"({"data":[1,2],"status_code":1000,"status_message":"Success","timestamp":"2026-03-01T10:00:00.250Z"})");
}

TEST(EnvelopeTest, CreatedObjectsGet201AndNullDataIsLeftOut) {
  const http::HttpResponse response = SuccessResponse(nullptr, kNow, 201);
  EXPECT_EQ(response.status, 201);
  EXPECT_FALSE(BodyOf(response).as_object().contains("data"));
}

struct ErrorCase {
  ErrorCode code;
  int http_status;
  int ocpi_status;
};

TEST(EnvelopeTest, ErrorsMapToHttpAndOcpiStatusAsDocumented) {
  const ErrorCase cases[] = {
      {ErrorCode::kInvalidArgument, 400, 2001},
      {ErrorCode::kOutOfRange, 400, 2001},
      {ErrorCode::kNotEnoughInformation, 400, 2002},
      {ErrorCode::kUnknownLocation, 404, 2003},
      {ErrorCode::kUnknownToken, 404, 2004},
      {ErrorCode::kUnauthenticated, 401, 2000},
      {ErrorCode::kPermissionDenied, 403, 2000},
      {ErrorCode::kNotFound, 404, 2000},
      {ErrorCode::kAlreadyExists, 409, 2000},
      {ErrorCode::kConflict, 409, 2000},
      {ErrorCode::kFailedPrecondition, 422, 2000},
      {ErrorCode::kUnavailable, 503, 3000},
      {ErrorCode::kPeerError, 502, 3001},
      {ErrorCode::kInternal, 500, 3000},
  };
  for (const ErrorCase& c : cases) {
    const http::HttpResponse response = ErrorResponse(Error{c.code, "f", "m"}, kNow);
    EXPECT_EQ(response.status, c.http_status) << ErrorCodeName(c.code);
    const json::object body = BodyOf(response).as_object();
    EXPECT_EQ(body.at("status_code").as_int64(), c.ocpi_status) << ErrorCodeName(c.code);
    EXPECT_FALSE(body.contains("data"));
    EXPECT_EQ(body.at("timestamp").as_string(), "2026-03-01T10:00:00.250Z");
  }
}

TEST(EnvelopeTest, InvalidArgumentNamesTheFieldAndTheReason) {
  const http::HttpResponse response =
      ErrorResponse(InvalidArgument("roles[0].party_id", "must be at most 3 characters"), kNow);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(BodyOf(response).at("status_message").as_string(),
            "roles[0].party_id: must be at most 3 characters");
}

TEST(EnvelopeTest, InternalErrorsDoNotLeakTheirText) {
  const Envelope envelope = ErrorEnvelope(Error{ErrorCode::kInternal, "", "table x is corrupt"}, kNow);
  EXPECT_EQ(envelope.status_message, "internal error");
  EXPECT_EQ(envelope.status_code, 3000);
}

TEST(ParseEnvelopeTest, ReadsAPeersEnvelopeKeepingDataAsJson) {
  Result<Envelope> envelope =
      ParseEnvelope(R"({"data":{"version":"2.2.1"},"status_code":1000,"status_message":"Success",)"
                    R"("timestamp":"2015-06-30T21:59:59Z","extra":true})");
  ASSERT_TRUE(envelope.ok()) << envelope.error().ToString();
  EXPECT_EQ(envelope->status_code, 1000);
  EXPECT_EQ(envelope->status_message, "Success");
  EXPECT_EQ(envelope->timestamp, ParseOcpiDateTime("2015-06-30T21:59:59Z").value());
  EXPECT_EQ(envelope->data, (json::object{{"version", "2.2.1"}}));
  EXPECT_EQ(SuccessData(*envelope).value(), (json::object{{"version", "2.2.1"}}));
}

TEST(ParseEnvelopeTest, AbsentAndNullDataAndMessageAreAccepted) {
  Result<Envelope> envelope =
      ParseEnvelope(R"({"status_code":1000,"status_message":null,"timestamp":"2015-06-30T21:59:59"})");
  ASSERT_TRUE(envelope.ok()) << envelope.error().ToString();
  EXPECT_TRUE(envelope->data.is_null());
  EXPECT_EQ(envelope->status_message, "");
}

TEST(ParseEnvelopeTest, WhatWeWriteReadsBack) {
  const Envelope written{
      .data = json::array{"a"}, .status_code = 1900, .status_message = "custom", .timestamp = kNow};
  Result<Envelope> read = ParseEnvelope(SerializeJson(EnvelopeJson(written)));
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->data, written.data);
  EXPECT_EQ(read->status_code, 1900);
  EXPECT_EQ(read->status_message, "custom");
  EXPECT_EQ(read->timestamp, kNow);
}

TEST(ParseEnvelopeTest, RefusesWhatIsNotAnEnvelopeNamingTheField) {
  const struct {
    std::string_view body;
    std::string_view field;
  } cases[] = {
      {"<html>502 Bad Gateway</html>", "body"},
      {"[]", "body"},
      {R"({"timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":null,"timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":"1000","timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":1000.0,"timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":200,"timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":5000,"timestamp":"2015-06-30T21:59:59Z"})", "status_code"},
      {R"({"status_code":1000})", "timestamp"},
      {R"({"status_code":1000,"timestamp":1435701599})", "timestamp"},
      {R"({"status_code":1000,"timestamp":"2015-06-30T21:59:59+00:00"})", "timestamp"},
      {R"({"status_code":1000,"timestamp":"2015-06-30 21:59:59Z"})", "timestamp"},
      {R"({"status_code":1000,"status_message":7,"timestamp":"2015-06-30T21:59:59Z"})", "status_message"},
  };
  for (const auto& c : cases) {
    Result<Envelope> envelope = ParseEnvelope(c.body);
    ASSERT_FALSE(envelope.ok()) << c.body;
    EXPECT_EQ(envelope.error().code, ErrorCode::kPeerError) << c.body;
    EXPECT_EQ(envelope.error().field, c.field) << c.body << " -> " << envelope.error().ToString();
  }
}

TEST(ParseEnvelopeTest, ErrorEnvelopesBecomePeerErrorsWithCodeAndSanitisedMessage) {
  Result<Envelope> envelope =
      ParseEnvelope(R"({"status_code":2001,"status_message":"Missing required field: type\nFAKE LOG LINE",)"
                    R"("timestamp":"2015-06-30T21:59:59Z"})");
  ASSERT_TRUE(envelope.ok());
  Result<json::value> data = SuccessData(*envelope);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().code, ErrorCode::kPeerError);
  EXPECT_EQ(data.error().field, "status_code");
  EXPECT_EQ(data.error().message, "the peer answered 2001: Missing required field: type FAKE LOG LINE");
}

TEST(ParseEnvelopeTest, LongPeerMessagesAreCutAtACharacterBoundary) {
  std::string message(199, 'x');
  message += "\xC3\xA9 and more";  // é straddles byte 200
  Envelope envelope{.data = nullptr, .status_code = 3000, .status_message = message, .timestamp = kNow};
  Result<json::value> data = SuccessData(envelope);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().message, "the peer answered 3000: " + std::string(199, 'x'));
}

TEST(ParseEnvelopeTest, TheOfficialErrorExampleParses) {
  Result<Envelope> envelope = ParseEnvelope(
      "{\n\t\"status_code\": 2001,\n\t\"status_message\": \"Missing required field: type\",\n"
      "\t\"timestamp\": \"2015-06-30T21:59:59Z\"\n}");
  ASSERT_TRUE(envelope.ok()) << envelope.error().ToString();
  EXPECT_EQ(envelope->status_code, 2001);
}

}  // namespace
}  // namespace openmsp::ocpi
