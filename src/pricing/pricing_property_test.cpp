// Properties of PriceCdr on random tariffs and CDRs (fixed seeds: a failure reproduces).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "pricing/pricing.h"
#include "pricing/pricing_test_builders.h"

namespace openmsp::pricing {
namespace {

using testing::At;
using testing::TimeOfDay;

constexpr int kCases = 2000;

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  std::int64_t Int(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(engine_);
  }
  bool OneIn(std::int64_t n) { return Int(1, n) == 1; }
  // A decimal with `scale` decimals between low and high (in units of 10^-scale).
  Decimal Amount(std::int64_t low, std::int64_t high, int scale) {
    return Decimal::FromCoefficient(Int(low, high), scale);
  }
  template <class T>
  void Shuffle(std::vector<T>& items) {
    std::shuffle(items.begin(), items.end(), engine_);
  }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// Restrictions whose activity cannot change inside a period shorter than an hour without the engine seeing
// a different component at the period's start and just before its end: whole-hour windows, single bounds.
TariffRestrictions RandomRestrictions(Random& random, bool energy_bounds) {
  TariffRestrictions restrictions;
  if (random.OneIn(2)) {
    restrictions.start_time = TimeOfDay(static_cast<int>(random.Int(0, 23)), 0);
    restrictions.end_time = TimeOfDay(static_cast<int>(random.Int(0, 23)), 0);
    if (*restrictions.start_time == *restrictions.end_time) restrictions.end_time = TimeOfDay(0, 0);
  }
  if (random.OneIn(3)) {
    for (int day = 1; day <= 7; ++day) {
      if (random.OneIn(2)) restrictions.day_of_week.push_back(static_cast<DayOfWeek>(day));
    }
  }
  if (energy_bounds && random.OneIn(4)) {
    (random.OneIn(2) ? restrictions.min_kwh : restrictions.max_kwh) = random.Amount(0, 60, 0);
  }
  if (random.OneIn(4)) {
    (random.OneIn(2) ? restrictions.min_duration : restrictions.max_duration) =
        std::chrono::seconds(random.Int(0, 8) * 900);
  }
  if (random.OneIn(4)) {
    (random.OneIn(2) ? restrictions.min_current : restrictions.max_current) = random.Amount(6, 64, 0);
  }
  return restrictions;
}

PriceComponent RandomComponent(Random& random, TariffDimension type, bool steps) {
  PriceComponent component;
  component.type = type;
  component.price = random.Amount(0, 800, 2);
  if (!random.OneIn(3)) component.vat = random.Amount(0, 27, 0);
  if (steps) {
    const std::int64_t energy_steps[] = {1, 100, 500, 1000};
    const std::int64_t time_steps[] = {1, 60, 300, 900};
    component.step_size =
        type == TariffDimension::kEnergy ? energy_steps[random.Int(0, 3)] : time_steps[random.Int(0, 3)];
  }
  return component;
}

// A tariff of up to four restricted elements and an unrestricted last one, over `dimensions`.
Tariff RandomTariff(Random& random, std::string id, const std::vector<TariffDimension>& dimensions,
                    bool steps, bool energy_bounds) {
  Tariff tariff = testing::MakeTariff(std::move(id), {});
  const std::int64_t restricted = random.Int(0, 4);
  for (std::int64_t e = 0; e <= restricted; ++e) {
    TariffElement element;
    for (TariffDimension dimension : dimensions) {
      if (e == restricted || random.OneIn(2))
        element.price_components.push_back(RandomComponent(random, dimension, steps));
    }
    if (element.price_components.empty())
      element.price_components.push_back(RandomComponent(random, dimensions[0], steps));
    if (e < restricted) element.restrictions = RandomRestrictions(random, energy_bounds);
    tariff.elements.push_back(std::move(element));
  }
  if (random.OneIn(4)) tariff.min_price = Price{random.Amount(0, 500, 2), random.Amount(0, 600, 2)};
  if (random.OneIn(4)) tariff.max_price = Price{random.Amount(500, 5000, 2), random.Amount(600, 6000, 2)};
  return tariff;
}

Decimal Hours(Duration duration) {
  return Decimal(duration.count()).Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp).value();
}

// A CDR of 1–5 periods, each shorter than an hour, starting on a whole minute around the DST change of
// 2026-03-29 in Amsterdam; charging periods state ENERGY, TIME and currents, parking periods PARKING_TIME.
Cdr RandomCdr(Random& random) {
  Cdr cdr;
  cdr.start_date_time = At("2026-03-27T00:00:00Z") + std::chrono::minutes(random.Int(0, 5 * 24 * 60));
  Instant start = cdr.start_date_time;
  const std::int64_t count = random.Int(1, 5);
  bool parking = false;
  for (std::int64_t i = 0; i < count; ++i) {
    const Duration length = std::chrono::minutes(random.Int(1, 59)) + std::chrono::seconds(random.Int(0, 59));
    ChargingPeriod period;
    period.start_date_time = start;
    parking = parking || (i > 0 && random.OneIn(3));
    if (parking) {
      period.dimensions.push_back({CdrDimension::kParkingTime, Hours(length)});
    } else {
      const Decimal current = random.Amount(6, 64, 0);
      period.dimensions.push_back({CdrDimension::kEnergy, random.Amount(0, 30000, 3)});
      period.dimensions.push_back({CdrDimension::kTime, Hours(length)});
      period.dimensions.push_back({CdrDimension::kMinCurrent, current});
      period.dimensions.push_back({CdrDimension::kMaxCurrent, current});
      cdr.total_energy += period.dimensions[0].volume;
    }
    cdr.charging_periods.push_back(std::move(period));
    start += length;
  }
  cdr.end_date_time = start;
  cdr.total_time = Hours(cdr.end_date_time - cdr.start_date_time);
  return cdr;
}

const TimeZone& Amsterdam() {
  static const TimeZone zone = TimeZone::Find("Europe/Amsterdam").value();
  return zone;
}

PricingResult PriceOrFail(const Cdr& cdr, const std::vector<Tariff>& tariffs) {
  Result<PricingResult> result = PriceCdr(cdr, tariffs, Amsterdam());
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return result.ok() ? std::move(result).value() : PricingResult{};
}

bool HasWarning(const PricingResult& result, std::string_view code) {
  return std::ranges::any_of(result.warnings, [&](const PricingWarning& w) { return w.code == code; });
}

std::size_t LineCount(const PricingResult& result) {
  std::size_t lines = 0;
  for (const PeriodCost& period : result.periods) lines += period.dimensions.size();
  return lines;
}

void SetEnergy(Cdr& cdr, std::size_t period, const Decimal& kwh) {
  for (CdrDimensionVolume& dimension : cdr.charging_periods[period].dimensions) {
    if (dimension.type != CdrDimension::kEnergy) continue;
    cdr.total_energy += kwh - dimension.volume;
    dimension.volume = kwh;
  }
}

std::optional<std::size_t> LastChargingPeriod(const Cdr& cdr) {
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < cdr.charging_periods.size(); ++i) {
    if (cdr.charging_periods[i].dimensions[0].type == CdrDimension::kEnergy) last = i;
  }
  return last;
}

