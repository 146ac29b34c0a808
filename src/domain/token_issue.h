#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ids/emaid.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/token.h"

namespace openmsp::domain {

// Issuing tokens with contract ids the tenant generates (`TokenRepository::Issue`): a new charge card or
// app account gets the next EMA-ID of one of the tenant's eMSP parties.

/// The largest contract number: the instance is `C` and 8 digits.
inline constexpr std::int64_t kMaxContractNumber = 99'999'999;

/// Contract number `number` (1 to `kMaxContractNumber`) of `party` as an eMI3 EMA-ID (domain.md:
/// `CC-PPP-CXXXXXXXX-D`): the party's country code and party id, `C`, the number in 8 digits with leading
/// zeros, and the ISO 15118 check digit (`NL-DEM-C00000001-?`). kOutOfRange naming `contract_id` for a
/// number outside the range; kInvalidArgument naming `party` when the party id cannot be an EMA-ID
/// provider (a country code that is not assigned).
Result<EmaId> IssuedContractId(const PartyId& party, std::int64_t number);

/// Everything `NewToken` holds but the contract id, which `Issue` generates.
struct TokenToIssue {
  ProfileId profile_id;
  std::string uid;
  TokenType type = TokenType::kRfid;
  std::string visual_number;
  std::string issuer;
  std::string group_id;
  TokenWhitelist whitelist = TokenWhitelist::kAllowed;
  std::string language;
  std::optional<Instant> valid_from;
  std::optional<Instant> valid_until;
  std::string cost_centre;
};

/// `token` with `contract_id`: what `Issue` then creates.
NewToken WithContractId(const TokenToIssue& token, EmaId contract_id);

}  // namespace openmsp::domain
