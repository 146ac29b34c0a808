#include <boost/json.hpp>
#include <utility>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/representations.h"
#include "core/json.h"

namespace openmsp::api {
namespace {

using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Permission;

// The unit `id` when the principal may do `permission` on it; the refusal otherwise (a unit missing or of
// another tenant is not in the principal's tree, so it is refused exactly like one out of scope).
Result<OrganisationUnit> UnitFor(const Principal& who, std::optional<std::int64_t> id, Permission permission,
                                 std::string_view field) {
  const OrganisationUnit* unit = id ? who.FindUnit(OrganisationUnitId{*id}) : nullptr;
  if (unit == nullptr) return who.Refusal(permission).Nested(field);
  if (Result<void> allowed =
          who.Authorize(permission, {.organisation_unit = unit->id, .profile = std::nullopt});
      !allowed) {
    return allowed.error().Nested(field);
  }
  return *unit;
}

Result<OrganisationUnit> PathUnit(ApiCall& call, Permission permission) {
  Result<std::int64_t> id = PathId(call.http, "unit_id");
  return UnitFor(call.who(), id ? std::optional<std::int64_t>(*id) : std::nullopt, permission, "unit_id");
}

Result<ApiReply> ListUnits(ApiCall& call) {
  const Principal& who = call.who();
  boost::json::array items;
  for (const OrganisationUnit& unit : who.tree) {
    if (who.May(Permission::kOrganisationUnitsRead,
                {.organisation_unit = unit.id, .profile = std::nullopt})) {
      items.push_back(UnitJson(unit));
    }
  }
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetUnit(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, PathUnit(call, Permission::kOrganisationUnitsRead));
  return JsonReply(200, UnitJson(unit));
}

Result<ApiReply> CreateUnit(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"parent_id", "name"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", 200));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t parent_id, body.RequiredId("parent_id"));
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit parent,
                           UnitFor(who, parent_id, Permission::kOrganisationUnitsManage, "parent_id"));
  OrganisationUnit created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(
        created, tx.organisation_units().Create(
                     who.tenant.id, domain::NewOrganisationUnit{
                                        .parent_id = parent.id, .name = name, .billing = std::nullopt}));
    return AuditOf(who.user, "organisation_unit.create", "organisation_unit", created.id.value, "",
                   SerializeJson(UnitJson(created)), call.request_id);
  }));
  return JsonReply(201, UnitJson(created));
}

Result<ApiReply> RenameUnit(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, PathUnit(call, Permission::kOrganisationUnitsManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"name"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", 200));
  OrganisationUnit renamed;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(
        renamed, tx.control_centre_directory().RenameOrganisationUnit(who.tenant.id, unit.id, name));
    return AuditOf(who.user, "organisation_unit.rename", "organisation_unit", unit.id.value,
                   SerializeJson(UnitJson(unit)), SerializeJson(UnitJson(renamed)), call.request_id);
  }));
  return JsonReply(200, UnitJson(renamed));
}

Result<ApiReply> MoveUnit(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, PathUnit(call, Permission::kOrganisationUnitsManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"parent_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t parent_id, body.RequiredId("parent_id"));
  if (!unit.parent_id) {
    return Error{ErrorCode::kFailedPrecondition, "unit_id", "the tenant's root unit cannot be moved"};
  }
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit parent,
                           UnitFor(who, parent_id, Permission::kOrganisationUnitsManage, "parent_id"));
  OrganisationUnit moved = unit;
  moved.parent_id = parent.id;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<OrganisationUnit> subtree,
                             tx.organisation_units().Subtree(who.tenant.id, unit.id));
    OPENMSP_RETURN_IF_ERROR(domain::CheckMove(subtree, parent.id));
    OPENMSP_RETURN_IF_ERROR(tx.organisation_units().Move(who.tenant.id, unit.id, parent.id));
    return AuditOf(who.user, "organisation_unit.move", "organisation_unit", unit.id.value,
                   SerializeJson(UnitJson(unit)), SerializeJson(UnitJson(moved)), call.request_id);
  }));
  return JsonReply(200, UnitJson(moved));
}

}  // namespace

std::vector<ApiRoute> OrganisationUnitRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("organisation-units", "GET", "/organisation-units",
                         "The units in your scope, each with its parent (a tree as a list)",
                         Permission::kOrganisationUnitsRead, "",
                         std::string(R"({"type": "object", "required": ["items"],
      "properties": {"items": {"type": "array", "items": )") +
                             kUnitSchema + "}}}",
                         200, ListUnits));
  routes.push_back(Route("organisation-units", "GET", "/organisation-units/{unit_id}",
                         "One unit in your scope", Permission::kOrganisationUnitsRead, "", kUnitSchema, 200,
                         GetUnit));
  routes.push_back(Route("organisation-units", "POST", "/organisation-units",
                         "Creates a unit below a unit in your scope", Permission::kOrganisationUnitsManage,
                         R"({"type": "object",
      "required": ["parent_id", "name"], "additionalProperties": false,
      "properties": {"parent_id": {"type": "integer"}, "name": {"type": "string", "maxLength": 200}}})",
                         kUnitSchema, 201, CreateUnit));
  routes.push_back(Route("organisation-units", "PATCH", "/organisation-units/{unit_id}",
                         "Renames a unit in your scope", Permission::kOrganisationUnitsManage,
                         R"({"type": "object", "required": ["name"],
      "additionalProperties": false, "properties": {"name": {"type": "string", "maxLength": 200}}})",
                         kUnitSchema, 200, RenameUnit));
  routes.push_back(Route("organisation-units", "POST", "/organisation-units/{unit_id}/move",
                         "Moves a unit of your scope below another unit of your scope",
                         Permission::kOrganisationUnitsManage,
                         R"({"type": "object", "required": ["parent_id"],
      "additionalProperties": false, "properties": {"parent_id": {"type": "integer"}}})",
                         kUnitSchema, 200, MoveUnit));
  return routes;
}

}  // namespace openmsp::api
