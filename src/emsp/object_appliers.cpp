#include "emsp/object_appliers.h"

#include <utility>

#include "core/ids/party_id.h"
#include "pricing/tariff_json.h"

namespace openmsp::emsp {

Result<domain::UpsertOutcome> ApplyLocation(store::Repositories& db, domain::TenantId tenant_id,
                                            const domain::Location& location) {
  return db.locations().Upsert(tenant_id, location);
}

Result<domain::CpoTariff> ReadCpoTariff(const boost::json::value& body, std::string raw_json) {
  OPENMSP_ASSIGN_OR_RETURN(pricing::Tariff tariff, pricing::ParseTariff(body));
  if (tariff.country_code.empty()) return InvalidArgument("country_code", "is required");
  if (tariff.party_id.empty()) return InvalidArgument("party_id", "is required");
  if (!tariff.last_updated) return InvalidArgument("last_updated", "is required");
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, PartyId::FromFields(tariff.country_code, tariff.party_id));
  return domain::CpoTariff{.key = {.party = std::move(party), .tariff_id = tariff.id},
                           .last_updated = *tariff.last_updated,
                           .raw_json = std::move(raw_json)};
}

Result<domain::UpsertOutcome> ApplyCpoTariff(store::Repositories& db, domain::TenantId tenant_id,
                                             const domain::CpoTariff& tariff) {
  return db.cpo_tariffs().Upsert(tenant_id, tariff);
}

Result<domain::UpsertOutcome> ApplySession(store::Repositories& db, domain::TenantId tenant_id,
                                           domain::Session session) {
  OPENMSP_ASSIGN_OR_RETURN(session.customer,
                           db.tokens().FindCustomer(tenant_id, session.cdr_token.uid, session.cdr_token.type));
  return db.sessions().Upsert(tenant_id, session);
}

}  // namespace openmsp::emsp
