#include "store/sql_tariff_code_repository.h"

#include <chrono>
#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::NewTariffCode;
using domain::TariffCode;
using domain::TariffCodeId;
using domain::TenantId;

Error CodeTaken(const std::string& code) {
  return Error{ErrorCode::kAlreadyExists, "code", "the tenant has a tariff code '" + code + "' already"};
}

}  // namespace

SqlTariffCodeRepository::SqlTariffCodeRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<TariffCode> SqlTariffCodeRepository::Create(TenantId tenant_id, const NewTariffCode& code) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTariffCode(code));
  TariffCode created{.id = {},
                     .tenant_id = tenant_id,
                     .code = code.code,
                     .kind = code.kind,
                     .unit = code.unit,
                     .step_size = code.step_size,
                     .free_units = code.free_units,
                     .grace_period = code.grace_period,
                     .description = code.description,
                     .created_at = clock_.Now()};
  const SqlParam params[] = {tenant_id.value,
                             code.code,
                             std::string(domain::TariffCodeKindName(code.kind)),
                             std::string(domain::TariffUnitName(code.unit)),
                             code.step_size.ToString(),
                             code.free_units.ToString(),
                             static_cast<std::int64_t>(code.grace_period.count()),
                             code.description,
                             InstantParam(created.created_at)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO tariff_codes (tenant_id, code, kind, unit, step_size, free_units, grace_period_minutes, "
      "description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      params);
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kAlreadyExists) return CodeTaken(code.code);
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("tenant_id", "no such tenant");
    return std::move(inserted).error();
  }
  if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
  return created;
}

Result<TariffCode> SqlTariffCodeRepository::FindById(TenantId tenant_id, TariffCodeId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffCode> codes, Load(tenant_id, "id = $2", params));
  if (codes.empty()) return NotFound("id", "no such tariff code");
  return std::move(codes.front());
}

Result<TariffCode> SqlTariffCodeRepository::FindByCode(TenantId tenant_id, std::string_view code) {
  const SqlParam params[] = {tenant_id.value, std::string(code)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffCode> codes, Load(tenant_id, "upper(code) = upper($2)", params));
  if (codes.empty()) return NotFound("code", "no such tariff code");
  return std::move(codes.front());
}

Result<std::vector<TariffCode>> SqlTariffCodeRepository::List(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  return Load(tenant_id, "TRUE", params);
}

Result<std::vector<TariffCode>> SqlTariffCodeRepository::Load(TenantId tenant_id, std::string_view where,
                                                               std::span<const SqlParam> params) {
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, code, kind, unit, step_size, free_units, grace_period_minutes, description, " +
                            InstantColumn(connection_.dialect(), "created_at") +
                            " FROM tariff_codes WHERE tenant_id = $1 AND " + std::string(where) + " ORDER BY id",
                        params));
  std::vector<TariffCode> codes;
  codes.reserve(rows.size());
  for (const SqlRow& row : rows) {
    TariffCode code;
    code.tenant_id = tenant_id;
    OPENMSP_ASSIGN_OR_RETURN(code.id.value, ParseInteger(row[0]));
    code.code = TextOf(row[1]);
    OPENMSP_ASSIGN_OR_RETURN(code.kind, ParseStored(domain::ParseTariffCodeKind, row[2]));
    OPENMSP_ASSIGN_OR_RETURN(code.unit, ParseStored(domain::ParseTariffUnit, row[3]));
    OPENMSP_ASSIGN_OR_RETURN(code.step_size, ParseDecimal(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(code.free_units, ParseDecimal(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(const std::int64_t grace, ParseInteger(row[6]));
    code.grace_period = std::chrono::minutes(grace);
    code.description = TextOf(row[7]);
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> created_at, ParseOptionalInstant(row[8]));
    if (!created_at) return Corrupt("tariff code " + std::to_string(code.id.value) + " has no created_at");
    code.created_at = *created_at;
    codes.push_back(std::move(code));
  }
  return codes;
}

}  // namespace openmsp::store
