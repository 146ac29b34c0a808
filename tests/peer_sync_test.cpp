// `openmsp peer sync` against a CPO played by an HttpServer of the test on loopback: the tenant and the
// peer's registration are made through the repositories (as `peer_cli_test.cpp` does; the peer is invited
// with the CLI), the CPO serves its locations over two pages and its CDRs, and the command pulls them in
// its own process. What it printed, its exit code and what it stored are checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "ocpi/pagination.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

json::value Location(const std::string& id) {
  json::object location = ParseJson(R"({"country_code": "NL", "party_id": "ALF", "publish": true,
    "address": "Dam 1", "city": "Amsterdam", "country": "NLD",
    "coordinates": {"latitude": "52.373000", "longitude": "4.893000"}, "time_zone": "Europe/Amsterdam",
    "last_updated": "2026-02-01T10:00:00Z",
    "evses": [{"uid": "E1", "status": "AVAILABLE", "last_updated": "2026-02-01T10:00:00Z",
      "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
        "max_voltage": 230, "max_amperage": 16, "last_updated": "2026-02-01T10:00:00Z"}]}]})")
                              .value()
                              .as_object();
  location["id"] = id;
  return location;
}

// The CPO's locations and cdrs Sender endpoints, two objects a page at most, and a switch to answer 500.
class LoopbackCpo {
 public:
  LoopbackCpo() : server_(MakeRouter(), http::HttpServerOptions{}) {}

  std::string Url(const std::string& module) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/cpo/" + module;
  }
  void Fail(bool fail) {
    std::lock_guard lock(mutex_);
    fail_ = fail;
  }
  std::vector<std::string> authorizations() {
    std::lock_guard lock(mutex_);
    return authorizations_;
  }

 private:
  http::Router MakeRouter() {
    http::Router router;
    router.Add("GET", "/cpo/{module}", [this](const http::HttpRequest& request) {
      const Instant now = ParseOcpiDateTime("2026-03-01T12:00:00Z").value();
      std::lock_guard lock(mutex_);
      authorizations_.emplace_back(request.headers.Get("Authorization").value_or(""));
      if (fail_) {
        http::HttpResponse failed =
            ocpi::ErrorResponse(Error{ErrorCode::kUnavailable, "", "down for maintenance"}, now);
        failed.status = 500;
        return failed;
      }
      const std::string module(request.PathParameterValue("module").value_or(""));
      std::vector<json::value> objects;
      if (module == "locations") objects = {Location("LOC1"), Location("LOC2"), Location("LOC3")};
      if (module == "cdrs") {
        objects = {ParseJson(test::SampleCpoCdr({.tenant_id = domain::TenantId{1},
                                                 .cpo = PartyId::Parse("NL-ALF").value(),
                                                 .cdr_id = "CDR1"})
                                 .body)
                       .value()};
      }
      const ocpi::PageRequest page = ocpi::ParsePageRequest(request.query, 2).value();
      json::array data;
      const auto total = static_cast<std::int64_t>(objects.size());
      for (std::int64_t i = page.offset; i < std::min(total, page.offset + page.limit); ++i) {
        data.push_back(objects[static_cast<std::size_t>(i)]);
      }
      http::HttpResponse response = ocpi::SuccessResponse(data, now);
      ocpi::SetPageHeaders(response.headers, Url(module), page, static_cast<std::int64_t>(data.size()), total,
                           2);
      return response;
    });
    return router;
  }

  std::mutex mutex_;
  bool fail_ = false;
  std::vector<std::string> authorizations_;
  http::test::RunningServer server_;
};

class PeerSyncCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = repositories_.tenants()
                  .Create({.slug = "demo",
                           .name = "Demo",
                           .default_currency = Currency::Find("EUR").value(),
                           .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    const test::ProcessResult invited = Peer({"invite", "--tenant", "demo", "--name", "Alfa Charging"});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    const std::string token_a(ParseJson(invited.out)->at("token_a").as_string());
    peer_ = repositories_.peers().FindByIncomingToken(domain::TokenDigest::Of(token_a)).value().peer_id;
    const domain::PeerRegistration registration{
        .token = "token-b-of-alfa",
        .token_base64 = false,  // an older peer: the raw token
        .versions_url = "https://cpo.alfa.example/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {{.module = "locations",
                       .role = domain::InterfaceRole::kSender,
                       .url = cpo_.Url("locations")},
                      {.module = "cdrs", .role = domain::InterfaceRole::kSender, .url = cpo_.Url("cdrs")}},
        .roles = {{.role = domain::OcpiRole::kCpo,
                   .party = PartyId::Parse("NL-ALF").value(),
                   .business_name = "Alfa Charging"}}};
    repositories_.peers().Register(tenant_, peer_, domain::TokenDigest::Of(token_a), registration).value();
  }

  store::DatabaseUrl url() const {
    return store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  }

  test::ProcessResult Peer(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {OPENMSP_BINARY, "peer"});
    arguments.insert(arguments.end(), {"--database", url().ToString()});
    return test::RunProcess(arguments);
  }

  test::TempDirectory directory_{"openmsp_peer_sync_test"};
  ManualClock clock_{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
  store::Repositories repositories_ = [this] {
    store::OpenAndMigrate(url()).value();
    return store::Repositories::Open(url(), clock_).value();
  }();
  LoopbackCpo cpo_;
  domain::TenantId tenant_;
  domain::PeerId peer_;
};

