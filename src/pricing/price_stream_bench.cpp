// `openmsp price --cdrs` against the time simdjson (the fastest JSON parser Debian ships) takes merely to
// parse the same file (issue 3: within 3×). The file is a JSON Lines export of realistic OCPI 2.2.1 CDRs
// (token, location, the tariff, 3–5 charging periods, the CPO's costs), generated once per run in a
// temporary folder; OPENMSP_BENCH_CDRS sets how many (default 1,000 for the smoke run; docs/performance.md
// uses 100,000). The stages of the pipeline are measured separately too, to show where the time goes.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <unistd.h>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <streambuf>
#include <string>
#include <system_error>
#include <vector>

#include "core/json.h"
#include "pricing/cdr_json.h"
#include "pricing/price_stream.h"
#include "pricing/pricing.h"
#include "pricing/pricing_json.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {
namespace {

// Four elements: a start fee, cheaper energy at night, a higher time rate after two hours, and parking
// on weekdays in office hours.
constexpr const char* kTariff =
    R"({"country_code":"NL","party_id":"CPO","id":"AC-STANDARD","currency":"EUR",)"
    R"("type":"REGULAR","elements":[)"
    R"({"price_components":[{"type":"FLAT","price":0.35,"vat":21.0,"step_size":1},)"
    R"({"type":"ENERGY","price":0.32,"vat":21.0,"step_size":1}],)"
    R"("restrictions":{"start_time":"07:00","end_time":"23:00"}},)"
    R"({"price_components":[{"type":"FLAT","price":0.35,"vat":21.0,"step_size":1},)"
    R"({"type":"ENERGY","price":0.24,"vat":21.0,"step_size":1}]},)"
    R"({"price_components":[{"type":"TIME","price":1.20,"vat":21.0,"step_size":60}],)"
    R"("restrictions":{"min_duration":7200}},)"
    R"({"price_components":[{"type":"PARKING_TIME","price":2.00,"vat":21.0,"step_size":300}],)"
    R"("restrictions":{"start_time":"09:00","end_time":"18:00",)"
    R"("day_of_week":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}}],)"
    R"("last_updated":"2026-01-01T00:00:00Z"})";

std::string Number(std::int64_t thousandths) { return Decimal::FromCoefficient(thousandths, 3).ToString(); }

std::string Amount(std::int64_t thousandths) {
  return R"({"excl_vat":)" + Number(thousandths) + R"(,"incl_vat":)" + Number(thousandths * 121 / 100) + "}";
}

// One CDR of 3–5 periods: 2–4 charging periods (ENERGY and TIME) and, half the time, a parking period.
// Periods last whole multiples of 3 minutes, so that their hours are exact (0.05 h).
std::string GenerateCdr(std::mt19937_64& random, int number) {
  std::uniform_int_distribution<int> charging_periods(2, 4);
  std::uniform_int_distribution<int> steps(1, 20);  // of 3 minutes
  std::uniform_int_distribution<std::int64_t> watt_hours(500, 11000);
  std::uniform_int_distribution<std::int64_t> start_minute(0, 60 * 24 * 365 - 1);
  const std::string id = std::to_string(1000000 + number);
  Instant at = ParseOcpiDateTime("2026-01-01T00:00:00Z").value() + std::chrono::minutes(start_minute(random));
  const Instant start = at;
  std::string periods;
  std::int64_t total_wh = 0;
  std::int64_t total_minutes = 0;
  std::int64_t parking_minutes = 0;
  const int charging = charging_periods(random);
  const bool parks = random() % 2 == 0;
  for (int i = 0; i < charging + (parks ? 1 : 0); ++i) {
    const int minutes = 3 * steps(random);
    const std::string hours = Number(minutes * 1000 / 60);
    if (!periods.empty()) periods += ',';
    periods += R"({"start_date_time":")" + FormatOcpiDateTime(at) + R"(","dimensions":[)";
    if (i < charging) {
      const std::int64_t wh = watt_hours(random);
      total_wh += wh;
      periods += R"({"type":"ENERGY","volume":)" + Number(wh) + R"(},{"type":"MAX_CURRENT","volume":32},)";
      periods += R"({"type":"TIME","volume":)" + hours + "}";
    } else {
      parking_minutes += minutes;
      periods += R"({"type":"PARKING_TIME","volume":)" + hours + "}";
    }
    periods += R"(],"tariff_id":"AC-STANDARD"})";
    at += std::chrono::minutes(minutes);
    total_minutes += minutes;
  }
  const std::int64_t energy_cost = total_wh * 32 / 100;
  const std::int64_t time_cost = total_minutes * 20;
  const std::int64_t parking_cost = parking_minutes * 33;
  return R"({"country_code":"NL","party_id":"CPO","id":"CDR)" + id + R"(","start_date_time":")" +
         FormatOcpiDateTime(start) + R"(","end_date_time":")" + FormatOcpiDateTime(at) +
         R"(","session_id":"S)" + id +
         R"(","cdr_token":{"country_code":"NL","party_id":"MSP","uid":"04A1B2C3)" + id +
         R"(","type":"RFID","contract_id":"NL-MSP-C)" + id + R"(00-K"},"auth_method":"WHITELIST",)" +
         R"("authorization_reference":"AUTH)" + id + R"(","cdr_location":{"id":"LOC)" + id.substr(3) +
         R"(","name":"Parking Stationsplein","address":"Stationsplein 1","city":"Amsterdam",)" +
         R"("postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378901","longitude":"4.900272"},)" +
         R"("evse_uid":"EVSE)" + id.substr(3) + R"(","evse_id":"NL*CPO*E)" + id.substr(3) +
         R"(*1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",)" +
         R"("connector_power_type":"AC_3_PHASE"},"meter_id":"MTR-)" + id +
         R"(","currency":"EUR","tariffs":[)" + kTariff + R"(],"charging_periods":[)" + periods +
         R"(],"total_cost":)" + Amount(350 + energy_cost + time_cost + parking_cost) +
         R"(,"total_fixed_cost":)" + Amount(350) + R"(,"total_energy":)" + Number(total_wh) +
         R"(,"total_energy_cost":)" + Amount(energy_cost) + R"(,"total_time":)" +
         Number(total_minutes * 1000 / 60) + R"(,"total_time_cost":)" + Amount(time_cost) +
         R"(,"total_parking_time":)" + Number(parking_minutes * 1000 / 60) + R"(,"total_parking_cost":)" +
         Amount(parking_cost) + R"(,"last_updated":")" + FormatOcpiDateTime(at + std::chrono::minutes(5)) +
         R"("})";
}

