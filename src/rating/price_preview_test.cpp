#include "rating/price_preview.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "rating/rating_test_builders.h"

namespace openmsp::rating {
namespace {

using domain::AttentionReason;
using domain::TariffCodeKind;
using domain::TariffUnit;
using std::chrono::hours;
using std::chrono::minutes;
using namespace testing;  // NOLINT: the builders

const domain::TariffCode kEnergy = Code(1, TariffCodeKind::kEnergy, TariffUnit::kKwh, "0.001");
// Idle fee per started minute after a grace period of 60 minutes.
const domain::TariffCode kParking = Code(3, TariffCodeKind::kParkingTime, TariffUnit::kMinute, "1", "0", 60);
const domain::TariffCode kFee = Code(4, TariffCodeKind::kSessionFee, TariffUnit::kSession, "1");
const domain::TariffCode kCpoCost = Code(5, TariffCodeKind::kCpoCost, TariffUnit::kCost, "0.01");
// Per started quarter hour.
const domain::TariffCode kCharging = Code(6, TariffCodeKind::kChargingTime, TariffUnit::kHour, "0.25");

TenantBook BookOf(std::vector<domain::TariffPlanRule> rules) {
  return Book({Version(1, "2026-01-01T00:00:00Z", std::move(rules))},
              {kEnergy, kParking, kFee, kCpoCost, kCharging});
}

ChargingIntent Intent(std::optional<std::string_view> energy, std::optional<Duration> charging,
                      Duration parking = Duration(0)) {
  return ChargingIntent{.energy_kwh = energy ? std::optional<Decimal>(D(*energy)) : std::nullopt,
                        .charging_time = charging,
                        .parking_time = parking,
                        .expected_cpo_cost = std::nullopt};
}

PricePreviewRequest Preview(std::string_view start, ChargingIntent intent, Customer customer = MakeCustomer(),
                            Place place = MakePlace()) {
  return PricePreviewRequest{.customer = std::move(customer),
                             .place = std::move(place),
                             .cpo = PartyId::FromFields("NL", "CPO").value(),
                             .start = At(start),
                             .intent = std::move(intent),
                             .explain = true};
}

PriceEstimate PreviewOk(const PricePreviewRequest& request, const TenantBook& book) {
  Result<PriceEstimate> estimate = PricePreview(request, book);
  EXPECT_TRUE(estimate.ok()) << estimate.error().ToString();
  return std::move(estimate).value();
}

TEST(PricePreviewTest, TwentyKwhInAnHourWithASessionFee) {
  // 20 kWh × 0.35 = 7.00, + 0.50 session fee = 7.50 excl. VAT; VAT 21 % of 7.50 = 1.575 → 1.58 (half up);
  // 7.50 + 1.58 = 9.08 incl. VAT.
  const TenantBook book = BookOf({Rule(10, 1, "0.35"), Rule(11, 4, "0.50")});
  const PriceEstimate estimate = PreviewOk(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1))), book);
  ASSERT_TRUE(estimate.Complete()) << estimate.rating.attention_detail;
  const domain::NewMspCdr& rating = estimate.rating;
  ASSERT_EQ(rating.lines.size(), 2u);
  EXPECT_EQ(rating.lines[0].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(rating.lines[0].measured, D("20"));
  EXPECT_EQ(rating.lines[0].amount, D("7.00"));
  EXPECT_EQ(rating.lines[1].rule, domain::TariffPlanRuleId{11});
  EXPECT_EQ(rating.lines[1].amount, D("0.50"));
  EXPECT_EQ(rating.total_excl_vat, D("7.50"));
  EXPECT_EQ(rating.vat_percent, D("21"));
  EXPECT_EQ(rating.vat_amount, D("1.58"));
  EXPECT_EQ(rating.total_incl_vat, D("9.08"));
  EXPECT_EQ(rating.session_start, At("2026-03-02T10:00:00Z"));
  EXPECT_EQ(rating.session_end, At("2026-03-02T11:00:00Z"));
  EXPECT_EQ(rating.cpo_cdr_id, domain::CpoCdrId{0});
  EXPECT_EQ(rating.profile_id, domain::ProfileId{12});
  EXPECT_EQ(estimate.energy_kwh, D("20"));
  EXPECT_EQ(estimate.charging_time, hours(1));
  EXPECT_TRUE(estimate.not_included.empty());
  EXPECT_TRUE(estimate.assumptions.empty());
  EXPECT_NE(rating.explanation.find("20.000 kWh × 0.35 = 7.00"), std::string::npos) << rating.explanation;
}

