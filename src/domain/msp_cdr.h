#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/business_partner_group.h"
#include "domain/cpo_cdr.h"
#include "domain/ids.h"
#include "domain/location_group.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"

namespace openmsp::domain {

/// An MSP CDR's id: the 64-bit integer its database row was given, unique across tenants.
struct MspCdrId {
  std::int64_t value = 0;

  friend auto operator<=>(const MspCdrId&, const MspCdrId&) = default;
};

/// Why a CPO CDR could not be rated (domain.md §3 step 7, §4 plausibility). Such a CDR is never priced
/// at 0: its MSP CDR is stored without amounts, with the reason, listed for administrators, and rated
/// again once the cause is fixed.
enum class AttentionReason {
  kUnreadableCdr,           ///< `UNREADABLE_CDR`: the stored body cannot be read as a CDR to rate
  kUnknownToken,            ///< `UNKNOWN_TOKEN`: `cdr_token` is absent or not a token of the tenant
  kUnknownTimeZone,         ///< `UNKNOWN_TIME_ZONE`: the location was never synced and its country (or
                            ///< its absence) does not tell the local time
  kNoPlanVersion,           ///< `NO_PLAN_VERSION`: no tariff plan version in force at the start
  kNoMatchingRule,          ///< `NO_MATCHING_RULE`: no rule of the version applies to any part of it
  kNoExchangeRate,          ///< `NO_EXCHANGE_RATE`: the CDR's currency is not the plan version's, and no
                            ///< exchange rate of the tenant converts it on the session's date
  kNoVatRate,               ///< `NO_VAT_RATE`: the tenant has no VAT rate for the country of charging
  kUnknownCreditReference,  ///< `UNKNOWN_CREDIT_REFERENCE`: a credit CDR whose original is not rated
  kEndBeforeStart,          ///< `END_BEFORE_START`: plausibility
  kEnergyOutOfRange,        ///< `ENERGY_OUT_OF_RANGE`: plausibility: negative or above the limit
  kDurationTooLong,         ///< `DURATION_TOO_LONG`: plausibility: longer than the limit
  kTotalsInconsistent,      ///< `TOTALS_INCONSISTENT`: plausibility: totals that the periods contradict
  kInFuture,                ///< `IN_FUTURE`: plausibility: ends after it was received
};

/// The stored and API spelling of `reason` (`UNKNOWN_TOKEN`, …, as listed above).
std::string_view AttentionReasonName(AttentionReason reason);

/// The reason spelled `name` (as `AttentionReasonName` does); kInvalidArgument with an empty field otherwise.
Result<AttentionReason> ParseAttentionReason(std::string_view name);

/// What produced a line of an MSP CDR.
enum class MspCdrLineKind {
  kRule,          ///< `RULE`: a tariff plan rule billing its tariff code
  kMinimumPrice,  ///< `MINIMUM_PRICE`: raises the subtotal to the plan version's minimum session price
  kMaximumPrice,  ///< `MAXIMUM_PRICE`: lowers the subtotal to the plan version's maximum session price
};

/// The stored and API spelling of `kind`: `RULE`, `MINIMUM_PRICE`, `MAXIMUM_PRICE`.
std::string_view MspCdrLineKindName(MspCdrLineKind kind);

/// The kind spelled `name`; kInvalidArgument with an empty field otherwise.
Result<MspCdrLineKind> ParseMspCdrLineKind(std::string_view name);

/// One line of an MSP CDR: what one rule billed for its tariff code (one line per rule and code, also
/// when a time window splits a code over several rules), or the clamp to the session minimum/maximum.
struct MspCdrLine {
  MspCdrLineKind kind = MspCdrLineKind::kRule;
  /// kRule: the code billed and the rule that priced it; absent on the clamp lines.
  std::optional<TariffCodeId> tariff_code;
  std::optional<TariffPlanRuleId> rule;
  /// kRule: the code's unit (a clamp line has unit SESSION).
  TariffUnit unit = TariffUnit::kSession;
  /// What the CDR measured for the code in the part of the session the rule priced, in `unit`, before
  /// grace period, free units and step size. Exact for energy, fees and costs; a time is shown to 6
  /// decimals of its unit (rounded half-up), since 13 min is no exact number of hours.
  Decimal measured;
  /// What is billed, in `unit`: after grace period, free units and steps. Exact. 1 on clamp lines.
  Decimal quantity;
  /// Excl. VAT, per unit, in the MSP CDR's currency, as the rule states it.
  Decimal unit_price;
  /// `quantity × unit_price` rounded half-up to the currency's minor unit (clamp lines: the difference
  /// that brings the subtotal to the bound). Negative in a credit MSP CDR.
  Decimal amount;
  /// What an invoice line says: the tariff code's description, or the clamp's.
  std::string description;

  friend bool operator==(const MspCdrLine&, const MspCdrLine&) = default;
};

/// The check of the CPO's stated cost against the OCPI tariff it priced with (domain.md §4).
struct CostAudit {
  /// The CPO's cost excl. VAT as OpenMSP's tariff engine computes it from the tariff, in the CDR's
  /// currency.
  Decimal recomputed_cost_excl_vat;
  /// Stated minus recomputed: positive when the CPO charged more.
  Decimal difference;
  /// |difference| is above the tenant's tolerance.
  bool discrepancy = false;

