#include "domain/msp_cdr.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

MspCdrLine RuleLine(std::int64_t id, TariffUnit unit, const char* measured, const char* quantity,
                    const char* unit_price, const char* amount, const char* description) {
  return MspCdrLine{.kind = MspCdrLineKind::kRule,
                    .tariff_code = TariffCodeId{id},
                    .rule = TariffPlanRuleId{100 + id},
                    .unit = unit,
                    .measured = Number(measured),
                    .quantity = Number(quantity),
                    .unit_price = Number(unit_price),
                    .amount = Number(amount),
                    .description = description};
}

MspCdrLine Clamp(MspCdrLineKind kind, const char* amount) {
  return MspCdrLine{.kind = kind,
                    .tariff_code = std::nullopt,
                    .rule = std::nullopt,
                    .unit = TariffUnit::kSession,
                    .measured = Number("1"),
                    .quantity = Number("1"),
                    .unit_price = Number(amount),
                    .amount = Number(amount),
                    .description = "Session price limit"};
}

// A rated MSP CDR in EUR, worked out by hand:
//   energy         20.750 kWh × 0.39  = 8.0925  → 8.09
//   charging time  1.25 h (1.216667 h measured, per started 15 min) × 2.40 = 3.00
//   session fee    1 × 0.355 = 0.355 → 0.36 (half-up)
//   total excl. VAT 8.09 + 3.00 + 0.36 = 11.45; VAT 21 %: 2.4045 → 2.40; incl. VAT 13.85
//   CPO cost 9.876 EUR as stated → 9.88; margin 11.45 − 9.88 = 1.57
//   cost audit: recomputed 9.80, difference 9.876 − 9.80 = 0.076
NewMspCdr Rated() {
  return NewMspCdr{
      .tenant_id = TenantId{1},
      .cpo_cdr_id = CpoCdrId{42},
      .cpo = PartyId::Parse("BE-BEC").value(),
      .session_start = ParseOcpiDateTime("2026-03-01T10:00:00Z").value(),
      .session_end = ParseOcpiDateTime("2026-03-01T11:13:00Z").value(),
      .attention = std::nullopt,
      .attention_detail = "",
      .token_id = TokenId{5},
      .profile_id = ProfileId{6},
      .organisation_unit_id = OrganisationUnitId{7},
      .billing_unit_id = OrganisationUnitId{3},
      .business_partner_groups = {BusinessPartnerGroupId{2}, BusinessPartnerGroupId{9}},
      .location_group_id = LocationGroupId{4},
      .plan_version_id = TariffPlanVersionId{8},
      .currency = Eur(),
      .lines = {RuleLine(1, TariffUnit::kKwh, "20.750", "20.750", "0.39", "8.09", "Energy"),
                RuleLine(2, TariffUnit::kHour, "1.216667", "1.25", "2.40", "3.00", "Charging time"),
                RuleLine(3, TariffUnit::kSession, "1", "1", "0.355", "0.36", "Session fee")},
      .total_excl_vat = Number("11.45"),
      .vat_percent = Number("21"),
      .vat_country = CountryFromAlpha2("NL").value(),
      .vat_amount = Number("2.40"),
      .total_incl_vat = Number("13.85"),
      .cpo_currency = Eur(),
      .cpo_cost_excl_vat = Number("9.876"),
      .exchange_rate = std::nullopt,
      .cpo_cost = Number("9.88"),
      .margin = Number("1.57"),
      .credit_of = std::nullopt,
      .cost_audit =
          CostAudit{
              .recomputed_cost_excl_vat = Number("9.80"), .difference = Number("0.076"), .discrepancy = true},
      .explanation = "Energy 20.750 kWh × 0.39 = 8.09 …",
  };
}

