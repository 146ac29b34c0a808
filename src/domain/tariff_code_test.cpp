#include "domain/tariff_code.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace openmsp::domain {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Decimal D(const char* text) { return Decimal::Parse(text).value(); }

NewTariffCode Energy() {
  return NewTariffCode{.code = "ENERGY-AC",
                       .kind = TariffCodeKind::kEnergy,
                       .unit = TariffUnit::kKwh,
                       .step_size = D("0.1"),
                       .free_units = D("0"),
                       .grace_period = minutes(0),
                       .description = "Energy"};
}

NewTariffCode Parking() {
  return NewTariffCode{.code = "PARKING",
                       .kind = TariffCodeKind::kParkingTime,
                       .unit = TariffUnit::kMinute,
                       .step_size = D("1"),
                       .free_units = D("0"),
                       .grace_period = minutes(60),
                       .description = "Idle fee after 60 min"};
}

TariffCode Stored(const NewTariffCode& code) {
  return TariffCode{.id = TariffCodeId{1},
                    .tenant_id = TenantId{1},
                    .code = code.code,
                    .kind = code.kind,
                    .unit = code.unit,
                    .step_size = code.step_size,
                    .free_units = code.free_units,
                    .grace_period = code.grace_period,
                    .description = code.description,
                    .created_at = Instant()};
}

std::string FieldOf(const NewTariffCode& code) {
  Result<void> result = ValidateNewTariffCode(code);
  return result ? "ok" : result.error().field;
}

TEST(TariffCodeKindTest, NamesRoundTripAndUnknownNamesAreRefused) {
  for (TariffCodeKind kind : {TariffCodeKind::kEnergy, TariffCodeKind::kChargingTime, TariffCodeKind::kParkingTime,
                              TariffCodeKind::kSessionTime, TariffCodeKind::kSessionFee, TariffCodeKind::kCpoCost}) {
    EXPECT_EQ(ParseTariffCodeKind(TariffCodeKindName(kind)).value(), kind);
  }
  EXPECT_EQ(TariffCodeKindName(TariffCodeKind::kCpoCost), "CPO_COST");
  EXPECT_FALSE(ParseTariffCodeKind("energy"));
  EXPECT_FALSE(ParseTariffCodeKind("FLAT"));
  for (TariffUnit unit :
       {TariffUnit::kKwh, TariffUnit::kHour, TariffUnit::kMinute, TariffUnit::kSession, TariffUnit::kCost}) {
    EXPECT_EQ(ParseTariffUnit(TariffUnitName(unit)).value(), unit);
  }
  EXPECT_FALSE(ParseTariffUnit("kWh"));
}

TEST(TariffCodeKindTest, EachKindHasItsUnits) {
  EXPECT_TRUE(UnitFits(TariffCodeKind::kEnergy, TariffUnit::kKwh));
  EXPECT_FALSE(UnitFits(TariffCodeKind::kEnergy, TariffUnit::kHour));
  for (TariffCodeKind kind :
       {TariffCodeKind::kChargingTime, TariffCodeKind::kParkingTime, TariffCodeKind::kSessionTime}) {
    EXPECT_TRUE(IsTimeKind(kind));
    EXPECT_TRUE(UnitFits(kind, TariffUnit::kHour));
    EXPECT_TRUE(UnitFits(kind, TariffUnit::kMinute));
    EXPECT_FALSE(UnitFits(kind, TariffUnit::kKwh));
  }
  EXPECT_TRUE(UnitFits(TariffCodeKind::kSessionFee, TariffUnit::kSession));
  EXPECT_FALSE(UnitFits(TariffCodeKind::kSessionFee, TariffUnit::kCost));
  EXPECT_TRUE(UnitFits(TariffCodeKind::kCpoCost, TariffUnit::kCost));
  EXPECT_FALSE(UnitFits(TariffCodeKind::kCpoCost, TariffUnit::kKwh));
  EXPECT_FALSE(IsTimeKind(TariffCodeKind::kEnergy));
  EXPECT_FALSE(IsTimeKind(TariffCodeKind::kCpoCost));
}