// Without step_size any more energy costs more or the same. (With step_size it need not: OCPI rounds the
// session total at the last component's price, so energy moved into the total from a cheaper earlier period
// can lower the cost; see docs/pricing.md and EnergyGrowthBeforeTheLastPeriodCanLowerTheCost below.)
TEST(PricingProperties, CostNeverFallsWhenEnergyGrowsUnderAnEnergyOnlyTariff) {
  Random random(20260329);
  for (int i = 0; i < kCases; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const bool steps = random.OneIn(2);
    const std::vector<Tariff> tariffs = {RandomTariff(random, "E", {TariffDimension::kEnergy}, steps, false)};
    Cdr cdr = RandomCdr(random);
    const std::optional<std::size_t> last = LastChargingPeriod(cdr);
    if (!last) continue;
    // With steps, only the last priced period may grow; without, any charging period.
    std::size_t grown = *last;
    if (!steps) {
      do grown = static_cast<std::size_t>(random.Int(0, static_cast<std::int64_t>(*last)));
      while (cdr.charging_periods[grown].dimensions[0].type != CdrDimension::kEnergy);
    }
    const PricingResult before = PriceOrFail(cdr, tariffs);
    SetEnergy(cdr, grown, cdr.charging_periods[grown].dimensions[0].volume + random.Amount(1, 20000, 3));
    const PricingResult after = PriceOrFail(cdr, tariffs);
    EXPECT_GE(after.total_cost.excl_vat, before.total_cost.excl_vat);
    EXPECT_GE(after.total_cost.incl_vat, before.total_cost.incl_vat);
    EXPECT_GE(after.billed_energy, before.billed_energy);
  }
}

