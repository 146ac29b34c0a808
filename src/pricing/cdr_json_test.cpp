#include "pricing/cdr_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
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

Result<Cdr> Parse(std::string_view text) { return ParseCdr(text); }

// A minimal valid CDR whose charging periods are `periods`, for checking one field at a time.
std::string WithPeriods(std::string_view periods) {
  return R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T11:00:00Z",
             "currency": "EUR", "total_energy": 10, "total_time": 1, "charging_periods": )" +
         std::string(periods) + "}";
}

std::string WithDimensions(std::string_view dimensions) {
  return WithPeriods(R"([{"start_date_time": "2026-03-01T10:00:00Z", "dimensions": )" +
                     std::string(dimensions) + "}]");
}

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TEST(ParseCdr, ReadsTheOfficialExample) {
  const Result<Cdr> cdr = Parse(ReadFile(kShared / "ocpi/examples/cdrs/cdr_example.json"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_EQ(cdr->country_code, "BE");
  EXPECT_EQ(cdr->party_id, "BEC");
  EXPECT_EQ(cdr->id, "12345");
  EXPECT_EQ(cdr->start_date_time, At("2015-06-29T21:39:09Z"));
  EXPECT_EQ(cdr->end_date_time, At("2015-06-29T23:37:32Z"));
  EXPECT_EQ(cdr->currency.code(), "EUR");
  ASSERT_EQ(cdr->tariffs.size(), 1U);
  EXPECT_EQ(cdr->tariffs[0].id, "12");
  EXPECT_EQ(cdr->tariffs[0].elements.at(0).price_components.at(0).step_size, 300);
  ASSERT_EQ(cdr->charging_periods.size(), 1U);
  const ChargingPeriod& period = cdr->charging_periods[0];
  EXPECT_EQ(period.start_date_time, At("2015-06-29T21:39:09Z"));
  EXPECT_EQ(period.tariff_id, "12");
  ASSERT_EQ(period.dimensions.size(), 1U);
  EXPECT_EQ(period.dimensions[0].type, CdrDimension::kTime);
  EXPECT_EQ(period.dimensions[0].volume, Decimal::FromCoefficient(1973, 3));
  EXPECT_EQ(cdr->total_energy, Decimal::FromCoefficient(15342, 3));
  EXPECT_EQ(cdr->total_time, Decimal::FromCoefficient(1973, 3));
  EXPECT_FALSE(cdr->total_parking_time.has_value());
  EXPECT_EQ(cdr->stated.total_cost, (Price{Decimal(4), Decimal::FromCoefficient(44, 1)}));
  EXPECT_EQ(cdr->stated.total_time_cost, (Price{Decimal(4), Decimal::FromCoefficient(44, 1)}));
  EXPECT_FALSE(cdr->stated.total_energy_cost.has_value());
  EXPECT_FALSE(cdr->stated.total_fixed_cost.has_value());
  ASSERT_TRUE(cdr->token.has_value());
  EXPECT_EQ(cdr->token->uid, "012345678");
  EXPECT_EQ(cdr->token->type, "RFID");
  EXPECT_EQ(cdr->token->contract_id, "DE8ACC12E46L89");
  ASSERT_TRUE(cdr->location.has_value());
  EXPECT_EQ(cdr->location->id, "LOC1");
  EXPECT_EQ(cdr->location->country, "BEL");
  EXPECT_EQ(cdr->location->evse_uid, "3256");
  EXPECT_EQ(cdr->location->evse_id, "BE*BEC*E041503003");
  EXPECT_EQ(cdr->location->connector_id, "1");
  EXPECT_EQ(cdr->location->connector_power_type, "AC_1_PHASE");
  EXPECT_FALSE(cdr->credit);
  EXPECT_FALSE(cdr->credit_reference_id.has_value());
}

TEST(ParseCdr, ReadsEveryCdrOfTheExamplesAndPricingVectors) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kShared / "ocpi/examples/_thirdparty")) {
    if (entry.path().filename().string().starts_with("cdr")) files.push_back(entry.path());
  }
  for (const auto& file : files) {
    const Result<Cdr> cdr = Parse(ReadFile(file));
    EXPECT_TRUE(cdr.ok()) << file << ": " << cdr.error().ToString();
  }

  int vectors = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kShared / "fixtures/tariffs")) {
    if (entry.path().extension() != ".json") continue;
    ++vectors;
    const Result<boost::json::value> vector = ParseJson(ReadFile(entry.path()));
    ASSERT_TRUE(vector.ok()) << entry.path() << ": " << vector.error().ToString();
    CdrReader reader;
    const auto cdr = reader.Read(SerializeJson(vector->at("cdr")));
    EXPECT_TRUE(cdr.ok()) << entry.path() << ": " << cdr.error().ToString();
    const Result<std::optional<std::string_view>> zone = reader.LocationTimeZone();
    ASSERT_TRUE(zone.ok()) << entry.path();
    EXPECT_TRUE(zone->has_value()) << entry.path();
  }
  EXPECT_GT(vectors, 40);
}

// OCPI 2.3.0 replaced Price's excl_vat/incl_vat with before_taxes and taxes: not a 2.2.1 CDR.
TEST(ParseCdr, RefusesTheOcpi230PriceFormat) {
  const Result<Cdr> cdr = Parse(ReadFile(kShared / "ocpi/examples/_v2.3.0/cdrs/cdr_example.json"));
  ASSERT_FALSE(cdr.ok());
  EXPECT_EQ(cdr.error().ToString(), "total_cost.excl_vat: is required");
}

