#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids/emaid.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// OCPI `TokenType`.
enum class TokenType { kAdHocUser, kAppUser, kEmaid, kOther, kRfid };

/// OCPI `WhitelistType`: whether a CPO may authorise the token without asking the eMSP.
enum class TokenWhitelist { kAlways, kAllowed, kAllowedOffline, kNever };

/// Where a token is in its lifecycle: `pending → active ↔ blocked`, `expired`, `lost` (final).
enum class TokenStatus { kPending, kActive, kBlocked, kExpired, kLost };

/// The OCPI spelling of `type`, e.g. `AD_HOC_USER`, `RFID`.
std::string_view TokenTypeName(TokenType type);
/// The OCPI spelling of `whitelist`, e.g. `ALLOWED_OFFLINE`.
std::string_view TokenWhitelistName(TokenWhitelist whitelist);
/// The stored spelling of `status`: `pending`, `active`, `blocked`, `expired` or `lost`.
std::string_view TokenStatusName(TokenStatus status);

/// The type spelled `name` (as `TokenTypeName` does); kInvalidArgument with an empty field otherwise.
Result<TokenType> ParseTokenType(std::string_view name);
/// The whitelist spelled `name`; kInvalidArgument with an empty field otherwise.
Result<TokenWhitelist> ParseTokenWhitelist(std::string_view name);
/// The status spelled `name`; kInvalidArgument with an empty field otherwise.
Result<TokenStatus> ParseTokenStatus(std::string_view name);

/// What it takes to create a token inside a tenant (the tenant id is passed beside it). A new token
/// starts `pending`.
struct NewToken {
  /// The profile the token belongs to; a profile of the same tenant.
  ProfileId profile_id;
  /// RFID: a UID as `RfidUid::Parse` accepts it (stored as upper-case hex); other types: CiString(36).
  std::string uid;
  TokenType type = TokenType::kRfid;
  /// The EMA-ID shown to the driver. Several tokens may share it (a card and an app of one contract).
  EmaId contract_id;
  /// Optional OCPI string(64): empty when not given.
  std::string visual_number;
  /// OCPI string(64), required: the company that issued the token.
  std::string issuer;
  /// Optional CiString(36): empty when not given.
  std::string group_id;
  TokenWhitelist whitelist = TokenWhitelist::kAllowed;
  /// Optional ISO 639-1 code (2 lower-case letters): empty when not given.
  std::string language;
  /// Optional; when both are given, `valid_from` must be before `valid_until`.
  std::optional<Instant> valid_from;
  std::optional<Instant> valid_until;
  /// Optional billing reference: empty when not given; at most 64 bytes.
  std::string cost_centre;
};

/// A stored token: what identifies a driver at a charger.
struct Token {
  TokenId id;
  TenantId tenant_id;
  ProfileId profile_id;
  /// Normalised: upper-case hex for RFID, as given otherwise.
  std::string uid;
  TokenType type = TokenType::kRfid;
  EmaId contract_id;
  std::string visual_number;
  std::string issuer;
  std::string group_id;
  TokenWhitelist whitelist = TokenWhitelist::kAllowed;
  std::string language;
  std::optional<Instant> valid_from;
  std::optional<Instant> valid_until;
  std::string cost_centre;
  TokenStatus status = TokenStatus::kPending;
  /// When the token was created or last changed (any field, the status included), from the repository's
  /// clock: OCPI's `last_updated`, by which CPOs pull changed tokens.
  Instant last_updated;

  friend bool operator==(const Token&, const Token&) = default;
};

/// `uid` in the form a token of `type` stores it: an RFID UID parsed by `RfidUid` and upper-cased, any
/// other uid checked as CiString(36) and kept as it is. kInvalidArgument with an empty field otherwise.
Result<std::string> NormaliseTokenUid(std::string_view uid, TokenType type);

/// Checks the rules of `NewToken` that need no stored state and returns it with its uid normalised
/// (`NormaliseTokenUid`). The error names the field (`uid`, `visual_number`, `issuer`, `group_id`,
/// `language`, `valid_until`, `cost_centre`). The contract id is valid by construction; whether its
/// party belongs to the tenant is not checked here.
Result<NewToken> ValidateNewToken(const NewToken& token);

/// A change to a stored token: each field given replaces the stored one, each absent one stays. `uid`,
/// `type` and `contract_id` cannot change (they identify the token to CPOs: issue a new token instead),
/// and `status` changes through `TransitionToken` only.
struct TokenChanges {
  std::optional<ProfileId> profile_id;
  std::optional<std::string> visual_number;  ///< "" clears it
  std::optional<std::string> issuer;
  std::optional<std::string> group_id;  ///< "" clears it
  std::optional<TokenWhitelist> whitelist;
  std::optional<std::string> language;  ///< "" clears it
  std::optional<std::optional<Instant>> valid_from;   ///< nullopt inside clears it
  std::optional<std::optional<Instant>> valid_until;  ///< nullopt inside clears it
  std::optional<std::string> cost_centre;             ///< "" clears it
};

/// `token` with `changes` applied, checked by the rules of `ValidateNewToken` (the error names the
/// field). `last_updated` is left for the caller to stamp.
Result<Token> ApplyTokenChanges(Token token, const TokenChanges& changes);

/// The status a token moves to from `current` when asked for `target`. Allowed: `pending → active`,
/// `active ↔ blocked`, `pending`/`active`/`blocked → expired`, `expired → active` (renewal), and any status
/// but `lost` → `lost`. `lost` is final. Anything else, including staying put, is kFailedPrecondition
/// naming `status`.
Result<TokenStatus> TransitionToken(TokenStatus current, TokenStatus target);

/// OCPI `valid`: the token is active and `now` is inside its validity dates (`valid_from` included,
/// `valid_until` excluded; an absent date does not limit).
bool IsOcpiValid(const Token& token, Instant now);

}  // namespace openmsp::domain
