#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "domain/cpo_cdr.h"
#include "domain/repositories.h"
#include "store/database_url.h"

namespace openmsp::store {

/// SHA-256 of `body` as 64 lower-case hex digits (libsodium): the digest stored with a CPO CDR.
std::string CpoCdrBodySha256(std::string_view body);

/// Tuning of a `CpoCdrIngestor`.
struct CpoCdrIngestorOptions {
  /// The most CDRs one transaction holds. Larger batches share an fsync among more CDRs but make each
  /// caller wait for more work ahead of it; 256 × ~2 KB keeps a PostgreSQL pipeline well inside the
  /// socket buffers (`SqlConnection::QueryBatch`).
  std::size_t max_batch_size = 256;
  /// The most CDRs waiting for the writer. Beyond it `Submit` refuses at once (kUnavailable naming
  /// `database`), so an overloaded database answers "retry later" instead of growing memory without bound.
  std::size_t max_waiting = 100'000;
};

/// Stores CPO CDRs durably with group commit: a caller is told its CDR's outcome only after the
/// transaction holding it committed (fsynced: SQLite in WAL with synchronous=FULL, PostgreSQL with
/// synchronous_commit), so an acknowledged CDR survives a crash of the process or the machine.
///
/// One writer thread owns the ingestor's own database connection. Callers on any thread `Submit` CDRs;
/// the writer takes everything waiting (up to `max_batch_size`) into one transaction
/// (store::StoreCpoCdrs), so N concurrent callers share one commit, and durability does not cost
/// throughput: while one transaction commits, the next batch gathers. Outcomes, per CDR:
///
/// - `kStored` (new) or `kDuplicate` (the same key and an identical body were stored before; nothing is
///   written), each with the stored CDR's id;
/// - kConflict naming `id`: the key is stored with another body; refused, and the refused body is
///   recorded (`CpoCdrRepository::ListConflicts`);
/// - kInvalidArgument naming the field, from `domain::ValidateNewCpoCdr`, before anything is queued;
/// - kNotFound naming `tenant_id` or `organisation_unit_id`;
/// - kUnavailable naming `database` when the transaction could not commit: none of its CDRs was stored,
///   the caller may retry (idempotent by key). The next batch opens a new connection.
///
/// One CDR's failure never decides another's outcome (see `StoreCpoCdrs`). Reading is not done here but
/// through `Repositories::cpo_cdrs()`, on another connection.
class CpoCdrIngestor {
 public:
  /// Receives a CDR's outcome. Called once, on the writer thread after the commit (or on the submitting
  /// thread when the CDR is refused before queueing). It should return quickly — the next batch waits for
  /// it —, must not throw, and must not wait for another CDR of this ingestor.
  using Completion = std::function<void(Result<domain::CpoCdrReceipt>)>;

  /// Connects to the migrated database `url` names (as `Repositories::Open`, and failing like it) and
  /// starts the writer. `clock` stamps `received_at` and must outlive the ingestor.
  static Result<std::unique_ptr<CpoCdrIngestor>> Open(const DatabaseUrl& url, const Clock& clock,
                                                      CpoCdrIngestorOptions options = {});

  /// Stops (as `Stop`).
  ~CpoCdrIngestor();
  CpoCdrIngestor(const CpoCdrIngestor&) = delete;
  CpoCdrIngestor& operator=(const CpoCdrIngestor&) = delete;

  /// Validates `cdr`, digests its body (SHA-256), stamps it with the clock and queues it; `done` receives
  /// the outcome once it is final. For the asynchronous HTTP server: nothing blocks. After `Stop`, or
  /// with `max_waiting` CDRs queued, `done` gets kUnavailable at once.
  void Submit(domain::NewCpoCdr cdr, Completion done);

  /// `Submit` and wait for the outcome: returns once the CDR is committed (or refused).
  Result<domain::CpoCdrReceipt> Ingest(domain::NewCpoCdr cdr);

  /// Finishes every CDR submitted so far (each gets its outcome), then stops the writer. Later
  /// submissions are refused. Idempotent and safe from several threads; called by the destructor.
  void Stop();

 private:
  struct State;

  explicit CpoCdrIngestor(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace openmsp::store
