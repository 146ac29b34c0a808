#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "domain/msp_cdr.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"

// CDRs for the tests of cdr_routes.cpp: a tenant's book (the RFID card `04CAFE01`, three tariff codes, the
// plan `Public` whose first version — from 2025, energy at 0.55 per kWh, nothing else — rates real CDRs, and
// a scheduled second version with the three rules the sample MSP CDRs name; VAT 21 % in BE and NL), CPO CDRs
// stored as received (test/support's sample: Gent, 20.75 kWh, 90 minutes, CPO BE-BEC, 10.24 excl. VAT)
// and MSP CDRs stored as rating would (the sample: 11.45 excl. VAT, 13.85 incl. VAT, margin 1.57).
namespace openmsp::api::test {

/// The token uid of the book's card.
inline constexpr const char* kBookCardUid = "04CAFE01";

/// What a tenant's sample MSP CDRs refer to: made on the first call (the card held by a profile made in
/// `unit`), read back on later ones.
inline openmsp::test::MspCdrSample BookOf(store::Repositories& db, domain::TenantId tenant,
                                          domain::OrganisationUnitId unit) {
  const Decimal zero;
  if (!db.tokens().FindByUid(tenant, kBookCardUid, domain::TokenType::kRfid)) {
    const domain::Tenant found = db.tenants().FindById(tenant).value();
    const domain::ProfileId holder =
        db.profiles()
            .Create(tenant, domain::NewProfile{.organisation_unit_id = unit,
                                               .name = "Card holder",
                                               .kind = domain::ProfileKind::kDriver,
                                               .email = "",
                                               .prices_hidden = false})
            .value()
            .id;
    (void)db.tokens()
        .Issue(tenant, found.parties.front(),
               domain::TokenToIssue{.profile_id = holder,
                                    .uid = kBookCardUid,
                                    .type = domain::TokenType::kRfid,
                                    .visual_number = "",
                                    .issuer = found.name,
                                    .group_id = "",
                                    .whitelist = domain::TokenWhitelist::kAllowed,
                                    .language = "",
                                    .valid_from = std::nullopt,
                                    .valid_until = std::nullopt,
                                    .cost_centre = ""})
        .value();
    const domain::TariffCodeKind kinds[] = {domain::TariffCodeKind::kEnergy,
                                            domain::TariffCodeKind::kChargingTime,
                                            domain::TariffCodeKind::kSessionFee};
    const domain::TariffUnit units[] = {domain::TariffUnit::kKwh, domain::TariffUnit::kHour,
                                        domain::TariffUnit::kSession};
    const char* steps[] = {"0.001", "0.25", "1"};
    std::vector<domain::NewTariffPlanRule> rules;
    for (std::size_t k = 0; k < 3; ++k) {
      const domain::TariffCode code =
          db.tariff_codes()
              .Create(tenant, domain::NewTariffCode{.code = "CDR-" + std::to_string(k),
                                                    .kind = kinds[k],
                                                    .unit = units[k],
                                                    .step_size = Decimal::Parse(steps[k]).value(),
                                                    .free_units = zero,
                                                    .grace_period = {},
                                                    .description = "Code " + std::to_string(k)})
              .value();
      rules.push_back(domain::NewTariffPlanRule{.location_group = std::nullopt,
                                                .business_partner_group = std::nullopt,
                                                .tariff_code = code.id,
                                                .unit_price = Decimal::Parse("0.39").value(),
                                                .priority = 0,
                                                .restrictions = {}});
    }
    const Currency eur = Currency::Find("EUR").value();
    // The book's versions follow whatever versions the tenant has already (the authorization test's plan
    // cases may have made some): an energy-only one in force since 2025 when it has no plan, and the
    // three-rule one scheduled after its latest.
    Instant scheduled_from = ParseOcpiDateTime("2027-01-01T00:00:00Z").value();
    if (!db.tariff_plans().Find(tenant)) {
      (void)db.tariff_plans().Create(tenant, {.name = "Public"}).value();
      std::vector<domain::NewTariffPlanRule> energy_only = {rules.front()};
      energy_only.front().unit_price = Decimal::Parse("0.55").value();
      (void)db.tariff_plans()
          .AddVersion(
              tenant,
              domain::NewTariffPlanVersion{.valid_from = ParseOcpiDateTime("2025-01-01T00:00:00Z").value(),
                                           .currency = eur,
                                           .min_session_price = std::nullopt,
                                           .max_session_price = std::nullopt,
                                           .rules = energy_only})
          .value();
    } else if (const std::vector<domain::TariffPlanVersion> versions =
                   db.tariff_plans().ListVersions(tenant).value();
               !versions.empty() && versions.back().valid_from >= scheduled_from) {
      scheduled_from = versions.back().valid_from + std::chrono::minutes(1);
    }
    (void)db.tariff_plans()
        .AddVersion(tenant, domain::NewTariffPlanVersion{.valid_from = scheduled_from,
                                                         .currency = eur,
                                                         .min_session_price = std::nullopt,
                                                         .max_session_price = std::nullopt,
                                                         .rules = rules})
        .value();
    const domain::VatRate vat[] = {
        {CountryFromAlpha2("BE").value(), LocalDate{2020, 1, 1}, Decimal::Parse("21").value()},
        {CountryFromAlpha2("NL").value(), LocalDate{2020, 1, 1}, Decimal::Parse("21").value()}};
    EXPECT_TRUE(db.tenant_settings().ReplaceVatRates(tenant, vat).ok());
  }
  openmsp::test::MspCdrSample sample{};
  sample.tenant_id = tenant;
  // The book's three-rule version (other versions of the tenant have one rule).
  const std::vector<domain::TariffPlanVersion> versions = db.tariff_plans().ListVersions(tenant).value();
  const auto scheduled = std::find_if(versions.rbegin(), versions.rend(),
                                      [](const domain::TariffPlanVersion& v) { return v.rules.size() == 3; });
  sample.plan_version_id = scheduled->id;
  for (std::size_t k = 0; k < 3; ++k) {
    sample.rules[k] = scheduled->rules.at(k).id;
    sample.tariff_codes[k] = scheduled->rules.at(k).tariff_code;
  }
  sample.token_id = db.tokens().FindByUid(tenant, kBookCardUid, domain::TokenType::kRfid).value().id;
  sample.location_group_id = db.location_groups().List(tenant).value().front().id;
  return sample;
}

/// Stores the CPO CDR `cdr_id` of `tenant` as received (the sample body, token `token_uid`, starting at
/// `start`, of `unit`); answers its id.
inline domain::CpoCdrId StoreCpoCdr(ApiWorld& world, domain::TenantId tenant, const std::string& cdr_id,
                                    Instant start, std::optional<domain::OrganisationUnitId> unit,
                                    const std::string& token_uid = kBookCardUid) {
  const domain::NewCpoCdr cdr = openmsp::test::SampleCpoCdr({.tenant_id = tenant,
                                                             .cdr_id = cdr_id,
                                                             .start_date_time = start,
                                                             .organisation_unit_id = unit,
                                                             .token_uid = token_uid});
  std::unique_ptr<store::SqlConnection> connection = store::OpenSqlConnection(world.url()).value();
  const store::CpoCdrToStore item{
      .cdr = &cdr, .body_sha256 = store::CpoCdrBodySha256(cdr.body), .received_at = world.clock().Now()};
  store::StoredCpoCdrs stored = store::StoreCpoCdrs(*connection, std::span(&item, 1));
  return stored.outcomes.at(0).value().id;
}

/// What a stored CDR pair is.
struct StoredCdr {
  domain::CpoCdrId cpo_cdr_id;
  domain::MspCdrId msp_cdr_id;
};

/// A CPO CDR and its sample MSP CDR, starting at `start`: rated, of `profile` in `unit`, invoiced to
/// `billing_unit` (none: to the profile, a private customer); or needing attention for `attention` with
/// `detail` (the customer kept; none when `profile` is absent, as for an unknown token).
inline StoredCdr StoreRatedCdr(ApiWorld& world, domain::TenantId tenant, domain::OrganisationUnitId book_unit,
                               const std::string& cdr_id, Instant start,
                               std::optional<domain::OrganisationUnitId> unit,
                               std::optional<domain::ProfileId> profile,
                               std::optional<domain::AttentionReason> attention = std::nullopt,
                               const std::string& detail = "",
                               std::optional<domain::OrganisationUnitId> billing_unit = std::nullopt) {
  openmsp::test::MspCdrSample sample = BookOf(world.db(), tenant, book_unit);
  sample.cpo_cdr_id =
      StoreCpoCdr(world, tenant, cdr_id, start, unit, profile ? kBookCardUid : "UNKNOWN-0999");
  sample.session_start = start;
  domain::NewMspCdr rating = openmsp::test::SampleMspCdr(sample);
  rating.profile_id = profile;
  rating.organisation_unit_id = unit;
  rating.billing_unit_id = billing_unit;
  if (attention) {
    rating.attention = attention;
    rating.attention_detail = detail;
    rating.plan_version_id = std::nullopt;
    rating.vat_country = std::nullopt;
    rating.lines.clear();
    rating.total_excl_vat = rating.vat_amount = rating.total_incl_vat = rating.cpo_cost = rating.margin =
        Decimal();
    rating.cost_audit = std::nullopt;
    rating.explanation = "";
    if (!profile) {
      rating.token_id = std::nullopt;
      rating.location_group_id = std::nullopt;
    }
  }
  const domain::MspCdr stored = world.db().msp_cdrs().Record(rating).value();
  return StoredCdr{.cpo_cdr_id = sample.cpo_cdr_id, .msp_cdr_id = stored.id};
}

}  // namespace openmsp::api::test