TEST(PricePreviewTest, AFutureStartIsPricedWithThePlanVersionInForceThen) {
  // The synthetic CDR counts as received when it ends, so a start years ahead is not "in the future"
  // (received at the start, it would be: it ends an hour later, beyond the 5 min clock skew). A price
  // change already loaded for 2030 applies: 20 kWh × 0.45 = 9.00.
  const TenantBook book = Book({Version(1, "2026-01-01T00:00:00Z", {Rule(10, 1, "0.35")}),
                                Version(2, "2030-01-01T00:00:00Z", {Rule(20, 1, "0.45")})},
                               {kEnergy});
  const PriceEstimate estimate = PreviewOk(Preview("2030-06-03T10:00:00Z", Intent("20", hours(1))), book);
  ASSERT_TRUE(estimate.Priced()) << estimate.rating.attention_detail;
  EXPECT_EQ(estimate.rating.plan_version_id, domain::TariffPlanVersionId{2});
  EXPECT_EQ(estimate.rating.total_excl_vat, D("9.00"));

  const PriceEstimate before = PreviewOk(Preview("2029-12-31T22:00:00Z", Intent("20", hours(1))), book);
  EXPECT_EQ(before.rating.plan_version_id, domain::TariffPlanVersionId{1});
  EXPECT_EQ(before.rating.total_excl_vat, D("7.00"));
}

