#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/ids/emaid.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/organisation_unit.h"
#include "domain/peer.h"
#include "domain/permissions.h"
#include "domain/profile.h"
#include "domain/secret.h"
#include "domain/tenant.h"
#include "domain/token.h"
#include "domain/user.h"

namespace openmsp::domain {

/// Stores tenants. Implementations: store/sqlite and store/postgres. Failures of the database itself
/// are kUnavailable naming the field `database`.
class TenantRepository {
 public:
  virtual ~TenantRepository() = default;

  /// Validates `tenant` (`ValidateNewTenant`) and stores it with its party ids, in one transaction,
  /// stamped with the repository's clock. kAlreadyExists naming `slug` or `parties[i]` when another
  /// tenant already has that slug or party id.
  virtual Result<Tenant> Create(const NewTenant& tenant) = 0;

  /// The tenant with `id`; kNotFound naming `id` when there is none.
  virtual Result<Tenant> FindById(TenantId id) = 0;

  /// The tenant with `slug`; kNotFound naming `slug` when there is none.
  virtual Result<Tenant> FindBySlug(std::string_view slug) = 0;

  /// The tenant acting as eMSP under `party`; kNotFound naming `party_id` when there is none.
  virtual Result<Tenant> FindByParty(const PartyId& party) = 0;

  /// Every tenant, by id.
  virtual Result<std::vector<Tenant>> List() = 0;
};

/// Stores the organisation unit tree of each tenant. Every method takes the tenant id and only ever
/// sees that tenant's units: a unit of another tenant is kNotFound, exactly like one that does not
/// exist, even when its id is known.
class OrganisationUnitRepository {
 public:
  virtual ~OrganisationUnitRepository() = default;

  /// Validates `unit` (`ValidateNewOrganisationUnit`) and stores it in `tenant_id`'s tree.
  /// kNotFound naming `parent_id` when the parent is not a unit of this tenant, kNotFound naming
  /// `tenant_id` when the tenant does not exist, kAlreadyExists naming `parent_id` when `unit` is a root
  /// and the tenant has one already.
  virtual Result<OrganisationUnit> Create(TenantId tenant_id, const NewOrganisationUnit& unit) = 0;

  /// The unit `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<OrganisationUnit> FindById(TenantId tenant_id, OrganisationUnitId id) = 0;

  /// The direct children of `id`, by id; kNotFound naming `id` when `id` is not a unit of `tenant_id`.
  virtual Result<std::vector<OrganisationUnit>> Children(TenantId tenant_id, OrganisationUnitId id) = 0;

  /// `root` and every unit below it, parents before children (by depth, then id); kNotFound naming `id`
  /// when `root` is not a unit of `tenant_id`.
  virtual Result<std::vector<OrganisationUnit>> Subtree(TenantId tenant_id, OrganisationUnitId root) = 0;

  /// Makes `new_parent` the parent of `id`, both units of `tenant_id` (kNotFound naming `id` or
  /// `parent_id` otherwise). Refuses a move that would make a cycle (`CheckMove`), which includes
  /// moving the root. Runs in one transaction that serialises the moves of a tenant, so two concurrent
  /// moves cannot make a cycle together.
  virtual Result<void> Move(TenantId tenant_id, OrganisationUnitId id, OrganisationUnitId new_parent) = 0;
};

/// Stores the profiles of each tenant. Every method takes the tenant id; a profile of another tenant is
/// kNotFound, exactly like one that does not exist.
class ProfileRepository {
 public:
  virtual ~ProfileRepository() = default;

  /// Validates `profile` (`ValidateNewProfile`) and stores it in `tenant_id`, stamped with the
  /// repository's clock. kNotFound naming `organisation_unit_id` when that is not a unit of this tenant
  /// (which includes a tenant that does not exist).
  virtual Result<Profile> Create(TenantId tenant_id, const NewProfile& profile) = 0;

  /// The profile `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<Profile> FindById(TenantId tenant_id, ProfileId id) = 0;

  /// The profiles living directly in `unit` (not below it), by id; empty when `unit` is not a unit of
  /// `tenant_id`.
  virtual Result<std::vector<Profile>> ListInOrganisationUnit(TenantId tenant_id,
                                                              OrganisationUnitId unit) = 0;
};

/// Stores the tokens of each tenant. Every method takes the tenant id; a token of another tenant is
/// kNotFound, exactly like one that does not exist.
class TokenRepository {
 public:
  virtual ~TokenRepository() = default;

