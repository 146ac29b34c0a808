#pragma once

// A tenant to bill, for the tests of the invoice repository (src/store) and of the billing run
// (src/billing): header-only, since both test programs link the store.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/ids/emaid.h"
#include "domain/repositories.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"

namespace openmsp::test {

/// One tenant (EUR) with a fleet unit that has billing details (a driver in it, card `FLEET-0001`, cost
/// centre `SALES`) and a private driver in the root unit, which has none (card without a visual number:
/// the EMA-ID shows), and a tariff plan that rates with the three codes of `SampleMspCdr`.
struct BillingWorld {
  domain::TenantId tenant;
  domain::OrganisationUnitId root;
  domain::OrganisationUnitId fleet;
  domain::ProfileId fleet_driver;
  domain::ProfileId private_driver;
  domain::TokenId fleet_card;
  domain::TokenId private_card;
  domain::LocationGroupId location_group;
  domain::TariffPlanVersionId version;
  std::array<domain::TariffCodeId, 3> codes;
  std::array<domain::TariffPlanRuleId, 3> rules;
  std::string party;

  /// Invoices of the fleet go to its unit; the private driver's to the profile.
  domain::BillingTarget FleetTarget() const { return {.unit = fleet, .profile = std::nullopt}; }
  domain::BillingTarget PrivateTarget() const { return {.unit = std::nullopt, .profile = private_driver}; }
};

inline BillingWorld MakeBillingWorld(store::Repositories& repositories, const std::string& slug,
                                     const std::string& party, Instant plan_from) {
  const Currency eur = Currency::Find("EUR").value();
  BillingWorld world{};
  world.party = party;
  world.tenant = repositories.tenants()
                     .Create({.slug = slug, .name = slug, .default_currency = eur,
                              .parties = {PartyId::Parse(party).value()}})
                     .value()
                     .id;
  world.root = repositories.organisation_units()
                   .Create(world.tenant, {.parent_id = std::nullopt, .name = slug, .billing = std::nullopt})
                   .value()
                   .id;
  world.fleet = repositories.organisation_units()
                    .Create(world.tenant, {.parent_id = world.root,
                                           .name = "Fleet",
                                           .billing = domain::BillingDetails{.legal_name = "Fleet B.V.",
                                                                             .address = "Dam 1, Amsterdam",
                                                                             .vat_number = "NL000099998B57",
                                                                             .email = "ap@fleet.example",
                                                                             .cost_centre = "FL"}})
                    .value()
                    .id;
  const auto profile = [&](domain::OrganisationUnitId unit, const char* name) {
    return repositories.profiles()
        .Create(world.tenant, {.organisation_unit_id = unit,
                               .name = name,
                               .kind = domain::ProfileKind::kDriver,
                               .email = "",
                               .prices_hidden = false})
        .value()
        .id;
  };
  world.fleet_driver = profile(world.fleet, "Fleet driver");
  world.private_driver = profile(world.root, "Private driver");
  const auto card = [&](domain::ProfileId owner, const char* uid, const char* contract, const char* visual,
                        const char* cost_centre) {
    return repositories.tokens()
        .Create(world.tenant, domain::NewToken{.profile_id = owner,
                                               .uid = uid,
                                               .type = domain::TokenType::kRfid,
                                               .contract_id = EmaId::Parse(party + contract).value(),
                                               .visual_number = visual,
                                               .issuer = slug,
                                               .group_id = "",
                                               .whitelist = domain::TokenWhitelist::kAllowed,
                                               .language = "",
                                               .valid_from = std::nullopt,
                                               .valid_until = std::nullopt,
                                               .cost_centre = cost_centre})
        .value()
        .id;
  };
  world.fleet_card = card(world.fleet_driver, "04A22B5A", "-C00000001", "FLEET-0001", "SALES");
  world.private_card = card(world.private_driver, "04A22B5B", "-C00000002", "", "");
  world.location_group = repositories.location_groups().List(world.tenant).value().front().id;
  const std::array<std::pair<domain::TariffCodeKind, domain::TariffUnit>, 3> kinds = {
      {{domain::TariffCodeKind::kEnergy, domain::TariffUnit::kKwh},
       {domain::TariffCodeKind::kChargingTime, domain::TariffUnit::kHour},
       {domain::TariffCodeKind::kSessionFee, domain::TariffUnit::kSession}}};
  std::vector<domain::NewTariffPlanRule> rules;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    world.codes[k] = repositories.tariff_codes()
                         .Create(world.tenant, {.code = "CODE-" + std::to_string(k),
                                                .kind = kinds[k].first,
                                                .unit = kinds[k].second,
                                                .step_size = Decimal(1),
                                                .free_units = Decimal(0),
                                                .grace_period = std::chrono::minutes(0),
                                                .description = "code " + std::to_string(k)})
                         .value()
                         .id;
    rules.push_back({.location_group = std::nullopt,
                     .business_partner_group = std::nullopt,
                     .tariff_code = world.codes[k],
                     .unit_price = Decimal::Parse("0.39").value(),
                     .priority = 0,
                     .restrictions = {}});
  }
  EXPECT_TRUE(repositories.tariff_plans().Create(world.tenant, {.name = "Public"}));
  const domain::TariffPlanVersion version = repositories.tariff_plans()
                                                .AddVersion(world.tenant, {.valid_from = plan_from,
                                                                           .currency = eur,
                                                                           .min_session_price = std::nullopt,
                                                                           .max_session_price = std::nullopt,
                                                                           .rules = rules})
                                                .value();
  world.version = version.id;
  for (std::size_t k = 0; k < world.rules.size(); ++k) world.rules[k] = version.rules.at(k).id;
  return world;
}

