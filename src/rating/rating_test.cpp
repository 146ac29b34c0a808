#include "rating/rating.h"

#include <gtest/gtest.h>

#include "rating/rating_test_builders.h"

namespace openmsp::rating {
namespace {

using domain::AttentionReason;
using domain::MspCdrLineKind;
using domain::NewMspCdr;
using domain::TariffCodeKind;
using domain::TariffUnit;
using namespace testing;  // NOLINT: the builders

// Codes used throughout (ids as below).
const domain::TariffCode kEnergy = Code(1, TariffCodeKind::kEnergy, TariffUnit::kKwh, "0.001");
const domain::TariffCode kEnergyStepped = Code(2, TariffCodeKind::kEnergy, TariffUnit::kKwh, "0.1", "2");
const domain::TariffCode kParking = Code(3, TariffCodeKind::kParkingTime, TariffUnit::kMinute, "1", "0", 60);
const domain::TariffCode kFee = Code(4, TariffCodeKind::kSessionFee, TariffUnit::kSession, "1");
const domain::TariffCode kCpoCost = Code(5, TariffCodeKind::kCpoCost, TariffUnit::kCost, "0.01");
const domain::TariffCode kCharging = Code(6, TariffCodeKind::kChargingTime, TariffUnit::kHour, "0.25");
const domain::TariffCode kSessionTime = Code(7, TariffCodeKind::kSessionTime, TariffUnit::kMinute, "1");

std::vector<domain::TariffCode> AllCodes() {
  return {kEnergy, kEnergyStepped, kParking, kFee, kCpoCost, kCharging, kSessionTime};
}

NewMspCdr RateWith(std::vector<domain::TariffPlanRule> rules, const pricing::Cdr& cdr,
                   std::optional<Customer> customer = MakeCustomer(), Place place = MakePlace()) {
  const TenantBook book = Book({Version(1, "2026-01-01T00:00:00Z", std::move(rules))}, AllCodes());
  NewMspCdr rated = Rate(Request(cdr, std::move(customer), std::move(place)), book);
  const Result<void> valid = domain::ValidateNewMspCdr(rated);  // adds up, whatever the scenario
  EXPECT_TRUE(valid) << valid.error().ToString();
  return rated;
}

// One hour in Amsterdam on a winter Monday morning (10:00Z = 11:00 local), 10 kWh.
pricing::Cdr OneHour(std::string_view energy = "10", std::string_view cost = "2.80") {
  return MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z", {{"2026-03-02T10:00:00Z", energy}}, cost);
}

TEST(RateTest, OneEnergyRuleWithVatCpoCostAndMargin) {
  const NewMspCdr cdr = RateWith({Rule(10, 1, "0.35")}, OneHour());
  ASSERT_FALSE(cdr.attention) << cdr.attention_detail;
  ASSERT_EQ(cdr.lines.size(), 1u);
  EXPECT_EQ(cdr.lines[0].kind, MspCdrLineKind::kRule);
  EXPECT_EQ(cdr.lines[0].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(cdr.lines[0].tariff_code, domain::TariffCodeId{1});
  EXPECT_EQ(cdr.lines[0].measured, D("10"));
  EXPECT_EQ(cdr.lines[0].quantity, D("10"));
  EXPECT_EQ(cdr.lines[0].amount, D("3.50"));  // 10 × 0.35
  EXPECT_EQ(cdr.total_excl_vat, D("3.50"));
  EXPECT_EQ(cdr.vat_percent, D("21"));
  EXPECT_EQ(cdr.vat_amount, D("0.74"));  // 3.50 × 0.21 = 0.735 → half up
  EXPECT_EQ(cdr.total_incl_vat, D("4.24"));
  EXPECT_EQ(cdr.cpo_cost_excl_vat, D("2.80"));
  EXPECT_EQ(cdr.cpo_cost, D("2.80"));
  EXPECT_EQ(cdr.margin, D("0.70"));
  EXPECT_EQ(cdr.plan_version_id, domain::TariffPlanVersionId{1});
  EXPECT_EQ(cdr.location_group_id, domain::LocationGroupId{1});
  EXPECT_EQ(cdr.billing_unit_id, domain::OrganisationUnitId{2});
  EXPECT_EQ(cdr.vat_country, CountryFromAlpha2("NL").value());
  EXPECT_NE(cdr.explanation.find("10.000 kWh × 0.35 = 3.50"), std::string::npos) << cdr.explanation;
}

TEST(RateTest, MostSpecificRuleWinsForEachPlaceAndCustomer) {
  const std::vector<domain::TariffPlanRule> rules = {Rule(10, 1, "0.35"),         // ANY + ANY
                                                     Rule(11, 1, "0.45", 7),      // group 7 + ANY
                                                     Rule(12, 1, "0.30", 0, 3),   // ANY + BPG 3
                                                     Rule(13, 1, "0.40", 7, 3)};  // group 7 + BPG 3
  const pricing::Cdr cdr = OneHour();
  EXPECT_EQ(RateWith(rules, cdr, MakeCustomer({3}), MakePlace(7)).total_excl_vat, D("4.00"));
  EXPECT_EQ(RateWith(rules, cdr, MakeCustomer({}), MakePlace(7)).total_excl_vat, D("4.50"));
  EXPECT_EQ(RateWith(rules, cdr, MakeCustomer({3}), MakePlace(8)).total_excl_vat, D("3.00"));
  EXPECT_EQ(RateWith(rules, cdr, MakeCustomer({4}), MakePlace(8)).total_excl_vat, D("3.50"));
}

TEST(RateTest, TiesGoToLowerPriorityThenLowerId) {
  EXPECT_EQ(RateWith({Rule(10, 1, "0.50", 7, 0, 5), Rule(11, 1, "0.55", 7, 0, 1)}, OneHour(), MakeCustomer(),
                     MakePlace(7))
                .lines[0]
                .rule,
            domain::TariffPlanRuleId{11});
  EXPECT_EQ(RateWith({Rule(11, 1, "0.55", 7, 0, 1), Rule(10, 1, "0.50", 7, 0, 1)}, OneHour(), MakeCustomer(),
                     MakePlace(7))
                .lines[0]
                .rule,
            domain::TariffPlanRuleId{10});
}

TEST(RateTest, NightWindowSplitsThePeriodAndSpreadsItsEnergyEvenly) {
  // 20:30Z–22:30Z on 15 January is 21:30–23:30 in Amsterdam (UTC+1). The night starts at 22:00 local
  // (21:00Z): 30 of the 120 minutes are day, so 20 kWh × 30/120 = 5 kWh day, 15 kWh night.
  const pricing::Cdr cdr =
      MakeCdr("2026-01-15T20:30:00Z", "2026-01-15T22:30:00Z", {{"2026-01-15T20:30:00Z", "20"}});
  const NewMspCdr rated =
      RateWith({Rule(10, 1, "0.25", 0, 0, 0, Window(22, 6)), Rule(11, 1, "0.40", 0, 0, 1)}, cdr);
  ASSERT_EQ(rated.lines.size(), 2u);
  EXPECT_EQ(rated.lines[0].rule, domain::TariffPlanRuleId{11});  // the day comes first
  EXPECT_EQ(rated.lines[0].measured, D("5"));
  EXPECT_EQ(rated.lines[0].amount, D("2.00"));  // 5 × 0.40
  EXPECT_EQ(rated.lines[1].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(rated.lines[1].measured, D("15"));
  EXPECT_EQ(rated.lines[1].amount, D("3.75"));  // 15 × 0.25
  EXPECT_EQ(rated.total_excl_vat, D("5.75"));
}

TEST(RateTest, GracePeriodIsTakenInTimeOrderAcrossRules) {
  // 08:00Z–12:00Z = 09:00–13:00 local: charging until 11:00 local (30 kWh), then 2 h parking.
  // Parking 11:00–12:00 falls in the daytime idle-fee window (09–12, 0.20/min) and is all grace (60 min);
  // 12:00–13:00 is priced by the general parking rule (0.05/min): 60 min × 0.05 = 3.00.
  const pricing::Cdr cdr = MakeCdr("2026-01-15T08:00:00Z", "2026-01-15T12:00:00Z",
                                   {{"2026-01-15T08:00:00Z", "30"}, {"2026-01-15T10:00:00Z", "0", true}});
  const NewMspCdr rated = RateWith(
      {Rule(10, 1, "0.30"), Rule(20, 3, "0.20", 0, 0, 0, Window(9, 12)), Rule(21, 3, "0.05", 0, 0, 1)}, cdr);
  ASSERT_EQ(rated.lines.size(), 3u) << rated.explanation;
  EXPECT_EQ(rated.lines[0].amount, D("9.00"));  // 30 kWh × 0.30
  EXPECT_EQ(rated.lines[1].rule, domain::TariffPlanRuleId{20});
  EXPECT_EQ(rated.lines[1].measured, D("60"));
  EXPECT_EQ(rated.lines[1].quantity, D("0"));
  EXPECT_EQ(rated.lines[1].amount, D("0.00"));
  EXPECT_EQ(rated.lines[2].rule, domain::TariffPlanRuleId{21});
  EXPECT_EQ(rated.lines[2].measured, D("60"));
  EXPECT_EQ(rated.lines[2].quantity, D("60"));
  EXPECT_EQ(rated.lines[2].amount, D("3.00"));
  EXPECT_EQ(rated.total_excl_vat, D("12.00"));
}

TEST(RateTest, FreeUnitsThenStepsPerLine) {
  // 7.23 kWh, first 2 free, per started 0.1: 5.3 kWh × 0.50 = 2.65.
  const NewMspCdr rated = RateWith({Rule(10, 2, "0.50")}, OneHour("7.23"));
  EXPECT_EQ(rated.lines[0].measured, D("7.23"));
  EXPECT_EQ(rated.lines[0].quantity, D("5.3"));
  EXPECT_EQ(rated.lines[0].amount, D("2.65"));
}

TEST(RateTest, SessionMinimumAndMaximumClampTheSubtotalWithALine) {
  const TenantBook low = [] {
    domain::TariffPlanVersion version = Version(1, "2026-01-01T00:00:00Z", {Rule(10, 1, "0.35")});
    version.min_session_price = D("5.00");
    version.max_session_price = D("20.00");
    return Book({version}, AllCodes());
  }();
  const pricing::Cdr small = OneHour("2");  // 0.70
  const NewMspCdr raised = Rate(Request(small, MakeCustomer(), MakePlace()), low);
  ASSERT_EQ(raised.lines.size(), 2u);
  EXPECT_EQ(raised.lines[1].kind, MspCdrLineKind::kMinimumPrice);
  EXPECT_EQ(raised.lines[1].amount, D("4.30"));  // 5.00 − 0.70
  EXPECT_EQ(raised.total_excl_vat, D("5.00"));
  EXPECT_EQ(raised.vat_amount, D("1.05"));

  const pricing::Cdr big = OneHour("100");  // 35.00
  const NewMspCdr lowered = Rate(Request(big, MakeCustomer(), MakePlace()), low);
  EXPECT_EQ(lowered.lines[1].kind, MspCdrLineKind::kMaximumPrice);
  EXPECT_EQ(lowered.lines[1].amount, D("-15.00"));
  EXPECT_EQ(lowered.total_excl_vat, D("20.00"));
}

TEST(RateTest, WeekdayRuleSplitsAtLocalMidnight) {
  // Friday 16 January 22:00Z – Saturday 00:00Z = Fri 23:00 – Sat 01:00 local: 5 kWh each side.
  domain::TariffRuleRestrictions weekend;
  weekend.weekdays = {domain::Weekday::kSaturday, domain::Weekday::kSunday};
  const pricing::Cdr cdr =
      MakeCdr("2026-01-16T22:00:00Z", "2026-01-17T00:00:00Z", {{"2026-01-16T22:00:00Z", "10"}});
  const NewMspCdr rated =
      RateWith({Rule(10, 1, "0.20", 0, 0, 0, weekend), Rule(11, 1, "0.40", 0, 0, 1)}, cdr);
  ASSERT_EQ(rated.lines.size(), 2u);
  EXPECT_EQ(rated.lines[0].amount, D("2.00"));  // Friday: 5 × 0.40
  EXPECT_EQ(rated.lines[1].amount, D("1.00"));  // Saturday: 5 × 0.20
}

TEST(RateTest, NightEndsAtLocalSixOnTheSpringForwardDay) {
  // 29 March 2026: Amsterdam jumps from 02:00 to 03:00 local at 01:00Z. 03:00Z–05:00Z is 05:00–07:00
  // CEST; the night (22–06) ends at 04:00Z: 10 kWh of 20 each side.
  const pricing::Cdr cdr =
      MakeCdr("2026-03-29T03:00:00Z", "2026-03-29T05:00:00Z", {{"2026-03-29T03:00:00Z", "20"}});
  const NewMspCdr rated =
      RateWith({Rule(10, 1, "0.25", 0, 0, 0, Window(22, 6)), Rule(11, 1, "0.40", 0, 0, 1)}, cdr);
  ASSERT_EQ(rated.lines.size(), 2u);
  EXPECT_EQ(rated.lines[0].rule, domain::TariffPlanRuleId{10});
  EXPECT_EQ(rated.lines[0].measured, D("10"));
  EXPECT_EQ(rated.lines[1].measured, D("10"));
  EXPECT_EQ(rated.total_excl_vat, D("6.50"));  // 2.50 + 4.00
}

TEST(RateTest, SessionTimeIsRealTimeAcrossTheFallBackNight) {
  // 24 Oct 22:00Z – 25 Oct 02:00Z: the wall clock goes 00:00 CEST → 03:00 CET, but 240 minutes pass.
  const pricing::Cdr cdr =
      MakeCdr("2026-10-24T22:00:00Z", "2026-10-25T02:00:00Z", {{"2026-10-24T22:00:00Z", "40"}});
  const NewMspCdr rated = RateWith({Rule(10, 7, "0.01")}, cdr);
  EXPECT_EQ(rated.lines[0].quantity, D("240"));
  EXPECT_EQ(rated.lines[0].amount, D("2.40"));
}

TEST(RateTest, ChargingTimeLeavesParkingOutAndRoundsToQuarterHours) {
  // 70 min charging then 30 min parking: 1.25 h billed (per started quarter hour).
  const pricing::Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:40:00Z",
                                   {{"2026-03-02T10:00:00Z", "12"}, {"2026-03-02T11:10:00Z", "0", true}});
  const NewMspCdr rated = RateWith({Rule(10, 6, "2.00")}, cdr);
  EXPECT_EQ(rated.lines[0].measured, D("1.166667"));  // 70/60 h shown to 6 decimals
  EXPECT_EQ(rated.lines[0].quantity, D("1.25"));
  EXPECT_EQ(rated.lines[0].amount, D("2.50"));
}

TEST(RateTest, SessionFeeBelongsToTheRuleInForceAtTheStart) {
  const pricing::Cdr cdr =
      MakeCdr("2026-01-15T20:30:00Z", "2026-01-15T22:30:00Z", {{"2026-01-15T20:30:00Z", "20"}});
  const NewMspCdr rated =
      RateWith({Rule(10, 4, "1.00", 0, 0, 0, Window(22, 6)), Rule(11, 4, "0.50", 0, 0, 1)}, cdr);
  ASSERT_EQ(rated.lines.size(), 1u);
  EXPECT_EQ(rated.lines[0].rule, domain::TariffPlanRuleId{11});  // starts 21:30 local: day
  EXPECT_EQ(rated.lines[0].quantity, D("1"));
  EXPECT_EQ(rated.lines[0].amount, D("0.50"));
}

TEST(RateTest, CpoCostIsPassedThroughWithAMultiplier) {
  // 12.34 × 1.15 = 14.191 → 14.19; margin 14.19 − 12.34 = 1.85.
  const NewMspCdr rated = RateWith({Rule(10, 5, "1.15")}, OneHour("10", "12.34"));
  EXPECT_EQ(rated.lines[0].measured, D("12.34"));
  EXPECT_EQ(rated.lines[0].amount, D("14.19"));
  EXPECT_EQ(rated.margin, D("1.85"));
}

TEST(RateTest, ACostInAnotherCurrencyIsConvertedWithTheRateOfTheLocalDate) {
  TenantBook book = Book({Version(1, "2026-01-01T00:00:00Z", {Rule(10, 5, "1.15")})}, AllCodes());
  const Currency chf = Currency::Find("CHF").value();
  book.exchange_rates = {domain::ExchangeRate{chf, Eur(), LocalDate{2026, 1, 1}, D("1.05")},
                         domain::ExchangeRate{chf, Eur(), LocalDate{2026, 3, 2}, D("1.0712")}};
  pricing::Cdr cdr = OneHour("10", "12.34");
  cdr.currency = chf;
  const NewMspCdr rated = Rate(Request(cdr, MakeCustomer(), MakePlace()), book);
  ASSERT_FALSE(rated.attention) << rated.attention_detail;
  EXPECT_EQ(rated.exchange_rate, D("1.0712"));
  EXPECT_EQ(rated.cpo_currency, chf);
  EXPECT_EQ(rated.cpo_cost_excl_vat, D("12.34"));
  EXPECT_EQ(rated.cpo_cost, D("13.22"));         // 12.34 × 1.0712 = 13.218608
  EXPECT_EQ(rated.lines[0].amount, D("15.20"));  // 13.22 × 1.15 = 15.203
  EXPECT_EQ(rated.margin, D("1.98"));
  EXPECT_EQ(rated.currency, Eur());
}

TEST(RateTest, PowerBoundsNeedAKnownConnectorPower) {
  domain::TariffRuleRestrictions fast;
  fast.min_power_kw = D("50");
  const std::vector<domain::TariffPlanRule> rules = {Rule(10, 1, "0.59", 0, 0, 0, fast),
                                                     Rule(11, 1, "0.39", 0, 0, 1)};
  EXPECT_EQ(RateWith(rules, OneHour(), MakeCustomer(), MakePlace(1, "150")).total_excl_vat, D("5.90"));
  EXPECT_EQ(RateWith(rules, OneHour(), MakeCustomer(), MakePlace(1, "50")).total_excl_vat, D("5.90"));
  EXPECT_EQ(RateWith(rules, OneHour(), MakeCustomer(), MakePlace(1, "22")).total_excl_vat, D("3.90"));
  EXPECT_EQ(RateWith(rules, OneHour(), MakeCustomer(), MakePlace(1, std::nullopt)).total_excl_vat, D("3.90"));
}

TEST(RateTest, DateRestrictionsAreLocalDates) {
  // A December promotion: 30 Nov 23:30Z is already 1 December in Amsterdam.
  domain::TariffRuleRestrictions december;
  december.valid_from_date = LocalDate{2026, 12, 1};
  december.valid_until_date = LocalDate{2027, 1, 1};
  const std::vector<domain::TariffPlanRule> rules = {Rule(10, 1, "0.29", 0, 0, 0, december),
                                                     Rule(11, 1, "0.39", 0, 0, 1)};
  const pricing::Cdr cdr =
      MakeCdr("2026-11-30T23:30:00Z", "2026-11-30T23:50:00Z", {{"2026-11-30T23:30:00Z", "10"}});
  EXPECT_EQ(RateWith(rules, cdr).total_excl_vat, D("2.90"));
  const pricing::Cdr before =
      MakeCdr("2026-11-30T22:30:00Z", "2026-11-30T22:50:00Z", {{"2026-11-30T22:30:00Z", "10"}});
  EXPECT_EQ(RateWith(rules, before).total_excl_vat, D("3.90"));
}

TEST(RateTest, PlanVersionInForceAtTheStartIsUsed) {
  const TenantBook book = Book({Version(1, "2026-01-01T00:00:00Z", {Rule(10, 1, "0.35")}),
                                Version(2, "2026-03-02T10:30:00Z", {Rule(20, 1, "0.45")})},
                               AllCodes());
  // Starts 10:00Z, before version 2: the whole session at 0.35.
  const pricing::Cdr cdr = OneHour();
  const NewMspCdr rated = Rate(Request(cdr, MakeCustomer(), MakePlace()), book);
  EXPECT_EQ(rated.plan_version_id, domain::TariffPlanVersionId{1});
  EXPECT_EQ(rated.total_excl_vat, D("3.50"));
}

TEST(RateTest, WhatCannotBeRatedNeedsAttentionAndIsNeverPricedAtZero) {
  const pricing::Cdr cdr = OneHour();
  const auto reason = [](const NewMspCdr& rated) {
    return rated.attention.value_or(AttentionReason::kInFuture);
  };

  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, cdr, std::nullopt)), AttentionReason::kUnknownToken);

