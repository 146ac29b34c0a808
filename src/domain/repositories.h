#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/currency.h"
#include "core/ids/emaid.h"
#include "core/ids/evse_id.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/audit.h"
#include "domain/business_partner_group.h"
#include "domain/command.h"
#include "domain/cpo_tariff.h"
#include "domain/cpo_cdr.h"
#include "domain/exchange_rate.h"
#include "domain/hub_client.h"
#include "domain/ids.h"
#include "domain/invoice.h"
#include "domain/issuer_details.h"
#include "domain/job.h"
#include "domain/list_queries.h"
#include "domain/location.h"
#include "domain/location_group.h"
#include "domain/location_search.h"
#include "domain/msp_cdr.h"
#include "domain/organisation_unit.h"
#include "domain/peer.h"
#include "domain/permissions.h"
#include "domain/profile.h"
#include "domain/rating_settings.h"
#include "domain/secret.h"
#include "domain/session.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"
#include "domain/tariff_plan_draft.h"
#include "domain/tenant.h"
#include "domain/token.h"
#include "domain/token_issue.h"
#include "domain/user.h"
#include "domain/web_access.h"

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

  /// Applies `changes` after `ValidateTenantChanges` and returns the tenant as stored; kNotFound naming
  /// `tenant_id` when there is no such tenant.
  virtual Result<Tenant> Update(TenantId id, const TenantChanges& changes) = 0;
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

  /// The Control Centre's profile list: one keyset page of `query` (`ValidateProfileListQuery` first),
  /// by id. A unit that is not the tenant's matches nothing.
  virtual Result<ProfilePage> List(TenantId tenant_id, const ProfileListQuery& query) = 0;

  /// Changes the fields `changes` gives of profile `id` (`ValidateProfileChanges` first) in one statement,
  /// so that concurrent changes of other fields are kept. Returns the profile as stored afterwards.
  /// kNotFound naming `id` when that is not a profile of `tenant_id`.
  virtual Result<Profile> Update(TenantId tenant_id, ProfileId id, const ProfileChanges& changes) = 0;

  /// The profiles of `tenant_id` among `ids` (at most `kMaxProfilesByIds`, else kInvalidArgument naming
  /// `ids`), by id, in one query: what a page of a list that names profiles (invoices) looks up. An id
  /// that is not a profile of the tenant is left out; one given twice is answered once.
  virtual Result<std::vector<Profile>> FindByIds(TenantId tenant_id, std::span<const ProfileId> ids) = 0;
};

/// The most ids `ProfileRepository::FindByIds` takes at once: a page of any list, and then some.
inline constexpr std::size_t kMaxProfilesByIds = 1000;

/// One page of tokens and the number of all tokens that match, for OCPI's `X-Total-Count`.
struct TokenPage {
  std::vector<Token> tokens;
  std::int64_t total = 0;
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

  /// Whom the token `FindByUid` finds belongs to: its id, profile and the profile's organisation unit,
  /// in one read (what a received session or CDR is stamped with); nullopt when there is no such token.
  virtual Result<std::optional<SessionCustomer>> FindCustomer(TenantId tenant_id, std::string_view uid,
                                                              TokenType type) = 0;

  /// The tokens of `tenant_id` carrying `contract_id`, by id: one contract may have several (a card and
  /// an app). Empty when there are none.
  virtual Result<std::vector<Token>> FindByContractId(TenantId tenant_id, const EmaId& contract_id) = 0;

  /// The tokens of `profile`, by id; empty when `profile` is not a profile of `tenant_id`.
  virtual Result<std::vector<Token>> ListForProfile(TenantId tenant_id, ProfileId profile) = 0;

  /// Moves token `id` of `tenant_id` to `target` as `TransitionToken` allows (kFailedPrecondition
  /// naming `status` otherwise; kNotFound naming `id` when there is no such token), reading and writing
  /// in one transaction, and stamps `last_updated`. Returns the token as stored afterwards.
  virtual Result<Token> SetStatus(TenantId tenant_id, TokenId id, TokenStatus target) = 0;

  /// Applies `changes` to token `id` of `tenant_id` (`ApplyTokenChanges`; kNotFound naming `id`, or
  /// naming `profile_id` when the new profile is not one of this tenant) and stamps `last_updated`, in
  /// one transaction. Returns the token as stored afterwards. Tokens are never deleted: one that must no
  /// longer work becomes `blocked`, `expired` or `lost`, which CPOs learn from the next push or pull.
  virtual Result<Token> Update(TenantId tenant_id, TokenId id, const TokenChanges& changes) = 0;

  /// The tokens of `tenant_id` whose `last_updated` is in [`from`, `to`) (an absent bound does not
  /// limit), ordered by `last_updated` then id, skipping `offset` (≥ 0, kInvalidArgument naming `offset`
  /// otherwise) and returning at most `limit` (1 to 1000; kInvalidArgument naming `limit` otherwise): what
  /// an OCPI `GET /tokens?date_from&date_to&offset&limit` answers.
  virtual Result<TokenPage> ListUpdated(TenantId tenant_id, std::optional<Instant> from,
                                        std::optional<Instant> to, std::int64_t offset,
                                        std::int64_t limit) = 0;

  /// The Control Centre's token list: one keyset page of `query` (`ValidateTokenListQuery` first), by
  /// id. A profile or unit that is not the tenant's matches nothing.
  virtual Result<TokenListPage> List(TenantId tenant_id, const TokenListQuery& query) = 0;

  /// Creates `token` as `Create` does, with the next contract id of `party`, one of the tenant's eMSP
  /// parties (`IssuedContractId`): the number after the last one the tenant issued for that party,
  /// skipping every number a token of the tenant already carries (a card imported with that id), so an
  /// issued contract id is never shared with another contract. One transaction under the tenant's lock,
  /// so two concurrent issues get two numbers; a refused token uses none. kNotFound naming `party` when
  /// it is not one of the tenant's (or the tenant does not exist); kOutOfRange naming `contract_id` when
  /// the numbers are used up; `Create`'s errors otherwise.
  virtual Result<Token> Issue(TenantId tenant_id, const PartyId& party, const TokenToIssue& token) = 0;
};

/// Stores what a tenant configures about itself besides its core record: the VAT table, the branding
/// and the host names its portal answers on. Every method takes the tenant id; writes to a tenant that
/// does not exist are kNotFound naming `tenant_id`.
class TenantSettingsRepository {
 public:
  virtual ~TenantSettingsRepository() = default;

  /// The VAT table of `tenant_id` in the order it was last given; empty when it has none.
  virtual Result<std::vector<VatRate>> VatRates(TenantId tenant_id) = 0;

  /// Replaces the whole VAT table in one transaction after `ValidateVatRates`.
  virtual Result<void> ReplaceVatRates(TenantId tenant_id, std::span<const VatRate> rates) = 0;

  /// The branding `tenant_id` chose; nullopt when it chose none (show `DefaultBranding`).
  virtual Result<std::optional<Branding>> FindBranding(TenantId tenant_id) = 0;

  /// Stores `branding` after `NormaliseBranding`, replacing the previous one.
  virtual Result<Branding> SetBranding(TenantId tenant_id, const Branding& branding) = 0;

  /// The host names of `tenant_id`, normalised, in the order last given.
  virtual Result<std::vector<std::string>> HostNames(TenantId tenant_id) = 0;