TEST(ParseCdr, ReadsAPricingVectorWithoutIdentityOrCosts) {
  const Result<boost::json::value> vector =
      ParseJson(ReadFile(kShared / "fixtures/tariffs/ocpi-spec/s01_simple_025kwh_20kwh.json"));
  ASSERT_TRUE(vector.ok());
  CdrReader reader;
  const Result<std::reference_wrapper<const Cdr>> read = reader.Read(SerializeJson(vector->at("cdr")));
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  const Cdr* cdr = &read->get();
  EXPECT_EQ(cdr->id, "");
  EXPECT_EQ(cdr->country_code, "");
  EXPECT_TRUE(cdr->tariffs.empty());
  EXPECT_EQ(cdr->total_energy, Decimal(20));
  EXPECT_EQ(cdr->total_parking_time, Decimal(0));
  EXPECT_FALSE(cdr->stated.total_cost.has_value());
  ASSERT_EQ(cdr->charging_periods.at(0).dimensions.size(), 2U);
  EXPECT_EQ(cdr->charging_periods[0].dimensions[0].type, CdrDimension::kEnergy);
  EXPECT_EQ(cdr->charging_periods[0].dimensions[1].type, CdrDimension::kTime);
  EXPECT_FALSE(cdr->charging_periods[0].tariff_id.has_value());
  EXPECT_EQ(reader.LocationTimeZone().value(), "UTC");
  // The vector's cdr_location holds only the time zone; it has no cdr_token.
  EXPECT_FALSE(cdr->token.has_value());
  ASSERT_TRUE(cdr->location.has_value());
  EXPECT_EQ(cdr->location->id, "");
  EXPECT_EQ(cdr->location->country, "DEU");
  EXPECT_EQ(cdr->location->connector_power_type, "");
}

TEST(ParseCdr, ReadsEveryDimensionTypeAndEveryStatedCost) {
  const Result<Cdr> cdr = Parse(R"({
      "start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T11:00:00.5",
      "currency": "GBP", "total_energy": 10.5, "total_time": 1, "total_parking_time": 0.25,
      "total_reservation_time": 0.1, "tariffs": [],
      "total_cost": {"excl_vat": 7.0, "incl_vat": 8.4}, "total_fixed_cost": {"excl_vat": 1},
      "total_energy_cost": {"excl_vat": 2}, "total_time_cost": {"excl_vat": 3},
      "total_parking_cost": {"excl_vat": 0.5}, "total_reservation_cost": {"excl_vat": 0.5, "incl_vat": null},
      "charging_periods": [{"start_date_time": "2026-03-01T10:00:00Z", "tariff_id": "T1", "dimensions": [
        {"type": "CURRENT", "volume": 16}, {"type": "ENERGY", "volume": 10.5},
        {"type": "ENERGY_EXPORT", "volume": 0}, {"type": "ENERGY_IMPORT", "volume": 10.5},
        {"type": "MAX_CURRENT", "volume": 32}, {"type": "MIN_CURRENT", "volume": 6},
        {"type": "MAX_POWER", "volume": 22}, {"type": "MIN_POWER", "volume": 3.7},
        {"type": "PARKING_TIME", "volume": 0.25}, {"type": "POWER", "volume": 11},
        {"type": "RESERVATION_TIME", "volume": 0.1}, {"type": "STATE_OF_CHARGE", "volume": 80},
        {"type": "TIME", "volume": 0.75}]}]})");
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_EQ(cdr->currency.code(), "GBP");
  EXPECT_EQ(cdr->end_date_time, At("2026-03-01T11:00:00.500Z"));
  const std::vector<CdrDimensionVolume>& dimensions = cdr->charging_periods.at(0).dimensions;
  const std::vector<CdrDimension> types = {
      CdrDimension::kCurrent,      CdrDimension::kEnergy,          CdrDimension::kEnergyExport,
      CdrDimension::kEnergyImport, CdrDimension::kMaxCurrent,      CdrDimension::kMinCurrent,
      CdrDimension::kMaxPower,     CdrDimension::kMinPower,        CdrDimension::kParkingTime,
      CdrDimension::kPower,        CdrDimension::kReservationTime, CdrDimension::kStateOfCharge,
      CdrDimension::kTime};
  ASSERT_EQ(dimensions.size(), types.size());
  for (std::size_t i = 0; i < types.size(); ++i) EXPECT_EQ(dimensions[i].type, types[i]) << i;
  EXPECT_EQ(cdr->total_parking_time, Decimal::FromCoefficient(25, 2));
  EXPECT_EQ(cdr->total_reservation_time, Decimal::FromCoefficient(1, 1));
  EXPECT_EQ(cdr->stated.total_cost, (Price{Decimal(7), Decimal::FromCoefficient(84, 1)}));
  EXPECT_EQ(cdr->stated.total_fixed_cost, (Price{Decimal(1), std::nullopt}));
  EXPECT_EQ(cdr->stated.total_energy_cost, (Price{Decimal(2), std::nullopt}));
  EXPECT_EQ(cdr->stated.total_time_cost, (Price{Decimal(3), std::nullopt}));
  EXPECT_EQ(cdr->stated.total_parking_cost, (Price{Decimal::FromCoefficient(5, 1), std::nullopt}));
  EXPECT_EQ(cdr->stated.total_reservation_cost, (Price{Decimal::FromCoefficient(5, 1), std::nullopt}));
}