TEST(PricingProperties, EnergyGrowthBeforeTheLastPeriodCanLowerTheCost) {
  using testing::Component;
  using testing::Dec;
  TariffRestrictions before_five;
  before_five.end_time = TimeOfDay(17, 0);
  const std::vector<Tariff> tariffs = {testing::MakeTariff(
      "S", {testing::Element({Component(TariffDimension::kEnergy, "0.20", "", 500)}, before_five),
            testing::Element({Component(TariffDimension::kEnergy, "0.27", "", 500)})})};
  const auto cost = [&](std::string_view first_kwh) {
    const Cdr cdr = testing::MakeCdr(
        "2026-03-02T16:00:00Z", "2026-03-02T18:00:00Z",
        {testing::Period("2026-03-02T16:00:00Z", {testing::Volume(CdrDimension::kEnergy, first_kwh)}),
         testing::Period("2026-03-02T17:00:00Z", {testing::Volume(CdrDimension::kEnergy, "1.1")})});
    return PriceCdr(cdr, tariffs, TimeZone::Utc()).value().total_cost.excl_vat;
  };
  EXPECT_EQ(cost("4.3"), Dec("1.184"));  // 5.4 → 5.5 kWh: 4.3 × 0.20 + 1.2 × 0.27
  EXPECT_EQ(cost("4.4"), Dec("1.177"));  // 5.5 kWh, nothing to round: 4.4 × 0.20 + 1.1 × 0.27
}

// Cutting a period in two where no price changes (the engine sees the same component at its start and end)
// costs the same, up to the rounding of each line to kCostScale decimals.
TEST(PricingProperties, SplittingAPeriodWhereNothingChangesLeavesTheCostUnchanged) {
  Random random(7);
  int compared = 0;
  for (int i = 0; i < kCases; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const std::vector<Tariff> tariffs = {RandomTariff(random, "T",
                                                      {TariffDimension::kFlat, TariffDimension::kEnergy,
                                                       TariffDimension::kTime, TariffDimension::kParkingTime},
                                                      true, true)};
    const Cdr cdr = RandomCdr(random);
    const PricingResult whole = PriceOrFail(cdr, tariffs);
    if (HasWarning(whole, warning::kPeriodNotSplit)) continue;

    const std::size_t cut =
        static_cast<std::size_t>(random.Int(0, static_cast<std::int64_t>(cdr.charging_periods.size()) - 1));
    const Instant start = cdr.charging_periods[cut].start_date_time;
    const Instant end = cut + 1 < cdr.charging_periods.size() ? cdr.charging_periods[cut + 1].start_date_time
                                                              : cdr.end_date_time;
    const Instant middle = start + Duration(random.Int(1, (end - start).count() - 1));
    Cdr split = cdr;
    ChargingPeriod first = cdr.charging_periods[cut];
    ChargingPeriod second = first;
    second.start_date_time = middle;
    for (std::size_t d = 0; d < first.dimensions.size(); ++d) {
      switch (first.dimensions[d].type) {
        case CdrDimension::kEnergy: {
          const Int128 wh =
              (first.dimensions[d].volume * Decimal(1000)).Rounded(0, RoundingMode::kDown).coefficient();
          first.dimensions[d].volume = random.Amount(0, static_cast<std::int64_t>(wh), 3);
          second.dimensions[d].volume =
              cdr.charging_periods[cut].dimensions[d].volume - first.dimensions[d].volume;
          break;
        }
        case CdrDimension::kTime:
        case CdrDimension::kParkingTime:
          first.dimensions[d].volume = Hours(middle - start);
          second.dimensions[d].volume = Hours(end - middle);
          break;
        default:
          break;
      }
    }
    split.charging_periods[cut] = first;
    split.charging_periods.insert(split.charging_periods.begin() + static_cast<std::ptrdiff_t>(cut) + 1,
                                  second);
    const PricingResult parts = PriceOrFail(split, tariffs);
    if (HasWarning(parts, warning::kPeriodNotSplit)) continue;  // an energy bound falls inside the period
    ++compared;
    const Decimal tolerance =
        Decimal::FromCoefficient(static_cast<Int128>(LineCount(whole) + LineCount(parts)), kCostScale);
    EXPECT_LE((parts.total_cost.excl_vat - whole.total_cost.excl_vat).Abs(), tolerance);
    EXPECT_LE((parts.total_cost.incl_vat - whole.total_cost.incl_vat).Abs(), tolerance);
    EXPECT_EQ(parts.billed_energy, whole.billed_energy);
    EXPECT_EQ(parts.billed_time, whole.billed_time);
    EXPECT_EQ(parts.billed_parking_time, whole.billed_parking_time);
  }
  EXPECT_GT(compared, kCases / 2);
}

