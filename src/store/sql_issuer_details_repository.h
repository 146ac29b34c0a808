#pragma once

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The issuer details repository over either back end: one row per tenant that gave any in
/// `tenant_issuer_details` (docs/storage.md, "The issuer's legal details"); no row reads as all empty.
class SqlIssuerDetailsRepository final : public domain::IssuerDetailsRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlIssuerDetailsRepository(SqlConnection& connection);

  /// As `domain::IssuerDetailsRepository` documents them.
  Result<domain::IssuerDetails> Find(domain::TenantId tenant_id) override;
  Result<domain::IssuerDetails> Replace(domain::TenantId tenant_id, const domain::IssuerDetails& details) override;

 private:
  SqlConnection& connection_;
};

}  // namespace openmsp::store
