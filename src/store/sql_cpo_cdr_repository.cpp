#include "store/sql_cpo_cdr_repository.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include "store/sql_session_repository.h"
#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::CpoCdr;
using domain::CpoCdrConflict;
using domain::CpoCdrCursor;
using domain::CpoCdrId;
using domain::CpoCdrIngestion;
using domain::CpoCdrPage;
using domain::CpoCdrQuery;
using domain::CpoCdrReceipt;
using domain::NewCpoCdr;
using domain::OrganisationUnitId;
using domain::TenantId;

constexpr std::string_view kColumns =
    "SELECT id, tenant_id, country_code, party_id, cdr_id, body, body_sha256, start_unix_ms, end_unix_ms, "
    "currency, total_cost_excl_vat, total_cost_incl_vat, total_energy, total_time, token_uid, token_type, "
    "contract_id, location_id, evse_uid, last_updated_unix_ms, organisation_unit_id, received_unix_ms "
    "FROM cpo_cdrs ";

constexpr std::string_view kKey =
    "tenant_id = $1 AND country_code = $2 AND party_id = $3 AND upper(cdr_id) = upper(CAST($4 AS TEXT))";

constexpr std::string_view kInsertColumns =
    "tenant_id, country_code, party_id, cdr_id, body, body_sha256, start_unix_ms, end_unix_ms, currency, "
    "total_cost_excl_vat, total_cost_incl_vat, total_energy, total_time, token_uid, token_type, contract_id, "
    "location_id, evse_uid, last_updated_unix_ms, organisation_unit_id, received_unix_ms";
constexpr std::size_t kInsertParams = 21;
// The types of the 21 parameters, for the CASTs PostgreSQL needs to type a VALUES list of parameters.
constexpr std::array<std::string_view, kInsertParams> kInsertTypes = {
    "BIGINT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "BIGINT", "TEXT",   "TEXT",  "TEXT",
    "TEXT",   "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT",   "BIGINT", "BIGINT", "BIGINT"};
// One statement inserts up to this many CDRs; a batch is cut into statements of 64, 32, …, 1 rows, so
// that each back end prepares at most seven texts.
constexpr std::size_t kMaxRowsPerInsert = 64;

// The insert of `rows` CDRs: one multi-row statement, because a statement's fixed cost (on PostgreSQL
// the executor's start and end, about as much as the row itself) is then paid once per 64 CDRs. Each
// row is guarded by the existence of its tenant and unit, so that an unknown one makes no row rather
// than a failed statement (which would abort a PostgreSQL transaction). VALUES names its columns
// column1, column2, … on both back ends. RETURNING gives the key and digest of each row made, so that
// the rows can be matched to the CDRs whatever order they come back in.
std::string InsertSql(std::size_t rows) {
  std::string sql = "INSERT INTO cpo_cdrs (" + std::string(kInsertColumns) + ") SELECT ";
  for (std::size_t c = 1; c <= kInsertParams; ++c)
    sql += (c > 1 ? ", v.column" : "v.column") + std::to_string(c);
  sql += " FROM (VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r > 0 ? ", (" : "(";
    for (std::size_t c = 0; c < kInsertParams; ++c) {
      sql += (c > 0 ? ", CAST($" : "CAST($") + std::to_string(r * kInsertParams + c + 1) + " AS " +
             std::string(kInsertTypes[c]) + ")";
    }
    sql += ")";
  }
  sql +=
      ") AS v WHERE EXISTS (SELECT 1 FROM tenants WHERE id = v.column1) AND (v.column20 IS NULL OR EXISTS "
      "(SELECT 1 FROM organisation_units WHERE tenant_id = v.column1 AND id = v.column20)) "
      "ON CONFLICT DO NOTHING RETURNING id, tenant_id, country_code, party_id, cdr_id, body_sha256";
  return sql;
}

// `InsertSql` for 1, 2, 4, … 64 rows, built once.
std::string_view InsertSqlFor(std::size_t rows) {
  static const std::array<std::string, 7> kTexts = [] {
    std::array<std::string, 7> texts;
    for (std::size_t k = 0; k < texts.size(); ++k) texts[k] = InsertSql(std::size_t{1} << k);
    return texts;
  }();
  std::size_t k = 0;
  while ((std::size_t{2} << k) <= rows && k + 1 < kTexts.size()) ++k;
  return kTexts[k];
}

constexpr std::string_view kFindStored =
    "SELECT id, body_sha256 FROM cpo_cdrs WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 "
    "AND upper(cdr_id) = upper(CAST($4 AS TEXT))";

constexpr std::string_view kWhyNotInserted =
    "SELECT (SELECT count(*) FROM tenants WHERE id = $1), "
    "(SELECT count(*) FROM organisation_units WHERE tenant_id = $1 AND id = $2)";

constexpr std::string_view kInsertConflict =
    "INSERT INTO cpo_cdr_conflicts (tenant_id, cpo_cdr_id, country_code, party_id, cdr_id, body, "
    "body_sha256, received_unix_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

constexpr std::string_view kPage =
    " AND start_unix_ms >= $2 AND start_unix_ms < $3 AND (start_unix_ms > $4 OR id > $5) "
    "ORDER BY start_unix_ms, id LIMIT $6";

constexpr std::string_view kConflictColumns =
    "SELECT id, tenant_id, cpo_cdr_id, country_code, party_id, cdr_id, body, body_sha256, received_unix_ms "
    "FROM cpo_cdr_conflicts WHERE ";

std::string Text(std::string_view text) { return std::string(text); }

SqlParam OptionalUnit(const std::optional<OrganisationUnitId>& unit) {
  return unit ? SqlParam(unit->value) : SqlParam(nullptr);
}

std::string Describe(const PartyId& cpo, std::string_view cdr_id) {
  return "the CDR '" + std::string(cdr_id) + "' of the CPO " + cpo.ToString();
}

Result<Instant> ParseUnixMilliseconds(const std::optional<std::string>& text) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t milliseconds, ParseInteger(text));
  return Instant::FromUnixMilliseconds(milliseconds);
}

