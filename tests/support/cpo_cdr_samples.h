#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ids/party_id.h"
#include "core/time.h"
#include "domain/cpo_cdr.h"
#include "domain/ids.h"

namespace openmsp::test {

/// What varies between the sample CDRs of tests and benchmarks.
struct CpoCdrSample {
  domain::TenantId tenant_id;
  /// The CPO; `BE-BEC` when not given.
  std::optional<PartyId> cpo = std::nullopt;
  std::string cdr_id;
  Instant start_date_time = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  std::optional<domain::OrganisationUnitId> organisation_unit_id = std::nullopt;
  /// Put into the body's `remark`, so that two bodies of the same id can differ.
  std::string remark = "thank you for charging";
  /// The RFID token's uid (`cdr_token.uid`) and the location's id (`cdr_location.id`).
  std::string token_uid = "012345678";
  std::string location_id = "LOC1";
};

/// A realistic OCPI 2.2.1 CDR of about 2 KB (the shape of ../shared/ocpi/examples/cdrs/cdr_example.json,
/// with an energy and time tariff, three charging periods and a signed-data stub), pretty-printed, and
/// the `NewCpoCdr` whose parsed fields agree with it. The same sample gives the same body byte for byte.
domain::NewCpoCdr SampleCpoCdr(const CpoCdrSample& sample);

}  // namespace openmsp::test
