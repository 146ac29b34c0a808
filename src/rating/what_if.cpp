#include "rating/what_if.h"

#include <fmt/core.h>

#include <utility>
#include <vector>

namespace openmsp::rating {

namespace {

void Count(WhatIfTotals& totals, const domain::NewMspCdr& now, const domain::NewMspCdr& draft) {
  ++totals.cdrs;
  if (now.attention) {
    ++totals.held_now;
  } else {
    totals.revenue_now += now.total_excl_vat;
    totals.margin_now += now.margin;
  }
  if (draft.attention) {
    ++totals.held_draft;
  } else {
    totals.revenue_draft += draft.total_excl_vat;
    totals.margin_draft += draft.margin;
  }
}

std::string Row(const std::string& name, const WhatIfTotals& t) {
  return fmt::format("{:<32} {:>8} {:>6} {:>6} {:>14} {:>14} {:>12} {:>14} {:>14} {:>12}\n", name, t.cdrs,
                     t.held_now, t.held_draft, t.revenue_now.ToString(), t.revenue_draft.ToString(),
                     (t.revenue_draft - t.revenue_now).ToString(), t.margin_now.ToString(),
                     t.margin_draft.ToString(), (t.margin_draft - t.margin_now).ToString());
}

template <class Id>
std::string NameOf(const std::map<Id, std::string>& names, Id id) {
  const auto found = names.find(id);
  return found == names.end() ? "#" + std::to_string(id.value) : found->second;
}

}  // namespace

void WhatIfReport::Add(const domain::NewMspCdr& now, const domain::NewMspCdr& draft) {
  if (!now.attention && !draft.attention && !(now.currency == draft.currency)) {
    ++other_currency;
    return;
  }
  Count(total, now, draft);
  if (now.location_group_id) Count(by_location_group[*now.location_group_id], now, draft);
  if (now.business_partner_groups.empty()) Count(by_business_partner_group[std::nullopt], now, draft);
  for (const domain::BusinessPartnerGroupId group : now.business_partner_groups) {
    Count(by_business_partner_group[group], now, draft);
  }
}

Result<WhatIfReport> RerateWhatIf(const RatingStores& stores, domain::TenantId tenant_id,
                                  domain::TariffPlanVersion version, Instant from, Instant to) {
  if (!(from < to)) return Error{ErrorCode::kInvalidArgument, "to", "must be after from"};
  version.valid_from = kMinInstant;  // in force for every CDR of the period, whatever its own date
  version.valid_until = std::nullopt;
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::TariffCode> codes, stores.tariff_codes.List(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(CompiledPlanVersion compiled,
                           CompiledPlanVersion::Compile(std::move(version), codes));
  OPENMSP_ASSIGN_OR_RETURN(TenantRater now, TenantRater::Load(stores, tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(TenantRater with_draft, TenantRater::Load(stores, tenant_id));
  std::vector<CompiledPlanVersion> draft_only;
  draft_only.push_back(std::move(compiled));
  with_draft.UsePlanVersions(std::move(draft_only));

  WhatIfReport report;
  pricing::CdrReader reader;
  domain::CpoCdrQuery query{.from = from, .to = to};
  for (;;) {
    OPENMSP_ASSIGN_OR_RETURN(domain::CpoCdrPage page, stores.cpo_cdrs.List(tenant_id, query));
    for (const domain::CpoCdr& cdr : page.cdrs) {
      const Result<std::reference_wrapper<const pricing::Cdr>> read = reader.Read(cdr.body);
      // An unreadable body is rated (as needing attention) by each rater from the stored fields.
      OPENMSP_ASSIGN_OR_RETURN(const domain::NewMspCdr rated_now,
                               read ? now.Rate(cdr, read->get(), false) : now.Rate(cdr, false));
      OPENMSP_ASSIGN_OR_RETURN(const domain::NewMspCdr rated_draft,
                               read ? with_draft.Rate(cdr, read->get(), false) : with_draft.Rate(cdr, false));
      report.Add(rated_now, rated_draft);
    }
    if (!page.next) return report;
    query.after = page.next;
  }
}

std::string FormatWhatIfReport(const WhatIfReport& report, const TenantBook& book) {
  std::string out =
      fmt::format("{:<32} {:>8} {:>6} {:>6} {:>14} {:>14} {:>12} {:>14} {:>14} {:>12}\n", "", "CDRs", "held",
                  "held*", "revenue", "revenue*", "Δ revenue", "margin", "margin*", "Δ margin");
  out += Row("All CDRs", report.total);
  out += "By location group\n";
  for (const auto& [group, totals] : report.by_location_group) {
    out += Row("  " + NameOf(book.location_group_names, group), totals);
  }
  out += "By business partner group\n";
  for (const auto& [group, totals] : report.by_business_partner_group) {
    out += Row(group ? "  " + NameOf(book.business_partner_group_names, *group) : "  (in no group)", totals);
  }
  out += "* with the draft version; amounts excl. VAT";
  if (report.other_currency > 0) {
    out += fmt::format("; {} CDRs rated in another currency are left out", report.other_currency);
  }
  out += "\n";
  return out;
}

}  // namespace openmsp::rating
