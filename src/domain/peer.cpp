#include "domain/peer.h"

#include <array>
#include <utility>

#include "core/enum_names.h"
#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxTokenLength = 64;
constexpr std::size_t kMaxUrlLength = 255;
constexpr std::size_t kMaxModuleLength = 64;
constexpr std::size_t kMaxVersionLength = 16;
constexpr std::size_t kMaxBusinessNameLength = 100;

constexpr std::array kStatusNames = {std::pair{PeerStatus::kPending, std::string_view("pending")},
                                     std::pair{PeerStatus::kConnected, std::string_view("connected")},
                                     std::pair{PeerStatus::kSuspended, std::string_view("suspended")},
                                     std::pair{PeerStatus::kUnregistered, std::string_view("unregistered")}};
constexpr std::array kRoleNames = {std::pair{OcpiRole::kCpo, std::string_view("CPO")},
                                   std::pair{OcpiRole::kEmsp, std::string_view("EMSP")},
                                   std::pair{OcpiRole::kHub, std::string_view("HUB")},
                                   std::pair{OcpiRole::kNap, std::string_view("NAP")},
                                   std::pair{OcpiRole::kNsp, std::string_view("NSP")},
                                   std::pair{OcpiRole::kOther, std::string_view("OTHER")},
                                   std::pair{OcpiRole::kScsp, std::string_view("SCSP")}};
constexpr std::array kInterfaceRoleNames = {
    std::pair{InterfaceRole::kSender, std::string_view("SENDER")},
    std::pair{InterfaceRole::kReceiver, std::string_view("RECEIVER")}};

Result<void> ValidateUrl(std::string_view url) {
  if (url.empty() || url.size() > kMaxUrlLength)
    return InvalidArgument("", "must be 1 to 255 characters long");
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return InvalidArgument("", "must be an http:// or https:// URL");
  }
  for (char c : url) {
    if (!ascii::IsPrintable(c) || c == ' ')
      return InvalidArgument("", "must be printable ASCII without blanks");
  }
  return Ok();
}

Result<void> ValidateModule(std::string_view module) {
  if (module.empty() || module.size() > kMaxModuleLength) {
    return InvalidArgument("", "must be 1 to 64 characters long");
  }
  for (char c : module) {
    if (!((c >= 'a' && c <= 'z') || ascii::IsDigit(c) || c == '-' || c == '_')) {
      return InvalidArgument("", "must be an OCPI module id of a-z, 0-9, '-' and '_'");
    }
  }
  return Ok();
}

Result<void> ValidateVersion(std::string_view version) {
  bool digit_expected = true;
  for (char c : version) {
    if (ascii::IsDigit(c)) {
      digit_expected = false;
    } else if (c == '.' && !digit_expected) {
      digit_expected = true;
    } else {
      return InvalidArgument("version", "must be digits separated by dots, such as 2.2.1");
    }
  }
  if (version.empty() || digit_expected || version.size() > kMaxVersionLength) {
    return InvalidArgument("version", "must be digits separated by dots, such as 2.2.1");
  }
  return Ok();
}

}  // namespace

std::string_view PeerStatusName(PeerStatus status) { return NameOf(kStatusNames, status); }
std::string_view OcpiRoleName(OcpiRole role) { return NameOf(kRoleNames, role); }
std::string_view InterfaceRoleName(InterfaceRole role) { return NameOf(kInterfaceRoleNames, role); }
Result<PeerStatus> ParsePeerStatus(std::string_view name) { return ValueOf(kStatusNames, name); }
Result<OcpiRole> ParseOcpiRole(std::string_view name) { return ValueOf(kRoleNames, name); }
Result<InterfaceRole> ParseInterfaceRole(std::string_view name) { return ValueOf(kInterfaceRoleNames, name); }

Result<void> ValidateNewPeer(const NewPeer& peer) {
  if (peer.name.empty()) return InvalidArgument("name", "must not be empty");
  if (Result<void> name = ValidateOcpiString(peer.name, kMaxNameLength); !name)
    return name.error().Nested("name");
  return Ok();
}