  /// Replaces the host names of `tenant_id` in one transaction, each after `NormaliseHostName`
  /// (kInvalidArgument naming `host_names[i]`); kAlreadyExists naming `host_names[i]` when another tenant
  /// has that name or it is given twice. Returns the names as stored.
  virtual Result<std::vector<std::string>> ReplaceHostNames(TenantId tenant_id,
                                                            std::span<const std::string> host_names) = 0;

  /// The tenant serving `host_name` (normalised first, so `Portal.Example.com.` finds
  /// `portal.example.com`); kNotFound naming `host` otherwise.
  virtual Result<TenantId> FindTenantByHostName(std::string_view host_name) = 0;

  /// The exchange-rate table of `tenant_id` in the order it was last given; empty when it has none.
  /// kNotFound naming `tenant_id` when there is no such tenant.
  virtual Result<std::vector<ExchangeRate>> ExchangeRates(TenantId tenant_id) = 0;

  /// Replaces the whole exchange-rate table in one transaction after `ValidateExchangeRates`; a refused
  /// table leaves the old one. kNotFound naming `tenant_id` when there is no such tenant.
  virtual Result<void> ReplaceExchangeRates(TenantId tenant_id, std::span<const ExchangeRate> rates) = 0;

  /// The rating settings of `tenant_id`: the stored ones, or `RatingSettings{}` (the defaults) when they
  /// were never set. kNotFound naming `tenant_id` when there is no such tenant, never the defaults.
  virtual Result<RatingSettings> RatingSettingsOf(TenantId tenant_id) = 0;

  /// Stores `settings` after `ValidateRatingSettings`, replacing the previous ones. kNotFound naming
  /// `tenant_id` when there is no such tenant.
  virtual Result<void> SetRatingSettings(TenantId tenant_id, const RatingSettings& settings) = 0;
};

/// The job table background work is taken from (token pushes, pulls, rating, billing runs), shared by
/// every node: any worker may claim any due job, a claim is a lease that must be renewed, and a job whose
/// lease ran out (its worker died) is claimed again by another. Delivery is at least once: a handler may
/// run twice for one job (a worker dies after the work but before `Complete`), so handlers are idempotent.
///
/// Instants are passed in (`now`), from the caller's `Clock`; nodes sharing a queue keep their clocks in
/// step (NTP), and leases are long compared with their skew. Each state change is one conditional
/// statement or one transaction, so two workers can never both own, complete or fail a job.
///
/// A worker is named by a worker id (`ValidateJobWorkerId`); the worker-side methods (`ExtendLease`,
/// `Complete`, `Fail`, `Release`) act only on a job that worker currently holds and answer
/// kFailedPrecondition naming `worker_id` otherwise, e.g. when its lease ran out and another worker claimed
/// the job; kNotFound naming `id` when there is no such job.
class JobQueue {
 public:
  virtual ~JobQueue() = default;

  /// Validates `job` (`ValidateNewJob`) and queues it for `tenant_id` (nullopt: platform work), due at
  /// `job.run_at` or `now`, stamped `created_at = updated_at = now`. kNotFound naming `tenant_id` when the
  /// tenant does not exist; kAlreadyExists naming `dedupe_key` when a queued or running job of the same
  /// tenant and kind has the same key (the message names that job's id).
  virtual Result<Job> Enqueue(std::optional<TenantId> tenant_id, const NewJob& job, Instant now) = 0;

  /// Claims up to `max_count` (1–1000) jobs of `kinds` (1–100 valid kinds) for `worker_id`: queued jobs
  /// due at `now`, and running jobs whose lease expired at or before `now`, oldest `run_at` first (then
  /// by id). Each becomes `running`, held by `worker_id` until `now + lease` (`lease` > 0), its attempts
  /// one more. A job whose lease expired with no attempt left becomes dead instead ("lease expired"), so
  /// a job that kills its worker cannot go round forever. Returns the claimed jobs in that order (empty
  /// when none is due). Safe when many workers on many nodes claim at once: each job goes to one.
  virtual Result<std::vector<Job>> Claim(std::string_view worker_id, std::span<const std::string> kinds,
                                         Instant now, Duration lease, int max_count) = 0;

  /// Heartbeat: moves the lease of job `id`, held by `worker_id`, to `now + lease`. Also works when the
  /// lease ran out but nobody claimed the job since.
  virtual Result<Job> ExtendLease(JobId id, std::string_view worker_id, Instant now, Duration lease) = 0;

  /// Marks job `id`, held by `worker_id`, `succeeded` (final).
  virtual Result<Job> Complete(JobId id, std::string_view worker_id, Instant now) = 0;

  /// Records that the attempt of job `id`, held by `worker_id`, failed with `error` (kept as
  /// `NormaliseJobError` makes it): queued again at `now` + backoff, or dead when it has no attempt
  /// left (`OnJobFailure`).
  virtual Result<Job> Fail(JobId id, std::string_view worker_id, std::string_view error, Instant now) = 0;

  /// Gives job `id`, held by `worker_id` and not started, back: queued with its `run_at` as before (so
  /// due at once), its attempt not counted. For a worker that stops with claimed jobs it has not run.
  virtual Result<Job> Release(JobId id, std::string_view worker_id, Instant now) = 0;

  /// An administrator's retry of a dead job in `scope`: queued, due `now`, with all its attempts again
  /// (attempts 0); its last error is kept. kFailedPrecondition naming `state` when it is not dead;
  /// kAlreadyExists naming `dedupe_key` when another job with its key is queued or running.
  virtual Result<Job> Requeue(JobScope scope, JobId id, Instant now) = 0;

  /// Job `id` in `scope`; kNotFound naming `id` otherwise.
  virtual Result<Job> FindById(JobScope scope, JobId id) = 0;

  /// Up to `limit` (1–1000) jobs in `scope` in `state`, by id: the dead letters to look at, the running
  /// jobs and their owners.
  virtual Result<std::vector<Job>> List(JobScope scope, JobState state, int limit) = 0;

  /// How many jobs of `scope` are in each state, per kind (kinds and states without jobs are left out),
  /// by kind then state: the queue depth and dead letters for monitoring.
  virtual Result<std::vector<JobCount>> Counts(JobScope scope) = 0;
};

/// One EVSE of a tenant's locations, with the location it belongs to: what `FindByEvseId` answers.
struct LocatedEvse {
  LocationId location_id;
  LocationKey key;
  Evse evse;

  friend bool operator==(const LocatedEvse&, const LocatedEvse&) = default;
};

/// Stores the locations each tenant's eMSP receives from its CPO peers, with their EVSEs and connectors.
/// Every method takes the tenant id; a location of another tenant is kNotFound, exactly like one that
/// does not exist. Every write classifies the connectors it writes into the tenant's location groups
/// (`ClassifyConnector`), in the same transaction.
class LocationRepository {
 public:
  virtual ~LocationRepository() = default;

  /// OCPI PUT of a whole location: validates it (`ValidateLocation`) and, unless the stored copy is newer
  /// (`DecideUpsert` on `EffectiveLastUpdated`), stores it, replacing every EVSE and connector: those not
  /// in `location` are deleted, the others keep their row. The stored `last_updated` of the location and
  /// of each EVSE is the effective one (`EffectiveLastUpdated`); the accessibility override is kept. One
  /// transaction. kNotFound naming `tenant_id` when the tenant does not exist.
  virtual Result<UpsertOutcome> Upsert(TenantId tenant_id, const Location& location) = 0;

