#include "domain/profile.h"

#include "domain/email.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;

}  // namespace

std::string_view ProfileKindName(ProfileKind kind) {
  return kind == ProfileKind::kVehicle ? "vehicle" : "driver";
}

Result<ProfileKind> ParseProfileKind(std::string_view name) {
  if (name == "driver") return ProfileKind::kDriver;
  if (name == "vehicle") return ProfileKind::kVehicle;
  return InvalidArgument("", "must be 'driver' or 'vehicle', not '" + std::string(name) + "'");
}

Result<void> ValidateNewProfile(const NewProfile& profile) {
  if (profile.name.empty() || profile.name.size() > kMaxNameLength) {
    return InvalidArgument("name", "must be 1 to 200 bytes long");
  }
  if (!profile.email.empty()) {
    if (Result<void> email = ValidateEmailAddress(profile.email); !email) return email.error().Nested("email");
  }
  return Ok();
}

Result<void> ValidateProfileChanges(const ProfileChanges& changes) {
  if (changes.name && (changes.name->empty() || changes.name->size() > kMaxNameLength)) {
    return InvalidArgument("name", "must be 1 to 200 bytes long");
  }
  if (changes.email && !changes.email->empty()) {
    if (Result<void> email = ValidateEmailAddress(*changes.email); !email) return email.error().Nested("email");
  }
  return Ok();
}

}  // namespace openmsp::domain
