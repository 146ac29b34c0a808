// The demo tenant of `openmsp demo seed` on SQLite and PostgreSQL: a second seed changes nothing, and
// CPO CDRs for demo tokens are rated to the prices docs/demo.md computes by hand.

#include "app/demo_seed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "rating/tenant_rater.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repository_test_backends.h"

namespace openmsp::app {
namespace {

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }
Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

// A CPO CDR of the simulated CPO (or another party) as it would arrive over OCPI.
struct CdrSpec {
  std::string id;
  std::string party = "CPO";
  std::string uid;
  std::string type = "RFID";
  std::string power_type = "AC_3_PHASE";
  std::string start;
  std::string end;
  /// The charging periods' JSON array.
  std::string periods;
  std::string energy;
  std::string time;
  std::string parking_time = "0";
};

template <class Backend>
class DemoSeedTest : public ::testing::Test {
 protected:
  DemoSeedReport Seed() {
    return SeedDemoTenant(
               repositories_, clock_,
               DemoSeedOptions{.slug = "demo", .password_cost = domain::PasswordHashCost::Minimum()})
        .value();
  }

  domain::CpoCdrId Ingest(const CdrSpec& cdr) {
    const std::string body =
        R"({"country_code":"NL","party_id":")" + cdr.party + R"(","id":")" + cdr.id +
        R"(","start_date_time":")" + cdr.start + R"(","end_date_time":")" + cdr.end +
        R"(","cdr_token":{"country_code":"NL","party_id":"DEM","uid":")" + cdr.uid + R"(","type":")" +
        cdr.type + R"(","contract_id":"NL-DEM-C00000005"},"auth_method":"WHITELIST",)" +
        R"("cdr_location":{"id":"LOC-)" + cdr.id + R"(","country":"NLD","evse_uid":"E1","evse_id":"NL*)" +
        cdr.party + R"(*E0001","connector_id":"1","connector_standard":"IEC_62196_T2",)" +
        R"("connector_format":"SOCKET","connector_power_type":")" + cdr.power_type + R"("},)" +
        R"("currency":"EUR","charging_periods":)" + cdr.periods + R"(,"total_cost":{"excl_vat":5.00},)" +
        R"("total_energy":)" + cdr.energy + R"(,"total_time":)" + cdr.time + R"(,"total_parking_time":)" +
        cdr.parking_time + R"(,"last_updated":")" + cdr.end + R"("})";
    return ingestor_
        ->Ingest(domain::NewCpoCdr{.tenant_id = tenant_,
                                   .cpo = PartyId::Parse("NL-" + cdr.party).value(),
                                   .cdr_id = cdr.id,
                                   .body = body,
                                   .start_date_time = At(cdr.start),
                                   .end_date_time = At(cdr.end),
                                   .currency = Currency::Find("EUR").value(),
                                   .total_cost_excl_vat = D("5.00"),
                                   .total_cost_incl_vat = std::nullopt,
                                   .total_energy = D(cdr.energy),
                                   .total_time = D(cdr.time),
                                   .token_uid = cdr.uid,
                                   .token_type = domain::ParseTokenType(cdr.type).value(),
                                   .contract_id = "NL-DEM-C00000005",
                                   .location_id = "LOC-" + cdr.id,
                                   .evse_uid = "E1",
                                   .last_updated = At(cdr.end),
                                   .organisation_unit_id = std::nullopt})
        .value()
        .id;
  }

  domain::MspCdr Rated(domain::CpoCdrId id) {
    const rating::RatingStores stores = rating::RatingStoresOf(repositories_);
    store::Repositories writing = backend_.Open(clock_);
    (void)rating::RateBacklog(stores, writing.msp_cdrs(), tenant_).value();
    return repositories_.msp_cdrs().FindByCpoCdr(tenant_, id).value();
  }

  // The plan is in force from 1 January of the seed's year (the seed runs 1 March 2026); the CDRs of 2 March arrive
  // the day after.
  ManualClock clock_{At("2026-03-01T00:00:00Z")};
  Backend backend_;
  store::Repositories repositories_ = backend_.Open(clock_);
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(backend_.url(), clock_).value();
  domain::TenantId tenant_;
};

TYPED_TEST_SUITE(DemoSeedTest, store::Backends, store::BackendNames);