  /// OCPI PUT of one EVSE of the stored location `key`: validates it (`ValidateEvse`, errors prefixed
  /// `evse.`) and, unless the stored EVSE is newer, stores it with its connectors (replacing the EVSE's
  /// connectors) and raises the location's `last_updated` to the EVSE's when that is later. kNotFound
  /// naming `location_id` when there is no such location.
  virtual Result<UpsertOutcome> UpsertEvse(TenantId tenant_id, const LocationKey& key, const Evse& evse) = 0;

  /// OCPI PUT of one connector of EVSE `evse_uid` of location `key`: validates it (errors prefixed
  /// `connector.`) and, unless the stored connector is newer, stores it and raises the EVSE's and the
  /// location's `last_updated` to the connector's when that is later. kNotFound naming `location_id` or
  /// `evse_uid`.
  virtual Result<UpsertOutcome> UpsertConnector(TenantId tenant_id, const LocationKey& key,
                                                std::string_view evse_uid, const Connector& connector) = 0;

  /// The location `key` (its id compared ignoring ASCII case) with its EVSEs and connectors in the order
  /// received; kNotFound naming `location_id` otherwise.
  virtual Result<StoredLocation> Find(TenantId tenant_id, const LocationKey& key) = 0;

  /// `Find` for a read-merge-write (an OCPI PATCH of the location, an EVSE or a connector) inside the
  /// caller's transaction (`store::Repositories::InOneTransaction`): it first takes the lock every write
  /// above takes (the tenant's row on PostgreSQL; SQLite's write transaction admits one writer anyway),
  /// which is held until that transaction ends. A concurrent PUT or PATCH of the same location, of its
  /// EVSEs or connectors therefore waits, and the merged object written back cannot drop what it wrote.
  /// Outside a transaction the lock ends with the read. kNotFound naming `location_id` when there is no
  /// such location (or tenant).
  virtual Result<StoredLocation> FindForUpdate(TenantId tenant_id, const LocationKey& key) = 0;

  /// The location with row id `id`; kNotFound naming `id` otherwise.
  virtual Result<StoredLocation> FindById(TenantId tenant_id, LocationId id) = 0;

  /// One page of the tenant's locations, by id: at most `limit` (1 to 1000, else kInvalidArgument naming
  /// `limit`) whose id is greater than `after` (`LocationId{0}` for the first page; pass the last id of a
  /// page to get the next). Keyset paging: stable while locations are added.
  virtual Result<std::vector<StoredLocation>> List(TenantId tenant_id, LocationId after,
                                                   std::size_t limit) = 0;

  /// The EVSEs whose `evse_id` equals `evse_id` (canonical forms compared), as a CDR or session names
  /// them, by location id then EVSE order. Usually one; several when CPOs reuse an id (a REMOVED EVSE may
  /// keep it). Empty when there is none.
  virtual Result<std::vector<LocatedEvse>> FindByEvseId(TenantId tenant_id, const EvseId& evse_id) = 0;

  /// Sets (or, with nullopt, clears) the administrator's accessibility for location `id` and
  /// reclassifies its connectors. kNotFound naming `id`.
  virtual Result<void> SetAccessibilityOverride(TenantId tenant_id, LocationId id,
                                                std::optional<Accessibility> accessibility) = 0;

  /// The Control Centre's location list: one page of the tenant's locations matching `search`
  /// (`ValidateLocationSearch` first; kInvalidArgument naming the field), by row id, each with its EVSEs
  /// and connectors. Country, CPO, text and power are filtered in SQL, `near` by a bounding box in SQL
  /// (`BoxAround`) and then exactly (`IsWithin`). Keyset paging: stable while locations are added.
  virtual Result<LocationSearchPage> Search(TenantId tenant_id, const LocationSearch& search) = 0;
};

/// One connector of a location group, as `LocationGroupRepository::Connectors` lists them.
struct ConnectorRef {
  /// The keyset cursor: pass the last one of a page as `after` to get the next.
  std::int64_t position = 0;
  LocationId location_id;
  LocationKey key;
  std::string evse_uid;
  /// As received; empty when the EVSE has none.
  std::string evse_id;
  std::string connector_id;

  friend bool operator==(const ConnectorRef&, const ConnectorRef&) = default;
};

/// A connector that a change of a location group would move, and from which group to which
/// (`LocationGroupId{0}` standing for a group not created yet).
struct ConnectorMove {
  ConnectorRef connector;
  LocationGroupId from;
  LocationGroupId to;

  friend bool operator==(const ConnectorMove&, const ConnectorMove&) = default;
};

/// What a change of one location group would do, before it is made: the connectors that would join it
/// and those that would leave it (every move involves the changed group, since only its criteria and
/// priority change). Each list is by connector and holds at most `kMaxListed`; the counts are complete.
struct LocationGroupPreview {
  std::vector<ConnectorMove> joining;
  std::vector<ConnectorMove> leaving;
  std::size_t joining_count = 0;
  std::size_t leaving_count = 0;

  static constexpr std::size_t kMaxListed = 1000;
};

/// Stores each tenant's location groups and the group of every connector. Each tenant has its `Default`
/// group from the moment it exists (the schema adds it). Every change of a group reclassifies all the
/// tenant's connectors in the same transaction. A group of another tenant is kNotFound.
class LocationGroupRepository {
 public:
  virtual ~LocationGroupRepository() = default;

  /// Validates `group` (`ValidateNewLocationGroup`) and stores it. kAlreadyExists naming `name` or
  /// `priority` when another group of the tenant has it (names compared ignoring ASCII case);
  /// kNotFound naming `criteria.locations[i]` when that is not a location of this tenant, or `tenant_id`.
  virtual Result<LocationGroup> Create(TenantId tenant_id, const NewLocationGroup& group) = 0;

  /// Replaces name, priority and criteria of group `id`, with `Create`'s checks. kNotFound naming `id`;
  /// kFailedPrecondition naming `id` for the default group, which cannot be changed.
  virtual Result<LocationGroup> Update(TenantId tenant_id, LocationGroupId id,
                                       const NewLocationGroup& group) = 0;

  /// Deletes group `id`; its connectors move to the group they match next. kNotFound naming `id`;
  /// kFailedPrecondition naming `id` for the default group.
  virtual Result<void> Delete(TenantId tenant_id, LocationGroupId id) = 0;

  /// The group `id`; kNotFound naming `id` otherwise.
  virtual Result<LocationGroup> FindById(TenantId tenant_id, LocationGroupId id) = 0;

  /// The tenant's groups in the order they are tried (`TriedBefore`): the default group last.
  virtual Result<std::vector<LocationGroup>> List(TenantId tenant_id) = 0;

  /// "Which connectors are in group X": at most `limit` (1 to 1000, else kInvalidArgument naming
  /// `limit`) after position `after` (0 for the first page). kNotFound naming `id` for an unknown group.
  virtual Result<std::vector<ConnectorRef>> Connectors(TenantId tenant_id, LocationGroupId id,
                                                       std::int64_t after, std::size_t limit) = 0;

  /// The group connector `connector_id` of EVSE `evse_uid` at location `key` is in; kNotFound naming
  /// `connector_id` when there is no such connector.
  virtual Result<LocationGroupId> GroupOfConnector(TenantId tenant_id, const LocationKey& key,
                                                   std::string_view evse_uid,
                                                   std::string_view connector_id) = 0;

