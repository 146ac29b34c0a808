#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/time.h"
#include "domain/token.h"
#include "emsp/ocpi_endpoints.h"
#include "emsp/remembered.h"
#include "ocpi/tokens.h"

/// The OCPI tokens module of the eMSP, interface role SENDER (ocpi-2.2.1-emsp.md §10, docs/ocpi.md
/// "## tokens"): the CPOs' pull of the tenant's tokens and their real-time authorization requests.
namespace openmsp::emsp {

/// The largest page of `GET /tokens` (`X-Limit`, §2.5), and the page a client that sends no `limit` gets:
/// the most `TokenRepository::ListUpdated` answers at once.
inline constexpr std::int64_t kTokensPageLimit = 1000;

/// What a real-time authorization answers for `token` at `now` (§10.1 K2), from its lifecycle and
/// validity dates only (OpenMSP keeps no credit and no per-token location restrictions):
///
/// - `active` inside its validity dates: ALLOWED;
/// - `active` before `valid_from`: NOT_ALLOWED (not valid yet; nothing is wrong with the card);
/// - `active` at or after `valid_until`, or `expired`: EXPIRED;
/// - `blocked`, or `lost` (a lost card is blocked for good): BLOCKED;
/// - `pending` (issued, not activated yet): NOT_ALLOWED.
///
/// NO_CREDIT is never answered: OpenMSP invoices after charging and keeps no prepaid balance.
ocpi::AllowedType AuthorizationAllowed(const domain::Token& token, Instant now);

/// A sentence for the driver explaining `allowed` about `token` at `now` (empty for ALLOWED), carried in
/// the AuthorizationInfo's `info` so the charger can show why it refuses.
std::string_view AuthorizationExplanation(const domain::Token& token, Instant now);

/// The tokens real-time authorization read lately, by tenant, type and uid as asked: a CPO that asks
/// about the same card again within `TokensModuleOptions::token_lifetime` is answered without reading
/// the database (the hot path of real-time authorization, docs/ocpi.md "## tokens"). The answer itself
/// (ALLOWED, EXPIRED…) is worked out at each request from the token and the clock.
using RememberedTokens = Remembered<domain::Token>;

/// How the tokens module remembers tokens. A token changed in this process is forgotten by whoever
/// changed it (`RememberedTokens::ForgetAll`; `openmsp serve` does it whenever it pushes a changed token
/// to the CPOs, so a CPO told of a change is never answered from before it). A change made elsewhere is
/// seen within the lifetime — as it reaches the CPOs, who authorize from their own copy of the tokens,
/// only when pushed. A lifetime of zero turns remembering off.
struct TokensModuleOptions {
  std::chrono::milliseconds token_lifetime{2000};
  std::size_t max_remembered_tokens = 200'000;
};

/// Adds the module's endpoints under `{VersionUrl}/tokens` (connected peers only):
///
/// - `GET /ocpi/2.2.1/tokens?date_from&date_to&offset&limit` (§10.1 K1, §2.5): the caller's tenant's
///   tokens as OCPI Tokens, oldest `last_updated` first (then by id, a stable order), with `Link`,
///   `X-Total-Count` and `X-Limit` on every page. A token that cannot be written as a 2.2.1 Token (type
///   `EMAID`, or no party of the tenant to publish it under) is left out of the page's data but counted,
///   so offsets stay those of the stored order.
/// - `POST /ocpi/2.2.1/tokens/{uid}/authorize[?type=RFID]` with an optional LocationReferences body
///   (§10.1 K2): 200 with an AuthorizationInfo (`AuthorizationAllowed`, the token as `TokenJson` writes
///   it, a new UUID as `authorization_reference`, the location echoed when allowed), or 404 with 2004 for
///   a token the tenant does not have. `type` defaults to `RFID`; an unknown type or a malformed body is
///   2001 naming `type` or the body's field.
///
/// Returns the module's memory of tokens, for whoever changes tokens in this process to forget them.
std::shared_ptr<RememberedTokens> RegisterTokensModule(OcpiEndpoints& endpoints, TokensModuleOptions options = {});

}  // namespace openmsp::emsp