TEST_F(PeerSyncCliTest, SyncPullsEveryModuleThePeerSendsAndPrintsWhatItDid) {
  const test::ProcessResult synced = Peer({"sync", "--tenant", "demo", "--name", "Alfa Charging", "--json"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  const json::array modules = ParseJson(synced.out).value().as_array();
  ASSERT_EQ(modules.size(), 4u);
  EXPECT_EQ(modules[0].at("module"), "tariffs");
  EXPECT_EQ(modules[0].at("pulled"), false);
  EXPECT_EQ(modules[2].at("module"), "sessions");
  EXPECT_EQ(modules[2].at("pulled"), false);

  const json::object& locations = modules[1].as_object();
  EXPECT_EQ(locations.at("module"), "locations");
  EXPECT_EQ(locations.at("pages"), 2);
  EXPECT_EQ(locations.at("applied"), 3);
  EXPECT_EQ(locations.at("skipped"), 0);
  EXPECT_EQ(locations.at("failed"), 0);
  EXPECT_EQ(locations.at("date_from"), nullptr);
  EXPECT_EQ(locations.at("error"), nullptr);
  EXPECT_TRUE(locations.at("state").at("date_from").is_string());
  EXPECT_TRUE(locations.at("state").at("last_success_at").is_string());

  const json::object& cdrs = modules[3].as_object();
  EXPECT_EQ(cdrs.at("pages"), 1);
  EXPECT_EQ(cdrs.at("applied"), 1);

  for (const std::string& authorization : cpo_.authorizations())
    EXPECT_EQ(authorization, "Token token-b-of-alfa");
  for (const char* id : {"LOC1", "LOC2", "LOC3"}) {
    EXPECT_TRUE(repositories_.locations().Find(
        tenant_, {.party = PartyId::Parse("NL-ALF").value(), .location_id = id}))
        << id;
  }
  EXPECT_TRUE(repositories_.cpo_cdrs().FindByKey(tenant_, PartyId::Parse("NL-ALF").value(), "CDR1"));
  // The rating of the new CDR is queued for `openmsp serve`'s workers.
  EXPECT_EQ(
      repositories_.jobs().List(domain::JobScope::OfTenant(tenant_), domain::JobState::kQueued, 10)->size(),
      1u);

  // Again, as a table: incremental now, nothing newer than ours.
  const test::ProcessResult again =
      Peer({"sync", "--tenant", "demo", "--peer", std::to_string(peer_.value), "--module", "cdrs", "--full"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("MODULE     PAGES  APPLIED  SKIPPED  FAILED  STATE\n"));
  EXPECT_THAT(again.out, HasSubstr("cdrs       1      0        1        0       synced; last success "));
  EXPECT_EQ(again.out.find("locations"), std::string::npos);
}

TEST_F(PeerSyncCliTest, AFailedPullIsReportedRecordedAndExitsWithOne) {
  cpo_.Fail(true);
  const test::ProcessResult failed =
      Peer({"sync", "--tenant", "demo", "--name", "Alfa Charging", "--module", "locations"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_THAT(failed.out, HasSubstr("locations  0      0        0        0       failed; last success -"));
  EXPECT_THAT(failed.out, HasSubstr("locations: error: status: GET " + cpo_.Url("locations")));
  EXPECT_THAT(failed.out, HasSubstr("answered HTTP 500"));
  EXPECT_THAT(failed.err, HasSubstr("a pull failed"));
  const std::vector<domain::PeerSyncState> states =
      repositories_.peers().ListSyncStates(tenant_, peer_).value();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].module, "locations");
  EXPECT_THAT(states[0].last_error, HasSubstr("down for maintenance"));
  EXPECT_EQ(states[0].date_from, std::nullopt);
}

TEST_F(PeerSyncCliTest, RefusesWhatItCannotDo) {
  const test::ProcessResult both =
      Peer({"sync", "--tenant", "demo", "--name", "Alfa Charging", "--peer", std::to_string(peer_.value)});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--peer"));
  const test::ProcessResult module =
      Peer({"sync", "--tenant", "demo", "--name", "Alfa Charging", "--module", "tokens"});
  EXPECT_EQ(module.exit_code, 2);
  EXPECT_THAT(module.err, HasSubstr("--module: must be one of tariffs, locations, sessions, cdrs"));
  const test::ProcessResult unknown = Peer({"sync", "--tenant", "demo", "--name", "Nobody"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("--name: tenant demo has no peer called 'Nobody'"));
}

}  // namespace
}  // namespace openmsp
