#include "store/sql_command_repository.h"

#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::Command;
using domain::CommandId;
using domain::CommandResponseRecord;
using domain::CommandResultRecord;
using domain::CommandState;
using domain::CommandType;
using domain::NewCommand;
using domain::PeerId;
using domain::RecordedResult;
using domain::ResultRecording;
using domain::TenantId;

std::string Columns(const SqlDialect& dialect) {
  return "c.id, c.tenant_id, c.peer_id, c.type, c.uid, c.cpo_country_code, c.cpo_party_id, c.request_body, "
         "c.authorization_reference, c.state, " +
         InstantColumn(dialect, "c.requested_at") + ", " + InstantColumn(dialect, "c.deadline") + ", " +
         InstantColumn(dialect, "c.answered_at") + ", c.timeout_seconds, c.response_message, c.result, " +
         InstantColumn(dialect, "c.result_at") + ", c.result_message, " + InstantColumn(dialect, "c.canceled_at");
}

Result<Command> CommandFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, ParseParty(row[5], row[6]));
  Command command{.id = {},
                  .tenant_id = {},
                  .peer_id = {},
                  .type = {},
                  .uid = TextOf(row[4]),
                  .cpo = cpo,
                  .request_body = TextOf(row[7]),
                  .authorization_reference = TextOf(row[8]),
                  .state = {},
                  .requested_at = {},
                  .deadline = {},
                  .answered_at = {},
                  .timeout_seconds = {},
                  .response_message = TextOf(row[14]),
                  .result = {},
                  .result_at = {},
                  .result_message = TextOf(row[17]),
                  .canceled_at = {}};
  OPENMSP_ASSIGN_OR_RETURN(command.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(command.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(command.peer_id.value, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(command.type, ParseStored(domain::ParseCommandType, row[3]));
  OPENMSP_ASSIGN_OR_RETURN(command.state, ParseStored(domain::ParseCommandState, row[9]));
  OPENMSP_ASSIGN_OR_RETURN(command.requested_at, ParseRequiredInstant(row[10]));
  OPENMSP_ASSIGN_OR_RETURN(command.deadline, ParseRequiredInstant(row[11]));
  OPENMSP_ASSIGN_OR_RETURN(command.answered_at, ParseOptionalInstant(row[12]));
  if (row[13]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t timeout, ParseInteger(row[13]));
    command.timeout_seconds = timeout;
  }
  if (row[15]) {
    OPENMSP_ASSIGN_OR_RETURN(command.result, ParseStored(domain::ParseCommandResultType, row[15]));
  }
  OPENMSP_ASSIGN_OR_RETURN(command.result_at, ParseOptionalInstant(row[16]));
  OPENMSP_ASSIGN_OR_RETURN(command.canceled_at, ParseOptionalInstant(row[18]));
  return command;
}

}  // namespace

SqlCommandRepository::SqlCommandRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<std::vector<Command>> SqlCommandRepository::Load(std::string_view where, std::span<const SqlParam> params) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT " + Columns(connection_.dialect()) +
                                                 " FROM ocpi_commands c WHERE c.tenant_id = $1 AND " +
                                                 std::string(where) + " ORDER BY c.id",
                                             params));
  std::vector<Command> commands;
  commands.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Command command, CommandFromRow(row));
    commands.push_back(std::move(command));
  }
  return commands;
}

Result<Command> SqlCommandRepository::Create(TenantId tenant_id, const NewCommand& command) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewCommand(command));
  const SqlParam params[] = {tenant_id.value,
                             command.peer_id.value,
                             std::string(domain::CommandTypeName(command.type)),
                             command.uid,
                             std::string(command.cpo.country_code()),
                             std::string(command.cpo.party_id()),
                             command.request_body,
                             OptionalText(command.authorization_reference),
                             InstantParam(clock_.Now()),
                             InstantParam(command.deadline)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO ocpi_commands (tenant_id, peer_id, type, uid, cpo_country_code, cpo_party_id, request_body, "
      "authorization_reference, state, requested_at, deadline, response_message, result_message) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested', $9, $10, '', '') RETURNING id",
      params);
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("peer_id", "not a peer of the tenant");
    if (inserted.error().code == ErrorCode::kAlreadyExists) {
      return Error{ErrorCode::kAlreadyExists, "uid", "the tenant has a command with this uid"};
    }
    return inserted.error();
  }
  if (inserted->size() != 1) return Corrupt("a command insert returned no id");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));
  return FindById(tenant_id, CommandId{id});
}

