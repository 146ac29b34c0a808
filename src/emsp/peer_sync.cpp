#include "emsp/peer_sync.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "core/json.h"
#include "domain/rating_job.h"
#include "emsp/object_appliers.h"
#include "emsp/object_owner.h"
#include "emsp/ocpi_cdr.h"
#include "ocpi/locations.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

// Sessions GET requires `date_from` (§6.1 S4): a full pull asks from here.
constexpr Instant kEarliestPull{std::chrono::sys_days(std::chrono::year(1970) / 1 / 1)};

// The errors that end a pull rather than fail one object: the database (or a bug), not the object.
bool EndsThePull(const Error& error) {
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal;
}

// `[12] id 'LOC1': field: reason` (the id when the object has a string one).
std::string Failure(std::int64_t index, const json::value& object, const Error& error) {
  std::string text = "[" + std::to_string(index) + "]";
  if (const json::object* members = object.if_object()) {
    if (const json::value* id = members->if_contains("id"); id != nullptr && id->is_string()) {
      text += " id '" + std::string(std::string_view(id->as_string()).substr(0, 64)) + "'";
    }
  }
  return text + ": " + error.ToString();
}

// Whether two JSON documents say the same: members in any order, numbers by their decimal value (`2`,
// `2.0` and `2.00` are one number; a body re-serialised by `SerializeJson` spells some differently).
bool SameJson(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    Result<Decimal> left = DecimalFromJson(a);
    Result<Decimal> right = DecimalFromJson(b);
    return left && right && *left == *right;
  }
  if (a.kind() != b.kind()) return false;
  if (const json::object* left = a.if_object()) {
    const json::object& right = b.as_object();
    if (left->size() != right.size()) return false;
    for (const auto& [key, value] : *left) {
      const json::value* other = right.if_contains(key);
      if (other == nullptr || !SameJson(value, *other)) return false;
    }
    return true;
  }
  if (const json::array* left = a.if_array()) {
    const json::array& right = b.as_array();
    if (left->size() != right.size()) return false;
    for (std::size_t i = 0; i < left->size(); ++i) {
      if (!SameJson((*left)[i], right[i])) return false;
    }
    return true;
  }
  return a == b;
}

// Applies each object with `apply_one` (an `UpsertOutcome`): stale ones are skipped.
template <class ApplyOne>
Result<PageTally> ApplyEach(const json::array& objects, std::int64_t index, ApplyOne apply_one) {
  PageTally tally;
  for (const json::value& object : objects) {
    Result<domain::UpsertOutcome> outcome = apply_one(object);
    if (!outcome) {
      if (EndsThePull(outcome.error())) return outcome.error();
      ++tally.failed;
      tally.failures.push_back(Failure(index, object, outcome.error()));
    } else if (*outcome == domain::UpsertOutcome::kStale) {
      ++tally.skipped;
    } else {
      ++tally.applied;
    }
    ++index;
  }
  return tally;
}

Result<PageTally> ApplyLocations(store::Repositories& db, const domain::Peer& peer,
                                 const json::array& objects, std::int64_t index) {
  return ApplyEach(objects, index, [&](const json::value& object) -> Result<domain::UpsertOutcome> {
    OPENMSP_ASSIGN_OR_RETURN(const domain::Location location,
                             ocpi::ParseLocation(object, SerializeJson(object)));
    OPENMSP_RETURN_IF_ERROR(CheckSendingParty(db, peer, location.key.party));
    return ApplyLocation(db, peer.tenant_id, location);
  });
}

Result<PageTally> ApplyTariffs(store::Repositories& db, const domain::Peer& peer, const json::array& objects,
                               std::int64_t index) {
  return ApplyEach(objects, index, [&](const json::value& object) -> Result<domain::UpsertOutcome> {
    OPENMSP_ASSIGN_OR_RETURN(const domain::CpoTariff tariff, ReadCpoTariff(object, SerializeJson(object)));
    OPENMSP_RETURN_IF_ERROR(CheckSendingParty(db, peer, tariff.key.party));
    return ApplyCpoTariff(db, peer.tenant_id, tariff);
  });
}

Result<PageTally> ApplySessions(store::Repositories& db, const domain::Peer& peer, const json::array& objects,
                                std::int64_t index) {
  return ApplyEach(objects, index, [&](const json::value& object) -> Result<domain::UpsertOutcome> {
    OPENMSP_ASSIGN_OR_RETURN(domain::Session session, domain::SessionFromOcpiJson(SerializeJson(object)));
    OPENMSP_RETURN_IF_ERROR(CheckSendingParty(db, peer, session.key.party));
    return ApplySession(db, peer.tenant_id, std::move(session));
  });
}

// The CDRs of one page, all submitted to the ingestor before waiting, so they share its commits.
class CdrPage {
 public:
  CdrPage(store::Repositories& db, store::CpoCdrIngestor& ingestor, const domain::Peer& peer)
      : db_(db), ingestor_(ingestor), peer_(peer) {}