// The same CDR while its token is unknown: no customer, no lines, every amount 0.
NewMspCdr NeedingAttention() {
  NewMspCdr cdr = Rated();
  cdr.attention = AttentionReason::kUnknownToken;
  cdr.attention_detail = "no token RFID 04A22B5A in this tenant";
  cdr.token_id = std::nullopt;
  cdr.profile_id = std::nullopt;
  cdr.organisation_unit_id = cdr.billing_unit_id = std::nullopt;
  cdr.business_partner_groups.clear();
  cdr.plan_version_id = std::nullopt;
  cdr.vat_country = std::nullopt;
  cdr.lines.clear();
  cdr.total_excl_vat = cdr.vat_amount = cdr.total_incl_vat = cdr.cpo_cost = cdr.margin = Decimal();
  cdr.explanation = "";
  return cdr;
}

// The credit of `Rated()`: every line negated (quantities and what was measured), so are the totals.
NewMspCdr Credit() {
  NewMspCdr cdr = Rated();
  cdr.credit_of = MspCdrId{77};
  cdr.lines = {RuleLine(1, TariffUnit::kKwh, "-20.750", "-20.750", "0.39", "-8.09", "Energy"),
               RuleLine(2, TariffUnit::kHour, "-1.216667", "-1.25", "2.40", "-3.00", "Charging time"),
               RuleLine(3, TariffUnit::kSession, "-1", "-1", "0.355", "-0.36", "Session fee")};
  cdr.total_excl_vat = Number("-11.45");
  cdr.vat_amount = Number("-2.40");  // -2.4045, half-up away from zero
  cdr.total_incl_vat = Number("-13.85");
  cdr.cpo_cost_excl_vat = Number("-9.876");
  cdr.cpo_cost = Number("-9.88");
  cdr.margin = Number("-1.57");
  cdr.cost_audit = CostAudit{
      .recomputed_cost_excl_vat = Number("-9.80"), .difference = Number("-0.076"), .discrepancy = true};
  return cdr;
}

void ExpectValid(const NewMspCdr& cdr) {
  Result<void> result = ValidateNewMspCdr(cdr);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
}

std::string FieldAtFault(const NewMspCdr& cdr) {
  Result<void> result = ValidateNewMspCdr(cdr);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(result.error().message.empty());
  return result.error().field;
}

