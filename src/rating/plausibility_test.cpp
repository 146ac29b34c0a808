#include "rating/plausibility.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "pricing/cdr_json.h"

namespace openmsp::rating {

// So that a failing expectation shows the reason and the detail.
void PrintTo(const Implausibility& failed, std::ostream* out) {
  *out << "reason " << static_cast<int>(failed.reason) << ": " << failed.detail;
}

namespace {

using domain::AttentionReason;
using pricing::CdrDimension;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const std::filesystem::path kShared = OPENMSP_SHARED_DIR;

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

pricing::ChargingPeriod Period(std::string_view start, std::vector<pricing::CdrDimensionVolume> dimensions) {
  return {At(start), std::move(dimensions), std::nullopt};
}

// A plausible CDR: 10:00Z–12:00Z, 20 kWh charged in the first hour, parked in the second; received five
// minutes after it ended.
pricing::Cdr Plausible() {
  pricing::Cdr cdr;
  cdr.country_code = "NL";
  cdr.party_id = "CPO";
  cdr.id = "cdr-1";
  cdr.start_date_time = At("2026-03-02T10:00:00Z");
  cdr.end_date_time = At("2026-03-02T12:00:00Z");
  cdr.charging_periods = {
      Period("2026-03-02T10:00:00Z", {{CdrDimension::kEnergy, D("20.000")}, {CdrDimension::kTime, D("1")}}),
      Period("2026-03-02T11:00:00Z", {{CdrDimension::kParkingTime, D("1")}}),
  };
  cdr.total_energy = D("20.000");
  cdr.total_time = D("2.000");
  cdr.total_parking_time = D("1.000");
  return cdr;
}

const Instant kReceived = At("2026-03-02T12:05:00Z");

// A session of `length` from 2026-02-01T00:00Z that charged `energy` kWh in one period, totals matching.
pricing::Cdr Session(Duration length, const Decimal& energy) {
  pricing::Cdr cdr;
  cdr.start_date_time = At("2026-02-01T00:00:00Z");
  cdr.end_date_time = cdr.start_date_time + length;
  cdr.charging_periods = {Period("2026-02-01T00:00:00Z", {{CdrDimension::kEnergy, energy}})};
  cdr.total_energy = energy;
  cdr.total_time = Decimal(length.count()).Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp).value();
  return cdr;
}

std::optional<Implausibility> Check(const pricing::Cdr& cdr, Instant received = kReceived,
                                    const domain::RatingSettings& settings = {}) {
  pricing::SessionPeriods periods;
  std::vector<pricing::PricingWarning> warnings;
  return CheckPlausibility(cdr, received, settings, periods, warnings);
}

std::optional<AttentionReason> ReasonOf(const pricing::Cdr& cdr, Instant received = kReceived,
                                        const domain::RatingSettings& settings = {}) {
  const std::optional<Implausibility> failed = Check(cdr, received, settings);
  if (!failed) return std::nullopt;
  return failed->reason;
}

Implausibility Failure(AttentionReason reason, std::string detail) { return {reason, std::move(detail)}; }

TEST(CheckPlausibility, APlausibleCdrPasses) {
  const std::optional<Implausibility> failed = Check(Plausible());
  EXPECT_FALSE(failed.has_value()) << failed->detail;
}

TEST(CheckPlausibility, TheOfficialOcpiExamplePasses) {
  // Its one period states only TIME, so its total_energy (15.342 kWh) has nothing to contradict it.
  const Result<pricing::Cdr> cdr =
      pricing::ParseCdr(ReadFile(kShared / "ocpi/examples/cdrs/cdr_example.json"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  const std::optional<Implausibility> failed = Check(*cdr, At("2015-06-29T23:40:00Z"));
  EXPECT_FALSE(failed.has_value()) << failed->detail;
}

// The (non-official) pricing fixtures in _thirdparty pass, but for one whose periods contradict their own
// timestamps: its last period, 17:02–17:07, states 0.0334 h (2 min) of PARKING_TIME, and so does its
// total_parking_time, where the timestamps say 5 minutes.
TEST(CheckPlausibility, TheCdrsOfTheThirdPartyExamplesPassButOneThatContradictsItsTimestamps) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kShared / "ocpi/examples/_thirdparty")) {
    if (!entry.path().filename().string().starts_with("cdr")) continue;
    ++files;
    const Result<pricing::Cdr> cdr = pricing::ParseCdr(ReadFile(entry.path()));
    ASSERT_TRUE(cdr.ok()) << entry.path() << ": " << cdr.error().ToString();
    const std::optional<Implausibility> failed = Check(*cdr, cdr->end_date_time + hours(1));
    if (entry.path().parent_path().filename() == "step_size" && entry.path().filename() == "cdr1.json") {
      EXPECT_EQ(failed,
                Failure(AttentionReason::kTotalsInconsistent,
                        "total_parking_time 0.0334 h but the periods' PARKING_TIME adds up to 0.083333 h: "
                        "2 min 59.76 s apart, more than the tolerance of 1 min (1 min or 0.1 %, whichever "
                        "is larger)"));
    } else {
      EXPECT_FALSE(failed.has_value()) << entry.path() << ": " << failed->detail;
    }
  }
  EXPECT_GE(files, 5);
}