  Place unknown_zone = MakePlace();
  unknown_zone.time_zone = std::nullopt;
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, cdr, MakeCustomer(), unknown_zone)),
            AttentionReason::kUnknownTimeZone);

  const TenantBook later = Book({Version(1, "2026-06-01T00:00:00Z", {Rule(10, 1, "0.35")})}, AllCodes());
  EXPECT_EQ(reason(Rate(Request(cdr, MakeCustomer(), MakePlace()), later)), AttentionReason::kNoPlanVersion);

  Place belgium = MakePlace();
  belgium.country = CountryFromAlpha2("BE").value();
  const NewMspCdr no_vat = RateWith({Rule(10, 1, "0.35")}, cdr, MakeCustomer(), belgium);
  EXPECT_EQ(reason(no_vat), AttentionReason::kNoVatRate);
  EXPECT_EQ(no_vat.attention_detail, "no VAT rate for BE on 2026-03-02");

  pricing::Cdr francs = cdr;
  francs.currency = Currency::Find("CHF").value();
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, francs)), AttentionReason::kNoExchangeRate);

  // The only rule is for business partner group 3, which the customer is not in.
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35", 0, 3)}, cdr)), AttentionReason::kNoMatchingRule);

  pricing::Cdr uncosted = cdr;
  uncosted.stated.total_cost.reset();
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, uncosted)), AttentionReason::kUnreadableCdr);

  pricing::Cdr backwards = cdr;
  backwards.end_date_time = At("2026-03-02T09:00:00Z");
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, backwards)), AttentionReason::kEndBeforeStart);

  pricing::Cdr overstated = cdr;
  overstated.total_energy = D("12");  // the period says 10 kWh
  EXPECT_EQ(reason(RateWith({Rule(10, 1, "0.35")}, overstated)), AttentionReason::kTotalsInconsistent);

  for (const NewMspCdr& held : {no_vat}) {
    EXPECT_TRUE(held.lines.empty());
    EXPECT_EQ(held.total_excl_vat, D("0"));
    EXPECT_EQ(held.total_incl_vat, D("0"));
    EXPECT_EQ(held.cpo_cost_excl_vat, D("2.80"));  // what the CPO charges is known all the same
    EXPECT_NE(held.explanation.find("NO_VAT_RATE"), std::string::npos);
  }
}

