// `openmsp peer invite | list | suspend | resume` on a SQLite database in a fresh temporary directory. The
// tenants, and the registration a peer would make over OCPI, are set up through the repositories; what
// the commands stored is read back through them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PeerCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    demo_ = AddTenant("demo", "NL-DEM");
    other_ = AddTenant("other", "BE-OTH");
  }

  void TearDown() override {
    unsetenv("OPENMSP_DATABASE");
    unsetenv("OPENMSP_PUBLIC_URL");
  }

  store::DatabaseUrl url() const {
    return store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  }

  domain::TenantId AddTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create({.slug = slug,
                 .name = slug,
                 .default_currency = Currency::Find("EUR").value(),
                 .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  test::ProcessResult Peer(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {OPENMSP_BINARY, "peer"});
    arguments.insert(arguments.end(), {"--database", url().ToString()});
    return test::RunProcess(arguments);
  }

  // Invites a peer of `tenant` through the CLI; returns its token A.
  std::string Invite(const char* tenant, const char* name) {
    const test::ProcessResult invited = Peer({"invite", "--tenant", tenant, "--name", name});
    EXPECT_EQ(invited.exit_code, 0) << invited.err;
    return std::string(ParseJson(invited.out)->at("token_a").as_string());
  }

  // What the OCPI credentials POST of a CPO NL-ALF stores, made with the token A it was invited with.
  domain::PeerId Register(domain::TenantId tenant, const std::string& token_a) {
    const domain::PeerAuthentication peer =
        repositories_.peers().FindByIncomingToken(domain::TokenDigest::Of(token_a)).value();
    const domain::PeerRegistration registration{
        .token = "token-b-of-alfa",
        .token_base64 = true,
        .versions_url = "https://cpo.alfa.example/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {{.module = "cdrs",
                       .role = domain::InterfaceRole::kSender,
                       .url = "https://cpo.alfa.example/ocpi/2.2.1/cdrs"}},
        .roles = {{.role = domain::OcpiRole::kCpo,
                   .party = PartyId::Parse("NL-ALF").value(),
                   .business_name = "Alfa Charging"}}};
    repositories_.peers()
        .Register(tenant, peer.peer_id, domain::TokenDigest::Of(token_a), registration)
        .value();
    return peer.peer_id;
  }

  test::TempDirectory directory_{"openmsp_peer_cli_test"};
  ManualClock clock_{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
  store::Repositories repositories_ = [this] {
    store::OpenAndMigrate(url()).value();
    return store::Repositories::Open(url(), clock_).value();
  }();
  domain::TenantId demo_;
  domain::TenantId other_;
};

TEST_F(PeerCliTest, InvitePrintsTheVersionsUrlAndATokenAThatAuthenticatesThePendingPeer) {
  const test::ProcessResult invited = Peer({"invite", "--tenant", "demo", "--name", "Alfa Charging"});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  EXPECT_EQ(invited.err, "");
  EXPECT_EQ(invited.out.back(), '\n');
  EXPECT_EQ(invited.out.find('\n'), invited.out.size() - 1);  // exactly one line: one JSON object
  const boost::json::object printed = ParseJson(invited.out)->as_object();
  ASSERT_EQ(printed.size(), 2u);
  EXPECT_EQ(printed.at("versions_url"), "http://127.0.0.1:8080/ocpi/versions");
  const std::string token(printed.at("token_a").as_string());
  EXPECT_EQ(token.size(), 43u);

  const domain::PeerAuthentication peer =
      repositories_.peers().FindByIncomingToken(domain::TokenDigest::Of(token)).value();
  EXPECT_EQ(peer.tenant_id, demo_);
  EXPECT_EQ(peer.status, domain::PeerStatus::kPending);
  EXPECT_EQ(repositories_.peers().FindById(demo_, peer.peer_id)->name, "Alfa Charging");
  EXPECT_TRUE(repositories_.peers().List(other_)->empty());

  const domain::AuditPage log = repositories_.audit_log().List(demo_, {}, 10, std::nullopt).value();
  ASSERT_EQ(log.entries.size(), 1u);
  EXPECT_EQ(log.entries[0].action, "peer.invite");
  EXPECT_EQ(log.entries[0].object_id, std::to_string(peer.peer_id.value));
  EXPECT_EQ(ParseJson(log.entries[0].after)->at("status"), "pending");
  EXPECT_THAT(log.entries[0].after, Not(HasSubstr(token)));

  // Each invitation is a peer of its own with a token of its own.
  EXPECT_NE(Invite("demo", "Beta Hub"), token);
  EXPECT_EQ(repositories_.peers().List(demo_)->size(), 2u);
}

