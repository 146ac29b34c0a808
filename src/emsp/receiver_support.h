#pragma once

#include <optional>
#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/session.h"
#include "domain/token.h"
#include "emsp/ocpi_endpoints.h"
#include "store/repositories.h"

namespace openmsp::emsp {

// What the receivers of data a CPO owns (sessions, CDRs; ocpi-2.2.1-emsp.md §1) share: whom a token names.
// Whether the caller may send the object's party is `CheckSendingParty` (emsp/object_owner.h).

/// The tenant's token with this `uid` and `type`, its profile and the profile's organisation unit; nullopt
/// when the tenant has no such token (a session or CDR is never refused for it: it is stored without).
Result<std::optional<domain::SessionCustomer>> FindCustomer(store::Repositories& db, domain::TenantId tenant_id,
                                                            std::string_view uid, domain::TokenType type);

}  // namespace openmsp::emsp
