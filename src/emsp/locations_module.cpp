#include "emsp/locations_module.h"

#include <string>
#include <utility>

#include "core/ids/ocpi_string.h"
#include "core/json.h"
#include "emsp/object_appliers.h"
#include "emsp/object_owner.h"
#include "ocpi/locations.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

enum class Level { kLocation, kEvse, kConnector };

// What the URL names.
struct Target {
  domain::LocationKey key;
  std::string evse_uid;
  std::string connector_id;
};

Error Missing(std::string field, std::string message) {
  return Error{ErrorCode::kNotFound, std::move(field), std::move(message)};
}

Result<Target> ReadTarget(const OcpiRequest& request, store::Repositories& db, Level level) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, ObjectOwner(request, db));
  OPENMSP_ASSIGN_OR_RETURN(std::string location_id, ObjectIdSegment(request, "location_id"));
  Target target{.key = {.party = party, .location_id = std::move(location_id)}, .evse_uid = {}, .connector_id = {}};
  if (level != Level::kLocation) {
    OPENMSP_ASSIGN_OR_RETURN(target.evse_uid, ObjectIdSegment(request, "evse_uid"));
  }
  if (level == Level::kConnector) {
    OPENMSP_ASSIGN_OR_RETURN(target.connector_id, ObjectIdSegment(request, "connector_id"));
  }
  return target;
}

// §2.6: the body's id must be the URL's (2001 advised).
Result<void> SameId(std::string_view body_id, std::string_view url_id, std::string_view member,
                    std::string_view segment) {
  if (CiStringEquals(body_id, url_id)) return Ok();
  return InvalidArgument(std::string(member), "'" + std::string(body_id) + "' is not the " + std::string(segment) +
                                                  " '" + std::string(url_id) + "' of the URL");
}

Result<void> SameOwner(const domain::Location& location, const Target& target) {
  const PartyId& body = location.key.party;
  if (body.country_code() != target.key.party.country_code()) {
    return InvalidArgument("country_code", "'" + std::string(body.country_code()) +
                                               "' is not the country_code of the URL");
  }
  if (body.party_id() != target.key.party.party_id()) {
    return InvalidArgument("party_id", "'" + std::string(body.party_id()) + "' is not the party_id of the URL");
  }
  return SameId(location.key.location_id, target.key.location_id, "id", "location_id");
}

Result<domain::UpsertOutcome> StoreLocation(store::Repositories& db, const OcpiRequest& request, const Target& target,
                           const json::value& body, std::string text) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Location location, ocpi::ParseLocation(body, std::move(text)));
  OPENMSP_RETURN_IF_ERROR(SameOwner(location, target));
  return ApplyLocation(db, request.caller.tenant_id, location);
}

Result<domain::UpsertOutcome> StoreEvse(store::Repositories& db, const OcpiRequest& request, const Target& target,
                       const json::value& body, std::string text) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Evse evse, ocpi::ParseEvse(body, std::move(text)));
  OPENMSP_RETURN_IF_ERROR(SameId(evse.uid, target.evse_uid, "uid", "evse_uid"));
  return db.locations().UpsertEvse(request.caller.tenant_id, target.key, evse);
}

Result<domain::UpsertOutcome> StoreConnector(store::Repositories& db, const OcpiRequest& request, const Target& target,
                            const json::value& body, std::string text) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Connector connector, ocpi::ParseConnector(body, std::move(text)));
  OPENMSP_RETURN_IF_ERROR(SameId(connector.id, target.connector_id, "id", "connector_id"));
  return db.locations().UpsertConnector(request.caller.tenant_id, target.key, target.evse_uid, connector);
}

Result<domain::UpsertOutcome> Store(store::Repositories& db, const OcpiRequest& request, const Target& target,
                                    Level level, const json::value& body, std::string text) {
  switch (level) {
    case Level::kLocation:
      return StoreLocation(db, request, target, body, std::move(text));
    case Level::kEvse:
      return StoreEvse(db, request, target, body, std::move(text));
    case Level::kConnector:
      return StoreConnector(db, request, target, body, std::move(text));
  }
  return Error{ErrorCode::kInternal, "", "unknown level"};
}

// What the repository found, a missing location (or tenant) answered as one the URL names.
Result<domain::StoredLocation> Located(Result<domain::StoredLocation> stored) {
  if (!stored && stored.error().code == ErrorCode::kNotFound) return Missing("location_id", "no such location");
  return stored;
}

Result<const domain::Evse*> FindEvse(const domain::StoredLocation& stored, const Target& target) {
  const domain::Evse* evse = domain::FindEvse(stored.location, target.evse_uid);
  if (evse == nullptr) return Missing("evse_uid", "no such EVSE at this location");
  return evse;
}

Result<const domain::Connector*> FindConnector(const domain::StoredLocation& stored, const Target& target) {
  const domain::Connector* connector =
      domain::FindConnector(stored.location, target.evse_uid, target.connector_id);
  if (connector == nullptr) return Missing("connector_id", "no such connector at this EVSE");
  return connector;
}

