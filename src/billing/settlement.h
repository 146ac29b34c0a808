#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/invoice.h"
#include "domain/repositories.h"

namespace openmsp::billing {

/// What the MSP owes one CPO for a period, in one currency (domain.md §4, "Settlement"): the sum of the
/// CPO CDRs' own `total_cost`, as the CPO will invoice it. Credit CDRs (negative) reduce it.
struct CpoSettlement {
  PartyId cpo;
  Currency currency;
  /// CDRs summed, and how many of them were credits (a negative cost).
  std::size_t cdrs = 0;
  std::size_t credits = 0;
  Decimal total_excl_vat;
  /// The sum of `total_cost.incl_vat`; absent when any CDR did not state it (OCPI makes it optional).
  std::optional<Decimal> total_incl_vat;

  friend bool operator==(const CpoSettlement&, const CpoSettlement&) = default;
};

/// The settlement of `cdrs` per CPO and currency, ordered by CPO (`PartyId::ToString`) then currency code.
/// A pure function; exact sums, no rounding (each CDR's cost is already the CPO's rounded figure).
std::vector<CpoSettlement> Settle(std::span<const domain::CpoCdr> cdrs);

/// The settlement of the CPO CDRs of `tenant_id` whose session started in `period` (UTC month), read page
/// by page from `cpo_cdrs`. Fails only when the store does.
Result<std::vector<CpoSettlement>> SettlePeriod(domain::CpoCdrRepository& cpo_cdrs, domain::TenantId tenant_id,
                                                domain::BillingPeriod period);

}  // namespace openmsp::billing
