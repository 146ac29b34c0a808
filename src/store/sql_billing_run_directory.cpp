#include "store/sql_billing_run_directory.h"

#include <cstdint>
#include <string>

#include "store/sql_support.h"

namespace openmsp::store {

using domain::BillingPeriod;
using domain::BillingRunSummary;
using domain::TenantId;

SqlBillingRunDirectory::SqlBillingRunDirectory(SqlConnection& connection) : connection_(connection) {}

Result<std::vector<BillingRunSummary>> SqlBillingRunDirectory::Load(TenantId tenant_id, std::string_view where,
                                                                    std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  // The counts are correlated subqueries on the run's invoices (`UNIQUE (tenant_id, run_id, invoice_key)`
  // indexes them) and their lines (keyed by invoice): a few index lookups per run, never a scan.
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT r.id, r.period, " + InstantColumn(dialect, "r.started_at") + ", " +
              InstantColumn(dialect, "r.completed_at") +
              ", (SELECT count(*) FROM invoices i WHERE i.tenant_id = r.tenant_id AND i.run_id = r.id "
              "AND i.kind = 'INVOICE'), "
              "(SELECT count(*) FROM invoices i WHERE i.tenant_id = r.tenant_id AND i.run_id = r.id "
              "AND i.kind = 'CREDIT_NOTE'), "
              "(SELECT count(*) FROM invoices i JOIN invoice_lines l ON l.tenant_id = i.tenant_id "
              "AND l.invoice_id = i.id WHERE i.tenant_id = r.tenant_id AND i.run_id = r.id) "
              "FROM billing_runs r WHERE r.tenant_id = $1 AND " +
              std::string(where),
          params));
  std::vector<BillingRunSummary> runs;
  runs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    BillingRunSummary summary;
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    Result<BillingPeriod> period = domain::ParseBillingPeriod(TextOf(row[1]));
    if (!period) return Corrupt("billing run " + std::to_string(id) + " has the period '" + TextOf(row[1]) + "'");
    OPENMSP_ASSIGN_OR_RETURN(Instant started_at, ParseRequiredInstant(row[2]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> completed_at, ParseOptionalInstant(row[3]));
    summary.run = domain::BillingRun{domain::BillingRunId{id}, tenant_id, *period, started_at, completed_at};
    OPENMSP_ASSIGN_OR_RETURN(summary.invoices, ParseInteger(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(summary.credit_notes, ParseInteger(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(summary.sessions, ParseInteger(row[6]));
    runs.push_back(summary);
  }
  return runs;
}

Result<std::vector<BillingRunSummary>> SqlBillingRunDirectory::ListRuns(TenantId tenant_id, int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgument("limit", "must be 1 to 1000");
  // `YYYY-MM` sorts as text in time order.
  const SqlParam params[] = {tenant_id.value, std::int64_t{limit}};
  return Load(tenant_id, "1 = 1 ORDER BY r.period DESC LIMIT $2", params);
}

Result<std::optional<BillingRunSummary>> SqlBillingRunDirectory::FindRun(TenantId tenant_id, BillingPeriod period) {
  const SqlParam params[] = {tenant_id.value, domain::FormatBillingPeriod(period)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<BillingRunSummary> runs, Load(tenant_id, "r.period = $2", params));
  if (runs.empty()) return std::optional<BillingRunSummary>();
  return std::optional<BillingRunSummary>(runs.front());
}

}  // namespace openmsp::store