Result<void> ValidatePeerRegistration(const PeerRegistration& registration) {
  if (registration.token.empty() || registration.token.size() > kMaxTokenLength) {
    return InvalidArgument("token", "must be 1 to 64 characters long");
  }
  for (char c : registration.token) {
    if (!ascii::IsPrintable(c) || c == ' ') {
      return InvalidArgument("token", "must be printable ASCII without blanks");
    }
  }
  if (Result<void> url = ValidateUrl(registration.versions_url); !url)
    return url.error().Nested("versions_url");
  OPENMSP_RETURN_IF_ERROR(ValidateVersion(registration.version));
  if (registration.endpoints.empty()) return InvalidArgument("endpoints", "must list at least one endpoint");
  for (std::size_t i = 0; i < registration.endpoints.size(); ++i) {
    const PeerEndpoint& endpoint = registration.endpoints[i];
    const std::string path = "endpoints[" + std::to_string(i) + "]";
    if (Result<void> module = ValidateModule(endpoint.module); !module) {
      return module.error().Nested(path + ".module");
    }
    if (Result<void> url = ValidateUrl(endpoint.url); !url) return url.error().Nested(path + ".url");
    for (std::size_t j = 0; j < i; ++j) {
      if (registration.endpoints[j].module == endpoint.module &&
          registration.endpoints[j].role == endpoint.role) {
        return InvalidArgument(path, "lists module " + endpoint.module + " as " +
                                         std::string(InterfaceRoleName(endpoint.role)) + " a second time");
      }
    }
  }
  if (registration.roles.empty()) return InvalidArgument("roles", "must list at least one role");
  for (std::size_t i = 0; i < registration.roles.size(); ++i) {
    const PeerRole& role = registration.roles[i];
    const std::string path = "roles[" + std::to_string(i) + "]";
    if (role.business_name.empty()) return InvalidArgument(path + ".business_name", "must not be empty");
    if (Result<void> name = ValidateOcpiString(role.business_name, kMaxBusinessNameLength); !name) {
      return name.error().Nested(path + ".business_name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (registration.roles[j].role == role.role && registration.roles[j].party == role.party) {
        return InvalidArgument(path, "lists " + std::string(OcpiRoleName(role.role)) + " " +
                                         role.party.ToString() + " a second time");
      }
    }
  }
  return Ok();
}

Result<SyncOutcome> ValidateSyncOutcome(const SyncOutcome& outcome) {
  if (Result<void> module = ValidateModule(outcome.module); !module) return module.error().Nested("module");
  if (!outcome.succeeded && outcome.error.empty()) {
    return InvalidArgument("error", "must say what went wrong when the sync failed");
  }
  SyncOutcome valid = outcome;
  if (valid.succeeded) valid.error.clear();
  if (valid.error.size() > kMaxSyncErrorLength) {
    std::size_t cut = kMaxSyncErrorLength;
    while (cut > 0 && (static_cast<unsigned char>(valid.error[cut]) & 0xC0U) == 0x80U) --cut;
    valid.error.resize(cut);
  }
  return valid;
}

Result<void> CheckRegistrationAllowed(PeerStatus status) {
  if (status == PeerStatus::kPending || status == PeerStatus::kConnected) return Ok();
  return Error{ErrorCode::kFailedPrecondition, "status",
               "a " + std::string(PeerStatusName(status)) + " peer cannot register"};
}

Result<PeerStatus> TransitionPeer(PeerStatus current, PeerStatus target) {
  using enum PeerStatus;
  bool allowed = false;
  switch (target) {
    case kPending:
      break;
    case kConnected:
      allowed = current == kSuspended;
      break;
    case kSuspended:
      allowed = current == kConnected;
      break;
    case kUnregistered:
      allowed = current != kUnregistered;
      break;
  }
  if (!allowed) {
    return Error{ErrorCode::kFailedPrecondition, "status",
                 "a " + std::string(PeerStatusName(current)) + " peer cannot become " +
                     std::string(PeerStatusName(target))};
  }
  return target;
}

}  // namespace openmsp::domain
