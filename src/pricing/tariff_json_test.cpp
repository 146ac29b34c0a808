#include "pricing/tariff_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/json.h"

namespace openmsp::pricing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kShared = OPENMSP_SHARED_DIR;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::filesystem::path> JsonFilesIn(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  return files;
}

Result<Tariff> Parse(std::string_view text) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::value json, ParseJson(text));
  return ParseTariff(json);
}

// A minimal valid tariff with `element` as its only element, for checking one field at a time.
std::string WithElement(std::string_view element) {
  return R"({"id": "T1", "currency": "EUR", "elements": [)" + std::string(element) + "]}";
}

std::string WithRestrictions(std::string_view restrictions) {
  return WithElement(R"({"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
                        "restrictions": )" +
                     std::string(restrictions) + "}");
}

TEST(ParseTariff, ReadsEveryOfficialExample) {
  const std::vector<std::filesystem::path> files = JsonFilesIn(kShared / "ocpi/examples/tariffs");
  ASSERT_EQ(files.size(), 20U);
  for (const auto& file : files) {
    const Result<Tariff> tariff = Parse(ReadFile(file));
    EXPECT_TRUE(tariff.ok()) << file << ": " << tariff.error().ToString();
  }
}

TEST(ParseTariff, ReadsEveryThirdPartyTariff) {
  int count = 0;
  for (const auto& file : JsonFilesIn(kShared / "ocpi/examples/_thirdparty")) {
    if (file.filename() != "tariff.json") continue;
    ++count;
    const Result<Tariff> tariff = Parse(ReadFile(file));
    EXPECT_TRUE(tariff.ok()) << file << ": " << tariff.error().ToString();
  }
  EXPECT_GT(count, 20);
}

TEST(ParseTariff, ReadsTheTariffOfEveryPricingVector) {
  const std::vector<std::filesystem::path> files = JsonFilesIn(kShared / "fixtures/tariffs");
  ASSERT_GT(files.size(), 40U);
  for (const auto& file : files) {
    const Result<boost::json::value> vector = ParseJson(ReadFile(file));
    ASSERT_TRUE(vector.ok()) << file << ": " << vector.error().ToString();
    const Result<std::vector<Tariff>> tariffs = ParseTariffs(vector->at("tariff"));
    EXPECT_TRUE(tariffs.ok()) << file << ": " << tariffs.error().ToString();
  }
}

// Spec defect (MANIFEST.md): the PUT example has no last_updated. Pricing does not need it.
TEST(ParseTariff, ToleratesAMissingLastUpdated) {
  const Result<Tariff> tariff = Parse(ReadFile(kShared / "ocpi/examples/tariffs/tariff_put_example.json"));
  ASSERT_TRUE(tariff.ok()) << tariff.error().ToString();
  EXPECT_FALSE(tariff->last_updated.has_value());
  EXPECT_EQ(tariff->id, "12");
}

TEST(ParseTariff, ReadsEveryFieldOfTheComplexExample) {
  const Result<Tariff> tariff = Parse(ReadFile(kShared / "ocpi/examples/tariffs/tariff_4_complex.json"));
  ASSERT_TRUE(tariff.ok()) << tariff.error().ToString();
  EXPECT_EQ(tariff->country_code, "DE");
  EXPECT_EQ(tariff->party_id, "ALL");
  EXPECT_EQ(tariff->id, "14");
  EXPECT_EQ(tariff->currency.code(), "EUR");
  EXPECT_EQ(tariff->type, TariffType::kRegular);
  EXPECT_EQ(tariff->last_updated, ParseOcpiDateTime("2015-06-29T20:39:09Z").value());
  ASSERT_EQ(tariff->elements.size(), 6U);

  const PriceComponent& flat = tariff->elements[0].price_components.at(0);
  EXPECT_EQ(flat.type, TariffDimension::kFlat);
  EXPECT_EQ(flat.price, Decimal::FromCoefficient(250, 2));
  EXPECT_EQ(flat.vat, Decimal(15));
  EXPECT_EQ(flat.step_size, 1);
  EXPECT_FALSE(tariff->elements[0].restrictions.has_value());

  const TariffRestrictions& weekday = tariff->elements[2].restrictions.value();
  EXPECT_EQ(weekday.min_current, Decimal(32));
  EXPECT_FALSE(weekday.max_current.has_value());
  EXPECT_EQ(weekday.day_of_week,
            (std::vector<DayOfWeek>{DayOfWeek::kMonday, DayOfWeek::kTuesday, DayOfWeek::kWednesday,
                                    DayOfWeek::kThursday, DayOfWeek::kFriday}));

  const TariffRestrictions& saturday_parking = tariff->elements[5].restrictions.value();
  EXPECT_EQ(tariff->elements[5].price_components.at(0).type, TariffDimension::kParkingTime);
  EXPECT_EQ(tariff->elements[5].price_components.at(0).step_size, 300);
  EXPECT_EQ(saturday_parking.start_time, std::chrono::hours(10));
  EXPECT_EQ(saturday_parking.end_time, std::chrono::hours(17));
  EXPECT_EQ(saturday_parking.day_of_week, std::vector<DayOfWeek>{DayOfWeek::kSaturday});
}

