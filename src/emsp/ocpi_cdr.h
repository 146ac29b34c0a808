#pragma once

#include <string_view>

#include "core/result.h"
#include "domain/cpo_cdr.h"
#include "domain/ids.h"

namespace openmsp::emsp {

/// Maps the body of an OCPI 2.2.1 CDR POST (ocpi-2.2.1-emsp.md §7.1 C1, the object of §7.2 and §7.3) to
/// the `NewCpoCdr` the ingestor stores: `body` is `json` byte for byte, the fields listings and rating
/// read are taken from it, `organisation_unit_id` is left for the caller to resolve from the token.
///
/// What `pricing::CdrReader` reads (dates, currency, tariffs, charging periods, totals, stated costs,
/// `cdr_token`'s uid/type/contract_id, `cdr_location`'s id/country/evse/connector/power type, credit) is
/// checked as it checks it, with its errors (strict RFC 8259, every number exact). Beyond that, the
/// members OCPI requires and the reader does not are required here too — `country_code`, `party_id`, `id`,
/// `auth_method`, `cdr_token` (with its `country_code` and `party_id`), `cdr_location` (with `id`,
/// `address`, `city`, `country`, `coordinates`, `evse_uid`, `evse_id`, `connector_id`,
/// `connector_standard`, `connector_format`, `connector_power_type`), `total_cost`, `last_updated` — and
/// every string member of the CDR, its token and its location is checked against its OCPI type and
/// length (`session_id` CiString(36), `remark` string(255), `cdr_location.address` string(45), …; §2.7).
/// Members OCPI does not define are ignored (as 2.3 asks receivers to). A credit CDR (`credit: true`) is
/// accepted with its negative totals (§7.1): only its `credit_reference_id` is required.
///
/// Errors are kInvalidArgument naming the OCPI path (`cdr_token.uid`, `total_cost.excl_vat`,
/// `cdr_location.address`); a body over `domain::kMaxCpoCdrBodyBytes` names `body`.
Result<domain::NewCpoCdr> CpoCdrFromOcpiJson(std::string_view json, domain::TenantId tenant_id);

}  // namespace openmsp::emsp
