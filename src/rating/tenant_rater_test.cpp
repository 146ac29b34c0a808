// TenantRater, RateBacklog, RerateNeedsAttention and RerateWhatIf over the real store, on SQLite and
// PostgreSQL: customers found through token, profile and unit tree, places through the stored location
// or the CDR's own cdr_location, and MSP CDRs stored and re-rated.

#include "rating/tenant_rater.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "rating/what_if.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repository_test_backends.h"

namespace openmsp::rating {
namespace {

using domain::AttentionReason;
using domain::MspCdr;
using store::Repositories;

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }
Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }
PartyId Cpo() { return PartyId::Parse("NL-ALF").value(); }

// An OCPI CDR body: one hour from `start` (UTC, on the hour), 10 kWh, costing 2.80 excl. VAT.
std::string Body(const std::string& id, const std::string& uid, const std::string& location_id,
                 const std::string& start_hour, const std::string& extra = "") {
  const std::string day = "2026-03-02T";
  const std::string end_hour = std::to_string(std::stoi(start_hour) + 1);
  return R"({"country_code":"NL","party_id":"ALF","id":")" + id + R"(","start_date_time":")" + day +
         start_hour + R"(:00:00Z","end_date_time":")" + day + (end_hour.size() == 1 ? "0" : "") + end_hour +
         R"(:00:00Z","cdr_token":{"country_code":"NL","party_id":"TNM","uid":")" + uid +
         R"(","type":"RFID","contract_id":"NL-TNM-C00122045"},"auth_method":"WHITELIST",)" +
         R"("cdr_location":{"id":")" + location_id +
         R"(","country":"NLD","evse_uid":"AC-1","evse_id":"NL*ALF*E0001","connector_id":"1",)" +
         R"("connector_standard":"IEC_62196_T2","connector_format":"SOCKET","connector_power_type":"AC_3_PHASE"},)" +
         R"("currency":"EUR","charging_periods":[{"start_date_time":")" + day + start_hour +
         R"(:00:00Z","dimensions":[{"type":"ENERGY","volume":10},{"type":"TIME","volume":1}]}],)" +
         R"("total_cost":{"excl_vat":2.80},"total_energy":10,"total_time":1,)" + extra +
         R"("last_updated":"2026-03-02T12:00:00Z"})";
}

