#include "support/msp_cdr_samples.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"

namespace openmsp::test {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

}  // namespace

Result<SampleTariffBook> StoreSampleTariffBook(domain::TariffCodeRepository& codes,
                                               domain::TariffPlanRepository& plans,
                                               domain::TenantId tenant_id, const std::string& plan_name,
                                               const Currency& currency, Instant valid_from,
                                               const Decimal& unit_price) {
  using domain::TariffCodeKind;
  using domain::TariffUnit;
  constexpr std::array<std::pair<TariffCodeKind, TariffUnit>, 3> kKinds = {
      {{TariffCodeKind::kEnergy, TariffUnit::kKwh},
       {TariffCodeKind::kChargingTime, TariffUnit::kHour},
       {TariffCodeKind::kSessionFee, TariffUnit::kSession}}};
  SampleTariffBook book{};
  std::vector<domain::NewTariffPlanRule> rules;
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    OPENMSP_ASSIGN_OR_RETURN(domain::TariffCode code,
                             codes.Create(tenant_id, {.code = "CODE-" + std::to_string(k),
                                                      .kind = kKinds[k].first,
                                                      .unit = kKinds[k].second,
                                                      .step_size = Decimal(1),
                                                      .free_units = Decimal(0),
                                                      .grace_period = std::chrono::minutes(0),
                                                      .description = "code " + std::to_string(k)}));
    book.tariff_codes[k] = code.id;
    rules.push_back({.location_group = std::nullopt,
                     .business_partner_group = std::nullopt,
                     .tariff_code = code.id,
                     .unit_price = unit_price,
                     .priority = 0,
                     .restrictions = {}});
  }
  OPENMSP_RETURN_IF_ERROR(plans.Create(tenant_id, {.name = plan_name}));
  OPENMSP_ASSIGN_OR_RETURN(domain::TariffPlanVersion version,
                           plans.AddVersion(tenant_id, {.valid_from = valid_from,
                                                        .currency = currency,
                                                        .min_session_price = std::nullopt,
                                                        .max_session_price = std::nullopt,
                                                        .rules = std::move(rules)}));
  book.plan_version_id = version.id;
  for (std::size_t k = 0; k < book.rules.size(); ++k) book.rules[k] = version.rules.at(k).id;
  return book;
}

domain::NewMspCdr SampleMspCdr(const MspCdrSample& sample) {
  using domain::MspCdrLine;
  using domain::MspCdrLineKind;
  using domain::TariffUnit;
  const Currency eur = Currency::Find("EUR").value();
  auto line = [&](std::size_t k, TariffUnit unit, const char* measured, const char* quantity,
                  const char* unit_price, const char* amount, const char* description) {
    return MspCdrLine{.kind = MspCdrLineKind::kRule,
                      .tariff_code = sample.tariff_codes[k],
                      .rule = sample.rules[k],
                      .unit = unit,
                      .measured = Number(measured),
                      .quantity = Number(quantity),
                      .unit_price = Number(unit_price),
                      .amount = Number(amount),
                      .description = description};
  };
  return domain::NewMspCdr{
      .tenant_id = sample.tenant_id,
      .cpo_cdr_id = sample.cpo_cdr_id,
      .cpo = sample.cpo.value_or(PartyId::Parse("BE-BEC").value()),
      .session_start = sample.session_start,
      .session_end = sample.session_start + std::chrono::minutes(73),
      .attention = std::nullopt,
      .attention_detail = "",
      .token_id = sample.token_id,
      .profile_id = sample.profile_id,
      .organisation_unit_id = sample.organisation_unit_id,
      .billing_unit_id = sample.billing_unit_id,
      .business_partner_groups = sample.business_partner_groups,
      .location_group_id = sample.location_group_id,
      .plan_version_id = sample.plan_version_id,
      .currency = eur,
      .lines = {line(0, TariffUnit::kKwh, "20.750", "20.750", "0.39", "8.09", "Energy"),
                line(1, TariffUnit::kHour, "1.216667", "1.25", "2.40", "3.00",
                     "Charging time (per started 15 min)"),
                line(2, TariffUnit::kSession, "1", "1", "0.355", "0.36", "Session fee")},
      .total_excl_vat = Number("11.45"),
      .vat_percent = Number("21"),
      .vat_country = CountryFromAlpha2("NL").value(),
      .vat_amount = Number("2.40"),
      .total_incl_vat = Number("13.85"),
      .cpo_currency = eur,
      .cpo_cost_excl_vat = Number("9.876"),
      .exchange_rate = std::nullopt,
      .cpo_cost = Number("9.88"),
      .margin = Number("1.57"),
      .credit_of = std::nullopt,
      .cost_audit =
          domain::CostAudit{
              .recomputed_cost_excl_vat = Number("9.80"), .difference = Number("0.076"), .discrepancy = true},
      .explanation =
          "Energy: 20.750 kWh × 0.39 = 8.09\nCharging time: 1.25 h × 2.40 = 3.00\n"
          "Session fee: 1 × 0.355 = 0.36\nVAT NL 21 % of 11.45 = 2.40 — “Zählerstand” ok",
  };
}

}  // namespace openmsp::test