  /// Validates `token` (`ValidateNewToken`) and stores it, normalised and `pending`, in `tenant_id`.
  /// kNotFound naming `profile_id` when that is not a profile of this tenant; kAlreadyExists naming `uid`
  /// when the tenant has a token of the same type whose uid equals it, ignoring ASCII case.
  virtual Result<Token> Create(TenantId tenant_id, const NewToken& token) = 0;

  /// The token `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<Token> FindById(TenantId tenant_id, TokenId id) = 0;

  /// The token of `tenant_id` with `type` whose uid equals `uid` (normalised as `NormaliseTokenUid`
  /// does, then compared ignoring ASCII case, as OCPI compares CiStrings); kNotFound naming `uid`
  /// otherwise, also for a uid that does not normalise.
  virtual Result<Token> FindByUid(TenantId tenant_id, std::string_view uid, TokenType type) = 0;

  /// The tokens of `tenant_id` carrying `contract_id`, by id: one contract may have several (a card and
  /// an app). Empty when there are none.
  virtual Result<std::vector<Token>> FindByContractId(TenantId tenant_id, const EmaId& contract_id) = 0;

  /// The tokens of `profile`, by id; empty when `profile` is not a profile of `tenant_id`.
  virtual Result<std::vector<Token>> ListForProfile(TenantId tenant_id, ProfileId profile) = 0;

  /// Moves token `id` of `tenant_id` to `target` as `TransitionToken` allows (kFailedPrecondition
  /// naming `status` otherwise; kNotFound naming `id` when there is no such token), reading and writing
  /// in one transaction. Returns the token as stored afterwards.
  virtual Result<Token> SetStatus(TenantId tenant_id, TokenId id, TokenStatus target) = 0;
};

/// Stores the users of each tenant and their role assignments. Every method takes the tenant id; a user
/// of another tenant is kNotFound, exactly like one that does not exist.
class UserRepository {
 public:
  virtual ~UserRepository() = default;

  /// Validates `user` (`ValidateNewUser`: the e-mail is normalised) and stores it, active, in
  /// `tenant_id`, stamped with the repository's clock. kAlreadyExists naming `email` when the tenant has
  /// a user with that address, or `profile_id` when that profile has a user already; kNotFound naming
  /// `profile_id` when it is not a profile of this tenant, or `tenant_id` when the tenant does not exist.
  virtual Result<User> Create(TenantId tenant_id, const NewUser& user) = 0;

  /// The user `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<User> FindById(TenantId tenant_id, UserId id) = 0;

  /// The user of `tenant_id` with the address `email` (normalised first, so case does not matter);
  /// kNotFound naming `email` otherwise, also for an address that does not normalise.
  virtual Result<User> FindByEmail(TenantId tenant_id, std::string_view email) = 0;

  /// Replaces the password hash of user `id` (kInvalidArgument naming `password_hash` for an empty one).
  virtual Result<void> SetPassword(TenantId tenant_id, UserId id, const PasswordHash& hash) = 0;

  /// Makes user `id` active or disabled (a disabled user cannot log in; nothing is deleted). Setting the
  /// status it has already is not an error. Returns the user as stored afterwards.
  virtual Result<User> SetStatus(TenantId tenant_id, UserId id, UserStatus status) = 0;

  /// Gives user `user_id` `role` at `organisation_unit_id` (and so its subtree), checked with
  /// `CheckRoleScope`. kNotFound naming `user_id` or `organisation_unit_id` when either is not of this
  /// tenant; kAlreadyExists naming `role` when the user holds that role there already.
  virtual Result<RoleAssignment> AssignRole(TenantId tenant_id, UserId user_id, Role role,
                                            OrganisationUnitId organisation_unit_id) = 0;

  /// Takes `role` at `organisation_unit_id` away from `user_id`; kNotFound naming `role` when the user
  /// does not hold it there.
  virtual Result<void> RevokeRole(TenantId tenant_id, UserId user_id, Role role,
                                  OrganisationUnitId organisation_unit_id) = 0;

  /// The role assignments of `user_id`, by id; empty when it is not a user of `tenant_id`.
  virtual Result<std::vector<RoleAssignment>> ListAssignments(TenantId tenant_id, UserId user_id) = 0;
};

/// Stores the OCPI peers of each tenant: their credentials, versions, endpoints and sync state. Every
/// method but `FindByIncomingToken` takes the tenant id; a peer of another tenant is kNotFound, exactly
/// like one that does not exist.
class PeerRepository {
 public:
  virtual ~PeerRepository() = default;