TEST(CdrReader, LocationTimeZoneIsOptionalAndMustBeAString) {
  // Copies the name out, since the view points into the reader.
  CdrReader reader;
  const auto zone_of = [&](std::string_view location) -> Result<std::optional<std::string>> {
    OPENMSP_RETURN_IF_ERROR(
        reader.Read(WithDimensions(R"([{"type": "ENERGY", "volume": 1}])").insert(1, location)));
    OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> zone, reader.LocationTimeZone());
    if (!zone) return std::optional<std::string>();
    return std::optional<std::string>(*zone);
  };
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": "Europe/Amsterdam"},)").value(), "Europe/Amsterdam");
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": null},)").value(), std::nullopt);
  EXPECT_EQ(zone_of(R"("cdr_location": {"id": "LOC1"},)").value(), std::nullopt);
  EXPECT_EQ(zone_of(R"("cdr_location": null,)").value(), std::nullopt);
  EXPECT_EQ(zone_of("").value(), std::nullopt);
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": 1},)").error().ToString(),
            "cdr_location.time_zone: must be a string");
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": {"name": "UTC"}},)").error().ToString(),
            "cdr_location.time_zone: must be a string");
  EXPECT_EQ(zone_of(R"("cdr_location": "Gent",)").error().ToString(), "cdr_location: must be an object");
  // The last of duplicate members counts, as in a document.
  EXPECT_EQ(zone_of(R"("cdr_location": "Gent", "cdr_location": {"time_zone": "UTC"},)").value(), "UTC");
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": 1, "time_zone": "UTC"},)").value(), "UTC");
  EXPECT_EQ(zone_of(R"("cdr_location": {"time_zone": "UTC"}, "cdr_location": {},)").value(), std::nullopt);
}

struct BadCdr {
  std::string json;
  std::string field;
  std::string message;
};

void PrintTo(const BadCdr& bad, std::ostream* out) { *out << bad.json; }

class ParseCdrRefuses : public ::testing::TestWithParam<BadCdr> {};

TEST_P(ParseCdrRefuses, NamingThePath) {
  const Result<Cdr> cdr = Parse(GetParam().json);
  ASSERT_FALSE(cdr.ok()) << GetParam().json;
  EXPECT_EQ(cdr.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(cdr.error().field, GetParam().field);
  EXPECT_THAT(cdr.error().message, HasSubstr(GetParam().message));
}

const std::string kPeriod = R"([{"start_date_time": "2026-03-01T10:00:00Z",
                                 "dimensions": [{"type": "ENERGY", "volume": 10}]}])";

INSTANTIATE_TEST_SUITE_P(
    Fields, ParseCdrRefuses,
    ::testing::Values(
        BadCdr{"null", "", "must be an object"},
        BadCdr{R"({"currency": "EUR", "total_time": 1})", "start_date_time",
               "is required (also missing: end_date_time charging_periods total_energy)"},
        BadCdr{R"({"id": "X", "start_date_time": "2026-03-01T10:00:00Z", "end_date_time": null,
                  "currency": "EUR", "charging_periods": [], "total_energy": 1, "total_time": 1})",
               "end_date_time", "is required"},
        BadCdr{
            R"({"id": "0123456789012345678901234567890123456789", "start_date_time": "2026-03-01T10:00:00Z",
                  "end_date_time": "2026-03-01T10:00:00Z", "currency": "EUR", "charging_periods": [],
                  "total_energy": 1, "total_time": 1})",
            "id", "at most 39 characters, got 40"},
        BadCdr{R"({"country_code": "be", "party_id": "BECX", "start_date_time": "2026-03-01T10:00:00Z",
                  "end_date_time": "2026-03-01T10:00:00Z", "currency": "EUR", "charging_periods": [],
                  "total_energy": 1, "total_time": 1})",
               "party_id", "at most 3 characters"},
        BadCdr{R"({"start_date_time": "2026-03-01 10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "charging_periods": [], "total_energy": 1, "total_time": 1})",
               "start_date_time", "'T'"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "Euro", "charging_periods": [], "total_energy": 1, "total_time": 1})",
               "currency", "not an active ISO 4217"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "tariffs": [{"id": "T1", "currency": "EUR", "elements": [{}]}],
                  "charging_periods": [], "total_energy": 1, "total_time": 1})",
               "tariffs[0].elements[0].price_components", "is required"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "tariffs": {}, "charging_periods": [], "total_energy": 1, "total_time": 1})",
               "tariffs", "must be an array"},
        BadCdr{WithPeriods("[]"), "charging_periods", "must not be empty"},
        BadCdr{WithPeriods("{}"), "charging_periods", "must be an array"},
        BadCdr{WithPeriods("[7]"), "charging_periods[0]", "must be an object"},
        BadCdr{WithPeriods(R"([{"dimensions": []}])"), "charging_periods[0].start_date_time", "is required"},
        BadCdr{WithPeriods(R"([{"start_date_time": "2026-03-01T10:00:00+00:00", "dimensions": []}])"),
               "charging_periods[0].start_date_time", "must be UTC"},
        BadCdr{WithDimensions("[]"), "charging_periods[0].dimensions", "must not be empty"},
        BadCdr{WithDimensions(R"([{"type": "ENERGY", "volume": 1}, {"type": "TIME"}])"),
               "charging_periods[0].dimensions[1].volume", "is required"},
        BadCdr{WithDimensions(R"([{"type": "ENERGY", "volume": 1}, {"type": "TIME", "volume": 0.5},
                                  {"type": "TIME", "volume": "0.5"}])"),
               "charging_periods[0].dimensions[2].volume", "must be a number"},
        BadCdr{WithDimensions(R"([{"type": "energy", "volume": 1}])"),
               "charging_periods[0].dimensions[0].type", "upper case: 'ENERGY'"},
        BadCdr{WithDimensions(R"([{"type": "KWH", "volume": 1}])"), "charging_periods[0].dimensions[0].type",
               "is not one of CURRENT, ENERGY"},
        BadCdr{WithPeriods(R"([{"start_date_time": "2026-03-01T10:00:00Z", "tariff_id": "T\n1",
                               "dimensions": [{"type": "ENERGY", "volume": 1}]}])"),
               "charging_periods[0].tariff_id", "printable ASCII"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "charging_periods": )" +
                   kPeriod + R"(, "total_energy": "1", "total_time": 1})",
               "total_energy", "must be a number"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "charging_periods": )" +
                   kPeriod + R"(, "total_energy": 1, "total_time": 1,
                  "total_parking_time": false})",
               "total_parking_time", "must be a number"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "charging_periods": )" +
                   kPeriod + R"(, "total_energy": 1, "total_time": 1,
                  "total_cost": {"incl_vat": 1}})",
               "total_cost.excl_vat", "is required"},
        BadCdr{R"({"start_date_time": "2026-03-01T10:00:00Z", "end_date_time": "2026-03-01T10:00:00Z",
                  "currency": "EUR", "charging_periods": )" +
                   kPeriod + R"(, "total_energy": 1, "total_time": 1,
                  "total_parking_cost": {"excl_vat": 1, "incl_vat": "1.21"}})",
               "total_parking_cost.incl_vat", "must be a number"}));

