#include "domain/profile.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxEmailLength = 254;

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
    std::size_t at = profile.email.find('@');
    if (profile.email.size() > kMaxEmailLength || at == std::string::npos || at == 0 ||
        at + 1 == profile.email.size() || profile.email.find('@', at + 1) != std::string::npos) {
      return InvalidArgument("email", "must be an e-mail address of at most 254 bytes");
    }
  }
  return Ok();
}

}  // namespace openmsp::domain
