#include "store/sql_session_repository.h"

#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::CdrKey;
using domain::LiveSessionFilter;
using domain::Session;
using domain::SessionCursor;
using domain::SessionId;
using domain::SessionKey;
using domain::SessionPage;
using domain::StoredSession;
using domain::TenantId;
using domain::UpsertOutcome;

constexpr std::size_t kMaxPage = 100;
constexpr std::string_view kByKey =
    "s.country_code = $2 AND s.party_id = $3 AND upper(s.session_id) = upper($4)";
// The condition of the partial `sessions_live*` indexes, spelled as they are.
constexpr std::string_view kLive = "s.status IN ('ACTIVE', 'PENDING') AND s.cdr_id IS NULL";

std::vector<SqlParam> KeyParams(TenantId tenant_id, const SessionKey& key) {
  return {tenant_id.value, std::string(key.party.country_code()), std::string(key.party.party_id()),
          key.session_id};
}

std::string Columns(const SqlDialect& dialect) {
  return "s.id, s.tenant_id, s.country_code, s.party_id, s.session_id, " +
         InstantColumn(dialect, "s.start_date_time") + ", " + InstantColumn(dialect, "s.end_date_time") +
         ", s.kwh, s.token_country_code, s.token_party_id, s.token_uid, s.token_type, s.token_contract_id, "
         "s.auth_method, s.authorization_reference, s.location_id, s.evse_uid, s.connector_id, s.meter_id, "
         "s.currency, s.total_cost_excl_vat, s.total_cost_incl_vat, s.status, " +
         InstantColumn(dialect, "s.last_updated") +
         ", s.raw_json, s.token_id, s.profile_id, s.organisation_unit_id, s.cdr_country_code, s.cdr_party_id, "
         "s.cdr_id";
}

Result<StoredSession> SessionFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, ParseParty(row[2], row[3]));
  OPENMSP_ASSIGN_OR_RETURN(PartyId token_party, ParseParty(row[8], row[9]));
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenType token_type, ParseStored(domain::ParseTokenType, row[11]));
  StoredSession stored{
      .id = SessionId{id},
      .tenant_id = TenantId{tenant_id},
      .session = Session{.key = {.party = party, .session_id = TextOf(row[4])},
                         .start_date_time = {},
                         .end_date_time = {},
                         .kwh = {},
                         .cdr_token = {.party = token_party,
                                       .uid = TextOf(row[10]),
                                       .type = token_type,
                                       .contract_id = TextOf(row[12])},
                         .auth_method = {},
                         .authorization_reference = TextOf(row[14]),
                         .location_id = TextOf(row[15]),
                         .evse_uid = TextOf(row[16]),
                         .connector_id = TextOf(row[17]),
                         .meter_id = TextOf(row[18]),
                         .currency = TextOf(row[19]),
                         .total_cost = {},
                         .status = {},
                         .last_updated = {},
                         .raw_json = TextOf(row[24]),
                         .customer = {}},
      .cdr = {}};
  Session& session = stored.session;
  OPENMSP_ASSIGN_OR_RETURN(session.start_date_time, ParseRequiredInstant(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(session.end_date_time, ParseOptionalInstant(row[6]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> kwh, ParseOptionalDecimal(row[7]));
  if (!kwh) return Corrupt("a session without kwh");
  session.kwh = *kwh;
  OPENMSP_ASSIGN_OR_RETURN(session.auth_method, ParseStored(domain::ParseAuthMethod, row[13]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> excl_vat, ParseOptionalDecimal(row[20]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> incl_vat, ParseOptionalDecimal(row[21]));
  if (excl_vat) session.total_cost = domain::OcpiPrice{.excl_vat = *excl_vat, .incl_vat = incl_vat};
  OPENMSP_ASSIGN_OR_RETURN(session.status, ParseStored(domain::ParseSessionStatus, row[22]));
  OPENMSP_ASSIGN_OR_RETURN(session.last_updated, ParseRequiredInstant(row[23]));
  if (row[25]) {
    domain::SessionCustomer customer;
    OPENMSP_ASSIGN_OR_RETURN(customer.token_id.value, ParseInteger(row[25]));
    OPENMSP_ASSIGN_OR_RETURN(customer.profile_id.value, ParseInteger(row[26]));
    OPENMSP_ASSIGN_OR_RETURN(customer.organisation_unit_id.value, ParseInteger(row[27]));
    session.customer = customer;
  }
  if (row[30]) {
    OPENMSP_ASSIGN_OR_RETURN(PartyId cdr_party, ParseParty(row[28], row[29]));
    stored.cdr = CdrKey{.party = cdr_party, .cdr_id = TextOf(row[30])};
  }
  return stored;
}

// `$5` … `$28` of an upsert: every stored field of `session` but its key.
std::vector<SqlParam> FieldParams(const Session& session) {
  const std::optional<domain::SessionCustomer>& customer = session.customer;
  return {InstantParam(session.start_date_time),
          OptionalInstant(session.end_date_time),
          session.kwh.ToString(),
          std::string(session.cdr_token.party.country_code()),
          std::string(session.cdr_token.party.party_id()),
          session.cdr_token.uid,
          std::string(domain::TokenTypeName(session.cdr_token.type)),
          session.cdr_token.contract_id,
          std::string(domain::AuthMethodName(session.auth_method)),
          OptionalText(session.authorization_reference),
          session.location_id,
          session.evse_uid,
          session.connector_id,
          OptionalText(session.meter_id),
          session.currency,
          session.total_cost ? SqlParam(session.total_cost->excl_vat.ToString()) : SqlParam(nullptr),
          session.total_cost ? DecimalParam(session.total_cost->incl_vat) : SqlParam(nullptr),
          std::string(domain::SessionStatusName(session.status)),
          InstantParam(session.last_updated),
          session.raw_json,
          customer ? SqlParam(customer->token_id.value) : SqlParam(nullptr),
          customer ? SqlParam(customer->profile_id.value) : SqlParam(nullptr),
          customer ? SqlParam(customer->organisation_unit_id.value) : SqlParam(nullptr)};
}

}  // namespace

SqlSessionRepository::SqlSessionRepository(SqlConnection& connection) : connection_(connection) {}

Result<std::vector<StoredSession>> SqlSessionRepository::Load(std::string_view prefix, std::string_view where,
                                                              std::span<const SqlParam> params,
                                                              std::string_view suffix) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query(std::string(prefix) + "SELECT " + Columns(connection_.dialect()) +
                                                 " FROM sessions s WHERE s.tenant_id = $1 AND " +
                                                 std::string(where) + std::string(suffix),
                                             params));
  std::vector<StoredSession> sessions;
  sessions.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(StoredSession session, SessionFromRow(row));
    sessions.push_back(std::move(session));
  }
  return sessions;
}

