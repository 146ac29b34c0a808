#include "emsp/cdrs_module.h"

#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "core/json.h"
#include "domain/rating_job.h"
#include "emsp/object_owner.h"
#include "emsp/ocpi_cdr.h"

namespace openmsp::emsp {

// Queues the rating job of each tenant whose CDRs were stored, on a thread of its own: the ingestor's
// completions only mark the tenant, so its writer never waits for the job table.
class CdrsModule::RatingQueue {
 public:
  RatingQueue(OcpiContext& context, std::chrono::milliseconds interval)
      : context_(context), interval_(interval), thread_(&RatingQueue::Run, this) {}

  ~RatingQueue() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  void Stored(domain::TenantId tenant_id) {
    {
      std::lock_guard lock(mutex_);
      pending_.insert(tenant_id);
    }
    changed_.notify_all();
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      std::set<domain::TenantId> tenants = std::exchange(pending_, {});
      const bool stopping = stop_;
      lock.unlock();
      for (const domain::TenantId tenant_id : tenants) Queue(tenant_id);
      lock.lock();
      if (stopping && pending_.empty()) return;
      changed_.wait_for(lock, interval_, [this] { return stop_; });
    }
  }

  void Queue(domain::TenantId tenant_id) {
    Result<void> queued = [&]() -> Result<void> {
      OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context_.pool.Borrow());
      Result<void> done = domain::QueueRatingJob(db->jobs(), domain::kRateCdrsJob, tenant_id, context_.clock.Now());
      if (!done && done.error().code == ErrorCode::kUnavailable) db.Discard();
      return done;
    }();
    // The sweep queues it again within its interval (docs/rating.md): a lost queueing only delays rating.
    if (!queued) std::cerr << "openmsp: cdrs: queueing rating: " + queued.error().ToString() + "\n";
  }

  OcpiContext& context_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<domain::TenantId> pending_;
  bool stop_ = false;
  std::thread thread_;
};

namespace {

std::string CdrUrl(const OcpiContext& context, domain::CpoCdrId id) {
  return context.VersionUrl() + "/cdrs/" + std::to_string(id.value);
}

// The CDR of a POST, with the checks that need the database: the party is the caller's, the token's unit.
Result<domain::NewCpoCdr> ReceivedCdr(OcpiContext& context, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(domain::NewCpoCdr cdr, CpoCdrFromOcpiJson(request.http.body, request.caller.tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
  Result<void> checked = [&]() -> Result<void> {
    if (Result<void> own = CheckSendingParty(*db, request, cdr.cpo); !own) {
      if (own.error().code != ErrorCode::kNotFound) return own.error();
      return InvalidArgument("party_id", own.error().message + "; a CPO sends only its own CDRs");
    }
    OPENMSP_ASSIGN_OR_RETURN(const std::optional<domain::SessionCustomer> customer,
                             db->tokens().FindCustomer(cdr.tenant_id, cdr.token_uid, cdr.token_type));
    if (customer) cdr.organisation_unit_id = customer->organisation_unit_id;
    return Ok();
  }();
  if (!checked) {
    if (checked.error().code == ErrorCode::kUnavailable) db.Discard();
    return checked.error();
  }
  return cdr;
}

Result<domain::CpoCdrId> CdrIdOf(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Error{ErrorCode::kNotFound, "id", "there is no CDR with this id"};
  }
  return domain::CpoCdrId{value};
}

Result<OcpiReply> StoredCdr(OcpiContext& context, const OcpiRequest& request) {
  const Error not_found{ErrorCode::kNotFound, "id", "there is no CDR with this id"};
  OPENMSP_ASSIGN_OR_RETURN(const domain::CpoCdrId id, CdrIdOf(request.http.PathParameterValue("id").value_or("")));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
  Result<domain::CpoCdr> cdr = db->cpo_cdrs().FindById(request.caller.tenant_id, id);
  if (!cdr) {
    if (cdr.error().code == ErrorCode::kNotFound) return not_found;
    if (cdr.error().code == ErrorCode::kUnavailable) db.Discard();
    return cdr.error();
  }
  // Another CPO's CDR of the same tenant answers exactly like a missing one.
  if (Result<void> own = CheckSendingParty(*db, request, cdr->cpo); !own) {
    return own.error().code == ErrorCode::kNotFound ? not_found : own.error();
  }
  Result<boost::json::value> body = ParseJson(cdr->body);
  if (!body) return Error{ErrorCode::kInternal, "body", "the stored CDR does not read back: " + body.error().ToString()};
  return OcpiReply{.data = std::move(*body), .http_status = 200, .headers = {}};
}

}  // namespace

CdrsModule::CdrsModule(OcpiEndpoints& endpoints, store::CpoCdrIngestor& ingestor, CdrsModuleOptions options)
    : ingestor_(ingestor),
      rating_(std::make_unique<RatingQueue>(endpoints.context(), options.rating_queue_interval)) {
  OcpiContext& context = endpoints.context();
  RatingQueue* rating = rating_.get();
  endpoints.AddAsync(
      "POST", "/ocpi/2.2.1/cdrs", OcpiAccess::kConnected,
      [&context, &ingestor, rating](OcpiRequest request, std::function<void(Result<OcpiReply>)> done) {
        Result<domain::NewCpoCdr> cdr = ReceivedCdr(context, request);
        if (!cdr) return done(cdr.error());
        const domain::TenantId tenant_id = cdr->tenant_id;
        ingestor.Submit(std::move(*cdr), [&context, rating, tenant_id, done = std::move(done)](
                                             Result<domain::CpoCdrReceipt> receipt) {
          if (!receipt) return done(receipt.error());
          const bool stored = receipt->outcome == domain::CpoCdrIngestion::kStored;
          if (stored) rating->Stored(tenant_id);
          OcpiReply reply{.data = nullptr, .http_status = stored ? 201 : 200, .headers = {}};
          reply.headers.Set("Location", CdrUrl(context, receipt->id));
          done(std::move(reply));
        });
      });
  endpoints.Add("GET", "/ocpi/2.2.1/cdrs/{id}", OcpiAccess::kConnected,
                [&context](const OcpiRequest& request) { return StoredCdr(context, request); });
}

CdrsModule::~CdrsModule() {
  ingestor_.Stop();  // every CDR in flight gets its answer, and marks its tenant, before the queue stops
  rating_.reset();
}

std::unique_ptr<CdrsModule> RegisterCdrsModule(OcpiEndpoints& endpoints, store::CpoCdrIngestor& ingestor) {
  return std::make_unique<CdrsModule>(endpoints, ingestor);
}

}  // namespace openmsp::emsp
