#include "rating/price_preview.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <utility>

#include "core/json.h"
#include "domain/tariff_code.h"
#include "domain/token.h"
#include "pricing/cdr_json.h"
#include "pricing/ocpi_field_json.h"
#include "pricing/session_periods.h"
#include "rating/session_measures.h"

namespace openmsp::rating {

namespace {

using domain::NewMspCdr;
using pricing::CdrDimension;

constexpr std::int64_t kMillisecondsPerHour = 3'600'000;
// Energy derived from power and time keeps whole Wh.
constexpr int kDerivedEnergyScale = 3;

Decimal Hours(Duration duration) { return pricing::MillisecondsToHours(Decimal(duration.count())); }

std::string HoursText(Duration duration) { return Hours(duration).Normalized().ToString() + " h"; }

std::string KwhText(const Decimal& kwh) { return kwh.Normalized().ToString() + " kWh"; }

Duration WholeMilliseconds(const Decimal& milliseconds) {
  return Duration(static_cast<std::int64_t>(milliseconds.Rounded(0, RoundingMode::kHalfUp).coefficient()));
}

const CompiledPlanVersion* VersionWithId(const TenantBook& book, domain::TariffPlanVersionId id) {
  for (const CompiledPlanVersion& version : book.plan_versions) {
    if (version.version().id == id) return &version;
  }
  return nullptr;
}

pricing::ChargingPeriod Period(Instant start, std::vector<pricing::CdrDimensionVolume> dimensions) {
  return pricing::ChargingPeriod{
      .start_date_time = start, .dimensions = std::move(dimensions), .tariff_id = {}};
}

// A session charging `energy` evenly from `start` for `charging`, then parked for `parking`.
pricing::Cdr SyntheticCdr(Instant start, Duration charging, const Decimal& energy, Duration parking,
                          const Currency& currency) {
  pricing::Cdr cdr;
  cdr.start_date_time = start;
  cdr.end_date_time = start + charging + parking;
  cdr.currency = currency;
  cdr.charging_periods.push_back(
      Period(start, {{CdrDimension::kEnergy, energy}, {CdrDimension::kTime, Hours(charging)}}));
  if (parking > Duration(0)) {
    cdr.charging_periods.push_back(Period(start + charging, {{CdrDimension::kParkingTime, Hours(parking)}}));
    cdr.total_parking_time = Hours(parking);
  }
  cdr.total_energy = energy;
  cdr.total_time = Hours(charging + parking);
  return cdr;
}

// Rates `request` (whose CDR states a CPO cost, 0 when `cpo_cost_known` is false) and lists the CPO_COST
// lines priced without the CPO's cost.
PriceEstimate Estimate(const RatingRequest& request, const TenantBook& book, bool cpo_cost_known) {
  PriceEstimate estimate{.rating = Rate(request, book),
                         .not_included = {},
                         .energy_kwh = {},
                         .charging_time = {},
                         .parking_time = {},
                         .assumptions = {}};
  NewMspCdr& rating = estimate.rating;
  if (cpo_cost_known || rating.attention || !rating.plan_version_id) return estimate;
  const CompiledPlanVersion* plan = VersionWithId(book, *rating.plan_version_id);
  if (plan == nullptr) return estimate;
  for (const domain::MspCdrLine& line : rating.lines) {
    if (!line.tariff_code || !line.rule) continue;
    for (const domain::TariffCode& code : plan->codes()) {
      if (code.id != *line.tariff_code || code.kind != domain::TariffCodeKind::kCpoCost) continue;
      estimate.not_included.push_back(NotIncluded{.tariff_code = code.id,
                                                  .rule = *line.rule,
                                                  .unit_price = line.unit_price,
                                                  .detail = code.code + " (" + code.description +
                                                            "): " + line.unit_price.ToString() +
                                                            " × the CPO's cost, which is not known yet"});
    }
  }
  if (request.explain && !estimate.not_included.empty()) {
    rating.explanation += "Not included (the totals exclude them):\n";
    for (const NotIncluded& left_out : estimate.not_included) {
      rating.explanation += "- rule " + std::to_string(left_out.rule.value) + ", " + left_out.detail + ".\n";
    }
  }
  return estimate;
}

RatingRequest RequestFor(const pricing::Cdr& cdr, PartyId cpo, Instant received_at, const Customer& customer,
                         const Place& place, bool explain) {
  return RatingRequest{.cpo_cdr_id = domain::CpoCdrId{0},
                       .cpo = cpo,
                       .received_at = received_at,
                       .cdr = &cdr,
                       .customer = customer,
                       .place = place,
                       .credited = nullptr,
                       .explain = explain};
}

// The connector's power, when it is known and positive.
std::optional<Decimal> FullPower(const Place& place) {
  if (place.max_power_kw && place.max_power_kw->Sign() > 0) return place.max_power_kw;
  return std::nullopt;
}

// What a preview rates.
struct Measures {
  Decimal energy_kwh;
  Duration charging_time{0};
  Duration parking_time{0};
  std::vector<std::string> assumptions;
};

// The intent checked against the tenant's limits, with the missing one of energy and charging time
// derived at the connector's full power.
Result<Measures> ResolveIntent(const ChargingIntent& intent, const Place& place,
                               const domain::RatingSettings& limits) {
  Measures estimate;
  const Duration max_duration = std::chrono::duration_cast<Duration>(limits.max_session_duration);
  const std::string duration_limit =
      "the tenant's limit of " + HoursText(max_duration) + " (max_session_duration)";
  const std::string energy_limit =
      "the tenant's limit of " + KwhText(limits.max_energy_kwh) + " (max_energy_kwh)";
  if (!intent.energy_kwh && !intent.charging_time) {
    return InvalidArgument("energy_kwh",
                           "neither energy_kwh nor charging_time is given; a preview needs at "
                           "least one of them");
  }
  if (intent.energy_kwh) {
    if (intent.energy_kwh->Sign() < 0) {
      return InvalidArgument("energy_kwh", "is negative (" + KwhText(*intent.energy_kwh) + ")");
    }
    if (*intent.energy_kwh > limits.max_energy_kwh) {
      return InvalidArgument("energy_kwh", KwhText(*intent.energy_kwh) + " is above " + energy_limit);
    }
  }
  if (intent.charging_time) {
    if (*intent.charging_time <= Duration(0)) {
      return InvalidArgument("charging_time", "must be more than 0 (is " +
                                                  std::to_string(intent.charging_time->count()) + " ms)");
    }
    if (*intent.charging_time > max_duration) {
      return InvalidArgument("charging_time",
                             HoursText(*intent.charging_time) + " is longer than " + duration_limit);
    }
  }
  if (intent.parking_time < Duration(0)) {
    return InvalidArgument("parking_time",
                           "is negative (" + std::to_string(intent.parking_time.count()) + " ms)");
  }
  if (intent.expected_cpo_cost && intent.expected_cpo_cost->Sign() < 0) {
    return InvalidArgument("expected_cpo_cost", "is negative (" + intent.expected_cpo_cost->ToString() + ")");
  }

  const std::optional<Decimal> power = FullPower(place);
  if (intent.energy_kwh && intent.charging_time) {
    estimate.energy_kwh = *intent.energy_kwh;
    estimate.charging_time = *intent.charging_time;
  } else if (intent.energy_kwh) {
    if (!power) {
      return InvalidArgument("charging_time",
                             "is required when the connector's power is unknown "
                             "(place.max_power_kw): it cannot be derived from energy_kwh");
    }
    if (intent.energy_kwh->IsZero()) {
      return InvalidArgument("energy_kwh",
                             "is 0 and no charging_time is given: there is no charging to price");
    }
    // Whole minutes, rounded up: energy × 60 / power.
    const Decimal minutes = (*intent.energy_kwh * Decimal(60)).Divide(*power, 0, RoundingMode::kUp).value();
    const Duration charging = std::chrono::minutes(static_cast<std::int64_t>(minutes.coefficient()));
    if (charging > max_duration) {
      return InvalidArgument("energy_kwh", "at the connector's full power of " + power->ToString() + " kW, " +
                                               KwhText(*intent.energy_kwh) + " takes " + HoursText(charging) +
                                               ", longer than " + duration_limit + "; give charging_time");
    }
    estimate.energy_kwh = *intent.energy_kwh;
    estimate.charging_time = charging;
    estimate.assumptions.push_back("charging_time derived: " + KwhText(*intent.energy_kwh) +
                                   " at the connector's full power of " + power->ToString() + " kW takes " +
                                   minutes.ToString() + " min (rounded up to whole minutes)");
  } else {
    if (!power) {
      return InvalidArgument("energy_kwh",
                             "is required when the connector's power is unknown "
                             "(place.max_power_kw): it cannot be derived from charging_time");
    }
    const Decimal energy =
        (*power * Decimal(intent.charging_time->count()))
            .Divide(Decimal(kMillisecondsPerHour), kDerivedEnergyScale, RoundingMode::kHalfUp)
            .value();
    if (energy > limits.max_energy_kwh) {
      return InvalidArgument("charging_time", "at the connector's full power of " + power->ToString() +
                                                  " kW, " + HoursText(*intent.charging_time) + " charges " +
                                                  KwhText(energy) + ", above " + energy_limit +
                                                  "; give energy_kwh");
    }
    estimate.energy_kwh = energy;
    estimate.charging_time = *intent.charging_time;
    estimate.assumptions.push_back("energy_kwh derived: " + HoursText(*intent.charging_time) +
                                   " at the connector's full power of " + power->ToString() + " kW charges " +
                                   KwhText(energy));
  }
  if (intent.parking_time > max_duration - estimate.charging_time) {
    return InvalidArgument("parking_time", "charging " + HoursText(estimate.charging_time) + " and parking " +
                                               HoursText(intent.parking_time) + " together are longer than " +
                                               duration_limit);
  }
  estimate.parking_time = intent.parking_time;
  return estimate;
}

}  // namespace

Result<PriceEstimate> PricePreview(const PricePreviewRequest& request, const TenantBook& book) {
  OPENMSP_ASSIGN_OR_RETURN(Measures measures, ResolveIntent(request.intent, request.place, book.settings));

  // In the plan's currency, so that the CDR is never refused for its currency (no plan: `Rate` says so).
  const CompiledPlanVersion* plan = PlanVersionInForceAt(book, request.start);
  const Currency currency = plan != nullptr ? plan->version().currency : pricing::Cdr{}.currency;
  pricing::Cdr cdr = SyntheticCdr(request.start, measures.charging_time, measures.energy_kwh,
                                  measures.parking_time, currency);
  cdr.country_code = std::string(request.cpo.country_code());
  cdr.party_id = std::string(request.cpo.party_id());
  cdr.id = "PREVIEW";
  const bool cpo_cost_known = request.intent.expected_cpo_cost.has_value();
  cdr.stated.total_cost = pricing::Price{.excl_vat = request.intent.expected_cpo_cost.value_or(Decimal(0)),
                                         .incl_vat = std::nullopt};

  // Received the instant it ends: a preview is about the future, and "in the future" does not apply.
  PriceEstimate estimate = Estimate(
      RequestFor(cdr, request.cpo, cdr.end_date_time, request.customer, request.place, request.explain), book,
      cpo_cost_known);
  estimate.energy_kwh = measures.energy_kwh;
  estimate.charging_time = measures.charging_time;
  estimate.parking_time = measures.parking_time;
  estimate.assumptions = std::move(measures.assumptions);
  return estimate;
}

Result<pricing::Cdr> SessionSoFar(const domain::Session& session, Instant now) {
  const Instant cut = session.end_date_time ? std::min(*session.end_date_time, now) : now;
  if (cut < session.start_date_time) {
    return InvalidArgument("now", FormatOcpiDateTime(now) + " is before the session's start_date_time " +
                                      FormatOcpiDateTime(session.start_date_time));
  }
  Result<Currency> currency = pricing::ocpi_json::CurrencyFrom(session.currency);
  if (!currency) return std::move(currency).error().Nested("currency");

  boost::json::value document;
  const boost::json::array* periods = nullptr;
  if (!session.raw_json.empty()) {
    Result<boost::json::value> parsed = ParseJson(session.raw_json);
    if (!parsed) return std::move(parsed).error().Nested("raw_json");
    document = std::move(parsed).value();
    const boost::json::object* object = document.if_object();
    if (object == nullptr) return InvalidArgument("raw_json", "is not a JSON object");
    if (const boost::json::value* member = pricing::ocpi_json::FindMember(*object, "charging_periods")) {
      periods = member->if_array();
      if (periods == nullptr) return InvalidArgument("charging_periods", "must be an array");
    }
  }
  // Periods at the end of the list that start after the cut are left out (the CPO's clock is ahead).
  std::size_t kept = periods != nullptr ? periods->size() : 0;
  while (kept > 0) {
    const boost::json::object* period = (*periods)[kept - 1].if_object();
    const boost::json::value* start =
        period != nullptr ? pricing::ocpi_json::FindMember(*period, "start_date_time") : nullptr;
    const Result<Instant> at =
        start != nullptr ? pricing::ocpi_json::ReadDateTime(*start) : Result<Instant>(cut);
    if (!at || *at <= cut) break;  // an unreadable one is left for the reader to name
    --kept;
  }

  pricing::Cdr cdr;
  if (kept == 0) {
    cdr = SyntheticCdr(session.start_date_time, cut - session.start_date_time, session.kwh, Duration(0),
                       *currency);
  } else {
    // The periods are OCPI ChargingPeriods as in a CDR: read them with the CDR reader, in a CDR of the
    // session so far. Its totals are set below.
    boost::json::object body;
    body["country_code"] = session.key.party.country_code();
    body["party_id"] = session.key.party.party_id();
    body["id"] = session.key.session_id;
    body["start_date_time"] = FormatOcpiDateTime(session.start_date_time);
    body["end_date_time"] = FormatOcpiDateTime(cut);
    body["currency"] = session.currency;
    body["charging_periods"] =
        boost::json::array(periods->begin(), periods->begin() + static_cast<std::ptrdiff_t>(kept));
    body["total_energy"] = 0;
    body["total_time"] = 0;
    OPENMSP_ASSIGN_OR_RETURN(cdr, pricing::ParseCdr(SerializeJson(body), pricing::CdrTariffs::kIgnore));
    Decimal stated;
    for (const pricing::ChargingPeriod& period : cdr.charging_periods) {
      for (const pricing::CdrDimensionVolume& dimension : period.dimensions) {
        if (dimension.type == CdrDimension::kEnergy) stated += dimension.volume;
      }
    }
    if (stated < session.kwh) {
      // Charged in a period the CPO has not reported yet: counted in the last one, which runs to the cut.
      std::vector<pricing::CdrDimensionVolume>& last = cdr.charging_periods.back().dimensions;
      const auto energy =
          std::find_if(last.begin(), last.end(), [](const pricing::CdrDimensionVolume& dimension) {
            return dimension.type == CdrDimension::kEnergy;
          });
      if (energy != last.end()) {
        energy->volume += session.kwh - stated;
      } else {
        last.push_back({CdrDimension::kEnergy, session.kwh - stated});
      }
    }
    cdr.total_energy = std::max(stated, session.kwh);
    cdr.total_time = Hours(cut - session.start_date_time);
    cdr.total_parking_time.reset();
    cdr.total_reservation_time.reset();
  }
  cdr.country_code = std::string(session.key.party.country_code());
  cdr.party_id = std::string(session.key.party.party_id());
  cdr.id = session.key.session_id;
  if (session.total_cost) {
    cdr.stated.total_cost =
        pricing::Price{.excl_vat = session.total_cost->excl_vat, .incl_vat = session.total_cost->incl_vat};
  }
  cdr.token = pricing::CdrToken{.uid = session.cdr_token.uid,
                                .type = std::string(domain::TokenTypeName(session.cdr_token.type)),
                                .contract_id = session.cdr_token.contract_id};
  return cdr;
}

Result<PriceEstimate> RunningCost(const RunningCostRequest& request, const TenantBook& book) {
  if (request.session == nullptr) return InvalidArgument("session", "is required");
  const domain::Session& session = *request.session;
  OPENMSP_ASSIGN_OR_RETURN(pricing::Cdr cdr, SessionSoFar(session, request.now));
  const bool cpo_cost_known = cdr.stated.total_cost.has_value();
  if (!cpo_cost_known)
    cdr.stated.total_cost = pricing::Price{.excl_vat = Decimal(0), .incl_vat = std::nullopt};

  PriceEstimate estimate = Estimate(
      RequestFor(cdr, session.key.party, request.now, request.customer, request.place, request.explain), book,
      cpo_cost_known);
  // The measures rated, as the engine reads the periods.
  estimate.energy_kwh = cdr.total_energy;
  pricing::SessionPeriods periods;
  std::vector<pricing::PricingWarning> warnings;
  if (pricing::ReadSessionPeriods(cdr, periods, warnings).ok()) {
    Decimal charging;
    Decimal parking;
    for (const pricing::SessionPeriod& period : periods) {
      charging += ChargingMilliseconds(period);
      parking += period.parking_time;
    }
    estimate.charging_time = WholeMilliseconds(charging);
    estimate.parking_time = WholeMilliseconds(parking);
  }
  return estimate;
}

}  // namespace openmsp::rating
