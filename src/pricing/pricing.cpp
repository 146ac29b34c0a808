#include "pricing/pricing.h"

#include <algorithm>
#include <array>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pricing/component_selection.h"
#include "pricing/session_periods.h"
#include "pricing/step_size.h"
#include "pricing/tariff_choice.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {

namespace {

constexpr std::int64_t kMillisecondsPerHour = 3'600'000;

bool IsTime(QuantityKind kind) {
  return kind == QuantityKind::kChargingTime || kind == QuantityKind::kParkingTime ||
         kind == QuantityKind::kReservationTime;
}

Decimal ReportedVolume(QuantityKind kind, const Decimal& quantity) {
  return IsTime(kind) ? MillisecondsToHours(quantity) : quantity;
}

// 100 + `vat`, the percentage incl. VAT.
Decimal HundredPlus(const Decimal& vat) {
  constexpr int kSmallScale = 18;
  if (vat.scale() > kSmallScale) return Decimal(100) + vat;
  Int128 hundred = 100;
  for (int i = 0; i < vat.scale(); ++i) hundred *= 10;
  return Decimal::FromCoefficient(hundred + vat.coefficient(), vat.scale());
}

// `value` / 100, exactly: the same coefficient two decimal places further.
Decimal Hundredth(const Decimal& value) {
  return Decimal::FromCoefficient(value.coefficient(), value.scale() + 2);
}

// price × billed, and × (1 + vat/100) incl. VAT, each rounded half-up to kCostScale once; a time quantity
// is in milliseconds and its price per hour, so its amount is divided by 3,600,000 in the same step.
Result<Cost> LineCost(const PricedQuantity& quantity) {
  const PriceComponent& component = *quantity.component;
  const Decimal amount = component.price * quantity.billed;
  const std::optional<Decimal>& vat = component.vat;
  if (IsTime(quantity.kind)) {
    const Decimal per_hour(kMillisecondsPerHour);
    OPENMSP_ASSIGN_OR_RETURN(const Decimal excl_vat,
                             amount.Divide(per_hour, kCostScale, RoundingMode::kHalfUp));
    if (!vat) return Cost{excl_vat, excl_vat};
    OPENMSP_ASSIGN_OR_RETURN(
        const Decimal incl_vat,
        Hundredth(amount * HundredPlus(*vat)).Divide(per_hour, kCostScale, RoundingMode::kHalfUp));
    return Cost{excl_vat, incl_vat};
  }
  const Decimal excl_vat = amount.Rounded(kCostScale, RoundingMode::kHalfUp);
  if (!vat) return Cost{excl_vat, excl_vat};
  return Cost{excl_vat, Hundredth(amount * HundredPlus(*vat)).Rounded(kCostScale, RoundingMode::kHalfUp)};
}

// A running sum of costs. Every line is at kCostScale, so the sum adds coefficients.
class CostSum {
 public:
  void Add(const Cost& cost) {
    Add(excl_vat_, cost.excl_vat);
    Add(incl_vat_, cost.incl_vat);
  }
  Cost Total() const {
    return Cost{Decimal::FromCoefficient(excl_vat_, kCostScale),
                Decimal::FromCoefficient(incl_vat_, kCostScale)};
  }

 private:
  static void Add(Int128& sum, const Decimal& amount) {
    const Int128 coefficient = amount.scale() == kCostScale
                                   ? amount.coefficient()
                                   : amount.Rounded(kCostScale, RoundingMode::kHalfUp).coefficient();
    if (__builtin_add_overflow(sum, coefficient, &sum)) {
      throw DecimalOverflow("a total cost exceeds 38 digits");
    }
  }