// --- 1. end before start ---

TEST(CheckPlausibility, EndBeforeStart) {
  pricing::Cdr cdr = Plausible();
  cdr.end_date_time = At("2026-03-02T09:59:59.999Z");
  EXPECT_EQ(Check(cdr), Failure(AttentionReason::kEndBeforeStart,
                                "end_date_time 2026-03-02T09:59:59.999Z is before start_date_time "
                                "2026-03-02T10:00:00Z"));
}

TEST(CheckPlausibility, AnEndEqualToTheStartPasses) {
  pricing::Cdr cdr = Session(Duration(0), D("0"));
  EXPECT_EQ(Check(cdr, cdr.end_date_time), std::nullopt);
}

// --- 2. energy ---

TEST(CheckPlausibility, NegativeEnergy) {
  pricing::Cdr cdr = Plausible();
  cdr.total_energy = D("-0.001");
  EXPECT_EQ(Check(cdr), Failure(AttentionReason::kEnergyOutOfRange, "total_energy -0.001 kWh is negative"));
}

TEST(CheckPlausibility, EnergyAboveTheLimit) {
  const pricing::Cdr cdr = Session(hours(10), D("1250.000"));
  EXPECT_EQ(Check(cdr, kReceived), Failure(AttentionReason::kEnergyOutOfRange,
                                           "total_energy 1250.000 kWh is above the limit of 1000 kWh"));
}

TEST(CheckPlausibility, EnergyExactlyAtTheLimitPassesAndJustAboveFails) {
  EXPECT_EQ(ReasonOf(Session(hours(10), D("1000.000"))), std::nullopt);
  EXPECT_EQ(ReasonOf(Session(hours(10), D("1000.001"))), AttentionReason::kEnergyOutOfRange);
  EXPECT_EQ(ReasonOf(Session(hours(10), D("0"))), std::nullopt);
}

TEST(CheckPlausibility, EnergyLimitIsTheTenants) {
  domain::RatingSettings settings;
  settings.max_energy_kwh = D("80.5");
  EXPECT_EQ(ReasonOf(Session(hours(1), D("80.500")), kReceived, settings), std::nullopt);
  EXPECT_EQ(
      Check(Session(hours(1), D("80.501")), kReceived, settings),
      Failure(AttentionReason::kEnergyOutOfRange, "total_energy 80.501 kWh is above the limit of 80.5 kWh"));
}

// --- 3. duration ---

TEST(CheckPlausibility, SessionLongerThanTheDefaultWeek) {
  EXPECT_EQ(ReasonOf(Session(hours(168), D("30"))), std::nullopt);
  EXPECT_EQ(
      Check(Session(hours(168) + seconds(1), D("30"))),
      Failure(AttentionReason::kDurationTooLong,
              "the session lasts 168 h 0 min 1 s (2026-02-01T00:00:00Z to 2026-02-08T00:00:01Z), longer "
              "than the limit of 168 h"));
}

TEST(CheckPlausibility, DurationLimitIsTheTenants) {
  domain::RatingSettings settings;
  settings.max_session_duration = hours(12);
  EXPECT_EQ(ReasonOf(Session(hours(12), D("30")), kReceived, settings), std::nullopt);
  EXPECT_EQ(
      Check(Session(hours(12) + milliseconds(1), D("30")), kReceived, settings),
      Failure(AttentionReason::kDurationTooLong,
              "the session lasts 12 h 0 min 0.001 s (2026-02-01T00:00:00Z to 2026-02-01T12:00:00.001Z), "
              "longer than the limit of 12 h"));
}

// --- 4. in the future ---

TEST(CheckPlausibility, EndingAfterItWasReceived) {
  const pricing::Cdr cdr = Plausible();  // ends 12:00Z
  EXPECT_EQ(ReasonOf(cdr, At("2026-03-02T12:00:00Z")), std::nullopt);
  EXPECT_EQ(ReasonOf(cdr, At("2026-03-02T11:55:00Z")), std::nullopt) << "5 minutes of clock skew are allowed";
  EXPECT_EQ(Check(cdr, At("2026-03-02T11:54:59.999Z")),
            Failure(AttentionReason::kInFuture,
                    "end_date_time 2026-03-02T12:00:00Z is 5 min 0.001 s after the CDR was received at "
                    "2026-03-02T11:54:59.999Z, more than the 5 min allowed for clock differences"));
  EXPECT_EQ(ReasonOf(cdr, At("2026-03-01T12:00:00Z")), AttentionReason::kInFuture);
}