  Result<PageTally> Apply(const json::array& objects, std::int64_t index) {
    PageTally tally;
    std::vector<std::pair<std::int64_t, const json::value*>> submitted;
    for (const json::value& object : objects) {
      Result<std::optional<domain::NewCpoCdr>> cdr = Read(object);
      if (!cdr) {
        if (EndsThePull(cdr.error())) return Wait(tally, submitted, cdr.error());
        ++tally.failed;
        tally.failures.push_back(Failure(index, object, cdr.error()));
      } else if (!*cdr) {
        ++tally.skipped;
      } else {
        submitted.emplace_back(index, &object);
        Submit(**std::move(cdr));
      }
      ++index;
    }
    return Wait(tally, submitted, std::nullopt);
  }

  bool stored_any() const { return stored_any_; }

 private:
  // The CDR to submit; nullopt when we have it already, as this JSON. One stored under its key with another
  // body is submitted all the same: the ingestor refuses it and records the conflict for staff (§7.1).
  Result<std::optional<domain::NewCpoCdr>> Read(const json::value& object) {
    OPENMSP_ASSIGN_OR_RETURN(domain::NewCpoCdr cdr,
                             CpoCdrFromOcpiJson(SerializeJson(object), peer_.tenant_id));
    OPENMSP_RETURN_IF_ERROR(CheckSendingParty(db_, peer_, cdr.cpo));
    Result<domain::CpoCdr> stored = db_.cpo_cdrs().FindByKey(peer_.tenant_id, cdr.cpo, cdr.cdr_id);
    if (stored) {
      Result<json::value> stored_json = ParseJson(stored->body);
      if (stored_json && SameJson(*stored_json, object)) return std::optional<domain::NewCpoCdr>();
    } else if (stored.error().code != ErrorCode::kNotFound) {
      return stored.error();
    }
    OPENMSP_ASSIGN_OR_RETURN(const std::optional<domain::SessionCustomer> customer,
                             db_.tokens().FindCustomer(cdr.tenant_id, cdr.token_uid, cdr.token_type));
    if (customer) cdr.organisation_unit_id = customer->organisation_unit_id;
    return std::optional<domain::NewCpoCdr>(std::move(cdr));
  }

  void Submit(domain::NewCpoCdr cdr) {
    const std::size_t slot = outcomes_.size();
    {
      std::lock_guard lock(mutex_);
      outcomes_.emplace_back(std::nullopt);
    }
    ingestor_.Submit(std::move(cdr), [this, slot](Result<domain::CpoCdrReceipt> receipt) {
      {
        std::lock_guard lock(mutex_);
        outcomes_[slot] = std::move(receipt);
        ++done_;
      }
      changed_.notify_all();
    });
  }

  // Waits for every CDR submitted, then counts their outcomes; `fatal` (or an unavailable database)
  // ends the pull once they are all in.
  Result<PageTally> Wait(PageTally tally,
                         const std::vector<std::pair<std::int64_t, const json::value*>>& submitted,
                         std::optional<Error> fatal) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return done_ == outcomes_.size(); });
    for (std::size_t i = 0; i < outcomes_.size(); ++i) {
      const Result<domain::CpoCdrReceipt>& receipt = *outcomes_[i];
      if (!receipt) {
        if (EndsThePull(receipt.error())) {
          if (!fatal) fatal = receipt.error();
          continue;
        }
        ++tally.failed;
        tally.failures.push_back(Failure(submitted[i].first, *submitted[i].second, receipt.error()));
      } else if (receipt->outcome == domain::CpoCdrIngestion::kStored) {
        ++tally.applied;
        stored_any_ = true;
      } else {
        ++tally.skipped;
      }
    }
    outcomes_.clear();
    done_ = 0;
    if (fatal) return *std::move(fatal);
    return tally;
  }

  store::Repositories& db_;
  store::CpoCdrIngestor& ingestor_;
  const domain::Peer& peer_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<Result<domain::CpoCdrReceipt>>> outcomes_;
  std::size_t done_ = 0;
  bool stored_any_ = false;
};

Result<std::int64_t> PositiveId(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr) return InvalidArgument(std::string(name), "is required");
  if (!value->is_int64() || value->as_int64() <= 0)
    return InvalidArgument(std::string(name), "must be a positive integer");
  return value->as_int64();
}

}  // namespace

bool IsPulledModule(std::string_view module) {
  return std::find(kPulledModules.begin(), kPulledModules.end(), module) != kPulledModules.end();
}

std::string PullJobPayload(const PullJob& job) {
  return SerializeJson(
      json::object{{"peer_id", job.peer_id.value}, {"module", job.module}, {"full", job.full}});
}

Result<PullJob> ParsePullJobPayload(std::string_view payload) {
  Result<json::value> parsed = ParseJson(payload);
  if (!parsed || !parsed->is_object())
    return InvalidArgument("payload", "must be a JSON object with peer_id and module");
  const json::object& object = parsed->as_object();
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t peer_id, PositiveId(object, "peer_id"));
  const json::value* module = object.if_contains("module");
  if (module == nullptr || !module->is_string() || !IsPulledModule(module->as_string())) {
    return InvalidArgument("module", "must be one of tariffs, locations, sessions, cdrs");
  }
  bool full = false;
  if (const json::value* value = object.if_contains("full"); value != nullptr) {
    if (!value->is_bool()) return InvalidArgument("full", "must be true or false");
    full = value->as_bool();
  }
  return PullJob{
      .peer_id = domain::PeerId{peer_id}, .module = std::string(module->as_string()), .full = full};
}