TEST_F(PeerCliTest, TheVersionsUrlFollowsThePublicUrlFromTheOptionOrTheEnvironment) {
  const auto versions_url = [&](std::vector<std::string> arguments) {
    const test::ProcessResult invited = Peer(std::move(arguments));
    EXPECT_EQ(invited.exit_code, 0) << invited.err;
    return std::string(ParseJson(invited.out)->at("versions_url").as_string());
  };
  EXPECT_EQ(
      versions_url({"invite", "--tenant", "demo", "--name", "A", "--public-url", "https://msp.example.com/"}),
      "https://msp.example.com/ocpi/versions");
  setenv("OPENMSP_PUBLIC_URL", "https://demo.example.com:8443/msp", 1);
  EXPECT_EQ(versions_url({"invite", "--tenant", "demo", "--name", "B"}),
            "https://demo.example.com:8443/msp/ocpi/versions");
  EXPECT_EQ(
      versions_url({"invite", "--tenant", "demo", "--name", "C", "--public-url", "http://10.0.0.5:8080"}),
      "http://10.0.0.5:8080/ocpi/versions");

  setenv("OPENMSP_PUBLIC_URL", "msp.example.com", 1);
  const test::ProcessResult from_environment = Peer({"invite", "--tenant", "demo", "--name", "D"});
  EXPECT_EQ(from_environment.exit_code, 2);
  EXPECT_EQ(from_environment.out, "");
  EXPECT_EQ(
      from_environment.err,
      "openmsp peer invite: OPENMSP_PUBLIC_URL: 'msp.example.com' is not an http:// or https:// URL with a "
      "host\n");
  const test::ProcessResult query =
      Peer({"invite", "--tenant", "demo", "--name", "D", "--public-url", "https://msp.example.com/?x=1"});
  EXPECT_EQ(query.exit_code, 2);
  EXPECT_THAT(query.err, HasSubstr("openmsp peer invite: --public-url: "));
  // Nothing was invited by the refused commands.
  EXPECT_EQ(repositories_.peers().List(demo_)->size(), 3u);
}