TEST(ParseCdr, ReportsInexactNumbersWithTheirPathAsParseJson) {
  const Result<Cdr> cdr = Parse(WithDimensions(R"([{"type": "ENERGY", "volume": 0.12345678901234567}])"));
  ASSERT_FALSE(cdr.ok());
  EXPECT_EQ(cdr.error().field, "charging_periods[0].dimensions[0].volume");
  EXPECT_THAT(cdr.error().message, HasSubstr("more than 15 significant digits"));
}

// What the event-driven reader does with JSON that a document would hide: each case as the DOM-based
// reader it replaced answered (checked against it, input by input, before it was removed).

// A valid CDR with `member` first.
std::string Member(std::string_view member) {
  return WithDimensions(R"([{"type": "ENERGY", "volume": 1}])").insert(1, std::string(member) + ", ");
}

const std::string kToken =
    R"("cdr_token": {"uid": "04A1B2C3", "type": "RFID", "contract_id": "NL-MSP-C12345678-K"})";

// cdr_token, cdr_location, credit and credit_reference_id: each fault with its path.
INSTANTIATE_TEST_SUITE_P(
    RatingMembers, ParseCdrRefuses,
    ::testing::Values(
        BadCdr{Member(R"("cdr_token": "04A1B2C3")"), "cdr_token", "must be an object"},
        BadCdr{Member(R"("cdr_token": [])"), "cdr_token", "must be an object"},
        BadCdr{Member(R"("cdr_token": {"type": "RFID"})"), "cdr_token.uid",
               "is required (also missing: contract_id)"},
        BadCdr{Member(R"("cdr_token": {"uid": "A", "type": null, "contract_id": "C"})"), "cdr_token.type",
               "is required"},
        BadCdr{Member(R"("cdr_token": {"uid": "", "type": "RFID", "contract_id": "C"})"), "cdr_token.uid",
               "must not be empty"},
        BadCdr{Member(R"("cdr_token": {"uid": "0123456789012345678901234567890123456", "type": "RFID",
                                      "contract_id": "C"})"),
               "cdr_token.uid", "must be at most 36 characters, got 37"},
        BadCdr{Member(R"("cdr_token": {"uid": "04\u00e9", "type": "RFID", "contract_id": "C"})"),
               "cdr_token.uid", "printable ASCII"},
        BadCdr{Member(R"("cdr_token": {"uid": 4, "type": "RFID", "contract_id": "C"})"), "cdr_token.uid",
               "must be a string"},
        BadCdr{Member(R"("cdr_token": {"uid": "A", "type": "rfid", "contract_id": "C"})"), "cdr_token.type",
               "'rfid' must be written in upper case: 'RFID'"},
        BadCdr{Member(R"("cdr_token": {"uid": "A", "type": "EMAID", "contract_id": "C"})"), "cdr_token.type",
               "'EMAID' is not one of AD_HOC_USER, APP_USER, OTHER, RFID"},
        BadCdr{Member(R"("cdr_token": {"uid": "A", "type": "RFID", "contract_id": ""})"),
               "cdr_token.contract_id", "must not be empty"},
        BadCdr{Member(R"("cdr_token": {"uid": "A", "type": "RFID",
                                      "contract_id": "NL-MSP-C12345678-K-012345678901234567"})"),
               "cdr_token.contract_id", "must be at most 36 characters, got 37"},
        BadCdr{Member(R"("cdr_location": 7)"), "cdr_location", "must be an object"},
        BadCdr{Member(R"("cdr_location": {"id": "0123456789012345678901234567890123456"})"),
               "cdr_location.id", "must be at most 36 characters, got 37"},
        BadCdr{Member(R"("cdr_location": {"id": ["LOC1"]})"), "cdr_location.id", "must be a string"},
        BadCdr{Member(R"("cdr_location": {"country": "bel"})"), "cdr_location.country",
               "'bel' must be written in upper case: 'BEL'"},
        BadCdr{Member(R"("cdr_location": {"country": "BE"})"), "cdr_location.country",
               "must be 3 letters (ISO 3166-1 alpha-3)"},
        BadCdr{Member(R"("cdr_location": {"country": "XYZ"})"), "cdr_location.country",
               "is not an assigned ISO 3166-1 alpha-3 code"},
        BadCdr{Member(R"("cdr_location": {"country": 56})"), "cdr_location.country", "must be a string"},
        BadCdr{Member(R"("cdr_location": {"evse_uid": "0123456789012345678901234567890123456"})"),
               "cdr_location.evse_uid", "must be at most 36 characters, got 37"},
        BadCdr{Member(R"("cdr_location": {"evse_id": "BE*BEC*E01234567890123456789012345678901234567890"})"),
               "cdr_location.evse_id", "must be at most 48 characters, got 49"},
        BadCdr{Member(R"("cdr_location": {"evse_id": "BE*BEC*E\t1"})"), "cdr_location.evse_id",
               "printable ASCII"},
        BadCdr{Member(R"("cdr_location": {"connector_id": 1})"), "cdr_location.connector_id",
               "must be a string"},
        BadCdr{Member(R"("cdr_location": {"connector_id": "0123456789012345678901234567890123456"})"),
               "cdr_location.connector_id", "must be at most 36 characters, got 37"},
        BadCdr{Member(R"("cdr_location": {"connector_power_type": "AC_3_PHASES"})"),
               "cdr_location.connector_power_type",
               "'AC_3_PHASES' is not one of AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC"},
        BadCdr{Member(R"("cdr_location": {"connector_power_type": "dc"})"),
               "cdr_location.connector_power_type", "'dc' must be written in upper case: 'DC'"},
        BadCdr{Member(R"("credit": "true", "credit_reference_id": "CDR1")"), "credit", "must be a boolean"},
        BadCdr{Member(R"("credit": 1)"), "credit", "must be a boolean"},
        BadCdr{Member(R"("credit": true)"), "credit_reference_id", "is required when credit is true"},
        BadCdr{Member(R"("credit": true, "credit_reference_id": null)"), "credit_reference_id",
               "is required when credit is true"},
        BadCdr{Member(R"("credit": true, "credit_reference_id": "")"), "credit_reference_id",
               "must not be empty"},
        BadCdr{Member(R"("credit_reference_id": "0123456789012345678901234567890123456789")"),
               "credit_reference_id", "must be at most 39 characters, got 40"},
        BadCdr{Member(R"("credit_reference_id": false)"), "credit_reference_id", "must be a string"}));