TEST(PricePreviewTest, ANightWindowSplitsTheEnergySpreadEvenly) {
  // 20:30Z–22:30Z on 15 January is 21:30–23:30 in Amsterdam (UTC+1); the night (22–06 local) starts at
  // 21:00Z. 20 kWh spread over 120 min: 30 min day = 5 kWh × 0.40 = 2.00; 90 min night = 15 kWh × 0.25
  // = 3.75. 5.75 excl. VAT; VAT 5.75 × 0.21 = 1.2075 → 1.21; 6.96 incl. VAT.
  const TenantBook book = BookOf({Rule(10, 1, "0.25", 0, 0, 0, Window(22, 6)), Rule(11, 1, "0.40", 0, 0, 1)});
  const PriceEstimate estimate = PreviewOk(Preview("2026-01-15T20:30:00Z", Intent("20", hours(2))), book);
  ASSERT_TRUE(estimate.Complete()) << estimate.rating.attention_detail;
  ASSERT_EQ(estimate.rating.lines.size(), 2u);
  EXPECT_EQ(estimate.rating.lines[0].rule, domain::TariffPlanRuleId{11});
  EXPECT_EQ(estimate.rating.lines[0].measured, D("5"));
  EXPECT_EQ(estimate.rating.lines[0].amount, D("2.00"));
  EXPECT_EQ(estimate.rating.lines[1].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(estimate.rating.lines[1].measured, D("15"));
  EXPECT_EQ(estimate.rating.lines[1].amount, D("3.75"));
  EXPECT_EQ(estimate.rating.total_excl_vat, D("5.75"));
  EXPECT_EQ(estimate.rating.vat_amount, D("1.21"));
  EXPECT_EQ(estimate.rating.total_incl_vat, D("6.96"));
}

TEST(PricePreviewTest, ParkingAfterChargingIsBilledAfterTheGracePeriod) {
  // 30 kWh in 2 h from 08:00Z, then 90 min parked (until 11:30Z). Energy 30 × 0.30 = 9.00; parking:
  // 90 min, the first 60 free, 30 min × 0.10 = 3.00. 12.00 excl. VAT; VAT 2.52; 14.52 incl. VAT.
  const TenantBook book = BookOf({Rule(10, 1, "0.30"), Rule(20, 3, "0.10")});
  const PriceEstimate estimate =
      PreviewOk(Preview("2026-01-15T08:00:00Z", Intent("30", hours(2), minutes(90))), book);
  ASSERT_TRUE(estimate.Complete()) << estimate.rating.attention_detail;
  ASSERT_EQ(estimate.rating.lines.size(), 2u);
  EXPECT_EQ(estimate.rating.lines[0].amount, D("9.00"));
  EXPECT_EQ(estimate.rating.lines[1].rule, domain::TariffPlanRuleId{20});
  EXPECT_EQ(estimate.rating.lines[1].measured, D("90"));
  EXPECT_EQ(estimate.rating.lines[1].quantity, D("30"));
  EXPECT_EQ(estimate.rating.lines[1].amount, D("3.00"));
  EXPECT_EQ(estimate.rating.total_excl_vat, D("12.00"));
  EXPECT_EQ(estimate.rating.vat_amount, D("2.52"));
  EXPECT_EQ(estimate.rating.total_incl_vat, D("14.52"));
  EXPECT_EQ(estimate.rating.session_end, At("2026-01-15T11:30:00Z"));
  EXPECT_EQ(estimate.parking_time, minutes(90));

  // 45 min parked stays within the grace period: 9.00 only.
  const PriceEstimate within =
      PreviewOk(Preview("2026-01-15T08:00:00Z", Intent("30", hours(2), minutes(45))), book);
  EXPECT_EQ(within.rating.lines[1].quantity, D("0"));
  EXPECT_EQ(within.rating.total_excl_vat, D("9.00"));
}

TEST(PricePreviewTest, ACustomerInABusinessPartnerGroupGetsTheGroupPrice) {
  // Lease companies (BPG 3) pay 0.30 instead of 0.35: 20 kWh × 0.30 = 6.00 against 7.00.
  const TenantBook book = BookOf({Rule(10, 1, "0.35"), Rule(12, 1, "0.30", 0, 3)});
  const PriceEstimate lease =
      PreviewOk(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1)), MakeCustomer({3})), book);
  EXPECT_EQ(lease.rating.lines[0].rule, domain::TariffPlanRuleId{12});
  EXPECT_EQ(lease.rating.total_excl_vat, D("6.00"));
  EXPECT_EQ(lease.rating.business_partner_groups, std::vector<domain::BusinessPartnerGroupId>{{3}});
  const PriceEstimate other =
      PreviewOk(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1)), MakeCustomer({4})), book);
  EXPECT_EQ(other.rating.lines[0].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(other.rating.total_excl_vat, D("7.00"));
}

TEST(PricePreviewTest, WithoutAnExpectedCpoCostThePassThroughIsListedAsNotIncluded) {
  // Energy 20 × 0.35 = 7.00 plus 1.15 × the CPO's cost.
  const TenantBook book = BookOf({Rule(10, 1, "0.35"), Rule(13, 5, "1.15")});
  const PriceEstimate unknown = PreviewOk(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1))), book);
  ASSERT_TRUE(unknown.Priced()) << unknown.rating.attention_detail;
  EXPECT_FALSE(unknown.Complete());
  ASSERT_EQ(unknown.not_included.size(), 1u);
  EXPECT_EQ(unknown.not_included[0].rule, domain::TariffPlanRuleId{13});
  EXPECT_EQ(unknown.not_included[0].tariff_code, domain::TariffCodeId{5});
  EXPECT_EQ(unknown.not_included[0].unit_price, D("1.15"));
  EXPECT_EQ(unknown.not_included[0].detail, "CODE-5 (Code 5): 1.15 × the CPO's cost, which is not known yet");
  EXPECT_EQ(unknown.rating.total_excl_vat, D("7.00"));  // the pass-through part excluded, and said so
  EXPECT_NE(unknown.rating.explanation.find("Not included (the totals exclude them):\n- rule 13, CODE-5"),
            std::string::npos)
      << unknown.rating.explanation;

  // Expected CPO cost 8.00: 8.00 × 1.15 = 9.20; 7.00 + 9.20 = 16.20; VAT 3.402 → 3.40; 19.60.
  PricePreviewRequest request = Preview("2026-03-02T10:00:00Z", Intent("20", hours(1)));
  request.intent.expected_cpo_cost = D("8.00");
  const PriceEstimate known = PreviewOk(request, book);
  ASSERT_TRUE(known.Complete()) << known.rating.attention_detail;
  EXPECT_EQ(known.rating.lines[1].amount, D("9.20"));
  EXPECT_EQ(known.rating.total_excl_vat, D("16.20"));
  EXPECT_EQ(known.rating.total_incl_vat, D("19.60"));
  EXPECT_EQ(known.rating.explanation.find("Not included"), std::string::npos);
}

