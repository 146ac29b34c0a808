#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/msp_cdr.h"
#include "domain/session.h"
#include "pricing/cdr.h"
#include "rating/rating.h"

namespace openmsp::rating {

// Price preview and running cost (domain.md §3 step 9; docs/rating.md, "Price preview and running cost"):
// what a customer will pay before a session starts (EU AFIR price transparency), and what a live session
// has cost so far. Both build a `pricing::Cdr` and rate it with `Rate`, the engine that rates CPO CDRs:
// there is no second implementation of the tariff plan's rules, so a preview is exactly what a CDR with
// those measures would be rated.

/// What a customer means to charge, as a preview asks it: "~20 kWh", "~45 min", or both, plus how long
/// the car will stay connected once charging is done.
struct ChargingIntent {
  /// The energy to charge, kWh: 0 to the tenant's `max_energy_kwh`.
  std::optional<Decimal> energy_kwh;
  /// How long the car charges: more than 0, and with `parking_time` at most the tenant's
  /// `max_session_duration`.
  std::optional<Duration> charging_time;
  /// How long the car stays connected after charging (idle fees): 0 (none) or more.
  Duration parking_time{0};
  /// What the CPO is expected to charge for the session, excl. VAT, in the plan's currency: what CPO_COST
  /// rules (pass-through) multiply. Absent: unknown, and the preview says that it excludes those lines
  /// (`PriceEstimate::not_included`). 0 or more.
  std::optional<Decimal> expected_cpo_cost;
};

/// A price preview: this customer, this connector, from `start`, charging as `intent` says.
struct PricePreviewRequest {
  Customer customer;
  Place place;
  /// The CPO that operates the connector (copied to `NewMspCdr::cpo`).
  PartyId cpo;
  /// When the session would start: the plan version, VAT rate and time windows are those of that instant
  /// (usually now or a little later; any instant is accepted, a preview is not a CDR).
  Instant start;
  ChargingIntent intent;
  /// Whether to write `NewMspCdr::explanation`.
  bool explain = true;
};

/// A part of the price an estimate leaves out: a CPO_COST line (pass-through) priced at a CPO cost of 0
/// because the CPO's cost is not known.
struct NotIncluded {
  domain::TariffCodeId tariff_code;
  domain::TariffPlanRuleId rule;
  /// The rule's unit price: the multiplier of the CPO's cost (1.15).
  Decimal unit_price;
  /// For a person: "CODE-5 (Code 5): 1.15 × the CPO's cost, which is not known yet".
  std::string detail;

  friend bool operator==(const NotIncluded&, const NotIncluded&) = default;
};

/// What a preview or a running cost comes to.
struct PriceEstimate {
  /// `Rate`'s answer for the synthetic CDR: the lines, totals excl./incl. VAT and the explanation; or,
  /// when it cannot be priced, `attention` and `attention_detail` (no plan version, no VAT rate, no
  /// matching rule, an unknown time zone…) and no amounts. `cpo_cdr_id` is 0 (there is no CPO CDR);
  /// `cpo_cost` and `margin` are the MSP's own figures and not for the customer's eyes.
  domain::NewMspCdr rating;
  /// CPO_COST lines priced without the CPO's cost. Empty when the estimate is the whole price (or it
  /// needs attention). When not empty, the totals exclude the pass-through part.
  std::vector<NotIncluded> not_included;
  /// The measures rated: the energy (kWh) and the time charging and parked, as given or derived.
  Decimal energy_kwh;
  Duration charging_time{0};
  Duration parking_time{0};
  /// What the estimate assumed, for a person ("charging_time derived: 20 kWh at the connector's full
  /// power of 150 kW takes 8 min"). Empty when nothing was assumed.
  std::vector<std::string> assumptions;