// --- 5. unreadable periods ---

TEST(CheckPlausibility, PeriodsThatCannotBeRead) {
  pricing::Cdr cdr = Plausible();
  cdr.charging_periods[1].start_date_time = At("2026-03-02T12:00:01Z");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kUnreadableCdr,
                    "the charging periods cannot be read: charging_periods[1].start_date_time: the "
                    "period starts at 2026-03-02T12:00:01Z, after the session ends at "
                    "2026-03-02T12:00:00Z"));

  cdr = Plausible();
  cdr.charging_periods.clear();
  const std::optional<Implausibility> none = Check(cdr);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->reason, AttentionReason::kUnreadableCdr);
  EXPECT_TRUE(none->detail.starts_with("the charging periods cannot be read: charging_periods: "))
      << none->detail;

  cdr = Plausible();
  cdr.charging_periods[0].dimensions[0].volume = D("-1");
  const std::optional<Implausibility> negative = Check(cdr);
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(negative->reason, AttentionReason::kUnreadableCdr);
  EXPECT_TRUE(negative->detail.starts_with(
      "the charging periods cannot be read: charging_periods[0].dimensions[0].volume: is negative (-1)"))
      << negative->detail;
}

// --- 6. totals ---

TEST(CheckPlausibility, EnergyTotalWithinTheAbsoluteTolerance) {
  // 5 kWh: 0.1 % is 0.005 kWh, so 0.01 kWh applies.
  pricing::Cdr cdr = Session(hours(1), D("5.010"));
  cdr.total_energy = D("5.000");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.charging_periods[0].dimensions[0].volume = D("5.011");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_energy 5.000 kWh but the periods' ENERGY adds up to 5.011 kWh: 0.011 kWh "
                    "apart, more than the tolerance of 0.01 kWh (0.01 kWh or 0.1 %, whichever is "
                    "larger)"));
  cdr.charging_periods[0].dimensions[0].volume = D("4.990");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.charging_periods[0].dimensions[0].volume = D("4.989");
  EXPECT_EQ(ReasonOf(cdr), AttentionReason::kTotalsInconsistent);
}

TEST(CheckPlausibility, EnergyTotalWithinTheRelativeTolerance) {
  // 40 kWh: 0.1 % is 0.04 kWh. The periods add up to 40.04 (passes), then 40.041 (fails).
  pricing::Cdr cdr = Session(hours(2), D("20.02"));
  cdr.charging_periods.push_back(Period("2026-02-01T01:00:00Z", {{CdrDimension::kEnergy, D("20.02")}}));
  cdr.total_energy = D("40");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.charging_periods[1].dimensions[0].volume = D("20.021");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_energy 40 kWh but the periods' ENERGY adds up to 40.041 kWh: 0.041 kWh "
                    "apart, more than the tolerance of 0.04 kWh (0.01 kWh or 0.1 %, whichever is "
                    "larger)"));
}

TEST(CheckPlausibility, PeriodsWithoutEnergyDoNotContradictTheEnergyTotal) {
  pricing::Cdr cdr = Plausible();
  cdr.charging_periods[0].dimensions.erase(cdr.charging_periods[0].dimensions.begin());
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  // One period stating ENERGY is enough for the sum to count.
  cdr.charging_periods[1].dimensions.push_back({CdrDimension::kEnergy, D("0")});
  EXPECT_EQ(ReasonOf(cdr), AttentionReason::kTotalsInconsistent);
}

TEST(CheckPlausibility, TotalTimeAgainstTheTimestamps) {
  pricing::Cdr cdr = Plausible();  // lasts 2 h
  cdr.total_time = D("2.016666");  // 59.9976 s more
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_time = D("1.983334");  // 59.9976 s less
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_time = D("2.016667");  // 60.0012 s more
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_time 2.016667 h but the session lasts 2 h: 1 min 0.001 s apart, more than "
                    "the tolerance of 1 min (1 min or 0.1 %, whichever is larger)"));
  cdr.total_time = D("2.5");
  EXPECT_EQ(ReasonOf(cdr), AttentionReason::kTotalsInconsistent);
}

