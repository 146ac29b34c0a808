#include "store/sql_business_partner_group_repository.h"

#include <algorithm>
#include <map>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::BusinessPartnerGroup;
using domain::BusinessPartnerGroupId;
using domain::NewBusinessPartnerGroup;
using domain::OrganisationUnitId;
using domain::TenantId;

Result<void> LockTenant(SqlConnection& connection, TenantId tenant_id, std::string_view field) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query(connection.dialect().lock_tenant, params));
  if (rows.empty()) return NotFound(std::string(field), "no such tenant");
  return Ok();
}

BusinessPartnerGroup Stored(BusinessPartnerGroupId id, TenantId tenant_id,
                            const NewBusinessPartnerGroup& group) {
  BusinessPartnerGroup stored{.id = id, .tenant_id = tenant_id, .name = group.name, .units = group.units};
  std::sort(stored.units.begin(), stored.units.end());
  return stored;
}

}  // namespace

SqlBusinessPartnerGroupRepository::SqlBusinessPartnerGroupRepository(SqlConnection& connection)
    : connection_(connection) {}

Result<void> SqlBusinessPartnerGroupRepository::CheckName(TenantId tenant_id,
                                                          const NewBusinessPartnerGroup& group,
                                                          std::optional<BusinessPartnerGroupId> except) {
  const SqlParam params[] = {tenant_id.value, group.name, except ? except->value : 0};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id FROM business_partner_groups WHERE tenant_id = $1 AND "
                        "lower(name) = lower($2) AND id <> $3",
                        params));
  if (!rows.empty()) {
    return Error{ErrorCode::kAlreadyExists, "name",
                 "the tenant has a business partner group '" + group.name + "' already"};
  }
  return Ok();
}

Result<void> SqlBusinessPartnerGroupRepository::WriteUnits(TenantId tenant_id, BusinessPartnerGroupId id,
                                                           const NewBusinessPartnerGroup& group) {
  for (std::size_t i = 0; i < group.units.size(); ++i) {
    const std::string field = "units[" + std::to_string(i) + "]";
    const SqlParam unit_params[] = {tenant_id.value, group.units[i].value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> unit,
        connection_.Query("SELECT id FROM organisation_units WHERE tenant_id = $1 AND id = $2", unit_params));
    if (unit.empty()) return NotFound(field, "no such organisation unit");
    const SqlParam params[] = {tenant_id.value, id.value, group.units[i].value};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO business_partner_group_units (tenant_id, business_partner_group_id, "
        "organisation_unit_id) "
        "VALUES ($1, $2, $3)",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kNotFound) return std::move(inserted).error();
      return NotFound(field, "no such organisation unit");
    }
  }
  return Ok();
}

Result<BusinessPartnerGroup> SqlBusinessPartnerGroupRepository::Create(TenantId tenant_id,
                                                                       const NewBusinessPartnerGroup& group) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewBusinessPartnerGroup(group));
  return InTransaction(connection_, [&]() -> Result<BusinessPartnerGroup> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "tenant_id"));
    OPENMSP_RETURN_IF_ERROR(CheckName(tenant_id, group, std::nullopt));
    const SqlParam params[] = {tenant_id.value, group.name};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO business_partner_groups (tenant_id, name) VALUES ($1, $2) RETURNING id", params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "name",
                   "the tenant has a business partner group '" + group.name + "' already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));
    OPENMSP_RETURN_IF_ERROR(WriteUnits(tenant_id, BusinessPartnerGroupId{id}, group));
    return Stored(BusinessPartnerGroupId{id}, tenant_id, group);
  });
}

Result<BusinessPartnerGroup> SqlBusinessPartnerGroupRepository::Update(TenantId tenant_id,
                                                                       BusinessPartnerGroupId id,
                                                                       const NewBusinessPartnerGroup& group) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewBusinessPartnerGroup(group));
  return InTransaction(connection_, [&]() -> Result<BusinessPartnerGroup> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "id"));
    OPENMSP_RETURN_IF_ERROR(FindById(tenant_id, id));
    OPENMSP_RETURN_IF_ERROR(CheckName(tenant_id, group, id));
    const SqlParam params[] = {tenant_id.value, id.value, group.name};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE business_partner_groups SET name = $3 WHERE tenant_id = $1 AND id = $2", params));
    const SqlParam key[] = {tenant_id.value, id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM business_partner_group_units WHERE tenant_id = $1 AND business_partner_group_id = $2",
        key));
    OPENMSP_RETURN_IF_ERROR(WriteUnits(tenant_id, id, group));
    return Stored(id, tenant_id, group);
  });
}