// Lines compared without `component_index`, which follows the order of components within an element.
struct LineKey {
  TariffDimension dimension;
  std::string tariff_id;
  std::size_t element_index;
  Decimal billed_volume;
  Cost cost;
  friend bool operator==(const LineKey&, const LineKey&) = default;
};

std::vector<std::vector<LineKey>> Lines(const PricingResult& result) {
  std::vector<std::vector<LineKey>> lines;
  for (const PeriodCost& period : result.periods) {
    std::vector<LineKey>& keys = lines.emplace_back();
    for (const DimensionCost& line : period.dimensions) {
      keys.push_back({line.dimension, line.tariff_id, line.element_index, line.billed_volume, line.cost});
    }
  }
  return lines;
}

// The order of a period's dimensions, of an element's components (of different dimensions), of a
// restriction's weekdays and of the tariffs (named by the periods) carries no meaning.
TEST(PricingProperties, PricesAreInvariantUnderReorderingOfEquivalentInput) {
  Random random(42);
  const std::vector<TariffDimension> all = {TariffDimension::kFlat, TariffDimension::kEnergy,
                                            TariffDimension::kTime, TariffDimension::kParkingTime};
  for (int i = 0; i < kCases; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    std::vector<Tariff> tariffs = {RandomTariff(random, "A", all, true, true),
                                   RandomTariff(random, "B", all, true, true),
                                   RandomTariff(random, "C", all, true, true)};
    Cdr cdr = RandomCdr(random);
    for (ChargingPeriod& period : cdr.charging_periods)
      period.tariff_id = tariffs[static_cast<std::size_t>(random.Int(0, 2))].id;
    const PricingResult original = PriceOrFail(cdr, tariffs);

    for (ChargingPeriod& period : cdr.charging_periods) random.Shuffle(period.dimensions);
    for (Tariff& tariff : tariffs) {
      for (TariffElement& element : tariff.elements) {
        random.Shuffle(element.price_components);
        if (element.restrictions) random.Shuffle(element.restrictions->day_of_week);
      }
    }
    random.Shuffle(tariffs);
    const PricingResult reordered = PriceOrFail(cdr, tariffs);
    EXPECT_EQ(reordered.total_cost, original.total_cost);
    EXPECT_EQ(reordered.total_reservation_cost, original.total_reservation_cost);
    EXPECT_EQ(reordered.billed_energy, original.billed_energy);
    EXPECT_EQ(reordered.min_price_applied, original.min_price_applied);
    EXPECT_TRUE(Lines(reordered) == Lines(original));
  }
}

}  // namespace
}  // namespace openmsp::pricing