  Int128 excl_vat_ = 0;
  Int128 incl_vat_ = 0;
};

// Same coefficient and scale: a quantity that step_size left alone.
bool SameRepresentation(const Decimal& a, const Decimal& b) {
  return a.coefficient() == b.coefficient() && a.scale() == b.scale();
}

Decimal HoursOrZero(const Decimal& milliseconds) {
  return milliseconds.IsZero() ? Decimal() : MillisecondsToHours(milliseconds);
}

SessionPhase PhaseOf(const SessionPeriod& period, bool reservation_expired) {
  if (!period.reservation) return SessionPhase::kCharging;
  return reservation_expired ? SessionPhase::kExpiredReservation : SessionPhase::kReservation;
}

// Which restrictions a tariff's elements use, so that work they cannot need is skipped.
struct TariffTraits {
  bool changes_within_period = false;  // time, date, weekday, energy or duration restrictions
  bool energy_bounds = false;          // min_kwh or max_kwh
  bool wall_clock = false;             // time, date or weekday restrictions
};

TariffTraits TraitsOf(const Tariff& tariff) {
  TariffTraits traits;
  for (const TariffElement& element : tariff.elements) {
    if (!element.restrictions) continue;
    const TariffRestrictions& r = *element.restrictions;
    traits.energy_bounds = traits.energy_bounds || r.min_kwh || r.max_kwh;
    traits.wall_clock = traits.wall_clock || r.start_time || r.end_time || r.start_date || r.end_date ||
                        !r.day_of_week.empty();
    traits.changes_within_period = traits.changes_within_period || r.start_time || r.end_time ||
                                   r.start_date || r.end_date || !r.day_of_week.empty() || r.min_kwh ||
                                   r.max_kwh || r.min_duration || r.max_duration;
  }
  return traits;
}

// Prices the periods of one session, line by line, then the session-wide parts.
class SessionPricer {
 public:
  SessionPricer(const Cdr& cdr, std::span<const Tariff> tariffs, const TimeZone& time_zone,
                std::span<const SessionPeriod> periods, PricingResult& result)
      : cdr_(cdr), tariffs_(tariffs), time_zone_(time_zone), periods_(periods), result_(result) {
    reservation_expired_ = std::ranges::all_of(periods, [](const SessionPeriod& p) { return p.reservation; });
    result_.periods.reserve(periods.size());
  }

  Result<void> PriceAllPeriods() {
    LocalClock start(time_zone_, periods_.front().start);
    for (std::size_t i = 0; i < periods_.size(); ++i) {
      LocalClock end(time_zone_, periods_[i].end);
      PricePeriod(i, start, end);
      start = end;
    }
    const BilledTotals billed = ApplyStepSizes(quantities_);
    OPENMSP_RETURN_IF_ERROR(CostLines(billed));
    ApplyPriceBounds();
    return Ok();
  }

 private:
  // Prices one period; `start` and `end` are the wall clocks at its start and end.
  void PricePeriod(std::size_t index, LocalClock& start, LocalClock& end) {
    const SessionPeriod& period = periods_[index];
    PeriodCost& cost = result_.periods.emplace_back();
    cost.period_index = index;
    cost.start_date_time = period.start;
    cost.end_date_time = period.end;
    cost.reservation = period.reservation;
    if (!period.tariff) return;
    const Tariff& tariff = tariffs_[*period.tariff];
    const SessionPhase phase = PhaseOf(period, reservation_expired_);
    const RestrictionInput input{period.start - cdr_.start_date_time, period.energy_before,
                                 &period.measurements};
    const ComponentSelection selection = SelectComponents(tariff, phase, input, start);
    bool& fee_billed = period.reservation ? reservation_fee_billed_ : charging_fee_billed_;
    if (const SelectedComponent* flat = selection.Find(TariffDimension::kFlat);
        flat != nullptr && !fee_billed) {
      AddLine(index, tariff, *flat, TariffDimension::kFlat, QuantityKind::kFlat, Decimal(1));
      fee_billed = true;
    }
    if (period.reservation) {
      AddIfConsumed(index, tariff, selection, TariffDimension::kTime, QuantityKind::kReservationTime,
                    period.reservation_time);
    } else {
      AddIfConsumed(index, tariff, selection, TariffDimension::kEnergy, QuantityKind::kEnergy, period.energy);
      AddIfConsumed(index, tariff, selection, TariffDimension::kTime, QuantityKind::kChargingTime,
                    period.charging_time);
      AddIfConsumed(index, tariff, selection, TariffDimension::kParkingTime, QuantityKind::kParkingTime,
                    period.parking_time);
      const bool time_priced =
          selection.Find(TariffDimension::kTime) != nullptr ||
          (selection.Find(TariffDimension::kParkingTime) != nullptr && period.energy.IsZero());
      if (time_priced && !period.states_time && period.end > period.start) {
        result_.warnings.push_back(MakeWarning(
            warning::kTimeNotStated, PeriodField(index, "dimensions"),
            "TIME or PARKING_TIME is priced in this period but it states neither; its time is not billed"));
      }
    }
    if (unmeasured_line_) {
      result_.warnings.push_back(MakeWarning(
          warning::kMeasurementMissing, PeriodField(index, "dimensions"),
          "an element that prices this period restricts current or power but the period states no such "
          "measurement (MIN_/MAX_CURRENT, CURRENT, MIN_/MAX_POWER, POWER); the restriction was taken as "
          "met"));
      unmeasured_line_ = false;
    }
    if (period.end > period.start && Traits(tariff).changes_within_period) {
      const Instant last_moment = period.end - Duration(1);
      LocalClock last = Traits(tariff).wall_clock ? LocalClock::JustBefore(start, end)
                                                  : LocalClock(time_zone_, last_moment);
      const bool energy_bounded = Traits(tariff).energy_bounds && period.energy.Sign() > 0;
      const Decimal energy_after = energy_bounded ? period.energy_before + period.energy : Decimal();
      const PeriodSpan span{input.elapsed,
                            last_moment - cdr_.start_date_time,
                            &period.energy_before,
                            energy_bounded ? &energy_after : nullptr,
                            &start,
                            &last};
      if (ThresholdInsideBilledElement(tariff, period, span)) {
        CheckSplit(index, tariff, phase, selection, last);
      }
    }
  }

