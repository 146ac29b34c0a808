#include "pricing/price_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kTariff = R"({"id": "T1", "currency": "EUR", "elements": [
    {"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 10.0, "step_size": 1}]}]})";

// A CDR of 20 kWh; `extra` is spliced in as further members.
std::string Cdr(const std::string& extra = "") {
  return R"({"start_date_time": "2024-01-15T10:00:00Z", "end_date_time": "2024-01-15T11:00:00Z",)"
         R"("currency": "EUR", "total_energy": 20, "total_time": 1, "charging_periods": [)"
         R"({"start_date_time": "2024-01-15T10:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 20},)"
         R"({"type": "TIME", "volume": 1}]}])" +
         extra + "}";
}

const std::vector<Tariff>& Tariffs() {
  static const std::vector<Tariff> tariffs = ParseTariffs(ParseJson(kTariff).value()).value();
  return tariffs;
}

struct Streamed {
  std::vector<std::string> lines;
  StreamSummary summary;
};

Streamed Stream(const std::string& input, const PriceOptions& options) {
  std::istringstream in(input);
  std::ostringstream out;
  Streamed streamed;
  streamed.summary = PriceStream(in, out, options);
  std::istringstream written(out.str());
  for (std::string line; std::getline(written, line);) streamed.lines.push_back(line);
  return streamed;
}

Streamed Stream(const std::string& input) { return Stream(input, PriceOptions{Tariffs(), std::nullopt}); }

boost::json::value Json(const std::string& line) { return ParseJson(line).value(); }

TEST(PriceStream, WritesOneLinePerCdrInOrder) {
  const Streamed streamed = Stream(Cdr() + "\n" + Cdr(R"(, "id": "SECOND")") + "\n");
  ASSERT_EQ(streamed.lines.size(), 2U);
  EXPECT_THAT(streamed.lines[0], StartsWith(R"({"line":1,"currency":"EUR","time_zone":"UTC",)"));
  EXPECT_THAT(streamed.lines[1], StartsWith(R"({"line":2,"cdr":{"id":"SECOND"},)"));
  EXPECT_EQ(DecimalFromJson(Json(streamed.lines[1]).at("total_cost").at("incl_vat")).value(),
            Decimal::FromCoefficient(55, 1));
  EXPECT_EQ(streamed.summary.priced, 2U);
  EXPECT_EQ(streamed.summary.failed, 0U);
  EXPECT_FALSE(streamed.summary.read_failed);
  EXPECT_FALSE(streamed.summary.write_failed);
}

TEST(PriceStream, SkipsBlankLinesButCountsThemAndAcceptsCrlfAndNoFinalNewline) {
  const Streamed streamed = Stream("\n" + Cdr() + "\r\n  \t\r\n\r\n" + Cdr());
  ASSERT_EQ(streamed.lines.size(), 2U);
  EXPECT_THAT(streamed.lines[0], StartsWith(R"({"line":2,)"));
  EXPECT_THAT(streamed.lines[1], StartsWith(R"({"line":5,)"));
  EXPECT_TRUE(Stream("").lines.empty());
}

TEST(PriceStream, TurnsEveryKindOfBadLineIntoAnErrorLineAndGoesOn) {
  const Streamed streamed = Stream("[1, 2\n" + Cdr(R"(, "total_cost": {"incl_vat": 1})") + "\n" +
                                   Cdr(R"(, "cdr_location": {"time_zone": "Nowhere/Land"})") + "\n" +
                                   Cdr(R"(, "currency": "USD")") + "\n" + Cdr() + "\n");
  ASSERT_EQ(streamed.lines.size(), 5U);
  EXPECT_THAT(streamed.lines[0],
              StartsWith(R"({"line":1,"error":{"field":"","message":"invalid JSON at byte)"));
  EXPECT_EQ(streamed.lines[1],
            R"({"line":2,"error":{"field":"total_cost.excl_vat","message":"is required"}})");
  EXPECT_THAT(streamed.lines[2], StartsWith(R"({"line":3,"error":{"field":"cdr_location.time_zone",)"));
  EXPECT_THAT(streamed.lines[3], StartsWith(R"({"line":4,"error":{)"));
  EXPECT_THAT(streamed.lines[4], StartsWith(R"({"line":5,"currency":"EUR",)"));
  EXPECT_EQ(streamed.summary.priced, 1U);
  EXPECT_EQ(streamed.summary.failed, 4U);
}

TEST(PriceStream, ReadsLinesLongerThanAndAcrossItsBlocks) {
  // Lines of 0.7 MiB: each 1 MiB block ends in the middle of one.
  const std::string padding = R"(, "remark": ")" + std::string(700 * 1024, 'x') + "\"";
  std::string input;
  for (int i = 0; i < 5; ++i) input += Cdr(padding) + "\n";
  input += Cdr(R"(, "remark": ")" + std::string(3 * 1024 * 1024, 'y') + "\"") + "\n";
  const Streamed streamed = Stream(input);
  ASSERT_EQ(streamed.lines.size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_THAT(streamed.lines[i], StartsWith("{\"line\":" + std::to_string(i + 1) + ",\"currency\""));
  }
}

