#include "store/sql_cpo_tariff_repository.h"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::CpoTariff;
using domain::CpoTariffKey;
using domain::TenantId;
using domain::UpsertOutcome;

constexpr std::string_view kByKey =
    " FROM cpo_tariffs WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 AND "
    "upper(tariff_id) = upper($4)";

std::vector<SqlParam> KeyParams(TenantId tenant_id, const CpoTariffKey& key) {
  return {tenant_id.value, std::string(key.party.country_code()), std::string(key.party.party_id()),
          key.tariff_id};
}

}  // namespace

SqlCpoTariffRepository::SqlCpoTariffRepository(SqlConnection& connection) : connection_(connection) {}

Result<std::optional<std::pair<std::int64_t, CpoTariff>>> SqlCpoTariffRepository::FindRow(
    TenantId tenant_id, const CpoTariffKey& key) {
  const std::vector<SqlParam> params = KeyParams(tenant_id, key);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT id, country_code, party_id, tariff_id, " +
                                                 InstantColumn(connection_.dialect(), "last_updated") +
                                                 ", raw_json" + std::string(kByKey),
                                             params));
  if (rows.empty()) return std::optional<std::pair<std::int64_t, CpoTariff>>();
  const SqlRow& row = rows.front();
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, ParseParty(row[1], row[2]));
  OPENMSP_ASSIGN_OR_RETURN(Instant last_updated, ParseRequiredInstant(row[4]));
  CpoTariff tariff{.key = {.party = party, .tariff_id = TextOf(row[3])},
                   .last_updated = last_updated,
                   .raw_json = TextOf(row[5])};
  return std::optional<std::pair<std::int64_t, CpoTariff>>(std::pair{id, std::move(tariff)});
}

Result<UpsertOutcome> SqlCpoTariffRepository::Upsert(TenantId tenant_id, const CpoTariff& tariff) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateCpoTariff(tariff));
  return InTransaction(connection_, [&]() -> Result<UpsertOutcome> {
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked,
                             connection_.Query(connection_.dialect().lock_tenant, tenant));
    if (locked.empty()) return NotFound("tenant_id", "no such tenant");
    OPENMSP_ASSIGN_OR_RETURN(auto stored, FindRow(tenant_id, tariff.key));
    const UpsertOutcome outcome = domain::DecideUpsert(
        stored ? std::optional(stored->second.last_updated) : std::nullopt, tariff.last_updated);
    if (outcome == UpsertOutcome::kStale) return outcome;
    // One array built at once (appending to a vector of SqlParam trips GCC 12's maybe-uninitialized at -O2).
    const SqlParam params[] = {tenant_id.value,
                               std::string(tariff.key.party.country_code()),
                               std::string(tariff.key.party.party_id()),
                               tariff.key.tariff_id,
                               InstantParam(tariff.last_updated),
                               tariff.raw_json,
                               stored ? stored->first : std::int64_t{0}};
    if (stored) {
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("UPDATE cpo_tariffs SET tariff_id = $4, last_updated = $5, raw_json = $6 "
                            "WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 AND id = $7",
                            params));
    } else {
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO cpo_tariffs (tenant_id, country_code, party_id, tariff_id, last_updated, raw_json) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          std::span<const SqlParam>(params).first(6)));
    }
    return outcome;
  });
}

Result<CpoTariff> SqlCpoTariffRepository::Find(TenantId tenant_id, const CpoTariffKey& key) {
  OPENMSP_ASSIGN_OR_RETURN(auto stored, FindRow(tenant_id, key));
  if (!stored) return NotFound("tariff_id", "no such tariff");
  return std::move(stored->second);
}

Result<void> SqlCpoTariffRepository::Delete(TenantId tenant_id, const CpoTariffKey& key) {
  const std::vector<SqlParam> params = KeyParams(tenant_id, key);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> deleted,
                           connection_.Query("DELETE" + std::string(kByKey) + " RETURNING id", params));
  if (deleted.empty()) return NotFound("tariff_id", "no such tariff");
  return Ok();
}

}  // namespace openmsp::store
