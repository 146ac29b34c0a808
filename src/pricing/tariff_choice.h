#pragma once

#include <span>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "pricing/cdr.h"
#include "pricing/pricing.h"
#include "pricing/session_periods.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// Whether `tariff` is in force at `instant`: within `[start_date_time, end_date_time)`, each bound optional.
bool InForce(const Tariff& tariff, Instant instant);

/// Sets each period's `tariff` (OCPI 2.2.1 §9.1):
///
/// - when no period names a tariff, every period gets the one tariff in force at the session's start; none
///   or several in force is an error (`tariffs`), since nothing tells them apart;
/// - otherwise a period's `tariff_id` names it, compared as a CiString (ignoring case); among several
///   versions with that id, the one in force at the session's start. A named tariff that is not in force
///   is still used, with a `tariff_not_in_force` warning; an id that names no tariff is an error
///   (`charging_periods[i].tariff_id`). A period without `tariff_id` is then not priced
///   (`period_without_tariff`): OCPI says no tariff is relevant to it.
///
/// Also fails when a tariff that prices a period is in another currency than the CDR (`currency`), and
/// warns about an element that has two components of one dimension (`duplicate_component`; the first
/// counts).
Result<void> ChooseTariffs(const Cdr& cdr, std::span<const Tariff> tariffs, std::span<SessionPeriod> periods,
                           std::vector<PricingWarning>& warnings);

}  // namespace openmsp::pricing