template <class Backend>
class TenantRaterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = repositories_.tenants()
                  .Create(domain::NewTenant{.slug = "msp",
                                            .name = "MSP",
                                            .default_currency = Eur(),
                                            .parties = {PartyId::Parse("NL-TNM").value()}})
                  .value()
                  .id;
    const auto units = [&](std::optional<domain::OrganisationUnitId> parent, const char* name, bool billing) {
      std::optional<domain::BillingDetails> details;
      if (billing)
        details = domain::BillingDetails{
            .legal_name = "Lease B.V.", .address = "", .vat_number = "", .email = "", .cost_centre = ""};
      return repositories_.organisation_units()
          .Create(tenant_, domain::NewOrganisationUnit{.parent_id = parent, .name = name, .billing = details})
          .value()
          .id;
    };
    root_ = units(std::nullopt, "Root", false);
    lease_ = units(root_, "Lease", true);
    fleet_ = units(lease_, "Fleet", false);
    partners_ =
        repositories_.business_partner_groups()
            .Create(tenant_, domain::NewBusinessPartnerGroup{.name = "Lease companies", .units = {lease_}})
            .value()
            .id;
    profile_ = repositories_.profiles()
                   .Create(tenant_, domain::NewProfile{.organisation_unit_id = fleet_,
                                                       .name = "Driver",
                                                       .kind = domain::ProfileKind::kDriver,
                                                       .email = "",
                                                       .prices_hidden = false})
                   .value()
                   .id;
    AddToken("04A1B2C3D4E5F6");
    fast_ = repositories_.location_groups()
                .Create(tenant_, domain::NewLocationGroup{.name = "Amsterdam", .priority = 1, .criteria = {}})
                .value()
                .id;
    // The group takes the one location explicitly; everything else is Default.
    domain::StoredLocation stored = Upsert("LOC-1");
    domain::NewLocationGroup change{.name = "Amsterdam", .priority = 1, .criteria = {}};
    change.criteria.locations = {stored.id};
    repositories_.location_groups().Update(tenant_, fast_, change).value();

    const domain::TariffCode energy =
        repositories_.tariff_codes()
            .Create(tenant_, domain::NewTariffCode{.code = "ENERGY",
                                                   .kind = domain::TariffCodeKind::kEnergy,
                                                   .unit = domain::TariffUnit::kKwh,
                                                   .step_size = D("0.001"),
                                                   .free_units = D("0"),
                                                   .grace_period = {},
                                                   .description = "Energy"})
            .value();
    energy_ = energy.id;
    repositories_.tariff_plans().Create(tenant_, {.name = "Public"}).value();
    AddVersion("2026-01-01T00:00:00Z", "0.35");
    ASSERT_TRUE(repositories_.tenant_settings().ReplaceVatRates(
        tenant_,
        std::vector{domain::VatRate{CountryFromAlpha2("NL").value(), LocalDate{2020, 1, 1}, D("21")}}));
    clock_.Set(At("2026-03-03T00:00:00Z"));  // the CDRs of 2 March arrive the day after
  }

  void AddToken(const char* uid) {
    domain::NewToken token{.profile_id = profile_,
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
                           .cost_centre = ""};
    ASSERT_TRUE(repositories_.tokens().Create(tenant_, token));
  }

  // A version from `valid_from` with the energy rule at `ANY` price `any_price` and at `price_here` in
  // the Amsterdam group for lease companies.
  domain::TariffPlanVersion AddVersion(const char* valid_from, const char* any_price,
                                       const char* price_here = "0.30") {
    return repositories_.tariff_plans()
        .AddVersion(tenant_,
                    domain::NewTariffPlanVersion{
                        .valid_from = At(valid_from),
                        .currency = Eur(),
                        .min_session_price = std::nullopt,
                        .max_session_price = std::nullopt,
                        .rules = {domain::NewTariffPlanRule{.location_group = std::nullopt,
                                                            .business_partner_group = std::nullopt,
                                                            .tariff_code = energy_,
                                                            .unit_price = D(any_price),
                                                            .priority = 0,
                                                            .restrictions = {}},
                                  domain::NewTariffPlanRule{.location_group = fast_,
                                                            .business_partner_group = partners_,
                                                            .tariff_code = energy_,
                                                            .unit_price = D(price_here),
                                                            .priority = 0,
                                                            .restrictions = {}}}})
        .value();
  }

  domain::StoredLocation Upsert(const char* id) {
    domain::Location location{
        .key = {.party = Cpo(), .location_id = id},
        .publish = true,
        .name = "Gravenhekje",
        .address = "Gravenhekje 1",
        .city = "Amsterdam",
        .postal_code = "1011 TG",
        .country = CountryFromAlpha3("NLD").value(),
        .coordinates = {.latitude = "52.3740300", .longitude = "4.9000000"},
        .time_zone = "Europe/Amsterdam",
        .parking_type = std::nullopt,
        .facilities = {},
        .last_updated = At("2026-01-01T10:00:00Z"),
        .evses = {domain::Evse{.uid = "AC-1",
                               .evse_id = "NL*ALF*E0001",
                               .status = domain::EvseStatus::kAvailable,
                               .last_updated = At("2026-01-01T10:00:00Z"),
                               .connectors = {domain::Connector{.id = "1",
                                                                .standard = "IEC_62196_T2",
                                                                .format = domain::ConnectorFormat::kSocket,
                                                                .power_type = domain::PowerType::kAc3Phase,
                                                                .max_voltage = 230,
                                                                .max_amperage = 16,
                                                                .max_electric_power = std::nullopt,
                                                                .tariff_ids = {},
                                                                .last_updated = At("2026-01-01T10:00:00Z"),
                                                                .raw_json = "{}"}},
                               .raw_json = "{}"}},
        .raw_json = "{}"};
    repositories_.locations().Upsert(tenant_, location).value();
    return repositories_.locations().Find(tenant_, location.key).value();
  }

  domain::CpoCdrId Ingest(const std::string& id, const std::string& uid, const std::string& location_id,
                          const std::string& hour, const std::string& extra = "") {
    const std::string body = Body(id, uid, location_id, hour, extra);
    const Instant start = At("2026-03-02T" + hour + ":00:00Z");
    const domain::CpoCdrReceipt receipt =
        ingestor_
            ->Ingest(domain::NewCpoCdr{.tenant_id = tenant_,
                                       .cpo = Cpo(),
                                       .cdr_id = id,
                                       .body = body,
                                       .start_date_time = start,
                                       .end_date_time = start + std::chrono::hours(1),
                                       .currency = Eur(),
                                       .total_cost_excl_vat = D("2.80"),
                                       .total_cost_incl_vat = std::nullopt,
                                       .total_energy = D("10"),
                                       .total_time = D("1"),
                                       .token_uid = uid,
                                       .token_type = domain::TokenType::kRfid,
                                       .contract_id = "NL-TNM-C00122045",
                                       .location_id = location_id,
                                       .evse_uid = "AC-1",
                                       .last_updated = At("2026-03-02T12:00:00Z"),
                                       .organisation_unit_id = std::nullopt})
            .value();
    return receipt.id;
  }

  RatingStores Stores() { return RatingStoresOf(repositories_); }

  std::size_t RateAll(int batch_size = 1000) {
    Repositories writing = backend_.Open(clock_);
    return RateBacklog(Stores(), writing.msp_cdrs(), tenant_,
                       {.batch_size = batch_size, .stop_requested = {}})
        .value();
  }

  MspCdr MspOf(domain::CpoCdrId id) { return repositories_.msp_cdrs().FindByCpoCdr(tenant_, id).value(); }

  ManualClock clock_{At("2025-12-01T00:00:00Z")};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(backend_.url(), clock_).value();
  domain::TenantId tenant_;
  domain::OrganisationUnitId root_, lease_, fleet_;
  domain::BusinessPartnerGroupId partners_;
  domain::ProfileId profile_;
  domain::LocationGroupId fast_;
  domain::TariffCodeId energy_;
};