TEST(PricePreviewTest, TheMissingOneOfEnergyAndTimeIsDerivedAtFullPower) {
  // 25 kWh at 50 kW: 25 × 60 / 50 = 30 min. Energy 25 × 0.35 = 8.75; charging time 0.5 h (two started
  // quarter hours) × 2.00 = 1.00; 9.75.
  const TenantBook book = BookOf({Rule(10, 1, "0.35"), Rule(14, 6, "2.00")});
  const PriceEstimate from_energy = PreviewOk(
      Preview("2026-03-02T10:00:00Z", Intent("25", std::nullopt), MakeCustomer(), MakePlace(1, "50")), book);
  EXPECT_EQ(from_energy.charging_time, minutes(30));
  EXPECT_EQ(from_energy.rating.total_excl_vat, D("9.75"));
  ASSERT_EQ(from_energy.assumptions.size(), 1u);
  EXPECT_EQ(
      from_energy.assumptions[0],
      "charging_time derived: 25 kWh at the connector's full power of 50 kW takes 30 min (rounded up to "
      "whole minutes)");

  // 11 kWh at 150 kW: 4.4 min, rounded up to 5.
  const PriceEstimate rounded = PreviewOk(Preview("2026-03-02T10:00:00Z", Intent("11", std::nullopt)), book);
  EXPECT_EQ(rounded.charging_time, minutes(5));

  // 30 min at 22 kW: 22 × 0.5 = 11 kWh × 0.35 = 3.85; charging 0.5 h × 2.00 = 1.00; 4.85.
  const PriceEstimate from_time = PreviewOk(
      Preview("2026-03-02T10:00:00Z", Intent(std::nullopt, minutes(30)), MakeCustomer(), MakePlace(1, "22")),
      book);
  EXPECT_EQ(from_time.energy_kwh, D("11"));
  EXPECT_EQ(from_time.rating.lines[0].amount, D("3.85"));
  EXPECT_EQ(from_time.rating.total_excl_vat, D("4.85"));
  ASSERT_EQ(from_time.assumptions.size(), 1u);
  EXPECT_EQ(from_time.assumptions[0],
            "energy_kwh derived: 0.5 h at the connector's full power of 22 kW charges 11 kWh");
}