TEST(AttentionReasonTest, EveryReasonHasItsNameBothWays) {
  const std::pair<AttentionReason, const char*> reasons[] = {
      {AttentionReason::kUnreadableCdr, "UNREADABLE_CDR"},
      {AttentionReason::kUnknownToken, "UNKNOWN_TOKEN"},
      {AttentionReason::kUnknownTimeZone, "UNKNOWN_TIME_ZONE"},
      {AttentionReason::kNoPlanVersion, "NO_PLAN_VERSION"},
      {AttentionReason::kNoMatchingRule, "NO_MATCHING_RULE"},
      {AttentionReason::kNoExchangeRate, "NO_EXCHANGE_RATE"},
      {AttentionReason::kNoVatRate, "NO_VAT_RATE"},
      {AttentionReason::kUnknownCreditReference, "UNKNOWN_CREDIT_REFERENCE"},
      {AttentionReason::kEndBeforeStart, "END_BEFORE_START"},
      {AttentionReason::kEnergyOutOfRange, "ENERGY_OUT_OF_RANGE"},
      {AttentionReason::kDurationTooLong, "DURATION_TOO_LONG"},
      {AttentionReason::kTotalsInconsistent, "TOTALS_INCONSISTENT"},
      {AttentionReason::kInFuture, "IN_FUTURE"},
  };
  for (const auto& [reason, name] : reasons) {
    EXPECT_EQ(AttentionReasonName(reason), name);
    EXPECT_EQ(ParseAttentionReason(name).value(), reason) << name;
  }
  for (const char* unknown : {"unknown_token", "UNKNOWN", "", "UNKNOWN_TOKEN "}) {
    Result<AttentionReason> refused = ParseAttentionReason(unknown);
    ASSERT_FALSE(refused.ok()) << unknown;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(MspCdrLineKindTest, EveryKindHasItsNameBothWays) {
  EXPECT_EQ(MspCdrLineKindName(MspCdrLineKind::kRule), "RULE");
  EXPECT_EQ(MspCdrLineKindName(MspCdrLineKind::kMinimumPrice), "MINIMUM_PRICE");
  EXPECT_EQ(MspCdrLineKindName(MspCdrLineKind::kMaximumPrice), "MAXIMUM_PRICE");
  EXPECT_EQ(ParseMspCdrLineKind("RULE").value(), MspCdrLineKind::kRule);
  EXPECT_EQ(ParseMspCdrLineKind("MINIMUM_PRICE").value(), MspCdrLineKind::kMinimumPrice);
  EXPECT_EQ(ParseMspCdrLineKind("MAXIMUM_PRICE").value(), MspCdrLineKind::kMaximumPrice);
  EXPECT_FALSE(ParseMspCdrLineKind("rule").ok());
  EXPECT_FALSE(ParseMspCdrLineKind("MINIMUM").ok());
}

TEST(ValidateNewMspCdrTest, AcceptsARatedCdrThatAddsUp) { ExpectValid(Rated()); }

TEST(ValidateNewMspCdrTest, EveryLineIsQuantityTimesUnitPriceRoundedHalfUp) {
  NewMspCdr cdr = Rated();
  cdr.lines[2].amount = Number("0.35");  // 0.355 rounded down: not half-up
  EXPECT_EQ(FieldAtFault(cdr), "lines[2].amount");
  cdr = Rated();
  cdr.lines[1].amount = Number("3.01");
  EXPECT_EQ(FieldAtFault(cdr), "lines[1].amount");
  cdr = Rated();
  cdr.lines[0].amount = Number("8.0925");  // exact, but not rounded to cents
  EXPECT_EQ(FieldAtFault(cdr), "lines[0].amount");
  // 8.090 is 8.09 with a trailing zero: rounded to cents all the same.
  cdr.lines[0].amount = Number("8.090");
  ExpectValid(cdr);
}

TEST(ValidateNewMspCdrTest, TheTotalsAddUp) {
  NewMspCdr cdr = Rated();
  cdr.total_excl_vat = Number("11.46");
  EXPECT_EQ(FieldAtFault(cdr), "total_excl_vat");
  cdr = Rated();
  cdr.vat_amount = Number("2.41");
  EXPECT_EQ(FieldAtFault(cdr), "vat_amount");
  cdr = Rated();
  cdr.total_incl_vat = Number("13.84");
  EXPECT_EQ(FieldAtFault(cdr), "total_incl_vat");
  cdr = Rated();
  cdr.cpo_cost = Number("9.87");  // 9.876 truncated
  EXPECT_EQ(FieldAtFault(cdr), "cpo_cost");
  cdr = Rated();
  cdr.margin = Number("1.58");
  EXPECT_EQ(FieldAtFault(cdr), "margin");
}

TEST(ValidateNewMspCdrTest, VatIsRoundedHalfUpToTheMinorUnit) {
  // 5.5 %: 11.45 × 0.055 = 0.62975 → 0.63; incl. VAT 12.08.
  NewMspCdr cdr = Rated();
  cdr.vat_percent = Number("5.5");
  cdr.vat_amount = Number("0.63");
  cdr.total_incl_vat = Number("12.08");
  ExpectValid(cdr);
  cdr.vat_amount = Number("0.62");
  cdr.total_incl_vat = Number("12.07");
  EXPECT_EQ(FieldAtFault(cdr), "vat_amount");
  // 0 %: nothing to add.
  cdr = Rated();
  cdr.vat_percent = Decimal();
  cdr.vat_amount = Decimal();
  cdr.total_incl_vat = Number("11.45");
  ExpectValid(cdr);
}

TEST(ValidateNewMspCdrTest, TheVatRateIsAPercentageAsAVatTableStatesIt) {
  NewMspCdr cdr = Rated();
  cdr.vat_percent = Number("100");
  EXPECT_EQ(FieldAtFault(cdr), "vat_percent");
  cdr.vat_percent = Number("-1");
  EXPECT_EQ(FieldAtFault(cdr), "vat_percent");
  cdr.vat_percent = Number("21.00001");
  EXPECT_EQ(FieldAtFault(cdr), "vat_percent");
}

TEST(ValidateNewMspCdrTest, ACurrencyWithoutMinorUnitsTakesWholeAmounts) {
  // JPY: 10 kWh × 35.5 = 355; VAT 10 % = 35.5 → 36; incl. 391; CPO 300.4 JPY → 300; margin 55.
  NewMspCdr cdr = Rated();
  cdr.currency = cdr.cpo_currency = Currency::Find("JPY").value();
  cdr.lines = {RuleLine(1, TariffUnit::kKwh, "10", "10", "35.5", "355", "Energy")};
  cdr.total_excl_vat = Number("355");
  cdr.vat_percent = Number("10");
  cdr.vat_amount = Number("36");
  cdr.total_incl_vat = Number("391");
  cdr.cpo_cost_excl_vat = Number("300.4");
  cdr.cpo_cost = Number("300");
  cdr.margin = Number("55");
  cdr.cost_audit = std::nullopt;
  ExpectValid(cdr);
  cdr.vat_amount = Number("35.5");
  cdr.total_incl_vat = Number("390.5");
  EXPECT_EQ(FieldAtFault(cdr), "vat_amount");
}

TEST(ValidateNewMspCdrTest, ACpoCostInAnotherCurrencyIsConvertedAtTheStatedRate) {
  // 10.00 USD × 0.9237 = 9.237 EUR → 9.24; margin 11.45 − 9.24 = 2.21.
  NewMspCdr cdr = Rated();
  cdr.cpo_currency = Currency::Find("USD").value();
  cdr.cpo_cost_excl_vat = Number("10.00");
  cdr.exchange_rate = Number("0.9237");
  cdr.cpo_cost = Number("9.24");
  cdr.margin = Number("2.21");
  cdr.cost_audit = std::nullopt;
  ExpectValid(cdr);
  cdr.exchange_rate = std::nullopt;
  EXPECT_EQ(FieldAtFault(cdr), "exchange_rate");
  cdr.exchange_rate = Number("0");
  EXPECT_EQ(FieldAtFault(cdr), "exchange_rate");
  // The same currency needs no rate, and may not have one.
  cdr = Rated();
  cdr.exchange_rate = Number("1");
  EXPECT_EQ(FieldAtFault(cdr), "exchange_rate");
}

TEST(ValidateNewMspCdrTest, ARuleLineNamesCodeAndRuleAndAClampLineNeither) {
  NewMspCdr cdr = Rated();
  cdr.lines[2].tariff_code = std::nullopt;
  EXPECT_EQ(FieldAtFault(cdr), "lines[2].tariff_code");
  cdr = Rated();
  cdr.lines[2].rule = std::nullopt;
  EXPECT_EQ(FieldAtFault(cdr), "lines[2].rule");

  // The minimum of 15.00 raises 11.45 by 3.55; VAT 21 % of 15.00 = 3.15; margin 15.00 − 9.88 = 5.12.
  cdr = Rated();
  cdr.lines.push_back(Clamp(MspCdrLineKind::kMinimumPrice, "3.55"));
  cdr.total_excl_vat = Number("15.00");
  cdr.vat_amount = Number("3.15");
  cdr.total_incl_vat = Number("18.15");
  cdr.margin = Number("5.12");
  ExpectValid(cdr);
  NewMspCdr named = cdr;
  named.lines[3].tariff_code = TariffCodeId{1};
  EXPECT_EQ(FieldAtFault(named), "lines[3].tariff_code");
  named = cdr;
  named.lines[3].rule = TariffPlanRuleId{101};
  EXPECT_EQ(FieldAtFault(named), "lines[3].rule");
  named = cdr;
  named.lines[3].unit = TariffUnit::kKwh;
  EXPECT_EQ(FieldAtFault(named), "lines[3].unit");
  named = cdr;
  named.lines[3].kind = MspCdrLineKind::kMaximumPrice;  // a maximum that raises the price
  EXPECT_EQ(FieldAtFault(named), "lines[3].amount");
  named = cdr;
  named.lines.push_back(Clamp(MspCdrLineKind::kMinimumPrice, "0.01"));
  named.total_excl_vat = Number("15.01");
  EXPECT_EQ(FieldAtFault(named), "lines[4].kind");

  // The maximum of 10.00 lowers 11.45 by 1.45; VAT 2.10; margin 10.00 − 9.88 = 0.12.
  cdr = Rated();
  cdr.lines.push_back(Clamp(MspCdrLineKind::kMaximumPrice, "-1.45"));
  cdr.total_excl_vat = Number("10.00");
  cdr.vat_amount = Number("2.10");
  cdr.total_incl_vat = Number("12.10");
  cdr.margin = Number("0.12");
  ExpectValid(cdr);
}

TEST(ValidateNewMspCdrTest, LinesOfARatedCdrAreNotNegativeAndSayWhatTheyBill) {
  NewMspCdr cdr = Rated();
  cdr.lines[0].quantity = Number("-20.750");
  cdr.lines[0].amount = Number("-8.09");
  EXPECT_EQ(FieldAtFault(cdr), "lines[0].quantity");
  cdr = Rated();
  cdr.lines[1].measured = Number("-1");
  EXPECT_EQ(FieldAtFault(cdr), "lines[1].measured");
  cdr = Rated();
  cdr.lines[1].description = "";
  EXPECT_EQ(FieldAtFault(cdr), "lines[1].description");
  cdr = Rated();
  cdr.lines[1].description = "Ladezeit \xC3";
  EXPECT_EQ(FieldAtFault(cdr), "lines[1].description");
  cdr = Rated();
  cdr.lines[0].unit_price = Decimal::FromCoefficient(1'234'567'890'123'456'789, 19);  // would not read back
  EXPECT_EQ(FieldAtFault(cdr), "lines[0].unit_price");
  cdr = Rated();
  cdr.lines.clear();
  EXPECT_EQ(FieldAtFault(cdr), "lines");
}

TEST(ValidateNewMspCdrTest, ARatedCdrNamesItsCustomerPlacePlanAndCountry) {
  NewMspCdr cdr = Rated();
  cdr.billing_unit_id = std::nullopt;  // the profile is invoiced itself
  cdr.business_partner_groups.clear();
  ExpectValid(cdr);
  const std::pair<void (*)(NewMspCdr&), const char*> missing[] = {
      {[](NewMspCdr& c) { c.token_id = std::nullopt; }, "token_id"},
      {[](NewMspCdr& c) { c.profile_id = std::nullopt; }, "profile_id"},
      {[](NewMspCdr& c) { c.organisation_unit_id = std::nullopt; }, "organisation_unit_id"},
      {[](NewMspCdr& c) { c.location_group_id = std::nullopt; }, "location_group_id"},
      {[](NewMspCdr& c) { c.plan_version_id = std::nullopt; }, "plan_version_id"},
      {[](NewMspCdr& c) { c.vat_country = std::nullopt; }, "vat_country"},
      {[](NewMspCdr& c) { c.explanation = ""; }, "explanation"},
      {[](NewMspCdr& c) { c.attention_detail = "left over"; }, "attention_detail"},
  };
  for (const auto& [change, field] : missing) {
    NewMspCdr changed = Rated();
    change(changed);
    EXPECT_EQ(FieldAtFault(changed), field);
  }
}

TEST(ValidateNewMspCdrTest, BusinessPartnerGroupsAreNotRepeated) {
  NewMspCdr cdr = Rated();
  cdr.business_partner_groups = {BusinessPartnerGroupId{9}, BusinessPartnerGroupId{2},
                                 BusinessPartnerGroupId{9}};
  EXPECT_EQ(FieldAtFault(cdr), "business_partner_groups[2]");
}

TEST(ValidateNewMspCdrTest, TheCostAuditDifferenceIsStatedMinusRecomputed) {
  NewMspCdr cdr = Rated();
  cdr.cost_audit->difference = Number("-0.076");
  EXPECT_EQ(FieldAtFault(cdr), "cost_audit.difference");
  cdr.cost_audit = std::nullopt;
  ExpectValid(cdr);
}

TEST(ValidateNewMspCdrTest, OneNeedingAttentionHasNoLinesAndNoAmounts) {
  ExpectValid(NeedingAttention());
  // The customer and place as far as they were found: here the token, but no plan version in force.
  NewMspCdr partly = Rated();
  partly.attention = AttentionReason::kNoPlanVersion;
  partly.attention_detail = "no tariff plan version in force on 2026-03-01";
  partly.plan_version_id = std::nullopt;
  partly.lines.clear();
  partly.total_excl_vat = partly.vat_amount = partly.total_incl_vat = partly.cpo_cost = partly.margin =
      Decimal();
  ExpectValid(partly);

  NewMspCdr cdr = NeedingAttention();
  cdr.attention_detail = "";
  EXPECT_EQ(FieldAtFault(cdr), "attention_detail");
  cdr = NeedingAttention();
  cdr.lines = Rated().lines;
  EXPECT_EQ(FieldAtFault(cdr), "lines");
  const std::pair<Decimal NewMspCdr::*, const char*> amounts[] = {
      {&NewMspCdr::total_excl_vat, "total_excl_vat"},
      {&NewMspCdr::vat_amount, "vat_amount"},
      {&NewMspCdr::total_incl_vat, "total_incl_vat"},
      {&NewMspCdr::cpo_cost, "cpo_cost"},
      {&NewMspCdr::margin, "margin"}};
  for (const auto& [amount, field] : amounts) {
    cdr = NeedingAttention();
    cdr.*amount = Number("-9.88");
    EXPECT_EQ(FieldAtFault(cdr), field);
  }
}

TEST(ValidateNewMspCdrTest, ACreditHasNoPositiveAmounts) {
  ExpectValid(Credit());
  NewMspCdr cdr = Credit();
  cdr.lines[0].quantity = Number("20.750");
  cdr.lines[0].amount = Number("8.09");
  EXPECT_EQ(FieldAtFault(cdr), "lines[0].amount");
  // The original itself, marked as a credit.
  cdr = Rated();
  cdr.credit_of = MspCdrId{77};
  EXPECT_EQ(FieldAtFault(cdr), "total_excl_vat");
  // A credit of a CDR that was clamped to its maximum gives the clamp back: that line is positive.
  cdr = Credit();
  cdr.lines.push_back(Clamp(MspCdrLineKind::kMaximumPrice, "1.45"));
  cdr.total_excl_vat = Number("-10.00");
  cdr.vat_amount = Number("-2.10");
  cdr.total_incl_vat = Number("-12.10");
  cdr.margin = Number("-0.12");
  ExpectValid(cdr);
  cdr.lines.back() = Clamp(MspCdrLineKind::kMaximumPrice, "-1.45");
  EXPECT_EQ(FieldAtFault(cdr), "lines[3].amount");
}

TEST(ValidateNewMspCdrTest, InstantsLieInTheYearsAStoreCanHold) {
  NewMspCdr cdr = Rated();
  cdr.session_end = kMaxInstant + std::chrono::seconds(1);
  EXPECT_EQ(FieldAtFault(cdr), "session_end");
  cdr = Rated();
  cdr.session_start = kMinInstant - std::chrono::seconds(1);
  EXPECT_EQ(FieldAtFault(cdr), "session_start");
  // End before start is a plausibility matter (END_BEFORE_START), not a malformed record.
  cdr = NeedingAttention();
  cdr.attention = AttentionReason::kEndBeforeStart;
  cdr.session_end = cdr.session_start - std::chrono::minutes(5);
  ExpectValid(cdr);
}

}  // namespace
}  // namespace openmsp::domain