  /// Which connectors would join and which would leave group `id` if it were updated to `group`
  /// (nullopt: if `group` were created), with `Create`'s and `Update`'s checks but without storing
  /// anything (`PreviewLocationGroupChange` over every connector of the tenant). kNotFound naming `id`;
  /// kFailedPrecondition naming `id` for the default group; kAlreadyExists naming `priority` when another
  /// group has it; kInvalidArgument as `ValidateNewLocationGroup`.
  virtual Result<LocationGroupPreview> Preview(TenantId tenant_id, std::optional<LocationGroupId> id,
                                               const NewLocationGroup& group) = 0;
};

/// Stores each tenant's business partner groups. A group of another tenant is kNotFound.
class BusinessPartnerGroupRepository {
 public:
  virtual ~BusinessPartnerGroupRepository() = default;

  /// Validates `group` (`ValidateNewBusinessPartnerGroup`) and stores it, its units by id.
  /// kAlreadyExists naming `name` when the tenant has a group of that name (ignoring ASCII case);
  /// kNotFound naming `units[i]` when that is not a unit of this tenant, or `tenant_id`.
  virtual Result<BusinessPartnerGroup> Create(TenantId tenant_id, const NewBusinessPartnerGroup& group) = 0;

  /// Replaces the name and units of group `id`, with `Create`'s checks; kNotFound naming `id`.
  virtual Result<BusinessPartnerGroup> Update(TenantId tenant_id, BusinessPartnerGroupId id,
                                              const NewBusinessPartnerGroup& group) = 0;

  /// Deletes group `id`; kNotFound naming `id`.
  virtual Result<void> Delete(TenantId tenant_id, BusinessPartnerGroupId id) = 0;

  /// The group `id`; kNotFound naming `id` otherwise.
  virtual Result<BusinessPartnerGroup> FindById(TenantId tenant_id, BusinessPartnerGroupId id) = 0;

  /// The tenant's groups, by id.
  virtual Result<std::vector<BusinessPartnerGroup>> List(TenantId tenant_id) = 0;

  /// The groups `unit` is in through itself or an ancestor (`BusinessPartnerGroupsOf`), by id: what
  /// rating asks for a session's profile. kNotFound naming `organisation_unit_id` when `unit` is not a
  /// unit of this tenant.
  virtual Result<std::vector<BusinessPartnerGroup>> ListForOrganisationUnit(TenantId tenant_id,
                                                                            OrganisationUnitId unit) = 0;
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

  /// The Control Centre's user list: one keyset page of `query` (`ValidateUserListQuery` first), by id.
  /// Units that are not the tenant's match nothing.
  virtual Result<UserPage> List(TenantId tenant_id, const UserListQuery& query) = 0;
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

  /// Records a credentials handshake the tenant initiated (`openmsp peer connect`, ocpi-2.2.1-emsp.md
  /// §4.3) with peer `id`, which must be pending: the peer's answer — its token for us to call it with
  /// (its C), versions URL, version, endpoints and roles — is stored as `Register` stores a registration
  /// (`ValidatePeerRegistration`, in one transaction after locking the tenant's row), and the peer becomes
  /// `connected`. The token the peer calls us with stays the one `Create` issued, which we sent it as our
  /// token B in our credentials POST. kFailedPrecondition naming `status` when the peer is not pending;
  /// kAlreadyExists naming `roles[i]` as `Register`; kNotFound naming `id`. On any failure nothing changes.
  virtual Result<Peer> RegisterInitiated(TenantId tenant_id, PeerId id,
                                         const PeerRegistration& registration) = 0;
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
  /// `tenant_id`'s log that `filter` admits, newest first (by `recorded_at`, then id), starting after
  /// `after` when given.
  virtual Result<AuditPage> List(TenantId tenant_id, const AuditFilter& filter, std::size_t limit,
                                 const std::optional<AuditCursor>& after) = 0;
};

/// Stores each tenant's tariff codes. Codes are never changed or deleted (`NewTariffCode`): plan
/// versions in force point at them, so a cache of a tenant's codes never goes stale. A code of another
/// tenant is kNotFound.
class TariffCodeRepository {
 public:
  virtual ~TariffCodeRepository() = default;

  /// Validates `code` (`ValidateNewTariffCode`) and stores it, stamped with the repository's clock.
  /// kAlreadyExists naming `code` when the tenant has a code of that name (ignoring ASCII case);
  /// kNotFound naming `tenant_id` when the tenant does not exist.
  virtual Result<TariffCode> Create(TenantId tenant_id, const NewTariffCode& code) = 0;

  /// The code `id`; kNotFound naming `id` otherwise.
  virtual Result<TariffCode> FindById(TenantId tenant_id, TariffCodeId id) = 0;

  /// The code named `code`, ignoring ASCII case; kNotFound naming `code` otherwise.
  virtual Result<TariffCode> FindByCode(TenantId tenant_id, std::string_view code) = 0;

  /// The tenant's codes, by id: what rating loads once per tenant to bill the rules of a version.
  virtual Result<std::vector<TariffCode>> List(TenantId tenant_id) = 0;
};

/// Stores each tenant's tariff plan and its versions with their rules. A version is written whole, in
/// one transaction, and never changed afterwards; one that is not yet in force may be withdrawn. A plan,
/// version or rule of another tenant is kNotFound, exactly like one that does not exist.
class TariffPlanRepository {
 public:
  virtual ~TariffPlanRepository() = default;

  /// Validates `plan` (`ValidateNewTariffPlan`) and stores it as the tenant's plan, stamped with the
  /// repository's clock. kAlreadyExists naming `tenant_id` when the tenant has a plan already (one per
  /// tenant); kNotFound naming `tenant_id` when the tenant does not exist.
  virtual Result<TariffPlan> Create(TenantId tenant_id, const NewTariffPlan& plan) = 0;

  /// The tenant's plan; kNotFound naming `tariff_plan` when it has none.
  virtual Result<TariffPlan> Find(TenantId tenant_id) = 0;

  /// Validates `version` (`ValidateNewTariffPlanVersion`) and adds it to the tenant's plan with all its
  /// rules, in one transaction that serialises the tenant's writers, stamped with the repository's clock.
  /// kFailedPrecondition naming `valid_from` when it does not start after the latest version or, unless
  /// it is the first, starts before the clock's now (`CheckNewVersionStart`); kNotFound naming `tariff_plan` when the tenant has
  /// no plan, or `rules[i].location_group`, `rules[i].business_partner_group`, `rules[i].tariff_code`
  /// when that is not one of the tenant's. Returns the version as stored (rule ids assigned).
  virtual Result<TariffPlanVersion> AddVersion(TenantId tenant_id, const NewTariffPlanVersion& version) = 0;

  /// The version in force at `at` (`VersionInForceAt`) with its rules and `valid_until`: what rating asks
  /// with a session's start. Two indexed queries. kNotFound naming `valid_from` when no version of the
  /// tenant is in force at `at` (then the CDR needs attention, it is never priced at 0); kInvalidArgument
  /// naming `at` outside `kMinInstant`..`kMaxInstant`.
  virtual Result<TariffPlanVersion> FindInForce(TenantId tenant_id, Instant at) = 0;

  /// The version `id` with its rules: the one an MSP CDR names, for its explanation or a re-rating.
  /// kNotFound naming `id` otherwise.
  virtual Result<TariffPlanVersion> FindVersion(TenantId tenant_id, TariffPlanVersionId id) = 0;

  /// Every version of the tenant's plan with its rules, by `valid_from`; empty when it has no plan or no
  /// version.
  virtual Result<std::vector<TariffPlanVersion>> ListVersions(TenantId tenant_id) = 0;

