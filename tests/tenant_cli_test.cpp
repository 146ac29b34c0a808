// `openmsp tenant create` and `openmsp tenant list` as the platform operator runs them, on a SQLite database
// in a fresh temporary directory; what they stored is read back through the repositories.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "domain/password.h"
#include "domain/permissions.h"
#include "domain/secret.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPassword = "correct horse battery staple";

class TenantCliTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("OPENMSP_DATABASE"); }

  std::string DatabaseUrl() const { return "sqlite:" + directory_.File("openmsp.db"); }

  // `openmsp tenant create` of the demo tenant, with the options in `changes` (pairs of option and value)
  // in place of the demo's: `{"--party", "AAA", "--party", "BBB"}` replaces the demo's one party by two.
  test::ProcessResult Create(const std::vector<std::string>& changes = {}) {
    std::vector<std::pair<std::string, std::string>> options = {{"--database", DatabaseUrl()},
                                                                {"--slug", "demo"},
                                                                {"--name", "Demo MSP"},
                                                                {"--country", "NL"},
                                                                {"--party", "DEM"},
                                                                {"--admin-email", "Admin@Demo.example"},
                                                                {"--admin-password", kPassword}};
    for (std::size_t i = 0; i + 1 < changes.size(); i += 2) {
      std::erase_if(options, [&](const auto& option) { return option.first == changes[i]; });
    }
    for (std::size_t i = 0; i + 1 < changes.size(); i += 2) options.emplace_back(changes[i], changes[i + 1]);
    std::vector<std::string> argv = {OPENMSP_BINARY, "tenant", "create"};
    for (const auto& [option, value] : options) {
      argv.push_back(option);
      argv.push_back(value);
    }
    return test::RunProcess(argv);
  }

  store::Repositories Open() {
    return store::Repositories::Open(store::ParseDatabaseUrl(DatabaseUrl()).value(), clock_).value();
  }

  test::TempDirectory directory_{"openmsp_tenant_cli_test"};
  ManualClock clock_{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
};

TEST_F(TenantCliTest, CreatesTheTenantItsRootUnitItsFirstAdminAndAnAuditEntry) {
  const test::ProcessResult result = Create();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  ASSERT_FALSE(result.out.empty());
  EXPECT_EQ(result.out.back(), '\n');
  EXPECT_THAT(result.out, Not(HasSubstr(kPassword)));
  EXPECT_THAT(result.out, Not(HasSubstr("argon2")));

  const boost::json::value printed = ParseJson(result.out).value();
  const boost::json::object& tenant_json = printed.as_object();
  EXPECT_EQ(tenant_json.at("slug"), "demo");
  EXPECT_EQ(tenant_json.at("name"), "Demo MSP");
  EXPECT_EQ(tenant_json.at("parties"), (boost::json::array{"NL-DEM"}));
  EXPECT_EQ(tenant_json.at("currency"), "EUR");
  EXPECT_EQ(tenant_json.at("admin").at("email"), "admin@demo.example");
  EXPECT_EQ(tenant_json.at("admin").at("role"), "tenant_admin");

  store::Repositories repositories = Open();
  const domain::Tenant tenant = repositories.tenants().FindBySlug("demo").value();
  EXPECT_EQ(tenant_json.at("id"), tenant.id.value);
  EXPECT_EQ(tenant.name, "Demo MSP");
  EXPECT_EQ(tenant.default_currency.code(), "EUR");
  EXPECT_EQ(tenant.parties, (std::vector{PartyId::Parse("NL-DEM").value()}));

  const domain::OrganisationUnitId root_id{tenant_json.at("root_organisation_unit_id").as_int64()};
  const domain::OrganisationUnit root =
      repositories.organisation_units().FindById(tenant.id, root_id).value();
  EXPECT_EQ(root.parent_id, std::nullopt);
  EXPECT_EQ(root.name, "Demo MSP");

  const domain::User admin = repositories.users().FindByEmail(tenant.id, "admin@demo.example").value();
  EXPECT_EQ(tenant_json.at("admin").at("id"), admin.id.value);
  EXPECT_EQ(admin.display_name, "Administrator");
  EXPECT_EQ(admin.status, domain::UserStatus::kActive);
  EXPECT_TRUE(domain::VerifyPassword(admin.password_hash, kPassword));
  EXPECT_FALSE(domain::VerifyPassword(admin.password_hash, "correct horse battery stapler"));
  EXPECT_TRUE(domain::CheckLogin(&admin, kPassword).ok());

  const std::vector<domain::RoleAssignment> roles =
      repositories.users().ListAssignments(tenant.id, admin.id).value();
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].role, domain::Role::kTenantAdmin);
  EXPECT_EQ(roles[0].organisation_unit_id, root.id);

  const domain::AuditPage log = repositories.audit_log().List(tenant.id, {}, 10, std::nullopt).value();
  ASSERT_EQ(log.entries.size(), 1u);
  EXPECT_EQ(log.entries[0].actor, domain::AuditActor::System("cli"));
  EXPECT_EQ(log.entries[0].action, "tenant.create");
  EXPECT_EQ(log.entries[0].object_type, "tenant");
  EXPECT_EQ(log.entries[0].object_id, std::to_string(tenant.id.value));
  EXPECT_EQ(log.entries[0].after + "\n", result.out);
}