Result<void> SqlSessionRepository::CheckCustomer(TenantId tenant_id, const domain::SessionCustomer& customer) {
  const SqlParam params[] = {tenant_id.value, customer.token_id.value, customer.profile_id.value,
                             customer.organisation_unit_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT (SELECT COUNT(*) FROM tokens WHERE tenant_id = $1 AND id = $2), "
                        "(SELECT COUNT(*) FROM profiles WHERE tenant_id = $1 AND id = $3), "
                        "(SELECT COUNT(*) FROM organisation_units WHERE tenant_id = $1 AND id = $4)",
                        params));
  if (rows.size() != 1 || rows.front().size() != 3) return Corrupt("the customer check gave no row");
  constexpr std::string_view kFields[] = {"customer.token_id", "customer.profile_id",
                                          "customer.organisation_unit_id"};
  for (std::size_t i = 0; i < 3; ++i) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t count, ParseInteger(rows.front()[i]));
    if (count == 0) return NotFound(std::string(kFields[i]), "not one of the tenant's");
  }
  return Ok();
}

Result<UpsertOutcome> SqlSessionRepository::Upsert(TenantId tenant_id, const Session& session) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateSession(session));
  if (session.customer) OPENMSP_RETURN_IF_ERROR(CheckCustomer(tenant_id, *session.customer));
  std::vector<SqlParam> params = KeyParams(tenant_id, session.key);
  std::vector<SqlParam> fields = FieldParams(session);
  params.insert(params.end(), fields.begin(), fields.end());

  // Twice at most: when a concurrent writer inserted the session between our UPDATE and our INSERT, the
  // second round updates its row (or finds it newer).
  for (int round = 0; round < 2; ++round) {
    // Applied only when the stored copy is not newer: `DecideUpsert` as one statement, so two concurrent
    // pushes cannot apply an older session over a newer one.
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> updated,
        connection_.Query(
            "UPDATE sessions SET session_id = $4, start_date_time = $5, end_date_time = $6, kwh = $7, "
            "token_country_code = $8, token_party_id = $9, token_uid = $10, token_type = $11, "
            "token_contract_id = $12, auth_method = $13, authorization_reference = $14, location_id = $15, "
            "evse_uid = $16, connector_id = $17, meter_id = $18, currency = $19, total_cost_excl_vat = $20, "
            "total_cost_incl_vat = $21, status = $22, last_updated = $23, raw_json = $24, token_id = $25, "
            "profile_id = $26, organisation_unit_id = $27 "
            "WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 AND upper(session_id) = upper($4) "
            "AND last_updated <= $23 RETURNING id",
            params));
    if (!updated.empty()) return UpsertOutcome::kReplaced;

    const SqlParam key_params[] = {params[0], params[1], params[2], params[3]};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> stored,
        connection_.Query("SELECT s.id FROM sessions s WHERE s.tenant_id = $1 AND " + std::string(kByKey),
                          key_params));
    if (!stored.empty()) return UpsertOutcome::kStale;

    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO sessions (tenant_id, country_code, party_id, session_id, start_date_time, end_date_time, "
        "kwh, token_country_code, token_party_id, token_uid, token_type, token_contract_id, auth_method, "
        "authorization_reference, location_id, evse_uid, connector_id, meter_id, currency, "
        "total_cost_excl_vat, total_cost_incl_vat, status, last_updated, raw_json, token_id, profile_id, "
        "organisation_unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)",
        params);
    if (inserted) return UpsertOutcome::kCreated;
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("tenant_id", "no such tenant");
    if (inserted.error().code != ErrorCode::kAlreadyExists) return inserted.error();
  }
  return Error{ErrorCode::kUnavailable, "database", "the session kept changing while it was stored; retry"};
}