  /// Withdraws version `id`, which must not be in force yet at the clock's now (`CheckScheduledVersion`:
  /// kFailedPrecondition naming `valid_from` otherwise), with its rules; the version before it then stays
  /// in force until the next one. kNotFound naming `id`.
  virtual Result<void> WithdrawScheduledVersion(TenantId tenant_id, TariffPlanVersionId id) = 0;
};

/// Which live sessions a caller may see (domain.md §5: drivers and fleet managers, within their scope).
/// Every criterion given must hold; with none, all the tenant's live sessions are listed (a tenant
/// administrator's view, which includes the sessions whose token is unknown).
struct LiveSessionFilter {
  /// Sessions resolved to this unit or any unit below it (a fleet manager's scope).
  std::optional<OrganisationUnitId> organisation_unit;
  /// Sessions resolved to this profile (a driver's own).
  std::optional<ProfileId> profile;
  /// Sessions resolved to this token.
  std::optional<TokenId> token;
};

/// Where a page of live sessions ends: pass it as `after` to get the next one.
struct SessionCursor {
  Instant start_date_time;
  SessionId id;

  friend bool operator==(const SessionCursor&, const SessionCursor&) = default;
};

/// One page of live sessions, newest first, and the cursor of the next page (nullopt on the last one).
struct SessionPage {
  std::vector<StoredSession> sessions;
  std::optional<SessionCursor> next;
};

/// Stores the sessions each tenant's eMSP receives from its CPO peers. Every method takes the tenant id;
/// a session of another tenant is kNotFound, exactly like one that does not exist. Sessions are never
/// deleted (OCPI: they end as `COMPLETED` or `INVALID`).
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;

  /// OCPI PUT of a whole session (a PATCH is merged by the caller first, `MergeSessionPatch`): validates
  /// it (`ValidateSession`) and, unless the stored copy is newer (`DecideUpsert` on `last_updated`), stores
  /// it, replacing every field and the customer; a linked CDR is kept. One transaction, serialised per
  /// tenant. kNotFound naming `tenant_id` when the tenant does not exist, or naming `customer.token_id`,
  /// `customer.profile_id` or `customer.organisation_unit_id` when that is not one of the tenant's.
  virtual Result<UpsertOutcome> Upsert(TenantId tenant_id, const Session& session) = 0;

  /// The session `key` (its id compared ignoring ASCII case); kNotFound naming `session_id` otherwise.
  virtual Result<StoredSession> Find(TenantId tenant_id, const SessionKey& key) = 0;

  /// `Find` for a read-merge-write (an OCPI PATCH, `MergeSessionPatch`) inside the caller's transaction
  /// (`store::Repositories::InOneTransaction`): the session's row stays locked until that transaction
  /// ends (`FOR UPDATE` on PostgreSQL; SQLite's write transaction admits one writer anyway), so a
  /// concurrent PUT or PATCH of the session waits and the merged session written back cannot drop what
  /// it wrote. Outside a transaction the lock ends with the read. kNotFound naming `session_id` otherwise.
  virtual Result<StoredSession> FindForUpdate(TenantId tenant_id, const SessionKey& key) = 0;

  /// The session with row id `id`; kNotFound naming `id` otherwise.
  virtual Result<StoredSession> FindById(TenantId tenant_id, SessionId id) = 0;

  /// The tenant's sessions shown live (`IsShownLive`: ACTIVE or PENDING, no CDR yet) that match `filter`,
  /// newest first (by `start_date_time`, then id, both descending): at most `limit` (1 to 100, else
  /// kInvalidArgument naming `limit`) after `after` (nullopt for the first page). Keyset paging: a page
  /// does not shift when sessions start or end meanwhile. A unit, profile or token that is not the
  /// tenant's matches nothing.
  virtual Result<SessionPage> ListLive(TenantId tenant_id, const LiveSessionFilter& filter,
                                       std::optional<SessionCursor> after, std::size_t limit) = 0;

  /// Records that CDR `cdr` closed the session `key` (a CDR names its session by `session_id`; the
  /// session is the CDR's CPO's): from then on the session is not live. Linking another CDR later (a
  /// replacement after a credit) replaces the link. kNotFound naming `session_id` when there is no such
  /// session (CDRs may come without one); kInvalidArgument naming `cdr_id` (`ValidateCdrKey`).
  virtual Result<void> LinkCdr(TenantId tenant_id, const SessionKey& key, const CdrKey& cdr) = 0;
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
  /// Only CDRs belonging to this unit or any unit below it (a CDR of no unit is not listed then); with
  /// `organisation_unit_id`, both must hold.
  std::optional<OrganisationUnitId> organisation_unit_subtree = std::nullopt;
  /// Only CDRs of sessions at this CPO.
  std::optional<PartyId> cpo = std::nullopt;

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

  /// Up to `limit` (1..1000) CPO CDRs of the tenant that have no MSP CDR yet, by id after `after`:
  /// what the rating job works through. kInvalidArgument naming `limit`.
  virtual Result<std::vector<CpoCdr>> ListUnrated(TenantId tenant_id, CpoCdrId after, int limit) = 0;
};

/// Which MSP CDRs of a tenant to list, ordered by (`session_start`, id), oldest first (or newest first,
/// `newest_first`). Every filter is combined with AND; a filter naming something the tenant does not have
/// (another tenant's unit or profile) lists nothing.
struct MspCdrQuery {
  /// The period `[from, to)` on `session_start`; an absent bound does not limit.
  std::optional<Instant> from = std::nullopt;
  std::optional<Instant> to = std::nullopt;
  /// Only those needing attention (true), only rated ones (false), or both (absent).
  std::optional<bool> needs_attention = std::nullopt;
  /// Only those needing attention for this reason (implies `needs_attention`).
  std::optional<AttentionReason> reason = std::nullopt;
  /// Continue after this MSP CDR: (`session_start`, id) of the last one of the previous page, in the
  /// query's order.
  std::optional<std::pair<Instant, MspCdrId>> after = std::nullopt;
  /// 1 to `kMaxLimit` per page.
  int limit = kMaxLimit;

  static constexpr int kMaxLimit = 1000;

  /// Newest first: by (`session_start`, id) descending, `after` then continuing downwards.
  bool newest_first = false;
  /// Only those of this organisation unit or any unit below it (the customer's unit of the MSP CDR; one
  /// needing attention without a customer has none and is not listed then).
  std::optional<OrganisationUnitId> organisation_unit_subtree = std::nullopt;
  /// Only those of this profile (driver or fleet vehicle).
  std::optional<ProfileId> profile_id = std::nullopt;
  /// Only those of sessions at this CPO.
  std::optional<PartyId> cpo = std::nullopt;
  /// Only those priced in this currency.
  std::optional<Currency> currency = std::nullopt;
};

/// Which MSP CDRs `MspCdrRepository::Months` sums: those whose session started in [`from`, `to`) (whole
/// months: `PeriodStart`/`PeriodEnd`), of one unit's subtree and/or one profile (neither: the whole
/// tenant, CDRs of no known customer included).
struct MspCdrMonthsQuery {
  Instant from;
  Instant to;
  std::optional<OrganisationUnitId> organisation_unit_subtree = std::nullopt;
  std::optional<ProfileId> profile_id = std::nullopt;
};