// The generated file, written once per process and removed when the process ends.
struct CdrFile {
  CdrFile() = default;
  CdrFile(CdrFile&&) = default;
  ~CdrFile() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove(path, ignored);
  }

  std::filesystem::path path;
  std::vector<std::string> lines;
  std::int64_t bytes = 0;
};

const CdrFile& Cdrs() {
  static const CdrFile file = [] {
    const char* count_variable = std::getenv("OPENMSP_BENCH_CDRS");
    const int count = count_variable != nullptr ? std::atoi(count_variable) : 1000;
    CdrFile generated;
    generated.path = std::filesystem::temp_directory_path() /
                     ("openmsp_price_stream_bench_" + std::to_string(count) + "_" +
                      std::to_string(getpid()) + ".jsonl");
    std::mt19937_64 random(20260301);
    std::ofstream out(generated.path, std::ios::binary | std::ios::trunc);
    for (int i = 0; i < count; ++i) {
      generated.lines.push_back(GenerateCdr(random, i));
      out << generated.lines.back() << '\n';
      generated.bytes += static_cast<std::int64_t>(generated.lines.back().size()) + 1;
    }
    return generated;
  }();
  return file;
}

const std::vector<Tariff>& Tariffs() {
  static const std::vector<Tariff> tariffs = ParseTariffs(ParseJson(kTariff).value()).value();
  return tariffs;
}

PriceOptions Options() { return PriceOptions{Tariffs(), TimeZone::Find("Europe/Amsterdam").value()}; }

// An ostream that counts and discards what it is given, so that output costs formatting, not disk.
class DiscardBuffer : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override { return count; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

void SetFileCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(Cdrs().lines.size()));
  state.SetBytesProcessed(state.iterations() * Cdrs().bytes);
}

// The reference: simdjson loads the file and builds a DOM of every line (parse_many, its JSON Lines API).
void BM_SimdjsonParseMany(benchmark::State& state) {
  const CdrFile& file = Cdrs();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::padded_string text = simdjson::padded_string::load(file.path.string()).value();
    simdjson::dom::document_stream documents = parser.parse_many(text).value();
    std::size_t count = 0;
    for (auto document : documents) {
      if (document.error() == simdjson::SUCCESS) ++count;
    }
    if (count != file.lines.size()) state.SkipWithError("simdjson did not parse every line");
  }
  SetFileCounters(state);
}
BENCHMARK(BM_SimdjsonParseMany)->Unit(benchmark::kMillisecond);

