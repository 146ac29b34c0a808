// Everything the OCPI layer emits, validated against the JSON Schemas of OCPI 2.2.1
// (../shared/ocpi/schemas/2.2.1/), and every official example it parses, parsed
// (../shared/ocpi/examples/): one parameterised test per list.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/ids/emaid.h"
#include "core/json.h"
#include "ocpi/commands.h"
#include "ocpi/credentials.h"
#include "ocpi/envelope.h"
#include "ocpi/tokens.h"
#include "ocpi/versions.h"
#include "support/json_schema.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;

const std::string kSharedDir = OPENMSP_SHARED_DIR;
const Instant kNow = ParseOcpiDateTime("2026-03-01T10:00:00.250Z").value();

PartyId Party(std::string_view text) { return PartyId::Parse(text).value(); }

domain::Token Token(domain::TokenType type, std::string uid, bool with_options) {
  return domain::Token{
      .id = {},
      .tenant_id = {},
      .profile_id = {},
      .uid = std::move(uid),
      .type = type,
      .contract_id = EmaId::Parse("NL-DEM-C00122045").value(),
      .visual_number = with_options ? "DEM 0012 2045" : "",
      .issuer = "Demo MSP",
      .group_id = with_options ? "FLEET-7" : "",
      .whitelist = with_options ? domain::TokenWhitelist::kNever : domain::TokenWhitelist::kAllowed,
      .language = with_options ? "nl" : "",
      .valid_from = std::nullopt,
      .valid_until = std::nullopt,
      .cost_centre = "",
      .status = domain::TokenStatus::kActive,
      .last_updated = ParseOcpiDateTime("2026-02-01T09:00:00.5Z").value()};
}

json::object CardJson() {
  return TokenJson(Token(domain::TokenType::kRfid, "04A2B3C4D5E680", false), Party("NL-DEM"), kNow).value();
}
json::object AppJson() {
  return TokenJson(Token(domain::TokenType::kAppUser, "app-user-17", true), Party("NL-DEM"), kNow).value();
}

json::value Success(json::value data) {
  return EnvelopeJson(
      Envelope{.data = std::move(data), .status_code = 1000, .status_message = "Success", .timestamp = kNow});
}

json::value OurCredentials() {
  const std::vector<PartyId> parties = {Party("NL-DEM"), Party("BE-DEM")};
  return CredentialsJson(EmspCredentials("c2Vjb25kLXRva2Vu", "https://demo.openmsp.example/ocpi/versions",
                                         parties, "Demo MSP"))
      .value();
}

json::value OurVersionDetails() {
  return VersionDetailsJson(
      {.version = "2.2.1", .endpoints = EmspEndpoints("https://demo.openmsp.example/ocpi/2.2.1")});
}

json::value OurVersions() { return VersionsJson({{"2.2.1", "https://demo.openmsp.example/ocpi/2.2.1"}}); }

StartSession Start() {
  StartSession command;
  command.response_url = "https://demo.openmsp.example/ocpi/2.2.1/commands/START_SESSION/41c2";
  command.token = AppJson();
  command.location_id = "LOC-1";
  command.evse_uid = "BE*BEC*E041503001";
  command.connector_id = "1";
  command.authorization_reference = "a8e1b0c4-7f0e-4ad4-8a4b-3d1f0e9c2b11";
  return command;
}

ReserveNow Reserve() {
  ReserveNow command;
  command.response_url = "https://demo.openmsp.example/ocpi/2.2.1/commands/RESERVE_NOW/41c3";
  command.token = CardJson();
  command.expiry_date = kNow + std::chrono::minutes(30);
  command.reservation_id = "RES-1";
  command.location_id = "LOC-1";
  return command;
}

struct Emitted {
  std::string name;
  std::string schema;  // file name in schemas/2.2.1
  std::function<json::value()> build;
};

std::ostream& operator<<(std::ostream& out, const Emitted& emitted) { return out << emitted.name; }

