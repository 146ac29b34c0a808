// openmsp_tokens_seed: prepares a database for the real-time authorization load test
// (docs/performance.md, "OCPI tokens"): a tenant `demo` (NL-DEM) with a connected CPO peer and
// `--count` active RFID cards with uids 04000000000000, 04000000000001, …
//
//   openmsp_tokens_seed --database URL [--count N]
//
// Migrates the database first. Prints the peer's token C (what the CPO calls us with) on stdout.

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"

namespace {

using namespace openmsp;

int Fail(const std::string& what) {
  std::fprintf(stderr, "openmsp_tokens_seed: %s\n", what.c_str());
  return 1;
}

std::string Uid(int i) {
  char buffer[15];
  std::snprintf(buffer, sizeof buffer, "04%012X", static_cast<unsigned>(i));
  return buffer;
}

// `count` active cards of `driver`, uids 04000000000000 onwards.
Result<void> AddCards(store::Repositories& tx, domain::TenantId tenant, domain::ProfileId driver, int count) {
  for (int i = 0; i < count; ++i) {
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::Token token,
        tx.tokens().Create(tenant, domain::NewToken{.profile_id = driver,
                                                    .uid = Uid(i),
                                                    .type = domain::TokenType::kRfid,
                                                    .contract_id = EmaId::Parse("NL-DEM-C00122045").value(),
                                                    .visual_number = "",
                                                    .issuer = "Demo MSP",
                                                    .group_id = "",
                                                    .whitelist = domain::TokenWhitelist::kNever,
                                                    .language = "",
                                                    .valid_from = std::nullopt,
                                                    .valid_until = std::nullopt,
                                                    .cost_centre = ""}));
    OPENMSP_RETURN_IF_ERROR(tx.tokens().SetStatus(tenant, token.id, domain::TokenStatus::kActive));
  }
  return Ok();
}

Result<std::string> Seed(const store::DatabaseUrl& url, int count) {
  OPENMSP_RETURN_IF_ERROR(store::OpenAndMigrate(url));
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories db, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, db.tenants().Create(domain::NewTenant{
                                                            .slug = "demo",
                                                            .name = "Demo",
                                                            .default_currency = Currency::Find("EUR").value(),
                                                            .parties = {PartyId::Parse("NL-DEM").value()}}));
  OPENMSP_ASSIGN_OR_RETURN(const domain::PeerWithToken invited,
                           db.peers().Create(tenant.id, {.name = "CPO"}));
  OPENMSP_ASSIGN_OR_RETURN(
      const domain::PeerWithToken registered,
      db.peers().Register(
          tenant.id, invited.peer.id, domain::TokenDigest::Of(invited.token),
          domain::PeerRegistration{
              .token = "token-b",
              .token_base64 = true,
              .versions_url = "https://cpo.example/ocpi/versions",
              .version = "2.2.1",
              .endpoints = {domain::PeerEndpoint{.module = "locations",
                                                 .role = domain::InterfaceRole::kSender,
                                                 .url = "https://cpo.example/ocpi/2.2.1/locations"}},
              .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                         .party = PartyId::Parse("NL-CPO").value(),
                                         .business_name = "CPO"}}}));
  OPENMSP_ASSIGN_OR_RETURN(
      const domain::OrganisationUnit root,
      db.organisation_units().Create(tenant.id, {.parent_id = std::nullopt, .name = "Demo", .billing = {}}));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Profile driver,
                           db.profiles().Create(tenant.id, {.organisation_unit_id = root.id,
                                                            .name = "Ada",
                                                            .kind = domain::ProfileKind::kDriver,
                                                            .email = "",
                                                            .prices_hidden = false}));
  OPENMSP_RETURN_IF_ERROR(db.InOneTransaction(
      [&](store::Repositories& tx) { return AddCards(tx, tenant.id, driver.id, count); }));
  return registered.token;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int count = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const std::string_view value = argv[i + 1];
    if (name == "--database") {
      database = value;
    } else if (name == "--count") {
      if (std::from_chars(value.data(), value.data() + value.size(), count).ec != std::errc{} || count < 1) {
        return Fail("--count must be a whole number of at least 1");
      }
    } else {
      return Fail("unknown option " + std::string(name));
    }
  }
  if (database.empty()) return Fail("usage: openmsp_tokens_seed --database URL [--count N]");
  Result<store::DatabaseUrl> url = store::ParseDatabaseUrl(database);
  if (!url) return Fail(url.error().ToString());
  Result<std::string> token = Seed(*url, count);
  if (!token) return Fail(token.error().ToString());
  std::printf("%s\n", token->c_str());
  return 0;
}