/// The MSP CDRs of one calendar month (UTC, by session start) priced in one currency: what a dashboard
/// charts. Amounts are exact sums of the stored, rounded amounts, so they add up to the CDRs' own.
struct MspCdrMonth {
  BillingPeriod month;
  Currency currency;
  /// Rated MSP CDRs that are not credits.
  std::int64_t sessions = 0;
  /// Rated credit MSP CDRs (negative amounts).
  std::int64_t credits = 0;
  /// Held for attention: in no sum below.
  std::int64_t needs_attention = 0;
  /// The energy of the rated sessions as their CPO CDRs state it (credits not counted).
  Decimal energy_kwh{};
  /// Sums over the rated MSP CDRs, credits included, in `currency`.
  Decimal revenue_excl_vat{};
  Decimal revenue_incl_vat{};
  Decimal cpo_cost{};
  Decimal margin{};
};

/// Stores the MSP CDRs of each tenant (rating's output, domain.md §3 step 6). Every method takes the
/// tenant id; an MSP CDR or CPO CDR of another tenant is kNotFound, exactly like one that does not exist.
class MspCdrRepository {
 public:
  virtual ~MspCdrRepository() = default;

  /// Stores the rating of `cdr.cpo_cdr_id` with its lines, in one transaction, after
  /// `ValidateNewMspCdr`. When that CPO CDR already has an MSP CDR needing attention, it is replaced
  /// (same id, new `rated_at`); when it has a rated one, kAlreadyExists naming `cpo_cdr_id` and nothing
  /// changes (a rated MSP CDR is final). kNotFound naming `cpo_cdr_id` (or `credit_of`) when the CPO CDR
  /// (or the cancelled MSP CDR) is not the tenant's; likewise naming `token_id`, `location_group_id`,
  /// `business_partner_groups[1]`, `lines[0].rule`, … for any other reference that is not.
  /// kFailedPrecondition naming `credit_of` when the cancelled MSP CDR needs attention: only a rated one can
  /// be credited.
  virtual Result<MspCdr> Record(const NewMspCdr& cdr) = 0;

  /// Stores many ratings in one transaction: what the rating job does with a batch. Each is checked
  /// first (`ValidateNewMspCdr`); one that fails refuses the whole batch with kInvalidArgument naming
  /// `cdrs[3].lines[0].amount`, and nothing is written. A CPO CDR that already has a rated MSP CDR is
  /// skipped (the job may run a batch twice); one needing attention is replaced as by `Record`. Answers
  /// how many were written. A reference `Record` would refuse refuses the whole batch the same way, the
  /// field prefixed (`cdrs[1].token_id`), and nothing is written. A CPO CDR that comes twice in a batch is
  /// handled as two `Record` calls in order (the second replaces the first only if that needs attention).
  virtual Result<std::size_t> RecordMany(std::span<const NewMspCdr> cdrs) = 0;

  /// The MSP CDR `id`; kNotFound naming `id` otherwise.
  virtual Result<MspCdr> FindById(TenantId tenant_id, MspCdrId id) = 0;

  /// The MSP CDR of the CPO CDR `cpo_cdr_id`; kNotFound naming `cpo_cdr_id` when it has none (yet).
  virtual Result<MspCdr> FindByCpoCdr(TenantId tenant_id, CpoCdrId cpo_cdr_id) = 0;

  /// The MSP CDR of the CPO CDR that `cpo` sent with OCPI id `cdr_id` (ignoring ASCII case): what a
  /// credit CDR's `credit_reference_id` points at. kNotFound naming `credit_reference_id` otherwise.
  virtual Result<MspCdr> FindByCpoCdrKey(TenantId tenant_id, const PartyId& cpo, std::string_view cdr_id) = 0;

  /// One page of `query`, keyset-paginated. kInvalidArgument naming `limit` or `to`.
  virtual Result<std::vector<MspCdr>> List(TenantId tenant_id, const MspCdrQuery& query) = 0;

  /// The months of `query`, by month and then currency; a month without MSP CDRs is absent.
  /// kInvalidArgument naming `to` when it is not after `from`.
  virtual Result<std::vector<MspCdrMonth>> Months(TenantId tenant_id, const MspCdrMonthsQuery& query) = 0;
};

/// Stores the OCPI commands each tenant's eMSP sends to its CPO peers and what became of them
/// (domain/command.h). Every method takes the tenant id; a command of another tenant is kNotFound,
/// exactly like one that does not exist. Commands are never deleted.
class CommandRepository {
 public:
  virtual ~CommandRepository() = default;

  /// Validates `command` (`ValidateNewCommand`) and stores it `requested`, stamped with the repository's
  /// clock, before it is sent. kNotFound naming `peer_id` when that is not a peer of `tenant_id`;
  /// kAlreadyExists naming `uid` when the tenant has a command with that uid.
  virtual Result<Command> Create(TenantId tenant_id, const NewCommand& command) = 0;

  /// The command `id` of `tenant_id`; kNotFound naming `id` otherwise.
  virtual Result<Command> FindById(TenantId tenant_id, CommandId id) = 0;

  /// Records the CPO's synchronous answer to command `id` (`ValidateCommandResponse`), stamped with the
  /// clock. A `requested` command takes the answer's state (and, when accepted, its deadline); one whose
  /// result came first keeps its state, and the answer is stored beside it. One statement, so a result
  /// arriving meanwhile is never overwritten. kNotFound naming `id`; kFailedPrecondition naming `id` when
  /// the command has an answer already. Returns the command as stored afterwards.
  virtual Result<Command> RecordResponse(TenantId tenant_id, CommandId id,
                                         const CommandResponseRecord& response) = 0;

  /// Records a CommandResult that peer `peer_id` POSTed to the `response_url` of the command of `type`
  /// with `uid` (`NormaliseCommandResult`), stamped with the clock:
  /// - the command's first result is stored and decides its state (`StateOfResult`), whatever the state
  ///   was (`kRecorded`);
  /// - CANCELED_RESERVATION for a RESERVE_NOW that succeeded moves it to `canceled` (`kCanceled`, OCPI M3);
  /// - anything else after the first result changes nothing (`kIgnored`): the first one is kept.
  /// kNotFound naming `uid` when the tenant has no such command of that peer and type.
  virtual Result<RecordedResult> RecordResult(TenantId tenant_id, PeerId peer_id, CommandType type,
                                              std::string_view uid, const CommandResultRecord& result) = 0;

  /// Moves every command of `tenant_id` that still awaits its outcome (`requested` or `accepted`) and
  /// whose deadline is at or before `now` to `timed_out`, in one statement. Answers how many moved.
  virtual Result<std::size_t> TimeOutOverdue(TenantId tenant_id, Instant now) = 0;
};

/// Stores the tariffs each tenant's eMSP receives from its CPO peers (OCPI tariffs module, §8), one per
/// (CPO party, tariff id): a PUT replaces it, a DELETE removes it. Every method takes the tenant id; a
/// tariff of another tenant is kNotFound, exactly like one that does not exist.
class CpoTariffRepository {
 public:
  virtual ~CpoTariffRepository() = default;

  /// OCPI PUT of a tariff: validates it (`ValidateCpoTariff`) and, unless the stored one is newer
  /// (`DecideUpsert` on `last_updated`: `kStale`, nothing changes), stores it in place of the stored one.
  /// One transaction. kNotFound naming `tenant_id` when the tenant does not exist.
  virtual Result<UpsertOutcome> Upsert(TenantId tenant_id, const CpoTariff& tariff) = 0;

  /// The tariff `key` (its id compared ignoring ASCII case), as last stored; kNotFound naming `tariff_id`
  /// otherwise.
  virtual Result<CpoTariff> Find(TenantId tenant_id, const CpoTariffKey& key) = 0;