Result<CpoCdr> CdrFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, ParseParty(row[2], row[3]));
  OPENMSP_ASSIGN_OR_RETURN(Instant start, ParseUnixMilliseconds(row[7]));
  OPENMSP_ASSIGN_OR_RETURN(Instant end, ParseUnixMilliseconds(row[8]));
  OPENMSP_ASSIGN_OR_RETURN(Currency currency, ParseStored(Currency::Find, row[9]));
  OPENMSP_ASSIGN_OR_RETURN(Decimal excl_vat, ParseDecimal(row[10]));
  std::optional<Decimal> incl_vat;
  if (row[11]) {
    OPENMSP_ASSIGN_OR_RETURN(incl_vat, ParseDecimal(row[11]));
  }
  OPENMSP_ASSIGN_OR_RETURN(Decimal energy, ParseDecimal(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(Decimal time, ParseDecimal(row[13]));
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenType token_type, ParseStored(domain::ParseTokenType, row[15]));
  OPENMSP_ASSIGN_OR_RETURN(Instant last_updated, ParseUnixMilliseconds(row[19]));
  std::optional<OrganisationUnitId> unit;
  if (row[20]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit_id, ParseInteger(row[20]));
    unit = OrganisationUnitId{unit_id};
  }
  OPENMSP_ASSIGN_OR_RETURN(Instant received_at, ParseUnixMilliseconds(row[21]));
  return CpoCdr{.id = CpoCdrId{id},
                .tenant_id = TenantId{tenant_id},
                .cpo = cpo,
                .cdr_id = TextOf(row[4]),
                .body = TextOf(row[5]),
                .body_sha256 = TextOf(row[6]),
                .start_date_time = start,
                .end_date_time = end,
                .currency = currency,
                .total_cost_excl_vat = excl_vat,
                .total_cost_incl_vat = incl_vat,
                .total_energy = energy,
                .total_time = time,
                .token_uid = TextOf(row[14]),
                .token_type = token_type,
                .contract_id = TextOf(row[16]),
                .location_id = TextOf(row[17]),
                .evse_uid = TextOf(row[18]),
                .last_updated = last_updated,
                .organisation_unit_id = unit,
                .received_at = received_at};
}

Result<CpoCdrConflict> ConflictFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t stored_id, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, ParseParty(row[3], row[4]));
  OPENMSP_ASSIGN_OR_RETURN(Instant received_at, ParseUnixMilliseconds(row[8]));
  return CpoCdrConflict{.id = id,
                        .tenant_id = TenantId{tenant_id},
                        .stored_cdr_id = CpoCdrId{stored_id},
                        .cpo = cpo,
                        .cdr_id = TextOf(row[5]),
                        .body = TextOf(row[6]),
                        .body_sha256 = TextOf(row[7]),
                        .received_at = received_at};
}

