#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::store {

/// Connections (`Repositories`) shared by the threads of a server: a request handler borrows one for as
/// long as it needs it and gives it back when its `Lease` ends. At most `size` are open; they are opened
/// when first needed and kept. When every one is lent, a borrower waits, up to the wait it gives.
///
///     OPENMSP_ASSIGN_OR_RETURN(RepositoryPool::Lease db, pool.Borrow());
///     OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, db->tenants().FindById(id));
///
/// Thread-safe. The pool must outlive its leases.
class RepositoryPool {
 public:
  /// A borrowed connection; returned to the pool when destroyed (or closed, after `Discard`).
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    Repositories& operator*() const { return *repositories_; }
    Repositories* operator->() const { return repositories_.get(); }

    /// Closes the connection instead of returning it: for a borrower that saw it fail (kUnavailable),
    /// so the next borrower gets a fresh one.
    void Discard() { discard_ = true; }

   private:
    friend class RepositoryPool;
    Lease(RepositoryPool* pool, std::unique_ptr<Repositories> repositories)
        : pool_(pool), repositories_(std::move(repositories)) {}

    RepositoryPool* pool_;
    std::unique_ptr<Repositories> repositories_;
    bool discard_ = false;
  };

  /// A pool of up to `size` (≥ 1) connections to the migrated database `url`; `clock` as for
  /// `Repositories::Open`, and must outlive the pool. Opens nothing yet.
  RepositoryPool(DatabaseUrl url, const Clock& clock, std::size_t size);
  RepositoryPool(const RepositoryPool&) = delete;
  RepositoryPool& operator=(const RepositoryPool&) = delete;

  /// An idle connection, a new one while fewer than `size` are open, or the first one returned within
  /// `wait`. kUnavailable naming `database` when none came in time or a new one could not be opened
  /// (as `Repositories::Open` fails).
  Result<Lease> Borrow(std::chrono::milliseconds wait = std::chrono::seconds(5));

  /// Runs `work(repositories)` on a borrowed connection (waiting as `Borrow` does) and answers its
  /// `Result`, or the borrow's error. A connection whose work failed with kUnavailable is closed instead
  /// of returned: it may be the connection that broke.
  template <class Work>
  auto With(Work work) -> decltype(work(std::declval<Repositories&>())) {
    OPENMSP_ASSIGN_OR_RETURN(Lease db, Borrow());
    auto result = work(*db);
    if (!result && result.error().code == ErrorCode::kUnavailable) db.Discard();
    return result;
  }

 private:
  void Return(std::unique_ptr<Repositories> repositories, bool discard);

  const DatabaseUrl url_;
  const Clock& clock_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Repositories>> idle_;
  std::size_t open_ = 0;
};

}  // namespace openmsp::store
