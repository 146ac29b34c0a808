#include "domain/session.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace openmsp::domain {
namespace {

const std::filesystem::path kExamples = std::filesystem::path(OPENMSP_SHARED_DIR) / "ocpi/examples/sessions";

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A running session of BE-BEC for a Dutch token.
Session Running() {
  return Session{.key = {.party = Party("BE-BEC"), .session_id = "SES-1"},
                 .start_date_time = At("2026-03-01T10:00:00Z"),
                 .end_date_time = std::nullopt,
                 .kwh = Number("12.3456"),
                 .cdr_token = {.party = Party("NL-TST"),
                               .uid = "04A22B5A",
                               .type = TokenType::kRfid,
                               .contract_id = "NL-TST-C12345678-S"},
                 .auth_method = AuthMethod::kWhitelist,
                 .authorization_reference = "",
                 .location_id = "LOC1",
                 .evse_uid = "3256",
                 .connector_id = "1",
                 .meter_id = "",
                 .currency = "EUR",
                 .total_cost = OcpiPrice{.excl_vat = Number("2.50"), .incl_vat = Number("3.03")},
                 .status = SessionStatus::kActive,
                 .last_updated = At("2026-03-01T10:05:00Z"),
                 .raw_json = R"({"id":"SES-1"})",
                 .customer = std::nullopt};
}

std::string FieldOfInvalid(const Session& session) {
  Result<void> valid = ValidateSession(session);
  if (valid.ok()) return "(valid)";
  EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
  return valid.error().field;
}

TEST(SessionEnums, SpellTheOcpiValuesAndRefuseOthers) {
  for (SessionStatus status : {SessionStatus::kActive, SessionStatus::kCompleted, SessionStatus::kInvalid,
                               SessionStatus::kPending, SessionStatus::kReservation}) {
    EXPECT_EQ(ParseSessionStatus(SessionStatusName(status)).value(), status);
  }
  EXPECT_EQ(SessionStatusName(SessionStatus::kReservation), "RESERVATION");
  EXPECT_FALSE(ParseSessionStatus("RESERVED").ok());  // the 2.2.1 prose's spelling (ocpi/ocpi#533)
  EXPECT_FALSE(ParseSessionStatus("active").ok());    // enums are case-sensitive
  for (AuthMethod method : {AuthMethod::kAuthRequest, AuthMethod::kCommand, AuthMethod::kWhitelist}) {
    EXPECT_EQ(ParseAuthMethod(AuthMethodName(method)).value(), method);
  }
  EXPECT_EQ(AuthMethodName(AuthMethod::kAuthRequest), "AUTH_REQUEST");
  EXPECT_FALSE(ParseAuthMethod("RFID").ok());
}

TEST(SessionLive, OnlyActiveAndPendingWithoutACdrAreLive) {
  EXPECT_TRUE(IsLive(SessionStatus::kActive));
  EXPECT_TRUE(IsLive(SessionStatus::kPending));
  EXPECT_FALSE(IsLive(SessionStatus::kCompleted));
  EXPECT_FALSE(IsLive(SessionStatus::kInvalid));
  EXPECT_FALSE(IsLive(SessionStatus::kReservation));
  StoredSession stored{.id = {7}, .tenant_id = {1}, .session = Running(), .cdr = std::nullopt};
  EXPECT_TRUE(IsShownLive(stored));
  stored.cdr = CdrKey{.party = Party("BE-BEC"), .cdr_id = "CDR-1"};
  EXPECT_FALSE(IsShownLive(stored));  // the CPO never sent COMPLETED, but its CDR is in
}

TEST(SessionValidation, AcceptsARunningSessionAndAReservationWithoutEvse) {
  EXPECT_EQ(FieldOfInvalid(Running()), "(valid)");
  Session reservation = Running();
  reservation.status = SessionStatus::kReservation;
  reservation.evse_uid = "#NA";
  reservation.connector_id = "#NA";
  reservation.total_cost.reset();
  reservation.kwh = Decimal(0);
  EXPECT_EQ(FieldOfInvalid(reservation), "(valid)");
  Session finished = Running();
  finished.end_date_time = finished.start_date_time;  // zero length is not "before the start"
  finished.total_cost = OcpiPrice{.excl_vat = Decimal(0), .incl_vat = Decimal(0)};  // free
  EXPECT_EQ(FieldOfInvalid(finished), "(valid)");
}

TEST(SessionValidation, RefusesBadFieldsNamingThem) {
  Session session = Running();
  session.end_date_time = At("2026-03-01T09:59:59.999Z");
  EXPECT_EQ(FieldOfInvalid(session), "end_date_time");
  EXPECT_EQ(ValidateSession(session).error().message,
            "2026-03-01T09:59:59.999Z is before start_date_time 2026-03-01T10:00:00Z");

  session = Running();
  session.kwh = Number("-0.001");
  EXPECT_EQ(FieldOfInvalid(session), "kwh");
  session = Running();
  session.key.session_id = "";
  EXPECT_EQ(FieldOfInvalid(session), "id");
  session.key.session_id = std::string(37, 'x');
  EXPECT_EQ(FieldOfInvalid(session), "id");
  session = Running();
  session.cdr_token.uid = "";
  EXPECT_EQ(FieldOfInvalid(session), "cdr_token.uid");
  session = Running();
  session.cdr_token.contract_id = "NL-TST-\xC3\xA9";  // not ASCII
  EXPECT_EQ(FieldOfInvalid(session), "cdr_token.contract_id");
  session = Running();
  session.authorization_reference = std::string(37, 'r');
  EXPECT_EQ(FieldOfInvalid(session), "authorization_reference");
  session = Running();
  session.location_id = "";
  EXPECT_EQ(FieldOfInvalid(session), "location_id");
  session = Running();
  session.evse_uid = "";
  EXPECT_EQ(FieldOfInvalid(session), "evse_uid");
  session = Running();
  session.connector_id = "a\tb";
  EXPECT_EQ(FieldOfInvalid(session), "connector_id");
  session = Running();
  session.meter_id = "line\nbreak";
  EXPECT_EQ(FieldOfInvalid(session), "meter_id");
  session = Running();
  session.currency = "eur";
  EXPECT_EQ(FieldOfInvalid(session), "currency");
  session.currency = "XYZ";
  EXPECT_EQ(FieldOfInvalid(session), "currency");
  session = Running();
  session.total_cost = OcpiPrice{.excl_vat = Number("-0.01"), .incl_vat = std::nullopt};
  EXPECT_EQ(FieldOfInvalid(session), "total_cost.excl_vat");
  session.total_cost = OcpiPrice{.excl_vat = Number("1.00"), .incl_vat = Number("0.99")};
  EXPECT_EQ(FieldOfInvalid(session), "total_cost.incl_vat");
  session = Running();
  session.raw_json = "";
  EXPECT_EQ(FieldOfInvalid(session), "raw_json");
}

// The upsert rule is the one locations use (`DecideUpsert`), on the session's own last_updated.
TEST(SessionUpsertRule, AnOlderSessionIsStaleAndTheSameOrNewerReplaces) {
  const Session stored = Running();
  Session received = Running();
  EXPECT_EQ(DecideUpsert(std::nullopt, received.last_updated), UpsertOutcome::kCreated);
  EXPECT_EQ(DecideUpsert(stored.last_updated, received.last_updated), UpsertOutcome::kReplaced);
  received.last_updated = At("2026-03-01T10:04:59.999Z");
  EXPECT_EQ(DecideUpsert(stored.last_updated, received.last_updated), UpsertOutcome::kStale);
  received.last_updated = At("2026-03-01T10:05:00.001Z");
  EXPECT_EQ(DecideUpsert(stored.last_updated, received.last_updated), UpsertOutcome::kReplaced);
}

TEST(SessionCdrKey, NeedsACiStringOfAtMost39) {
  EXPECT_TRUE(ValidateCdrKey({.party = Party("BE-BEC"), .cdr_id = std::string(39, 'c')}).ok());
  EXPECT_EQ(ValidateCdrKey({.party = Party("BE-BEC"), .cdr_id = std::string(40, 'c')}).error().field, "cdr_id");
  EXPECT_EQ(ValidateCdrKey({.party = Party("BE-BEC"), .cdr_id = ""}).error().field, "cdr_id");
}

// The official 2.2.1 examples, read as a CPO would send them.
TEST(SessionFromOcpiJson, ReadsTheOfficialPendingExample) {
  const std::string text = ReadFile(kExamples / "session_example_1_simple_start.json");
  Result<Session> session = SessionFromOcpiJson(text);
  ASSERT_TRUE(session.ok()) << session.error().ToString();
  EXPECT_EQ(session->key, (SessionKey{.party = Party("NL-STK"), .session_id = "101"}));
  EXPECT_EQ(session->start_date_time, At("2020-03-09T10:17:09Z"));
  EXPECT_EQ(session->end_date_time, std::nullopt);
  EXPECT_EQ(session->kwh, Decimal(0));
  EXPECT_EQ(session->cdr_token, (CdrToken{.party = Party("NL-TST"),
                                          .uid = "123abc",
                                          .type = TokenType::kRfid,
                                          .contract_id = "NL-TST-C12345678-S"}));
  EXPECT_EQ(session->auth_method, AuthMethod::kWhitelist);
  EXPECT_EQ(session->authorization_reference, "");
  EXPECT_EQ(session->location_id, "LOC1");
  EXPECT_EQ(session->evse_uid, "3256");
  EXPECT_EQ(session->connector_id, "1");
  EXPECT_EQ(session->meter_id, "");
  EXPECT_EQ(session->currency, "EUR");
  EXPECT_EQ(session->total_cost, (OcpiPrice{.excl_vat = Number("2.5"), .incl_vat = std::nullopt}));
  EXPECT_EQ(session->status, SessionStatus::kPending);
  EXPECT_EQ(session->last_updated, At("2020-03-09T10:17:09Z"));
  EXPECT_EQ(session->raw_json, text);  // byte for byte, indentation and all
  EXPECT_EQ(session->customer, std::nullopt);
}

TEST(SessionFromOcpiJson, ReadsTheOfficialFinishedExampleWithItsPeriodsLeftInTheJson) {
  const std::string text = ReadFile(kExamples / "session_example_2_short_finished.json");
  Result<Session> session = SessionFromOcpiJson(text);
  ASSERT_TRUE(session.ok()) << session.error().ToString();
  EXPECT_EQ(session->key, (SessionKey{.party = Party("BE-BEC"), .session_id = "101"}));
  EXPECT_EQ(session->end_date_time, At("2015-06-29T23:50:16Z"));
  EXPECT_EQ(session->kwh, Number("41.12"));
  EXPECT_EQ(session->total_cost, (OcpiPrice{.excl_vat = Number("8.50"), .incl_vat = Number("9.35")}));
  EXPECT_EQ(session->status, SessionStatus::kCompleted);
  EXPECT_EQ(session->last_updated, At("2015-06-29T23:50:17Z"));
  EXPECT_EQ(session->raw_json, text);
  // Its ENERGY volumes are in Wh (ocpi/ocpi#465); the periods are not interpreted here, so nothing fails.
  EXPECT_NE(session->raw_json.find("\"volume\": 41000"), std::string::npos);
}

TEST(SessionFromOcpiJson, KeepsNumbersExactAndIgnoresUnknownMembers) {
  const std::string text =
      R"({"country_code":"de","party_id":"abc","id":"s-9","start_date_time":"2026-03-01T10:00:00",)"
      R"("kwh":123456.789012,"cdr_token":{"country_code":"NL","party_id":"TST","uid":"U1","type":"APP_USER",)"
      R"("contract_id":"NL-TST-000000001-1"},"auth_method":"COMMAND","authorization_reference":"REF-7",)"
      R"("location_id":"L","evse_uid":"E","connector_id":"C","meter_id":"Zähler 7","currency":"EUR",)"
      R"("total_cost":{"excl_vat":0.1,"incl_vat":null},"status":"ACTIVE","last_updated":"2026-03-01T10:00:00.5Z",)"
      R"("end_date_time":null,"vendor_extension":{"anything":[1,2,3]}})";
  Result<Session> session = SessionFromOcpiJson(text);
  ASSERT_TRUE(session.ok()) << session.error().ToString();
  EXPECT_EQ(session->key.party, Party("DE-ABC"));  // CiStrings: case does not matter
  EXPECT_EQ(session->kwh, Number("123456.789012"));
  EXPECT_EQ(session->kwh.ToString(), "123456.789012");
  EXPECT_EQ(session->total_cost, (OcpiPrice{.excl_vat = Number("0.1"), .incl_vat = std::nullopt}));
  EXPECT_EQ(session->cdr_token.type, TokenType::kAppUser);
  EXPECT_EQ(session->auth_method, AuthMethod::kCommand);
  EXPECT_EQ(session->authorization_reference, "REF-7");
  EXPECT_EQ(session->meter_id, "Zähler 7");
  EXPECT_EQ(session->last_updated, At("2026-03-01T10:00:00.500Z"));
  EXPECT_EQ(session->end_date_time, std::nullopt);
}

TEST(SessionFromOcpiJson, RefusesBadInputNamingTheMember) {
  const std::string good = ReadFile(kExamples / "session_example_2_short_finished.json");
  auto field_of = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    Result<Session> session = SessionFromOcpiJson(text);
    if (session.ok()) return std::string("(accepted)");
    EXPECT_EQ(session.error().code, ErrorCode::kInvalidArgument) << session.error().ToString();
    return session.error().field;
  };
  EXPECT_EQ(field_of(R"("status": "COMPLETED")", R"("status": "FINISHED")"), "status");
  EXPECT_EQ(field_of(R"("status": "COMPLETED")", R"("status": 1)"), "status");
  EXPECT_EQ(field_of(R"("kwh": 41.12)", R"("kwh": -41.12)"), "kwh");
  EXPECT_EQ(field_of(R"("kwh": 41.12)", R"("kwh": "41.12")"), "kwh");
  EXPECT_EQ(field_of(R"("end_date_time": "2015-06-29T23:50:16Z")", R"("end_date_time": "2015-06-29T21:00:00Z")"),
            "end_date_time");
  EXPECT_EQ(field_of(R"("start_date_time": "2015-06-29T22:39:09Z",)", ""), "start_date_time");
  EXPECT_EQ(field_of(R"("start_date_time": "2015-06-29T22:39:09Z")", R"("start_date_time": "2015-06-29T22:39:09+02:00")"),
            "start_date_time");
  EXPECT_EQ(field_of(R"("type": "RFID")", R"("type": "CARD")"), "cdr_token.type");
  EXPECT_EQ(field_of(R"("uid": "123abc",)", ""), "cdr_token.uid");
  EXPECT_EQ(field_of(R"("party_id": "TST")", R"("party_id": "T$T")"), "cdr_token.party_id");
  EXPECT_EQ(field_of(R"("auth_method": "WHITELIST")", R"("auth_method": "NONE")"), "auth_method");
  EXPECT_EQ(field_of(R"("currency": "EUR")", R"("currency": "EURO")"), "currency");
  EXPECT_EQ(field_of(R"("excl_vat": 8.50)", R"("excl_vat": -8.50)"), "total_cost.excl_vat");
  EXPECT_EQ(field_of(R"("incl_vat": 9.35)", R"("incl_vat": 8.49)"), "total_cost.incl_vat");
  EXPECT_EQ(field_of(R"("excl_vat": 8.50,)", ""), "total_cost.excl_vat");
  EXPECT_EQ(field_of(R"("charging_periods": [{)", R"("charging_periods": [7, {)"), "charging_periods[0]");
  EXPECT_EQ(field_of(R"("country_code": "BE")", R"("country_code": "XX")"), "country_code");
  EXPECT_EQ(field_of(R"("id": "101")", R"("id": "")"), "id");
  EXPECT_EQ(field_of(R"("last_updated": "2015-06-29T23:50:17Z")", R"("last_updated": null)"), "last_updated");

