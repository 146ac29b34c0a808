#include "pricing/pricing_json.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/json.h"

namespace openmsp::pricing {
namespace {

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

std::string Json(const Decimal& value) {
  std::string out;
  const Result<void> written = AppendJsonNumber(value, out);
  return written ? out : written.error().ToString();
}

// The result's JSON, checking that it is appended to what `out` already holds.
Result<std::string> ResultJson(const PricingResult& result, const Cdr& cdr) {
  std::string out = "[";
  OPENMSP_RETURN_IF_ERROR(AppendPricingResultJson(result, cdr, TimeZone::Utc(), out));
  EXPECT_EQ(out.front(), '[');
  return out.substr(1);
}

PricingResult EnergyOnlyResult() {
  PricingResult result;
  result.total_cost = {D("5.00"), D("5.500")};
  result.total_energy_cost = {D("5.00"), D("5.500")};
  result.billed_energy = D("20");
  PeriodCost period;
  period.start_date_time = At("2024-01-15T10:00:00Z");
  period.end_date_time = At("2024-01-15T11:00:00.5Z");
  DimensionCost energy;
  energy.dimension = TariffDimension::kEnergy;
  energy.tariff_id = "16";
  energy.price = D("0.25");
  energy.vat = D("10.0");
  energy.volume = D("20");
  energy.billed_volume = D("20");
  energy.cost = {D("5.00"), D("5.500")};
  period.dimensions.push_back(energy);
  result.periods.push_back(period);
  result.warnings.push_back(
      {"energy_total_mismatch", "total_energy", "the periods' ENERGY adds up to \"20\""});
  return result;
}

TEST(AppendPricingResultJson, WritesTotalsQuantitiesPeriodsAndWarnings) {
  const Result<std::string> json = ResultJson(EnergyOnlyResult(), Cdr{});
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  EXPECT_EQ(
      *json,
      R"({"currency":"EUR","time_zone":"UTC",)"
      R"("total_cost":{"excl_vat":5,"incl_vat":5.5},)"
      R"("total_fixed_cost":{"excl_vat":0,"incl_vat":0},)"
      R"("total_energy_cost":{"excl_vat":5,"incl_vat":5.5},)"
      R"("total_time_cost":{"excl_vat":0,"incl_vat":0},)"
      R"("total_parking_cost":{"excl_vat":0,"incl_vat":0},)"
      R"("total_reservation_cost":{"excl_vat":0,"incl_vat":0},)"
      R"("billed_energy":20,"billed_time":0,"billed_parking_time":0,"billed_reservation_time":0,)"
      R"("min_price_applied":false,"max_price_applied":false,)"
      R"("periods":[{"index":0,"start_date_time":"2024-01-15T10:00:00Z",)"
      R"("end_date_time":"2024-01-15T11:00:00.500Z","reservation":false,"dimensions":[)"
      R"({"type":"ENERGY","tariff_id":"16","element_index":0,"component_index":0,"price":0.25,"vat":10,)"
      R"("volume":20,"billed_volume":20,"cost":{"excl_vat":5,"incl_vat":5.5}}]}],)"
      R"("warnings":[{"code":"energy_total_mismatch","field":"total_energy",)"
      R"("message":"the periods' ENERGY adds up to \"20\""}]})");
}

TEST(AppendPricingResultJson, AddsTheCposFiguresAndTheDifference) {
  Cdr cdr;
  cdr.country_code = "BE";
  cdr.id = "12345";
  cdr.stated.total_cost = Price{D("4.99"), D("5.60")};
  cdr.stated.total_energy_cost = Price{D("5.10"), std::nullopt};
  const Result<std::string> json = ResultJson(EnergyOnlyResult(), cdr);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  const boost::json::value parsed = ParseJson(*json).value();
  const boost::json::object& object = parsed.as_object();
  EXPECT_EQ(SerializeJson(object.at("cdr")), R"({"country_code":"BE","id":"12345"})");
  EXPECT_EQ(SerializeJson(object.at("cpo_stated")),
            R"({"total_cost":{"excl_vat":4.99,"incl_vat":5.6},"total_energy_cost":{"excl_vat":5.1}})");
  EXPECT_EQ(SerializeJson(object.at("difference")),
            R"({"total_cost":{"excl_vat":0.01,"incl_vat":-0.1},"total_energy_cost":{"excl_vat":-0.1}})");
  EXPECT_EQ(json->substr(json->size() - 2), "}}");
}

TEST(AppendPricingResultJson, LeavesOutTheCposFiguresWhenItStatesNone) {
  const boost::json::value json = ParseJson(ResultJson(EnergyOnlyResult(), Cdr{}).value()).value();
  EXPECT_FALSE(json.as_object().contains("cpo_stated"));
  EXPECT_FALSE(json.as_object().contains("difference"));
  EXPECT_FALSE(json.as_object().contains("cdr"));
}

TEST(AppendPricingResultJson, LeavesTheOutputAsItWasWhenAnAmountIsTooLarge) {
  PricingResult result = EnergyOnlyResult();
  result.periods[0].dimensions[0].cost.excl_vat = D("100000000000") * D("100000000000");
  std::string out = "before";
  const Result<void> written = AppendPricingResultJson(result, Cdr{}, TimeZone::Utc(), out);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(out, "before");
}

TEST(AppendJsonNumber, IsExactUpToFifteenSignificantDigits) {
  EXPECT_EQ(Json(D("0")), "0");
  EXPECT_EQ(Json(D("0.000")), "0");
  EXPECT_EQ(Json(D("0.2500")), "0.25");
  EXPECT_EQ(Json(D("-12.375")), "-12.375");
  EXPECT_EQ(Json(D("0.000001")), "0.000001");
  EXPECT_EQ(Json(D("100")), "100");
  EXPECT_EQ(Json(D("-100.0")), "-100");
  EXPECT_EQ(Json(D("123456789012.345")), "123456789012.345");
  EXPECT_EQ(Json(D("999999999999999")), "999999999999999");
  EXPECT_EQ(Json(D("0.000000000000000001")), "0.000000000000000001");
}

TEST(AppendJsonNumber, RoundsHalfEvenToFifteenSignificantDigits) {
  EXPECT_EQ(Json(D("0.083333333333333333")), "0.0833333333333333");
  EXPECT_EQ(Json(D("1.00000000000000500")), "1");
  EXPECT_EQ(Json(D("1.00000000000001500")), "1.00000000000002");
  EXPECT_EQ(Json(D("9.99999999999999999")), "10");
  EXPECT_EQ(Json(D("-2.6666666666666666")), "-2.66666666666667");
  EXPECT_EQ(Json(D("123456789012345.67")), "123456789012346");
  EXPECT_EQ(Json(D("999999999999999.9")), "1000000000000000");
  const Decimal long_product = D("0.123456789012345") * D("0.123456789012345");
  EXPECT_EQ(Json(long_product), "0.0152415787532387");
}

TEST(AppendJsonNumber, RefusesMoreThanFifteenDigitsBeforeThePoint) {
  EXPECT_EQ(Json(D("1234567890123456")),
            "the computed amount 1234567890123456 has more than 15 digits before the decimal point");
  EXPECT_EQ(Json(D("100000000000") * D("100000000000")).substr(0, 20), "the computed amount ");
}

int SignificantDigits(const Decimal& value) {
  int digits = 0;
  for (Int128 rest = value.Normalized().coefficient(); rest != 0; rest /= 10) ++digits;
  return digits;
}

// What we write, our own ParseJson reads back: exactly the value when it has at most 15 significant digits,
// and in every case as a value that is written the same way again.
TEST(AppendJsonNumber, RoundTripsThroughParseJson) {
  std::mt19937_64 random(7);
  int exact = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto coefficient =
        static_cast<std::int64_t>(random() % 2000000000000000000ULL) - 1000000000000000000LL;
    const Decimal value =
        Decimal::FromCoefficient(coefficient >> (random() % 60), static_cast<int>(random() % 19));
    std::string text;
    if (!AppendJsonNumber(value, text)) continue;
    const Result<boost::json::value> parsed = ParseJson(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().ToString();
    const Decimal back = DecimalFromJson(*parsed).value();
    std::string again;
    ASSERT_TRUE(AppendJsonNumber(back, again).ok());
    EXPECT_EQ(again, text) << value;
    if (SignificantDigits(value) <= 15) {
      EXPECT_EQ(back, value) << text;
      ++exact;
    }
  }
  EXPECT_GT(exact, 5000);
}

// Up to 15 significant digits, a number is written as Decimal writes it, without trailing zeros.
TEST(AppendJsonNumber, WritesWhatDecimalWritesWhenExact) {
  std::mt19937_64 random(11);
  int written = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto coefficient = static_cast<std::int64_t>(random() % 1'000'000'000'000'000ULL) *
                             (random() % 2 == 0 ? 1 : -1) *
                             static_cast<std::int64_t>(random() % 2 == 0 ? 1 : 1000);
    const Decimal value =
        Decimal::FromCoefficient(coefficient >> (random() % 50), static_cast<int>(random() % 24));
    if (SignificantDigits(value) > 15 || value.Normalized().coefficient() / 1000000000000000 != 0) continue;
    std::string text;
    ASSERT_TRUE(AppendJsonNumber(value, text).ok()) << value;
    EXPECT_EQ(text, value.Normalized().ToString()) << value;
    ++written;
  }
  EXPECT_GT(written, 5000);
}

TEST(AppendOcpiDateTime, WritesWhatFormatOcpiDateTimeWrites) {
  std::mt19937_64 random(12);
  std::vector<Instant> instants = {kMinInstant, kMaxInstant, Instant(), Instant::FromUnixMilliseconds(-1),
                                   Instant::FromUnixMilliseconds(951782400000)};  // 2000-02-29
  const std::int64_t span = kMaxInstant.UnixMilliseconds() - kMinInstant.UnixMilliseconds();
  for (int i = 0; i < 20000; ++i) {
    std::int64_t milliseconds = kMinInstant.UnixMilliseconds() +
                                static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(span));
    if (i % 2 == 0) milliseconds -= milliseconds % 1000;  // whole seconds, written without a fraction
    instants.push_back(Instant::FromUnixMilliseconds(milliseconds));
  }
  for (const Instant instant : instants) {
    std::string out = "x";
    AppendOcpiDateTime(instant, out);
    EXPECT_EQ(out, "x" + FormatOcpiDateTime(instant)) << instant.UnixMilliseconds();
  }
  std::string out;
  EXPECT_THROW(AppendOcpiDateTime(kMaxInstant + Duration(1), out), std::out_of_range);
}

TEST(AppendJsonString, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01\x7f é", out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\u000a\\u0001\\u007f é\"");
  EXPECT_EQ(ParseJson(out).value().as_string(), "a\"b\\c\n\x01\x7f é");
}

}  // namespace
}  // namespace openmsp::pricing