TEST(PricePreviewTest, BadInputsAreRefusedNamingTheField) {
  TenantBook book = BookOf({Rule(10, 1, "0.35")});
  const auto field_of = [&](ChargingIntent intent, Place place = MakePlace()) -> std::string {
    Result<PriceEstimate> estimate = PricePreview(
        Preview("2026-03-02T10:00:00Z", std::move(intent), MakeCustomer(), std::move(place)), book);
    if (estimate.ok()) return "(accepted)";
    EXPECT_EQ(estimate.error().code, ErrorCode::kInvalidArgument);
    return estimate.error().field;
  };
  EXPECT_EQ(field_of(Intent(std::nullopt, std::nullopt)), "energy_kwh");
  EXPECT_EQ(field_of(Intent("-0.001", hours(1))), "energy_kwh");
  EXPECT_EQ(field_of(Intent("1000.001", hours(1))), "energy_kwh");  // the default limit is 1000 kWh
  EXPECT_EQ(field_of(Intent("1000", hours(1))), "(accepted)");
  EXPECT_EQ(field_of(Intent("0", hours(1))), "(accepted)");
  EXPECT_EQ(field_of(Intent("20", Duration(0))), "charging_time");
  EXPECT_EQ(field_of(Intent("20", -minutes(5))), "charging_time");
  EXPECT_EQ(field_of(Intent("20", hours(169))), "charging_time");  // the default limit is 168 h
  EXPECT_EQ(field_of(Intent("20", hours(168))), "(accepted)");
  EXPECT_EQ(field_of(Intent("20", hours(1), -minutes(1))), "parking_time");
  EXPECT_EQ(field_of(Intent("20", hours(160), hours(9))), "parking_time");
  EXPECT_EQ(field_of(Intent("20", hours(160), hours(8))), "(accepted)");
  ChargingIntent negative_cost = Intent("20", hours(1));
  negative_cost.expected_cpo_cost = D("-0.01");
  EXPECT_EQ(field_of(negative_cost), "expected_cpo_cost");
  // Only one of energy and time, where the other cannot be derived.
  EXPECT_EQ(field_of(Intent("20", std::nullopt), MakePlace(1, std::nullopt)), "charging_time");
  EXPECT_EQ(field_of(Intent(std::nullopt, hours(1)), MakePlace(1, std::nullopt)), "energy_kwh");
  EXPECT_EQ(field_of(Intent("0", std::nullopt)), "energy_kwh");
  EXPECT_EQ(field_of(Intent("1000", std::nullopt), MakePlace(1, "3.7")), "energy_kwh");  // 270.3 h
  EXPECT_EQ(field_of(Intent(std::nullopt, hours(10))), "charging_time");  // 10 h × 150 kW = 1500 kWh

  // The messages give the numbers, and the tenant's own limits apply.
  book.settings.max_energy_kwh = D("100");
  Result<PriceEstimate> refused =
      PricePreview(Preview("2026-03-02T10:00:00Z", Intent("150", hours(2))), book);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().ToString(),
            "energy_kwh: 150 kWh is above the tenant's limit of 100 kWh (max_energy_kwh)");
  // 1000 kWh at 3.7 kW: 16216.2 min, rounded up to 16217 min = 270.283333 h.
  book.settings.max_energy_kwh = D("1000");
  refused = PricePreview(
      Preview("2026-03-02T10:00:00Z", Intent("1000", std::nullopt), MakeCustomer(), MakePlace(1, "3.7")),
      book);
  EXPECT_EQ(
      refused.error().ToString(),
      "energy_kwh: at the connector's full power of 3.7 kW, 1000 kWh takes 270.283333 h, longer than the "
      "tenant's limit of 168 h (max_session_duration); give charging_time");
  refused = PricePreview(Preview("2026-03-02T10:00:00Z", Intent("20", hours(169))), book);
  EXPECT_EQ(refused.error().ToString(),
            "charging_time: 169 h is longer than the tenant's limit of 168 h (max_session_duration)");
}

TEST(PricePreviewTest, WhatCannotBePricedNeedsAttentionAndIsNoError) {
  const auto attention = [](const PricePreviewRequest& request,
                            const TenantBook& with = BookOf({Rule(10, 1, "0.35")})) {
    const PriceEstimate estimate = PreviewOk(request, with);
    EXPECT_FALSE(estimate.Priced());
    EXPECT_TRUE(estimate.rating.lines.empty());
    EXPECT_EQ(estimate.rating.total_incl_vat, D("0"));
    return estimate.rating.attention.value_or(AttentionReason::kUnreadableCdr);
  };
  // Before the plan's first version.
  EXPECT_EQ(attention(Preview("2025-12-31T10:00:00Z", Intent("20", hours(1)))),
            AttentionReason::kNoPlanVersion);
  Place belgium = MakePlace();
  belgium.country = CountryFromAlpha2("BE").value();
  EXPECT_EQ(attention(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1)), MakeCustomer(), belgium)),
            AttentionReason::kNoVatRate);
  Place unknown_zone = MakePlace();
  unknown_zone.time_zone = std::nullopt;
  EXPECT_EQ(attention(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1)), MakeCustomer(), unknown_zone)),
            AttentionReason::kUnknownTimeZone);
  EXPECT_EQ(
      attention(Preview("2026-03-02T10:00:00Z", Intent("20", hours(1))), BookOf({Rule(10, 1, "0.35", 0, 3)})),
      AttentionReason::kNoMatchingRule);
}