Result<StoredSession> SqlSessionRepository::FindByKey(TenantId tenant_id, const SessionKey& key,
                                                      std::string_view lock) {
  std::vector<SqlParam> params = KeyParams(tenant_id, key);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredSession> found, Load("", kByKey, params, lock));
  if (found.empty()) return NotFound("session_id", "no such session");
  return std::move(found.front());
}

Result<StoredSession> SqlSessionRepository::Find(TenantId tenant_id, const SessionKey& key) {
  return FindByKey(tenant_id, key, "");
}

Result<StoredSession> SqlSessionRepository::FindForUpdate(TenantId tenant_id, const SessionKey& key) {
  return FindByKey(tenant_id, key, connection_.dialect().lock_rows);
}

Result<StoredSession> SqlSessionRepository::FindById(TenantId tenant_id, SessionId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredSession> found, Load("", "s.id = $2", params, ""));
  if (found.empty()) return NotFound("id", "no such session");
  return std::move(found.front());
}

Result<SessionPage> SqlSessionRepository::ListLive(TenantId tenant_id, const LiveSessionFilter& filter,
                                                   std::optional<SessionCursor> after, std::size_t limit) {
  if (limit == 0 || limit > kMaxPage) return InvalidArgument("limit", "must be 1 to 100");
  std::vector<SqlParam> params = {tenant_id.value};
  auto next = [&](SqlParam value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string prefix;
  std::string where(kLive);
  if (filter.organisation_unit) {
    const std::string unit = next(filter.organisation_unit->value);
    prefix = "WITH RECURSIVE tree (id) AS (SELECT id FROM organisation_units WHERE tenant_id = $1 AND id = " +
             unit +
             " UNION ALL SELECT child.id FROM organisation_units child JOIN tree ON child.parent_id = tree.id "
             "WHERE child.tenant_id = $1) ";
    where += " AND s.organisation_unit_id IN (SELECT id FROM tree)";
  }
  if (filter.profile) where += " AND s.profile_id = " + next(filter.profile->value);
  if (filter.token) where += " AND s.token_id = " + next(filter.token->value);
  if (after) {
    const std::string start = next(InstantParam(after->start_date_time));
    const std::string id = next(after->id.value);
    where += " AND (s.start_date_time < " + start + " OR (s.start_date_time = " + start + " AND s.id < " + id +
             "))";
  }
  // One more than asked, to know whether another page follows.
  const std::string suffix = " ORDER BY s.start_date_time DESC, s.id DESC LIMIT " +
                             next(static_cast<std::int64_t>(limit + 1));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredSession> sessions, Load(prefix, where, params, suffix));
  SessionPage page;
  if (sessions.size() > limit) {
    sessions.erase(sessions.begin() + static_cast<std::ptrdiff_t>(limit), sessions.end());
    page.next = SessionCursor{.start_date_time = sessions.back().session.start_date_time,
                              .id = sessions.back().id};
  }
  page.sessions = std::move(sessions);
  return page;
}

Result<void> SqlSessionRepository::LinkCdr(TenantId tenant_id, const SessionKey& key, const CdrKey& cdr) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateCdrKey(cdr));
  std::vector<SqlParam> params = KeyParams(tenant_id, key);
  params.insert(params.end(),
                {std::string(cdr.party.country_code()), std::string(cdr.party.party_id()), cdr.cdr_id});
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> updated,
      connection_.Query(kLinkSessionToCdr, params));
  if (updated.empty()) return NotFound("session_id", "no such session");
  return Ok();
}

}  // namespace openmsp::store