// The 21 parameters of one row of `InsertSql`.
std::array<SqlParam, kInsertParams> InsertParams(const CpoCdrToStore& item) {
  const NewCpoCdr& cdr = *item.cdr;
  return {cdr.tenant_id.value,
          Text(cdr.cpo.country_code()),
          Text(cdr.cpo.party_id()),
          cdr.cdr_id,
          cdr.body,
          item.body_sha256,
          cdr.start_date_time.UnixMilliseconds(),
          cdr.end_date_time.UnixMilliseconds(),
          Text(cdr.currency.code()),
          cdr.total_cost_excl_vat.ToString(),
          cdr.total_cost_incl_vat ? SqlParam(cdr.total_cost_incl_vat->ToString()) : SqlParam(nullptr),
          cdr.total_energy.ToString(),
          cdr.total_time.ToString(),
          cdr.token_uid,
          Text(domain::TokenTypeName(cdr.token_type)),
          cdr.contract_id,
          cdr.location_id,
          cdr.evse_uid,
          cdr.last_updated.UnixMilliseconds(),
          OptionalUnit(cdr.organisation_unit_id),
          item.received_at.UnixMilliseconds()};
}

std::array<SqlParam, 4> KeyParams(const NewCpoCdr& cdr) {
  return {cdr.tenant_id.value, Text(cdr.cpo.country_code()), Text(cdr.cpo.party_id()), cdr.cdr_id};
}

// Why a guarded insert made no row and no stored CDR has the key: the tenant or the unit is unknown.
Error NotInserted(SqlConnection& connection, const NewCpoCdr& cdr) {
  const SqlParam params[] = {cdr.tenant_id.value, OptionalUnit(cdr.organisation_unit_id)};
  Result<std::vector<SqlRow>> rows = connection.Query(kWhyNotInserted, params);
  if (!rows) return std::move(rows).error();
  if (rows->size() == 1 && rows->front()[0] == std::optional<std::string>("0")) {
    return NotFound("tenant_id", "there is no tenant " + std::to_string(cdr.tenant_id.value));
  }
  if (cdr.organisation_unit_id && rows->size() == 1 && rows->front()[1] == std::optional<std::string>("0")) {
    return NotFound("organisation_unit_id", "there is no organisation unit " +
                                                std::to_string(cdr.organisation_unit_id->value) +
                                                " in tenant " + std::to_string(cdr.tenant_id.value));
  }
  return Error{ErrorCode::kUnavailable, "database",
               Describe(cdr.cpo, cdr.cdr_id) + " was neither stored nor found; try again"};
}

// Where one attempt at a transaction failed.
enum class Failed { kNothing, kStatement, kTransaction };

struct Attempt {
  std::vector<Result<CpoCdrReceipt>> outcomes;
  Failed failed = Failed::kNothing;
  Error error;  // when failed
};

Attempt Fail(Failed where, Error error) { return Attempt{.outcomes = {}, .failed = where, .error = error}; }

Attempt StatementFailed(SqlConnection& connection, Error error) {
  (void)connection.Query("ROLLBACK", {});
  return Fail(Failed::kStatement, std::move(error));
}

// `QueryBatch`, without a round trip when there is nothing to run (the common case: all CDRs new).
Result<std::vector<std::vector<SqlRow>>> Run(SqlConnection& connection,
                                             std::span<const SqlStatement> statements) {
  if (statements.empty()) return std::vector<std::vector<SqlRow>>();
  return connection.QueryBatch(statements);
}