TEST(ValidateNewTariffCodeTest, AcceptsTheUsualCodes) {
  EXPECT_EQ(FieldOf(Energy()), "ok");
  EXPECT_EQ(FieldOf(Parking()), "ok");
  NewTariffCode fee{.code = "start.fee_1",
                    .kind = TariffCodeKind::kSessionFee,
                    .unit = TariffUnit::kSession,
                    .step_size = D("1.000"),
                    .free_units = D("0"),
                    .grace_period = minutes(0),
                    .description = "Start fee – per session"};
  EXPECT_EQ(FieldOf(fee), "ok");
  NewTariffCode pass_through{.code = "CPO",
                             .kind = TariffCodeKind::kCpoCost,
                             .unit = TariffUnit::kCost,
                             .step_size = D("0.01"),
                             .free_units = D("0"),
                             .grace_period = minutes(0),
                             .description = "Roaming cost"};
  EXPECT_EQ(FieldOf(pass_through), "ok");
  NewTariffCode quarter_hours = Parking();
  quarter_hours.unit = TariffUnit::kHour;
  quarter_hours.step_size = D("0.25");
  quarter_hours.free_units = D("0.5");
  EXPECT_EQ(FieldOf(quarter_hours), "ok");
}

TEST(ValidateNewTariffCodeTest, CodeNamesAreShortAndPlain) {
  NewTariffCode code = Energy();
  code.code = "";
  EXPECT_EQ(FieldOf(code), "code");
  code.code = std::string(36, 'A');
  EXPECT_EQ(FieldOf(code), "ok");
  code.code = std::string(37, 'A');
  EXPECT_EQ(FieldOf(code), "code");
  code.code = "ENERGY AC";
  EXPECT_EQ(FieldOf(code), "code");
  EXPECT_NE(ValidateNewTariffCode(code).error().message.find("position 7"), std::string::npos);
  code.code = "Énergie";
  EXPECT_EQ(FieldOf(code), "code");
}

TEST(ValidateNewTariffCodeTest, UnitMustFitTheKind) {
  NewTariffCode code = Energy();
  code.unit = TariffUnit::kMinute;
  Result<void> result = ValidateNewTariffCode(code);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().field, "unit");
  EXPECT_EQ(result.error().message, "ENERGY cannot be billed in MINUTE");
}

TEST(ValidateNewTariffCodeTest, StepSizeIsPositiveExactAndWholeSecondsForTime) {
  NewTariffCode code = Energy();
  code.step_size = D("0");
  EXPECT_EQ(FieldOf(code), "step_size");
  code.step_size = D("-0.1");
  EXPECT_EQ(FieldOf(code), "step_size");
  code.step_size = D("0.000001");
  EXPECT_EQ(FieldOf(code), "ok");
  code.step_size = D("0.0000001");
  EXPECT_EQ(FieldOf(code), "step_size");
  code.step_size = D("0.1000000000");  // trailing zeros do not count
  EXPECT_EQ(FieldOf(code), "ok");
  code.step_size = D("1000000");
  EXPECT_EQ(FieldOf(code), "ok");
  code.step_size = D("1000000.5");
  EXPECT_EQ(FieldOf(code), "step_size");

  NewTariffCode time = Parking();
  time.step_size = D("0.5");  // 30 s
  EXPECT_EQ(FieldOf(time), "ok");
  time.step_size = D("0.01");  // 0.6 s
  EXPECT_EQ(FieldOf(time), "step_size");
  time.unit = TariffUnit::kHour;  // 36 s
  EXPECT_EQ(FieldOf(time), "ok");
  time.step_size = D("0.0001");  // 0.36 s
  EXPECT_EQ(FieldOf(time), "step_size");
}

TEST(ValidateNewTariffCodeTest, FreeUnitsAreNotNegativeAndWholeSecondsForTime) {
  NewTariffCode code = Energy();
  code.free_units = D("-1");
  EXPECT_EQ(FieldOf(code), "free_units");
  code.free_units = D("2.5");
  EXPECT_EQ(FieldOf(code), "ok");
  NewTariffCode time = Parking();
  time.free_units = D("0.01");
  EXPECT_EQ(FieldOf(time), "free_units");
}

TEST(ValidateNewTariffCodeTest, SessionFeeIsOnePerSession) {
  NewTariffCode fee{.code = "FEE",
                    .kind = TariffCodeKind::kSessionFee,
                    .unit = TariffUnit::kSession,
                    .step_size = D("2"),
                    .free_units = D("0"),
                    .grace_period = minutes(0),
                    .description = "Fee"};
  EXPECT_EQ(FieldOf(fee), "step_size");
  fee.step_size = D("1");
  fee.free_units = D("1");
  EXPECT_EQ(FieldOf(fee), "free_units");
}

