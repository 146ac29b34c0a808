#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "domain/business_partner_group.h"
#include "domain/cpo_cdr.h"
#include "domain/exchange_rate.h"
#include "domain/ids.h"
#include "domain/location_group.h"
#include "domain/msp_cdr.h"
#include "domain/rating_settings.h"
#include "domain/tenant.h"
#include "pricing/cdr.h"
#include "rating/compiled_plan.h"

namespace openmsp::rating {

/// Who charged (domain.md §3 step 1), found by the caller from the CDR's token: the token, its profile,
/// the profile's unit, the billing target, and the business partner groups the unit is in.
struct Customer {
  domain::TokenId token;
  domain::ProfileId profile;
  domain::OrganisationUnitId organisation_unit;
  /// The nearest unit with billing details (`domain::NearestBillingTarget`); absent: the profile is
  /// invoiced itself.
  std::optional<domain::OrganisationUnitId> billing_unit;
  /// `domain::BusinessPartnerGroupsOf` the unit, ascending.
  std::vector<domain::BusinessPartnerGroupId> business_partner_groups;
};

/// Where (step 2), found by the caller from the stored location, or from the CDR's `cdr_location` when
/// the location was never synced.
struct Place {
  /// The connector's location group (`domain::ClassifyConnector`): always known, since `Default`
  /// takes every connector.
  domain::LocationGroupId location_group;
  /// The country of charging, which sets the VAT; absent when the CDR does not say (needs attention).
  std::optional<Country> country;
  /// The location's time zone, in which rules' times and dates are read; absent when it is unknown
  /// (needs attention).
  std::optional<TimeZone> time_zone;
  /// The connector's maximum power, for rules with power bounds; absent when unknown (a bound then
  /// does not hold, as for location groups).
  std::optional<Decimal> max_power_kw;
};

/// Everything of one tenant that rating reads besides the CDR, its customer and its place: loaded once,
/// shared by every rating (immutable; safe between threads).
struct TenantBook {
  domain::TenantId tenant_id;
  /// Every version of the tenant's plan, in any order.
  std::vector<CompiledPlanVersion> plan_versions;
  std::vector<domain::VatRate> vat_rates;
  std::vector<domain::ExchangeRate> exchange_rates;
  domain::RatingSettings settings;
  /// For explanations: the names of the tenant's location groups and business partner groups.
  std::map<domain::LocationGroupId, std::string> location_group_names;
  std::map<domain::BusinessPartnerGroupId, std::string> business_partner_group_names;
};

/// The version of `book` a session starting at `at` is rated with: the latest `valid_from` not after
/// `at`; nullptr when none is in force yet.
const CompiledPlanVersion* PlanVersionInForceAt(const TenantBook& book, Instant at);

/// One CPO CDR to rate.
struct RatingRequest {
  domain::CpoCdrId cpo_cdr_id;
  /// The CPO that sent it.
  PartyId cpo;
  /// When OpenMSP received it (plausibility: a CDR may not end after it arrived).
  Instant received_at;
  /// Its body, read by `pricing::CdrReader`.
  const pricing::Cdr* cdr = nullptr;
  /// Absent when the CDR's token is not one of the tenant's.
  std::optional<Customer> customer;
  Place place;
  /// For a credit CDR: the MSP CDR of the CDR it credits (found by `credit_reference_id`); nullptr when
  /// there is none (yet).
  const domain::MspCdr* credited = nullptr;
  /// Whether to write `NewMspCdr::explanation` (a what-if re-rating does not need it).
  bool explain = true;
};

/// Rates one CPO CDR (domain.md §3): the MSP CDR with its lines and totals, or one that needs attention
/// with the first reason that applies, in this order: the CDR cannot be read or is implausible; the
/// token is unknown; the time zone is unknown; no plan version is in force at the start; the tenant has
/// no VAT rate for the country of charging; the CDR's currency is not the plan's; no rule applies.
/// Deterministic: the same request and book give the same MSP CDR, byte for byte (docs/rating.md).
domain::NewMspCdr Rate(const RatingRequest& request, const TenantBook& book);

}  // namespace openmsp::rating
