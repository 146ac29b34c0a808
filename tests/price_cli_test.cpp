#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/json.h"
#include "run_process.h"

namespace openmsp {
namespace {

using test::ProcessResult;
using test::RunProcess;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::filesystem::path kShared = OPENMSP_SHARED_DIR;

ProcessResult Openmsp(std::vector<std::string> args) {
  args.insert(args.begin(), OPENMSP_BINARY);
  return RunProcess(args);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A folder of input files for one test, removed afterwards.
class PriceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("openmsp_price_cli_" + std::to_string(getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = folder_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Writes the `tariff` and `cdr` of a pricing vector into files; returns their paths.
  std::pair<std::string, std::string> WriteVector(const std::string& vector_name) {
    const boost::json::value vector =
        ParseJson(ReadFile(kShared / "fixtures/tariffs" / (vector_name + ".json"))).value();
    return {Write("tariff.json", SerializeJson(vector.at("tariff"))),
            Write("cdr.json", SerializeJson(vector.at("cdr")))};
  }

  std::filesystem::path folder_;
};

boost::json::value Json(const std::string& text) {
  const Result<boost::json::value> json = ParseJson(text);
  EXPECT_TRUE(json.ok()) << text;
  return json.value_or(boost::json::value());
}

std::string Number(const boost::json::value& json, const std::vector<std::string>& path) {
  const boost::json::value* node = &json;
  for (const std::string& key : path) node = &node->at(key);
  return DecimalFromJson(*node).value().ToString();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(PriceCli, PricesASpecExampleToItsExpectedTotals) {
  const auto [tariff, cdr] = WriteVector("ocpi-spec/s12_complex_monday_165min_16A_42min_parking");
  const ProcessResult result = Openmsp({"price", "--tariff", tariff, "--cdr", cdr});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  ASSERT_EQ(Lines(result.out).size(), 1U);
  const boost::json::value json = Json(result.out);
  EXPECT_EQ(Number(json, {"total_cost", "excl_vat"}), "9");
  EXPECT_EQ(Number(json, {"total_cost", "incl_vat"}), "10.3");
  EXPECT_EQ(Number(json, {"total_fixed_cost", "excl_vat"}), "2.5");
  EXPECT_EQ(Number(json, {"total_fixed_cost", "incl_vat"}), "2.875");
  EXPECT_EQ(Number(json, {"total_time_cost", "excl_vat"}), "2.75");
  EXPECT_EQ(Number(json, {"total_time_cost", "incl_vat"}), "3.3");
  EXPECT_EQ(Number(json, {"total_parking_cost", "excl_vat"}), "3.75");
  EXPECT_EQ(Number(json, {"total_parking_cost", "incl_vat"}), "4.125");
  EXPECT_EQ(Number(json, {"billed_time"}), "2.75");
  EXPECT_EQ(Number(json, {"billed_parking_time"}), "0.75");
  EXPECT_EQ(json.at("time_zone"), "UTC");
  EXPECT_EQ(json.at("currency"), "EUR");
  EXPECT_FALSE(json.as_object().contains("cpo_stated"));
  const boost::json::array& periods = json.at("periods").as_array();
  ASSERT_FALSE(periods.empty());
  const boost::json::object& first = periods[0].at("dimensions").at(0).as_object();
  for (const char* key : {"type", "tariff_id", "element_index", "component_index", "price", "volume",
                          "billed_volume", "cost"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
}

TEST_F(PriceCli, TakesTheZoneFromTheCommandLineOverTheCdr) {
  const auto [tariff, cdr] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const ProcessResult result =
      Openmsp({"price", "--tariff", tariff, "--cdr", cdr, "--time-zone", "Europe/Amsterdam"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json(result.out).at("time_zone"), "Europe/Amsterdam");
}

TEST_F(PriceCli, ComparesWithTheCostsTheCpoStates) {
  // The official example states total_cost and total_time_cost and carries its own tariff.
  const std::string cdr = (kShared / "ocpi/examples/cdrs/cdr_example.json").string();
  const ProcessResult result = Openmsp({"price", "--cdr", cdr});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const boost::json::value json = Json(result.out);
  EXPECT_EQ(SerializeJson(json.at("cdr")), R"({"country_code":"BE","party_id":"BEC","id":"12345"})");
  EXPECT_EQ(
      SerializeJson(json.at("cpo_stated")),
      R"({"total_cost":{"excl_vat":4,"incl_vat":4.4},"total_time_cost":{"excl_vat":4,"incl_vat":4.4}})");
  EXPECT_EQ(SerializeJson(json.at("difference")),
            R"({"total_cost":{"excl_vat":0,"incl_vat":0},"total_time_cost":{"excl_vat":0,"incl_vat":0}})");

  // Against a dearer tariff of the same id, the difference shows what the CPO undercharged.
  const std::string tariff = Write("dearer.json", R"({"id": "12", "currency": "EUR", "elements": [
      {"price_components": [{"type": "TIME", "price": 3.00, "vat": 10.0, "step_size": 300}]}]})");
  const ProcessResult dearer = Openmsp({"price", "--tariff", tariff, "--cdr", cdr});
  ASSERT_EQ(dearer.exit_code, 0) << dearer.err;
  const boost::json::value difference = Json(dearer.out).at("difference");
  EXPECT_EQ(Number(difference, {"total_cost", "excl_vat"}), "2");
  EXPECT_EQ(Number(difference, {"total_cost", "incl_vat"}), "2.2");
}

TEST_F(PriceCli, StreamsOneLinePerCdrAndNumbersTheBadOne) {
  const auto [tariff, cdr_path] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const std::string cdr = ReadFile(cdr_path);
  std::string broken = cdr;
  broken.replace(broken.find("\"dimensions\""), 12, "\"dimension\"");
  const std::string cdrs = Write("cdrs.jsonl", cdr + "\n" + cdr + "\r\n" + broken + "\n" + cdr + "\n" + cdr);
  const ProcessResult result = Openmsp({"price", "--tariff", tariff, "--cdrs", cdrs});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "openmsp price: " + cdrs + ": 1 of 5 CDRs refused (see their error lines)\n");
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 5U);
  for (int i = 0; i < 5; ++i) {
    const boost::json::value line = Json(lines[static_cast<std::size_t>(i)]);
    EXPECT_EQ(line.at("line"), i + 1);
    if (i == 2) continue;
    EXPECT_EQ(Number(line, {"total_cost", "incl_vat"}), "5.5") << i;
  }
  EXPECT_EQ(lines[2],
            R"({"line":3,"error":{"field":"charging_periods[0].dimensions","message":"is required"}})");
  EXPECT_THAT(lines[0], StartsWith(R"({"line":1,"currency":"EUR",)"));
}

TEST_F(PriceCli, ExitsZeroWhenEveryLineIsPriced) {
  const auto [tariff, cdr_path] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const std::string cdr = ReadFile(cdr_path);
  const std::string cdrs = Write("cdrs.jsonl", cdr + "\n\n" + cdr + "\n");
  const ProcessResult result = Openmsp({"price", "--tariff", tariff, "--cdrs", cdrs});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_THAT(lines[0], StartsWith(R"({"line":1,)"));
  EXPECT_THAT(lines[1], StartsWith(R"({"line":3,)"));
}

TEST_F(PriceCli, NamesTheFileAndFieldOfARefusedInput) {
  const auto [tariff, cdr] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const std::string bad_tariff = Write("bad_tariff.json", R"([{"id": "A", "currency": "EUR", "elements": [
      {"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
       "restrictions": {"start_time": "7:00"}}]}])");
  const ProcessResult tariff_refused = Openmsp({"price", "--tariff", bad_tariff, "--cdr", cdr});
  EXPECT_EQ(tariff_refused.exit_code, 1);
  EXPECT_EQ(tariff_refused.out, "");
  EXPECT_EQ(tariff_refused.err,
            "openmsp price: " + bad_tariff +
                ": [0].elements[0].restrictions.start_time: '7:00' must be a time of day HH:MM "
                "from 00:00 to 23:59\n");