TEST(RateTest, CreditCancelsTheOriginalExactly) {
  const TenantBook book =
      Book({Version(1, "2026-01-01T00:00:00Z", {Rule(10, 1, "0.35"), Rule(11, 4, "0.99")})}, AllCodes());
  const pricing::Cdr cdr = OneHour("10", "2.80");
  const domain::MspCdr original{.id = domain::MspCdrId{500},
                                .rating = Rate(Request(cdr, MakeCustomer(), MakePlace()), book),
                                .rated_at = At("2026-03-03T00:00:00Z")};
  ASSERT_FALSE(original.rating.attention);

  pricing::Cdr credit = cdr;
  credit.credit = true;
  credit.credit_reference_id = "CDR-1";
  credit.stated.total_cost = pricing::Price{.excl_vat = D("-2.80"), .incl_vat = std::nullopt};
  RatingRequest request = Request(credit, MakeCustomer(), MakePlace());
  EXPECT_EQ(Rate(request, book).attention, AttentionReason::kUnknownCreditReference);

  request.credited = &original;
  const NewMspCdr negative = Rate(request, book);
  ASSERT_FALSE(negative.attention) << negative.attention_detail;
  EXPECT_EQ(negative.credit_of, domain::MspCdrId{500});
  ASSERT_EQ(negative.lines.size(), original.rating.lines.size());
  for (std::size_t i = 0; i < negative.lines.size(); ++i) {
    EXPECT_EQ(negative.lines[i].amount + original.rating.lines[i].amount, D("0"));
  }
  EXPECT_EQ(negative.total_excl_vat, D("-4.49"));  // −(3.50 + 0.99)
  EXPECT_EQ(negative.total_incl_vat + original.rating.total_incl_vat, D("0"));
  EXPECT_EQ(negative.margin + original.rating.margin, D("0"));
  EXPECT_EQ(negative.cpo_cost_excl_vat, D("-2.80"));
}

