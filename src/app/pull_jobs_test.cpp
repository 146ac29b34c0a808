// The pull jobs on a real SQLite database and job queue: the sweep queues a pull per Sender module of a
// connected peer, the job runner pulls from a CPO played by an HttpServer on loopback, and a CPO that
// answers 500 fails the attempt (the queue tries again) with the error recorded in the sync state.

#include "app/pull_jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "domain/secret.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "ocpi/pagination.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp::app {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return condition();
}

// A CPO's locations Sender with one location, or HTTP 500 while `failing`.
http::Router CpoRouter(std::atomic<bool>& failing, std::atomic<int>& requests) {
  http::Router router;
  router.Add("GET", "/cpo/locations", [&failing, &requests](const http::HttpRequest& request) {
    ++requests;
    const Instant now = At("2026-03-01T12:00:00Z");
    if (failing) {
      http::HttpResponse failed = ocpi::ErrorResponse(Error{ErrorCode::kUnavailable, "", "down"}, now);
      failed.status = 500;
      return failed;
    }
    json::value location =
        ParseJson(R"({"country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
      "address": "Dam 1", "city": "Amsterdam", "country": "NLD", "last_updated": "2026-02-01T10:00:00Z",
      "coordinates": {"latitude": "52.373000", "longitude": "4.893000"}, "time_zone": "Europe/Amsterdam"})")
            .value();
    const ocpi::PageRequest page = ocpi::ParsePageRequest(request.query, 10).value();
    http::HttpResponse response = ocpi::SuccessResponse(json::array{location}, now);
    ocpi::SetPageHeaders(response.headers, "http://127.0.0.1/cpo/locations", page, 1, 1, 10);
    return response;
  });
  return router;
}

class PullJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = repositories_.tenants()
                  .Create(domain::NewTenant{.slug = "demo",
                                            .name = "Demo",
                                            .default_currency = Currency::Find("EUR").value(),
                                            .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    const domain::PeerWithToken invited = repositories_.peers().Create(tenant_, {.name = "CPO"}).value();
    peer_ = invited.peer.id;
    const std::string base = "http://127.0.0.1:" + std::to_string(cpo_.port());
    (void)repositories_.peers()
        .Register(tenant_, peer_, domain::TokenDigest::Of(invited.token),
                  domain::PeerRegistration{.token = "token-b",
                                           .token_base64 = true,
                                           .versions_url = base + "/versions",
                                           .version = "2.2.1",
                                           .endpoints = {{.module = "locations",
                                                          .role = domain::InterfaceRole::kSender,
                                                          .url = base + "/cpo/locations"},
                                                         {.module = "cdrs",
                                                          .role = domain::InterfaceRole::kReceiver,
                                                          .url = base + "/x"}},
                                           .roles = {{.role = domain::OcpiRole::kCpo,
                                                      .party = PartyId::Parse("NL-CPO").value(),
                                                      .business_name = "CPO"}}})
        .value();
  }

  JobRunner Runner() {
    return JobRunner(
        clock_, [url = url_] { return store::OpenJobQueue(url); },
        JobRunnerOptions{.node_id = "test", .workers = 1, .idle_poll = milliseconds(10)});
  }

  std::vector<domain::Job> Jobs(domain::JobState state) {
    return repositories_.jobs().List(domain::JobScope::OfTenant(tenant_), state, 10).value();
  }

  ManualClock clock_{At("2026-03-01T12:00:00Z")};
  test::TempDirectory directory_{"openmsp_pull_jobs"};
  store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  store::Repositories repositories_ = [this] {
    (void)store::OpenAndMigrate(url_).value();
    return store::Repositories::Open(url_, clock_).value();
  }();
  std::atomic<bool> failing_{false};
  std::atomic<int> requests_{0};
  http::test::RunningServer cpo_{CpoRouter(failing_, requests_), http::HttpServerOptions{}};
  domain::TenantId tenant_;
  domain::PeerId peer_;
};

TEST_F(PullJobsTest, TheSweepQueuesAPullThatTheRunnerRuns) {
  {
    const PullSweep sweep(url_, clock_, std::chrono::hours(1));
    ASSERT_TRUE(Eventually([&] { return Jobs(domain::JobState::kQueued).size() == 1; }));
  }
  const domain::Job queued = Jobs(domain::JobState::kQueued).front();
  EXPECT_EQ(queued.kind, emsp::kPullJob);
  EXPECT_EQ(queued.payload,
            R"({"peer_id":)" + std::to_string(peer_.value) + R"(,"module":"locations","full":false})");

  JobRunner runner = Runner();
  ASSERT_TRUE(RegisterPullJobs(runner, url_, clock_));
  ASSERT_TRUE(runner.Start());
  ASSERT_TRUE(Eventually([&] { return runner.stats().succeeded == 1; }));
  runner.Stop();
  EXPECT_EQ(requests_.load(), 1);
  EXPECT_TRUE(repositories_.locations().Find(
      tenant_, {.party = PartyId::Parse("NL-CPO").value(), .location_id = "LOC1"}));
  const std::vector<domain::PeerSyncState> states =
      repositories_.peers().ListSyncStates(tenant_, peer_).value();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].module, "locations");
  EXPECT_EQ(states[0].date_from, At("2026-03-01T11:59:00Z"));
}

TEST_F(PullJobsTest, AFailedPullFailsTheAttemptAndIsRecorded) {
  failing_ = true;
  ASSERT_TRUE(emsp::QueuePeerPulls(repositories_.peers(), repositories_.jobs(), tenant_, clock_.Now()));
  JobRunner runner = Runner();
  ASSERT_TRUE(RegisterPullJobs(runner, url_, clock_));
  ASSERT_TRUE(runner.Start());
  ASSERT_TRUE(Eventually([&] { return runner.stats().failed == 1; }));
  runner.Stop();
  const std::vector<domain::Job> retried = Jobs(domain::JobState::kQueued);
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_NE(retried[0].last_error.find("answered HTTP 500"), std::string::npos) << retried[0].last_error;
  EXPECT_GT(retried[0].run_at, clock_.Now());  // the queue's backoff
  const std::vector<domain::PeerSyncState> states =
      repositories_.peers().ListSyncStates(tenant_, peer_).value();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_NE(states[0].last_error.find("down"), std::string::npos);
  EXPECT_EQ(states[0].date_from, std::nullopt);
}

}  // namespace
}  // namespace openmsp::app