  const std::string bad_cdr = Write("bad_cdr.json", R"({"start_date_time": "2024-01-15T10:00:00Z",
      "end_date_time": "2024-01-15T11:00:00Z", "currency": "EUR", "total_energy": 20, "total_time": 1,
      "charging_periods": [{"start_date_time": "2024-01-15T10:00:00Z",
                            "dimensions": [{"type": "ENERGY", "volume": 20}, {"type": "TIME", "volume": "1"}]}]})");
  const ProcessResult cdr_refused = Openmsp({"price", "--tariff", tariff, "--cdr", bad_cdr});
  EXPECT_EQ(cdr_refused.exit_code, 1);
  EXPECT_EQ(cdr_refused.err,
            "openmsp price: " + bad_cdr + ": charging_periods[0].dimensions[1].volume: must be a number\n");

  const std::string not_json = Write("not_json.json", "{\"id\": ");
  const ProcessResult syntax = Openmsp({"price", "--tariff", not_json, "--cdr", cdr});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_THAT(syntax.err, StartsWith("openmsp price: " + not_json + ": invalid JSON at byte"));

  const std::string unknown_zone = Write("zone.json", R"({"start_date_time": "2024-01-15T10:00:00Z",
      "end_date_time": "2024-01-15T11:00:00Z", "currency": "EUR", "total_energy": 20, "total_time": 1,
      "cdr_location": {"time_zone": "Europe/Atlantis"},
      "charging_periods": [{"start_date_time": "2024-01-15T10:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 20}]}]})");
  const ProcessResult zone = Openmsp({"price", "--tariff", tariff, "--cdr", unknown_zone});
  EXPECT_EQ(zone.exit_code, 1);
  EXPECT_THAT(zone.err,
              HasSubstr(": cdr_location.time_zone: 'Europe/Atlantis' is not a known IANA time zone"));
}

// --cdr and --cdrs read a CDR the same way: the same JSON errors (a cut-off file, an inexact number in a
// member that is not even read), and the last of a duplicated member counts.
TEST_F(PriceCli, ReadsACdrTheSameWayWithCdrAndCdrs) {
  const auto [tariff, cdr_path] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const std::string cdr = ReadFile(cdr_path);
  const std::string cut = cdr.substr(0, cdr.find("\"charging_periods\""));
  std::string inexact = cdr;
  inexact.insert(1, R"("meter": {"reading": 0.12345678901234567}, )");
  std::string duplicated = cdr;
  duplicated.insert(1, R"("total_energy": "twenty", )");
  const std::string cdrs = Write("cdrs.jsonl", cut + "\n" + inexact + "\n" + duplicated + "\n");
  const ProcessResult streamed = Openmsp({"price", "--tariff", tariff, "--cdrs", cdrs});
  EXPECT_EQ(streamed.exit_code, 1);
  const std::vector<std::string> lines = Lines(streamed.out);
  ASSERT_EQ(lines.size(), 3U);
  const ProcessResult one_cut = Openmsp({"price", "--tariff", tariff, "--cdr", Write("cut.json", cut)});
  EXPECT_EQ(one_cut.exit_code, 1);
  const std::string cut_error = "invalid JSON at byte " + std::to_string(cut.size()) + ": incomplete JSON";
  EXPECT_THAT(one_cut.err, HasSubstr("cut.json: " + cut_error + "\n"));
  EXPECT_EQ(lines[0], R"({"line":1,"error":{"field":"","message":")" + cut_error + R"("}})");
  const ProcessResult one_inexact =
      Openmsp({"price", "--tariff", tariff, "--cdr", Write("inexact.json", inexact)});
  EXPECT_EQ(one_inexact.exit_code, 1);
  EXPECT_THAT(
      one_inexact.err,
      HasSubstr("inexact.json: meter.reading: '0.12345678901234567' has more than 15 significant digits "
                "and cannot be held exactly\n"));
  EXPECT_EQ(lines[1],
            R"({"line":2,"error":{"field":"meter.reading","message":"'0.12345678901234567' has more than 15 )"
            R"(significant digits and cannot be held exactly"}})");
  const ProcessResult one_duplicated =
      Openmsp({"price", "--tariff", tariff, "--cdr", Write("duplicated.json", duplicated)});
  EXPECT_EQ(one_duplicated.exit_code, 0) << one_duplicated.err;
  EXPECT_EQ(Number(Json(one_duplicated.out), {"total_cost", "incl_vat"}), "5.5");
  EXPECT_EQ(Number(Json(lines[2]), {"total_cost", "incl_vat"}), "5.5");
}

