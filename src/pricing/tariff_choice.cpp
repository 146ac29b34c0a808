#include "pricing/tariff_choice.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids/ascii.h"

namespace openmsp::pricing {

namespace {

std::string TariffName(const Tariff& tariff) { return "tariff " + ascii::Quote(tariff.id); }

std::string ValidityText(const Tariff& tariff) {
  std::string text = "valid";
  if (tariff.start_date_time) text += " from " + FormatOcpiDateTime(*tariff.start_date_time);
  if (tariff.end_date_time) text += " until " + FormatOcpiDateTime(*tariff.end_date_time);
  if (!tariff.start_date_time && !tariff.end_date_time) text += " at any time";
  return text;
}

Result<std::size_t> TheTariffInForce(const Cdr& cdr, std::span<const Tariff> tariffs) {
  if (tariffs.empty()) {
    return InvalidArgument("tariffs", "there is no tariff to price the CDR with");
  }
  std::optional<std::size_t> chosen;
  std::string in_force;
  for (std::size_t t = 0; t < tariffs.size(); ++t) {
    if (!InForce(tariffs[t], cdr.start_date_time)) continue;
    if (chosen) {
      return InvalidArgument("tariffs", "tariffs " + ascii::Quote(tariffs[*chosen].id) + " and " +
                                            ascii::Quote(tariffs[t].id) +
                                            " are both in force at the session start " +
                                            FormatOcpiDateTime(cdr.start_date_time) +
                                            " and no charging period names one in tariff_id");
    }
    chosen = t;
  }
  if (!chosen) {
    std::string message =
        "no tariff is in force at the session start " + FormatOcpiDateTime(cdr.start_date_time);
    for (const Tariff& tariff : tariffs) message += "; " + TariffName(tariff) + " is " + ValidityText(tariff);
    return InvalidArgument("tariffs", std::move(message));
  }
  return *chosen;
}

Result<std::size_t> TheNamedTariff(const Cdr& cdr, std::span<const Tariff> tariffs, std::size_t period,
                                   std::vector<PricingWarning>& warnings) {
  const std::string& id = *cdr.charging_periods[period].tariff_id;
  std::optional<std::size_t> named;
  std::size_t versions = 0;
  std::optional<std::size_t> in_force;
  std::size_t versions_in_force = 0;
  for (std::size_t t = 0; t < tariffs.size(); ++t) {
    if (!ascii::EqualsIgnoringCase(tariffs[t].id, id)) continue;
    named = t;
    ++versions;
    if (InForce(tariffs[t], cdr.start_date_time)) {
      in_force = t;
      ++versions_in_force;
    }
  }
  const std::string field = PeriodField(period, "tariff_id");
  if (!named) {
    std::string known;
    for (const Tariff& tariff : tariffs) known += (known.empty() ? "" : ", ") + ascii::Quote(tariff.id);
    return InvalidArgument(field, ascii::Quote(id) + " is not among the tariffs (" +
                                      (known.empty() ? std::string("none") : known) + ")");
  }
  if (versions == 1) {
    if (!in_force) {
      warnings.push_back(MakeWarning(warning::kTariffNotInForce, field,
                                     TariffName(tariffs[*named]) + " is " + ValidityText(tariffs[*named]) +
                                         ", not at the session start " +
                                         FormatOcpiDateTime(cdr.start_date_time) +
                                         "; priced with it as the CDR names it"));
    }
    return *named;
  }
  if (versions_in_force != 1) {
    return InvalidArgument(field, std::to_string(versions) + " tariffs have the id " + ascii::Quote(id) +
                                      " and " + std::to_string(versions_in_force) +
                                      " of them are in force at the session start " +
                                      FormatOcpiDateTime(cdr.start_date_time) + "; exactly one must be");
  }
  return *in_force;
}

void CheckComponents(std::size_t index, const Tariff& tariff, std::vector<PricingWarning>& warnings) {
  for (std::size_t e = 0; e < tariff.elements.size(); ++e) {
    std::uint32_t seen = 0;
    const auto& components = tariff.elements[e].price_components;
    for (std::size_t c = 0; c < components.size(); ++c) {
      const std::uint32_t bit = 1U << static_cast<unsigned>(components[c].type);
      if ((seen & bit) != 0) {
        warnings.push_back(
            MakeWarning(warning::kDuplicateComponent,
                        "tariffs[" + std::to_string(index) + "].elements[" + std::to_string(e) +
                            "].price_components[" + std::to_string(c) + "]",
                        TariffName(tariff) +
                            " has a second component of the same dimension in one element; only the first "
                            "one prices"));
      }
      seen |= bit;
    }
  }
}

}  // namespace

bool InForce(const Tariff& tariff, Instant instant) {
  return (!tariff.start_date_time || instant >= *tariff.start_date_time) &&
         (!tariff.end_date_time || instant < *tariff.end_date_time);
}

Result<void> ChooseTariffs(const Cdr& cdr, std::span<const Tariff> tariffs, std::span<SessionPeriod> periods,
                           std::vector<PricingWarning>& warnings) {
  const bool named = std::ranges::any_of(cdr.charging_periods,
                                         [](const ChargingPeriod& p) { return p.tariff_id.has_value(); });
  if (!named) {
    OPENMSP_ASSIGN_OR_RETURN(const std::size_t chosen, TheTariffInForce(cdr, tariffs));
    for (SessionPeriod& period : periods) period.tariff = chosen;
  } else {
    const std::string* previous_id = nullptr;
    std::size_t previous = 0;
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const std::optional<std::string>& id = cdr.charging_periods[i].tariff_id;
      if (!id) {
        warnings.push_back(
            MakeWarning(warning::kPeriodWithoutTariff, PeriodField(i, "tariff_id"),
                        "other periods name their tariff but this one names none; OCPI reads that "
                        "as no tariff being relevant, so the period is not priced"));
        continue;
      }
      if (previous_id == nullptr || *previous_id != *id) {
        OPENMSP_ASSIGN_OR_RETURN(previous, TheNamedTariff(cdr, tariffs, i, warnings));
        previous_id = &*id;
      }
      periods[i].tariff = previous;
    }
  }
  for (std::size_t t = 0; t < tariffs.size(); ++t) {
    if (std::ranges::none_of(periods, [&](const SessionPeriod& p) { return p.tariff == t; })) continue;
    if (tariffs[t].currency != cdr.currency) {
      return InvalidArgument("currency", "the CDR is in " + std::string(cdr.currency.code()) + " but " +
                                             TariffName(tariffs[t]) + " is in " +
                                             std::string(tariffs[t].currency.code()));
    }
    CheckComponents(t, tariffs[t], warnings);
  }
  return Ok();
}

}  // namespace openmsp::pricing