TYPED_TEST_SUITE(TenantRaterTest, store::Backends, store::BackendNames);

TYPED_TEST(TenantRaterTest, RatesStoredCdrsWithCustomerAndPlaceFromTheStore) {
  const domain::CpoCdrId here = this->Ingest("CDR-1", "04a1b2c3d4e5f6", "LOC-1", "10");
  const domain::CpoCdrId elsewhere = this->Ingest("CDR-2", "04A1B2C3D4E5F6", "LOC-NEVER-SYNCED", "11");
  EXPECT_EQ(this->RateAll(), 2u);
  EXPECT_EQ(this->RateAll(), 0u);  // nothing left

  const MspCdr at_home = this->MspOf(here);
  ASSERT_FALSE(at_home.NeedsAttention()) << at_home.rating.attention_detail;
  EXPECT_EQ(at_home.rating.profile_id, this->profile_);
  EXPECT_EQ(at_home.rating.organisation_unit_id, this->fleet_);
  EXPECT_EQ(at_home.rating.billing_unit_id, this->lease_);  // the nearest unit with billing details
  EXPECT_EQ(at_home.rating.business_partner_groups, std::vector{this->partners_});
  EXPECT_EQ(at_home.rating.location_group_id, this->fast_);
  EXPECT_EQ(at_home.rating.total_excl_vat, D("3.00"));  // 10 kWh × 0.30, the group + partner price
  EXPECT_EQ(at_home.rating.total_incl_vat, D("3.63"));  // + 0.63 VAT
  EXPECT_EQ(at_home.rating.margin, D("0.20"));          // 3.00 − 2.80
  EXPECT_FALSE(at_home.rating.explanation.empty());

  // Never synced: classified from cdr_location (Default group), Amsterdam time from the country.
  const MspCdr away = this->MspOf(elsewhere);
  ASSERT_FALSE(away.NeedsAttention()) << away.rating.attention_detail;
  EXPECT_NE(away.rating.location_group_id, this->fast_);
  EXPECT_EQ(away.rating.total_excl_vat, D("3.50"));  // 10 kWh × 0.35
}