TEST(RateTest, CostAuditComparesTheStatedCostWithTheCposTariff) {
  pricing::Cdr cdr = OneHour("10", "2.80");
  pricing::Tariff tariff;
  tariff.id = "T1";
  tariff.currency = Eur();
  pricing::TariffElement element;
  element.price_components.push_back(pricing::PriceComponent{
      .type = pricing::TariffDimension::kEnergy, .price = D("0.25"), .vat = std::nullopt, .step_size = 1});
  tariff.elements.push_back(element);
  cdr.tariffs.push_back(tariff);
  const NewMspCdr rated = RateWith({Rule(10, 1, "0.35")}, cdr);
  ASSERT_TRUE(rated.cost_audit);
  EXPECT_EQ(rated.cost_audit->recomputed_cost_excl_vat, D("2.50"));  // 10 kWh × 0.25
  EXPECT_EQ(rated.cost_audit->difference, D("0.30"));
  EXPECT_TRUE(rated.cost_audit->discrepancy);  // above the default tolerance of 0.05
}

// Properties over many generated sessions: every MSP CDR adds up and is valid, rating is deterministic, and
// a more specific rule changes exactly the CDRs it matches.
TEST(RatePropertyTest, AMoreSpecificRuleChangesOnlyTheCdrsItMatches) {
  const std::vector<domain::TariffPlanRule> base = {
      Rule(10, 1, "0.35"), Rule(11, 3, "0.05", 0, 0, 1), Rule(12, 3, "0.12", 0, 0, 0, Window(8, 20)),
      Rule(13, 4, "0.50"), Rule(14, 1, "0.42", 2),       Rule(15, 6, "1.10", 0, 3)};
  std::vector<domain::TariffPlanRule> refined = base;
  refined.push_back(Rule(16, 1, "0.29", 2, 3));  // group 2 + business partner group 3
  const TenantBook before = Book({Version(1, "2026-01-01T00:00:00Z", base)}, AllCodes());
  const TenantBook after = Book({Version(1, "2026-01-01T00:00:00Z", refined)}, AllCodes());

  std::uint64_t seed = 42;
  const auto next = [&seed](std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % bound;
  };
  int changed = 0;
  for (int i = 0; i < 300; ++i) {
    const Instant start = At("2026-01-05T00:00:00Z") + std::chrono::minutes(next(60 * 24 * 90));
    const Duration charging = std::chrono::minutes(5 + next(300));
    const Duration parking = std::chrono::minutes(next(3) == 0 ? 0 : next(240));
    const std::string energy = std::to_string(next(80)) + "." + std::to_string(next(1000));
    std::vector<PeriodSpec> periods;
    const std::string start_text = FormatOcpiDateTime(start);
    const std::string parking_text = FormatOcpiDateTime(start + charging);
    periods.push_back({start_text, energy});
    if (parking.count() > 0) periods.push_back({parking_text, "0", true});
    const pricing::Cdr cdr =
        MakeCdr(start_text, FormatOcpiDateTime(start + charging + parking), periods, "9.99");
    const std::int64_t group = 1 + static_cast<std::int64_t>(next(3));
    std::vector<std::int64_t> bpgs;
    if (next(2) == 0) bpgs.push_back(3);
    if (next(2) == 0) bpgs.push_back(5);

    const RatingRequest request = Request(cdr, MakeCustomer(bpgs), MakePlace(group));
    const NewMspCdr first = Rate(request, before);
    ASSERT_FALSE(first.attention) << first.attention_detail;
    const Result<void> valid = domain::ValidateNewMspCdr(first);
    ASSERT_TRUE(valid) << valid.error().ToString() << "\n" << first.explanation;
    EXPECT_EQ(Rate(request, before), first);  // deterministic, explanation included

    const NewMspCdr second = Rate(request, after);
    const bool matches = group == 2 && std::find(bpgs.begin(), bpgs.end(), 3) != bpgs.end();
    if (matches) {
      ++changed;
      EXPECT_NE(second.lines, first.lines);
    } else {
      EXPECT_EQ(second, first);
    }
  }
  EXPECT_GT(changed, 20);  // the generator reaches the refined place and customer
}

}  // namespace
}  // namespace openmsp::rating