/// Whose session an MSP CDR is.
enum class Customer { kFleet, kPrivate };

/// The rating `SampleMspCdr` gives (11.45 + 2.40 VAT = 13.85 EUR, NL 21 %) to the stored CPO CDR
/// `cpo_cdr` of `world` started at `start`, for `customer`.
inline domain::NewMspCdr RatedFor(const BillingWorld& world, domain::CpoCdrId cpo_cdr, Instant start,
                                  Customer customer) {
  const bool fleet = customer == Customer::kFleet;
  return SampleMspCdr({.tenant_id = world.tenant,
                       .cpo_cdr_id = cpo_cdr,
                       .cpo = std::nullopt,
                       .session_start = start,
                       .token_id = fleet ? world.fleet_card : world.private_card,
                       .profile_id = fleet ? world.fleet_driver : world.private_driver,
                       .organisation_unit_id = fleet ? world.fleet : world.root,
                       .billing_unit_id = fleet ? std::optional(world.fleet) : std::nullopt,
                       .business_partner_groups = {},
                       .location_group_id = world.location_group,
                       .plan_version_id = world.version,
                       .tariff_codes = world.codes,
                       .rules = world.rules});
}

/// Stores a CPO CDR `cdr_id` of `world` started at `start`.
inline domain::CpoCdrId StoreCpoCdr(store::CpoCdrIngestor& ingestor, domain::TenantId tenant,
                                    const std::string& cdr_id, Instant start) {
  return ingestor
      .Ingest(SampleCpoCdr({.tenant_id = tenant, .cpo = std::nullopt, .cdr_id = cdr_id, .start_date_time = start}))
      .value()
      .id;
}

/// Stores a CPO CDR `cdr_id` of `world` started at `start` and its rating (`RatedFor`), and returns the
/// MSP CDR.
inline domain::MspCdr RecordRated(store::Repositories& repositories, store::CpoCdrIngestor& ingestor,
                                  const BillingWorld& world, const std::string& cdr_id, Instant start,
                                  Customer customer) {
  const domain::CpoCdrId cpo_cdr = StoreCpoCdr(ingestor, world.tenant, cdr_id, start);
  return repositories.msp_cdrs().Record(RatedFor(world, cpo_cdr, start, customer)).value();
}

/// Stores a credit CPO CDR `cdr_id` and the credit MSP CDR of `original`: every line and amount negated.
inline domain::MspCdr RecordCredit(store::Repositories& repositories, store::CpoCdrIngestor& ingestor,
                                   const domain::MspCdr& original, const std::string& cdr_id) {
  domain::NewMspCdr credit = original.rating;
  credit.cpo_cdr_id = StoreCpoCdr(ingestor, credit.tenant_id, cdr_id, credit.session_start);
  credit.credit_of = original.id;
  for (domain::MspCdrLine& line : credit.lines) {
    line.measured = -line.measured;
    line.quantity = -line.quantity;
    line.amount = -line.amount;
  }
  for (Decimal* amount : {&credit.total_excl_vat, &credit.vat_amount, &credit.total_incl_vat,
                          &credit.cpo_cost_excl_vat, &credit.cpo_cost, &credit.margin}) {
    *amount = -*amount;
  }
  credit.cost_audit = std::nullopt;
  return repositories.msp_cdrs().Record(credit).value();
}

/// Stores a CPO CDR whose MSP CDR needs attention (no token known): never billable.
inline domain::MspCdr RecordNeedingAttention(store::Repositories& repositories, store::CpoCdrIngestor& ingestor,
                                             const BillingWorld& world, const std::string& cdr_id, Instant start) {
  domain::NewMspCdr cdr = RatedFor(world, StoreCpoCdr(ingestor, world.tenant, cdr_id, start), start, Customer::kFleet);
  cdr.attention = domain::AttentionReason::kUnknownToken;
  cdr.attention_detail = "no token";
  cdr.token_id = std::nullopt;
  cdr.profile_id = std::nullopt;
  cdr.organisation_unit_id = std::nullopt;
  cdr.billing_unit_id = std::nullopt;
  cdr.plan_version_id = std::nullopt;
  cdr.vat_country = std::nullopt;
  cdr.lines.clear();
  cdr.total_excl_vat = cdr.vat_amount = cdr.total_incl_vat = cdr.cpo_cost = cdr.margin = Decimal();
  cdr.cost_audit = std::nullopt;
  cdr.explanation = "";
  return repositories.msp_cdrs().Record(cdr).value();
}

}  // namespace openmsp::test
