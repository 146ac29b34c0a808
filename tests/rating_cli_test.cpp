// `openmsp rate` and `openmsp rerate` end to end: the test seeds a rateable tenant in a SQLite database
// through the repositories (units, a driver with a card, a location group and a business partner group,
// tariff codes, a plan version with rules, VAT, and CPO CDRs through the ingestor), runs the binary, and
// reads back what it stored. Every expected amount is worked out by hand beside it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids/country.h"
#include "core/ids/emaid.h"
#include "domain/msp_cdr.h"
#include "domain/repositories.h"
#include "run_process.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Instant At(const std::string& text) { return ParseOcpiDateTime(text).value(); }
Decimal D(const char* text) { return Decimal::Parse(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }
PartyId Alfa() { return PartyId::Parse("NL-ALF").value(); }

// The tenant `msp` (eMSP NL-TNM): Root > Lease (billing details; in the business partner group "Lease
// companies") > Fleet, where the driver's card 04A1B2C3D4E5F6 lives. Location LOC-1 of CPO NL-ALF is in the
// group "Amsterdam"; everything else in Default. VAT NL 21 %. Plan version 1 from 2025-01-01:
//   ENERGY       ANY / ANY                      0.35 per kWh
//   ENERGY       Amsterdam / Lease companies    0.30 per kWh
//   SESSION_FEE  ANY / ANY                      0.50 per session
// The CDRs are of Monday 3 March 2025, received the day after.
class RatingCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = repositories_.tenants()
                  .Create({.slug = "msp",
                           .name = "MSP",
                           .default_currency = Eur(),
                           .parties = {PartyId::Parse("NL-TNM").value()}})
                  .value()
                  .id;
    const domain::OrganisationUnitId root = Unit(std::nullopt, "Root", false);
    lease_ = Unit(root, "Lease", true);
    fleet_ = Unit(lease_, "Fleet", false);
    lease_companies_ = repositories_.business_partner_groups()
                           .Create(tenant_, {.name = "Lease companies", .units = {lease_}})
                           .value()
                           .id;
    profile_ = repositories_.profiles()
                   .Create(tenant_, {.organisation_unit_id = fleet_,
                                     .name = "Driver",
                                     .kind = domain::ProfileKind::kDriver,
                                     .email = "",
                                     .prices_hidden = false})
                   .value()
                   .id;
    AddCard("04A1B2C3D4E5F6");
    const domain::LocationId loc1 = AddLocation("LOC-1");
    amsterdam_ = repositories_.location_groups()
                     .Create(tenant_, {.name = "Amsterdam", .priority = 1, .criteria = {}})
                     .value()
                     .id;
    domain::NewLocationGroup only_loc1{.name = "Amsterdam", .priority = 1, .criteria = {}};
    only_loc1.criteria.locations = {loc1};
    repositories_.location_groups().Update(tenant_, amsterdam_, only_loc1).value();

    energy_ = repositories_.tariff_codes()
                  .Create(tenant_, {.code = "ENERGY",
                                    .kind = domain::TariffCodeKind::kEnergy,
                                    .unit = domain::TariffUnit::kKwh,
                                    .step_size = D("0.001"),
                                    .free_units = D("0"),
                                    .grace_period = {},
                                    .description = "Energy"})
                  .value()
                  .id;
    fee_ = repositories_.tariff_codes()
               .Create(tenant_, {.code = "FEE",
                                 .kind = domain::TariffCodeKind::kSessionFee,
                                 .unit = domain::TariffUnit::kSession,
                                 .step_size = D("1"),
                                 .free_units = D("0"),
                                 .grace_period = {},
                                 .description = "Session fee"})
               .value()
               .id;
    repositories_.tariff_plans().Create(tenant_, {.name = "Public"}).value();
    AddVersion("2025-01-01T00:00:00Z", "0.35", "0.30");
    ASSERT_TRUE(repositories_.tenant_settings().ReplaceVatRates(
        tenant_,
        std::vector{domain::VatRate{CountryFromAlpha2("NL").value(), LocalDate{2020, 1, 1}, D("21")}}));

    clock_.Set(At("2025-03-04T08:00:00Z"));
    cdr1_ = Ingest("CDR-1", "04A1B2C3D4E5F6", "LOC-1", "09", "10", "2.80");
    cdr2_ = Ingest("CDR-2", "04A1B2C3D4E5F6", "LOC-2", "11", "12.5", "3.10");  // LOC-2 was never synced
    cdr3_ = Ingest("CDR-3", "FFFFFFFF", "LOC-1", "13", "8", "2.40");           // no such card (yet)
    ingestor_.reset();
  }

  std::string DatabaseUrl() const { return "sqlite:" + directory_.File("openmsp.db"); }

  test::ProcessResult Run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), OPENMSP_BINARY);
    arguments.insert(arguments.end(), {"--database", DatabaseUrl()});
    return test::RunProcess(arguments);
  }

  domain::OrganisationUnitId Unit(std::optional<domain::OrganisationUnitId> parent, const char* name,
                                  bool billing) {
    std::optional<domain::BillingDetails> details;
    if (billing) {
      details = domain::BillingDetails{
          .legal_name = "Lease B.V.", .address = "", .vat_number = "", .email = "", .cost_centre = ""};
    }
    return repositories_.organisation_units()
        .Create(tenant_, {.parent_id = parent, .name = name, .billing = details})
        .value()
        .id;
  }

  void AddCard(const char* uid) {
    ASSERT_TRUE(
        repositories_.tokens().Create(tenant_, {.profile_id = profile_,
                                                .uid = uid,
                                                .type = domain::TokenType::kRfid,
                                                .contract_id = EmaId::Parse("NL-TNM-C00122045").value(),
                                                .visual_number = "",
                                                .issuer = "MSP",
                                                .group_id = "",
                                                .whitelist = domain::TokenWhitelist::kAllowed,
                                                .language = "",
                                                .valid_from = std::nullopt,
                                                .valid_until = std::nullopt,
                                                .cost_centre = ""}));
  }

  domain::TariffPlanVersion AddVersion(const char* valid_from, const char* energy_anywhere,
                                       const char* energy_for_lease_in_amsterdam) {
    const auto rule = [](std::optional<domain::LocationGroupId> group,
                         std::optional<domain::BusinessPartnerGroupId> partners, domain::TariffCodeId code,
                         const char* price) {
      return domain::NewTariffPlanRule{.location_group = group,
                                       .business_partner_group = partners,
                                       .tariff_code = code,
                                       .unit_price = D(price),
                                       .priority = 0,
                                       .restrictions = {}};
    };
    return repositories_.tariff_plans()
        .AddVersion(tenant_,
                    {.valid_from = At(valid_from),
                     .currency = Eur(),
                     .min_session_price = std::nullopt,
                     .max_session_price = std::nullopt,
                     .rules = {rule(std::nullopt, std::nullopt, energy_, energy_anywhere),
                               rule(amsterdam_, lease_companies_, energy_, energy_for_lease_in_amsterdam),
                               rule(std::nullopt, std::nullopt, fee_, "0.50")}})
        .value();
  }

  domain::LocationId AddLocation(const char* id) {
    const Instant synced = At("2025-01-02T10:00:00Z");
    domain::Location location{
        .key = {.party = Alfa(), .location_id = id},
        .publish = true,
        .name = "Dam",
        .address = "Dam 1",
        .city = "Amsterdam",
        .postal_code = "1012 JS",
        .country = CountryFromAlpha3("NLD").value(),
        .coordinates = {.latitude = "52.3731000", .longitude = "4.8926000"},
        .time_zone = "Europe/Amsterdam",
        .parking_type = std::nullopt,
        .facilities = {},
        .last_updated = synced,
        .evses = {domain::Evse{.uid = "AC-1",
                               .evse_id = "NL*ALF*E0001",
                               .status = domain::EvseStatus::kAvailable,
                               .last_updated = synced,
                               .connectors = {domain::Connector{.id = "1",
                                                                .standard = "IEC_62196_T2",
                                                                .format = domain::ConnectorFormat::kSocket,
                                                                .power_type = domain::PowerType::kAc3Phase,
                                                                .max_voltage = 230,
                                                                .max_amperage = 16,
                                                                .max_electric_power = std::nullopt,
                                                                .tariff_ids = {},
                                                                .last_updated = synced,
                                                                .raw_json = "{}"}},
                               .raw_json = "{}"}},
        .raw_json = "{}"};
    repositories_.locations().Upsert(tenant_, location).value();
    return repositories_.locations().Find(tenant_, location.key).value().id;
  }

  // A CDR of an hour from `hour`:00 UTC on 3 March 2025, `kwh` charged, costing `cost` excl. VAT.
  domain::CpoCdrId Ingest(const std::string& id, const std::string& uid, const std::string& location_id,
                          const std::string& hour, const char* kwh, const char* cost) {
    const std::string start = "2025-03-03T" + hour + ":00:00Z";
    const Instant started = At(start);
    const std::string end = FormatOcpiDateTime(started + std::chrono::hours(1));
    const std::string body =
        R"({"country_code":"NL","party_id":"ALF","id":")" + id + R"(","start_date_time":")" + start +
        R"(","end_date_time":")" + end + R"(","cdr_token":{"country_code":"NL","party_id":"TNM","uid":")" +
        uid +
        R"(","type":"RFID","contract_id":"NL-TNM-C00122045"},"auth_method":"WHITELIST","cdr_location":{"id":")" +
        location_id +
        R"(","country":"NLD","evse_uid":"AC-1","evse_id":"NL*ALF*E0001","connector_id":"1",)"
        R"("connector_standard":"IEC_62196_T2","connector_format":"SOCKET","connector_power_type":"AC_3_PHASE"},)"
        R"("currency":"EUR","charging_periods":[{"start_date_time":")" +
        start + R"(","dimensions":[{"type":"ENERGY","volume":)" + kwh +
        R"(},{"type":"TIME","volume":1}]}],"total_cost":{"excl_vat":)" + cost + R"(},"total_energy":)" + kwh +
        R"(,"total_time":1,"last_updated":"2025-03-03T18:00:00Z"})";
    return ingestor_
        ->Ingest({.tenant_id = tenant_,
                  .cpo = Alfa(),
                  .cdr_id = id,
                  .body = body,
                  .start_date_time = started,
                  .end_date_time = started + std::chrono::hours(1),
                  .currency = Eur(),
                  .total_cost_excl_vat = D(cost),
                  .total_cost_incl_vat = std::nullopt,
                  .total_energy = D(kwh),
                  .total_time = D("1"),
                  .token_uid = uid,
                  .token_type = domain::TokenType::kRfid,
                  .contract_id = "NL-TNM-C00122045",
                  .location_id = location_id,
                  .evse_uid = "AC-1",
                  .last_updated = At("2025-03-03T18:00:00Z"),
                  .organisation_unit_id = std::nullopt})
        .value()
        .id;
  }

  domain::MspCdr MspOf(domain::CpoCdrId id) {
    return repositories_.msp_cdrs().FindByCpoCdr(tenant_, id).value();
  }

  // The amount of each line, by tariff code.
  std::map<domain::TariffCodeId, Decimal> Amounts(const domain::MspCdr& cdr) {
    std::map<domain::TariffCodeId, Decimal> amounts;
    for (const domain::MspCdrLine& line : cdr.rating.lines)
      amounts.emplace(line.tariff_code.value(), line.amount);
    return amounts;
  }

  test::TempDirectory directory_{"openmsp_rating_cli_test"};
  ManualClock clock_{At("2024-12-01T00:00:00Z")};
  store::Repositories repositories_ = [this] {
    const store::DatabaseUrl url = store::ParseDatabaseUrl(DatabaseUrl()).value();
    store::OpenAndMigrate(url).value();
    return store::Repositories::Open(url, clock_).value();
  }();
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(store::ParseDatabaseUrl(DatabaseUrl()).value(), clock_).value();
  domain::TenantId tenant_;
  domain::OrganisationUnitId lease_, fleet_;
  domain::BusinessPartnerGroupId lease_companies_;
  domain::ProfileId profile_;
  domain::LocationGroupId amsterdam_;
  domain::TariffCodeId energy_, fee_;
  domain::CpoCdrId cdr1_, cdr2_, cdr3_;
};

