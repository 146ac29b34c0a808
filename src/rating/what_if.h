#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/msp_cdr.h"
#include "domain/tariff_plan.h"
#include "rating/tenant_rater.h"

namespace openmsp::rating {

/// Revenue and margin of some CDRs as rated now and as a draft plan version would rate them.
struct WhatIfTotals {
  std::size_t cdrs = 0;
  /// CDRs that need attention (now, with the draft); they add nothing to the sums below.
  std::size_t held_now = 0;
  std::size_t held_draft = 0;
  /// Σ `total_excl_vat` and Σ `margin` of the rated ones.
  Decimal revenue_now;
  Decimal revenue_draft;
  Decimal margin_now;
  Decimal margin_draft;

  friend bool operator==(const WhatIfTotals&, const WhatIfTotals&) = default;
};

/// The what-if of a period (issue "MSP rating": "re-rate a period's CDRs under a draft plan and report the
/// revenue and margin difference per location group and business partner group").
struct WhatIfReport {
  WhatIfTotals total;
  std::map<domain::LocationGroupId, WhatIfTotals> by_location_group;
  /// A CDR counts in every group its customer is in; customers in none are under nullopt.
  std::map<std::optional<domain::BusinessPartnerGroupId>, WhatIfTotals> by_business_partner_group;
  /// CDRs rated now in another currency than the draft's: counted, left out of every sum.
  std::size_t other_currency = 0;

  /// Counts one CDR rated now (`now`) and with the draft (`draft`).
  void Add(const domain::NewMspCdr& now, const domain::NewMspCdr& draft);
};

/// Rates every CPO CDR of the tenant whose session started in `[from, to)` twice, without storing
/// anything: with the plan versions as they are, and with `draft` alone as if it had always been in force
/// (a version of the tenant's plan, typically one scheduled for later, or a draft: `DraftAsVersion`).
/// kInvalidArgument naming `to` when it is not after `from`.
Result<WhatIfReport> RerateWhatIf(const RatingStores& stores, domain::TenantId tenant_id,
                                  domain::TariffPlanVersion draft, Instant from, Instant to);

/// The report as a plain-text table for a terminal, with group names from `book` and the differences
/// (draft − now) per line.
std::string FormatWhatIfReport(const WhatIfReport& report, const TenantBook& book);

}  // namespace openmsp::rating