TEST(ValidateNewTariffCodeTest, GracePeriodOnlyForParkingAndAtMostADay) {
  NewTariffCode parking = Parking();
  parking.grace_period = minutes(1440);
  EXPECT_EQ(FieldOf(parking), "ok");
  parking.grace_period = minutes(1441);
  EXPECT_EQ(FieldOf(parking), "grace_period");
  parking.grace_period = minutes(-1);
  EXPECT_EQ(FieldOf(parking), "grace_period");
  NewTariffCode charging = Parking();
  charging.kind = TariffCodeKind::kChargingTime;
  EXPECT_EQ(FieldOf(charging), "grace_period");
  charging.grace_period = minutes(0);
  EXPECT_EQ(FieldOf(charging), "ok");
}

TEST(ValidateNewTariffCodeTest, DescriptionIsRequiredOcpiText) {
  NewTariffCode code = Energy();
  code.description = "";
  EXPECT_EQ(FieldOf(code), "description");
  code.description = "Energy\n";
  EXPECT_EQ(FieldOf(code), "description");
  code.description = std::string(200, 'e');
  EXPECT_EQ(FieldOf(code), "ok");
  code.description = std::string(201, 'e');
  EXPECT_EQ(FieldOf(code), "description");
}

// Milliseconds as the base quantity of a time code.
Decimal Ms(Duration duration) { return Decimal(duration.count()); }

TEST(BilledQuantityTest, FreeUnitsThenWholeSteps) {
  NewTariffCode energy = Energy();
  energy.free_units = D("2");
  const TariffCode code = Stored(energy);
  EXPECT_EQ(BasePerUnit(TariffUnit::kKwh), D("1"));
  EXPECT_EQ(Allowance(code), D("2"));
  EXPECT_EQ(BilledQuantity(code, D("7.23") - Allowance(code)), D("5.3"));  // 5.23 → per started 0.1
  EXPECT_EQ(BilledQuantity(code, D("7.3") - Allowance(code)), D("5.3"));   // exactly on a step stays
  EXPECT_EQ(BilledQuantity(code, D("0")), D("0"));                         // all free
  EXPECT_EQ(BilledQuantity(code, D("-0.5")), D("0"));                      // never negative
  EXPECT_EQ(BilledQuantity(code, D("0.0001")), D("0.1"));
}

TEST(BilledQuantityTest, ParkingGraceThenFreeUnitsThenStepsInMinutes) {
  const TariffCode code = Stored(Parking());
  EXPECT_EQ(BasePerUnit(TariffUnit::kMinute), D("60000"));
  EXPECT_EQ(Allowance(code), Ms(minutes(60)));
  // 95 min 10 s of parking, 60 min grace: 35 min 10 s, per started minute.
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(95) + seconds(10)) - Allowance(code)), D("36"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(95)) - Allowance(code)), D("35"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(60)) - Allowance(code)), D("0"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(60)) + D("1") - Allowance(code)), D("1"));

  NewTariffCode with_free = Parking();
  with_free.free_units = D("5");  // 60 min grace + 5 free minutes
  EXPECT_EQ(Allowance(Stored(with_free)), Ms(minutes(65)));
  EXPECT_EQ(BilledQuantity(Stored(with_free), Ms(minutes(70)) - Allowance(Stored(with_free))), D("5"));
}

TEST(BilledQuantityTest, TimeInHoursWithQuarterHourSteps) {
  NewTariffCode charging{.code = "CHARGING",
                         .kind = TariffCodeKind::kChargingTime,
                         .unit = TariffUnit::kHour,
                         .step_size = D("0.25"),
                         .free_units = D("0"),
                         .grace_period = minutes(0),
                         .description = "Charging time"};
  ASSERT_TRUE(ValidateNewTariffCode(charging));
  const TariffCode code = Stored(charging);
  EXPECT_EQ(BasePerUnit(TariffUnit::kHour), D("3600000"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(61))), D("1.25"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(45))), D("0.75"));
  EXPECT_EQ(BilledQuantity(code, Ms(minutes(45)) + D("1")), D("1.00"));
  // A grace period is PARKING_TIME's only; another kind ignores it even when set by hand.
  TariffCode odd = code;
  odd.grace_period = minutes(30);
  EXPECT_EQ(Allowance(odd), D("0"));
}

}  // namespace
}  // namespace openmsp::domain
