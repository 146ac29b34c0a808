#include "pricing/pricing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "pricing/pricing_test_builders.h"

namespace openmsp::pricing {

void PrintTo(const Cost& cost, std::ostream* out) {
  *out << "{" << cost.excl_vat << ", " << cost.incl_vat << "}";
}

namespace {

using testing::At;
using testing::Component;
using testing::Dec;
using testing::Element;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::MakeCdr;
using testing::MakeTariff;
using testing::Period;
using testing::TimeOfDay;
using testing::Volume;

constexpr auto kEnergy = TariffDimension::kEnergy;
constexpr auto kFlat = TariffDimension::kFlat;
constexpr auto kTime = TariffDimension::kTime;
constexpr auto kParking = TariffDimension::kParkingTime;

Cost Money(std::string_view excl_vat, std::string_view incl_vat) {
  return Cost{Dec(excl_vat), Dec(incl_vat)};
}

CdrDimensionVolume Energy(std::string_view kwh) { return Volume(CdrDimension::kEnergy, kwh); }
CdrDimensionVolume Time(std::string_view hours) { return Volume(CdrDimension::kTime, hours); }
CdrDimensionVolume Parking(std::string_view hours) { return Volume(CdrDimension::kParkingTime, hours); }
CdrDimensionVolume Reserved(std::string_view hours) { return Volume(CdrDimension::kReservationTime, hours); }

TariffRestrictions Window(int start_hour, int end_hour) {
  TariffRestrictions restrictions;
  restrictions.start_time = TimeOfDay(start_hour, 0);
  restrictions.end_time = TimeOfDay(end_hour, 0);
  return restrictions;
}

TariffRestrictions ReservationOnly(ReservationRestriction reservation) {
  TariffRestrictions restrictions;
  restrictions.reservation = reservation;
  return restrictions;
}

PricingResult PriceOk(const Cdr& cdr, const std::vector<Tariff>& tariffs,
                      const TimeZone& zone = TimeZone::Utc()) {
  Result<PricingResult> result = PriceCdr(cdr, tariffs, zone);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return result.ok() ? std::move(result).value() : PricingResult{};
}

Error PriceError(const Cdr& cdr, const std::vector<Tariff>& tariffs) {
  Result<PricingResult> result = PriceCdr(cdr, tariffs, TimeZone::Utc());
  EXPECT_FALSE(result.ok());
  return result.ok() ? Error{} : result.error();
}

std::vector<std::string> WarningCodes(const PricingResult& result) {
  std::vector<std::string> codes;
  for (const PricingWarning& warning : result.warnings) codes.push_back(warning.code);
  return codes;
}

std::vector<std::string> WarningFields(const PricingResult& result) {
  std::vector<std::string> fields;
  for (const PricingWarning& warning : result.warnings) fields.push_back(warning.field);
  return fields;
}

Tariff EnergyTariff(std::string_view price = "0.25", std::string_view vat = "10") {
  return MakeTariff("E", {Element({Component(kEnergy, price, vat)})});
}

// --- Dimensions, element selection ---

TEST(PriceCdr, EnergyIsPricePerKwhPlusVat) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("20"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {EnergyTariff()});
  EXPECT_EQ(result.total_cost, Money("5", "5.5"));
  EXPECT_EQ(result.total_energy_cost, Money("5", "5.5"));
  EXPECT_EQ(result.total_time_cost, Money("0", "0"));
  EXPECT_EQ(result.billed_energy, Dec("20"));
  ASSERT_EQ(result.periods.size(), 1U);
  ASSERT_EQ(result.periods[0].dimensions.size(), 1U);
  const DimensionCost& line = result.periods[0].dimensions[0];
  EXPECT_EQ(line.dimension, kEnergy);
  EXPECT_EQ(line.tariff_id, "E");
  EXPECT_EQ(line.price, Dec("0.25"));
  EXPECT_EQ(line.vat, Dec("10"));
  EXPECT_EQ(line.volume, Dec("20"));
  EXPECT_EQ(line.billed_volume, Dec("20"));
  EXPECT_EQ(line.cost, Money("5", "5.5"));
  EXPECT_EQ(result.total_cost.excl_vat.scale(), kCostScale);
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, EachDimensionTakesTheFirstActiveElementThatHasIt) {
  const Tariff tariff = MakeTariff("T", {
                                            Element({Component(kEnergy, "0.50")}, Window(17, 20)),
                                            Element({Component(kTime, "1.00")}),
                                            Element({Component(kEnergy, "0.25"), Component(kTime, "9.00")}),
                                        });
  const Cdr cdr = MakeCdr("2026-03-02T16:00:00Z", "2026-03-02T18:00:00Z",
                          {Period("2026-03-02T16:00:00Z", {Energy("10"), Time("1")}),
                           Period("2026-03-02T17:00:00Z", {Energy("10"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_energy_cost, Money("7.5", "7.5"));  // 10 × 0.25 + 10 × 0.50
  EXPECT_EQ(result.total_time_cost, Money("2", "2"));        // never 9.00: element 1 comes first
  EXPECT_EQ(result.total_cost, Money("9.5", "9.5"));
  ASSERT_EQ(result.periods[0].dimensions.size(), 2U);
  EXPECT_EQ(result.periods[0].dimensions[0].element_index, 2U);
  EXPECT_EQ(result.periods[0].dimensions[1].element_index, 1U);
  EXPECT_EQ(result.periods[1].dimensions[0].element_index, 0U);
  EXPECT_EQ(result.periods[1].dimensions[1].element_index, 1U);
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, NoActiveComponentMeansTheDimensionIsFree) {
  const Tariff tariff = MakeTariff("T", {Element({Component(kEnergy, "0.50")}, Window(17, 20))});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost, Money("0", "0"));
  EXPECT_THAT(result.periods[0].dimensions, IsEmpty());
}

// --- TIME versus PARKING_TIME ---

TEST(PriceCdr, TimePriceDoesNotBillParkingAndParkingPriceDoesNotBillCharging) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:30:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")}),
                           Period("2026-03-02T11:00:00Z", {Parking("0.5")})});
  const PricingResult time_only = PriceOk(cdr, {MakeTariff("T", {Element({Component(kTime, "2")})})});
  EXPECT_EQ(time_only.total_time_cost, Money("2", "2"));
  EXPECT_EQ(time_only.total_parking_cost, Money("0", "0"));
  EXPECT_EQ(time_only.billed_parking_time, Dec("0"));
  const PricingResult parking_only = PriceOk(cdr, {MakeTariff("P", {Element({Component(kParking, "4")})})});
  EXPECT_EQ(parking_only.total_time_cost, Money("0", "0"));
  EXPECT_EQ(parking_only.total_parking_cost, Money("2", "2"));
  EXPECT_EQ(parking_only.billed_parking_time, Dec("0.5"));
}

// --- FLAT ---

TEST(PriceCdr, FlatFeeIsBilledOncePerSessionWhereItFirstApplies) {
  const Tariff tariff = MakeTariff("F", {
                                            Element({Component(kFlat, "2.00", "20")}, Window(17, 20)),
                                            Element({Component(kFlat, "1.00", "20"), Component(kTime, "1")}),
                                        });
  const Cdr cdr =
      MakeCdr("2026-03-02T15:00:00Z", "2026-03-02T18:00:00Z",
              {Period("2026-03-02T15:00:00Z", {Time("1")}), Period("2026-03-02T16:00:00Z", {Time("1")}),
               Period("2026-03-02T17:00:00Z", {Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_fixed_cost, Money("1", "1.2"));
  EXPECT_EQ(result.total_cost, Money("4", "4.2"));
  ASSERT_EQ(result.periods[0].dimensions.size(), 2U);
  EXPECT_EQ(result.periods[0].dimensions[0].dimension, kFlat);
  EXPECT_EQ(result.periods[0].dimensions[0].volume, Dec("1"));
  EXPECT_EQ(result.periods[2].dimensions.size(), 1U);
}

TEST(PriceCdr, RestrictedFlatFeeIsBilledInTheFirstPeriodItIsActive) {
  const Tariff tariff = MakeTariff(
      "F", {Element({Component(kFlat, "2.00")}, Window(17, 20)), Element({Component(kEnergy, "0.10")})});
  const Cdr cdr = MakeCdr("2026-03-02T16:00:00Z", "2026-03-02T18:00:00Z",
                          {Period("2026-03-02T16:00:00Z", {Energy("5"), Time("1")}),
                           Period("2026-03-02T17:00:00Z", {Energy("5"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost, Money("3", "3"));
  EXPECT_EQ(result.periods[1].dimensions[0].dimension, kFlat);
}

// --- step_size (OCPI 2.2.1 mod_cdrs "step_size" examples) ---

TEST(PriceCdr, EnergyStepRoundsTheSessionTotalWithTheLastComponent) {
  const Tariff tariff = MakeTariff("S", {Element({Component(kEnergy, "0.20", "", 500)}, Window(0, 17)),
                                         Element({Component(kEnergy, "0.27", "", 500)})});
  const Cdr cdr = MakeCdr("2026-03-02T16:00:00Z", "2026-03-02T18:00:00Z",
                          {Period("2026-03-02T16:00:00Z", {Energy("4.3"), Time("1")}),
                           Period("2026-03-02T17:00:00Z", {Energy("1.1"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.billed_energy, Dec("5.5"));
  EXPECT_EQ(result.periods[0].dimensions[0].billed_volume, Dec("4.3"));
  EXPECT_EQ(result.periods[1].dimensions[0].billed_volume, Dec("1.2"));
  EXPECT_EQ(result.total_cost, Money("1.184", "1.184"));  // 4.3 × 0.20 + 1.2 × 0.27, not 4.5 + 1.5 kWh
}

TEST(PriceCdr, ChargingTimeTotalIsRoundedWhenNoParkingIsPriced) {
  const Tariff tariff = MakeTariff("S", {Element({Component(kTime, "5", "", 600)}, Window(0, 17)),
                                         Element({Component(kTime, "7", "", 600)})});
  const Cdr cdr = MakeCdr(
      "2026-03-02T16:54:00Z", "2026-03-02T17:22:00Z",
      {Period("2026-03-02T16:54:00Z", {Time("0.1")}), Period("2026-03-02T17:00:00Z", {Time("0.366667")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.billed_time, Dec("0.5"));  // 28 min → 30 min, the 2 extra at 7/h
  EXPECT_EQ(result.periods[1].dimensions[0].billed_volume, Dec("0.4"));
  EXPECT_EQ(result.total_cost, Money("3.3", "3.3"));
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, OnlyParkingIsRoundedWhenParkingIsPriced) {
  const Tariff tariff =
      MakeTariff("S", {Element({Component(kTime, "1", "", 600), Component(kParking, "2", "", 600)})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:37:00Z",
                          {Period("2026-03-02T10:00:00Z", {Time("0.35")}),
                           Period("2026-03-02T10:21:00Z", {Parking("0.266667")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.billed_time, Dec("0.35"));              // 21 min, not rounded
  EXPECT_EQ(result.billed_parking_time, Dec("0.333333"));  // 16 → 20 min
  EXPECT_EQ(result.total_time_cost, Money("0.35", "0.35"));
  EXPECT_EQ(result.total_parking_cost, Money("0.666667", "0.666667"));
  EXPECT_EQ(result.total_cost, Money("1.016667", "1.016667"));
}

TEST(PriceCdr, SurplusGoesToTheLastPricedPeriodEvenWhenLaterPeriodsAreFree) {
  // OCPI 2.2.1 bugfix text (ocpi/ocpi#546): 12 min charging at 2.40/h, parking priced 1.00/h until 20:00.
  const Tariff tariff = MakeTariff(
      "22",
      {Element({Component(kTime, "1.20", "", 1800), Component(kParking, "1.00", "", 900)}, Window(0, 17)),
       Element({Component(kTime, "2.40", "", 900), Component(kParking, "1.00", "", 900)}, Window(17, 20)),
       Element({Component(kTime, "2.40", "", 900)}, Window(20, 0))});
  const Cdr cdr = MakeCdr(
      "2024-01-15T19:40:00Z", "2024-01-15T20:12:00Z",
      {Period("2024-01-15T19:40:00Z", {Time("0.2")}), Period("2024-01-15T19:52:00Z", {Parking("0.133333")}),
       Period("2024-01-15T20:00:00Z", {Parking("0.2")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.billed_parking_time, Dec("0.25"));
  EXPECT_EQ(result.periods[1].dimensions[0].billed_volume, Dec("0.25"));
  EXPECT_THAT(result.periods[2].dimensions, IsEmpty());
  EXPECT_EQ(result.total_cost, Money("0.73", "0.73"));
}

TEST(PriceCdr, StepSizeOfZeroOrOneDoesNotRound) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:07:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("1.2345"), Time("0.116667")})});
  for (const std::int64_t step : {0, 1}) {
    const PricingResult result = PriceOk(
        cdr,
        {MakeTariff("S", {Element({Component(kEnergy, "1", "", step), Component(kTime, "6", "", step)})})});
    EXPECT_EQ(result.billed_energy, Dec("1.2345"));
    EXPECT_EQ(result.total_time_cost.excl_vat, Dec("0.7"));  // 7 min at 6/h
  }
}

// --- Time from timestamps ---

TEST(PriceCdr, TimeIsPricedFromTheTimestampsNotTheRoundedHours) {
  const Tariff tariff = MakeTariff("T", {Element({Component(kTime, "5", "20")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:13:00Z",
                          {Period("2026-03-02T10:00:00Z", {Time("0.216667")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_time_cost, Money("1.083333", "1.3"));  // 13/60 × 5 and × 1.2, one rounding each
  EXPECT_EQ(result.billed_time, Dec("0.216667"));
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, HoursThatContradictTheTimestampsAreReported) {
  const Tariff tariff = MakeTariff("T", {Element({Component(kTime, "6")})});
  Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:30:00Z",
                    {Period("2026-03-02T10:00:00Z", {Energy("1"), Time("0.75")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost, Money("3", "3"));  // the 30 minutes of the timestamps
  EXPECT_THAT(WarningCodes(result), ElementsAre("time_volume_mismatch"));
  EXPECT_THAT(WarningFields(result), ElementsAre("charging_periods[0].dimensions[1].volume"));
}

TEST(PriceCdr, PeriodWithSeveralTimeDimensionsUsesTheStatedHours) {
  const Tariff tariff = MakeTariff("T", {Element({Component(kTime, "2"), Component(kParking, "4")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:45:00Z",
                          {Period("2026-03-02T10:00:00Z", {Time("0.5"), Parking("0.25")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_time_cost, Money("1", "1"));
  EXPECT_EQ(result.total_parking_cost, Money("1", "1"));
  EXPECT_THAT(result.warnings, IsEmpty());

  const Cdr wrong = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:45:00Z",
                            {Period("2026-03-02T10:00:00Z", {Time("0.5"), Parking("0.25")})});
  EXPECT_THAT(WarningCodes(PriceOk(wrong, {tariff})), ElementsAre("time_volume_mismatch"));
}

// --- VAT ---

TEST(PriceCdr, VatIsPerComponent) {
  const Tariff tariff =
      MakeTariff("V", {Element({Component(kFlat, "0.50", "20"), Component(kEnergy, "0.25", "10")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("20"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_fixed_cost, Money("0.5", "0.6"));
  EXPECT_EQ(result.total_energy_cost, Money("5", "5.5"));
  EXPECT_EQ(result.total_cost, Money("5.5", "6.1"));
}

TEST(PriceCdr, AbsentVatIsNotZeroPercent) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("4"), Time("1")})});
  Tariff no_vat = EnergyTariff("0.25", "");
  no_vat.min_price = Price{Dec("2"), std::nullopt};
  Tariff zero_vat = EnergyTariff("0.25", "0");
  zero_vat.min_price = Price{Dec("2"), std::nullopt};

  const PricingResult without = PriceOk(cdr, {no_vat});
  EXPECT_FALSE(without.periods[0].dimensions[0].vat.has_value());
  EXPECT_EQ(without.total_cost, Money("2", "2"));  // no VAT applies: the bound binds both totals
  EXPECT_THAT(without.warnings, IsEmpty());

  const PricingResult zero = PriceOk(cdr, {zero_vat});
  EXPECT_EQ(zero.periods[0].dimensions[0].vat, Dec("0"));
  EXPECT_EQ(zero.total_cost, Money("2", "1"));  // VAT applies (at 0 %); the bound states no incl-VAT side
  EXPECT_THAT(WarningCodes(zero), ElementsAre("price_bound_without_incl_vat"));
}

// --- min_price / max_price ---

TEST(PriceCdr, MinPriceBindsExclAndInclSeparately) {
  Tariff tariff = EnergyTariff("0.25", "50");
  tariff.min_price = Price{Dec("1.00"), Dec("1.10")};
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("3.9"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost, Money("1", "1.4625"));             // 0.975 → 1.00; 1.4625 is above 1.10
  EXPECT_EQ(result.total_energy_cost, Money("0.975", "1.4625"));  // subtotals keep what was computed
  EXPECT_TRUE(result.min_price_applied);
  EXPECT_FALSE(result.max_price_applied);
}

TEST(PriceCdr, MaxPriceCapsTheSession) {
  Tariff tariff =
      MakeTariff("6", {Element({Component(kFlat, "0.50", "20"), Component(kEnergy, "0.25", "10")})});
  tariff.max_price = Price{Dec("10"), Dec("11")};
  const auto session = [](std::string_view kwh) {
    return MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                   {Period("2026-03-02T10:00:00Z", {Energy(kwh), Time("2")})});
  };
  const PricingResult capped = PriceOk(session("50"), {tariff});
  EXPECT_EQ(capped.total_cost, Money("10", "11"));
  EXPECT_TRUE(capped.max_price_applied);
  const PricingResult below = PriceOk(session("30"), {tariff});
  EXPECT_EQ(below.total_cost, Money("8", "8.85"));
  EXPECT_FALSE(below.max_price_applied);
}

TEST(PriceCdr, MinPriceAboveMaxPriceIsReportedAndMaxWins) {
  Tariff tariff = EnergyTariff("0.25", "");
  tariff.min_price = Price{Dec("5"), Dec("5")};
  tariff.max_price = Price{Dec("3"), Dec("3")};
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("4"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost, Money("3", "3"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("min_price_above_max_price"));
}

// --- Tariffs: validity, several tariffs ---

TEST(PriceCdr, TariffOutOfForceAtSessionStartIsNotUsed) {
  Tariff old_version = EnergyTariff("0.30");
  old_version.end_date_time = At("2026-03-01T00:00:00Z");
  Tariff new_version = EnergyTariff("0.20");
  new_version.start_date_time = At("2026-03-01T00:00:00Z");
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")})});
  EXPECT_EQ(PriceOk(cdr, {old_version, new_version}).total_cost.excl_vat, Dec("2"));
  const Error error = PriceError(cdr, {old_version});
  EXPECT_EQ(error.field, "tariffs");
  EXPECT_THAT(error.message, ::testing::HasSubstr("no tariff is in force at the session start"));
}

TEST(PriceCdr, SeveralTariffsInForceWithoutTariffIdIsAnError) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")})});
  Tariff other = EnergyTariff("0.30");
  other.id = "E2";
  EXPECT_EQ(PriceError(cdr, {EnergyTariff(), other}).field, "tariffs");
  EXPECT_EQ(PriceError(cdr, {}).field, "tariffs");
}

TEST(PriceCdr, PeriodsNameTheirTariffs) {
  Tariff regular =
      MakeTariff("REG", {Element({Component(kFlat, "1"), Component(kEnergy, "0.30", "", 1000)})});
  Tariff fast = MakeTariff("FAST", {Element({Component(kFlat, "2"), Component(kEnergy, "0.50", "", 1000)})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("4.4"), Time("1")}, "reg"),
                           Period("2026-03-02T11:00:00Z", {Energy("5.2"), Time("1")}, "FAST")});
  const PricingResult result = PriceOk(cdr, {fast, regular});
  // One fee (the first met); 9.6 → 10 kWh in one rounding, the surplus at the last component's price.
  EXPECT_EQ(result.total_fixed_cost.excl_vat, Dec("1"));
  EXPECT_EQ(result.total_energy_cost.excl_vat, Dec("4.12"));  // 4.4 × 0.30 + 5.6 × 0.50
  EXPECT_EQ(result.periods[0].dimensions[1].tariff_id, "REG");
  EXPECT_EQ(result.periods[1].dimensions[0].tariff_id, "FAST");
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, TariffIdNotAmongTheTariffsIsAnError) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")}, "NOPE")});
  const Error error = PriceError(cdr, {EnergyTariff()});
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.field, "charging_periods[0].tariff_id");
  EXPECT_THAT(error.message, ::testing::HasSubstr("'NOPE' is not among the tariffs ('E')"));
}

TEST(PriceCdr, NamedTariffOutOfForceIsUsedWithAWarning) {
  Tariff expired = EnergyTariff();
  expired.end_date_time = At("2026-01-01T00:00:00Z");
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")}, "E")});
  const PricingResult result = PriceOk(cdr, {expired});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("tariff_not_in_force"));
}

TEST(PriceCdr, PeriodWithoutTariffIdAmongNamedOnesIsNotPriced) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")}, "E"),
                           Period("2026-03-02T11:00:00Z", {Energy("10"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {EnergyTariff()});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("period_without_tariff"));
  EXPECT_THAT(WarningFields(result), ElementsAre("charging_periods[1].tariff_id"));
}

TEST(PriceCdr, PriceBoundsOfSeveralTariffsAreNotApplied) {
  Tariff a = EnergyTariff();
  a.id = "A";
  a.min_price = Price{Dec("100"), Dec("100")};
  Tariff b = EnergyTariff();
  b.id = "B";
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")}, "A"),
                           Period("2026-03-02T11:00:00Z", {Energy("10"), Time("1")}, "B")});
  const PricingResult result = PriceOk(cdr, {a, b});
  EXPECT_EQ(result.total_cost, Money("5", "5.5"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("price_bounds_not_applied"));
}

TEST(PriceCdr, CurrencyOfTariffMustBeTheCdrs) {
  Tariff francs = EnergyTariff();
  francs.currency = Currency::Find("CHF").value();
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")})});
  EXPECT_EQ(PriceError(cdr, {francs}).field, "currency");
}

TEST(PriceCdr, DuplicateComponentIsReportedAndTheFirstPrices) {
  const Tariff tariff = MakeTariff("D", {Element({Component(kEnergy, "0.25"), Component(kEnergy, "0.99")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));
  EXPECT_THAT(WarningFields(result), ElementsAre("tariffs[0].elements[0].price_components[1]"));
}

// --- Inconsistent CDRs ---

TEST(PriceCdr, PeriodsOutOfOrderAreAnError) {
  const Cdr cdr =
      MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
              {Period("2026-03-02T11:00:00Z", {Energy("1")}), Period("2026-03-02T10:00:00Z", {Energy("1")})});
  const Error error = PriceError(cdr, {EnergyTariff()});
  EXPECT_EQ(error.field, "charging_periods[1].start_date_time");
  EXPECT_THAT(error.message, ::testing::HasSubstr("out of order"));
}

TEST(PriceCdr, PeriodOutsideTheSessionIsAnError) {
  const Cdr before = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                             {Period("2026-03-02T09:59:59Z", {Energy("1")})});
  EXPECT_EQ(PriceError(before, {EnergyTariff()}).field, "charging_periods[0].start_date_time");
  const Cdr after =
      MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
              {Period("2026-03-02T10:00:00Z", {Energy("1")}), Period("2026-03-02T12:00:01Z", {Energy("1")})});
  EXPECT_EQ(PriceError(after, {EnergyTariff()}).field, "charging_periods[1].start_date_time");
}

TEST(PriceCdr, ShapelessCdrsAreErrors) {
  Cdr no_periods = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z", {});
  EXPECT_EQ(PriceError(no_periods, {EnergyTariff()}).field, "charging_periods");
  Cdr backwards =
      MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z", {Period("2026-03-02T10:00:00Z", {})});
  EXPECT_EQ(PriceError(backwards, {EnergyTariff()}).field, "end_date_time");
  Cdr negative = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                         {Period("2026-03-02T10:00:00Z", {Energy("-1")})});
  EXPECT_EQ(PriceError(negative, {EnergyTariff()}).field, "charging_periods[0].dimensions[0].volume");
  Cdr twice = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T12:00:00Z",
                      {Period("2026-03-02T10:00:00Z", {Energy("1"), Time("2"), Energy("2")})});
  EXPECT_EQ(PriceError(twice, {EnergyTariff()}).field, "charging_periods[0].dimensions[2].type");
}

TEST(PriceCdr, TotalsThatDisagreeWithThePeriodsAreReported) {
  Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                    {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("0.5")}),
                     Period("2026-03-02T10:30:00Z", {Parking("0.5")})});
  cdr.total_energy = Dec("12");
  cdr.total_time = Dec("1.25");
  cdr.total_parking_time = Dec("0.4");
  const PricingResult result = PriceOk(cdr, {EnergyTariff()});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));  // the periods are priced
  EXPECT_THAT(WarningCodes(result),
              ElementsAre("energy_total_mismatch", "time_total_mismatch", "parking_time_total_mismatch"));
  EXPECT_THAT(WarningFields(result), ElementsAre("total_energy", "total_time", "total_parking_time"));
}

TEST(PriceCdr, RoundedTotalsAndHoursAreNotReported) {
  Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T10:20:00Z",
                    {Period("2026-03-02T10:00:00Z", {Energy("1.2344"), Time("0.17")}),
                     Period("2026-03-02T10:10:00Z", {Energy("1.0001"), Time("0.1666")})});
  cdr.total_energy = Dec("2.235");  // 2.2345 to the Wh, half-up
  cdr.total_time = Dec("0.33");     // 20 min to 2 decimals, truncated
  EXPECT_THAT(PriceOk(cdr, {EnergyTariff()}).warnings, IsEmpty());
}

TEST(PriceCdr, EmptyPeriodIsReported) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("1")}),
                           Period("2026-03-02T10:00:00Z", {Energy("9"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {EnergyTariff()});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("empty_period"));
}

TEST(PriceCdr, PricedTimeWithoutTimeDimensionIsReported) {
  const Tariff tariff = MakeTariff("T", {Element({Component(kEnergy, "0.25"), Component(kTime, "1")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("2.5"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("time_not_stated"));
}

TEST(PriceCdr, PeriodSpanningAPriceChangeIsReported) {
  const Tariff tariff =
      MakeTariff("T", {Element({Component(kTime, "3")}, Window(17, 20)), Element({Component(kTime, "1")})});
  const Cdr cdr =
      MakeCdr("2026-03-02T16:30:00Z", "2026-03-02T17:30:00Z", {Period("2026-03-02T16:30:00Z", {Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("1"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("period_not_split"));
  EXPECT_THAT(result.warnings[0].message,
              ::testing::HasSubstr("TIME is priced by element 1 at its start but by element 0"));
}

TEST(PriceCdr, PeriodCrossingAnEnergyThresholdIsReportedButEndingOnItIsNot) {
  TariffRestrictions first_kwh;
  first_kwh.max_kwh = Dec("1");
  const Tariff tariff =
      MakeTariff("K", {Element({Component(kEnergy, "0")}, first_kwh), Element({Component(kEnergy, "0.20")})});
  const Cdr split = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                            {Period("2026-03-02T10:00:00Z", {Energy("1"), Time("0.05")}),
                             Period("2026-03-02T10:03:00Z", {Energy("19"), Time("0.95")})});
  const PricingResult good = PriceOk(split, {tariff});
  EXPECT_EQ(good.total_cost.excl_vat, Dec("3.8"));
  EXPECT_THAT(good.warnings, IsEmpty());
  const Cdr whole = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                            {Period("2026-03-02T10:00:00Z", {Energy("20"), Time("1")})});
  EXPECT_THAT(WarningCodes(PriceOk(whole, {tariff})), ElementsAre("period_not_split"));
}

TEST(PriceCdr, MissingCurrentMeasurementIsReported) {
  TariffRestrictions slow;
  slow.max_current = Dec("32");
  const Tariff tariff =
      MakeTariff("C", {Element({Component(kTime, "1")}, slow), Element({Component(kTime, "2")})});
  const Cdr cdr =
      MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z", {Period("2026-03-02T10:00:00Z", {Time("1")})});
  const PricingResult result = PriceOk(cdr, {tariff});
  EXPECT_EQ(result.total_cost.excl_vat, Dec("1"));
  EXPECT_THAT(WarningCodes(result), ElementsAre("measurement_missing"));
}

TEST(PriceCdr, AbsurdAmountsAreOutOfRangeNotACrash) {
  const Tariff tariff =
      MakeTariff("X", {Element({Component(kTime, "999999999999999999", "999999999999999999")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2126-03-02T10:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Time("876600")})});
  const Result<PricingResult> result = PriceCdr(cdr, std::vector<Tariff>{tariff}, TimeZone::Utc());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kOutOfRange);
}

// --- Reservations ---

Tariff ReservationTariff() {
  return MakeTariff(
      "R",
      {Element({Component(kFlat, "4", "20")}, ReservationOnly(ReservationRestriction::kReservationExpires)),
       Element({Component(kTime, "6", "20", 600)},
               ReservationOnly(ReservationRestriction::kReservationExpires)),
       Element({Component(kFlat, "2", "20"), Component(kTime, "3", "20", 600)},
               ReservationOnly(ReservationRestriction::kReservation)),
       Element({Component(kFlat, "0.50", "20"), Component(kEnergy, "0.25", "10"), Component(kTime, "9")})});
}

TEST(PriceCdr, UsedReservationIsPricedOnlyByReservationElements) {
  const Cdr cdr = MakeCdr("2026-03-02T09:38:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T09:38:00Z", {Reserved("0.366667")}),
                           Period("2026-03-02T10:00:00Z", {Energy("20"), Time("1")})});
  const PricingResult result = PriceOk(cdr, {ReservationTariff()});
  // Reservation: fee 2 + 22 → 30 min at 3/h; charging: fee 0.50 + 20 kWh × 0.25 + 1 h × 9.
  EXPECT_EQ(result.total_reservation_cost, Money("3.5", "4.2"));
  EXPECT_EQ(result.billed_reservation_time, Dec("0.5"));
  EXPECT_EQ(result.total_fixed_cost, Money("0.5", "0.6"));
  EXPECT_EQ(result.total_energy_cost, Money("5", "5.5"));
  EXPECT_EQ(result.total_time_cost, Money("9", "9"));
  EXPECT_TRUE(result.periods[0].reservation);
  EXPECT_EQ(result.periods[0].dimensions[1].dimension, kTime);
  EXPECT_EQ(result.periods[0].dimensions[1].element_index, 2U);
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(PriceCdr, ExpiredReservationPrefersReservationExpiresElements) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:30:00Z",
                          {Period("2026-03-02T10:00:00Z", {Reserved("1.5")})});
  const PricingResult result = PriceOk(cdr, {ReservationTariff()});
  EXPECT_EQ(result.total_reservation_cost, Money("13", "15.6"));  // 4 + 1.5 h × 6
  EXPECT_EQ(result.total_fixed_cost, Money("0", "0"));

  Tariff reordered = ReservationTariff();
  std::swap(reordered.elements[0], reordered.elements[2]);  // RESERVATION first, RESERVATION_EXPIRES after
  EXPECT_EQ(PriceOk(cdr, {reordered}).total_reservation_cost, Money("13", "15.6"));
}

TEST(PriceCdr, ExpiredReservationFallsBackToTheReservationElement) {
  const Tariff tariff = MakeTariff(
      "R",
      {Element({Component(kFlat, "4", "20")}, ReservationOnly(ReservationRestriction::kReservationExpires)),
       Element({Component(kTime, "2", "20", 600)}, ReservationOnly(ReservationRestriction::kReservation)),
       Element({Component(kFlat, "0.50", "20"), Component(kEnergy, "0.25", "10")})});
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Reserved("1")})});
  EXPECT_EQ(PriceOk(cdr, {tariff}).total_cost, Money("6", "7.2"));
}

TEST(PriceCdr, ReservationPeriodThatChargesOrFollowsChargingIsReported) {
  const Cdr cdr = MakeCdr("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z",
                          {Period("2026-03-02T10:00:00Z", {Energy("10"), Time("0.5")}),
                           Period("2026-03-02T10:30:00Z", {Reserved("0.5"), Energy("1")})});
  const PricingResult result = PriceOk(cdr, {ReservationTariff()});
  EXPECT_THAT(WarningCodes(result),
              ElementsAre("reservation_period_with_charging", "reservation_after_charging"));
}

// --- Time zones and daylight saving time ---

// On 2026-03-29 Amsterdam jumps from 02:00 (+01:00) to 03:00 (+02:00) at 01:00Z.
TEST(PriceCdr, SpringForwardDayInAmsterdam) {
  TariffRestrictions early;
  early.start_time = TimeOfDay(2, 30);
  early.end_time = TimeOfDay(4, 0);
  const Tariff tariff =
      MakeTariff("N", {Element({Component(kTime, "3")}, early), Element({Component(kTime, "1")})});
  const Cdr cdr = MakeCdr("2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z",
                          {Period("2026-03-29T00:30:00Z", {Time("0.5")}),    // 01:30 local
                           Period("2026-03-29T01:00:00Z", {Time("1")}),      // 03:00 local: the window opens
                           Period("2026-03-29T02:00:00Z", {Time("0.5")})});  // 04:00 local: it closes
  const PricingResult amsterdam = PriceOk(cdr, {tariff}, TimeZone::Find("Europe/Amsterdam").value());
  EXPECT_EQ(amsterdam.total_cost.excl_vat, Dec("4"));
  EXPECT_THAT(amsterdam.warnings, IsEmpty());
  const PricingResult utc = PriceOk(cdr, {tariff});
  EXPECT_EQ(utc.total_cost.excl_vat, Dec("2"));
}

// On 2026-10-25 Amsterdam goes back from 03:00 (+02:00) to 02:00 (+01:00) at 01:00Z: 02:00–03:00 happens
// twice.
TEST(PriceCdr, FallBackDayInAmsterdam) {
  TariffRestrictions repeated;
  repeated.start_time = TimeOfDay(2, 0);
  repeated.end_time = TimeOfDay(3, 0);
  const Tariff tariff =
      MakeTariff("N", {Element({Component(kTime, "3")}, repeated), Element({Component(kTime, "1")})});
  const Cdr cdr = MakeCdr("2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z",
                          {Period("2026-10-24T23:30:00Z", {Time("0.5")}),  // 01:30 (+02:00)
                           Period("2026-10-25T00:00:00Z", {Time("2")}),  // 02:00 (+02:00) … 03:00 (+01:00)
                           Period("2026-10-25T02:00:00Z", {Time("0.5")})});  // 03:00 (+01:00)
  const PricingResult result = PriceOk(cdr, {tariff}, TimeZone::Find("Europe/Amsterdam").value());
  EXPECT_EQ(result.total_cost.excl_vat, Dec("7"));  // 0.5 + 2 h × 3 + 0.5
  EXPECT_THAT(result.warnings, IsEmpty());
}

}  // namespace
}  // namespace openmsp::pricing
