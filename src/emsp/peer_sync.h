#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/peer.h"
#include "domain/repositories.h"
#include "emsp/ocpi_pull.h"
#include "http/client.h"
#include "ocpi/headers.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"

/// Pulling a CPO's data (ocpi-2.2.1-emsp.md §2.5, §2.9, §5.1 L6, §6.1 S4, §7.1 C3, §8.1 T4; docs/ocpi.md
/// "## Pullers"): what a push would have brought, fetched from the peer's Sender interfaces, so that every
/// store fed by pushes can be rebuilt by pull after an outage, and kept in step by an incremental pull.
namespace openmsp::emsp {

/// The modules OpenMSP pulls, in the order a sync of every module runs them (tariffs before the locations
/// whose connectors name them; sessions before the CDRs that end them).
inline constexpr std::array<std::string_view, 4> kPulledModules = {"tariffs", "locations", "sessions",
                                                                   "cdrs"};

/// Whether `module` is one of `kPulledModules`.
bool IsPulledModule(std::string_view module);

/// The job kind of one pull of one module from one peer. Payload
/// `{"peer_id":N,"module":"cdrs","full":false}`.
inline constexpr std::string_view kPullJob = "ocpi.pull";

/// What an `ocpi.pull` job pulls.
struct PullJob {
  domain::PeerId peer_id;
  /// One of `kPulledModules`.
  std::string module;
  /// A full pull (no `date_from`) rather than an incremental one.
  bool full = false;

  friend bool operator==(const PullJob&, const PullJob&) = default;
};

/// The payload of `job`.
std::string PullJobPayload(const PullJob& job);

/// Reads an `ocpi.pull` payload: `peer_id` a positive integer, `module` one of `kPulledModules`, `full`
/// a boolean (absent: false). kInvalidArgument naming `payload`, `peer_id`, `module` or `full`.
Result<PullJob> ParsePullJobPayload(std::string_view payload);

/// The dedupe key of a pull: `peer:N/module:M`. One pull of a module of a peer is queued or running at a
/// time, full or not; the running one reads the cursor when it starts.
std::string PullJobDedupeKey(const PullJob& job);

/// The URL of `peer`'s Sender endpoint of `module`, when the peer is connected and has one.
std::optional<std::string> SenderEndpoint(const domain::Peer& peer, std::string_view module);

/// Queues an `ocpi.pull` of every pulled module `peer` has a Sender endpoint for (incremental, due `now`,
/// deduplicated: one already queued or running counts) for the peer's tenant: a sync of one peer now, as
/// the Control Centre asks for it. Returns the modules, in `kPulledModules` order; none for a peer that is
/// not connected (`SenderEndpoint`).
Result<std::vector<std::string>> QueuePeerPull(domain::JobQueue& jobs, const domain::Peer& peer, Instant now);

/// Queues an `ocpi.pull` of every pulled module of every connected peer of `tenant_id` that has a Sender
/// endpoint for it (incremental, due `now`, deduplicated). What the periodic sweep calls. Returns how many
/// pulls are queued (one already queued or running counts).
Result<int> QueuePeerPulls(domain::PeerRepository& peers, domain::JobQueue& jobs, domain::TenantId tenant_id,
                           Instant now);

/// What a pull needs besides the database: the HTTP client (its timeouts and retries bound each page),
/// the request ids' random source, the clock (the run's start, the cursor), the CDR ingestor (pulled CDRs
/// are stored as pushed ones are: idempotent, durable) and the bounds of a pull.
struct PullTools {
  http::HttpClient& client;
  ocpi::RandomSource& random;
  const Clock& clock;
  store::CpoCdrIngestor& cdrs;
  PullLimits limits = {};
};

/// How far back an incremental pull reaches before the start of the last successful one: a CPO's clock
/// that lags ours by less than this loses nothing (objects are applied idempotently, so the overlap costs
/// only a few objects read twice).
inline constexpr Duration kPullOverlap = std::chrono::minutes(1);

/// What one pull of one module did.
struct ModulePullResult {
  std::string module;
  /// False when there was nothing to pull: the peer is not connected or has no Sender endpoint for the
  /// module. Nothing is recorded then.
  bool pulled = false;
  /// The window asked for: `date_from` (absent for a full pull of a module other than sessions) and
  /// `date_to`, the run's start.
  std::optional<Instant> date_from;
  Instant date_to;
  PullReport report;
  /// The module's sync state as recorded after the run.
  domain::PeerSyncState state;
};

/// Pulls `job.module` of peer `job.peer_id` of `tenant_id` now (ocpi-2.2.1-emsp.md §2.5):
///
/// - the window: `date_to` the clock's now; `date_from` none for a full pull, otherwise the stored cursor
///   (none before the first success: a full pull). Sessions require `date_from` (§6.1 S4): a full pull of
///   sessions asks from 1970-01-01T00:00:00Z;
/// - every object goes the receivers' way (`emsp/object_appliers.h`): Locations (`ocpi::ParseLocation`,
///   `ApplyLocation`), Tariffs (`ReadCpoTariff`, `ApplyCpoTariff`), Sessions (`SessionFromOcpiJson`,
///   `ApplySession`), CDRs (`CpoCdrFromOcpiJson`, the token's unit, `CpoCdrIngestor`); its
///   `country_code`/`party_id` must be a party of the peer's roles, any party for a hub (§2.6, §2.8).
///   Stale objects (older than ours) and CDRs we have (the same CDR, as JSON, as the stored body) are
///   skipped; a malformed object, another party's, or a CDR id stored with a different body (recorded as
///   a conflict for staff, §7.1) is failed and reported, never fatal to its page;
/// - the outcome is recorded (`PeerRepository::RecordSync`): after a success the cursor becomes the run's
///   start less `kPullOverlap` — unless the list changed under the pull (`PullReport::complete`), when the
///   stored cursor is kept; after a failure the error, cursor kept;
/// - when CDRs were stored, the tenant's rating job is queued (`domain::QueueRatingJob`), as the cdrs
///   module does.
///
/// Returns the result even when the pull failed (`report.error`); an error only when the database
/// failed, or kNotFound naming `peer_id` for a peer that is not the tenant's.
Result<ModulePullResult> RunModulePull(store::Repositories& db, PullTools& tools, domain::TenantId tenant_id,
                                       const PullJob& job);

}  // namespace openmsp::emsp