Result<OcpiReply> Put(store::Repositories& db, const OcpiRequest& request, Level level) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db, level));
  OPENMSP_ASSIGN_OR_RETURN(json::value body, RequestJson(request));
  OPENMSP_RETURN_IF_ERROR(Store(db, request, target, level, body, request.http.body));
  return OcpiReply{};
}

// The PATCH's merge and write, inside the transaction that holds the location's lock from the read on.
Result<void> MergeAndStore(store::Repositories& db, const OcpiRequest& request, const Target& target,
                           Level level, const json::object& patch, Instant patched_at) {
  OPENMSP_ASSIGN_OR_RETURN(domain::StoredLocation stored,
                           Located(db.locations().FindForUpdate(request.caller.tenant_id, target.key)));
  Result<json::object> document = json::object();
  Instant stored_at;
  switch (level) {
    case Level::kLocation:
      stored_at = stored.location.last_updated;
      document = ocpi::LocationDocument(stored.location);
      break;
    case Level::kEvse: {
      OPENMSP_ASSIGN_OR_RETURN(const domain::Evse* evse, FindEvse(stored, target));
      stored_at = evse->last_updated;
      document = ocpi::EvseDocument(*evse);
      break;
    }
    case Level::kConnector: {
      OPENMSP_ASSIGN_OR_RETURN(const domain::Connector* connector, FindConnector(stored, target));
      stored_at = connector->last_updated;
      document = ocpi::ConnectorDocument(*connector);
      break;
    }
  }
  if (!document) return document.error();
  // Older than what is stored (which counts the children's updates, §5.1): not applied. Checked here
  // because the merged object keeps its children's `last_updated`, which would hide the patch's age.
  if (patched_at < stored_at) return Ok();
  const json::value merged(ocpi::ApplyPatch(std::move(*document), patch));
  OPENMSP_RETURN_IF_ERROR(Store(db, request, target, level, merged, SerializeJson(merged)));
  return Ok();
}

Result<OcpiReply> Patch(store::Repositories& db, const OcpiRequest& request, Level level) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db, level));
  OPENMSP_ASSIGN_OR_RETURN(json::value body, RequestJson(request));
  const json::object* patch = body.if_object();
  if (patch == nullptr) return InvalidArgument("body", "must be a JSON object");
  const json::value* last_updated = pricing::ocpi_json::FindMember(*patch, "last_updated");
  if (last_updated == nullptr) return InvalidArgument("last_updated", "is required in a PATCH (§2.6)");
  Result<Instant> patched_at = pricing::ocpi_json::ReadDateTime(*last_updated);
  if (!patched_at) return patched_at.error().Nested("last_updated");
  OPENMSP_RETURN_IF_ERROR(db.InOneTransaction([&](store::Repositories& locked) {
    return MergeAndStore(locked, request, target, level, *patch, *patched_at);
  }));
  return OcpiReply{};
}

Result<OcpiReply> Get(store::Repositories& db, const OcpiRequest& request, Level level) {
  OPENMSP_ASSIGN_OR_RETURN(Target target, ReadTarget(request, db, level));
  OPENMSP_ASSIGN_OR_RETURN(domain::StoredLocation stored,
                           Located(db.locations().Find(request.caller.tenant_id, target.key)));
  Result<json::object> data = json::object();
  switch (level) {
    case Level::kLocation:
      data = ocpi::LocationJson(stored.location);
      break;
    case Level::kEvse: {
      OPENMSP_ASSIGN_OR_RETURN(const domain::Evse* evse, FindEvse(stored, target));
      data = ocpi::EvseJson(*evse);
      break;
    }
    case Level::kConnector: {
      OPENMSP_ASSIGN_OR_RETURN(const domain::Connector* connector, FindConnector(stored, target));
      data = ocpi::ConnectorJson(*connector);
      break;
    }
  }
  if (!data) return data.error();
  return OcpiReply{.data = std::move(*data), .http_status = 200, .headers = {}};
}

}  // namespace

void RegisterLocationsModule(OcpiEndpoints& endpoints) {
  const std::string location = "/ocpi/2.2.1/locations/{country_code}/{party_id}/{location_id}";
  const std::string evse = location + "/{evse_uid}";
  const std::string connector = evse + "/{connector_id}";
  OcpiContext& context = endpoints.context();
  for (const auto& [pattern, level] : {std::pair{location, Level::kLocation}, std::pair{evse, Level::kEvse},
                                       std::pair{connector, Level::kConnector}}) {
    const auto at_level = [at = level](auto method) {
      return [method, at](store::Repositories& db, const OcpiRequest& request) { return method(db, request, at); };
    };
    endpoints.Add("PUT", pattern, OcpiAccess::kConnected, OnConnection(context, at_level(&Put)));
    endpoints.Add("PATCH", pattern, OcpiAccess::kConnected, OnConnection(context, at_level(&Patch)));
    endpoints.Add("GET", pattern, OcpiAccess::kConnected, OnConnection(context, at_level(&Get)));
  }
}

}  // namespace openmsp::emsp