Attempt WriteInOneTransaction(SqlConnection& connection, std::span<const CpoCdrToStore> cdrs) {
  if (Result<std::vector<SqlRow>> begun = connection.Query(connection.dialect().begin, {}); !begun) {
    return Fail(Failed::kTransaction, std::move(begun).error());
  }
  // The parameters of every CDR, in order, cut into statements of 64, 32, …, 1 rows.
  std::vector<SqlParam> insert_params;
  insert_params.reserve(cdrs.size() * kInsertParams);
  for (const CpoCdrToStore& item : cdrs) {
    for (SqlParam& param : InsertParams(item)) insert_params.push_back(std::move(param));
  }
  std::vector<SqlStatement> inserts;
  std::vector<std::size_t> firsts;  // the first CDR of each statement
  for (std::size_t first = 0; first < cdrs.size();) {
    std::size_t rows = std::min(kMaxRowsPerInsert, cdrs.size() - first);
    std::size_t power = 1;
    while (power * 2 <= rows) power *= 2;
    inserts.push_back(SqlStatement{
        InsertSqlFor(power),
        std::span<const SqlParam>(insert_params).subspan(first * kInsertParams, power * kInsertParams)});
    firsts.push_back(first);
    first += power;
  }
  Result<std::vector<std::vector<SqlRow>>> inserted = connection.QueryBatch(inserts);
  if (!inserted) return StatementFailed(connection, std::move(inserted).error());

  // Which CDR each row made belongs to: the first of its statement with the same key and digest not yet
  // matched (two CDRs of one key in one batch make one row; the second is then a duplicate or a
  // conflict). Rows come back in the order of VALUES in practice, so the search starts after the last
  // match and rarely looks further.
  std::vector<Result<CpoCdrReceipt>> outcomes(cdrs.size(), Error{});
  std::vector<bool> matched(cdrs.size(), false);
  for (std::size_t statement = 0; statement < inserts.size(); ++statement) {
    std::size_t first = firsts[statement];
    std::size_t count = inserts[statement].params.size() / kInsertParams;
    std::size_t next = 0;
    for (const SqlRow& row : (*inserted)[statement]) {
      Result<std::int64_t> id = ParseInteger(row[0]);
      Result<std::int64_t> tenant_id = ParseInteger(row[1]);
      if (!id || !tenant_id) return StatementFailed(connection, Corrupt("INSERT … RETURNING gave no id"));
      std::optional<std::size_t> owner;
      for (std::size_t step = 0; step < count && !owner; ++step) {
        std::size_t i = first + (next + step) % count;
        const NewCpoCdr& cdr = *cdrs[i].cdr;
        if (!matched[i] && cdr.tenant_id.value == *tenant_id && row[4] == cdr.cdr_id &&
            row[5] == cdrs[i].body_sha256 && row[2] == Text(cdr.cpo.country_code()) &&
            row[3] == Text(cdr.cpo.party_id())) {
          owner = i;
        }
      }
      if (!owner) return StatementFailed(connection, Corrupt("INSERT … RETURNING gave a row of no CDR"));
      matched[*owner] = true;
      next = *owner - first + 1;
      outcomes[*owner] = CpoCdrReceipt{.id = CpoCdrId{*id}, .outcome = CpoCdrIngestion::kStored};
    }
  }
  std::vector<std::size_t> not_inserted;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    if (!matched[i]) not_inserted.push_back(i);
  }

  std::vector<std::array<SqlParam, 4>> key_params;
  key_params.reserve(not_inserted.size());
  std::vector<SqlStatement> lookups;
  for (std::size_t i : not_inserted) {
    key_params.push_back(KeyParams(*cdrs[i].cdr));
    lookups.push_back(SqlStatement{kFindStored, key_params.back()});
  }
  Result<std::vector<std::vector<SqlRow>>> found = Run(connection, lookups);
  if (!found) return StatementFailed(connection, std::move(found).error());

  std::vector<std::array<SqlParam, 8>> conflict_params;
  conflict_params.reserve(not_inserted.size());
  std::vector<SqlStatement> conflicts;
  for (std::size_t k = 0; k < not_inserted.size(); ++k) {
    std::size_t i = not_inserted[k];
    const NewCpoCdr& cdr = *cdrs[i].cdr;
    const std::vector<SqlRow>& rows = (*found)[k];
    if (rows.empty()) {
      outcomes[i] = NotInserted(connection, cdr);
      continue;
    }
    Result<std::int64_t> stored_id = ParseInteger(rows.front()[0]);
    if (!stored_id) return StatementFailed(connection, stored_id.error());
    if (rows.front()[1] == std::optional<std::string>(cdrs[i].body_sha256)) {
      outcomes[i] = CpoCdrReceipt{.id = CpoCdrId{*stored_id}, .outcome = CpoCdrIngestion::kDuplicate};
      continue;
    }
    outcomes[i] = Error{ErrorCode::kConflict, "id",
                        Describe(cdr.cpo, cdr.cdr_id) + " was received before with another body (stored as " +
                            std::to_string(*stored_id) +
                            "); CDRs cannot change, a correction is a credit CDR with a new id"};
    conflict_params.push_back({cdr.tenant_id.value, *stored_id, Text(cdr.cpo.country_code()),
                               Text(cdr.cpo.party_id()), cdr.cdr_id, cdr.body, cdrs[i].body_sha256,
                               cdrs[i].received_at.UnixMilliseconds()});
    conflicts.push_back(SqlStatement{kInsertConflict, conflict_params.back()});
  }
  Result<std::vector<std::vector<SqlRow>>> recorded = Run(connection, conflicts);
  if (!recorded) return StatementFailed(connection, std::move(recorded).error());

  // Each new CDR that is not a credit closes its session, when the CPO sent us that session.
  std::vector<std::array<SqlParam, 7>> link_params;
  link_params.reserve(cdrs.size());
  std::vector<SqlStatement> links;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    const NewCpoCdr& cdr = *cdrs[i].cdr;
    if (!outcomes[i] || outcomes[i]->outcome != CpoCdrIngestion::kStored || cdr.credit || cdr.session_id.empty()) {
      continue;
    }
    link_params.push_back({cdr.tenant_id.value, Text(cdr.cpo.country_code()), Text(cdr.cpo.party_id()),
                           cdr.session_id, Text(cdr.cpo.country_code()), Text(cdr.cpo.party_id()), cdr.cdr_id});
    links.push_back(SqlStatement{kLinkSessionToCdr, link_params.back()});
  }
  Result<std::vector<std::vector<SqlRow>>> linked = Run(connection, links);
  if (!linked) return StatementFailed(connection, std::move(linked).error());

  if (Result<std::vector<SqlRow>> committed = connection.Query("COMMIT", {}); !committed) {
    (void)connection.Query("ROLLBACK", {});
    return Fail(Failed::kTransaction, std::move(committed).error());
  }
  return Attempt{.outcomes = std::move(outcomes), .failed = Failed::kNothing, .error = {}};
}

}  // namespace