TEST(CdrReader, ReadsACreditCdr) {
  const Result<Cdr> credit =
      ParseCdr(Member(kToken + R"(, "credit": true, "credit_reference_id": "CDR-2026-000123")"));
  ASSERT_TRUE(credit.ok()) << credit.error().ToString();
  EXPECT_TRUE(credit->credit);
  EXPECT_EQ(credit->credit_reference_id, "CDR-2026-000123");
  EXPECT_EQ(credit->token->contract_id, "NL-MSP-C12345678-K");
  // A reference without credit (false or absent) is kept: OCPI does not forbid it, and it harms nothing.
  const Result<Cdr> not_credit = ParseCdr(Member(R"("credit": false, "credit_reference_id": "CDR1")"));
  ASSERT_TRUE(not_credit.ok()) << not_credit.error().ToString();
  EXPECT_FALSE(not_credit->credit);
  EXPECT_EQ(not_credit->credit_reference_id, "CDR1");
  EXPECT_EQ(ParseCdr(Member(R"("credit_reference_id": "CDR1")")).value().credit_reference_id, "CDR1");
  // The last of duplicates counts, for the check too.
  EXPECT_FALSE(ParseCdr(Member(R"("credit": true, "credit": false)")).value().credit);
  EXPECT_EQ(ParseCdr(Member(R"("credit": true, "credit_reference_id": "A", "credit_reference_id": null)"))
                .error()
                .ToString(),
            "credit_reference_id: is required when credit is true");
  EXPECT_EQ(ParseCdr(Member(R"("credit": "x", "credit": true, "credit_reference_id": "A")")).value().credit,
            true);
}

