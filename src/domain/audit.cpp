#include "domain/audit.h"

#include <utility>

#include "core/ids/ascii.h"
#include "core/json.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxSystemLength = 64;
constexpr std::size_t kMaxActionLength = 100;
constexpr std::size_t kMaxObjectTypeLength = 64;
constexpr std::size_t kMaxTextLength = 255;

bool IsNameCharacter(char c, bool dot_allowed) {
  return (c >= 'a' && c <= 'z') || ascii::IsDigit(c) || c == '_' || (dot_allowed && (c == '.' || c == '-'));
}

Result<void> ValidateName(std::string_view field, std::string_view name, std::size_t max_length,
                          bool dot_allowed) {
  bool valid = !name.empty() && name.size() <= max_length;
  for (char c : name) valid = valid && IsNameCharacter(c, dot_allowed);
  if (!valid) {
    return InvalidArgument(std::string(field), "must be 1 to " + std::to_string(max_length) +
                                                   " of a-z, 0-9, '_'" +
                                                   (dot_allowed ? ", '.' and '-'" : ""));
  }
  return Ok();
}

Result<void> ValidatePrintable(std::string_view field, std::string_view text, bool required) {
  bool valid = (!required || !text.empty()) && text.size() <= kMaxTextLength;
  for (char c : text) valid = valid && ascii::IsPrintable(c);
  if (!valid) {
    return InvalidArgument(std::string(field), std::string(required ? "must be 1" : "must be 0") +
                                                   " to 255 printable ASCII characters");
  }
  return Ok();
}

Result<void> ValidateDocument(std::string_view field, std::string_view document) {
  if (document.empty()) return Ok();
  if (document.size() > kMaxAuditDocumentBytes) {
    return InvalidArgument(std::string(field), "must be at most 256 KiB of JSON");
  }
  if (Result<boost::json::value> parsed = ParseJson(document); !parsed) {
    return InvalidArgument(std::string(field), "must be a JSON document: " + parsed.error().ToString());
  }
  return Ok();
}

}  // namespace

std::string_view AuditActorKindName(AuditActorKind kind) {
  switch (kind) {
    case AuditActorKind::kUser:
      return "user";
    case AuditActorKind::kPeer:
      return "peer";
    case AuditActorKind::kSystem:
      return "system";
  }
  return "";
}

Result<AuditActorKind> ParseAuditActorKind(std::string_view name) {
  if (name == "user") return AuditActorKind::kUser;
  if (name == "peer") return AuditActorKind::kPeer;
  if (name == "system") return AuditActorKind::kSystem;
  return InvalidArgument("", "must be 'user', 'peer' or 'system'");
}

AuditActor AuditActor::User(UserId id) {
  return AuditActor{.kind = AuditActorKind::kUser, .user_id = id, .peer_id = std::nullopt, .system = ""};
}

AuditActor AuditActor::Peer(PeerId id) {
  return AuditActor{.kind = AuditActorKind::kPeer, .user_id = std::nullopt, .peer_id = id, .system = ""};
}

AuditActor AuditActor::System(std::string name) {
  return AuditActor{.kind = AuditActorKind::kSystem,
                    .user_id = std::nullopt,
                    .peer_id = std::nullopt,
                    .system = std::move(name)};
}

Result<void> ValidateNewAuditEntry(const NewAuditEntry& entry) {
  const AuditActor& actor = entry.actor;
  const bool one_actor = (actor.kind == AuditActorKind::kUser) == actor.user_id.has_value() &&
                         (actor.kind == AuditActorKind::kPeer) == actor.peer_id.has_value() &&
                         (actor.kind == AuditActorKind::kSystem || actor.system.empty());
  if (!one_actor) return InvalidArgument("actor", "must name exactly one user, peer or part of the system");
  if (actor.kind == AuditActorKind::kSystem) {
    OPENMSP_RETURN_IF_ERROR(ValidateName("actor.system", actor.system, kMaxSystemLength, true));
  }
  OPENMSP_RETURN_IF_ERROR(ValidateName("action", entry.action, kMaxActionLength, true));
  OPENMSP_RETURN_IF_ERROR(ValidateName("object_type", entry.object_type, kMaxObjectTypeLength, false));
  OPENMSP_RETURN_IF_ERROR(ValidatePrintable("object_id", entry.object_id, true));
  OPENMSP_RETURN_IF_ERROR(ValidateDocument("before", entry.before));
  OPENMSP_RETURN_IF_ERROR(ValidateDocument("after", entry.after));
  OPENMSP_RETURN_IF_ERROR(ValidatePrintable("request_id", entry.request_id, false));
  return Ok();
}

}  // namespace openmsp::domain