// The numbers of the what-if row whose name (first 32 columns) is `name`: CDRs, held, held*, revenue,
// revenue*, Δ revenue, margin, margin*, Δ margin.
std::vector<std::string> ReportRow(const std::string& report, const std::string& name) {
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 32 || line.substr(0, 32).find_last_not_of(' ') == std::string::npos) continue;
    if (line.substr(0, line.substr(0, 32).find_last_not_of(' ') + 1) != name) continue;
    std::istringstream cells(line.substr(32));
    std::vector<std::string> numbers;
    for (std::string cell; cells >> cell;) numbers.push_back(cell);
    return numbers;
  }
  return {"no row " + name};
}

TEST_F(RatingCliTest, RateStoresTheMspCdrsAndHoldsTheOneOfAnUnknownCardUntilTheCardExists) {
  const test::ProcessResult rated = Run({"rate", "--tenant", "msp"});
  ASSERT_EQ(rated.exit_code, 0) << rated.err;
  EXPECT_EQ(rated.out, "stored 3 new MSP CDRs; 0 that needed attention are now rated\n");

  // CDR-1, at LOC-1 (Amsterdam) for a lease company's driver: the group + partner price.
  const domain::MspCdr first = MspOf(cdr1_);
  ASSERT_FALSE(first.NeedsAttention()) << first.rating.attention_detail;
  EXPECT_EQ(first.rating.location_group_id, amsterdam_);
  EXPECT_EQ(first.rating.business_partner_groups, std::vector{lease_companies_});
  EXPECT_EQ(first.rating.profile_id, profile_);
  EXPECT_EQ(first.rating.organisation_unit_id, fleet_);
  EXPECT_EQ(first.rating.billing_unit_id, lease_);  // the nearest unit with billing details
  EXPECT_EQ(Amounts(first), (std::map<domain::TariffCodeId, Decimal>{{energy_, D("3.00")},  // 10 kWh × 0.30
                                                                     {fee_, D("0.50")}}));  // 1 × 0.50
  EXPECT_EQ(first.rating.total_excl_vat, D("3.50"));                                        // 3.00 + 0.50
  EXPECT_EQ(first.rating.vat_percent, D("21"));
  EXPECT_EQ(first.rating.vat_amount, D("0.74"));      // 3.50 × 21 % = 0.735, half up
  EXPECT_EQ(first.rating.total_incl_vat, D("4.24"));  // 3.50 + 0.74
  EXPECT_EQ(first.rating.cpo_cost, D("2.80"));
  EXPECT_EQ(first.rating.margin, D("0.70"));  // 3.50 − 2.80
  EXPECT_FALSE(first.rating.explanation.empty());

  // CDR-2, at a location never synced: Default group, where only the ANY price applies.
  const domain::MspCdr second = MspOf(cdr2_);
  ASSERT_FALSE(second.NeedsAttention()) << second.rating.attention_detail;
  EXPECT_NE(second.rating.location_group_id, amsterdam_);
  EXPECT_EQ(Amounts(second),
            (std::map<domain::TariffCodeId, Decimal>{{energy_, D("4.38")},  // 12.5 × 0.35 = 4.375
                                                     {fee_, D("0.50")}}));
  EXPECT_EQ(second.rating.total_excl_vat, D("4.88"));  // 4.38 + 0.50
  EXPECT_EQ(second.rating.vat_amount, D("1.02"));      // 4.88 × 21 % = 1.0248
  EXPECT_EQ(second.rating.total_incl_vat, D("5.90"));
  EXPECT_EQ(second.rating.margin, D("1.78"));  // 4.88 − 3.10

  // CDR-3: the card is unknown. Stored as needing attention, never priced at 0.
  const domain::MspCdr held = MspOf(cdr3_);
  EXPECT_EQ(held.rating.attention, domain::AttentionReason::kUnknownToken);
  EXPECT_TRUE(held.rating.lines.empty());
  EXPECT_EQ(repositories_.msp_cdrs().List(tenant_, {.needs_attention = true})->size(), 1u);

  // Nothing new, and the card is still unknown.
  const test::ProcessResult again = Run({"rate", "--tenant", "msp"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "stored 0 new MSP CDRs; 0 that needed attention are now rated\n");

  // Once the card exists, the same MSP CDR is rated: Amsterdam + lease price.
  AddCard("FFFFFFFF");
  const test::ProcessResult released = Run({"rate", "--tenant", "msp"});
  ASSERT_EQ(released.exit_code, 0) << released.err;
  EXPECT_EQ(released.out, "stored 0 new MSP CDRs; 1 that needed attention are now rated\n");
  const domain::MspCdr third = MspOf(cdr3_);
  EXPECT_EQ(third.id, held.id);
  ASSERT_FALSE(third.NeedsAttention()) << third.rating.attention_detail;
  EXPECT_EQ(third.rating.total_excl_vat, D("2.90"));  // 8 kWh × 0.30 = 2.40, + 0.50
  EXPECT_EQ(third.rating.vat_amount, D("0.61"));      // 2.90 × 21 % = 0.609
  EXPECT_EQ(third.rating.total_incl_vat, D("3.51"));
  EXPECT_EQ(third.rating.margin, D("0.50"));  // 2.90 − 2.40
  EXPECT_EQ(MspOf(cdr1_), first);             // the others are left as they were
  EXPECT_EQ(MspOf(cdr2_), second);
  EXPECT_TRUE(repositories_.msp_cdrs().List(tenant_, {.needs_attention = true})->empty());
}

TEST_F(RatingCliTest, RerateReportsWhatADearerDraftWouldChangeAndStoresNothing) {
  ASSERT_EQ(Run({"rate", "--tenant", "msp"}).exit_code, 0);
  const std::vector<domain::MspCdr> before = repositories_.msp_cdrs().List(tenant_, {}).value();
  ASSERT_EQ(before.size(), 3u);

  // The draft: ENERGY 0.45 anywhere, 0.40 for lease companies in Amsterdam; the fee stays 0.50.
  const domain::TariffPlanVersion draft = AddVersion("2027-01-01T00:00:00Z", "0.45", "0.40");
  const test::ProcessResult report =
      Run({"rerate", "--tenant", "msp", "--plan", std::to_string(draft.id.value), "--from", "2025-03-03",
           "--to", "2025-03-04"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(report.err, "");

  // Now: CDR-1 3.50 (margin 0.70), CDR-2 4.88 (margin 1.78), CDR-3 held.
  // Draft: CDR-1 10 × 0.40 + 0.50 = 4.50 (margin 1.70); CDR-2 12.5 × 0.45 = 5.625 → 5.63, + 0.50 = 6.13
  // (margin 3.03); CDR-3 still held.
  //                                         CDRs held held* revenue revenue*  Δ     margin margin*  Δ
  EXPECT_THAT(ReportRow(report.out, "All CDRs"),
              ElementsAre("3", "1", "1", "8.38", "10.63", "2.25", "2.48", "4.73", "2.25"));
  EXPECT_THAT(ReportRow(report.out, "  Amsterdam"),  // CDR-1 and the held CDR-3
              ElementsAre("2", "1", "1", "3.50", "4.50", "1.00", "0.70", "1.70", "1.00"));
  EXPECT_THAT(ReportRow(report.out, "  Default"),  // CDR-2
              ElementsAre("1", "0", "0", "4.88", "6.13", "1.25", "1.78", "3.03", "1.25"));
  EXPECT_THAT(ReportRow(report.out, "  Lease companies"),  // CDR-1 and CDR-2
              ElementsAre("2", "0", "0", "8.38", "10.63", "2.25", "2.48", "4.73", "2.25"));
  EXPECT_THAT(ReportRow(report.out, "  (in no group)"),  // CDR-3: no customer
              ElementsAre("1", "1", "1", "0", "0", "0", "0", "0", "0"));

  // A what-if stores nothing: the MSP CDRs are exactly as before, none for the draft.
  EXPECT_EQ(repositories_.msp_cdrs().List(tenant_, {}).value(), before);
  EXPECT_EQ(MspOf(cdr1_).rating.total_excl_vat, D("3.50"));

  // A period without CDRs: all zero.
  const test::ProcessResult empty =
      Run({"rerate", "--tenant", "msp", "--plan", std::to_string(draft.id.value), "--from", "2025-03-04",
           "--to", "2025-03-05"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(ReportRow(empty.out, "All CDRs"), ElementsAre("0", "0", "0", "0", "0", "0", "0", "0", "0"));
}

TEST_F(RatingCliTest, RefusesAnUnknownTenantOrPlanVersionAndABackwardsPeriod) {
  const test::ProcessResult no_tenant = Run({"rate", "--tenant", "nope"});
  EXPECT_EQ(no_tenant.exit_code, 1);
  EXPECT_EQ(no_tenant.err, "openmsp rate: --tenant: no tenant has the slug nope\n");

  const test::ProcessResult no_plan =
      Run({"rerate", "--tenant", "msp", "--plan", "999", "--from", "2025-03-03", "--to", "2025-03-04"});
  EXPECT_EQ(no_plan.exit_code, 1);
  EXPECT_THAT(no_plan.err, HasSubstr("openmsp rerate: --plan: "));

  const test::ProcessResult backwards =
      Run({"rerate", "--tenant", "msp", "--plan", "1", "--from", "2025-03-04", "--to", "2025-03-03"});
  EXPECT_EQ(backwards.exit_code, 2);  // an option value that breaks a rule: usage
  EXPECT_EQ(backwards.err, "openmsp rerate: --to: must be a later date than --from\n");

  EXPECT_TRUE(repositories_.msp_cdrs().List(tenant_, {})->empty());
}

}  // namespace
}  // namespace openmsp