TEST(CdrReader, TreatsNullRatingMembersAsAbsent) {
  const Result<Cdr> cdr = ParseCdr(
      Member(R"("cdr_token": null, "cdr_location": null, "credit": null, "credit_reference_id": null)"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_FALSE(cdr->token.has_value());
  EXPECT_FALSE(cdr->location.has_value());
  EXPECT_FALSE(cdr->credit);
  EXPECT_FALSE(cdr->credit_reference_id.has_value());
  // Absent altogether: the same.
  const Result<Cdr> bare = ParseCdr(Member(R"("remark": "none")"));
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(bare->token.has_value());
  EXPECT_FALSE(bare->location.has_value());
  EXPECT_FALSE(bare->credit);
  EXPECT_FALSE(bare->credit_reference_id.has_value());
  // A location's members are each optional: null or absent is empty.
  const Result<Cdr> nulls = ParseCdr(Member(
      R"("cdr_location": {"id": null, "country": null, "evse_uid": null, "evse_id": null, "connector_id": null,
                          "connector_power_type": null, "address": null, "time_zone": null})"));
  ASSERT_TRUE(nulls.ok()) << nulls.error().ToString();
  ASSERT_TRUE(nulls->location.has_value());
  EXPECT_EQ(nulls->location->id, "");
  EXPECT_EQ(nulls->location->country, "");
  EXPECT_EQ(nulls->location->evse_uid, "");
  EXPECT_EQ(nulls->location->evse_id, "");
  EXPECT_EQ(nulls->location->connector_id, "");
  EXPECT_EQ(nulls->location->connector_power_type, "");
  const Result<Cdr> partial = ParseCdr(Member(R"("cdr_location": {"evse_uid": "E1", "evse_id": null})"));
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->location->evse_uid, "E1");
  EXPECT_EQ(partial->location->id, "");
  // A later null, or a later member without the earlier value, makes it absent again.
  EXPECT_FALSE(ParseCdr(Member(kToken + R"(, "cdr_token": null)")).value().token.has_value());
  EXPECT_EQ(ParseCdr(Member(R"("cdr_location": {"id": "L1", "id": null})")).value().location->id, "");
  EXPECT_EQ(ParseCdr(Member(R"("cdr_location": {"id": "L1"}, "cdr_location": {"country": "NLD"})"))
                .value()
                .location->id,
            "");
  // Other members of cdr_token and cdr_location are not read, whatever they hold.
  const Result<Cdr> others = ParseCdr(Member(
      R"("cdr_token": {"country_code": 7, "party_id": [], "uid": "U", "type": "APP_USER", "contract_id": "C",
                       "extra": {"x": 1}},
         "cdr_location": {"name": 1, "coordinates": "here", "connector_standard": "X", "country": "NLD"})"));
  ASSERT_TRUE(others.ok()) << others.error().ToString();
  EXPECT_EQ(others->token->type, "APP_USER");
  EXPECT_EQ(others->location->country, "NLD");
}

TEST(CdrReader, ReadsEveryTokenTypeAndPowerType) {
  for (const std::string type : {"AD_HOC_USER", "APP_USER", "OTHER", "RFID"}) {
    const Result<Cdr> cdr =
        ParseCdr(Member(R"("cdr_token": {"uid": "U", "contract_id": "C", "type": ")" + type + R"("})"));
    ASSERT_TRUE(cdr.ok()) << type << ": " << cdr.error().ToString();
    EXPECT_EQ(cdr->token->type, type);
  }
  for (const std::string type : {"AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"}) {
    const Result<Cdr> cdr =
        ParseCdr(Member(R"("cdr_location": {"connector_power_type": ")" + type + R"("})"));
    ASSERT_TRUE(cdr.ok()) << type << ": " << cdr.error().ToString();
    EXPECT_EQ(cdr->location->connector_power_type, type);
  }
  // Strings are kept as given: CiStrings are not case-folded, and escapes are decoded.
  const Result<Cdr> as_given =
      ParseCdr(Member(R"("cdr_token": {"uid": "04a1\u0042", "type": "OTHER", "contract_id": "nl-msp-c1"},
                "cdr_location": {"id": "loc-1", "evse_id": "#NA", "evse_uid": "#NA", "connector_id": "#NA"})"));
  ASSERT_TRUE(as_given.ok()) << as_given.error().ToString();
  EXPECT_EQ(as_given->token->uid, "04a1B");
  EXPECT_EQ(as_given->token->contract_id, "nl-msp-c1");
  EXPECT_EQ(as_given->location->id, "loc-1");
  EXPECT_EQ(as_given->location->evse_id, "#NA");
}

// The reader keeps its Cdr: nothing of one CDR's token, location or credit may show in the next.
TEST(CdrReader, ForgetsThePreviousCdrsRatingMembers) {
  const std::string full = Member(
      R"("cdr_token": {"uid": "UID-OF-THE-FIRST-CDR-0123456789", "type": "RFID", "contract_id": "NL-MSP-C1"},
         "cdr_location": {"id": "LOCATION-OF-THE-FIRST-CDR-012345", "country": "NLD", "evse_uid": "E1",
                          "evse_id": "NL*CPO*E1", "connector_id": "1", "connector_power_type": "DC"},
         "credit": true, "credit_reference_id": "THE-ORIGINAL-CDR-OF-THE-FIRST-0123")");
  CdrReader reader;
  for (int round = 0; round < 2; ++round) {
    const auto first = reader.Read(full);
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    EXPECT_EQ(first->get().token->uid, "UID-OF-THE-FIRST-CDR-0123456789");
    EXPECT_EQ(first->get().location->id, "LOCATION-OF-THE-FIRST-CDR-012345");
    EXPECT_EQ(first->get().location->connector_power_type, "DC");
    EXPECT_EQ(first->get().credit_reference_id, "THE-ORIGINAL-CDR-OF-THE-FIRST-0123");

    const auto bare = reader.Read(Member(R"("remark": "none")"));
    ASSERT_TRUE(bare.ok());
    EXPECT_FALSE(bare->get().token.has_value());
    EXPECT_FALSE(bare->get().location.has_value());
    EXPECT_FALSE(bare->get().credit);
    EXPECT_FALSE(bare->get().credit_reference_id.has_value());

    const auto sparse = reader.Read(Member(kToken + R"(, "cdr_location": {"country": "BEL"})"));
    ASSERT_TRUE(sparse.ok());
    EXPECT_EQ(sparse->get().token->uid, "04A1B2C3");
    EXPECT_EQ(sparse->get().location->id, "");
    EXPECT_EQ(sparse->get().location->country, "BEL");
    EXPECT_EQ(sparse->get().location->evse_id, "");
    EXPECT_EQ(sparse->get().location->connector_power_type, "");
    EXPECT_FALSE(sparse->get().credit);
    EXPECT_FALSE(sparse->get().credit_reference_id.has_value());
  }
}

TEST(CdrReader, ReportsRatingMembersAfterThoseOfPricingInTheirOwnOrder) {
  const std::string bad_token = R"("cdr_token": {"uid": "", "type": "X", "contract_id": ""})";
  const std::string bad_location =
      R"("cdr_location": {"connector_power_type": "X", "country": "xx", "id": 1})";
  const std::string bad_credit = R"("credit": "yes", "credit_reference_id": "")";
  const std::string all_bad = bad_credit + ", " + bad_location + ", " + bad_token;
  // Missing required members of the CDR come first, then its faulty members in the documented order.
  EXPECT_EQ(
      ParseCdr(R"({"currency": "EUR", )" + all_bad + "}").error().ToString(),
      "start_date_time: is required (also missing: end_date_time charging_periods total_energy total_time)");
  EXPECT_EQ(ParseCdr(Member(all_bad + R"(, "total_cost": {"excl_vat": "1"})")).error().ToString(),
            "total_cost.excl_vat: must be a number");
  EXPECT_EQ(ParseCdr(Member(all_bad)).error().ToString(), "cdr_token.uid: must not be empty");
  EXPECT_EQ(ParseCdr(Member(bad_credit + ", " + bad_location)).error().ToString(),
            "cdr_location.id: must be a string");
  EXPECT_EQ(ParseCdr(Member(bad_credit)).error().ToString(), "credit: must be a boolean");
  // Within cdr_token: its missing members first, then uid, type, contract_id.
  EXPECT_EQ(ParseCdr(Member(R"("cdr_token": {"contract_id": "", "type": "X"})")).error().ToString(),
            "cdr_token.uid: is required");
  EXPECT_EQ(ParseCdr(Member(R"("cdr_token": {"contract_id": "", "type": "X", "uid": "U"})")).error().field,
            "cdr_token.type");
  // Within cdr_location: id, country, evse_uid, evse_id, connector_id, connector_power_type.
  EXPECT_EQ(ParseCdr(Member(R"("cdr_location": {"connector_power_type": "X", "connector_id": 1,
                                                "evse_id": 1, "evse_uid": 1, "country": "xx"})"))
                .error()
                .field,
            "cdr_location.country");
  EXPECT_EQ(ParseCdr(Member(R"("cdr_location": {"connector_power_type": "X", "connector_id": 1,
                                                "evse_id": 1, "evse_uid": 1})"))
                .error()
                .field,
            "cdr_location.evse_uid");
  EXPECT_EQ(ParseCdr(Member(R"("cdr_location": {"connector_power_type": "X", "connector_id": 1,
                                                "evse_id": 1})"))
                .error()
                .field,
            "cdr_location.evse_id");
  EXPECT_EQ(
      ParseCdr(Member(R"("cdr_location": {"connector_power_type": "X", "connector_id": 1})")).error().field,
      "cdr_location.connector_id");
  // A credit CDR without its reference is reported in the reference's place: after a faulty location, and
  // after the CDR's missing members.
  EXPECT_EQ(ParseCdr(Member(R"("credit": true, "cdr_location": {"country": "NL"})")).error().field,
            "cdr_location.country");
  EXPECT_EQ(ParseCdr(R"({"credit": true})").error().field, "start_date_time");
  // The time zone (not OCPI's) is still LocationTimeZone's to refuse, not the reader's.
  CdrReader reader;
  ASSERT_TRUE(reader.Read(Member(R"("cdr_location": {"time_zone": 1, "country": "NLD"})")).ok());
  EXPECT_EQ(reader.LocationTimeZone().error().ToString(), "cdr_location.time_zone: must be a string");
}

TEST(CdrReader, TheLastOfDuplicateMembersCounts) {
  EXPECT_EQ(ParseCdr(Member(R"("total_energy": "x")")).value().total_energy, Decimal(10));
  EXPECT_EQ(
      ParseCdr(WithPeriods(kPeriod).insert(1, R"("charging_periods": 7, )")).value().charging_periods.size(),
      1u);
  EXPECT_EQ(ParseCdr(Member(R"("id": "A", "id": "B")")).value().id, "B");
  EXPECT_EQ(ParseCdr(Member(R"("id": "A", "id": null)")).value().id, "");
  EXPECT_EQ(
      ParseCdr(Member(R"("total_cost": {"excl_vat": "x"}, "total_cost": {"excl_vat": 2, "excl_vat": 1})"))
          .value()
          .stated.total_cost,
      (Price{Decimal(1), std::nullopt}));
  EXPECT_EQ(ParseCdr(WithDimensions(R"([{"type": "TIME", "volume": "1", "type": "ENERGY", "volume": 2}])"))
                .value()
                .charging_periods[0]
                .dimensions[0]
                .volume,
            Decimal(2));
  // A later null makes the member absent again.
  const std::string cdr = WithPeriods(kPeriod);
  EXPECT_EQ(ParseCdr(cdr.substr(0, cdr.size() - 1) + R"(, "total_time": null})").error().ToString(),
            "total_time: is required");
  EXPECT_EQ(
      ParseCdr(cdr.substr(0, cdr.size() - 1) + R"(, "total_cost": {"excl_vat": 1}, "total_cost": null})")
          .value()
          .stated.total_cost,
      std::nullopt);
}

TEST(CdrReader, ReportsTheFaultThatComesFirstInItsOwnOrderNotTheText) {
  // Missing members before faulty ones, then the order of the documentation, whatever the text's order.
  const std::string cdr = WithDimensions(R"([{"type": "ENERGY", "volume": "1"}])");
  EXPECT_EQ(ParseCdr(R"({"total_time": "1", "currency": "EUR"})").error().ToString(),
            "start_date_time: is required (also missing: end_date_time charging_periods total_energy)");
  EXPECT_EQ(ParseCdr(cdr.substr(0, cdr.size() - 1) + R"(, "id": 7})").error().ToString(),
            "id: must be a string");
  EXPECT_EQ(ParseCdr(cdr.substr(0, cdr.size() - 1) + R"(, "total_cost": 7})").error().ToString(),
            "charging_periods[0].dimensions[0].volume: must be a number");
  EXPECT_EQ(ParseCdr(WithDimensions(R"([{"type": "X", "volume": 1}, {"volume": "1"}])")).error().field,
            "charging_periods[0].dimensions[0].type");
  EXPECT_EQ(ParseCdr(WithDimensions(R"([{"volume": "1"}])")).error().ToString(),
            "charging_periods[0].dimensions[0].type: is required");
}

TEST(CdrReader, IgnoresUnknownMembersButChecksTheirNumbersAndDepth) {
  EXPECT_TRUE(
      ParseCdr(Member(R"("signed_data": {"values": [[[{"x": [true, null, 1e5, "s"]}]]]}, "remark": 7)"))
          .ok());
  const Result<Cdr> inexact = ParseCdr(Member(R"("cdr_token": {"party_id": [1, 0.12345678901234567]})"));
  ASSERT_FALSE(inexact.ok());
  EXPECT_EQ(inexact.error().field, "cdr_token.party_id[1]");
  EXPECT_EQ(inexact.error().message,
            "'0.12345678901234567' has more than 15 significant digits and cannot be held exactly");
  // 62 nested arrays in the CDR's object make 63 levels, within ParseJson's 64; 64 arrays do not.
  EXPECT_TRUE(ParseCdr(Member(R"("deep": )" + std::string(62, '[') + std::string(62, ']'))).ok());
  const std::string too_deep = Member(R"("deep": )" + std::string(64, '[') + std::string(64, ']'));
  EXPECT_EQ(ParseCdr(too_deep).error(), ParseJson(too_deep).error());
  EXPECT_THAT(ParseCdr(too_deep).error().message, HasSubstr("invalid JSON at byte"));
  // The tariffs are not read at all when they are not wanted (a wrong one is not an error), but their
  // numbers are still checked.
  const std::string bad_tariff = Member(R"("tariffs": {"id": 7})");
  EXPECT_EQ(ParseCdr(bad_tariff).error().ToString(), "tariffs: must be an array");
  EXPECT_TRUE(ParseCdr(bad_tariff, CdrTariffs::kIgnore).ok());
  EXPECT_EQ(ParseCdr(Member(R"("tariffs": [{"price": 1e400}])"), CdrTariffs::kIgnore).error().field,
            "tariffs[0].price");
}

// The tariffs of consecutive CDRs with the same tariff text are read once; what they give is the same.
TEST(CdrReader, ReadsEachCdrsOwnTariffs) {
  const std::string tariff = R"({"id": "T1", "currency": "EUR", "elements": [{"price_components": [
      {"type": "ENERGY", "price": 0.25, "step_size": 1}]}]})";
  const std::string other = R"({"id": "T2", "currency": "EUR", "elements": [{"price_components": [
      {"type": "TIME", "price": 2, "step_size": 60}]}]})";
  const std::string bad = R"({"id": "T3", "currency": "EUR", "elements": []})";
  CdrReader reader;
  for (const auto& [tariffs, expected] : std::vector<std::pair<std::string, std::string>>{
           {"[" + tariff + "]", "T1"},
           {"[" + tariff + "]", "T1"},
           {"[" + tariff + "," + other + "]", "T1 T2"},
           {"[" + bad + "]", "tariffs[0].elements: must not be empty"},
           {"[" + bad + "]", "tariffs[0].elements: must not be empty"},
           {"[]", ""},
           {"[" + other + "]", "T2"},
       }) {
    const auto cdr = reader.Read(Member(R"("tariffs": )" + tariffs));
    std::string got;
    if (!cdr) {
      got = cdr.error().ToString();
    } else {
      for (const Tariff& read : cdr->get().tariffs) got += (got.empty() ? "" : " ") + read.id;
    }
    EXPECT_EQ(got, expected) << tariffs;
  }
  const auto with_energy = reader.Read(Member(R"("tariffs": [)" + tariff + "]"));
  ASSERT_TRUE(with_energy.ok());
  EXPECT_EQ(with_energy->get().tariffs.at(0).elements.at(0).price_components.at(0).price,
            Decimal::FromCoefficient(25, 2));
}