  const TariffTraits& Traits(const Tariff& tariff) {
    if (traits_of_ != &tariff) {
      traits_ = TraitsOf(tariff);
      traits_of_ = &tariff;
    }
    return traits_;
  }

  void AddIfConsumed(std::size_t index, const Tariff& tariff, const ComponentSelection& selection,
                     TariffDimension dimension, QuantityKind kind, const Decimal& consumed) {
    const SelectedComponent* selected = selection.Find(dimension);
    if (selected != nullptr && consumed.Sign() > 0) {
      AddLine(index, tariff, *selected, dimension, kind, consumed);
    }
  }

  void AddLine(std::size_t index, const Tariff& tariff, const SelectedComponent& selected,
               TariffDimension dimension, QuantityKind kind, const Decimal& consumed) {
    std::vector<DimensionCost>& lines = result_.periods.back().dimensions;
    if (lines.empty()) lines.reserve(3);
    lines.push_back(DimensionCost{dimension, tariff.id, selected.element_index, selected.component_index,
                                  selected.component->price, selected.component->vat,
                                  ReportedVolume(kind, consumed), Decimal(), Cost{}});
    quantities_.push_back(
        PricedQuantity{kind, selected.component, consumed, consumed, index, lines.size() - 1});
    unmeasured_line_ = unmeasured_line_ || selected.unmeasured;
  }

  // Whether a threshold of an element that has a dimension the period bills lies inside the period; only
  // then can the component of a billed dimension differ at the period's end.
  static bool ThresholdInsideBilledElement(const Tariff& tariff, const SessionPeriod& period,
                                           const PeriodSpan& span) {
    const bool energy = period.energy.Sign() > 0;
    const bool time = period.charging_time.Sign() > 0 || period.reservation_time.Sign() > 0;
    const bool parking = period.parking_time.Sign() > 0;
    return std::ranges::any_of(tariff.elements, [&](const TariffElement& element) {
      return element.restrictions &&
             std::ranges::any_of(element.price_components,
                                 [&](const PriceComponent& c) {
                                   return (energy && c.type == TariffDimension::kEnergy) ||
                                          (time && c.type == TariffDimension::kTime) ||
                                          (parking && c.type == TariffDimension::kParkingTime);
                                 }) &&
             ThresholdInside(*element.restrictions, span);
    });
  }

