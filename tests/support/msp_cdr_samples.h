#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/ids/party_id.h"
#include "core/time.h"
#include "domain/msp_cdr.h"

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

}  // namespace openmsp::test
