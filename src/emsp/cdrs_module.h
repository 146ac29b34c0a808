#pragma once

#include <chrono>
#include <memory>

#include "emsp/ocpi_endpoints.h"
#include "store/cpo_cdr_ingestor.h"

namespace openmsp::emsp {

/// Tuning of the cdrs module.
struct CdrsModuleOptions {
  /// The shortest time between two rounds of queueing the rating job of the tenants whose CDRs arrived: a
  /// burst of CDRs costs a few job insertions, not one per CDR.
  std::chrono::milliseconds rating_queue_interval = std::chrono::milliseconds(100);
};

/// The OCPI 2.2.1 cdrs module, Receiver interface (ocpi-2.2.1-emsp.md §7), at `{VersionUrl}/cdrs`:
///
/// - `POST /ocpi/2.2.1/cdrs` (§7.1 C1): the CDR (`CpoCdrFromOcpiJson`; a fault is 2001 naming the field),
///   whose `country_code`/`party_id` must be one of the calling peer's roles (otherwise 2001 naming
///   `party_id`), goes to the `store::CpoCdrIngestor`; the answer waits for the group commit, so an
///   acknowledged CDR is durable. New: HTTP 201; the same CDR again (same key, identical body): 200 —
///   both with `Location: {VersionUrl}/cdrs/{our id}` (§18 pitfall 5). The same id with another body:
///   HTTP 409 with 2000 naming `id` (CDRs are immutable, §7.1; the refused body is kept for staff). Credit
///   CDRs (`credit: true`, a new id) are CDRs like any other. The organisation unit is resolved from the
///   CDR's token when the tenant knows it. Once stored, the tenant's rating job (`domain::kRateCdrsJob`)
///   is queued by a thread of the module, never by the ingestor's writer.
/// - `GET /ocpi/2.2.1/cdrs/{id}` (§7.1 C2): the stored CDR with our id `id`, to a peer of its tenant that
///   has the CDR's party among its roles; any other CDR, or an id that is not one, is 404.
///
/// The module owns the thread that queues rating jobs. Its destructor stops the ingestor first (every
/// CDR submitted gets its answer), then that thread.
class CdrsModule {
 public:
  /// Adds the endpoints to `endpoints`. `ingestor` must outlive the module.
  CdrsModule(OcpiEndpoints& endpoints, store::CpoCdrIngestor& ingestor, CdrsModuleOptions options = {});
  ~CdrsModule();
  CdrsModule(const CdrsModule&) = delete;
  CdrsModule& operator=(const CdrsModule&) = delete;

 private:
  class RatingQueue;

  store::CpoCdrIngestor& ingestor_;
  std::unique_ptr<RatingQueue> rating_;
};

/// The one line of `openmsp serve`: the cdrs module on `endpoints`, storing through `ingestor`. Keep the
/// result for as long as the server runs.
std::unique_ptr<CdrsModule> RegisterCdrsModule(OcpiEndpoints& endpoints, store::CpoCdrIngestor& ingestor);

}  // namespace openmsp::emsp