TYPED_TEST(DemoSeedTest, SeedsEveryPartOnceAndASecondSeedChangesNothing) {
  const DemoSeedReport first = this->Seed();
  // tenant, VAT, settings, branding, host name, 9 units, 5 profiles, 6 users + 6 roles, 7 tokens, 2 BPGs,
  // 2 location groups, 3 codes, the plan and its version.
  EXPECT_EQ(first.created.size(), 47u) << FormatDemoSeedReport(first, "demo");
  EXPECT_EQ(first.existing, 0u);
  const domain::Tenant tenant = this->repositories_.tenants().FindBySlug("demo").value();
  EXPECT_EQ(tenant.name, "Demo MSP");
  EXPECT_EQ(tenant.parties.front().ToString(), "NL-DEM");
  EXPECT_EQ(this->repositories_.tenant_settings().FindTenantByHostName("demo.localhost").value(), tenant.id);

  std::set<std::string> roles;
  for (const DemoUser& user : first.users) roles.insert(user.role);
  EXPECT_EQ(roles, (std::set<std::string>{"tenant_admin", "ou_admin", "fleet_manager", "finance", "viewer",
                                          "driver"}));
  const domain::User driver =
      this->repositories_.users().FindByEmail(tenant.id, "driver@demo-msp.example").value();
  EXPECT_TRUE(domain::CheckLogin(&driver, kDemoPassword));
  EXPECT_TRUE(driver.profile_id.has_value());

  const domain::Token card =
      this->repositories_.tokens().FindByUid(tenant.id, "04DE0000000005", domain::TokenType::kRfid).value();
  const domain::Token app =
      this->repositories_.tokens().FindByUid(tenant.id, "APP-EVA-0005", domain::TokenType::kAppUser).value();
  EXPECT_EQ(card.status, domain::TokenStatus::kActive);
  EXPECT_EQ(card.contract_id, app.contract_id);  // a card and an app on one contract
  EXPECT_EQ(card.profile_id, *driver.profile_id);
  EXPECT_EQ(card.contract_id.ToString(), EmaId::Parse(card.contract_id.ToString()).value().ToString());
  EXPECT_EQ(card.contract_id.ToString().substr(0, 16), "NL-DEM-C00000005");

  this->clock_.Set(At("2026-03-05T00:00:00Z"));
  const DemoSeedReport second = this->Seed();
  EXPECT_TRUE(second.created.empty()) << FormatDemoSeedReport(second, "demo");
  EXPECT_EQ(second.existing, first.created.size());
  EXPECT_EQ(second.tenant_id, first.tenant_id);
  EXPECT_EQ(this->repositories_.tariff_plans().ListVersions(tenant.id).value().size(), 1u);
  EXPECT_EQ(this->repositories_.location_groups().List(tenant.id).value().size(), 3u);  // + Default
  EXPECT_EQ(this->repositories_.tokens().ListForProfile(tenant.id, *driver.profile_id).value().size(), 2u);
  EXPECT_NE(FormatDemoSeedReport(second, "demo").find("Nothing changed"), std::string::npos);
}

TYPED_TEST(DemoSeedTest, RatesCdrsOfDemoTokensToTheHandComputedPrices) {
  this->tenant_ = this->Seed().tenant_id;
  this->clock_.Set(At("2026-03-03T00:00:00Z"));

  // Eva (a private customer) at an AC charger of NL-CPO, 21:00–23:00 Amsterdam time (UTC+1), 20 kWh in
  // one period, spread evenly: 10 kWh by day at 0.35 = 3.50, 10 kWh after 22:00 at 0.27 = 2.70, the
  // session fee 0.50; 6.70 excl. VAT, 21% VAT 1.407 → 1.41, 8.11 incl. VAT.
  const domain::CpoCdrId evening = this->Ingest(
      {.id = "CDR-EVENING",
       .uid = "04DE0000000005",
       .start = "2026-03-02T20:00:00Z",
       .end = "2026-03-02T22:00:00Z",
       .periods =
           R"([{"start_date_time":"2026-03-02T20:00:00Z","dimensions":[{"type":"ENERGY","volume":20}]}])",
       .energy = "20",
       .time = "2"});
  const domain::MspCdr eva = this->Rated(evening);
  ASSERT_FALSE(eva.NeedsAttention()) << eva.rating.attention_detail;
  EXPECT_EQ(eva.rating.total_excl_vat, D("6.70")) << eva.rating.explanation;
  EXPECT_EQ(eva.rating.vat_amount, D("1.41"));
  EXPECT_EQ(eva.rating.total_incl_vat, D("8.11"));

  // A van of Acme (fleet customers) at a DC charger, 10:00–11:15 UTC: 30 kWh in half an hour at the
  // fleet's DC price 0.49 = 14.70, no session fee for fleets, then 45 minutes blocking the charger: 30
  // free, 15 at 0.10 = 1.50; 16.20 excl. VAT, VAT 3.402 → 3.40, 19.60 incl. VAT.
  const domain::CpoCdrId fast = this->Ingest(
      {.id = "CDR-DC",
       .uid = "04DE0000000001",
       .power_type = "DC",
       .start = "2026-03-02T10:00:00Z",
       .end = "2026-03-02T11:15:00Z",
       .periods = R"([{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":30},)"
                  R"({"type":"TIME","volume":0.5}]},{"start_date_time":"2026-03-02T10:30:00Z",)"
                  R"("dimensions":[{"type":"PARKING_TIME","volume":0.75}]}])",
       .energy = "30",
       .time = "1.25",
       .parking_time = "0.75"});
  const domain::MspCdr van = this->Rated(fast);
  ASSERT_FALSE(van.NeedsAttention()) << van.rating.attention_detail;
  EXPECT_EQ(van.rating.total_excl_vat, D("16.20")) << van.rating.explanation;
  EXPECT_EQ(van.rating.vat_amount, D("3.40"));
  EXPECT_EQ(van.rating.total_incl_vat, D("19.60"));

  // Pieter (an employee) at an AC charger of another CPO (the Default group), 12:00–13:00 UTC, 8 kWh
  // at the employees' price 0.25 = 2.00 and the session fee 0.50: 2.50, VAT 0.525 → 0.53 (half up),
  // 3.03 incl. VAT.
  const domain::CpoCdrId other = this->Ingest(
      {.id = "CDR-EMPLOYEE",
       .party = "ALF",
       .uid = "04DE0000000004",
       .start = "2026-03-02T12:00:00Z",
       .end = "2026-03-02T13:00:00Z",
       .periods =
           R"([{"start_date_time":"2026-03-02T12:00:00Z","dimensions":[{"type":"ENERGY","volume":8}]}])",
       .energy = "8",
       .time = "1"});
  const domain::MspCdr pieter = this->Rated(other);
  ASSERT_FALSE(pieter.NeedsAttention()) << pieter.rating.attention_detail;
  EXPECT_EQ(pieter.rating.total_excl_vat, D("2.50")) << pieter.rating.explanation;
  EXPECT_EQ(pieter.rating.vat_amount, D("0.53"));
  EXPECT_EQ(pieter.rating.total_incl_vat, D("3.03"));
}

}  // namespace
}  // namespace openmsp::app
