#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The OCPI command repository over either back end: one `ocpi_commands` row per command sent, with the
/// CPO's answer and result beside the request. Each state change is one conditional UPDATE, so the answer
/// to a command and its result (which a quick CPO may POST before its answer is read) never overwrite
/// each other.
class SqlCommandRepository final : public domain::CommandRepository {
 public:
  /// Uses `connection` and `clock` (stamps `requested_at`, `answered_at`, `result_at`), which must outlive
  /// the repository.
  SqlCommandRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::CommandRepository` documents them.
  Result<domain::Command> Create(domain::TenantId tenant_id, const domain::NewCommand& command) override;
  Result<domain::Command> FindById(domain::TenantId tenant_id, domain::CommandId id) override;
  Result<domain::Command> RecordResponse(domain::TenantId tenant_id, domain::CommandId id,
                                         const domain::CommandResponseRecord& response) override;
  Result<domain::RecordedResult> RecordResult(domain::TenantId tenant_id, domain::PeerId peer_id,
                                              domain::CommandType type, std::string_view uid,
                                              const domain::CommandResultRecord& result) override;
  Result<std::size_t> TimeOutOverdue(domain::TenantId tenant_id, Instant now) override;

 private:
  // The commands of `tenant_id` (always `$1`) matching `where`.
  Result<std::vector<domain::Command>> Load(std::string_view where, std::span<const SqlParam> params);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