const std::vector<Emitted>& EmittedObjects() {
  static const std::vector<Emitted> objects = {
      {"card_token", "ocpi.2_2_1.token.json", [] { return json::value(CardJson()); }},
      {"app_token_with_options", "ocpi.2_2_1.token.json", [] { return json::value(AppJson()); }},
      {"token_response", "ocpi.2_2_1.token.response.json", [] { return Success(CardJson()); }},
      {"tokens_page", "ocpi.2_2_1.tokens.response.json",
       [] {
         return Success(json::array{CardJson(), AppJson()});
       }},
      {"empty_tokens_page", "ocpi.2_2_1.tokens.response.json", [] { return Success(json::array{}); }},
      {"authorization_token", "ocpi.2_2_1.token.json",
       [] {
         AuthorizationInfo info;
         info.allowed = AllowedType::kAllowed;
         info.token = CardJson();
         return AuthorizationInfoJson(info).value().at("token");
       }},
      {"credentials", "ocpi.2_2_1.credentials.json", OurCredentials},
      {"credentials_response", "ocpi.2_2_1.credentials.response.json",
       [] { return Success(OurCredentials()); }},
      {"versions", "ocpi.2_2_1.versions.json", OurVersions},
      {"versions_response", "ocpi.2_2_1.versions.response.json", [] { return Success(OurVersions()); }},
      {"version_details", "ocpi.2_2_1.version_details.json", OurVersionDetails},
      {"version_details_response", "ocpi.2_2_1.version_details.response.json",
       [] { return Success(OurVersionDetails()); }},
      {"start_session", "ocpi.2_2_1.commands.start_session.request.json",
       [] { return CommandJson(Start()).value(); }},
      {"start_session_minimal", "ocpi.2_2_1.commands.start_session.request.json",
       [] {
         StartSession command = Start();
         command.evse_uid.clear();
         command.connector_id.clear();
         command.authorization_reference.clear();
         return CommandJson(command).value();
       }},
      {"stop_session", "ocpi.2_2_1.commands.stop_session.request.json",
       [] {
         return CommandJson(StopSession{"https://demo.openmsp.example/r/1", "SESSION-1"}).value();
       }},
      {"reserve_now", "ocpi.2_2_1.commands.reserve_now.request.json",
       [] { return CommandJson(Reserve()).value(); }},
      {"cancel_reservation", "ocpi.2_2_1.commands.cancel_reservation.request.json",
       [] {
         return CommandJson(CancelReservation{"https://demo.openmsp.example/r/2", "RES-1"}).value();
       }},
      {"unlock_connector", "ocpi.2_2_1.commands.unlock_connector.request.json",
       [] {
         return CommandJson(UnlockConnector{"https://demo.openmsp.example/r/3", "LOC-1", "3256", "1"})
             .value();
       }},
  };
  return objects;
}

class EmittedConformsTest : public ::testing::TestWithParam<Emitted> {};

TEST_P(EmittedConformsTest, ValidatesAgainstItsSchema) {
  const Emitted& emitted = GetParam();
  Result<test::JsonSchema> schema =
      test::JsonSchema::Load(kSharedDir + "/ocpi/schemas/2.2.1/" + emitted.schema);
  ASSERT_TRUE(schema.ok()) << schema.error().ToString();
  // Through text and back, as a peer receives it.
  const json::value document = ParseJson(SerializeJson(emitted.build())).value();
  const std::vector<std::string> errors = schema->Validate(document);
  EXPECT_TRUE(errors.empty()) << SerializeJson(document) << "\n" << ::testing::PrintToString(errors);
}

