#include "app/operator_support.h"

#include <fmt/core.h>

#include <utility>

#include "core/json.h"
#include "store/migrations.h"

namespace openmsp::app {

Result<domain::Tenant> TenantBySlug(store::Repositories& repositories, const std::string& slug) {
  Result<domain::Tenant> tenant = repositories.tenants().FindBySlug(slug);
  if (!tenant && tenant.error().code == ErrorCode::kNotFound) {
    return Error{ErrorCode::kNotFound, "--tenant", "no tenant has the slug " + slug};
  }
  return tenant;
}

Result<store::Repositories> OpenDatabase(const std::string& url, const Clock& clock, bool migrate) {
  OPENMSP_ASSIGN_OR_RETURN(const store::DatabaseUrl parsed, store::ParseDatabaseUrl(url));
  if (migrate) OPENMSP_RETURN_IF_ERROR(store::OpenAndMigrate(parsed));
  return store::Repositories::Open(parsed, clock);
}

CommandResult ExitCodeOf(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
      return 2;
    default:
      return 1;
  }
}

CommandResult ReportFailure(std::string_view command, Error error, const DatabaseChoice& database) {
  if (error.field == "database") error.field = database.source;
  fmt::print(stderr, "openmsp {}: {}\n", command, error.ToString());
  return ExitCodeOf(error);
}

boost::json::object TenantObject(const domain::Tenant& tenant) {
  boost::json::array parties;
  for (const PartyId& party : tenant.parties) parties.emplace_back(party.ToString());
  return boost::json::object{{"id", tenant.id.value},
                             {"slug", tenant.slug},
                             {"name", tenant.name},
                             {"parties", std::move(parties)},
                             {"currency", tenant.default_currency.code()},
                             {"created_at", FormatOcpiDateTime(tenant.created_at)}};
}

std::string Column(std::string_view text, std::size_t width) {
  std::string padded(text);
  if (padded.size() < width) padded.append(width - padded.size(), ' ');
  return padded;
}

}  // namespace openmsp::app
