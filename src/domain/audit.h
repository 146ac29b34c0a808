#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/peer.h"
#include "domain/user.h"

namespace openmsp::domain {

// The audit log: every administrative change of a tenant's data, with who made it, when, and the object
// before and after. Append-only: there is no way to change or delete an entry through OpenMSP, and the
// schema refuses it too.

/// An audit entry's id: the 64-bit integer its database row was given.
struct AuditEntryId {
  std::int64_t value = 0;

  friend auto operator<=>(const AuditEntryId&, const AuditEntryId&) = default;
};

/// Who made a change.
enum class AuditActorKind {
  kUser,    ///< a user of the tenant, through the Control Centre or the API
  kPeer,    ///< an OCPI peer of the tenant (a token pushed to us, a registration)
  kSystem,  ///< OpenMSP itself: a job, a migration, the platform operator's CLI
};

/// The stored spelling of `kind`: `user`, `peer`, `system`.
std::string_view AuditActorKindName(AuditActorKind kind);
/// The kind spelled `name`; kInvalidArgument with an empty field otherwise.
Result<AuditActorKind> ParseAuditActorKind(std::string_view name);

/// Who made a change: exactly one of a user, a peer or a named part of the system.
struct AuditActor {
  AuditActorKind kind = AuditActorKind::kSystem;
  /// Set for (and only for) `kUser`: a user of the same tenant.
  std::optional<UserId> user_id;
  /// Set for (and only for) `kPeer`: a peer of the same tenant.
  std::optional<PeerId> peer_id;
  /// Set for (and only for) `kSystem`: which part, e.g. `billing-run` or `cli`; 1 to 64 of `a-z0-9._-`.
  std::string system;

  static AuditActor User(UserId id);
  static AuditActor Peer(PeerId id);
  static AuditActor System(std::string name);

  friend bool operator==(const AuditActor&, const AuditActor&) = default;
};

/// What it takes to append an entry to a tenant's audit log (the tenant id is passed beside it).
struct NewAuditEntry {
  AuditActor actor;
  /// What was done, `<object>.<verb>` by convention: `token.block`, `user.role_assign`; 1 to 100 of
  /// `a-z0-9._-`.
  std::string action;
  /// The kind of object changed, e.g. `token`; 1 to 64 of `a-z0-9_`.
  std::string object_type;
  /// Its id as text (a database id or an OCPI id): 1 to 255 printable ASCII characters.
  std::string object_id;
  /// The object before and after the change as JSON documents (at most 256 KiB each); empty when there
  /// was none (before a creation, after a removal). Never a secret: no password hashes, no tokens.
  std::string before;
  std::string after;
  /// The request that made the change (`X-Request-ID`), up to 255 printable ASCII characters; empty
  /// for work no request started.
  std::string request_id;
};

/// A stored audit entry.
struct AuditEntry {
  AuditEntryId id;
  TenantId tenant_id;
  AuditActor actor;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string before;
  std::string after;
  std::string request_id;
  /// When it was appended, from the injected clock.
  Instant recorded_at;

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

/// Where a page of the audit log ends: the next page starts after this entry. Entries are listed newest
/// first, by `recorded_at` and then id.
struct AuditCursor {
  Instant recorded_at;
  AuditEntryId id;

  friend bool operator==(const AuditCursor&, const AuditCursor&) = default;
};

/// Which entries of a tenant's audit log to list; every member given must hold (none: the whole log).
struct AuditFilter {
  /// The action exactly (`token.block`), or every action of an object kind when it ends with a dot
  /// (`token.`).
  std::optional<std::string> action;
  std::optional<std::string> object_type;
  /// With `object_type`: one object's history.
  std::optional<std::string> object_id;
  /// The changes one user made.
  std::optional<UserId> actor_user;
  /// Appended in [`from`, `to`).
  std::optional<Instant> from;
  std::optional<Instant> to;
};

/// One page of a tenant's audit log.
struct AuditPage {
  std::vector<AuditEntry> entries;
  /// Present when older entries follow: pass it to get the next page.
  std::optional<AuditCursor> next;
};

/// The largest page `AuditLog::List` serves.
inline constexpr std::size_t kMaxAuditPageSize = 500;
/// The largest `before` or `after` document, in bytes.
inline constexpr std::size_t kMaxAuditDocumentBytes = 256 * 1024;

/// Checks `NewAuditEntry`; the error names the field (`actor`, `actor.system`, `action`,
/// `object_type`, `object_id`, `before`, `after`, `request_id`).
Result<void> ValidateNewAuditEntry(const NewAuditEntry& entry);

}  // namespace openmsp::domain
