#include "store/sql_audit_log.h"

#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::AuditActor;
using domain::AuditActorKind;
using domain::AuditCursor;
using domain::AuditEntry;
using domain::AuditPage;
using domain::NewAuditEntry;
using domain::TenantId;

Result<AuditEntry> EntryFromRow(const SqlRow& row) {
  AuditEntry entry;
  OPENMSP_ASSIGN_OR_RETURN(entry.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(entry.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(entry.actor.kind, ParseStored(domain::ParseAuditActorKind, row[2]));
  if (row[3]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t user, ParseInteger(row[3]));
    entry.actor.user_id = domain::UserId{user};
  }
  if (row[4]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t peer, ParseInteger(row[4]));
    entry.actor.peer_id = domain::PeerId{peer};
  }
  entry.actor.system = TextOf(row[5]);
  entry.action = TextOf(row[6]);
  entry.object_type = TextOf(row[7]);
  entry.object_id = TextOf(row[8]);
  entry.before = TextOf(row[9]);
  entry.after = TextOf(row[10]);
  entry.request_id = TextOf(row[11]);
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> recorded_at, ParseOptionalInstant(row[12]));
  if (!recorded_at) return Corrupt("audit entry " + std::to_string(entry.id.value) + " has no recorded_at");
  entry.recorded_at = *recorded_at;
  return entry;
}

}  // namespace

SqlAuditLog::SqlAuditLog(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<AuditEntry> SqlAuditLog::Append(TenantId tenant_id, const NewAuditEntry& entry) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewAuditEntry(entry));
  AuditEntry appended{.id = {},
                      .tenant_id = tenant_id,
                      .actor = entry.actor,
                      .action = entry.action,
                      .object_type = entry.object_type,
                      .object_id = entry.object_id,
                      .before = entry.before,
                      .after = entry.after,
                      .request_id = entry.request_id,
                      .recorded_at = clock_.Now()};
  return InTransaction(connection_, [&]() -> Result<AuditEntry> {
    const SqlParam tenant_params[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> tenants,
                             connection_.Query("SELECT id FROM tenants WHERE id = $1", tenant_params));
    if (tenants.empty()) return NotFound("tenant_id", "no such tenant");
    const AuditActor& actor = entry.actor;
    if (actor.kind != AuditActorKind::kSystem) {
      const bool user = actor.kind == AuditActorKind::kUser;
      const SqlParam actor_params[] = {tenant_id.value, user ? actor.user_id->value : actor.peer_id->value};
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> actors,
          connection_.Query(user ? "SELECT id FROM users WHERE tenant_id = $1 AND id = $2"
                                 : "SELECT id FROM ocpi_peers WHERE tenant_id = $1 AND id = $2",
                            actor_params));
      if (actors.empty()) return NotFound("actor", user ? "no such user" : "no such peer");
    }
    const SqlParam params[] = {tenant_id.value,
                               std::string(domain::AuditActorKindName(actor.kind)),
                               actor.user_id ? SqlParam(actor.user_id->value) : SqlParam(nullptr),
                               actor.peer_id ? SqlParam(actor.peer_id->value) : SqlParam(nullptr),
                               OptionalText(actor.system),
                               entry.action,
                               entry.object_type,
                               entry.object_id,
                               OptionalText(entry.before),
                               OptionalText(entry.after),
                               OptionalText(entry.request_id),
                               InstantParam(appended.recorded_at)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query(
            "INSERT INTO audit_entries (tenant_id, actor_kind, actor_user_id, actor_peer_id, "
            "actor_system, action, object_type, object_id, before_json, after_json, request_id, "
            "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            params));
    if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(appended.id.value, ParseInteger(inserted.front()[0]));
    return appended;
  });
}

Result<AuditPage> SqlAuditLog::List(TenantId tenant_id, const domain::AuditFilter& filter, std::size_t limit,
                                    const std::optional<AuditCursor>& after) {
  if (limit < 1 || limit > domain::kMaxAuditPageSize) {
    return InvalidArgument("limit", "must be 1 to " + std::to_string(domain::kMaxAuditPageSize));
  }
  std::string sql =
      "SELECT id, tenant_id, actor_kind, actor_user_id, actor_peer_id, actor_system, action, object_type, "
      "object_id, before_json, after_json, request_id, " +
      InstantColumn(connection_.dialect(), "recorded_at") + " FROM audit_entries WHERE tenant_id = $1";
  std::vector<SqlParam> params = {tenant_id.value};
  const auto condition = [&](std::string_view text, SqlParam value) {
    params.push_back(std::move(value));
    sql += " AND " + std::string(text) + " $" + std::to_string(params.size());
  };
  if (filter.action && filter.action->ends_with('.')) {
    // A prefix by range, not LIKE (whose `_` is a wildcard): actions are `a-z0-9._-`, all below '~'.
    condition("action >=", *filter.action);
    condition("action <", *filter.action + "~");
  } else if (filter.action) {
    condition("action =", *filter.action);
  }
  if (filter.object_type) condition("object_type =", *filter.object_type);
  if (filter.object_id) condition("object_id =", *filter.object_id);
  if (filter.actor_user) condition("actor_user_id =", filter.actor_user->value);
  if (filter.from) condition("recorded_at >=", InstantParam(*filter.from));
  if (filter.to) condition("recorded_at <", InstantParam(*filter.to));
  if (after) {
    params.emplace_back(InstantParam(after->recorded_at));
    params.emplace_back(after->id.value);
    sql += " AND (recorded_at, id) < ($" + std::to_string(params.size() - 1) + ", $" +
           std::to_string(params.size()) + ")";
  }
  // One more than asked tells whether another page follows.
  params.emplace_back(static_cast<std::int64_t>(limit + 1));
  sql += " ORDER BY recorded_at DESC, id DESC LIMIT $" + std::to_string(params.size());
  Result<std::vector<SqlRow>> rows = connection_.Query(sql, params);
  if (!rows) return std::move(rows).error();
  AuditPage page;
  for (const SqlRow& row : *rows) {
    if (page.entries.size() == limit) {
      const AuditEntry& last = page.entries.back();
      page.next = AuditCursor{.recorded_at = last.recorded_at, .id = last.id};
      break;
    }
    OPENMSP_ASSIGN_OR_RETURN(AuditEntry entry, EntryFromRow(row));
    page.entries.push_back(std::move(entry));
  }
  return page;
}

}  // namespace openmsp::store