  // OCPI asks the CPO to start a new period wherever a price changes; the period is priced at its start,
  // so a different component at its last moment means the CDR was not split where it should have been.
  void CheckSplit(std::size_t index, const Tariff& tariff, SessionPhase phase,
                  const ComponentSelection& at_start, LocalClock& clock) {
    const SessionPeriod& period = periods_[index];
    const Instant last_moment = clock.instant();
    // Just before the end, the energy is a little less than at the end when the period charges.
    Decimal energy_at_end = period.energy_before;
    if (Traits(tariff).energy_bounds && period.energy.Sign() > 0) {
      energy_at_end += period.energy - Decimal::FromCoefficient(1, Decimal::kMaxParsedScale + 1);
    }
    const RestrictionInput input{last_moment - cdr_.start_date_time, energy_at_end, &period.measurements};
    const ComponentSelection at_end = SelectComponents(tariff, phase, input, clock);
    std::string changed;
    const auto compare = [&](TariffDimension dimension, const Decimal& consumed) {
      const SelectedComponent* before = at_start.Find(dimension);
      const SelectedComponent* after = at_end.Find(dimension);
      if (consumed.Sign() <= 0 || (before == nullptr && after == nullptr)) return;
      if (before != nullptr && after != nullptr && before->element_index == after->element_index) return;
      const auto name = [](const SelectedComponent* s) {
        return s == nullptr ? std::string("no element") : "element " + std::to_string(s->element_index);
      };
      changed += std::string(changed.empty() ? "" : "; ") + std::string(TariffDimensionName(dimension)) +
                 " is priced by " + name(before) + " at its start but by " + name(after) + " before its end";
    };
    compare(TariffDimension::kEnergy, period.energy);
    compare(TariffDimension::kTime, period.reservation ? period.reservation_time : period.charging_time);
    compare(TariffDimension::kParkingTime, period.parking_time);
    if (changed.empty()) return;
    result_.warnings.push_back(MakeWarning(warning::kPeriodNotSplit, PeriodField(index, "start_date_time"),
                                           changed + " (" + FormatOcpiDateTime(last_moment) +
                                               "); OCPI asks for a new charging period where a price "
                                               "changes, so the period is priced as at its start"));
  }

  Result<void> CostLines(const BilledTotals& billed) {
    std::array<CostSum, kQuantityKindCount> by_kind;
    CostSum reservation_fees;
    for (const PricedQuantity& quantity : quantities_) {
      PeriodCost& period = result_.periods[quantity.period];
      DimensionCost& line = period.dimensions[quantity.position];
      line.billed_volume = SameRepresentation(quantity.billed, quantity.consumed)
                               ? line.volume
                               : ReportedVolume(quantity.kind, quantity.billed);
      OPENMSP_ASSIGN_OR_RETURN(line.cost, LineCost(quantity));
      any_vat_ = any_vat_ || quantity.component->vat.has_value();
      const bool reservation_fee = quantity.kind == QuantityKind::kFlat && period.reservation;
      (reservation_fee ? reservation_fees : by_kind[static_cast<std::size_t>(quantity.kind)]).Add(line.cost);
    }
    CostSum reservation = by_kind[static_cast<std::size_t>(QuantityKind::kReservationTime)];
    reservation.Add(reservation_fees.Total());
    result_.total_fixed_cost = by_kind[static_cast<std::size_t>(QuantityKind::kFlat)].Total();
    result_.total_energy_cost = by_kind[static_cast<std::size_t>(QuantityKind::kEnergy)].Total();
    result_.total_time_cost = by_kind[static_cast<std::size_t>(QuantityKind::kChargingTime)].Total();
    result_.total_parking_cost = by_kind[static_cast<std::size_t>(QuantityKind::kParkingTime)].Total();
    result_.total_reservation_cost = reservation.Total();
    CostSum total;
    for (const Cost* part : {&result_.total_fixed_cost, &result_.total_energy_cost, &result_.total_time_cost,
                             &result_.total_parking_cost, &result_.total_reservation_cost}) {
      total.Add(*part);
    }
    result_.total_cost = total.Total();
    result_.billed_energy = billed[static_cast<std::size_t>(QuantityKind::kEnergy)];
    result_.billed_time = HoursOrZero(billed[static_cast<std::size_t>(QuantityKind::kChargingTime)]);
    result_.billed_parking_time = HoursOrZero(billed[static_cast<std::size_t>(QuantityKind::kParkingTime)]);
    result_.billed_reservation_time =
        HoursOrZero(billed[static_cast<std::size_t>(QuantityKind::kReservationTime)]);
    return Ok();
  }

  // The tariff whose min_price/max_price bound the session: the one tariff that priced it. With several,
  // which bounds apply is not defined, so none do (with a warning when any has bounds).
  const Tariff* BoundingTariff() {
    const Tariff* bounding = nullptr;
    bool several = false;
    bool bounded = false;
    for (const SessionPeriod& period : periods_) {
      if (!period.tariff) continue;
      const Tariff* tariff = &tariffs_[*period.tariff];
      several = several || (bounding != nullptr && bounding != tariff);
      bounding = tariff;
      bounded = bounded || tariff->min_price || tariff->max_price;
    }
    if (!several) return bounding;
    if (bounded) {
      result_.warnings.push_back(
          MakeWarning(warning::kPriceBoundsNotApplied, "charging_periods",
                      "several tariffs price this session and at least one has min_price or "
                      "max_price; which bound applies is not defined, so none was applied"));
    }
    return nullptr;
  }