  friend bool operator==(const CostAudit&, const CostAudit&) = default;
};

/// The rating of one CPO CDR (domain.md §3 step 6): what the MSP's customer pays for it, and why. Either
/// rated (`attention` absent: customer, place, plan version, lines and totals set) or needing attention
/// (`attention` set: no lines, every amount 0, the customer and place fields as far as they were found).
///
/// Invariants of a rated one: `total_excl_vat` is the sum of the lines' amounts; `vat_amount` is
/// `total_excl_vat × vat_percent / 100` rounded half-up to the minor unit; `total_incl_vat = total_excl_vat +
/// vat_amount`; `margin = total_excl_vat − cpo_cost`. Every amount is in `currency` and rounded to its
/// minor unit, but `cpo_cost_excl_vat`, which is the CPO's own figure in `cpo_currency`.
struct NewMspCdr {
  TenantId tenant_id{};
  /// The CPO CDR rated: at most one MSP CDR per CPO CDR.
  CpoCdrId cpo_cdr_id{};
  /// The CPO (the CPO CDR's party) and the session's start and end, copied for listings and settlement.
  PartyId cpo;
  Instant session_start{};
  Instant session_end{};

  /// Set when the CDR cannot be rated; `attention_detail` then says what exactly, for a person.
  std::optional<AttentionReason> attention{};
  std::string attention_detail{};

  /// The customer: the CDR's token, its profile and unit, the billing target (the nearest unit with
  /// billing details; absent: the profile is invoiced itself) and the business partner groups the
  /// unit is in (by id).
  std::optional<TokenId> token_id{};
  std::optional<ProfileId> profile_id{};
  std::optional<OrganisationUnitId> organisation_unit_id{};
  std::optional<OrganisationUnitId> billing_unit_id{};
  std::vector<BusinessPartnerGroupId> business_partner_groups{};
  /// The place: the connector's location group.
  std::optional<LocationGroupId> location_group_id{};
  /// The plan version rated with (the one in force at `session_start`).
  std::optional<TariffPlanVersionId> plan_version_id{};

  /// The plan version's currency (the CDR's while it needs attention).
  Currency currency;
  std::vector<MspCdrLine> lines{};
  Decimal total_excl_vat{};
  /// The VAT rate of `vat_country` on the session's local date, in percent as the tenant's VAT table
  /// states it (21, 5.5).
  Decimal vat_percent{};
  /// The country of charging; absent only while needing attention.
  std::optional<Country> vat_country{};
  Decimal vat_amount{};
  Decimal total_incl_vat{};

  /// What the MSP owes the CPO: the CPO CDR's `total_cost.excl_vat` in its own currency.
  Currency cpo_currency;
  Decimal cpo_cost_excl_vat{};
  /// Units of `currency` per unit of `cpo_currency` used to convert it; absent when the two are the same.
  std::optional<Decimal> exchange_rate{};
  /// `cpo_cost_excl_vat` converted to `currency`, rounded half-up to its minor unit.
  Decimal cpo_cost{};
  /// `total_excl_vat − cpo_cost`.
  Decimal margin{};

  /// A credit MSP CDR: the MSP CDR it cancels (its lines are the original's, negated).
  std::optional<MspCdrId> credit_of{};
  /// Present when the CPO's tariff was known.
  std::optional<CostAudit> cost_audit{};

  /// The explanation a person reads: which customer, place, plan version and rules, and the arithmetic
  /// of every line (rating's `Explain`).
  std::string explanation{};

  friend bool operator==(const NewMspCdr&, const NewMspCdr&) = default;
};

/// A stored MSP CDR. One per CPO CDR; while it needs attention, rating it again replaces it; once rated
/// it never changes (a correction comes as a credit CDR).
struct MspCdr {
  MspCdrId id;
  NewMspCdr rating;
  /// When it was stored, or last replaced while needing attention, from the repository's clock.
  Instant rated_at;

  bool NeedsAttention() const { return rating.attention.has_value(); }

  friend bool operator==(const MspCdr&, const MspCdr&) = default;
};

/// Checks the invariants of `NewMspCdr` listed there (a rated one adds up; one needing attention has no
/// lines and zero amounts; amounts rounded to the minor unit; a rule line names code and rule, a clamp
/// line neither). kInvalidArgument naming the field (`lines[2].amount`, `total_incl_vat`, `margin`…).
/// What the store checks before writing, so that nothing that does not add up is ever stored.
///
/// Spelled out: every line's amount is `quantity × unit_price` rounded half-up; a clamp line is SESSION,
/// quantity 1, and raises (minimum) or lowers (maximum) the subtotal, at most one per CDR; outside a
/// credit, rule lines have no negative measure, quantity or unit price; in a credit (`credit_of` set) the
/// rule lines, totals and `cpo_cost` are not positive. A rated one names token, profile, unit, location
/// group, plan version and `vat_country`, has at least one line and an explanation, and no
/// `attention_detail`; one needing attention has an `attention_detail`. `vat_percent` is 0 to below 100
/// with at most 4 decimals (as a VAT table states it); `exchange_rate` is positive, present exactly when a
/// rated one's two currencies differ (never when they are the same); `cost_audit.difference` is
/// `cpo_cost_excl_vat − recomputed_cost_excl_vat`. Business partner groups are not repeated; texts are
/// UTF-8 without NUL; a line says what it bills (`description`); instants lie in the years 0001–9999 and
/// decimals have at most 18 digits and 18 decimals, so that everything reads back as it was written.
Result<void> ValidateNewMspCdr(const NewMspCdr& cdr);

}  // namespace openmsp::domain
