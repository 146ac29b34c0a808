#include "store/cpo_cdr_ingestor.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"

namespace openmsp::store {
namespace {

Error Unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, "database", std::move(message)};
}

struct Waiting {
  domain::NewCpoCdr cdr;
  std::string body_sha256;
  Instant received_at;
  CpoCdrIngestor::Completion done;
};

}  // namespace

std::string CpoCdrBodySha256(std::string_view body) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(body.data()), body.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

struct CpoCdrIngestor::State {
  State(DatabaseUrl database_url, const Clock& ingest_clock, CpoCdrIngestorOptions ingest_options,
        std::unique_ptr<SqlConnection> sql)
      : url(std::move(database_url)),
        clock(ingest_clock),
        options(ingest_options),
        connection(std::move(sql)) {}

  // The writer thread: one transaction per round, with everything waiting (up to max_batch_size).
  void Run() {
    std::vector<Waiting> batch;
    while (true) {
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [this] { return !waiting.empty() || stopping; });
        if (waiting.empty()) return;
        std::size_t count = std::min(waiting.size(), options.max_batch_size);
        for (std::size_t i = 0; i < count; ++i) {
          batch.push_back(std::move(waiting.front()));
          waiting.pop_front();
        }
      }
      std::vector<Result<domain::CpoCdrReceipt>> outcomes = Write(batch);
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(outcomes[i]));
      batch.clear();
    }
  }

  std::vector<Result<domain::CpoCdrReceipt>> Write(const std::vector<Waiting>& batch) {
    if (connection == nullptr) {
      Result<std::unique_ptr<SqlConnection>> reopened = OpenSqlConnection(url);
      if (!reopened) return std::vector<Result<domain::CpoCdrReceipt>>(batch.size(), reopened.error());
      connection = *std::move(reopened);
    }
    std::vector<CpoCdrToStore> items;
    items.reserve(batch.size());
    for (const Waiting& entry : batch) {
      items.push_back(CpoCdrToStore{
          .cdr = &entry.cdr, .body_sha256 = entry.body_sha256, .received_at = entry.received_at});
    }
    StoredCpoCdrs stored = StoreCpoCdrs(*connection, items);
    if (stored.transaction_failed) connection.reset();
    return std::move(stored.outcomes);
  }

  const DatabaseUrl url;
  const Clock& clock;
  const CpoCdrIngestorOptions options;
  std::unique_ptr<SqlConnection> connection;  // the writer thread's alone

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Waiting> waiting;  // guarded by mutex
  bool stopping = false;        // guarded by mutex
  std::thread writer;
  std::once_flag joined;
};

CpoCdrIngestor::CpoCdrIngestor(std::unique_ptr<State> state) : state_(std::move(state)) {}

CpoCdrIngestor::~CpoCdrIngestor() { Stop(); }

Result<std::unique_ptr<CpoCdrIngestor>> CpoCdrIngestor::Open(const DatabaseUrl& url, const Clock& clock,
                                                             CpoCdrIngestorOptions options) {
  if (sodium_init() < 0) return Error{ErrorCode::kInternal, "", "libsodium cannot be initialised"};
  options.max_batch_size = std::max<std::size_t>(options.max_batch_size, 1);
  OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> connection, OpenSqlConnection(url));
  auto state = std::make_unique<State>(url, clock, options, std::move(connection));
  State* running = state.get();
  running->writer = std::thread([running] { running->Run(); });
  return std::unique_ptr<CpoCdrIngestor>(new CpoCdrIngestor(std::move(state)));
}

void CpoCdrIngestor::Submit(domain::NewCpoCdr cdr, Completion done) {
  if (Result<void> valid = domain::ValidateNewCpoCdr(cdr); !valid) {
    done(std::move(valid).error());
    return;
  }
  std::string digest = CpoCdrBodySha256(cdr.body);
  Instant received_at = state_->clock.Now();
  bool stopping = false;
  {
    std::lock_guard lock(state_->mutex);
    stopping = state_->stopping;
    if (!stopping && state_->waiting.size() < state_->options.max_waiting) {
      state_->waiting.push_back(Waiting{.cdr = std::move(cdr),
                                        .body_sha256 = std::move(digest),
                                        .received_at = received_at,
                                        .done = std::move(done)});
      state_->wake.notify_one();
      return;
    }
  }
  done(Unavailable(stopping ? "the CDR ingestor is stopping; try again"
                            : "too many CDRs are waiting to be stored; try again"));
}

Result<domain::CpoCdrReceipt> CpoCdrIngestor::Ingest(domain::NewCpoCdr cdr) {
  std::promise<Result<domain::CpoCdrReceipt>> promise;
  std::future<Result<domain::CpoCdrReceipt>> outcome = promise.get_future();
  Submit(std::move(cdr),
         [&promise](Result<domain::CpoCdrReceipt> result) { promise.set_value(std::move(result)); });
  return outcome.get();
}

void CpoCdrIngestor::Stop() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_one();
  std::call_once(state_->joined, [this] { state_->writer.join(); });
}

}  // namespace openmsp::store
