// openmsp_ocpi_load_setup: prepares a database for load tests of the OCPI receivers (docs/performance.md):
// migrates it, creates the tenant `load` (eMSP NL-DEM) and a CPO peer registered as NL-CPO (what the
// credentials handshake would store), prints the peer's token C on stdout and writes a ~2 KB CDR of NL-CPO
// whose id is `@ID@` to TEMPLATE, for a load generator to fill in a unique id per request.
//
//   openmsp_ocpi_load_setup DATABASE_URL TEMPLATE

#include <cstdio>
#include <fstream>
#include <string>

#include "core/clock.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"

namespace {

using namespace openmsp;

Result<std::string> Setup(const std::string& database, const std::string& template_path) {
  OPENMSP_ASSIGN_OR_RETURN(const store::DatabaseUrl url, store::ParseDatabaseUrl(database));
  OPENMSP_RETURN_IF_ERROR(store::OpenAndMigrate(url));
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant,
                           repositories.tenants().Create(domain::NewTenant{
                               .slug = "load",
                               .name = "Load",
                               .default_currency = Currency::Find("EUR").value(),
                               .parties = {PartyId::Parse("NL-DEM").value()}}));
  OPENMSP_ASSIGN_OR_RETURN(const domain::PeerWithToken invited,
                           repositories.peers().Create(tenant.id, domain::NewPeer{.name = "CPO"}));
  OPENMSP_ASSIGN_OR_RETURN(
      const domain::PeerWithToken registered,
      repositories.peers().Register(
          tenant.id, invited.peer.id, domain::TokenDigest::Of(invited.token),
          domain::PeerRegistration{.token = "token-b",
                                   .token_base64 = true,
                                   .versions_url = "https://cpo.example/ocpi/versions",
                                   .version = "2.2.1",
                                   .endpoints = {{.module = "cdrs",
                                                  .role = domain::InterfaceRole::kSender,
                                                  .url = "https://cpo.example/ocpi/2.2.1/cdrs"}},
                                   .roles = {{.role = domain::OcpiRole::kCpo,
                                              .party = PartyId::Parse("NL-CPO").value(),
                                              .business_name = "CPO"}}}));
  std::ofstream out(template_path, std::ios::binary);
  out << test::SampleCpoCdr({.tenant_id = tenant.id, .cpo = PartyId::Parse("NL-CPO").value(), .cdr_id = "@ID@"})
             .body;
  if (!out) return Error{ErrorCode::kUnavailable, "TEMPLATE", "cannot write " + template_path};
  return registered.token;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: openmsp_ocpi_load_setup DATABASE_URL TEMPLATE\n", stderr);
    return 2;
  }
  const Result<std::string> token = Setup(argv[1], argv[2]);
  if (!token) {
    std::fprintf(stderr, "openmsp_ocpi_load_setup: %s\n", token.error().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", token->c_str());
  return 0;
}
