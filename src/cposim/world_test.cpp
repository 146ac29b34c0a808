// The simulator's generated world: deterministic by seed, valid OCPI 2.2.1, and CDRs whose totals and
// costs add up (checked by hand for one session, by `CheckCdrConsistency` for many, and the checker
// itself shown to refuse what does not add up).
#include "cposim/world.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "core/json.h"
#include "support/json_schema.h"

namespace openmsp::cposim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const Instant kNow = ParseOcpiDateTime("2026-03-02T10:00:00Z").value();
Decimal D(const char* text) { return Decimal::Parse(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

SimToken Card() {
  return SimToken{
      .country_code = "NL", .party_id = "DEM", .uid = "04A1B2C3D4E5F6", .contract_id = "NL-DEM-C00122045"};
}

test::JsonSchema Schema(const std::string& name) {
  return test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/ocpi.2_2_1." + name +
                                ".json")
      .value();
}

void ExpectValid(const test::JsonSchema& schema, const json::object& object) {
  const std::vector<std::string> errors = schema.Validate(object);
  EXPECT_TRUE(errors.empty()) << errors.front() << "\n" << SerializeJson(object);
}

// Two periods (30 min at 11 kW, 15 min at 11 kW) priced 0.35/kWh, 1.20/h, 0.50/session, 21 % VAT.
struct HandWorked {
  SimTariff tariff{.party = Party("NL-CPO"),
                   .id = "AC-CPO",
                   .energy_price = D("0.35"),
                   .time_price = D("1.20"),
                   .flat_price = D("0.50"),
                   .vat = D("21"),
                   .last_updated = kNow};
  SimLocation location = [] {
    Rng rng(1);
    return GenerateWorld(rng, {Party("NL-CPO")}, 1, kNow).locations.front();
  }();
  SimSession session{.party = Party("NL-CPO"),
                     .id = "SES-1",
                     .token = Card(),
                     .location_id = location.id,
                     .evse_uid = location.evses.front().uid,
                     .start = kNow,
                     .periods = {{.start = kNow, .minutes = 30, .energy_wh = 5500},
                                 {.start = kNow + 30min, .minutes = 15, .energy_wh = 2750}}};
};

TEST(WorldTest, TheSameSeedGivesTheSameWorldAndAnotherSeedAnother) {
  const std::vector<PartyId> parties = {Party("NL-CPA"), Party("NL-CPB")};
  Rng first(42);
  Rng second(42);
  Rng other(43);
  const World a = GenerateWorld(first, parties, 5, kNow);
  const World b = GenerateWorld(second, parties, 5, kNow);
  const World c = GenerateWorld(other, parties, 5, kNow);
  ASSERT_EQ(a.locations.size(), 10u);
  ASSERT_EQ(a.tariffs.size(), 4u);
  std::string text_a;
  std::string text_b;
  std::string text_c;
  for (std::size_t i = 0; i < a.locations.size(); ++i) {
    text_a += SerializeJson(LocationJson(a.locations[i]));
    text_b += SerializeJson(LocationJson(b.locations[i]));
    text_c += SerializeJson(LocationJson(c.locations[i]));
  }
  EXPECT_EQ(text_a, text_b);
  EXPECT_NE(text_a, text_c);
  EXPECT_EQ(a.locations[5].party, Party("NL-CPB"));
  const SimSession session_a = GenerateSession(first, a.locations[0], Card(), kNow, 1);
  const SimSession session_b = GenerateSession(second, b.locations[0], Card(), kNow, 1);
  EXPECT_EQ(SerializeJson(CdrJson(session_a, a.locations[0], a.tariffs[0], "CDR-1", kNow)),
            SerializeJson(CdrJson(session_b, b.locations[0], b.tariffs[0], "CDR-1", kNow)));
}

TEST(WorldTest, ACdrIsPricedAsWorkedOutByHand) {
  const HandWorked w;
  const SimTotals totals = PriceSession(w.session, w.tariff);
  EXPECT_EQ(totals.energy_kwh, D("8.25"));
  EXPECT_EQ(totals.time_hours, D("0.75"));
  EXPECT_EQ(totals.end, kNow + 45min);
  EXPECT_EQ(totals.energy_cost, D("2.89"));  // 8.25 × 0.35 = 2.8875
  EXPECT_EQ(totals.time_cost, D("0.90"));    // 0.75 × 1.20
  EXPECT_EQ(totals.fixed_cost, D("0.50"));
  EXPECT_EQ(totals.total_excl_vat, D("4.29"));
  EXPECT_EQ(totals.total_incl_vat, D("5.20"));  // 3.50 + 1.09 + 0.61

  const json::object cdr = CdrJson(w.session, w.location, w.tariff, "CDR-SES-1", kNow + 1h);
  EXPECT_EQ(SerializeJson(cdr.at("total_cost")), R"({"excl_vat":4.29,"incl_vat":5.2})");
  EXPECT_EQ(SerializeJson(cdr.at("total_energy")), "8.25");
  EXPECT_EQ(cdr.at("end_date_time"), "2026-03-02T10:45:00Z");
  EXPECT_EQ(SerializeJson(cdr.at("charging_periods").as_array()[1]),
            R"({"start_date_time":"2026-03-02T10:30:00Z","dimensions":[{"type":"ENERGY","volume":2.75},)"
            R"({"type":"TIME","volume":0.25}],"tariff_id":"AC-CPO"})");
  EXPECT_TRUE(CheckCdrConsistency(cdr).ok());
}

TEST(WorldTest, TheConsistencyCheckRefusesACdrThatDoesNotAddUp) {
  const HandWorked w;
  const json::object cdr = CdrJson(w.session, w.location, w.tariff, "CDR-SES-1", kNow + 1h);

  json::object energy = cdr;
  energy["total_energy"] = 8.3;
  EXPECT_EQ(CheckCdrConsistency(energy).error().field, "total_energy");

  json::object gap = cdr;
  gap["charging_periods"].as_array()[1].as_object()["start_date_time"] = "2026-03-02T10:33:00Z";
  EXPECT_EQ(CheckCdrConsistency(gap).error().field, "charging_periods[1].start_date_time");

  json::object end = cdr;
  end["end_date_time"] = "2026-03-02T10:48:00Z";
  EXPECT_EQ(CheckCdrConsistency(end).error().field, "end_date_time");

  json::object cost = cdr;
  cost["total_energy_cost"].as_object()["excl_vat"] = 2.88;  // truncated instead of rounded
  EXPECT_EQ(CheckCdrConsistency(cost).error().field, "total_energy_cost.excl_vat");

  json::object total = cdr;
  total["total_cost"].as_object()["excl_vat"] = 4.30;
  EXPECT_EQ(CheckCdrConsistency(total).error().field, "total_cost.excl_vat");
}

TEST(WorldTest, ACreditCdrNegatesEveryCostAndKeepsTheVolumes) {
  const HandWorked w;
  const json::object cdr = CdrJson(w.session, w.location, w.tariff, "CDR-SES-1", kNow + 1h);
  const json::object credit = CreditCdrJson(cdr, "CDR-SES-1-CREDIT", kNow + 2h);
  EXPECT_EQ(credit.at("credit"), true);
  EXPECT_EQ(credit.at("credit_reference_id"), "CDR-SES-1");
  EXPECT_EQ(SerializeJson(credit.at("total_cost")), R"({"excl_vat":-4.29,"incl_vat":-5.2})");
  EXPECT_EQ(SerializeJson(credit.at("total_energy")), "8.25");
  EXPECT_TRUE(CheckCdrConsistency(credit).ok());
  // Not validated against ocpi.2_2_1.cdr.json: its Price has `minimum: 0`, while §7.1 makes a credit
  // CDR's costs negative (OpenMSP's receiver accepts them so).
}

TEST(WorldTest, ManyGeneratedObjectsValidateAgainstTheirSchemasAndEveryCdrAddsUp) {
  const test::JsonSchema location_schema = Schema("location");
  const test::JsonSchema tariff_schema = Schema("tariff");
  const test::JsonSchema session_schema = Schema("session");
  const test::JsonSchema cdr_schema = Schema("cdr");
  Rng rng(7);
  const World world = GenerateWorld(rng, {Party("NL-CPO"), Party("DE-CPX")}, 20, kNow);
  for (const SimTariff& tariff : world.tariffs) ExpectValid(tariff_schema, TariffJson(tariff));
  for (const SimLocation& location : world.locations) ExpectValid(location_schema, LocationJson(location));
  for (std::int64_t i = 0; i < 300; ++i) {
    const SimLocation& location = world.locations[static_cast<std::size_t>(i) % world.locations.size()];
    const SimTariff& tariff = *std::find_if(
        world.tariffs.begin(), world.tariffs.end(),
        [&](const SimTariff& t) { return t.party == location.party && t.id == location.tariff_id; });
    SimSession session = GenerateSession(rng, location, Card(), kNow + std::chrono::hours(i), i);
    session.authorization_reference = "AUTH-" + std::to_string(i);
    ASSERT_GE(session.periods.size(), 2u);
    ExpectValid(session_schema, SessionJson(session, tariff, 1, false, kNow));
    ExpectValid(session_schema, SessionJson(session, tariff, 0, true, kNow));
    const json::object cdr = CdrJson(session, location, tariff, "CDR-" + session.id, kNow);
    ExpectValid(cdr_schema, cdr);
    const Result<void> consistent = CheckCdrConsistency(cdr);
    ASSERT_TRUE(consistent.ok()) << consistent.error().ToString() << "\n" << SerializeJson(cdr);
    EXPECT_GT(PriceSession(session, tariff).total_excl_vat, Decimal(0));
  }
}

}  // namespace
}  // namespace openmsp::cposim