  // The incl-VAT side of a bound: as stated, or, when the bound has none and no priced component carries
  // VAT (so incl = excl throughout), the excl-VAT bound.
  std::optional<Decimal> InclVatBound(const Price& bound, std::string_view name) {
    if (bound.incl_vat) return bound.incl_vat;
    if (!any_vat_) return bound.excl_vat;
    result_.warnings.push_back(
        MakeWarning(warning::kPriceBoundWithoutInclVat, std::string(name),
                    "the tariff's " + std::string(name) +
                        " has no incl_vat while components carry VAT; it bounds only the "
                        "total excluding VAT"));
    return std::nullopt;
  }

  void ApplyPriceBounds() {
    const Tariff* tariff = BoundingTariff();
    if (tariff == nullptr) return;
    Cost& total = result_.total_cost;
    if (tariff->min_price) {
      const std::optional<Decimal> incl = InclVatBound(*tariff->min_price, "min_price");
      if (total.excl_vat < tariff->min_price->excl_vat) {
        total.excl_vat = tariff->min_price->excl_vat.Rounded(kCostScale, RoundingMode::kHalfUp);
        result_.min_price_applied = true;
      }
      if (incl && total.incl_vat < *incl) {
        total.incl_vat = incl->Rounded(kCostScale, RoundingMode::kHalfUp);
        result_.min_price_applied = true;
      }
    }
    if (tariff->max_price) {
      const std::optional<Decimal> incl = InclVatBound(*tariff->max_price, "max_price");
      if (total.excl_vat > tariff->max_price->excl_vat) {
        total.excl_vat = tariff->max_price->excl_vat.Rounded(kCostScale, RoundingMode::kHalfUp);
        result_.max_price_applied = true;
      }
      if (incl && total.incl_vat > *incl) {
        total.incl_vat = incl->Rounded(kCostScale, RoundingMode::kHalfUp);
        result_.max_price_applied = true;
      }
    }
    if (tariff->min_price && tariff->max_price && tariff->min_price->excl_vat > tariff->max_price->excl_vat) {
      result_.warnings.push_back(
          MakeWarning(warning::kMinPriceAboveMaxPrice, "min_price",
                      "the tariff's min_price exceeds its max_price; max_price was applied "
                      "last and wins"));
    }
  }

  const Cdr& cdr_;
  std::span<const Tariff> tariffs_;
  const TimeZone& time_zone_;
  std::span<const SessionPeriod> periods_;
  PricingResult& result_;
  bool reservation_expired_ = false;
  bool charging_fee_billed_ = false;
  bool reservation_fee_billed_ = false;
  bool any_vat_ = false;
  bool unmeasured_line_ = false;  // a line of the current period relies on a bound taken as met
  const Tariff* traits_of_ = nullptr;
  TariffTraits traits_;
  boost::container::small_vector<PricedQuantity, 16> quantities_;
};

Result<PricingResult> PriceSession(const Cdr& cdr, std::span<const Tariff> tariffs,
                                   const TimeZone& time_zone) {
  PricingResult result(cdr.currency);
  SessionPeriods periods;
  OPENMSP_RETURN_IF_ERROR(ReadSessionPeriods(cdr, periods, result.warnings));
  OPENMSP_RETURN_IF_ERROR(ChooseTariffs(cdr, tariffs, periods, result.warnings));
  OPENMSP_RETURN_IF_ERROR(SessionPricer(cdr, tariffs, time_zone, periods, result).PriceAllPeriods());
  return result;
}

}  // namespace

Result<PricingResult> PriceCdr(const Cdr& cdr, std::span<const Tariff> tariffs, const TimeZone& time_zone) {
  try {
    return PriceSession(cdr, tariffs, time_zone);
  } catch (const DecimalOverflow& overflow) {
    return Error{ErrorCode::kOutOfRange, "",
                 std::string("the CDR's amounts exceed the exact decimal range: ") + overflow.what()};
  }
}

}  // namespace openmsp::pricing
