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

// What the receivers of data a CPO owns (sessions, CDRs; ocpi-2.2.1-emsp.md §1) share: whether the object's
// party is one the calling peer registered, and whom a token names.

/// Whether `party` is one of the roles the calling peer registered with (credentials handshake, §4): a
/// CPO pushes only its own sessions and CDRs (§2.6: "the URL's country_code/party_id SHALL equal the
/// object's; a server may answer 404 when they do not belong to one of the client's credential roles").
Result<bool> CallerHasRole(store::Repositories& db, const OcpiCaller& caller, const PartyId& party);

/// The tenant's token with this `uid` and `type`, its profile and the profile's organisation unit; nullopt
/// when the tenant has no such token (a session or CDR is never refused for it: it is stored without).
Result<std::optional<domain::SessionCustomer>> FindCustomer(store::Repositories& db, domain::TenantId tenant_id,
                                                            std::string_view uid, domain::TokenType type);

}  // namespace openmsp::emsp
