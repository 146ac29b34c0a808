#include "domain/cpo_cdr.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

NewCpoCdr Cdr() {
  return NewCpoCdr{.tenant_id = TenantId{1},
                   .cpo = PartyId::Parse("BE-BEC").value(),
                   .cdr_id = "12345",
                   .body = "{\"id\": \"12345\"}\n",
                   .start_date_time = ParseOcpiDateTime("2026-03-01T10:00:00Z").value(),
                   .end_date_time = ParseOcpiDateTime("2026-03-01T11:30:00Z").value(),
                   .currency = Currency::Find("EUR").value(),
                   .total_cost_excl_vat = Decimal::Parse("4.00").value(),
                   .total_cost_incl_vat = Decimal::Parse("4.40").value(),
                   .total_energy = Decimal::Parse("15.342").value(),
                   .total_time = Decimal::Parse("1.5").value(),
                   .token_uid = "012345678",
                   .token_type = TokenType::kRfid,
                   .contract_id = "DE8ACC12E46L89",
                   .location_id = "LOC1",
                   .evse_uid = "3256",
                   .last_updated = ParseOcpiDateTime("2026-03-01T11:31:00Z").value(),
                   .organisation_unit_id = std::nullopt};
}

std::string FieldAtFault(const NewCpoCdr& cdr) {
  Result<void> result = ValidateNewCpoCdr(cdr);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().field;
}

TEST(ValidateNewCpoCdrTest, AcceptsACompleteCdr) {
  Result<void> result = ValidateNewCpoCdr(Cdr());
  EXPECT_TRUE(result.ok()) << result.error().ToString();
}

TEST(ValidateNewCpoCdrTest, TheIdIsACiStringOfAtMost39Characters) {
  NewCpoCdr cdr = Cdr();
  cdr.cdr_id = std::string(39, 'A');
  EXPECT_TRUE(ValidateNewCpoCdr(cdr).ok());
  cdr.cdr_id = std::string(40, 'A');
  EXPECT_EQ(FieldAtFault(cdr), "id");
  cdr.cdr_id = "";
  EXPECT_EQ(FieldAtFault(cdr), "id");
  cdr.cdr_id = "caf\xC3\xA9";
  EXPECT_EQ(FieldAtFault(cdr), "id");
}

TEST(ValidateNewCpoCdrTest, TheBodyIsUtf8WithoutNulOfBoundedSize) {
  NewCpoCdr cdr = Cdr();
  cdr.body =
      "{\"remark\": \"Stra\xC3\x9F"
      "e \xF0\x9F\x94\x8C\"}\r\n\t";
  EXPECT_TRUE(ValidateNewCpoCdr(cdr).ok());
  cdr.body = "";
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = std::string("{}\0", 3);
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = "{\"a\": \"\xC3\"}";  // truncated sequence
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = "{\"a\": \"\xC0\xAF\"}";  // overlong '/'
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = "{\"a\": \"\xED\xA0\x80\"}";  // a UTF-16 surrogate
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = "{\"a\": \"\xF4\x90\x80\x80\"}";  // past U+10FFFF
  EXPECT_EQ(FieldAtFault(cdr), "body");
  cdr.body = std::string(kMaxCpoCdrBodyBytes, ' ');
  EXPECT_TRUE(ValidateNewCpoCdr(cdr).ok());
  cdr.body.push_back(' ');
  EXPECT_EQ(FieldAtFault(cdr), "body");
}

TEST(ValidateNewCpoCdrTest, NamesEachFieldAtFaultByItsOcpiPath) {
  NewCpoCdr cdr = Cdr();
  cdr.token_uid = "";
  EXPECT_EQ(FieldAtFault(cdr), "cdr_token.uid");
  cdr = Cdr();
  cdr.contract_id = std::string(37, 'X');
  EXPECT_EQ(FieldAtFault(cdr), "cdr_token.contract_id");
  cdr = Cdr();
  cdr.location_id = "";
  EXPECT_EQ(FieldAtFault(cdr), "cdr_location.id");
  cdr = Cdr();
  cdr.evse_uid = "tab\there";
  EXPECT_EQ(FieldAtFault(cdr), "cdr_location.evse_uid");
  cdr = Cdr();
  cdr.session_id = std::string(37, 'S');
  EXPECT_EQ(FieldAtFault(cdr), "session_id");
  cdr.session_id = std::string(36, 'S');  // at most 36; empty (no session) is fine too
  EXPECT_TRUE(ValidateNewCpoCdr(cdr).ok());
  cdr = Cdr();
  cdr.start_date_time = kMaxInstant + Duration(1);
  EXPECT_EQ(FieldAtFault(cdr), "start_date_time");
  cdr = Cdr();
  cdr.last_updated = kMinInstant - Duration(1);
  EXPECT_EQ(FieldAtFault(cdr), "last_updated");
  cdr = Cdr();
  cdr.total_energy = Decimal::FromCoefficient(Int128(1) << 100, 0);
  EXPECT_EQ(FieldAtFault(cdr), "total_energy");
  cdr = Cdr();
  cdr.total_cost_incl_vat = Decimal::FromCoefficient(1, 30);
  EXPECT_EQ(FieldAtFault(cdr), "total_cost.incl_vat");
}

TEST(ValidateNewCpoCdrTest, LeavesPlausibilityToLaterChecks) {
  // A session ending before it started, or a negative total of a credit CDR, is stored and judged
  // afterwards: a CDR is never dropped for being implausible.
  NewCpoCdr cdr = Cdr();
  cdr.end_date_time = cdr.start_date_time - Duration(60'000);
  cdr.total_cost_excl_vat = Decimal::Parse("-4.00").value();
  cdr.total_energy = Decimal::Parse("-15.342").value();
  EXPECT_TRUE(ValidateNewCpoCdr(cdr).ok());
}

}  // namespace
}  // namespace openmsp::domain