Result<Command> SqlCommandRepository::FindById(TenantId tenant_id, CommandId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Command> found, Load("c.id = $2", params));
  if (found.empty()) return NotFound("id", "no such command");
  return std::move(found.front());
}

Result<Command> SqlCommandRepository::RecordResponse(TenantId tenant_id, CommandId id,
                                                     const CommandResponseRecord& response) {
  OPENMSP_ASSIGN_OR_RETURN(CommandResponseRecord valid, domain::ValidateCommandResponse(response));
  const bool accepted = valid.state == CommandState::kAccepted;
  std::vector<SqlParam> params = {tenant_id.value,
                                  id.value,
                                  InstantParam(clock_.Now()),
                                  valid.timeout_seconds ? SqlParam(*valid.timeout_seconds) : SqlParam(nullptr),
                                  valid.message,
                                  std::string(domain::CommandStateName(valid.state))};
  if (accepted) params.push_back(InstantParam(valid.deadline));
  // Only a command still `requested` takes the answer's state: a result that came first has decided it.
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> updated,
      connection_.Query(std::string("UPDATE ocpi_commands SET answered_at = $3, timeout_seconds = $4, "
                                    "response_message = $5, ") +
                            (accepted ? "deadline = CASE WHEN state = 'requested' THEN $7 ELSE deadline END, " : "") +
                            "state = CASE WHEN state = 'requested' THEN $6 ELSE state END "
                            "WHERE tenant_id = $1 AND id = $2 AND answered_at IS NULL RETURNING id",
                        params));
  OPENMSP_ASSIGN_OR_RETURN(Command command, FindById(tenant_id, id));
  if (updated.empty()) {
    return Error{ErrorCode::kFailedPrecondition, "id", "the command's answer was recorded already"};
  }
  return command;
}

Result<RecordedResult> SqlCommandRepository::RecordResult(TenantId tenant_id, PeerId peer_id, CommandType type,
                                                          std::string_view uid,
                                                          const CommandResultRecord& result) {
  const CommandResultRecord valid = domain::NormaliseCommandResult(result);
  const SqlParam key[] = {tenant_id.value, peer_id.value, std::string(domain::CommandTypeName(type)),
                          std::string(uid)};
  constexpr std::string_view kByKey = "c.peer_id = $2 AND c.type = $3 AND c.uid = $4";
  std::vector<SqlParam> params(std::begin(key), std::end(key));
  params.insert(params.end(), {std::string(domain::CommandResultTypeName(valid.result)), InstantParam(clock_.Now()),
                               valid.message, std::string(domain::CommandStateName(domain::StateOfResult(valid.result)))});
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> recorded,
      connection_.Query("UPDATE ocpi_commands SET result = $5, result_at = $6, result_message = $7, state = $8 "
                        "WHERE tenant_id = $1 AND peer_id = $2 AND type = $3 AND uid = $4 AND result IS NULL "
                        "RETURNING id",
                        params));
  ResultRecording recording = ResultRecording::kIgnored;
  if (!recorded.empty()) {
    recording = ResultRecording::kRecorded;
  } else if (type == CommandType::kReserveNow &&
             valid.result == domain::CommandResultType::kCanceledReservation) {
    // OCPI M3: the CPO cancelled a reservation it had made, at the same response_url.
    const SqlParam cancel[] = {key[0], key[1], key[2], key[3], params[5]};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> canceled,
        connection_.Query("UPDATE ocpi_commands SET state = 'canceled', canceled_at = $5 "
                          "WHERE tenant_id = $1 AND peer_id = $2 AND type = $3 AND uid = $4 AND state = 'succeeded' "
                          "RETURNING id",
                          cancel));
    if (!canceled.empty()) recording = ResultRecording::kCanceled;
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Command> found, Load(kByKey, key));
  if (found.empty()) return NotFound("uid", "no such command of this peer");
  return RecordedResult{.recording = recording, .command = std::move(found.front())};
}

Result<std::size_t> SqlCommandRepository::TimeOutOverdue(TenantId tenant_id, Instant now) {
  const SqlParam params[] = {tenant_id.value, InstantParam(now)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> moved,
      connection_.Query("UPDATE ocpi_commands SET state = 'timed_out' "
                        "WHERE tenant_id = $1 AND state IN ('requested', 'accepted') AND deadline <= $2 "
                        "RETURNING id",
                        params));
  return moved.size();
}

}  // namespace openmsp::store