StoredCpoCdrs StoreCpoCdrs(SqlConnection& connection, std::span<const CpoCdrToStore> cdrs) {
  StoredCpoCdrs stored;
  if (cdrs.empty()) return stored;
  Attempt all = WriteInOneTransaction(connection, cdrs);
  if (all.failed == Failed::kNothing) {
    stored.outcomes = std::move(all.outcomes);
    return stored;
  }
  if (all.failed == Failed::kTransaction || cdrs.size() == 1) {
    stored.transaction_failed = all.failed == Failed::kTransaction;
    stored.outcomes.assign(cdrs.size(), Result<CpoCdrReceipt>(all.error));
    return stored;
  }
  // A statement failed: find out whose, each CDR in a transaction of its own.
  stored.outcomes.reserve(cdrs.size());
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    Attempt one = WriteInOneTransaction(connection, cdrs.subspan(i, 1));
    if (one.failed == Failed::kNothing) {
      stored.outcomes.push_back(std::move(one.outcomes.front()));
    } else {
      stored.transaction_failed = stored.transaction_failed || one.failed == Failed::kTransaction;
      stored.outcomes.emplace_back(std::move(one.error));
    }
  }
  return stored;
}

SqlCpoCdrRepository::SqlCpoCdrRepository(SqlConnection& connection) : connection_(connection) {}

Result<CpoCdr> SqlCpoCdrRepository::FindById(TenantId tenant_id, CpoCdrId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(std::string(kColumns) + "WHERE tenant_id = $1 AND id = $2", params));
  if (rows.empty()) return NotFound("id", "there is no CPO CDR " + std::to_string(id.value));
  return CdrFromRow(rows.front());
}

Result<std::vector<CpoCdr>> SqlCpoCdrRepository::ListUnrated(TenantId tenant_id, CpoCdrId after, int limit) {
  if (limit < 1 || limit > 1000)
    return InvalidArgument("limit", "must be 1 to 1000, not " + std::to_string(limit));
  const SqlParam params[] = {tenant_id.value, after.value, std::int64_t{limit}};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          std::string(kColumns) +
              "c WHERE c.tenant_id = $1 AND c.id > $2 AND NOT EXISTS "
              "(SELECT 1 FROM msp_cdrs m WHERE m.tenant_id = c.tenant_id AND m.cpo_cdr_id = c.id) "
              "ORDER BY c.id LIMIT $3",
          params));
  std::vector<CpoCdr> cdrs;
  cdrs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(CpoCdr cdr, CdrFromRow(row));
    cdrs.push_back(std::move(cdr));
  }
  return cdrs;
}