TEST_F(TenantCliTest, ASecondTenantWithTheSameSlugIsRefusedAndNothingOfItIsStored) {
  ASSERT_EQ(Create().exit_code, 0);

  const test::ProcessResult again = Create({"--party", "DE2", "--admin-email", "other@demo.example"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err, "openmsp tenant create: --slug: a tenant with the slug 'demo' exists already\n");

  // Another slug with a party taken: refused after the tenant row was written, which is rolled back.
  const test::ProcessResult taken = Create({"--slug", "demo2", "--party", "BE-X1Y", "--party", "NL-DEM"});
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_EQ(taken.err, "openmsp tenant create: --party: another tenant acts as eMSP NL-DEM already\n");

  store::Repositories repositories = Open();
  const std::vector<domain::Tenant> tenants = repositories.tenants().List().value();
  ASSERT_EQ(tenants.size(), 1u);
  EXPECT_EQ(tenants[0].slug, "demo");
  EXPECT_EQ(repositories.tenants().FindByParty(PartyId::Parse("BE-X1Y").value()).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(repositories.audit_log().List(tenants[0].id, {}, 10, std::nullopt)->entries.size(), 1u);
}

TEST_F(TenantCliTest, TheCurrencyComesFromTheCountryUnlessGiven) {
  const test::ProcessResult british = Create({"--slug", "uk", "--country", "GB", "--party", "UKM"});
  ASSERT_EQ(british.exit_code, 0) << british.err;
  EXPECT_EQ(ParseJson(british.out)->at("currency"), "GBP");
  EXPECT_EQ(ParseJson(british.out)->at("parties"), (boost::json::array{"GB-UKM"}));

  const test::ProcessResult unknown = Create({"--slug", "us", "--country", "US", "--party", "USM"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err,
            "openmsp tenant create: --country: OpenMSP knows no currency for US; give --currency\n");

  const test::ProcessResult dollars =
      Create({"--slug", "us", "--country", "US", "--party", "USM", "--currency", "USD"});
  ASSERT_EQ(dollars.exit_code, 0) << dollars.err;
  EXPECT_EQ(ParseJson(dollars.out)->at("currency"), "USD");

  // Several parties, in the order given: a code in --country and a whole party id.
  const test::ProcessResult two =
      Create({"--slug", "two", "--country", "BE", "--party", "AAA", "--party", "LU-BBB"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(ParseJson(two.out)->at("parties"), (boost::json::array{"BE-AAA", "LU-BBB"}));
  EXPECT_EQ(ParseJson(two.out)->at("currency"), "EUR");
}

TEST_F(TenantCliTest, BadInputNamesTheOptionExitsTwoAndWritesNothing) {
  const struct {
    std::vector<std::string> changes;
    std::string error;
  } cases[] = {
      {{"--slug", "Demo MSP"}, "--slug: "},
      {{"--name", ""}, "--name: "},
      {{"--country", "XX"}, "--country: "},
      {{"--party", "D"}, "--party: "},
      {{"--party", "DEM", "--party", "nl-dem"}, "--party: "},
      {{"--currency", "EURO"}, "--currency: "},
      {{"--admin-email", "admin at demo"}, "--admin-email: "},
      {{"--admin-password", "short"}, "--admin-password: "},
      {{"--admin-password", "admin@demo.example"}, "--admin-password: "},
      {{"--admin-name", ""}, "--admin-name: "},
      {{"--database", "mysql://localhost/x"}, "--database: "},
  };
  for (const auto& bad : cases) {
    const test::ProcessResult result = Create(bad.changes);
    EXPECT_EQ(result.exit_code, 2) << bad.error << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("openmsp tenant create: " + bad.error)) << bad.error;
  }
  // Every check runs before the database is opened: it was not even created.
  EXPECT_FALSE(std::filesystem::exists(directory_.path() / "openmsp.db"));

  const test::ProcessResult missing =
      test::RunProcess({OPENMSP_BINARY, "tenant", "create", "--slug", "demo"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("is required"));
}

TEST_F(TenantCliTest, ListsTheTenantsAsATableOrJsonFromTheDatabaseInTheEnvironment) {
  ASSERT_EQ(Create().exit_code, 0);
  ASSERT_EQ(Create({"--slug", "uk", "--name", "Charge UK", "--country", "GB", "--party", "UKM"}).exit_code,
            0);
  setenv("OPENMSP_DATABASE", DatabaseUrl().c_str(), 1);

  const test::ProcessResult table = test::RunProcess({OPENMSP_BINARY, "tenant", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out,
            "ID      SLUG                    CURRENCY  PARTIES                 NAME\n"
            "1       demo                    EUR       NL-DEM                  Demo MSP\n"
            "2       uk                      GBP       GB-UKM                  Charge UK\n");

  const test::ProcessResult json = test::RunProcess({OPENMSP_BINARY, "tenant", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const boost::json::array tenants = ParseJson(json.out)->as_array();
  ASSERT_EQ(tenants.size(), 2u);
  EXPECT_EQ(tenants[0].at("slug"), "demo");
  EXPECT_EQ(tenants[1].at("parties"), (boost::json::array{"GB-UKM"}));
  EXPECT_EQ(tenants[1].at("currency"), "GBP");

  setenv("OPENMSP_DATABASE", "nonsense", 1);
  const test::ProcessResult bad = test::RunProcess({OPENMSP_BINARY, "tenant", "list"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("openmsp tenant list: OPENMSP_DATABASE: 'nonsense'"));
}

TEST(TenantCliPostgresqlTest, CreatesATenantAndInvitesAPeerOnAFreshPostgresqlDatabase) {
  test::PostgresServer server;
  const std::string url = server.CreateDatabase("tenant_cli");
  const test::ProcessResult created =
      test::RunProcess({OPENMSP_BINARY, "tenant", "create", "--database", url, "--slug", "demo", "--name",
                        "Demo MSP", "--country", "DE", "--party", "DEM", "--admin-email",
                        "admin@demo.example", "--admin-password", kPassword});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(ParseJson(created.out)->at("parties"), (boost::json::array{"DE-DEM"}));

  const test::ProcessResult again =
      test::RunProcess({OPENMSP_BINARY, "tenant", "create", "--database", url, "--slug", "demo", "--name",
                        "Demo MSP", "--country", "DE", "--party", "DE2", "--admin-email",
                        "admin@demo.example", "--admin-password", kPassword});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "openmsp tenant create: --slug: a tenant with the slug 'demo' exists already\n");

  const test::ProcessResult invited = test::RunProcess(
      {OPENMSP_BINARY, "peer", "invite", "--database", url, "--tenant", "demo", "--name", "Alfa"});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;

  const ManualClock clock{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
  store::Repositories repositories =
      store::Repositories::Open(store::ParseDatabaseUrl(url).value(), clock).value();
  const domain::Tenant tenant = repositories.tenants().FindBySlug("demo").value();
  EXPECT_EQ(repositories.tenants().List()->size(), 1u);
  EXPECT_TRUE(domain::VerifyPassword(
      repositories.users().FindByEmail(tenant.id, "admin@demo.example")->password_hash, kPassword));
  const domain::PeerAuthentication peer =
      repositories.peers()
          .FindByIncomingToken(
              domain::TokenDigest::Of(std::string(ParseJson(invited.out)->at("token_a").as_string())))
          .value();
  EXPECT_EQ(peer.tenant_id, tenant.id);
  EXPECT_EQ(repositories.audit_log().List(tenant.id, {}, 10, std::nullopt)->entries.size(),
            2u);  // create, invite
}

}  // namespace
}  // namespace openmsp
