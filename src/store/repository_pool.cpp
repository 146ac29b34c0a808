#include "store/repository_pool.h"

#include <utility>

namespace openmsp::store {

RepositoryPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), repositories_(std::move(other.repositories_)), discard_(other.discard_) {}

RepositoryPool::Lease::~Lease() {
  if (repositories_) pool_->Return(std::move(repositories_), discard_);
}

RepositoryPool::RepositoryPool(DatabaseUrl url, const Clock& clock, std::size_t size)
    : url_(std::move(url)), clock_(clock), size_(size < 1 ? 1 : size) {}

Result<RepositoryPool::Lease> RepositoryPool::Borrow(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  const bool available = returned_.wait_for(lock, wait, [this] { return !idle_.empty() || open_ < size_; });
  if (!available) {
    return Error{ErrorCode::kUnavailable, "database",
                 "all " + std::to_string(size_) + " connections stayed busy for " +
                     std::to_string(wait.count()) + " ms"};
  }
  if (!idle_.empty()) {
    std::unique_ptr<Repositories> repositories = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(repositories));
  }
  ++open_;  // reserved while opening outside the lock
  lock.unlock();
  Result<Repositories> opened = Repositories::Open(url_, clock_);
  if (!opened) {
    Return(nullptr, true);
    return opened.error();
  }
  return Lease(this, std::make_unique<Repositories>(std::move(*opened)));
}

void RepositoryPool::Return(std::unique_ptr<Repositories> repositories, bool discard) {
  {
    std::lock_guard lock(mutex_);
    if (discard || !repositories) {
      --open_;
    } else {
      idle_.push_back(std::move(repositories));
    }
  }
  returned_.notify_one();
}

}  // namespace openmsp::store
