#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// A tariff code's id: the 64-bit integer its database row was given, unique across tenants.
struct TariffCodeId {
  std::int64_t value = 0;

  friend auto operator<=>(const TariffCodeId&, const TariffCodeId&) = default;
};

/// What a tariff code measures in a CDR (domain.md §3). Rating (src/rating) turns the CDR into that
/// quantity; the code says how it is billed.
enum class TariffCodeKind {
  kEnergy,        ///< `ENERGY`: energy delivered, in kWh
  kChargingTime,  ///< `CHARGING_TIME`: time charging = total time − parking time
  kParkingTime,   ///< `PARKING_TIME`: time connected but not charging, after the grace period
  kSessionTime,   ///< `SESSION_TIME`: time plugged in (the whole session)
  kSessionFee,    ///< `SESSION_FEE`: 1 per session
  kCpoCost,       ///< `CPO_COST`: the CPO's cost excl. VAT, passed through; the unit price is a multiplier
};

/// The stored and API spelling of `kind`: `ENERGY`, `CHARGING_TIME`, `PARKING_TIME`, `SESSION_TIME`,
/// `SESSION_FEE`, `CPO_COST`.
std::string_view TariffCodeKindName(TariffCodeKind kind);

/// The kind spelled `name` (as `TariffCodeKindName` does); kInvalidArgument with an empty field otherwise.
Result<TariffCodeKind> ParseTariffCodeKind(std::string_view name);

/// What one billed unit is: what a rule's unit price is per, what step size and free units count in, and
/// what an invoice line shows after the quantity.
enum class TariffUnit {
  kKwh,      ///< `KWH`: the unit of ENERGY
  kHour,     ///< `HOUR`: a unit of the time kinds ("€ 2.40 per hour")
  kMinute,   ///< `MINUTE`: a unit of the time kinds ("€ 0.04 per minute")
  kSession,  ///< `SESSION`: the unit of SESSION_FEE
  kCost,     ///< `COST`: the unit of CPO_COST: one unit of the plan version's currency (the CPO's cost
             ///< converted to it by rating), so that the unit price is a plain multiplier
};

/// The stored and API spelling of `unit`: `KWH`, `HOUR`, `MINUTE`, `SESSION`, `COST`.
std::string_view TariffUnitName(TariffUnit unit);

/// The unit spelled `name` (as `TariffUnitName` does); kInvalidArgument with an empty field otherwise.
Result<TariffUnit> ParseTariffUnit(std::string_view name);

/// Whether `kind` may be billed in `unit`: ENERGY in KWH; CHARGING_TIME, PARKING_TIME and SESSION_TIME in
/// HOUR or MINUTE; SESSION_FEE in SESSION; CPO_COST in COST.
bool UnitFits(TariffCodeKind kind, TariffUnit unit);

/// The most decimals a step size, free units and a unit price may have (trailing zeros not counted).
inline constexpr int kMaxTariffDecimals = 6;

/// The longest code name and description.
inline constexpr std::size_t kMaxTariffCodeNameLength = 36;
inline constexpr std::size_t kMaxTariffCodeDescriptionLength = 200;

/// The longest grace period: a day.
inline constexpr std::chrono::minutes kMaxGracePeriod{24 * 60};

/// What it takes to create a tariff code inside a tenant (the tenant id is passed beside it).
///
/// A code never changes once created: the plan versions in force point at it, and a CDR rated again
/// must come out the same. A different step size or unit is a new code, used by a new plan version.
struct NewTariffCode {
  /// The tenant's short name for the code, shown to administrators (`ENERGY-AC`, `PARKING`): 1 to 36 of
  /// ASCII letters, digits, `-`, `_` and `.`; unique in the tenant ignoring ASCII case.
  std::string code;
  TariffCodeKind kind = TariffCodeKind::kEnergy;
  /// Must fit `kind` (`UnitFits`).
  TariffUnit unit = TariffUnit::kKwh;
  /// Billing is per started step, in `unit`: 1 (per started minute), 0.1 (per started 0.1 kWh), 0.25 (per
  /// started quarter hour). Positive, at most 1,000,000 and 6 decimals; for HOUR and MINUTE a whole number
  /// of seconds (0.5 minute is 30 s; 0.01 minute is refused); exactly 1 for SESSION_FEE.
  Decimal step_size = Decimal(1);
  /// Units not billed, in `unit`, taken off before the step rounding ("the first 2 kWh free"). Zero or
  /// positive, as `step_size` otherwise; 0 for SESSION_FEE.
  Decimal free_units = Decimal(0);
  /// PARKING_TIME only (0 for every other kind): parking time not billed at the start of parking, taken
  /// off the measured time before free units and steps ("the first 60 min free"). 0 to 24 hours.
  std::chrono::minutes grace_period{0};
  /// What an invoice line says (`Energy`, `Idle fee after 60 min`): 1 to 200 characters of OCPI string.
  std::string description;

  friend bool operator==(const NewTariffCode&, const NewTariffCode&) = default;
};

/// A stored tariff code (the glossary's "Tariff Code"): a tenant's rule that turns a CDR into a quantity
/// and unit to bill.
struct TariffCode {
  TariffCodeId id;
  TenantId tenant_id;
  std::string code;
  TariffCodeKind kind = TariffCodeKind::kEnergy;
  TariffUnit unit = TariffUnit::kKwh;
  Decimal step_size = Decimal(1);
  Decimal free_units = Decimal(0);
  std::chrono::minutes grace_period{0};
  std::string description;
  /// When it was created, from the repository's clock.
  Instant created_at;

  friend bool operator==(const TariffCode&, const TariffCode&) = default;
};

/// Checks every rule of `NewTariffCode`; the error names the field (`code`, `unit`, `step_size`,
/// `free_units`, `grace_period`, `description`).
Result<void> ValidateNewTariffCode(const NewTariffCode& code);

/// Whether `kind` measures time (CHARGING_TIME, PARKING_TIME, SESSION_TIME).
bool IsTimeKind(TariffCodeKind kind);

/// The base quantity rating measures a code's kind in, as a number of it per `unit`: milliseconds for the
/// time units (3,600,000 per HOUR, 60,000 per MINUTE), the unit itself otherwise (1 per kWh, session or
/// unit of cost). Time is measured in milliseconds because the CDR's timestamps are; every step size and
/// free unit of a time code is whole seconds, so nothing is lost converting back.
Decimal BasePerUnit(TariffUnit unit);

/// What `code` leaves unbilled at the start of a session, in its base quantity: the grace period
/// (PARKING_TIME only) plus the free units. Rating takes it off the measured quantity in time order, so
/// when a time window splits a session over several rules the first units are the free ones. E.g. 60
/// min grace and 5 free minutes: 3,900,000 ms; the first 2 kWh free: 2.
Decimal Allowance(const TariffCode& code);

/// The quantity `code` bills, in its unit, for `billable` (in its base quantity, after the allowance):
/// rounded up to a whole number of steps, 0 when not positive. Exact. E.g. 5.23 kWh per started 0.1 kWh
/// bills 5.3; 35 min 10 s (2,110,000 ms) per started minute bills 36 MINUTE.
Decimal BilledQuantity(const TariffCode& code, const Decimal& billable);

}  // namespace openmsp::domain