TEST(PriceStream, WritesLargeOutputsCompletely) {
  std::string input;
  for (int i = 0; i < 3000; ++i) input += Cdr() + "\n";
  const Streamed streamed = Stream(input);
  ASSERT_EQ(streamed.lines.size(), 3000U);
  EXPECT_THAT(streamed.lines.back(), StartsWith(R"({"line":3000,)"));
}

TEST(PriceStream, ChoosesTheZoneFromTheOptionsThenTheCdrThenUtc) {
  const std::string in_amsterdam = Cdr(R"(, "cdr_location": {"time_zone": "Europe/Amsterdam"})");
  const Streamed from_cdr = Stream(in_amsterdam + "\n" + Cdr() + "\n");
  EXPECT_EQ(Json(from_cdr.lines[0]).at("time_zone"), "Europe/Amsterdam");
  EXPECT_EQ(Json(from_cdr.lines[1]).at("time_zone"), "UTC");

  const Streamed from_options =
      Stream(in_amsterdam + "\n", PriceOptions{Tariffs(), TimeZone::Find("America/Santiago").value()});
  EXPECT_EQ(Json(from_options.lines[0]).at("time_zone"), "America/Santiago");
}

TEST(PriceStream, UsesEachCdrsOwnTariffsWithoutOptions) {
  const std::string own =
      Cdr(R"(, "tariffs": [{"id": "OWN", "currency": "EUR", "elements": [)"
          R"({"price_components": [{"type": "ENERGY", "price": 0.5, "step_size": 1}]}]}])");
  const Streamed streamed = Stream(own + "\n" + Cdr() + "\n", PriceOptions{});
  ASSERT_EQ(streamed.lines.size(), 2U);
  EXPECT_EQ(DecimalFromJson(Json(streamed.lines[0]).at("total_cost").at("excl_vat")).value(), Decimal(10));
  EXPECT_THAT(streamed.lines[1], StartsWith(R"({"line":2,"error":)"));

  // With tariffs given, the CDR's own are not even read.
  const std::string broken_own = Cdr(R"(, "tariffs": [{"id": "OWN"}])");
  EXPECT_EQ(Stream(broken_own + "\n").summary.priced, 1U);
  EXPECT_THAT(Stream(broken_own + "\n", PriceOptions{}).lines.at(0),
              HasSubstr(R"("field":"tariffs[0].currency")"));
}

TEST(PriceStream, StopsWhenTheOutputFails) {
  std::string input;
  for (int i = 0; i < 1000; ++i) input += Cdr() + "\n";
  std::istringstream in(input);
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  const StreamSummary summary = PriceStream(in, out, PriceOptions{Tariffs(), std::nullopt});
  EXPECT_TRUE(summary.write_failed);
}

TEST(PriceCdrJson, AppendsTheResultOrLeavesTheOutputAlone) {
  std::string out = "x";
  ASSERT_TRUE(PriceCdrJson(Cdr(), PriceOptions{Tariffs(), std::nullopt}, out).ok());
  EXPECT_THAT(out, StartsWith(R"(x{"currency":"EUR")"));
  std::string untouched = "x";
  const Result<void> refused = PriceCdrJson(R"({"currency": "EUR"})", PriceOptions{}, untouched);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "start_date_time");
  EXPECT_EQ(untouched, "x");
}

}  // namespace
}  // namespace openmsp::pricing
