#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/profile.h"
#include "domain/token.h"
#include "domain/user.h"

namespace openmsp::domain {

// The Control Centre's lists of profiles, users and tokens (`ProfileRepository::List`,
// `UserRepository::List`, `TokenRepository::List`): each a query with optional filters, answered in
// keyset pages by row id (ascending), so a page does not shift when rows are added meanwhile and the
// last page is as fast as the first. A page holds at most `kMaxListLimit` rows; `next` is the id to pass
// as `after` for the page that follows, nullopt on the last page. A unit, profile or keyset id that is
// not the tenant's matches nothing: a list never reveals another tenant's rows.

/// The most rows a list page holds.
inline constexpr std::size_t kMaxListLimit = 100;

/// The tenant's profiles, optionally in one unit's subtree and matching a text.
struct ProfileListQuery {
  /// Only profiles living in this unit or any unit below it; absent: the whole tenant.
  std::optional<OrganisationUnitId> organisation_unit = std::nullopt;
  /// A case-insensitive substring of the name or e-mail; empty: no text criterion. At most 100 bytes.
  std::string text = {};
  ProfileId after = {};
  std::size_t limit = kMaxListLimit;
};

struct ProfilePage {
  std::vector<Profile> profiles;
  std::optional<ProfileId> next;
};

/// The tenant's users within a set of units: those holding a role at one of the units (or below one),
/// or whose own profile lives there.
struct UserListQuery {
  /// Each unit with its subtree (the scopes of the caller's role assignments, say); empty: every user of
  /// the tenant. At most 100 units.
  std::vector<OrganisationUnitId> organisation_units = {};
  /// A case-insensitive substring of the e-mail or display name; empty: no text criterion.
  std::string text = {};
  std::optional<UserStatus> status = std::nullopt;
  UserId after = {};
  std::size_t limit = kMaxListLimit;
};

struct UserPage {
  std::vector<User> users;
  std::optional<UserId> next;
};

/// The tenant's tokens, by profile, unit subtree, status and text.
struct TokenListQuery {
  /// Only the tokens of this profile.
  std::optional<ProfileId> profile = std::nullopt;
  /// Only the tokens of profiles living in this unit or below it.
  std::optional<OrganisationUnitId> organisation_unit = std::nullopt;
  std::optional<TokenStatus> status = std::nullopt;
  /// A case-insensitive substring of the uid, the visual number or the contract id (canonical form,
  /// `NL-TNM-C00122045-K`); empty: no text criterion.
  std::string text = {};
  TokenId after = {};
  std::size_t limit = kMaxListLimit;
};

struct TokenListPage {
  std::vector<Token> tokens;
  std::optional<TokenId> next;
};

/// Check a query; the error names the field (`text` longer than 100 bytes or holding control
/// characters, `after` negative, `limit` outside 1..100, `organisation_units` more than 100).
Result<void> ValidateProfileListQuery(const ProfileListQuery& query);
Result<void> ValidateUserListQuery(const UserListQuery& query);
Result<void> ValidateTokenListQuery(const TokenListQuery& query);

}  // namespace openmsp::domain
