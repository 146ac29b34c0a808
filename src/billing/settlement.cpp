#include "billing/settlement.h"

#include <map>
#include <string>
#include <utility>

namespace openmsp::billing {
namespace {

using Sums = std::map<std::pair<std::string, std::string>, CpoSettlement>;

void Add(Sums& sums, std::span<const domain::CpoCdr> cdrs) {
  for (const domain::CpoCdr& cdr : cdrs) {
    const auto key = std::pair{cdr.cpo.ToString(), std::string(cdr.currency.code())};
    auto [entry, added] = sums.try_emplace(key, CpoSettlement{.cpo = cdr.cpo,
                                                              .currency = cdr.currency,
                                                              .cdrs = 0,
                                                              .credits = 0,
                                                              .total_excl_vat = {},
                                                              .total_incl_vat = Decimal()});
    CpoSettlement& sum = entry->second;
    ++sum.cdrs;
    if (cdr.total_cost_excl_vat.Sign() < 0) ++sum.credits;
    sum.total_excl_vat += cdr.total_cost_excl_vat;
    if (sum.total_incl_vat && cdr.total_cost_incl_vat) {
      *sum.total_incl_vat += *cdr.total_cost_incl_vat;
    } else {
      sum.total_incl_vat = std::nullopt;
    }
  }
}

std::vector<CpoSettlement> Listed(Sums& sums) {
  std::vector<CpoSettlement> settlements;
  settlements.reserve(sums.size());
  for (auto& [key, sum] : sums) settlements.push_back(std::move(sum));
  return settlements;
}

}  // namespace

std::vector<CpoSettlement> Settle(std::span<const domain::CpoCdr> cdrs) {
  Sums sums;
  Add(sums, cdrs);
  return Listed(sums);
}

Result<std::vector<CpoSettlement>> SettlePeriod(domain::CpoCdrRepository& cpo_cdrs, domain::TenantId tenant_id,
                                                domain::BillingPeriod period) {
  Sums sums;
  domain::CpoCdrQuery query{.from = domain::PeriodStart(period), .to = domain::PeriodEnd(period)};
  for (;;) {
    OPENMSP_ASSIGN_OR_RETURN(domain::CpoCdrPage page, cpo_cdrs.List(tenant_id, query));
    Add(sums, page.cdrs);
    if (!page.next) break;
    query.after = page.next;
  }
  return Listed(sums);
}

}  // namespace openmsp::billing