TEST(CdrReader, RefusesEveryTruncationWithParseJsonsError) {
  std::string cdr = ReadFile(kShared / "ocpi/examples/cdrs/cdr_example.json");
  while (!cdr.empty() && std::isspace(static_cast<unsigned char>(cdr.back()))) cdr.pop_back();
  CdrReader reader;
  for (std::size_t length = 0; length < cdr.size(); ++length) {
    const std::string_view prefix(cdr.data(), length);
    const Result<std::reference_wrapper<const Cdr>> read = reader.Read(prefix);
    ASSERT_FALSE(read.ok()) << length;
    const Result<boost::json::value> document = ParseJson(prefix);
    ASSERT_FALSE(document.ok()) << length;
    EXPECT_EQ(read.error(), document.error()) << length;
  }
  EXPECT_TRUE(reader.Read(cdr).ok());
}

TEST(CdrReader, ReadsNumbersWithExponentsAndRefusesHugeOnesAsBefore) {
  const Result<Cdr> cdr = ParseCdr(
      WithDimensions(R"([{"type": "ENERGY", "volume": 25E-2}])")
          .insert(1, R"("total_parking_time": 1.50e1, "total_cost": {"excl_vat": -0.0, "incl_vat": 1e0}, )"));
  ASSERT_TRUE(cdr.ok()) << cdr.error().ToString();
  EXPECT_EQ(cdr->charging_periods[0].dimensions[0].volume.ToString(), "0.25");
  EXPECT_EQ(cdr->total_parking_time->ToString(), "15");
  EXPECT_EQ(cdr->stated.total_cost->excl_vat.ToString(), "0");
  EXPECT_EQ(cdr->stated.total_cost->incl_vat->ToString(), "1");
  // Integers: up to 19 digits as they are; beyond 64 bits and beyond 18 digits refused, naming the field.
  EXPECT_EQ(
      ParseCdr(Member(R"("total_reservation_time": 9223372036854775807)")).value().total_reservation_time,
      Decimal(INT64_MAX));
  EXPECT_EQ(ParseCdr(Member(R"("total_reservation_time": 18446744073709551615)")).error().ToString(),
            "total_reservation_time: '18446744073709551615' is not a valid number: more than 18 significant "
            "digits cannot be held exactly");
  EXPECT_TRUE(ParseCdr(Member(R"("meter_value": 18446744073709551615)")).ok());  // not read
  EXPECT_EQ(ParseCdr(Member(R"("meter_value": 123456789012345678901234)")).error().ToString(),
            "meter_value: '123456789012345678901234' is not a valid number: more than 18 significant digits "
            "cannot be held exactly");
  EXPECT_EQ(ParseCdr(Member(R"("total_time": 1e100001)")).error().ToString(),
            "total_time: '1e100001' is not a valid number: the exponent is out of range");
}

}  // namespace
}  // namespace openmsp::pricing