Result<CpoCdr> SqlCpoCdrRepository::FindByKey(TenantId tenant_id, const PartyId& cpo,
                                              std::string_view cdr_id) {
  const SqlParam params[] = {tenant_id.value, Text(cpo.country_code()), Text(cpo.party_id()), Text(cdr_id)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query(std::string(kColumns) + "WHERE " + std::string(kKey), params));
  if (rows.empty())
    return NotFound("id", "there is no CDR '" + std::string(cdr_id) + "' of the CPO " + cpo.ToString());
  return CdrFromRow(rows.front());
}

Result<CpoCdrPage> SqlCpoCdrRepository::List(TenantId tenant_id, const CpoCdrQuery& query) {
  if (query.limit < 1 || query.limit > CpoCdrQuery::kMaxLimit) {
    return InvalidArgument("limit", "must be 1 to " + std::to_string(CpoCdrQuery::kMaxLimit) + ", not " +
                                        std::to_string(query.limit));
  }
  if (query.from && query.to && *query.to <= *query.from) {
    return InvalidArgument("to", "must be after from");
  }
  constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
  std::int64_t from = query.from ? query.from->UnixMilliseconds() : kLowest;
  std::int64_t to = query.to ? query.to->UnixMilliseconds() : std::numeric_limits<std::int64_t>::max();
  std::int64_t after_start = query.after ? query.after->start_date_time.UnixMilliseconds() : kLowest;
  std::int64_t after_id = query.after ? query.after->id.value : kLowest;
  // Rows at the cursor's start but with a smaller id are skipped by the filter, not the index range.
  // Filled one by one: GCC 12 at -O2 warns (wrongly) about a braced list of variants here.
  std::vector<SqlParam> params;
  params.reserve(10);
  for (std::int64_t value : {tenant_id.value, std::max(from, after_start), to, after_start, after_id,
                             static_cast<std::int64_t>(query.limit) + 1}) {
    params.emplace_back(value);
  }
  std::string sql = std::string(kColumns) + "WHERE tenant_id = $1";
  auto next = [&](SqlParam value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (query.organisation_unit_id) sql += " AND organisation_unit_id = " + next(query.organisation_unit_id->value);
  if (query.organisation_unit_subtree) {
    sql += " AND organisation_unit_id IN (WITH RECURSIVE subtree (id) AS (SELECT id FROM organisation_units "
           "WHERE tenant_id = $1 AND id = " +
           next(query.organisation_unit_subtree->value) +
           " UNION ALL SELECT u.id FROM organisation_units u JOIN subtree s ON u.parent_id = s.id "
           "WHERE u.tenant_id = $1) SELECT id FROM subtree)";
  }
  if (query.cpo) {
    sql += " AND country_code = " + next(Text(query.cpo->country_code()));
    sql += " AND party_id = " + next(Text(query.cpo->party_id()));
  }
  sql += kPage;
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  CpoCdrPage page;
  page.cdrs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    if (page.cdrs.size() == static_cast<std::size_t>(query.limit)) {
      const CpoCdr& last = page.cdrs.back();
      page.next = CpoCdrCursor{.start_date_time = last.start_date_time, .id = last.id};
      break;
    }
    OPENMSP_ASSIGN_OR_RETURN(CpoCdr cdr, CdrFromRow(row));
    page.cdrs.push_back(std::move(cdr));
  }
  return page;
}

Result<std::vector<CpoCdrConflict>> SqlCpoCdrRepository::ListConflicts(TenantId tenant_id, const PartyId& cpo,
                                                                       std::string_view cdr_id) {
  const SqlParam params[] = {tenant_id.value, Text(cpo.country_code()), Text(cpo.party_id()), Text(cdr_id)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(std::string(kConflictColumns) + std::string(kKey) + " ORDER BY id", params));
  std::vector<CpoCdrConflict> conflicts;
  conflicts.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(CpoCdrConflict conflict, ConflictFromRow(row));
    conflicts.push_back(std::move(conflict));
  }
  return conflicts;
}

}  // namespace openmsp::store