TYPED_TEST(TenantRaterTest, AnUnknownTokenIsHeldUntilTheTokenExists) {
  const domain::CpoCdrId cdr = this->Ingest("CDR-1", "AABBCCDD", "LOC-1", "10");
  EXPECT_EQ(this->RateAll(), 1u);
  const MspCdr held = this->MspOf(cdr);
  EXPECT_EQ(held.rating.attention, AttentionReason::kUnknownToken);
  EXPECT_TRUE(held.rating.lines.empty());

  const RatingStores stores = this->Stores();
  TenantRater before = TenantRater::Load(stores, this->tenant_).value();
  EXPECT_EQ(RerateNeedsAttention(before, stores).value(), 0u);  // still unknown

  this->AddToken("AABBCCDD");
  TenantRater after = TenantRater::Load(stores, this->tenant_).value();
  EXPECT_EQ(RerateNeedsAttention(after, stores).value(), 1u);
  const MspCdr rated = this->MspOf(cdr);
  EXPECT_EQ(rated.id, held.id);  // the same MSP CDR, now rated
  EXPECT_FALSE(rated.NeedsAttention());
  EXPECT_EQ(rated.rating.total_excl_vat, D("3.00"));
}

TYPED_TEST(TenantRaterTest, ACreditInTheSameBatchCancelsItsOriginal) {
  const domain::CpoCdrId original = this->Ingest("CDR-1", "04A1B2C3D4E5F6", "LOC-1", "10");
  const domain::CpoCdrId credit = this->Ingest("CDR-1-CREDIT", "04A1B2C3D4E5F6", "LOC-1", "10",
                                               R"("credit":true,"credit_reference_id":"cdr-1",)");
  EXPECT_EQ(this->RateAll(), 2u);
  const MspCdr first = this->MspOf(original);
  const MspCdr second = this->MspOf(credit);
  ASSERT_FALSE(second.NeedsAttention()) << second.rating.attention_detail;
  EXPECT_EQ(second.rating.credit_of, first.id);
  EXPECT_EQ(first.rating.total_incl_vat + second.rating.total_incl_vat, D("0"));
}

TYPED_TEST(TenantRaterTest, ABacklogIsRatedBatchByBatchWithCreditsOfEarlierBatchesFound) {
  // Batches of two: the original is in the first, its credit in the third, a credit of an original that
  // comes later in the backlog (CDR-5) in the second.
  const domain::CpoCdrId original = this->Ingest("CDR-1", "04A1B2C3D4E5F6", "LOC-1", "10");
  this->Ingest("CDR-2", "04A1B2C3D4E5F6", "LOC-1", "11");
  this->Ingest("CDR-3", "FFFFFFFF", "LOC-1", "12");  // unknown token: held
  const domain::CpoCdrId early_credit = this->Ingest("CDR-5-CREDIT", "04A1B2C3D4E5F6", "LOC-1", "13",
                                                     R"("credit":true,"credit_reference_id":"CDR-5",)");
  const domain::CpoCdrId credit = this->Ingest("CDR-1-CREDIT", "04A1B2C3D4E5F6", "LOC-1", "10",
                                               R"("credit":true,"credit_reference_id":"CDR-1",)");
  const domain::CpoCdrId later = this->Ingest("CDR-5", "04A1B2C3D4E5F6", "LOC-1", "14");
  EXPECT_EQ(this->RateAll(2), 6u);
  EXPECT_EQ(this->RateAll(2), 0u);

  EXPECT_EQ(this->MspOf(credit).rating.credit_of, this->MspOf(original).id);
  const MspCdr rated_at_the_end = this->MspOf(early_credit);
  ASSERT_FALSE(rated_at_the_end.NeedsAttention()) << rated_at_the_end.rating.attention_detail;
  EXPECT_EQ(rated_at_the_end.rating.credit_of, this->MspOf(later).id);
  EXPECT_EQ(rated_at_the_end.rating.total_excl_vat, D("-3.00"));
}