// A session of NL-CPO that started at 10:00Z (11:00 in Amsterdam), with `periods` (a JSON array, or
// empty for none) and `extra` members.
domain::Session SessionWith(std::string_view periods, std::string_view kwh, std::string_view extra = "") {
  std::string json =
      R"({"country_code":"NL","party_id":"CPO","id":"S-1","start_date_time":"2026-03-02T10:00:00Z","kwh":)" +
      std::string(kwh) +
      R"(,"cdr_token":{"country_code":"NL","party_id":"TNM","uid":"AA11BB22","type":"RFID",)"
      R"("contract_id":"NL-TNM-C00122045-K"},"auth_method":"WHITELIST","location_id":"LOC1","evse_uid":"E1",)"
      R"("connector_id":"1","currency":"EUR","status":"ACTIVE","last_updated":"2026-03-02T11:15:00Z")";
  if (!periods.empty()) json += R"(,"charging_periods":)" + std::string(periods);
  json += std::string(extra) + "}";
  return domain::SessionFromOcpiJson(json).value();
}

// 10:00Z–11:00Z 18 kWh; from 11:00Z 4 kWh reported so far.
constexpr std::string_view kTwoPeriods =
    R"([{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":18},)"
    R"({"type":"TIME","volume":1}]},)"
    R"({"start_date_time":"2026-03-02T11:00:00Z","dimensions":[{"type":"ENERGY","volume":4},)"
    R"({"type":"TIME","volume":0.25}]}])";

RunningCostRequest Running(const domain::Session& session, std::string_view now) {
  return RunningCostRequest{
      .session = &session, .customer = MakeCustomer(), .place = MakePlace(), .now = At(now), .explain = true};
}

// A peak rule from 12:20 local (11:20Z) to 14:00 at 0.50/kWh, 0.35 otherwise, and a 0.50 session fee.
TenantBook PeakBook(std::vector<domain::TariffPlanRule> more = {}) {
  domain::TariffRuleRestrictions peak;
  peak.time_of_day = domain::TimeOfDayWindow{minutes(12 * 60 + 20), hours(14)};
  std::vector<domain::TariffPlanRule> rules = {Rule(10, 1, "0.50", 0, 0, 0, peak),
                                               Rule(11, 1, "0.35", 0, 0, 1), Rule(12, 4, "0.50")};
  rules.insert(rules.end(), more.begin(), more.end());
  return BookOf(std::move(rules));
}

TEST(RunningCostTest, TwoPeriodsAtANowInTheMiddleOfTheSecond) {
  // now = 11:40Z: the second period runs 11:00Z–11:40Z. The meter says 24 kWh, the periods 18 + 4 = 22:
  // the 2 kWh not reported yet go to the last period, 6 kWh spread over its 40 min. The peak starts at
  // 11:20Z: 20 min = 3 kWh off-peak, 20 min = 3 kWh peak.
  // Off-peak 18 + 3 = 21 kWh × 0.35 = 7.35; peak 3 × 0.50 = 1.50; fee 0.50. 9.35 excl. VAT;
  // VAT 9.35 × 0.21 = 1.9635 → 1.96; 11.31 incl. VAT.
  const domain::Session session = SessionWith(kTwoPeriods, "24");
  Result<PriceEstimate> running = RunningCost(Running(session, "2026-03-02T11:40:00Z"), PeakBook());
  ASSERT_TRUE(running.ok()) << running.error().ToString();
  const domain::NewMspCdr& rating = running->rating;
  ASSERT_TRUE(running->Complete()) << rating.attention_detail;
  ASSERT_EQ(rating.lines.size(), 3u) << rating.explanation;
  EXPECT_EQ(rating.lines[0].rule, domain::TariffPlanRuleId{11});
  EXPECT_EQ(rating.lines[0].measured, D("21"));
  EXPECT_EQ(rating.lines[0].amount, D("7.35"));
  EXPECT_EQ(rating.lines[1].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(rating.lines[1].measured, D("3"));
  EXPECT_EQ(rating.lines[1].amount, D("1.50"));
  EXPECT_EQ(rating.lines[2].amount, D("0.50"));
  EXPECT_EQ(rating.total_excl_vat, D("9.35"));
  EXPECT_EQ(rating.vat_amount, D("1.96"));
  EXPECT_EQ(rating.total_incl_vat, D("11.31"));
  EXPECT_EQ(rating.session_end, At("2026-03-02T11:40:00Z"));
  EXPECT_EQ(rating.cpo, PartyId::FromFields("NL", "CPO").value());
  EXPECT_EQ(running->energy_kwh, D("24"));
  EXPECT_EQ(running->charging_time, minutes(100));
  EXPECT_EQ(running->parking_time, Duration(0));

  // At 11:20Z the meter says 24 kWh as well (the same session object), all of it before the peak:
  // 24 × 0.35 = 8.40 + 0.50 = 8.90.
  Result<PriceEstimate> earlier = RunningCost(Running(session, "2026-03-02T11:20:00Z"), PeakBook());
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->rating.total_excl_vat, D("8.90"));
}