Result<void> SqlBusinessPartnerGroupRepository::Delete(TenantId tenant_id, BusinessPartnerGroupId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  Result<std::vector<SqlRow>> deleted = connection_.Query(
      "DELETE FROM business_partner_groups WHERE tenant_id = $1 AND id = $2 RETURNING id", params);
  if (!deleted && deleted.error().code == ErrorCode::kNotFound) {
    return Error{ErrorCode::kFailedPrecondition, "id",
                 "the business partner group is used by tariff plan rules or MSP CDRs; a plan version without "
                 "those rules must be in force first, and a group that rated CDRs stays"};
  }
  OPENMSP_RETURN_IF_ERROR(deleted);
  if (deleted->empty()) return NotFound("id", "no such business partner group");
  return Ok();
}

Result<BusinessPartnerGroup> SqlBusinessPartnerGroupRepository::FindById(TenantId tenant_id,
                                                                         BusinessPartnerGroupId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<BusinessPartnerGroup> groups, Load(tenant_id, "g.id = $2", params));
  if (groups.empty()) return NotFound("id", "no such business partner group");
  return std::move(groups.front());
}

Result<std::vector<BusinessPartnerGroup>> SqlBusinessPartnerGroupRepository::List(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  return Load(tenant_id, "TRUE", params);
}

Result<std::vector<BusinessPartnerGroup>> SqlBusinessPartnerGroupRepository::ListForOrganisationUnit(
    TenantId tenant_id, OrganisationUnitId unit) {
  const SqlParam params[] = {tenant_id.value, unit.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> found,
      connection_.Query("SELECT id FROM organisation_units WHERE tenant_id = $1 AND id = $2", params));
  if (found.empty()) return NotFound("organisation_unit_id", "no such organisation unit");
  // The unit and its ancestors, walked up inside the tenant.
  return Load(tenant_id,
              "g.id IN (SELECT m.business_partner_group_id FROM business_partner_group_units m WHERE "
              "m.tenant_id = $1 AND "
              "m.organisation_unit_id IN (WITH RECURSIVE path (id, parent_id) AS ("
              " SELECT id, parent_id FROM organisation_units WHERE tenant_id = $1 AND id = $2"
              " UNION ALL"
              " SELECT ou.id, ou.parent_id FROM organisation_units ou JOIN path ON ou.id = path.parent_id"
              " WHERE ou.tenant_id = $1"
              ") SELECT id FROM path))",
              params);
}

Result<std::vector<BusinessPartnerGroup>> SqlBusinessPartnerGroupRepository::Load(
    TenantId tenant_id, std::string_view where, std::span<const SqlParam> params) {
  const std::string matching = "g.tenant_id = $1 AND " + std::string(where);
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT g.id, g.name FROM business_partner_groups g WHERE " + matching + " ORDER BY g.id", params));
  std::vector<BusinessPartnerGroup> groups;
  std::map<std::int64_t, std::size_t> index_by_id;
  for (const SqlRow& row : rows) {
    BusinessPartnerGroup group;
    OPENMSP_ASSIGN_OR_RETURN(group.id.value, ParseInteger(row[0]));
    group.tenant_id = tenant_id;
    group.name = TextOf(row[1]);
    index_by_id[group.id.value] = groups.size();
    groups.push_back(std::move(group));
  }
  if (groups.empty()) return groups;
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> unit_rows,
      connection_.Query(
          "SELECT u.business_partner_group_id, u.organisation_unit_id FROM business_partner_group_units u "
          "WHERE u.tenant_id = $1 AND u.business_partner_group_id IN (SELECT g.id FROM "
          "business_partner_groups g WHERE " +
              matching + ") ORDER BY u.business_partner_group_id, u.organisation_unit_id",
          params));
  for (const SqlRow& row : unit_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t group_id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit_id, ParseInteger(row[1]));
    auto group = index_by_id.find(group_id);
    if (group == index_by_id.end()) return Corrupt("a unit of an unknown business partner group");
    groups[group->second].units.push_back(OrganisationUnitId{unit_id});
  }
  return groups;
}

}  // namespace openmsp::store
