#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// Who or what a profile stands for.
enum class ProfileKind {
  kDriver,   ///< a person who charges
  kVehicle,  ///< a (fleet) vehicle whose tokens any driver may use
};

/// `driver` or `vehicle`: the stored spelling of `kind`.
std::string_view ProfileKindName(ProfileKind kind);

/// The kind named `name` (as `ProfileKindName` spells it); kInvalidArgument with an empty field otherwise.
Result<ProfileKind> ParseProfileKind(std::string_view name);

/// What it takes to create a profile inside a tenant (the tenant id is passed beside it).
struct NewProfile {
  /// The one organisation unit the profile lives in; a unit of the same tenant.
  OrganisationUnitId organisation_unit_id;
  /// 1 to 200 bytes.
  std::string name;
  ProfileKind kind = ProfileKind::kDriver;
  /// Optional: empty when not given; else at most 254 bytes with one `@` that is neither first nor last.
  std::string email;
  /// Fleet profiles may hide prices from the driver.
  bool prices_hidden = false;
};

/// A stored profile: the person (EV driver) or vehicle that uses the charging service and owns tokens.
struct Profile {
  ProfileId id;
  TenantId tenant_id;
  OrganisationUnitId organisation_unit_id;
  std::string name;
  ProfileKind kind = ProfileKind::kDriver;
  std::string email;
  bool prices_hidden = false;
  Instant created_at;

  friend bool operator==(const Profile&, const Profile&) = default;
};

/// Checks the rules of `NewProfile` that need no stored state; the error names the field (`name`,
/// `email`).
Result<void> ValidateNewProfile(const NewProfile& profile);

/// A change of a stored profile: each field given replaces the stored one, the others stay. The unit a
/// profile lives in does not change here (that moves it between scopes).
struct ProfileChanges {
  std::optional<std::string> name;
  std::optional<ProfileKind> kind;
  /// An empty address clears it.
  std::optional<std::string> email;
  std::optional<bool> prices_hidden;
};

/// Checks the fields `changes` gives by the rules of `NewProfile`; the error names `name` or `email`.
Result<void> ValidateProfileChanges(const ProfileChanges& changes);

}  // namespace openmsp::domain