  /// OCPI DELETE: removes the tariff `key`; kNotFound naming `tariff_id` when there is none.
  virtual Result<void> Delete(TenantId tenant_id, const CpoTariffKey& key) = 0;
};

/// Stores what each hub peer of a tenant reported about the parties behind it (OCPI hubclientinfo, §12):
/// one `HubClient` per (tenant, hub peer, party), the last one received. Every method takes the tenant
/// id; a report of another tenant's peer is kNotFound, exactly like one that does not exist.
class HubClientRepository {
 public:
  virtual ~HubClientRepository() = default;

  /// OCPI PUT of a ClientInfo by hub `hub_id`: unless the stored report of that party is newer
  /// (`DecideUpsert` on `last_updated`: `kStale`, nothing changes), stores `client` in its place. One
  /// transaction. kNotFound naming `peer_id` when the tenant has no such peer.
  virtual Result<UpsertOutcome> Upsert(TenantId tenant_id, PeerId hub_id, const HubClient& client) = 0;

  /// What hub `hub_id` last reported about `party`; kNotFound naming `party_id` when it reported nothing.
  virtual Result<HubClient> Find(TenantId tenant_id, PeerId hub_id, const PartyId& party) = 0;

  /// How many parties hub `hub_id` has reported (0 for a hub that never used hubclientinfo).
  virtual Result<std::size_t> Count(TenantId tenant_id, PeerId hub_id) = 0;
};

/// How users reach the Control Centre API (domain/web_access.h, docs/api.md): browser sessions, API keys,
/// password reset tokens and failed logins. Secrets arrive and are looked up as digests only. Lookups by
/// digest need no tenant (the digest says whose it is, as a peer's token does); everything else takes the
/// tenant id, and another tenant's row is kNotFound exactly like a missing one.
class WebAccessRepository {
 public:
  virtual ~WebAccessRepository() = default;

  /// Opens a session; kNotFound naming `user_id` when the tenant has no such user.
  virtual Result<WebSession> CreateSession(TenantId tenant_id, const NewWebSession& session) = 0;
  /// The open session whose cookie token has `digest`; kUnauthenticated (no field) when there is none.
  /// Expiry is the caller's rule: a session past its expiry is still returned.
  virtual Result<WebSession> FindSession(const TokenDigest& digest) = 0;
  /// Records activity of session `id` at `seen_at`; kNotFound naming `session` when it has ended.
  virtual Result<void> TouchSession(TenantId tenant_id, WebSessionId id, Instant seen_at) = 0;
  /// Ends session `id` (deletes it); ending one that has ended already is not an error.
  virtual Result<void> EndSession(TenantId tenant_id, WebSessionId id) = 0;
  /// Ends every session of `user_id` except `keep` (the one that asked); answers how many ended.
  virtual Result<std::size_t> EndSessionsOfUser(TenantId tenant_id, UserId user_id,
                                                std::optional<WebSessionId> keep) = 0;

  /// Stores a new API key (`ValidateApiKeyName` first); kNotFound naming `user_id` for an unknown user,
  /// kAlreadyExists naming `name` when the user has an unrevoked key of that name.
  virtual Result<ApiKey> CreateApiKey(TenantId tenant_id, const NewApiKey& key) = 0;
  /// The key with `digest`, revoked or not; kUnauthenticated (no field) when there is none.
  virtual Result<ApiKey> FindApiKey(const TokenDigest& digest) = 0;
  /// The keys of `user_id`, revoked ones included, oldest first.
  virtual Result<std::vector<ApiKey>> ListApiKeys(TenantId tenant_id, UserId user_id) = 0;
  /// Revokes key `id` of `user_id` at `at` (a key revoked already keeps its first time); kNotFound naming
  /// `api_key_id` when the user has no such key.
  virtual Result<ApiKey> RevokeApiKey(TenantId tenant_id, UserId user_id, ApiKeyId id, Instant at) = 0;

  /// Stores a password reset token; kNotFound naming `user_id` for an unknown user.
  virtual Result<PasswordReset> CreatePasswordReset(TenantId tenant_id, const NewPasswordReset& reset) = 0;
  /// Uses the tenant's reset token with `digest` at `now`: marks it used and returns it, only when it is
  /// unused and `now` is before its expiry, atomically (two concurrent uses: one wins). kUnauthenticated
  /// naming `token` otherwise, the same for unknown, used and expired tokens.
  virtual Result<PasswordReset> RedeemPasswordReset(TenantId tenant_id, const TokenDigest& digest,
                                                    Instant now) = 0;

  /// Records a failed login against `subject` (a normalised e-mail address or a client address).
  virtual Result<void> RecordLoginFailure(TenantId tenant_id, LoginFailureSubject kind,
                                          std::string_view subject, Instant at) = 0;
  /// How many failed logins against `subject` were recorded at or after `since`.
  virtual Result<std::int64_t> CountLoginFailures(TenantId tenant_id, LoginFailureSubject kind,
                                                  std::string_view subject, Instant since) = 0;
  /// Forgets the failed logins against `subject` (after a successful login).
  virtual Result<void> ClearLoginFailures(TenantId tenant_id, LoginFailureSubject kind,
                                          std::string_view subject) = 0;
};

/// What the Control Centre reads across a tenant's units and users, beside the per-aggregate ports: the
/// whole tree, every user and assignment (filtered by scope in src/api), and renaming a unit.
class ControlCentreDirectory {
 public:
  virtual ~ControlCentreDirectory() = default;

  /// Every organisation unit of the tenant, by id (the root first, as it is created first).
  virtual Result<std::vector<OrganisationUnit>> Tree(TenantId tenant_id) = 0;
  /// Renames unit `id` (1 to 200 bytes, as `ValidateNewOrganisationUnit` has it); kNotFound naming `id`.
  virtual Result<OrganisationUnit> RenameOrganisationUnit(TenantId tenant_id, OrganisationUnitId id,
                                                          std::string_view name) = 0;
  /// Every user of the tenant, by id.
  virtual Result<std::vector<User>> Users(TenantId tenant_id) = 0;
  /// Every role assignment of the tenant, by user id and then assignment id.
  virtual Result<std::vector<RoleAssignment>> Assignments(TenantId tenant_id) = 0;
};

/// Which invoices of a tenant to list, by id.
struct InvoiceQuery {
  /// Only those a run made.
  std::optional<BillingRunId> run_id = std::nullopt;
  /// Only those in this status.
  std::optional<InvoiceStatus> status = std::nullopt;
  /// Only those addressed to this unit or a unit below it, or to a private profile living there.
  std::optional<OrganisationUnitId> organisation_unit_subtree = std::nullopt;
  /// Only those addressed to this profile (a private customer's).
  std::optional<ProfileId> profile_id = std::nullopt;
  /// Continue after this invoice: the last id of the previous page.
  InvoiceId after{};
  /// 1 to `kMaxLimit` per page.
  int limit = kMaxLimit;

  static constexpr int kMaxLimit = 1000;
};