TEST_F(PriceCli, UsageErrorsExitWith2) {
  const auto [tariff, cdr] = WriteVector("ocpi-spec/s01_simple_025kwh_20kwh");
  const ProcessResult zone =
      Openmsp({"price", "--tariff", tariff, "--cdr", cdr, "--time-zone", "Mars/Olympus_Mons"});
  EXPECT_EQ(zone.exit_code, 2);
  EXPECT_EQ(zone.out, "");
  EXPECT_EQ(zone.err,
            "openmsp price: --time-zone: 'Mars/Olympus_Mons' is not a known IANA time zone such as "
            "'Europe/Amsterdam'\n");

  const std::string missing = (folder_ / "missing.json").string();
  const ProcessResult no_file = Openmsp({"price", "--tariff", tariff, "--cdr", missing});
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_EQ(no_file.err, "openmsp price: cannot read " + missing + ": No such file or directory\n");
  EXPECT_EQ(Openmsp({"price", "--tariff", missing, "--cdrs", cdr}).exit_code, 2);
  EXPECT_EQ(Openmsp({"price", "--tariff", tariff, "--cdrs", missing}).exit_code, 2);

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"price", "--tariff", tariff}, {"price", "--cdr", cdr, "--cdrs", cdr}, {"price", "--cdr"}}) {
    const ProcessResult result = Openmsp(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(result.out, "") << args.back();
    EXPECT_FALSE(result.err.empty()) << args.back();
  }
}

TEST(PriceCliHelp, SaysTheDefaultZoneIsUtc) {
  const ProcessResult result = Openmsp({"price", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("else UTC"));
  EXPECT_THAT(result.out, HasSubstr("--cdrs"));
}

}  // namespace
}  // namespace openmsp