INSTANTIATE_TEST_SUITE_P(Ocpi221, EmittedConformsTest, ::testing::ValuesIn(EmittedObjects()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(SchemaSanityTest, TheSchemasRefuseWhatOcpiRefuses) {
  // The conformance test can fail: a Token without last_updated, with a 3-letter country, with +00:00.
  const test::JsonSchema token =
      test::JsonSchema::Load(kSharedDir + "/ocpi/schemas/2.2.1/ocpi.2_2_1.token.json").value();
  json::object card = CardJson();
  ASSERT_TRUE(token.Validate(card).empty());
  json::object broken = card;
  broken.erase("last_updated");
  EXPECT_FALSE(token.Validate(broken).empty());
  broken = card;
  broken["country_code"] = "NLD";
  EXPECT_FALSE(token.Validate(broken).empty());
  broken = card;
  broken["last_updated"] = "2026-02-01T09:00:00";
  EXPECT_FALSE(token.Validate(broken).empty());
  broken = card;
  broken["type"] = "EMAID";
  EXPECT_FALSE(token.Validate(broken).empty());
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

struct Example {
  std::string file;  // under ocpi/examples
  std::function<Result<void>(const json::value&)> parse;
};

std::ostream& operator<<(std::ostream& out, const Example& example) { return out << example.file; }

template <class Parser>
std::function<Result<void>(const json::value&)> Accepts(Parser parser) {
  return [parser](const json::value& value) -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(parser(value));
    return Ok();
  };
}

// An envelope whose data the given parser reads.
template <class Parser>
std::function<Result<void>(const json::value&)> InEnvelope(Parser parser) {
  return [parser](const json::value& value) -> Result<void> {
    OPENMSP_ASSIGN_OR_RETURN(Envelope envelope, ParseEnvelope(SerializeJson(value)));
    OPENMSP_ASSIGN_OR_RETURN(json::value data, SuccessData(std::move(envelope)));
    OPENMSP_RETURN_IF_ERROR(parser(data));
    return Ok();
  };
}

Result<void> AnyData(const json::value&) { return Ok(); }

const std::vector<Example>& OfficialExamples() {
  static const std::vector<Example> examples = {
      {"credentials/credentials_example.json", Accepts(ParseCredentials)},
      {"credentials/credentials_example2.json", Accepts(ParseCredentials)},
      {"credentials/credentials_example3.json", Accepts(ParseCredentials)},
      {"credentials/credentials_example4.json", Accepts(ParseCredentials)},
      {"_v2.3.0/credentials/credentials_example.json", Accepts(ParseCredentials)},
      {"_v2.3.0/credentials/credentials_example2.json", Accepts(ParseCredentials)},
      {"_v2.3.0/credentials/credentials_example3.json", Accepts(ParseCredentials)},
      {"_v2.3.0/credentials/credentials_example4.json", Accepts(ParseCredentials)},
      {"versions/versions_info_example.json", Accepts(ParseVersions)},
      {"versions/version_details_example.json", Accepts(ParseVersionDetails)},   // says "2.2" (§15)
      {"versions/version_details_example2.json", Accepts(ParseVersionDetails)},  // tokens in both roles
      {"_v2.3.0/versions/versions_info_example.json", Accepts(ParseVersions)},
      {"_v2.3.0/versions/version_details_example.json", Accepts(ParseVersionDetails)},
      {"_v2.3.0/versions/version_details_example2.json", Accepts(ParseVersionDetails)},
      {"transport_and_format/transport_and_format_version_info_example.json", InEnvelope(ParseVersions)},
      {"transport_and_format/transport_and_format_version_details_example.json",
       InEnvelope(ParseVersionDetails)},
      {"transport_and_format/transport_and_format_get_token_example.json", InEnvelope(AnyData)},
      {"transport_and_format/transport_and_format_get_token_list_example.json", InEnvelope(AnyData)},
      {"types/type_displaytext_example.json", Accepts(ReadDisplayText)},
  };
  return examples;
}

class OfficialExampleTest : public ::testing::TestWithParam<Example> {};

TEST_P(OfficialExampleTest, OurParserAcceptsIt) {
  const std::string text = ReadFile(kSharedDir + "/ocpi/examples/" + GetParam().file);
  ASSERT_FALSE(text.empty()) << GetParam().file;
  Result<json::value> document = ParseJson(text);
  ASSERT_TRUE(document.ok()) << document.error().ToString();
  Result<void> parsed = GetParam().parse(*document);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Official, OfficialExampleTest, ::testing::ValuesIn(OfficialExamples()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.file;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(OfficialExampleTest, TheInlineErrorEnvelopeIsAPeerError) {
  Result<Envelope> envelope = ParseEnvelope(
      ReadFile(kSharedDir + "/ocpi/examples/transport_and_format/inline_error_response_example.json"));
  ASSERT_TRUE(envelope.ok()) << envelope.error().ToString();
  EXPECT_EQ(envelope->status_code, 2001);
  EXPECT_EQ(SuccessData(*envelope).error().message, "the peer answered 2001: Missing required field: type");
}

TEST(OfficialExampleTest, TheInlineHubClientInfoExampleIsNotJson) {
  // §12 and §15: trailing comma, no last_updated. Refused with the reason, never half-read.
  const std::string text =
      ReadFile(kSharedDir + "/ocpi/examples/hubclientinfo/clientinfo_put_example.inline.txt");
  const std::string body = text.substr(text.find('{'));
  EXPECT_FALSE(ParseJson(body).ok());
}

}  // namespace
}  // namespace openmsp::ocpi