/// Stores the billing runs, invoices and credit notes of each tenant, and which invoice took each MSP
/// CDR (docs/billing.md). Every method takes the tenant id; an invoice or run of another tenant is
/// kNotFound, exactly like one that does not exist. An invoice's lines and amounts are written once, with
/// the draft, and never change; afterwards only its status moves (`CheckInvoiceTransition`).
class InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;

  /// The run of `period`: started now (stamped with the repository's clock) or, when the tenant started
  /// one for that period before, that one, complete or not (so a run that was interrupted is resumed and
  /// a complete one is not run twice). kNotFound naming `tenant_id` when there is no such tenant.
  virtual Result<BillingRun> StartRun(TenantId tenant_id, BillingPeriod period) = 0;

  /// Marks run `id` complete, stamped with the repository's clock (once: a complete run keeps its first
  /// stamp). kNotFound naming `run_id`.
  virtual Result<BillingRun> CompleteRun(TenantId tenant_id, BillingRunId id) = 0;

  /// Up to `limit` (1..1000; kInvalidArgument naming `limit`) rated MSP CDRs of the tenant whose session
  /// started before `before` and that are on no invoice (or only on void ones), by id after `after`, each
  /// with what its invoice line shows (location, EVSE, card, cost centre, energy, duration) and, for a
  /// credit, the invoice its original is on when that is issued or paid (a credit note credits nothing
  /// else: a credit of a CDR on a draft waits until the draft is issued, or voided).
  virtual Result<std::vector<BillableMspCdr>> ListBillable(TenantId tenant_id, Instant before, MspCdrId after,
                                                           int limit) = 0;

  /// Stores `invoice` as a draft with its lines after `ValidateNewInvoice`, and records it as the invoice
  /// of each of its MSP CDRs, in one transaction: all or nothing. kAlreadyExists naming
  /// `lines[i].msp_cdr_id` when that MSP CDR is on another invoice (not void) already, or naming `target`
  /// when the run has an invoice of this kind for the target (and credited invoice) already; kNotFound
  /// naming `lines[i].msp_cdr_id` when that is not a rated MSP CDR of the tenant, `run_id`, `target` or
  /// `credited_invoice` when those are not the tenant's; kFailedPrecondition naming `credited_invoice` when
  /// that is not an issued or paid invoice (a draft, a void one, a credit note).
  virtual Result<Invoice> CreateDraft(const NewInvoice& invoice) = 0;

  /// Stores `invoices` as `CreateDraft` stores each, in one transaction: all of them or none, and answers
  /// their ids in order. Fails as `CreateDraft` does, the field naming the invoice too
  /// (`invoices[3].lines[0].msp_cdr_id`, `invoices[0].target`); kInvalidArgument naming
  /// `invoices[k].tenant_id` when they are not all of one tenant. How a billing run stores its drafts:
  /// many per transaction and statement.
  virtual Result<std::vector<InvoiceId>> CreateDrafts(std::span<const NewInvoice> invoices) = 0;

  /// The invoice `id` with its lines; kNotFound naming `id` otherwise.
  virtual Result<Invoice> FindById(TenantId tenant_id, InvoiceId id) = 0;

  /// One page of `query`, each invoice with its lines. kInvalidArgument naming `limit`.
  virtual Result<std::vector<Invoice>> List(TenantId tenant_id, const InvoiceQuery& query) = 0;

  /// Issues draft `id`: gives it the tenant's next number of the current year (the repository's clock,
  /// UTC) and stamps `issued_at`, in one transaction that serialises the tenant's issues, so numbers have
  /// no gap and no duplicate however many issue at once. kFailedPrecondition naming `status` when it is
  /// not a draft; kNotFound naming `id`.
  virtual Result<Invoice> Issue(TenantId tenant_id, InvoiceId id) = 0;

  /// Marks issued invoice `id` paid (kFailedPrecondition naming `status` otherwise; kNotFound naming `id`).
  virtual Result<Invoice> MarkPaid(TenantId tenant_id, InvoiceId id) = 0;

  /// Voids draft or issued invoice `id` (kFailedPrecondition naming `status` otherwise; kNotFound naming
  /// `id`) and releases its MSP CDRs, in one transaction: the next run invoices them again. A void invoice
  /// keeps its number and lines. kFailedPrecondition naming `id` while a credit note that is not void
  /// credits it: void that first, or its CDRs would be billed again with their credit still pointing here.
  virtual Result<Invoice> Void(TenantId tenant_id, InvoiceId id) = 0;
};

/// Stores each tenant's tariff plan drafts (domain/tariff_plan_draft.h): plan versions being prepared,
/// which rate nothing until published. A draft of another tenant is kNotFound, exactly like one that does
/// not exist.
class TariffPlanDraftRepository {
 public:
  virtual ~TariffPlanDraftRepository() = default;

  /// Validates `draft` (`ValidateNewTariffPlanDraft`) and stores it with its rules, stamped with the
  /// repository's clock. kNotFound naming `rules[i].location_group`, `rules[i].business_partner_group` or
  /// `rules[i].tariff_code` when that is not one of the tenant's, or `tenant_id` for no such tenant.
  virtual Result<TariffPlanDraft> Create(TenantId tenant_id, const NewTariffPlanDraft& draft) = 0;

  /// The draft `id` with its rules; kNotFound naming `id` otherwise.
  virtual Result<TariffPlanDraft> Find(TenantId tenant_id, TariffPlanDraftId id) = 0;

  /// The tenant's drafts with their rules, by id.
  virtual Result<std::vector<TariffPlanDraft>> List(TenantId tenant_id) = 0;

  /// Replaces draft `id` whole (as `Create` checks it): its rules are stored anew (their ids are not
  /// kept; SQLite may give the replaced rules' ids again), `updated_at` is the clock's now. kNotFound naming `id`, or a rule's field as `Create`.
  virtual Result<TariffPlanDraft> Replace(TenantId tenant_id, TariffPlanDraftId id,
                                          const NewTariffPlanDraft& draft) = 0;

  /// Deletes draft `id` with its rules (also what publishing does); kNotFound naming `id`.
  virtual Result<void> Delete(TenantId tenant_id, TariffPlanDraftId id) = 0;
};

/// Stores each tenant's legal details as the issuer of its invoices (domain/issuer_details.h). Only the
/// tenant's own: every method takes its id.
class IssuerDetailsRepository {
 public:
  virtual ~IssuerDetailsRepository() = default;

  /// The details `tenant_id` gave; all empty when it gave none. kNotFound naming `tenant_id` when there
  /// is no such tenant.
  virtual Result<IssuerDetails> Find(TenantId tenant_id) = 0;

  /// Replaces all three after `NormaliseIssuerDetails` (a refused field leaves the stored ones) and
  /// returns them as stored; empty ones clear them. kNotFound naming `tenant_id` when there is no such
  /// tenant.
  virtual Result<IssuerDetails> Replace(TenantId tenant_id, const IssuerDetails& details) = 0;
};

/// A billing run with what the store can tell of it cheaply: how many invoices, credit notes and sessions
/// (invoice lines) its drafts hold. What a run held back is not stored (it is in the run's audit entry).
struct BillingRunSummary {
  BillingRun run;
  std::int64_t invoices = 0;
  std::int64_t credit_notes = 0;
  std::int64_t sessions = 0;

  friend bool operator==(const BillingRunSummary&, const BillingRunSummary&) = default;
};

/// Reads each tenant's billing runs for the Control Centre (`GET /billing-runs`). Only the tenant's own.
class BillingRunDirectory {
 public:
  virtual ~BillingRunDirectory() = default;

  /// The tenant's runs, newest period first, at most `limit` (1..1000; kInvalidArgument naming `limit`),
  /// each with its counts, in one query.
  virtual Result<std::vector<BillingRunSummary>> ListRuns(TenantId tenant_id, int limit) = 0;

  /// The run of `period` with its counts; nullopt when the tenant has none (yet).
  virtual Result<std::optional<BillingRunSummary>> FindRun(TenantId tenant_id, BillingPeriod period) = 0;
};

}  // namespace openmsp::domain
