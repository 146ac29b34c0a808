#include "domain/token.h"

#include <array>
#include <utility>

#include "core/enum_names.h"
#include "core/ids/ocpi_string.h"
#include "core/ids/rfid_uid.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxUidLength = 36;
constexpr std::size_t kMaxGroupIdLength = 36;
constexpr std::size_t kMaxTextLength = 64;

constexpr std::array kTypeNames = {std::pair{TokenType::kAdHocUser, std::string_view("AD_HOC_USER")},
                                   std::pair{TokenType::kAppUser, std::string_view("APP_USER")},
                                   std::pair{TokenType::kEmaid, std::string_view("EMAID")},
                                   std::pair{TokenType::kOther, std::string_view("OTHER")},
                                   std::pair{TokenType::kRfid, std::string_view("RFID")}};
constexpr std::array kWhitelistNames = {
    std::pair{TokenWhitelist::kAlways, std::string_view("ALWAYS")},
    std::pair{TokenWhitelist::kAllowed, std::string_view("ALLOWED")},
    std::pair{TokenWhitelist::kAllowedOffline, std::string_view("ALLOWED_OFFLINE")},
    std::pair{TokenWhitelist::kNever, std::string_view("NEVER")}};
constexpr std::array kStatusNames = {std::pair{TokenStatus::kPending, std::string_view("pending")},
                                     std::pair{TokenStatus::kActive, std::string_view("active")},
                                     std::pair{TokenStatus::kBlocked, std::string_view("blocked")},
                                     std::pair{TokenStatus::kExpired, std::string_view("expired")},
                                     std::pair{TokenStatus::kLost, std::string_view("lost")}};

bool IsLowerCaseLetter(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

std::string_view TokenTypeName(TokenType type) { return NameOf(kTypeNames, type); }
std::string_view TokenWhitelistName(TokenWhitelist whitelist) { return NameOf(kWhitelistNames, whitelist); }
std::string_view TokenStatusName(TokenStatus status) { return NameOf(kStatusNames, status); }

Result<TokenType> ParseTokenType(std::string_view name) { return ValueOf(kTypeNames, name); }
Result<TokenWhitelist> ParseTokenWhitelist(std::string_view name) { return ValueOf(kWhitelistNames, name); }
Result<TokenStatus> ParseTokenStatus(std::string_view name) { return ValueOf(kStatusNames, name); }

Result<std::string> NormaliseTokenUid(std::string_view uid, TokenType type) {
  if (type == TokenType::kRfid) {
    OPENMSP_ASSIGN_OR_RETURN(RfidUid rfid, RfidUid::Parse(uid));
    return rfid.ToString();
  }
  if (uid.empty()) return InvalidArgument("", "must not be empty");
  OPENMSP_RETURN_IF_ERROR(ValidateCiString(uid, kMaxUidLength));
  return std::string(uid);
}

Result<NewToken> ValidateNewToken(const NewToken& token) {
  Result<std::string> uid = NormaliseTokenUid(token.uid, token.type);
  if (!uid) return uid.error().Nested("uid");
  if (Result<void> visual = ValidateOcpiString(token.visual_number, kMaxTextLength); !visual) {
    return visual.error().Nested("visual_number");
  }
  if (token.issuer.empty()) return InvalidArgument("issuer", "must not be empty");
  if (Result<void> issuer = ValidateOcpiString(token.issuer, kMaxTextLength); !issuer) {
    return issuer.error().Nested("issuer");
  }
  if (Result<void> group = ValidateCiString(token.group_id, kMaxGroupIdLength); !group) {
    return group.error().Nested("group_id");
  }
  if (!token.language.empty() && (token.language.size() != 2 || !IsLowerCaseLetter(token.language[0]) ||
                                  !IsLowerCaseLetter(token.language[1]))) {
    return InvalidArgument("language", "must be an ISO 639-1 code of 2 lower-case letters");
  }
  if (token.valid_from && token.valid_until && *token.valid_until <= *token.valid_from) {
    return InvalidArgument("valid_until", "must be after valid_from");
  }
  if (Result<void> cost_centre = ValidateOcpiString(token.cost_centre, kMaxTextLength); !cost_centre) {
    return cost_centre.error().Nested("cost_centre");
  }
  NewToken normalised = token;
  normalised.uid = *std::move(uid);
  return normalised;
}

Result<Token> ApplyTokenChanges(Token token, const TokenChanges& changes) {
  if (changes.profile_id) token.profile_id = *changes.profile_id;
  if (changes.visual_number) token.visual_number = *changes.visual_number;
  if (changes.issuer) token.issuer = *changes.issuer;
  if (changes.group_id) token.group_id = *changes.group_id;
  if (changes.whitelist) token.whitelist = *changes.whitelist;
  if (changes.language) token.language = *changes.language;
  if (changes.valid_from) token.valid_from = *changes.valid_from;
  if (changes.valid_until) token.valid_until = *changes.valid_until;
  if (changes.cost_centre) token.cost_centre = *changes.cost_centre;
  OPENMSP_RETURN_IF_ERROR(ValidateNewToken(NewToken{.profile_id = token.profile_id,
                                                    .uid = token.uid,
                                                    .type = token.type,
                                                    .contract_id = token.contract_id,
                                                    .visual_number = token.visual_number,
                                                    .issuer = token.issuer,
                                                    .group_id = token.group_id,
                                                    .whitelist = token.whitelist,
                                                    .language = token.language,
                                                    .valid_from = token.valid_from,
                                                    .valid_until = token.valid_until,
                                                    .cost_centre = token.cost_centre}));
  return token;
}

Result<TokenStatus> TransitionToken(TokenStatus current, TokenStatus target) {
  using enum TokenStatus;
  bool allowed = false;
  switch (target) {
    case kPending:
      break;
    case kActive:
      allowed = current == kPending || current == kBlocked || current == kExpired;
      break;
    case kBlocked:
      allowed = current == kActive;
      break;
    case kExpired:
      allowed = current == kPending || current == kActive || current == kBlocked;
      break;
    case kLost:
      allowed = current != kLost;
      break;
  }
  if (!allowed) {
    return Error{ErrorCode::kFailedPrecondition, "status",
                 "a " + std::string(TokenStatusName(current)) + " token cannot become " +
                     std::string(TokenStatusName(target))};
  }
  return target;
}

bool IsOcpiValid(const Token& token, Instant now) {
  return token.status == TokenStatus::kActive && (!token.valid_from || *token.valid_from <= now) &&
         (!token.valid_until || now < *token.valid_until);
}

}  // namespace openmsp::domain
