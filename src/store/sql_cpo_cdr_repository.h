#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/cpo_cdr.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The CPO CDR repository over either back end: reads what `StoreCpoCdrs` wrote.
class SqlCpoCdrRepository final : public domain::CpoCdrRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlCpoCdrRepository(SqlConnection& connection);

  /// As `domain::CpoCdrRepository` documents them.
  Result<domain::CpoCdr> FindById(domain::TenantId tenant_id, domain::CpoCdrId id) override;
  Result<domain::CpoCdr> FindByKey(domain::TenantId tenant_id, const PartyId& cpo,
                                   std::string_view cdr_id) override;
  Result<domain::CpoCdrPage> List(domain::TenantId tenant_id, const domain::CpoCdrQuery& query) override;
  Result<std::vector<domain::CpoCdrConflict>> ListConflicts(domain::TenantId tenant_id, const PartyId& cpo,
                                                            std::string_view cdr_id) override;
  Result<std::vector<domain::CpoCdr>> ListUnrated(domain::TenantId tenant_id, domain::CpoCdrId after,
                                                  int limit) override;

 private:
  SqlConnection& connection_;
};

/// A CDR ready to be written: validated (`domain::ValidateNewCpoCdr`), its body digested, stamped.
struct CpoCdrToStore {
  const domain::NewCpoCdr* cdr = nullptr;
  /// SHA-256 of `cdr->body`, 64 lower-case hex digits.
  std::string body_sha256;
  Instant received_at;
};

/// What `StoreCpoCdrs` did with a batch.
struct StoredCpoCdrs {
  /// One per CDR, in the order given.
  std::vector<Result<domain::CpoCdrReceipt>> outcomes;
  /// A transaction could not be begun or committed (every CDR it held failed): the connection may be
  /// broken, and the caller should open a new one.
  bool transaction_failed = false;
};

/// Writes `cdrs` in one transaction (the group commit of store::CpoCdrIngestor) and tells each one's
/// outcome, which is final only because the transaction committed:
///
/// - a new key: inserted, `kStored`;
/// - a key stored before (in an earlier transaction or earlier in this batch) with the same digest:
///   nothing written, `kDuplicate` with the stored id;
/// - the same key with another digest: refused with kConflict naming `id`; the refused body is recorded
///   in `cpo_cdr_conflicts` in the same transaction;
/// - a tenant that does not exist, or a unit that is not the tenant's: kNotFound naming `tenant_id` or
///   `organisation_unit_id`, without disturbing the others (the inserts are guarded, so no statement
///   fails and PostgreSQL's transaction stays usable).
///
/// Each CDR stored new that is not a credit and names a `session_id` links that session of its CPO to
/// it in the same transaction (`kLinkSessionToCdr`), so the session stops being live exactly when its CDR
/// is acknowledged; a CDR whose session we never received links nothing.
///
/// When a statement fails anyway (a constraint the guards do not foresee), the transaction is rolled
/// back and each CDR is written again in a transaction of its own, so one bad CDR never decides
/// another's outcome. When BEGIN or COMMIT fails, every CDR of that transaction fails with the error
/// (kUnavailable naming `database`): none of them was acknowledged. The statements go in three
/// `QueryBatch` calls (inserts, look-ups of the keys not inserted, conflict records), so PostgreSQL
/// sees a handful of round trips per transaction, not several per CDR.
StoredCpoCdrs StoreCpoCdrs(SqlConnection& connection, std::span<const CpoCdrToStore> cdrs);

}  // namespace openmsp::store