std::string PullJobDedupeKey(const PullJob& job) {
  return "peer:" + std::to_string(job.peer_id.value) + "/module:" + job.module;
}

std::optional<std::string> SenderEndpoint(const domain::Peer& peer, std::string_view module) {
  if (peer.status != domain::PeerStatus::kConnected) return std::nullopt;
  for (const domain::PeerEndpoint& endpoint : peer.endpoints) {
    if (endpoint.module == module && endpoint.role == domain::InterfaceRole::kSender) return endpoint.url;
  }
  return std::nullopt;
}

Result<std::vector<std::string>> QueuePeerPull(domain::JobQueue& jobs, const domain::Peer& peer, Instant now) {
  std::vector<std::string> queued;
  for (const std::string_view module : kPulledModules) {
    if (!SenderEndpoint(peer, module)) continue;
    const PullJob pull{.peer_id = peer.id, .module = std::string(module), .full = false};
    const domain::NewJob job{.kind = std::string(kPullJob),
                             .payload = PullJobPayload(pull),
                             .dedupe_key = PullJobDedupeKey(pull),
                             .max_attempts = 5,
                             .run_at = std::nullopt};
    Result<domain::Job> enqueued = jobs.Enqueue(peer.tenant_id, job, now);
    if (!enqueued && enqueued.error().code != ErrorCode::kAlreadyExists) return enqueued.error();
    queued.emplace_back(module);
  }
  return queued;
}

Result<int> QueuePeerPulls(domain::PeerRepository& peers, domain::JobQueue& jobs, domain::TenantId tenant_id,
                           Instant now) {
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Peer> all, peers.List(tenant_id));
  int queued = 0;
  for (const domain::Peer& peer : all) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<std::string> modules, QueuePeerPull(jobs, peer, now));
    queued += static_cast<int>(modules.size());
  }
  return queued;
}

Result<ModulePullResult> RunModulePull(store::Repositories& db, PullTools& tools, domain::TenantId tenant_id,
                                       const PullJob& job) {
  if (!IsPulledModule(job.module))
    return InvalidArgument("module", "must be one of tariffs, locations, sessions, cdrs");
  Result<domain::Peer> found = db.peers().FindById(tenant_id, job.peer_id);
  if (!found) {
    Error error = std::move(found).error();
    if (error.code == ErrorCode::kNotFound) error.field = "peer_id";
    return error;
  }
  const domain::Peer peer = *std::move(found);
  ModulePullResult result{.module = job.module,
                          .pulled = false,
                          .date_from = std::nullopt,
                          .date_to = {},
                          .report = {},
                          .state = {}};
  std::optional<std::string> endpoint = SenderEndpoint(peer, job.module);
  if (!endpoint) return result;
  OPENMSP_ASSIGN_OR_RETURN(const domain::OutgoingCredentials credentials,
                           db.peers().FindOutgoingCredentials(tenant_id, peer.id));
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::PeerSyncState> states,
                           db.peers().ListSyncStates(tenant_id, peer.id));
  if (!job.full) {
    for (const domain::PeerSyncState& state : states) {
      if (state.module == job.module) result.date_from = state.date_from;
    }
  }
  if (!result.date_from && job.module == "sessions") result.date_from = kEarliestPull;
  result.pulled = true;
  result.date_to = tools.clock.Now();

  const PagedGet get{.endpoint_url = *std::move(endpoint),
                     .credentials = credentials,
                     .date_from = result.date_from,
                     .date_to = result.date_to};
  CdrPage cdrs(db, tools.cdrs, peer);
  const PageApplier apply = [&](const json::array& objects, std::int64_t index) -> Result<PageTally> {
    if (job.module == "locations") return ApplyLocations(db, peer, objects, index);
    if (job.module == "tariffs") return ApplyTariffs(db, peer, objects, index);
    if (job.module == "sessions") return ApplySessions(db, peer, objects, index);
    return cdrs.Apply(objects, index);
  };
  result.report = PullList(tools.client, tools.random, get, tools.limits, apply);

  domain::SyncOutcome outcome{
      .module = job.module, .succeeded = !result.report.error, .next_date_from = std::nullopt, .error = {}};
  if (result.report.error) {
    outcome.error = result.report.error->ToString();
  } else if (result.report.complete) {
    outcome.next_date_from = result.date_to - kPullOverlap;
  }
  OPENMSP_ASSIGN_OR_RETURN(result.state, db.peers().RecordSync(tenant_id, peer.id, outcome));
  if (cdrs.stored_any()) {
    OPENMSP_RETURN_IF_ERROR(
        domain::QueueRatingJob(db.jobs(), domain::kRateCdrsJob, tenant_id, tools.clock.Now()));
  }
  return result;
}

}  // namespace openmsp::emsp
