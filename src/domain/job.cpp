#include "domain/job.h"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/json/value.hpp>

#include "core/ids/ocpi_string.h"
#include "core/json.h"

namespace openmsp::domain {
namespace {

constexpr std::array kStateNames = {std::pair{JobState::kQueued, std::string_view("queued")},
                                    std::pair{JobState::kRunning, std::string_view("running")},
                                    std::pair{JobState::kSucceeded, std::string_view("succeeded")},
                                    std::pair{JobState::kDead, std::string_view("dead")}};

bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsWordCharacter(char c) { return IsLetter(c) || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::string_view JobStateName(JobState state) {
  for (const auto& [candidate, name] : kStateNames) {
    if (candidate == state) return name;
  }
  return "";
}

Result<JobState> ParseJobState(std::string_view name) {
  for (const auto& [state, candidate] : kStateNames) {
    if (candidate == name) return state;
  }
  return InvalidArgument("", "'" + std::string(name) + "' is not a job state");
}

Result<void> ValidateJobKind(std::string_view kind) {
  if (kind.empty() || kind.size() > kMaxJobKindLength) {
    return InvalidArgument("", "must be 1 to 64 characters long, not " + std::to_string(kind.size()));
  }
  bool word_start = true;
  for (std::size_t i = 0; i < kind.size(); ++i) {
    char c = kind[i];
    if (word_start) {
      if (!IsLetter(c)) {
        return InvalidArgument("", "each dot-separated word must start with a letter a-z (position " +
                                       std::to_string(i + 1) + ")");
      }
      word_start = false;
    } else if (c == '.') {
      word_start = true;
    } else if (!IsWordCharacter(c)) {
      return InvalidArgument("", "may only contain a-z, 0-9, '_' and '.' (position " + std::to_string(i + 1) +
                                     ")");
    }
  }
  if (word_start) return InvalidArgument("", "must not end with '.'");
  return Ok();
}

Result<void> ValidateJobWorkerId(std::string_view worker_id) {
  if (worker_id.empty()) return InvalidArgument("worker_id", "must not be empty");
  if (Result<void> text = ValidateCiString(worker_id, kMaxJobWorkerIdLength); !text) {
    return text.error().Nested("worker_id");
  }
  return Ok();
}

Result<void> ValidateNewJob(const NewJob& job) {
  if (Result<void> kind = ValidateJobKind(job.kind); !kind) return kind.error().Nested("kind");
  if (job.payload.size() > kMaxJobPayloadBytes) {
    return InvalidArgument("payload", "must be at most 65536 bytes, not " + std::to_string(job.payload.size()));
  }
  Result<boost::json::value> payload = ParseJson(job.payload);
  if (!payload) {
    return InvalidArgument("payload", "is not valid JSON: " + payload.error().ToString());
  }
  if (!payload->is_object()) return InvalidArgument("payload", "must be a JSON object");
  if (Result<void> key = ValidateCiString(job.dedupe_key, kMaxJobDedupeKeyLength); !key) {
    return key.error().Nested("dedupe_key");
  }
  if (job.max_attempts < 1 || job.max_attempts > kMaxJobAttempts) {
    return InvalidArgument("max_attempts", "must be 1 to 100, not " + std::to_string(job.max_attempts));
  }
  if (job.run_at && (*job.run_at < kMinInstant || *job.run_at > kMaxInstant)) {
    return InvalidArgument("run_at", "must be between the years 1 and 9999");
  }
  return Ok();
}

std::string NormaliseJobError(std::string_view error) {
  std::string text;
  text.reserve(std::min(error.size(), kMaxJobErrorBytes));
  std::size_t i = 0;
  while (i < error.size()) {
    auto byte = static_cast<unsigned char>(error[i]);
    std::size_t length = 1;
    if (byte >= 0xF0) {
      length = 4;
    } else if (byte >= 0xE0) {
      length = 3;
    } else if (byte >= 0xC0) {
      length = 2;
    }
    std::string_view piece;
    if (byte < 0x20 || byte == 0x7F) {
      piece = " ";
    } else if (byte < 0x80) {
      piece = error.substr(i, 1);
    } else if (i + length <= error.size() && ValidateOcpiString(error.substr(i, length), 1).ok()) {
      piece = error.substr(i, length);
    } else {
      piece = "?";
      length = 1;
    }
    if (text.size() + piece.size() > kMaxJobErrorBytes) break;
    text += piece;
    i += length;
  }
  return text;
}

Duration JobRetryDelay(JobId id, int attempt, const JobBackoff& backoff) {
  // A cap beyond a century is taken as a century, so that nothing below can overflow.
  constexpr std::int64_t kLongestCap = std::chrono::milliseconds(std::chrono::years(100)).count();
  std::int64_t cap = std::clamp<std::int64_t>(backoff.cap.count(), 0, kLongestCap);
  std::int64_t delay = std::clamp<std::int64_t>(backoff.base.count(), 0, cap);
  for (int i = 1; i < attempt && delay < cap; ++i) delay = delay > cap / 2 ? cap : delay * 2;
  std::int64_t slot = id.value % 10;
  if (slot < 0) slot = -slot;
  return Duration(delay + delay / 100 * slot + (delay % 100) * slot / 100);
}

JobFailureOutcome OnJobFailure(const Job& job, Instant now, const JobBackoff& backoff) {
  if (job.attempts >= job.max_attempts) return JobFailureOutcome{JobState::kDead, now};
  Duration delay = JobRetryDelay(job.id, job.attempts, backoff);
  Instant run_at = now > kMaxInstant - delay ? kMaxInstant : now + delay;
  return JobFailureOutcome{JobState::kQueued, run_at};
}

}  // namespace openmsp::domain