TEST(RunningCostTest, PeriodsAheadOfNowAndOfTheMeter) {
  // When the meter is behind the periods (kwh not updated yet), the periods win: 22 kWh, of which the
  // second period's 4 spread over 11:00Z–11:40Z, 2 of them in the peak. 20 × 0.35 = 7.00, 2 × 0.50 =
  // 1.00, fee 0.50: 8.50.
  const domain::Session behind = SessionWith(kTwoPeriods, "21");
  Result<PriceEstimate> running = RunningCost(Running(behind, "2026-03-02T11:40:00Z"), PeakBook());
  ASSERT_TRUE(running.ok()) << running.error().ToString();
  EXPECT_EQ(running->energy_kwh, D("22"));
  EXPECT_EQ(running->rating.total_excl_vat, D("8.50"));

  // A third period that starts after now (the CPO's clock ahead of ours) is left out until now reaches
  // it; its energy is in the meter, so the price is the one of the first test: 9.35.
  std::string three(kTwoPeriods);
  three.pop_back();
  three += R"(,{"start_date_time":"2026-03-02T11:41:00Z","dimensions":[{"type":"ENERGY","volume":0.5}]}])";
  const domain::Session ahead = SessionWith(three, "24");
  Result<pricing::Cdr> cdr = SessionSoFar(ahead, At("2026-03-02T11:40:00Z"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_EQ(cdr->charging_periods.size(), 2u);
  EXPECT_EQ(cdr->total_energy, D("24"));
  EXPECT_EQ(cdr->end_date_time, At("2026-03-02T11:40:00Z"));
  running = RunningCost(Running(ahead, "2026-03-02T11:40:00Z"), PeakBook());
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->rating.total_excl_vat, D("9.35"));
}

TEST(RunningCostTest, TheCposTotalCostIsTheCpoCostWhenStated) {
  // CPO cost 6.00 × 1.15 = 6.90, on top of the 9.35 of the first test: 16.25.
  const TenantBook book = PeakBook({Rule(13, 5, "1.15")});
  const domain::Session costed = SessionWith(kTwoPeriods, "24", R"(,"total_cost":{"excl_vat":6.00})");
  Result<PriceEstimate> running = RunningCost(Running(costed, "2026-03-02T11:40:00Z"), book);
  ASSERT_TRUE(running.ok()) << running.error().ToString();
  ASSERT_TRUE(running->Complete()) << running->rating.attention_detail;
  EXPECT_EQ(running->rating.lines.back().amount, D("6.90"));
  EXPECT_EQ(running->rating.total_excl_vat, D("16.25"));
  EXPECT_EQ(running->rating.cpo_cost, D("6.00"));

  // Without it, the pass-through is left out and said so: 9.35.
  const domain::Session uncosted = SessionWith(kTwoPeriods, "24");
  running = RunningCost(Running(uncosted, "2026-03-02T11:40:00Z"), book);
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(running->Priced());
  ASSERT_EQ(running->not_included.size(), 1u);
  EXPECT_EQ(running->not_included[0].rule, domain::TariffPlanRuleId{13});
  EXPECT_EQ(running->rating.total_excl_vat, D("9.35"));
}

TEST(RunningCostTest, AFinishedSessionIsPricedToItsEndAndOneWithoutPeriodsFromItsMeter) {
  // Ended 11:20Z, asked at 12:00Z: the second period lasts 20 min, all off-peak; 24 kWh × 0.35 = 8.40
  // + 0.50 = 8.90.
  const domain::Session finished =
      SessionWith(kTwoPeriods, "24", R"(,"end_date_time":"2026-03-02T11:20:00Z")");
  Result<PriceEstimate> running = RunningCost(Running(finished, "2026-03-02T12:00:00Z"), PeakBook());
  ASSERT_TRUE(running.ok()) << running.error().ToString();
  EXPECT_EQ(running->rating.session_end, At("2026-03-02T11:20:00Z"));
  EXPECT_EQ(running->rating.total_excl_vat, D("8.90"));

  // No periods at all: the meter's 12 kWh spread over 10:00Z–11:40Z (100 min), 20 min of it in the peak:
  // 12 × 20/100 = 2.4 kWh × 0.50 = 1.20; 9.6 kWh × 0.35 = 3.36; + 0.50 = 5.06.
  const domain::Session bare = SessionWith("", "12");
  running = RunningCost(Running(bare, "2026-03-02T11:40:00Z"), PeakBook());
  ASSERT_TRUE(running.ok()) << running.error().ToString();
  EXPECT_EQ(running->rating.total_excl_vat, D("5.06"));
  EXPECT_EQ(running->charging_time, minutes(100));
}

TEST(RunningCostTest, BadSessionsAreRefusedNamingTheField) {
  const domain::Session session = SessionWith(kTwoPeriods, "24");
  Result<PriceEstimate> early = RunningCost(Running(session, "2026-03-02T09:59:59Z"), PeakBook());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().field, "now");

  // The periods are read by the CDR reader, with its errors.
  const domain::Session lower_case = SessionWith(
      R"([{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"energy","volume":18}]}])", "18");
  Result<PriceEstimate> unreadable = RunningCost(Running(lower_case, "2026-03-02T11:00:00Z"), PeakBook());
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unreadable.error().field, "charging_periods[0].dimensions[0].type");

  RunningCostRequest none = Running(session, "2026-03-02T11:00:00Z");
  none.session = nullptr;
  EXPECT_EQ(RunningCost(none, PeakBook()).error().field, "session");
}