TEST(CheckPlausibility, TotalTimeOfALongSessionWithinTheRelativeTolerance) {
  // 100 h: 0.1 % is 6 minutes (0.1 h).
  pricing::Cdr cdr = Session(hours(100), D("50"));
  cdr.total_time = D("100.1");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_time = D("99.91");  // 0.1 % of the stated total: 5 min 59.676 s
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_time = D("100.101");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_time 100.101 h but the session lasts 100 h: 6 min 3.6 s apart, more than "
                    "the tolerance of 6 min 0.364 s (1 min or 0.1 %, whichever is larger)"));
}

TEST(CheckPlausibility, ParkingTotalAgainstThePeriods) {
  pricing::Cdr cdr = Plausible();  // parks 1 h in its second period
  cdr.total_parking_time = D("1.016");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_parking_time = D("0.75");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_parking_time 0.75 h but the periods' PARKING_TIME adds up to 1 h: 15 min "
                    "apart, more than the tolerance of 1 min (1 min or 0.1 %, whichever is larger)"));
}

TEST(CheckPlausibility, ParkingTotalLongerThanTheSession) {
  // No period states PARKING_TIME, so only the session's length bounds the total.
  pricing::Cdr cdr = Session(hours(2), D("20"));
  cdr.total_parking_time = D("1.5");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_parking_time = D("2.016");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_parking_time = D("2.5");
  EXPECT_EQ(Check(cdr), Failure(AttentionReason::kTotalsInconsistent,
                                "total_parking_time 2.5 h is longer than the session, which lasts 2 h from "
                                "start_date_time to end_date_time"));
}

TEST(CheckPlausibility, ReservationTotalAgainstThePeriods) {
  pricing::Cdr cdr = Plausible();
  cdr.start_date_time = At("2026-03-02T09:30:00Z");
  cdr.charging_periods.insert(cdr.charging_periods.begin(),
                              Period("2026-03-02T09:30:00Z", {{CdrDimension::kReservationTime, D("0.5")}}));
  cdr.total_time = D("2.5");
  cdr.total_reservation_time = D("0.5");
  EXPECT_EQ(ReasonOf(cdr), std::nullopt);
  cdr.total_reservation_time = D("0.25");
  EXPECT_EQ(ReasonOf(cdr), AttentionReason::kTotalsInconsistent);
}

TEST(CheckPlausibility, AbsurdTotalsAreReportedInHours) {
  pricing::Cdr cdr = Plausible();
  cdr.total_time = D("99999999999999999.9");
  EXPECT_EQ(Check(cdr),
            Failure(AttentionReason::kTotalsInconsistent,
                    "total_time 99999999999999999.9 h but the session lasts 2 h: 99999999999999997.9 h "
                    "apart, more than the tolerance of 99999999999999.9999 h (1 min or 0.1 %, whichever "
                    "is larger)"));
}

// --- the order ---

TEST(CheckPlausibility, TheFirstFailingCheckIsReported) {
  // Everything wrong at once, then fixed one by one: ends before it starts, too much energy, a period
  // before the start, total_time off, received long before.
  pricing::Cdr cdr = Plausible();
  cdr.end_date_time = At("2026-03-02T09:00:00Z");
  cdr.total_energy = D("5000");
  cdr.charging_periods[1].start_date_time = At("2026-03-02T09:00:00Z");
  cdr.total_time = D("99");
  Instant received = At("2026-01-01T00:00:00Z");
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kEndBeforeStart);
  cdr.end_date_time = At("2026-03-20T12:00:00Z");  // 18 days 2 h
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kEnergyOutOfRange);
  cdr.total_energy = D("20");
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kDurationTooLong);
  cdr.end_date_time = At("2026-03-02T12:00:00Z");
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kInFuture);
  received = kReceived;
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kUnreadableCdr);
  cdr.charging_periods[1].start_date_time = At("2026-03-02T11:00:00Z");
  EXPECT_EQ(ReasonOf(cdr, received), AttentionReason::kTotalsInconsistent);
  cdr.total_time = D("2");
  EXPECT_EQ(ReasonOf(cdr, received), std::nullopt);
}

TEST(CheckPlausibility, EnergyTotalIsComparedBeforeTimeTotals) {
  pricing::Cdr cdr = Plausible();
  cdr.total_energy = D("30");
  cdr.total_time = D("3");
  cdr.total_parking_time = D("2");
  EXPECT_TRUE(Check(cdr)->detail.starts_with("total_energy 30 kWh")) << Check(cdr)->detail;
  cdr.total_energy = D("20");
  EXPECT_TRUE(Check(cdr)->detail.starts_with("total_time 3 h")) << Check(cdr)->detail;
  cdr.total_time = D("2");
  EXPECT_TRUE(Check(cdr)->detail.starts_with("total_parking_time 2 h")) << Check(cdr)->detail;
}

}  // namespace
}  // namespace openmsp::rating
