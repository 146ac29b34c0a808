#pragma once

// Builders for rating tests and benchmarks: CDRs, tariff codes, plan versions and a tenant book, written
// out by hand so that every expectation can be checked with pen and paper.

#include <chrono>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"
#include "pricing/cdr.h"
#include "rating/compiled_plan.h"
#include "rating/rating.h"

namespace openmsp::rating::testing {

inline Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
inline Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }
inline Currency Eur() { return Currency::Find("EUR").value(); }

/// A charging period: from `start`, `energy` kWh, charging or parking for its whole length.
struct PeriodSpec {
  std::string_view start;
  std::string_view energy = "0";
  bool parking = false;
};

/// A CDR of `periods` from `start` to `end` in EUR costing `cost` excl. VAT, token `RFID` `AA11BB22`.
inline pricing::Cdr MakeCdr(std::string_view start, std::string_view end, std::vector<PeriodSpec> periods,
                            std::string_view cost = "10.00") {
  pricing::Cdr cdr;
  cdr.country_code = "NL";
  cdr.party_id = "CPO";
  cdr.id = "CDR-1";
  cdr.start_date_time = At(start);
  cdr.end_date_time = At(end);
  cdr.currency = Eur();
  Decimal energy;
  Decimal parking_ms;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const Instant from = At(periods[i].start);
    const Instant to = i + 1 < periods.size() ? At(periods[i + 1].start) : cdr.end_date_time;
    const Decimal hours =
        Decimal((to - from).count()).Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp).value();
    pricing::ChargingPeriod period{.start_date_time = from, .dimensions = {}, .tariff_id = std::nullopt};
    period.dimensions.push_back({pricing::CdrDimension::kEnergy, D(periods[i].energy)});
    period.dimensions.push_back(
        {periods[i].parking ? pricing::CdrDimension::kParkingTime : pricing::CdrDimension::kTime, hours});
    cdr.charging_periods.push_back(period);
    energy += D(periods[i].energy);
    if (periods[i].parking) parking_ms += Decimal((to - from).count());
  }
  cdr.total_energy = energy;
  cdr.total_time = Decimal((cdr.end_date_time - cdr.start_date_time).count())
                       .Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp)
                       .value();
  cdr.total_parking_time = parking_ms.Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp).value();
  cdr.stated.total_cost = pricing::Price{.excl_vat = D(cost), .incl_vat = std::nullopt};
  cdr.token = pricing::CdrToken{.uid = "AA11BB22", .type = "RFID", .contract_id = "NL-TNM-C00122045-K"};
  return cdr;
}

inline domain::TariffCode Code(std::int64_t id, domain::TariffCodeKind kind, domain::TariffUnit unit,
                               std::string_view step, std::string_view free = "0", int grace_minutes = 0) {
  return domain::TariffCode{.id = domain::TariffCodeId{id},
                            .tenant_id = domain::TenantId{1},
                            .code = "CODE-" + std::to_string(id),
                            .kind = kind,
                            .unit = unit,
                            .step_size = D(step),
                            .free_units = D(free),
                            .grace_period = std::chrono::minutes(grace_minutes),
                            .description = "Code " + std::to_string(id),
                            .created_at = At("2025-01-01T00:00:00Z")};
}

/// A rule of `code` at `unit_price` for `group` (0: ANY) and `bpg` (0: ANY).
inline domain::TariffPlanRule Rule(std::int64_t id, std::int64_t code, std::string_view unit_price,
                                   std::int64_t group = 0, std::int64_t bpg = 0, std::int32_t priority = 0,
                                   domain::TariffRuleRestrictions restrictions = {}) {
  domain::TariffPlanRule rule{.id = domain::TariffPlanRuleId{id},
                              .location_group = std::nullopt,
                              .business_partner_group = std::nullopt,
                              .tariff_code = domain::TariffCodeId{code},
                              .unit_price = D(unit_price),
                              .priority = priority,
                              .restrictions = std::move(restrictions)};
  if (group != 0) rule.location_group = domain::LocationGroupId{group};
  if (bpg != 0) rule.business_partner_group = domain::BusinessPartnerGroupId{bpg};
  return rule;
}

inline domain::TariffRuleRestrictions Window(int start_hour, int end_hour) {
  domain::TariffRuleRestrictions r;
  r.time_of_day = domain::TimeOfDayWindow{std::chrono::hours(start_hour), std::chrono::hours(end_hour)};
  return r;
}

inline domain::TariffPlanVersion Version(std::int64_t id, std::string_view valid_from,
                                         std::vector<domain::TariffPlanRule> rules) {
  return domain::TariffPlanVersion{.id = domain::TariffPlanVersionId{id},
                                   .plan_id = domain::TariffPlanId{1},
                                   .tenant_id = domain::TenantId{1},
                                   .valid_from = At(valid_from),
                                   .valid_until = std::nullopt,
                                   .currency = Eur(),
                                   .min_session_price = std::nullopt,
                                   .max_session_price = std::nullopt,
                                   .rules = std::move(rules),
                                   .created_at = At("2025-01-01T00:00:00Z")};
}

/// A book of tenant 1 with `versions` compiled against `codes` and 21 % VAT in NL, 19 % in DE.
inline TenantBook Book(std::vector<domain::TariffPlanVersion> versions,
                       std::vector<domain::TariffCode> codes) {
  TenantBook book;
  book.tenant_id = domain::TenantId{1};
  for (domain::TariffPlanVersion& version : versions) {
    book.plan_versions.push_back(CompiledPlanVersion::Compile(std::move(version), codes).value());
  }
  book.vat_rates = {
      domain::VatRate{CountryFromAlpha2("NL").value(), LocalDate{2020, 1, 1}, D("21")},
      domain::VatRate{CountryFromAlpha2("DE").value(), LocalDate{2020, 1, 1}, D("19")},
  };
  book.location_group_names = {{domain::LocationGroupId{7}, "Fast DC"}};
  book.business_partner_group_names = {{domain::BusinessPartnerGroupId{3}, "Lease companies"}};
  return book;
}

inline Customer MakeCustomer(std::vector<std::int64_t> bpgs = {}) {
  Customer customer{.token = domain::TokenId{11},
                    .profile = domain::ProfileId{12},
                    .organisation_unit = domain::OrganisationUnitId{13},
                    .billing_unit = domain::OrganisationUnitId{2},
                    .business_partner_groups = {}};
  for (const std::int64_t id : bpgs)
    customer.business_partner_groups.push_back(domain::BusinessPartnerGroupId{id});
  return customer;
}

/// A connector in location group `group` in the Netherlands (Europe/Amsterdam), 150 kW.
inline Place MakePlace(std::int64_t group = 1, std::optional<std::string_view> max_power_kw = "150") {
  return Place{.location_group = domain::LocationGroupId{group},
               .country = CountryFromAlpha2("NL").value(),
               .time_zone = TimeZone::Find("Europe/Amsterdam").value(),
               .max_power_kw = max_power_kw ? std::optional<Decimal>(D(*max_power_kw)) : std::nullopt};
}

inline RatingRequest Request(const pricing::Cdr& cdr, std::optional<Customer> customer, Place place) {
  return RatingRequest{.cpo_cdr_id = domain::CpoCdrId{100},
                       .cpo = PartyId::FromFields("NL", "CPO").value(),
                       .received_at = At("2027-01-01T00:00:00Z"),
                       .cdr = &cdr,
                       .customer = std::move(customer),
                       .place = std::move(place),
                       .credited = nullptr,
                       .explain = true};
}

}  // namespace openmsp::rating::testing