// simdjson, one DOM per line as a line-by-line reader would do it.
void BM_SimdjsonParseLines(benchmark::State& state) {
  simdjson::dom::parser parser;
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines) {
      simdjson::dom::element document;
      if (parser.parse(line).get(document) != simdjson::SUCCESS) state.SkipWithError("simdjson failed");
      benchmark::DoNotOptimize(document);
    }
  }
  SetFileCounters(state);
}
BENCHMARK(BM_SimdjsonParseLines)->Unit(benchmark::kMillisecond);

// What any reader built on Boost.JSON's DOM costs at least: plain boost::json::parser, reused, into a
// monotonic arena reset per line (no exact-number checks, no allocation per value). JsonReader cannot go
// below this without leaving Boost.JSON.
void BM_BoostJsonParseReusedArena(benchmark::State& state) {
  unsigned char arena[64 * 1024];
  boost::json::parser parser;
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines) {
      boost::json::monotonic_resource resource(arena, sizeof arena);
      parser.reset(&resource);
      parser.write(line);
      benchmark::DoNotOptimize(parser.release());
    }
  }
  SetFileCounters(state);
}
BENCHMARK(BM_BoostJsonParseReusedArena)->Unit(benchmark::kMillisecond);

// What any reader built on Boost.JSON's event parser costs at least: boost::json::basic_parser with a
// handler that does nothing (CdrReader's parser is this one, with the handler that builds the Cdr).
struct NullHandler {
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();
  using string_view = boost::json::string_view;
  using error_code = boost::json::error_code;
  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t, error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_key_part(string_view, std::size_t, error_code&) { return true; }
  bool on_key(string_view, std::size_t, error_code&) { return true; }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return true; }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

void BM_BoostJsonEvents(benchmark::State& state) {
  boost::json::basic_parser<NullHandler> parser(boost::json::parse_options{});
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines) {
      parser.reset();
      boost::json::error_code ec;
      benchmark::DoNotOptimize(parser.write_some(false, line.data(), line.size(), ec));
      if (ec) state.SkipWithError("Boost.JSON refused a line");
    }
  }
  SetFileCounters(state);
}
BENCHMARK(BM_BoostJsonEvents)->Unit(benchmark::kMillisecond);

// The product: `openmsp price --tariff T --cdrs FILE --time-zone Europe/Amsterdam`, reading the file and
// writing every result line.
void BM_PriceStream(benchmark::State& state) {
  const CdrFile& file = Cdrs();
  const PriceOptions options = Options();
  DiscardBuffer discard;
  std::ostream out(&discard);
  for (auto _ : state) {
    std::ifstream in(file.path, std::ios::binary);
    const StreamSummary summary = PriceStream(in, out, options);
    if (summary.priced != file.lines.size()) state.SkipWithError("not every CDR was priced");
  }
  SetFileCounters(state);
}
BENCHMARK(BM_PriceStream)->Unit(benchmark::kMillisecond);

// The stages, each on every line of the file (cumulative: each includes the ones before).
void BM_StageReadCdr(benchmark::State& state) {
  CdrReader reader;
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines)
      benchmark::DoNotOptimize(reader.Read(line, CdrTariffs::kIgnore));
  }
  SetFileCounters(state);
}
BENCHMARK(BM_StageReadCdr)->Unit(benchmark::kMillisecond);

// The same with the CDR's own tariff read too, as when no --tariff is given.
void BM_StageReadCdrWithItsTariff(benchmark::State& state) {
  CdrReader reader;
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines)
      benchmark::DoNotOptimize(reader.Read(line, CdrTariffs::kRead));
  }
  SetFileCounters(state);
}
BENCHMARK(BM_StageReadCdrWithItsTariff)->Unit(benchmark::kMillisecond);

void BM_StagePriceCdr(benchmark::State& state) {
  CdrReader reader;
  const PriceOptions options = Options();
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines) {
      const Cdr& cdr = reader.Read(line, CdrTariffs::kIgnore).value();
      benchmark::DoNotOptimize(PriceCdr(cdr, options.tariffs, *options.time_zone));
    }
  }
  SetFileCounters(state);
}
BENCHMARK(BM_StagePriceCdr)->Unit(benchmark::kMillisecond);

void BM_StageResultJson(benchmark::State& state) {
  CdrReader reader;
  const PriceOptions options = Options();
  std::string out;
  for (auto _ : state) {
    for (const std::string& line : Cdrs().lines) {
      const Cdr& cdr = reader.Read(line, CdrTariffs::kIgnore).value();
      const PricingResult result = PriceCdr(cdr, options.tariffs, *options.time_zone).value();
      out.clear();
      benchmark::DoNotOptimize(AppendPricingResultJson(result, cdr, *options.time_zone, out));
    }
  }
  SetFileCounters(state);
}
BENCHMARK(BM_StageResultJson)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openmsp::pricing
