#pragma once

#include <string_view>
#include <vector>

#include "core/ids/emaid.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/cpo_cdr.h"
#include "domain/ids.h"
#include "domain/organisation_unit.h"
#include "domain/profile.h"
#include "domain/tenant.h"
#include "domain/token.h"

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

/// What storing a CPO CDR came to, when it did not fail. A CDR whose id is already stored with another
/// body is not an outcome but an error (kConflict naming `id`): CDRs are immutable.
enum class CpoCdrIngestion {
  kStored,     ///< a new CDR, now committed
  kDuplicate,  ///< the same CDR (same key, identical body) was stored before; nothing was written
};

/// The answer to a CPO about one CDR: which stored CDR it is (for the OCPI `Location` header) and
/// whether it was new.
struct CpoCdrReceipt {
  CpoCdrId id;
  CpoCdrIngestion outcome = CpoCdrIngestion::kStored;

  friend bool operator==(const CpoCdrReceipt&, const CpoCdrReceipt&) = default;
};

/// A CDR body refused because another body was stored under the same key, kept for staff to look into.
struct CpoCdrConflict {
  std::int64_t id = 0;
  TenantId tenant_id;
  /// The CDR already stored under the key, which stays as it was.
  CpoCdrId stored_cdr_id;
  PartyId cpo;
  /// The id as the refused request spelled it.
  std::string cdr_id;
  std::string body;
  std::string body_sha256;
  Instant received_at;

  friend bool operator==(const CpoCdrConflict&, const CpoCdrConflict&) = default;
};

/// Where a page of CDRs continues: after the CDR with this start and id.
struct CpoCdrCursor {
  Instant start_date_time;
  CpoCdrId id;

  friend bool operator==(const CpoCdrCursor&, const CpoCdrCursor&) = default;
};

/// Which CDRs of a tenant to list, ordered by (`start_date_time`, id), oldest first.
struct CpoCdrQuery {
  /// The period `[from, to)` on `start_date_time`; an absent bound does not limit.
  std::optional<Instant> from = std::nullopt;
  std::optional<Instant> to = std::nullopt;
  /// Only CDRs belonging to exactly this unit (not the units below it); absent: every CDR.
  std::optional<OrganisationUnitId> organisation_unit_id = std::nullopt;
  /// Continue after this CDR: the `next` of the previous page.
  std::optional<CpoCdrCursor> after = std::nullopt;
  /// 1 to `kMaxLimit` CDRs per page.
  int limit = kMaxLimit;

  static constexpr int kMaxLimit = 100;
};

/// One page of CDRs and where the next one starts (nullopt when this page is the last).
struct CpoCdrPage {
  std::vector<CpoCdr> cdrs;
  std::optional<CpoCdrCursor> next;
};

/// Reads the CPO CDRs of each tenant (they are written by store::CpoCdrIngestor, which groups them into
/// few transactions). Every method takes the tenant id; a CDR of another tenant is kNotFound, exactly
/// like one that does not exist.
class CpoCdrRepository {
 public:
  virtual ~CpoCdrRepository() = default;

  /// The CDR `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<CpoCdr> FindById(TenantId tenant_id, CpoCdrId id) = 0;

  /// The CDR of `tenant_id` that `cpo` sent with OCPI id `cdr_id` (compared ignoring ASCII case, as OCPI
  /// compares CiStrings); kNotFound naming `id` otherwise.
  virtual Result<CpoCdr> FindByKey(TenantId tenant_id, const PartyId& cpo, std::string_view cdr_id) = 0;

  /// One page of `query`, keyset-paginated: stable while CDRs arrive, and as fast on the last page as on
  /// the first. kInvalidArgument naming `limit` (outside 1..100) or `to` (not after `from`).
  virtual Result<CpoCdrPage> List(TenantId tenant_id, const CpoCdrQuery& query) = 0;

  /// The refused bodies recorded for the key (`cpo`, `cdr_id`, compared as in `FindByKey`) of
  /// `tenant_id`, oldest first; empty when there are none.
  virtual Result<std::vector<CpoCdrConflict>> ListConflicts(TenantId tenant_id, const PartyId& cpo,
                                                            std::string_view cdr_id) = 0;
};

}  // namespace openmsp::domain
