#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/clock.h"
#include "core/time.h"

namespace openmsp::emsp {

/// What the hot OCPI paths read from the database once and then remember for a short `lifetime`, by a
/// string key: the peer behind an `Authorization` value (`OcpiEndpoints`), a token a CPO asks to
/// authorize (the tokens module). Whoever changes such a thing in this process forgets it (`Forget`,
/// `ForgetAll`); a change made by another process is seen once `lifetime` is over.
///
/// Thread-safe. A read that raced with a forget must not be remembered afterwards: take the generation
/// `Find` hands back before reading the database and pass it to `Remember`, which ignores the value when
/// anything was forgotten in between. When `capacity` values are remembered, everything is forgotten
/// first (the simplest bound; the lifetimes are seconds). A lifetime of zero remembers nothing.
template <class Value>
class Remembered {
 public:
  /// Counts forgets: see the class comment.
  using Generation = std::uint64_t;

  /// `clock` must outlive this.
  Remembered(const Clock& clock, std::chrono::milliseconds lifetime, std::size_t capacity)
      : clock_(clock), lifetime_(lifetime), capacity_(capacity) {}

  /// The value remembered under `key` less than `lifetime` ago, if any, and the generation to remember
  /// a newly read one with.
  std::optional<Value> Find(std::string_view key, Generation& generation) const {
    std::shared_lock lock(mutex_);
    generation = generation_;
    const auto found = values_.find(key);
    if (found == values_.end() || clock_.Now() >= found->second.until) return std::nullopt;
    return found->second.value;
  }

  /// Remembers `value` under `key` for `lifetime`, unless something was forgotten since `Find` returned
  /// `generation`.
  void Remember(std::string key, Value value, Generation generation) {
    if (lifetime_.count() <= 0) return;
    const Instant until = clock_.Now() + lifetime_;
    std::unique_lock lock(mutex_);
    if (generation != generation_) return;
    if (values_.size() >= capacity_) values_.clear();
    values_.insert_or_assign(std::move(key), Entry{.value = std::move(value), .until = until});
  }

  /// Forgets the value under `key`.
  void Forget(std::string_view key) {
    std::unique_lock lock(mutex_);
    ++generation_;
    if (const auto found = values_.find(key); found != values_.end()) values_.erase(found);
  }

  /// Forgets everything.
  void ForgetAll() {
    std::unique_lock lock(mutex_);
    ++generation_;
    values_.clear();
  }

 private:
  struct Entry {
    Value value;
    Instant until;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  const Clock& clock_;
  const std::chrono::milliseconds lifetime_;
  const std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  Generation generation_ = 0;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> values_;
};

}  // namespace openmsp::emsp