  /// Validates `peer` (`ValidateNewPeer`) and stores it `pending` in `tenant_id` with a fresh token A
  /// (`GenerateCredentialsToken`), of which only the digest is kept; returns the token in clear, the
  /// one time it exists outside the peer. kNotFound naming `tenant_id` when the tenant does not exist.
  virtual Result<PeerWithToken> Create(TenantId tenant_id, const NewPeer& peer) = 0;

  /// The peer `id` of `tenant_id`, with its roles and endpoints; kNotFound naming `id` otherwise.
  virtual Result<Peer> FindById(TenantId tenant_id, PeerId id) = 0;

  /// The peers of `tenant_id`, by id.
  virtual Result<std::vector<Peer>> List(TenantId tenant_id) = 0;

  /// The peer, of whichever tenant, that calls us with the token whose digest is `digest`: the hot path
  /// of every OCPI request, one query on a unique index. Tokens are random and unique across tenants,
  /// so the token alone tells the tenant. kUnauthenticated naming `token` when no pending, connected or
  /// suspended peer has it (an unregistered peer's token is forgotten).
  virtual Result<PeerAuthentication> FindByIncomingToken(const TokenDigest& digest) = 0;

  /// The token to call peer `id` with (token B); kNotFound naming `id` when there is no such peer, and
  /// kFailedPrecondition naming `status` when it has not registered or is unregistered.
  virtual Result<OutgoingCredentials> FindOutgoingCredentials(TenantId tenant_id, PeerId id) = 0;

  /// Records a credentials handshake with peer `id` (`CheckRegistrationAllowed`: pending or connected)
  /// in one transaction: its token (B), versions URL, version, endpoints and roles replace what was
  /// stored, a fresh token C replaces the token it called us with, and it becomes `connected`. Returns
  /// the peer and token C in clear. `authenticated_with` is the digest of the token the request came
  /// with; it must still be the peer's current token, checked under the same lock, so a second POST
  /// with token A (a replay, or two requests racing) is refused with kUnauthenticated naming `token`.
  /// kAlreadyExists naming `roles[i]` when another peer of the tenant (not unregistered) has that role.
  /// On any failure nothing changes and the old token stays valid.
  virtual Result<PeerWithToken> Register(TenantId tenant_id, PeerId id, const TokenDigest& authenticated_with,
                                         const PeerRegistration& registration) = 0;

  /// Moves peer `id` to `status` as `TransitionPeer` allows: suspend (`kSuspended`), resume
  /// (`kConnected`) or unregister (`kUnregistered`, which forgets both tokens). kFailedPrecondition
  /// naming `status` otherwise. Returns the peer as stored afterwards.
  virtual Result<Peer> SetStatus(TenantId tenant_id, PeerId id, PeerStatus status) = 0;

  /// Records the outcome of a sync of one module (`ValidateSyncOutcome`), stamped with the repository's
  /// clock: a success sets the last success and the next `date_from` (when given) and clears the error;
  /// a failure sets the error and keeps the cursor. Returns the state as stored afterwards.
  virtual Result<PeerSyncState> RecordSync(TenantId tenant_id, PeerId id, const SyncOutcome& outcome) = 0;

  /// The sync state of every module of peer `id`, by module; empty when it is not a peer of `tenant_id`.
  virtual Result<std::vector<PeerSyncState>> ListSyncStates(TenantId tenant_id, PeerId id) = 0;
};

/// The audit log of each tenant. Append-only: there is no method to change or remove an entry.
class AuditLog {
 public:
  virtual ~AuditLog() = default;

  /// Validates `entry` (`ValidateNewAuditEntry`) and appends it to `tenant_id`'s log, stamped with the
  /// repository's clock. kNotFound naming `actor` when the acting user or peer is not of this tenant, or
  /// `tenant_id` when the tenant does not exist.
  virtual Result<AuditEntry> Append(TenantId tenant_id, const NewAuditEntry& entry) = 0;

  /// Up to `limit` (1 to `kMaxAuditPageSize`, kInvalidArgument naming `limit` otherwise) entries of
  /// `tenant_id`'s log, newest first (by `recorded_at`, then id), starting after `after` when given.
  virtual Result<AuditPage> List(TenantId tenant_id, std::size_t limit,
                                 const std::optional<AuditCursor>& after) = 0;
};

}  // namespace openmsp::domain