TEST(RunningCostTest, TheOfficialFinishedSessionExampleIsHeldForItsWattHours) {
  // OCPI 2.2.1's session_example_2 states its periods' ENERGY in Wh (120 and 41000) against 41.12 kWh in
  // `kwh`: 41120 "kWh" is above the 1000 kWh limit, and the estimate says so instead of pricing it.
  std::ifstream in(std::filesystem::path(OPENMSP_SHARED_DIR) /
                       "ocpi/examples/sessions/session_example_2_short_finished.json",
                   std::ios::binary);
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const domain::Session session = domain::SessionFromOcpiJson(json).value();
  Result<pricing::Cdr> cdr = SessionSoFar(session, At("2015-06-30T00:00:00Z"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_EQ(cdr->charging_periods.size(), 3u);
  EXPECT_EQ(cdr->total_energy, D("41120"));
  EXPECT_EQ(cdr->end_date_time, At("2015-06-29T23:50:16Z"));
  Result<PriceEstimate> running = RunningCost(RunningCostRequest{.session = &session,
                                                                 .customer = MakeCustomer(),
                                                                 .place = MakePlace(),
                                                                 .now = At("2015-06-30T00:00:00Z"),
                                                                 .explain = false},
                                              PeakBook());
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->rating.attention, AttentionReason::kEnergyOutOfRange);
}

}  // namespace
}  // namespace openmsp::rating
