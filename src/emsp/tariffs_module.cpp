#include "emsp/tariffs_module.h"

#include <array>
#include <string>
#include <utility>

#include "core/ids/ocpi_string.h"
#include "core/json.h"
#include "emsp/object_appliers.h"
#include "emsp/object_owner.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

// The members of an OCPI 2.2.1 Tariff (§8.2), the only ones a GET answers.
constexpr std::array<std::string_view, 14> kTariffMembers = {
    "country_code", "party_id",      "id",          "currency",        "type",
    "tariff_alt_text", "tariff_alt_url", "min_price", "max_price",     "elements",
    "start_date_time", "end_date_time", "energy_mix", "last_updated"};

struct Target {
  domain::CpoTariffKey key;
};

Result<Target> ReadTarget(const OcpiRequest& request, store::Repositories& db) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, ObjectOwner(request, db));
  OPENMSP_ASSIGN_OR_RETURN(std::string tariff_id, ObjectIdSegment(request, "tariff_id"));
  return Target{.key = {.party = party, .tariff_id = std::move(tariff_id)}};
}

// The Tariff of the body (`ReadCpoTariff`), with the URL's ids (§2.6).
Result<domain::CpoTariff> ReadTariff(const OcpiRequest& request, const Target& target) {
  OPENMSP_ASSIGN_OR_RETURN(json::value body, RequestJson(request));
  OPENMSP_ASSIGN_OR_RETURN(domain::CpoTariff tariff, ReadCpoTariff(body, request.http.body));
  const PartyId& party = tariff.key.party;
  if (party.country_code() != target.key.party.country_code()) {
    return InvalidArgument("country_code",
                           "'" + std::string(party.country_code()) + "' is not the country_code of the URL");
  }
  if (party.party_id() != target.key.party.party_id()) {
    return InvalidArgument("party_id",
                           "'" + std::string(party.party_id()) + "' is not the party_id of the URL");
  }
  if (!CiStringEquals(tariff.key.tariff_id, target.key.tariff_id)) {
    return InvalidArgument("id", "'" + tariff.key.tariff_id + "' is not the tariff_id '" +
                                     target.key.tariff_id + "' of the URL");
  }
  return tariff;
}

Result<OcpiReply> Put(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db));
  OPENMSP_ASSIGN_OR_RETURN(domain::CpoTariff tariff, ReadTariff(request, target));
  OPENMSP_RETURN_IF_ERROR(ApplyCpoTariff(db, request.caller.tenant_id, tariff));
  return OcpiReply{};
}

Result<OcpiReply> Delete(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db));
  OPENMSP_RETURN_IF_ERROR(db.cpo_tariffs().Delete(request.caller.tenant_id, target.key));
  return OcpiReply{};
}

Result<OcpiReply> Get(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db));
  OPENMSP_ASSIGN_OR_RETURN(domain::CpoTariff tariff, db.cpo_tariffs().Find(request.caller.tenant_id, target.key));
  Result<json::value> stored = ParseJson(tariff.raw_json);
  if (!stored || !stored->is_object()) {
    return Error{ErrorCode::kInternal, "tariff_id", "the stored tariff does not read back"};
  }
  json::object data;
  for (std::string_view member : kTariffMembers) {
    const json::value* value = stored->as_object().if_contains(member);
    if (value != nullptr && !value->is_null()) data[member] = *value;
  }
  data["last_updated"] = FormatOcpiDateTime(tariff.last_updated);
  return OcpiReply{.data = std::move(data), .http_status = 200, .headers = {}};
}

}  // namespace

void RegisterTariffsModule(OcpiEndpoints& endpoints) {
  const std::string tariff = "/ocpi/2.2.1/tariffs/{country_code}/{party_id}/{tariff_id}";
  OcpiContext& context = endpoints.context();
  endpoints.Add("PUT", tariff, OcpiAccess::kConnected, OnConnection(context, &Put));
  endpoints.Add("DELETE", tariff, OcpiAccess::kConnected, OnConnection(context, &Delete));
  endpoints.Add("GET", tariff, OcpiAccess::kConnected, OnConnection(context, &Get));
}

}  // namespace openmsp::emsp