TEST(ParseTariff, ReadsEveryRestriction) {
  const Result<Tariff> tariff = Parse(WithRestrictions(R"({
      "start_time": "13:30", "end_time": "00:00", "start_date": "2024-02-29", "end_date": "2025-01-01",
      "min_kwh": 0.5, "max_kwh": 50, "min_current": 6, "max_current": 32.5, "min_power": 3.7,
      "max_power": 22, "min_duration": 0, "max_duration": 1800, "day_of_week": [],
      "reservation": "RESERVATION_EXPIRES"})"));
  ASSERT_TRUE(tariff.ok()) << tariff.error().ToString();
  const TariffRestrictions& r = tariff->elements[0].restrictions.value();
  EXPECT_EQ(r.start_time, std::chrono::minutes(13 * 60 + 30));
  EXPECT_EQ(r.end_time, std::chrono::minutes(0));
  EXPECT_EQ(r.start_date, (LocalDate{2024, 2, 29}));
  EXPECT_EQ(r.end_date, (LocalDate{2025, 1, 1}));
  EXPECT_EQ(r.min_kwh, Decimal::FromCoefficient(5, 1));
  EXPECT_EQ(r.max_kwh, Decimal(50));
  EXPECT_EQ(r.min_current, Decimal(6));
  EXPECT_EQ(r.max_current, Decimal::FromCoefficient(325, 1));
  EXPECT_EQ(r.min_power, Decimal::FromCoefficient(37, 1));
  EXPECT_EQ(r.max_power, Decimal(22));
  EXPECT_EQ(r.min_duration, std::chrono::seconds(0));
  EXPECT_EQ(r.max_duration, std::chrono::seconds(1800));
  EXPECT_TRUE(r.day_of_week.empty());
  EXPECT_EQ(r.reservation, ReservationRestriction::kReservationExpires);
}

TEST(ParseTariff, ReadsPricesValidityAndAStepSizeOfZero) {
  const Result<Tariff> tariff = Parse(R"({
      "country_code": "NL", "party_id": "TNM", "id": "FREE", "currency": "JPY",
      "min_price": {"excl_vat": 0.5, "incl_vat": 0.55}, "max_price": {"excl_vat": 10},
      "start_date_time": "2026-01-01T00:00:00Z", "end_date_time": "2027-01-01T00:00:00",
      "elements": [{"price_components": [{"type": "FLAT", "price": 0.00, "step_size": 0}]}],
      "energy_mix": {"is_green_energy": true}, "tariff_alt_text": [], "something_new": [1, 2]})");
  ASSERT_TRUE(tariff.ok()) << tariff.error().ToString();
  EXPECT_EQ(tariff->currency.code(), "JPY");
  EXPECT_EQ(tariff->min_price, (Price{Decimal::FromCoefficient(5, 1), Decimal::FromCoefficient(55, 2)}));
  EXPECT_EQ(tariff->max_price, (Price{Decimal(10), std::nullopt}));
  EXPECT_EQ(tariff->start_date_time, ParseOcpiDateTime("2026-01-01T00:00:00Z").value());
  EXPECT_EQ(tariff->end_date_time, ParseOcpiDateTime("2027-01-01T00:00:00Z").value());
  EXPECT_EQ(tariff->elements[0].price_components[0].step_size, 0);
  EXPECT_FALSE(tariff->elements[0].price_components[0].vat.has_value());
  EXPECT_FALSE(tariff->type.has_value());
}

TEST(ParseTariff, TreatsNullAsAbsent) {
  const Result<Tariff> tariff = Parse(R"({"id": "T1", "currency": "EUR", "type": null, "min_price": null,
      "last_updated": null, "country_code": null,
      "elements": [{"restrictions": null,
                    "price_components": [{"type": "TIME", "price": 2, "vat": null, "step_size": 60}]}]})");
  ASSERT_TRUE(tariff.ok()) << tariff.error().ToString();
  EXPECT_FALSE(tariff->type.has_value());
  EXPECT_FALSE(tariff->min_price.has_value());
  EXPECT_EQ(tariff->country_code, "");
  EXPECT_FALSE(tariff->elements[0].restrictions.has_value());
  EXPECT_FALSE(tariff->elements[0].price_components[0].vat.has_value());
}

