#include "emsp/versions_module.h"

#include <utility>

#include "ocpi/versions.h"

namespace openmsp::emsp {

void RegisterVersionsModule(OcpiEndpoints& endpoints) {
  const OcpiContext& context = endpoints.context();
  const std::string version_url = context.VersionUrl();
  boost::json::value versions =
      ocpi::VersionsJson({ocpi::Version{.version = std::string(ocpi::kOcpiVersion), .url = version_url}});
  boost::json::value details = ocpi::VersionDetailsJson(ocpi::VersionDetails{
      .version = std::string(ocpi::kOcpiVersion), .endpoints = ocpi::EmspEndpoints(version_url)});
  endpoints.Add("GET", "/ocpi/versions", OcpiAccess::kRegistration,
                [versions = std::move(versions)](const OcpiRequest&) -> Result<OcpiReply> {
                  return OcpiReply{.data = versions, .http_status = 200, .headers = {}};
                });
  endpoints.Add("GET", "/ocpi/" + std::string(ocpi::kOcpiVersion), OcpiAccess::kRegistration,
                [details = std::move(details)](const OcpiRequest&) -> Result<OcpiReply> {
                  return OcpiReply{.data = details, .http_status = 200, .headers = {}};
                });
}

}  // namespace openmsp::emsp
