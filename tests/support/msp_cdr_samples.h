#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/msp_cdr.h"
#include "domain/repositories.h"

namespace openmsp::test {

/// The stored rows a sample MSP CDR refers to: all of one tenant.
struct MspCdrSample {
  domain::TenantId tenant_id;
  domain::CpoCdrId cpo_cdr_id;
  /// The CPO; `BE-BEC` when not given.
  std::optional<PartyId> cpo = std::nullopt;
  Instant session_start = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  domain::TokenId token_id;
  domain::ProfileId profile_id;
  domain::OrganisationUnitId organisation_unit_id;
  std::optional<domain::OrganisationUnitId> billing_unit_id = std::nullopt;
  std::vector<domain::BusinessPartnerGroupId> business_partner_groups = {};
  domain::LocationGroupId location_group_id;
  domain::TariffPlanVersionId plan_version_id;
  /// The codes energy (KWH), charging time (HOUR) and session fee (SESSION), and the rules that priced them.
  std::array<domain::TariffCodeId, 3> tariff_codes;
  std::array<domain::TariffPlanRuleId, 3> rules;
};

/// A rated MSP CDR in EUR that `domain::ValidateNewMspCdr` accepts, worked out by hand:
///
///     energy         20.750 kWh × 0.39 = 8.0925 → 8.09
///     charging time  1.25 h × 2.40 = 3.00 (1.216667 h measured)
///     session fee    1 × 0.355 → 0.36 (half-up)
///     total excl. VAT 11.45, NL VAT 21 % 2.4045 → 2.40, incl. VAT 13.85
///     CPO cost 9.876 EUR → 9.88, margin 1.57; cost audit: recomputed 9.80, difference 0.076 (flagged)
///
/// The session lasts 73 minutes from `session_start`.
domain::NewMspCdr SampleMspCdr(const MspCdrSample& sample);

/// The tariff book of a sample MSP CDR, as stored: the codes `CODE-0` energy (KWH), `CODE-1` charging time
/// (HOUR) and `CODE-2` session fee (SESSION), each priced by a rule of a plan version.
struct SampleTariffBook {
  std::array<domain::TariffCodeId, 3> tariff_codes;
  std::array<domain::TariffPlanRuleId, 3> rules;
  domain::TariffPlanVersionId plan_version_id;
};

/// Stores the sample tariff book in `tenant_id`'s book: the three codes, a plan named `plan_name` and a
/// version in `currency` valid from `valid_from` whose rules price every code at `unit_price` (the
/// tenant's plan name must be free; `valid_from` must not be in the past of the repositories' clock).
Result<SampleTariffBook> StoreSampleTariffBook(domain::TariffCodeRepository& codes,
                                               domain::TariffPlanRepository& plans,
                                               domain::TenantId tenant_id, const std::string& plan_name,
                                               const Currency& currency, Instant valid_from,
                                               const Decimal& unit_price);

}  // namespace openmsp::test