TEST(ParseTariffs, ReadsOneTariffOrAnArray) {
  const Result<boost::json::value> one = ParseJson(WithRestrictions("{}"));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(ParseTariffs(*one)->size(), 1U);

  const Result<boost::json::value> two =
      ParseJson("[" + WithRestrictions("{}") + ", " + WithRestrictions(R"({"start_time": "08:00"})") + "]");
  ASSERT_TRUE(two.ok());
  const Result<std::vector<Tariff>> tariffs = ParseTariffs(*two);
  ASSERT_TRUE(tariffs.ok()) << tariffs.error().ToString();
  EXPECT_EQ(tariffs->size(), 2U);
}

TEST(ParseTariffs, NamesTheArrayElementInErrors) {
  const Result<boost::json::value> json =
      ParseJson("[" + WithRestrictions("{}") + ", " + WithRestrictions(R"({"start_time": "8:00"})") + "]");
  ASSERT_TRUE(json.ok());
  const Result<std::vector<Tariff>> tariffs = ParseTariffs(*json);
  ASSERT_FALSE(tariffs.ok());
  EXPECT_EQ(tariffs.error().field, "[1].elements[0].restrictions.start_time");

  const Result<boost::json::value> empty = ParseJson("[]");
  EXPECT_EQ(ParseTariffs(*empty).error().ToString(), "must not be empty");
  const Result<boost::json::value> text = ParseJson(R"("tariff")");
  EXPECT_EQ(ParseTariffs(*text).error().ToString(), "must be an object");
}

struct BadTariff {
  std::string json;
  std::string field;
  std::string message;
};

void PrintTo(const BadTariff& bad, std::ostream* out) { *out << bad.json; }

class ParseTariffRefuses : public ::testing::TestWithParam<BadTariff> {};