TEST_F(PeerCliTest, RefusesAnUnknownTenantAndABadNameWithoutStoringAnything) {
  const test::ProcessResult unknown = Peer({"invite", "--tenant", "nope", "--name", "Alfa"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "openmsp peer invite: --tenant: no tenant has the slug nope\n");

  const test::ProcessResult nameless = Peer({"invite", "--tenant", "demo", "--name", ""});
  EXPECT_EQ(nameless.exit_code, 2);
  EXPECT_THAT(nameless.err, HasSubstr("openmsp peer invite: --name: "));

  const test::ProcessResult list = Peer({"list", "--tenant", "nope"});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_EQ(list.err, "openmsp peer list: --tenant: no tenant has the slug nope\n");
  EXPECT_TRUE(repositories_.peers().List(demo_)->empty());
}

TEST_F(PeerCliTest, ListsTheTenantsPeersAsATableOrJson) {
  Register(demo_, Invite("demo", "Alfa Charging"));
  Invite("demo", "Beta Hub");
  Invite("other", "Not Demo's");
  setenv("OPENMSP_DATABASE", url().ToString().c_str(), 1);

  const test::ProcessResult table = test::RunProcess({OPENMSP_BINARY, "peer", "list", "--tenant", "demo"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out,
            "ID      STATUS        VERSION  ROLES                   NAME\n"
            "1       connected     2.2.1    CPO NL-ALF              Alfa Charging\n"
            "2       pending       -        -                       Beta Hub\n");

  const test::ProcessResult json =
      test::RunProcess({OPENMSP_BINARY, "peer", "list", "--tenant", "demo", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const boost::json::array peers = ParseJson(json.out)->as_array();
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0].at("status"), "connected");
  EXPECT_EQ(peers[0].at("versions_url"), "https://cpo.alfa.example/ocpi/versions");
  EXPECT_EQ(peers[0].at("roles"),
            (boost::json::array{boost::json::object{
                {"role", "CPO"}, {"party", "NL-ALF"}, {"business_name", "Alfa Charging"}}}));
  EXPECT_EQ(peers[0].at("endpoints").as_array().size(), 1u);
  EXPECT_EQ(peers[0].at("registered_at"), "2026-03-02T10:00:00Z");
  EXPECT_EQ(peers[1].at("status"), "pending");
  EXPECT_TRUE(peers[1].at("registered_at").is_null());
  EXPECT_THAT(json.out, Not(HasSubstr("token-b-of-alfa")));
}

TEST_F(PeerCliTest, SuspendsAndResumesAConnectedPeerWithAuditEntries) {
  const domain::PeerId alfa = Register(demo_, Invite("demo", "Alfa Charging"));
  const std::string id = std::to_string(alfa.value);

  const test::ProcessResult suspended = Peer({"suspend", "--tenant", "demo", "--peer", id});
  ASSERT_EQ(suspended.exit_code, 0) << suspended.err;
  EXPECT_EQ(ParseJson(suspended.out)->at("status"), "suspended");
  EXPECT_EQ(repositories_.peers().FindById(demo_, alfa)->status, domain::PeerStatus::kSuspended);

  const test::ProcessResult twice = Peer({"suspend", "--tenant", "demo", "--peer", id});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err, "openmsp peer suspend: --peer: a suspended peer cannot become suspended\n");

  const test::ProcessResult resumed = Peer({"resume", "--tenant", "demo", "--peer", id});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(ParseJson(resumed.out)->at("status"), "connected");
  EXPECT_EQ(repositories_.peers().FindById(demo_, alfa)->status, domain::PeerStatus::kConnected);
  EXPECT_EQ(repositories_.peers().FindOutgoingCredentials(demo_, alfa)->token, "token-b-of-alfa");

  const domain::AuditPage log = repositories_.audit_log().List(demo_, {}, 10, std::nullopt).value();
  ASSERT_EQ(log.entries.size(), 3u);  // newest first; the refused second suspension left none
  EXPECT_EQ(log.entries[0].action, "peer.resume");
  EXPECT_EQ(ParseJson(log.entries[0].before)->at("status"), "suspended");
  EXPECT_EQ(ParseJson(log.entries[0].after)->at("status"), "connected");
  EXPECT_EQ(log.entries[1].action, "peer.suspend");
  EXPECT_EQ(ParseJson(log.entries[1].before)->at("status"), "connected");
  EXPECT_EQ(log.entries[1].actor, domain::AuditActor::System("cli"));
  EXPECT_EQ(log.entries[2].action, "peer.invite");
}

TEST_F(PeerCliTest, APendingPeerOrAnotherTenantsPeerCannotBeSuspended) {
  Invite("demo", "Alfa Charging");
  const test::ProcessResult pending = Peer({"suspend", "--tenant", "demo", "--peer", "1"});
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_EQ(pending.err, "openmsp peer suspend: --peer: a pending peer cannot become suspended\n");

  const domain::PeerId others = Register(other_, Invite("other", "Alfa for other"));
  const test::ProcessResult foreign =
      Peer({"suspend", "--tenant", "demo", "--peer", std::to_string(others.value)});
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_EQ(foreign.err,
            "openmsp peer suspend: --peer: tenant demo has no peer " + std::to_string(others.value) + "\n");
  EXPECT_EQ(repositories_.peers().FindById(other_, others)->status, domain::PeerStatus::kConnected);

  const test::ProcessResult resume_connected =
      Peer({"resume", "--tenant", "other", "--peer", std::to_string(others.value)});
  EXPECT_EQ(resume_connected.exit_code, 1);
  EXPECT_EQ(resume_connected.err, "openmsp peer resume: --peer: a connected peer cannot become connected\n");

  const test::ProcessResult not_a_number = Peer({"suspend", "--tenant", "demo", "--peer", "first"});
  EXPECT_EQ(not_a_number.exit_code, 2);
}

}  // namespace
}  // namespace openmsp