// A CPO may send a credit before its original (both pushed at once, or the original pulled later): the
// run that rates the credit holds it; the run that rates the original releases it.
TYPED_TEST(TenantRaterTest, ACreditRatedBeforeItsOriginalArrivedIsReleasedByTheRunThatRatesTheOriginal) {
  const domain::CpoCdrId credit = this->Ingest("CDR-7-CREDIT", "04A1B2C3D4E5F6", "LOC-1", "10",
                                               R"("credit":true,"credit_reference_id":"CDR-7",)");
  EXPECT_EQ(this->RateAll(), 1u);
  const MspCdr held = this->MspOf(credit);
  ASSERT_TRUE(held.NeedsAttention());
  EXPECT_EQ(held.rating.attention, domain::AttentionReason::kUnknownCreditReference);

  const domain::CpoCdrId original = this->Ingest("CDR-7", "04A1B2C3D4E5F6", "LOC-1", "10");
  EXPECT_EQ(this->RateAll(), 1u);
  const MspCdr released = this->MspOf(credit);
  ASSERT_FALSE(released.NeedsAttention()) << released.rating.attention_detail;
  EXPECT_EQ(released.id, held.id);
  EXPECT_EQ(released.rating.credit_of, this->MspOf(original).id);
  EXPECT_EQ(released.rating.total_excl_vat, D("-3.00"));
}

TYPED_TEST(TenantRaterTest, ABacklogRunAskedToStopKeepsWhatItStoredAndLeavesTheRest) {
  for (int hour = 10; hour < 15; ++hour) {
    this->Ingest("CDR-" + std::to_string(hour), "04A1B2C3D4E5F6", "LOC-1", std::to_string(hour));
  }
  Repositories writing = this->backend_.Open(this->clock_);
  int batches = 0;
  const BacklogOptions stop_after_one{.batch_size = 2,
                                      .stop_requested = [&batches] { return batches++ > 0; }};
  EXPECT_EQ(RateBacklog(this->Stores(), writing.msp_cdrs(), this->tenant_, stop_after_one).value(), 2u);
  EXPECT_EQ(this->RateAll(), 3u);  // the next run takes the rest
  EXPECT_EQ(
      RateBacklog(this->Stores(), writing.msp_cdrs(), this->tenant_, {.batch_size = 0, .stop_requested = {}})
          .error()
          .field,
      "batch_size");
}

TYPED_TEST(TenantRaterTest, WhatIfRatesAPeriodWithADraftWithoutStoringAnything) {
  this->Ingest("CDR-1", "04A1B2C3D4E5F6", "LOC-1", "10");
  this->Ingest("CDR-2", "04A1B2C3D4E5F6", "LOC-ELSEWHERE", "11");
  this->Ingest("CDR-3", "FFFFFFFF", "LOC-1", "12");  // unknown token: held either way
  const domain::TariffPlanVersion draft = this->AddVersion("2027-01-01T00:00:00Z", "0.45", "0.40");

  const WhatIfReport report = RerateWhatIf(this->Stores(), this->tenant_, draft, At("2026-03-02T00:00:00Z"),
                                           At("2026-03-03T00:00:00Z"))
                                  .value();
  EXPECT_EQ(report.total.cdrs, 3u);
  EXPECT_EQ(report.total.held_now, 1u);
  EXPECT_EQ(report.total.held_draft, 1u);
  EXPECT_EQ(report.total.revenue_now, D("6.50"));    // 3.00 + 3.50
  EXPECT_EQ(report.total.revenue_draft, D("8.50"));  // 4.00 + 4.50
  EXPECT_EQ(report.total.margin_draft, D("2.90"));   // 8.50 − 2 × 2.80
  EXPECT_EQ(report.by_location_group.at(this->fast_).revenue_draft, D("4.00"));
  EXPECT_EQ(report.by_business_partner_group.at(this->partners_).cdrs, 2u);
  EXPECT_TRUE(this->repositories_.msp_cdrs().List(this->tenant_, {}).value().empty());  // nothing stored

  const std::string table =
      FormatWhatIfReport(report, TenantRater::Load(this->Stores(), this->tenant_)->book());
  EXPECT_NE(table.find("Lease companies"), std::string::npos) << table;
  EXPECT_NE(table.find("Amsterdam"), std::string::npos) << table;
}

}  // namespace
}  // namespace openmsp::rating