TEST_P(ParseTariffRefuses, NamingThePath) {
  const Result<Tariff> tariff = Parse(GetParam().json);
  ASSERT_FALSE(tariff.ok()) << GetParam().json;
  EXPECT_EQ(tariff.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tariff.error().field, GetParam().field);
  EXPECT_THAT(tariff.error().message, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ParseTariffRefuses,
    ::testing::Values(
        BadTariff{"[]", "", "must be an object"},
        BadTariff{R"({"currency": "EUR"})", "id", "is required (also missing: elements)"},
        BadTariff{R"({"id": "T", "currency": "EUR", "elements": null})", "elements", "is required"},
        BadTariff{R"({"id": 7, "currency": "EUR", "elements": []})", "id", "must be a string"},
        BadTariff{R"({"id": "0123456789012345678901234567890123456", "currency": "EUR", "elements": []})",
                  "id", "at most 36 characters, got 37"},
        BadTariff{R"({"id": "T", "country_code": "NLD", "currency": "EUR", "elements": []})", "country_code",
                  "at most 2"},
        BadTariff{R"({"id": "T", "party_id": "T\u00e9M", "currency": "EUR", "elements": []})", "party_id",
                  "printable ASCII"},
        BadTariff{R"({"id": "T", "currency": "eur", "elements": []})", "currency", "upper case: 'EUR'"},
        BadTariff{R"({"id": "T", "currency": "XYZ", "elements": []})", "currency", "not an active ISO 4217"},
        BadTariff{R"({"id": "T", "currency": "EUR", "elements": []})", "elements", "must not be empty"},
        BadTariff{R"({"id": "T", "currency": "EUR", "elements": {}})", "elements", "must be an array"},
        BadTariff{R"({"id": "T", "currency": "EUR", "type": "regular", "elements": []})", "type",
                  "'regular' must be written in upper case: 'REGULAR'"},
        BadTariff{
            R"({"id": "T", "currency": "EUR", "type": "CHEAP", "elements": []})", "type",
            "'CHEAP' is not one of AD_HOC_PAYMENT, PROFILE_CHEAP, PROFILE_FAST, PROFILE_GREEN, REGULAR"},
        BadTariff{R"({"id": "T", "currency": "EUR", "min_price": {"incl_vat": 1}, "elements": []})",
                  "min_price.excl_vat", "is required"},
        BadTariff{R"({"id": "T", "currency": "EUR", "max_price": {"excl_vat": "1"}, "elements": []})",
                  "max_price.excl_vat", "must be a number"},
        BadTariff{R"({"id": "T", "currency": "EUR", "start_date_time": "2026-01-01T00:00:00+01:00",
                     "elements": [{"price_components": [{"type": "FLAT", "price": 1, "step_size": 1}]}]})",
                  "start_date_time", "must be UTC"},
        BadTariff{R"({"id": "T", "currency": "EUR", "last_updated": 1,
                     "elements": [{"price_components": [{"type": "FLAT", "price": 1, "step_size": 1}]}]})",
                  "last_updated", "must be a string"},
        BadTariff{WithElement(R"({"price_components": []})"), "elements[0].price_components",
                  "must not be empty"},
        BadTariff{WithElement(R"({})"), "elements[0].price_components", "is required"},
        BadTariff{WithElement(R"({"price_components": [{"price": 1}]})"),
                  "elements[0].price_components[0].type", "is required (also missing: step_size)"},
        BadTariff{WithElement(R"({"price_components": [{"type": "KWH", "price": 1, "step_size": 1}]})"),
                  "elements[0].price_components[0].type", "is not one of ENERGY, FLAT, PARKING_TIME, TIME"},
        BadTariff{WithElement(R"({"price_components": [{"type": "FLAT", "price": "1.00", "step_size": 1}]})"),
                  "elements[0].price_components[0].price", "must be a number"},
        BadTariff{WithElement(
                      R"({"price_components": [{"type": "TIME", "price": 1, "vat": true, "step_size": 1}]})"),
                  "elements[0].price_components[0].vat", "must be a number"},
        BadTariff{WithElement(R"({"price_components": [{"type": "TIME", "price": 1, "step_size": 1.5}]})"),
                  "elements[0].price_components[0].step_size", "must be an integer"},
        BadTariff{WithElement(R"({"price_components": [{"type": "TIME", "price": 1, "step_size": -1}]})"),
                  "elements[0].price_components[0].step_size", "must not be negative, got -1"},
        BadTariff{WithElement(R"({"price_components": [{"type": "TIME", "price": 1,
                                                        "step_size": 9999999999999999999}]})"),
                  "elements[0].price_components[0].step_size", "at most 18 digits"},
        BadTariff{WithRestrictions("[]"), "elements[0].restrictions", "must be an object"},
        BadTariff{WithRestrictions(R"({"start_time": "24:00"})"), "elements[0].restrictions.start_time",
                  "'24:00' must be a time of day HH:MM from 00:00 to 23:59"},
        BadTariff{WithRestrictions(R"({"end_time": "9:30"})"), "elements[0].restrictions.end_time", "HH:MM"},
        BadTariff{WithRestrictions(R"({"end_time": "09:60"})"), "elements[0].restrictions.end_time", "HH:MM"},
        BadTariff{WithRestrictions(R"({"end_time": "09:30:00"})"), "elements[0].restrictions.end_time",
                  "HH:MM"},
        BadTariff{WithRestrictions(R"({"start_date": "2026-1-01"})"), "elements[0].restrictions.start_date",
                  "must be a date YYYY-MM-DD"},
        BadTariff{WithRestrictions(R"({"start_date": "2026-13-01"})"), "elements[0].restrictions.start_date",
                  "has no month 13"},
        BadTariff{WithRestrictions(R"({"end_date": "2026-02-29"})"), "elements[0].restrictions.end_date",
                  "day 29 does not exist in 2026-02"},
        BadTariff{WithRestrictions(R"({"end_date": "2026-04-00"})"), "elements[0].restrictions.end_date",
                  "day 0 does not exist"},
        BadTariff{WithRestrictions(R"({"end_date": "0999-04-01"})"), "elements[0].restrictions.end_date",
                  "year from 1000 to 2999"},
        BadTariff{WithRestrictions(R"({"min_kwh": "5"})"), "elements[0].restrictions.min_kwh",
                  "must be a number"},
        BadTariff{WithRestrictions(R"({"max_power": {}})"), "elements[0].restrictions.max_power",
                  "must be a number"},
        BadTariff{WithRestrictions(R"({"min_duration": 1e3})"), "elements[0].restrictions.min_duration",
                  "must be an integer"},
        BadTariff{WithRestrictions(R"({"max_duration": -60})"), "elements[0].restrictions.max_duration",
                  "must not be negative"},
        BadTariff{WithRestrictions(R"({"day_of_week": "MONDAY"})"), "elements[0].restrictions.day_of_week",
                  "must be an array"},
        BadTariff{WithRestrictions(R"({"day_of_week": ["MONDAY", "Tuesday"]})"),
                  "elements[0].restrictions.day_of_week[1]", "upper case: 'TUESDAY'"},
        BadTariff{WithRestrictions(R"({"reservation": "EXPIRES"})"), "elements[0].restrictions.reservation",
                  "is not one of RESERVATION, RESERVATION_EXPIRES"}));

TEST(TariffDimensionName, IsHowOcpiWritesIt) {
  EXPECT_EQ(TariffDimensionName(TariffDimension::kEnergy), "ENERGY");
  EXPECT_EQ(TariffDimensionName(TariffDimension::kFlat), "FLAT");
  EXPECT_EQ(TariffDimensionName(TariffDimension::kParkingTime), "PARKING_TIME");
  EXPECT_EQ(TariffDimensionName(TariffDimension::kTime), "TIME");
}

}  // namespace
}  // namespace openmsp::pricing