  EXPECT_FALSE(SessionFromOcpiJson("[1]").ok());
  EXPECT_FALSE(SessionFromOcpiJson("{\"id\":").ok());
  EXPECT_FALSE(SessionFromOcpiJson("").ok());
}

TEST(MergeSessionPatch, ReplacesMembersAndAppendsChargingPeriodsAsOcpiSays) {
  const std::string stored = ReadFile(kExamples / "session_example_2_short_finished.json");
  Result<std::string> merged =
      MergeSessionPatch(stored, ReadFile(kExamples / "session_patch_example_charging_period.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().ToString();
  Result<Session> session = SessionFromOcpiJson(*merged);
  ASSERT_TRUE(session.ok()) << session.error().ToString();
  EXPECT_EQ(session->kwh, Decimal(15));
  EXPECT_EQ(session->total_cost, (OcpiPrice{.excl_vat = Number("0.80"), .incl_vat = Number("0.88")}));
  EXPECT_EQ(session->last_updated, At("2019-06-23T08:16:02Z"));
  EXPECT_EQ(session->key.session_id, "101");  // what the patch did not name stays
  EXPECT_EQ(session->status, SessionStatus::kCompleted);
  // Three periods stored plus the patch's one, in that order.
  EXPECT_NE(merged->find(R"("tariff_id":"12"},{"start_date_time":"2019-06-23T08:16:02Z")"), std::string::npos)
      << *merged;

  merged = MergeSessionPatch(*merged, ReadFile(kExamples / "session_patch_example_total_cost.json"));
  ASSERT_TRUE(merged.ok()) << merged.error().ToString();
  session = SessionFromOcpiJson(*merged);
  ASSERT_TRUE(session.ok()) << session.error().ToString();
  EXPECT_EQ(session->total_cost, (OcpiPrice{.excl_vat = Number("0.60"), .incl_vat = Number("0.66")}));
  EXPECT_EQ(session->kwh, Decimal(15));
  EXPECT_NE(merged->find(R"("start_date_time":"2019-06-23T08:16:02Z")"), std::string::npos);
  // A null or an empty list changes nothing: a PATCH cannot delete.
  Result<std::string> unchanged =
      MergeSessionPatch(*merged, R"({"charging_periods":[],"meter_id":null,"last_updated":"2019-06-23T08:11:00Z"})");
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(*unchanged, *merged);
}

TEST(MergeSessionPatch, RefusesAPatchWithoutLastUpdatedOrChangingTheKey) {
  const std::string stored = ReadFile(kExamples / "session_example_1_simple_start.json");
  EXPECT_EQ(MergeSessionPatch(stored, R"({"kwh": 1.5})").error().field, "last_updated");
  EXPECT_EQ(MergeSessionPatch(stored, R"({"id":"102","last_updated":"2020-03-09T10:20:00Z"})").error().field,
            "id");
  EXPECT_EQ(
      MergeSessionPatch(stored, R"({"party_id":"XYZ","last_updated":"2020-03-09T10:20:00Z"})").error().field,
      "party_id");
  EXPECT_TRUE(MergeSessionPatch(stored, R"({"party_id":"stk","last_updated":"2020-03-09T10:20:00Z"})").ok());
  EXPECT_EQ(
      MergeSessionPatch(stored, R"({"charging_periods":{},"last_updated":"2020-03-09T10:20:00Z"})").error().field,
      "charging_periods");
  EXPECT_FALSE(MergeSessionPatch(stored, "[]").ok());
  EXPECT_FALSE(MergeSessionPatch(stored, "{").ok());
}

}  // namespace
}  // namespace openmsp::domain