  /// Priced: rated without attention.
  bool Priced() const { return !rating.attention.has_value(); }
  /// Priced, and nothing is left out.
  bool Complete() const { return Priced() && not_included.empty(); }
};

/// Previews what `request.customer` would pay at `request.place` from `request.start`.
///
/// The intent becomes a CDR of one charging period from `start` with the energy spread evenly over the
/// charging time (ENERGY and TIME) and, when `parking_time` is more than 0, one parking period after it
/// (PARKING_TIME, no energy); rated with `Rate` and `book`. When only one of energy and charging time is
/// given, the other is derived at the connector's full power (`place.max_power_kw`): charging time =
/// energy ÷ power, rounded up to whole minutes; energy = power × charging time, to 3 decimals (half-up).
/// Both are optimistic about the car and stated in `assumptions`.
///
/// CPO cost: with `expected_cpo_cost` it is the CDR's `total_cost.excl_vat`; without it the CDR states a
/// cost of 0 and every CPO_COST line (amount 0) is listed in `not_included`, also in the explanation.
///
/// Plausibility: the CDR is taken as received the instant it ends (`received_at` = its end), so the
/// "in the future" check never refuses a preview whatever `start` is; every other check applies (the
/// inputs are validated against the same limits first, so they pass).
///
/// Fails with kInvalidArgument naming the field of the intent (`energy_kwh`, `charging_time`,
/// `parking_time`, `expected_cpo_cost`): neither energy nor charging time given; energy negative or above
/// the tenant's `max_energy_kwh`; charging time 0 or less; parking time negative; charging and parking
/// longer than the tenant's `max_session_duration`; only one of energy and charging time given at a
/// connector whose power is unknown, or where the derived one breaks its limit; a negative CPO cost.
/// What cannot be priced is no error but an estimate whose `rating` needs attention.
Result<PriceEstimate> PricePreview(const PricePreviewRequest& request, const TenantBook& book);

/// The running cost of a live (or finished) session at `now`.
struct RunningCostRequest {
  /// The session as stored: its charging periods are read from `raw_json`.
  const domain::Session* session = nullptr;
  /// Found by the caller from the session's `customer` and its unit's business partner groups.
  Customer customer;
  /// Found by the caller from the session's location, EVSE and connector.
  Place place;
  /// The injected clock's now.
  Instant now;
  bool explain = true;
};

/// What `session` has cost `request.customer` so far: `SessionSoFar(session, now)` rated with `Rate`
/// (received at `now`). The CPO cost is the session's `total_cost.excl_vat` when the CPO states one;
/// without it, as in a preview: a cost of 0 and the CPO_COST lines in `not_included`. The session's
/// status does not matter: a COMPLETED session is priced to its end, a live one to `now`.
/// Fails with `SessionSoFar`'s errors; what cannot be priced is an estimate that needs attention.
Result<PriceEstimate> RunningCost(const RunningCostRequest& request, const TenantBook& book);

/// A session as a CDR up to `now`, for rating (and for the OCPI tariff engine, which reads the same
/// `pricing::Cdr`): from `start_date_time` to `end_date_time` or, while the session runs (or when `now` is
/// earlier), to `now`.
///
/// - The periods are the session's `charging_periods` (OCPI `ChargingPeriod`, as in a CDR), read from
///   `raw_json` by `pricing::CdrReader`, the reader of CPO CDRs: the same checks, errors naming
///   `charging_periods[1].dimensions[0].volume`. The last one runs until the cut. Periods at the end of
///   the list that start after the cut (a CPO clock ahead of ours) are left out.
/// - Energy: `kwh` is the session's meter so far. When it is above the sum of the periods' ENERGY, the
///   difference has been charged in a period the CPO has not reported yet and is added to the last
///   period's ENERGY; when it is below, the periods win (a `kwh` not yet updated). Without periods the
///   session is one charging period with `kwh` spread evenly from start to cut.
/// - `total_energy` is that energy, `total_time` the cut minus the start; `total_parking_time` and
///   `total_reservation_time` are left unstated. `total_cost` is the session's, when stated.
///
/// Fails with kInvalidArgument: `now` before `start_date_time` (field `now`); `raw_json` that is not an
/// object or whose `charging_periods` is not an array (field `raw_json`, `charging_periods`); periods
/// `CdrReader` refuses (their path); an unknown `currency`.
Result<pricing::Cdr> SessionSoFar(const domain::Session& session, Instant now);

}  // namespace openmsp::rating
