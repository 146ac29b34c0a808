// Pulls from a CPO played by an HttpServer on loopback (real sockets, the real HttpClient, the real
// pagination code on both sides), into a migrated SQLite: several pages followed through `Link`, the
// window of a full and of an incremental pull, a malformed object and another party's, a 500 and then a
// success, the four modules stored as their receivers store them.

#include "emsp/peer_sync.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/json.h"
#include "domain/rating_job.h"
#include "emsp/ocpi_test_world.h"
#include "http/query.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "ocpi/pagination.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using testing::OcpiTestWorld;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

json::object Example(const std::string& path) {
  return ParseJson(ReadFile(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/" + path)).value().as_object();
}

// A location `id` of NL-CPO last updated at `last_updated`, its EVSE and connector as old.
json::object Location(const std::string& id, const std::string& last_updated) {
  json::object location = ParseJson(R"({"country_code": "NL", "party_id": "CPO", "publish": true,
    "address": "Dam 1", "city": "Amsterdam", "country": "NLD",
    "coordinates": {"latitude": "52.373000", "longitude": "4.893000"}, "time_zone": "Europe/Amsterdam",
    "evses": [{"uid": "E1", "status": "AVAILABLE", "connectors": [{"id": "1", "standard": "IEC_62196_T2",
      "format": "SOCKET", "power_type": "AC_3_PHASE", "max_voltage": 230, "max_amperage": 16}]}]})")
                              .value()
                              .as_object();
  location["id"] = id;
  location["last_updated"] = last_updated;
  location["evses"].as_array()[0].as_object()["last_updated"] = last_updated;
  location["evses"].as_array()[0].as_object()["connectors"].as_array()[0].as_object()["last_updated"] =
      last_updated;
  return location;
}

json::object Tariff(const std::string& id, const std::string& last_updated) {
  json::object tariff = Example("tariffs/tariff_1_simple_2hour.json");
  tariff["country_code"] = "NL";
  tariff["party_id"] = "CPO";
  tariff["id"] = id;
  tariff["last_updated"] = last_updated;
  return tariff;
}

json::object Session(const std::string& id, const std::string& last_updated) {
  json::object session = Example("sessions/session_example_1_simple_start.json");
  session["country_code"] = "NL";
  session["party_id"] = "CPO";
  session["id"] = id;
  session["last_updated"] = last_updated;
  return session;
}

json::object Cdr(const std::string& id, const std::string& last_updated) {
  json::object cdr =
      ParseJson(test::SampleCpoCdr(
                    {.tenant_id = domain::TenantId{1}, .cpo = PartyId::Parse("NL-CPO").value(), .cdr_id = id})
                    .body)
          .value()
          .as_object();
  cdr["last_updated"] = last_updated;
  return cdr;
}

// What the CPO saw of one GET.
struct Seen {
  std::string path;
  std::string query;
  std::string authorization;
  std::string request_id;
  std::string correlation_id;
};

// A CPO's Sender interfaces on loopback, `/cpo/{module}`: the objects a test gives, filtered on
// `last_updated` by `date_from`/`date_to` and paged by `offset`/`limit` (capped at `kMaxLimit`) with the
// pagination headers of src/ocpi, as a CPO would serve them. Faults on demand.
class LoopbackCpo {
 public:
  static constexpr std::int64_t kMaxLimit = 2;

  LoopbackCpo() : server_(MakeRouter(), http::HttpServerOptions{}) {}

  std::string Url(const std::string& module) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/cpo/" + module;
  }

  void Serve(const std::string& module, std::vector<json::value> objects) {
    std::lock_guard lock(mutex_);
    objects_[module] = std::move(objects);
  }
  // Once `pages` pages were served, the next requests get these HTTP statuses (with an error envelope)
  // instead of their page.
  void FailAfter(int pages, std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    fail_after_ = pages;
    statuses_ = std::move(statuses);
    pages_ = 0;
  }
  // Rewrites the headers of every page from now on, counted from 0 (a `Link` elsewhere, a total that
  // changes).
  void RewriteHeaders(std::function<void(http::HttpHeaders&, int page)> rewrite) {
    std::lock_guard lock(mutex_);
    rewrite_ = std::move(rewrite);
    pages_ = 0;
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  http::Router MakeRouter() {
    http::Router router;
    router.Add("GET", "/cpo/{module}", [this](const http::HttpRequest& request) { return Answer(request); });
    return router;
  }

  http::HttpResponse Answer(const http::HttpRequest& request) {
    std::lock_guard lock(mutex_);
    const Instant now = At("2026-03-01T12:00:00Z");
    seen_.push_back(Seen{request.path, request.query,
                         std::string(request.headers.Get("Authorization").value_or("")),
                         std::string(request.headers.Get("X-Request-ID").value_or("")),
                         std::string(request.headers.Get("X-Correlation-ID").value_or(""))});
    if (pages_ >= fail_after_ && !statuses_.empty()) {
      const int status = statuses_.front();
      statuses_.erase(statuses_.begin());
      http::HttpResponse failed =
          ocpi::ErrorResponse(Error{ErrorCode::kUnavailable, "", "the CPO is unwell"}, now);
      failed.status = status;
      return failed;
    }
    const std::string module(request.PathParameterValue("module").value_or(""));
    const ocpi::PageRequest page = ocpi::ParsePageRequest(request.query, kMaxLimit).value();
    std::vector<json::value> matching;
    for (const json::value& object : objects_[module]) {
      const json::value* updated =
          object.is_object() ? object.as_object().if_contains("last_updated") : nullptr;
      const Instant at = updated != nullptr && updated->is_string() ? At(updated->as_string().c_str()) : now;
      if (page.date_from && at < *page.date_from) continue;
      if (page.date_to && at >= *page.date_to) continue;
      matching.push_back(object);
    }
    json::array data;
    const auto total = static_cast<std::int64_t>(matching.size());
    for (std::int64_t i = page.offset; i < std::min(total, page.offset + page.limit); ++i) {
      data.push_back(matching[static_cast<std::size_t>(i)]);
    }
    http::HttpResponse response = ocpi::SuccessResponse(data, now);
    ocpi::SetPageHeaders(response.headers, Url(module), page, static_cast<std::int64_t>(data.size()), total,
                         kMaxLimit);
    const int served = pages_++;
    if (rewrite_) rewrite_(response.headers, served);
    return response;
  }

  std::mutex mutex_;
  std::map<std::string, std::vector<json::value>> objects_;
  int fail_after_ = 0;
  std::vector<int> statuses_;
  std::function<void(http::HttpHeaders&, int)> rewrite_;
  int pages_ = 0;
  std::vector<Seen> seen_;
  http::test::RunningServer server_;
};

class PeerSyncTest : public ::testing::Test {
 protected:
  void SetUp() override { Reregister(true); }

  // The world's peer (NL-CPO) registered again with its Sender endpoints on the loopback CPO.
  void Reregister(bool token_base64) {
    domain::PeerRegistration registration = OcpiTestWorld::Registration();
    registration.token_base64 = token_base64;
    registration.endpoints.clear();
    for (const std::string_view module : kPulledModules) {
      registration.endpoints.push_back(domain::PeerEndpoint{.module = std::string(module),
                                                            .role = domain::InterfaceRole::kSender,
                                                            .url = cpo_.Url(std::string(module))});
    }
    world_.Reregister(registration);
  }

  ModulePullResult Pull(const std::string& module, bool full = false, PullLimits limits = {}) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    PullTools tools{
        .client = client_, .random = random_, .clock = world_.clock(), .cdrs = *ingestor_, .limits = limits};
    return RunModulePull(*db, tools, world_.tenant(),
                         PullJob{.peer_id = world_.peer(), .module = module, .full = full})
        .value();
  }

  store::RepositoryPool::Lease Db() { return world_.pool().Borrow().value(); }

  domain::LocationKey LocationKey(const std::string& id) {
    return domain::LocationKey{.party = PartyId::Parse("NL-CPO").value(), .location_id = id};
  }

  OcpiTestWorld world_;
  LoopbackCpo cpo_;
  http::HttpClient client_ =
      http::HttpClient::Create(http::HttpClientOptions{.connect_timeout = std::chrono::seconds(2),
                                                       .request_timeout = std::chrono::seconds(5),
                                                       .max_attempts = 1})
          .value();
  testing::CountingRandom random_;
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(world_.url(), world_.clock()).value();
};

TEST_F(PeerSyncTest, AFullPullFollowsLinkPageAfterPageAndStoresWhatIsWellFormed) {
  json::object broken = Location("LOC3", "2026-02-01T10:00:00Z");
  broken.erase("coordinates");
  json::object foreign = Location("LOC5", "2026-02-01T10:00:00Z");
  foreign["party_id"] = "XYZ";
  cpo_.Serve("locations", {Location("LOC1", "2026-02-01T10:00:00Z"), Location("LOC2", "2026-02-02T10:00:00Z"),
                           broken, Location("LOC4", "2026-02-03T10:00:00Z"), foreign});

  const ModulePullResult result = Pull("locations");

  ASSERT_TRUE(result.pulled);
  EXPECT_FALSE(result.report.error) << result.report.error->ToString();
  EXPECT_EQ(result.report.pages, 3);  // 5 objects, 2 per page (X-Limit)
  EXPECT_EQ(result.report.received, 5);
  EXPECT_EQ(result.report.applied, 3);
  EXPECT_EQ(result.report.skipped, 0);
  EXPECT_EQ(result.report.failed, 2);
  EXPECT_EQ(result.report.total_count, 5);
  EXPECT_TRUE(result.report.complete);
  ASSERT_EQ(result.report.failures.size(), 2u);
  EXPECT_EQ(result.report.failures[0], "[2] id 'LOC3': coordinates: is required");
  EXPECT_EQ(result.report.failures[1],
            "[4] id 'LOC5': party_id: NL-XYZ is not a party of the caller's credentials");

  store::RepositoryPool::Lease db = Db();
  for (const char* id : {"LOC1", "LOC2", "LOC4"}) {
    EXPECT_TRUE(db->locations().Find(world_.tenant(), LocationKey(id))) << id;
  }
  EXPECT_EQ(db->locations().Find(world_.tenant(), LocationKey("LOC3")).error().code, ErrorCode::kNotFound);

  // The first page asks for everything up to now; the others are the CPO's Link, verbatim.
  const std::vector<Seen> seen = cpo_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].query, "offset=0&limit=100&date_to=2026-03-01T12:00:00Z");
  EXPECT_EQ(seen[1].query, "offset=2&limit=2&date_to=2026-03-01T12:00:00Z");
  EXPECT_EQ(seen[2].query, "offset=4&limit=2&date_to=2026-03-01T12:00:00Z");
  for (const Seen& page : seen) {
    EXPECT_EQ(page.authorization, "Token " + EncodeBase64("token-b"));
    EXPECT_EQ(page.correlation_id, seen[0].correlation_id);
  }
  EXPECT_NE(seen[0].request_id, seen[1].request_id);

  // Recorded: the cursor is the run's start less the overlap.
  EXPECT_EQ(result.state.last_success_at, At("2026-03-01T12:00:00Z"));
  EXPECT_EQ(result.state.date_from, At("2026-03-01T11:59:00Z"));
  EXPECT_EQ(result.state.last_error, "");
}

TEST_F(PeerSyncTest, AnIncrementalPullAsksFromTheLastSuccessAndSkipsWhatIsNotNewer) {
  cpo_.Serve("locations", {Location("LOC1", "2026-02-01T10:00:00Z")});
  ASSERT_FALSE(Pull("locations").report.error);

  // Later: LOC1 changed, LOC2 appeared, both after the cursor; LOC0 is older than it.
  world_.clock().Set(At("2026-03-01T13:00:00Z"));
  cpo_.Serve("locations", {Location("LOC0", "2026-03-01T11:00:00Z"), Location("LOC1", "2026-03-01T12:30:00Z"),
                           Location("LOC2", "2026-03-01T12:40:00Z")});
  const ModulePullResult second = Pull("locations");

  EXPECT_EQ(second.date_from, At("2026-03-01T11:59:00Z"));
  EXPECT_EQ(cpo_.seen().back().query,
            "offset=0&limit=100&date_from=2026-03-01T11:59:00Z&date_to=2026-03-01T13:00:00Z");
  EXPECT_EQ(second.report.received, 2);
  EXPECT_EQ(second.report.applied, 2);
  EXPECT_EQ(second.state.date_from, At("2026-03-01T12:59:00Z"));
  EXPECT_EQ(Db()->locations().Find(world_.tenant(), LocationKey("LOC1")).value().location.last_updated,
            At("2026-03-01T12:30:00Z"));
  EXPECT_EQ(Db()->locations().Find(world_.tenant(), LocationKey("LOC0")).error().code, ErrorCode::kNotFound);

  // Pulled again in full: an object older than ours is skipped; one as old as ours is applied again, as a
  // repeated push would be (domain::DecideUpsert).
  cpo_.Serve("locations", {Location("LOC0", "2026-03-01T11:00:00Z"), Location("LOC1", "2026-02-01T10:00:00Z"),
                           Location("LOC2", "2026-03-01T12:40:00Z")});
  const ModulePullResult full = Pull("locations", /*full=*/true);
  EXPECT_EQ(full.date_from, std::nullopt);
  EXPECT_EQ(full.report.received, 3);
  EXPECT_EQ(full.report.applied, 2);  // LOC0, LOC2
  EXPECT_EQ(full.report.skipped, 1);  // LOC1
  EXPECT_EQ(Db()->locations().Find(world_.tenant(), LocationKey("LOC1")).value().location.last_updated,
            At("2026-03-01T12:30:00Z"));
}

TEST_F(PeerSyncTest, A500FailsThePullKeepsTheCursorAndTheNextPullSucceeds) {
  cpo_.Serve("tariffs", {Tariff("T1", "2026-02-01T10:00:00Z"), Tariff("T2", "2026-02-01T10:00:00Z"),
                         Tariff("T3", "2026-02-01T10:00:00Z")});
  // The first page arrives; the second answers 500.
  cpo_.FailAfter(1, {500});
  const ModulePullResult failed = Pull("tariffs");

  ASSERT_TRUE(failed.report.error);
  EXPECT_EQ(failed.report.error->code, ErrorCode::kPeerError);
  EXPECT_EQ(failed.report.error->field, "status");
  EXPECT_NE(failed.report.error->message.find("answered HTTP 500"), std::string::npos)
      << failed.report.error->message;
  EXPECT_NE(failed.report.error->message.find("the CPO is unwell"), std::string::npos);
  EXPECT_EQ(failed.report.pages, 1);
  EXPECT_EQ(failed.report.applied, 2);  // the first page's tariffs are stored all the same
  EXPECT_EQ(failed.state.date_from, std::nullopt);
  EXPECT_EQ(failed.state.last_success_at, std::nullopt);
  EXPECT_EQ(failed.state.last_error_at, At("2026-03-01T12:00:00Z"));
  EXPECT_EQ(failed.state.last_error, failed.report.error->ToString());

  world_.clock().Advance(std::chrono::minutes(10));
  const ModulePullResult retried = Pull("tariffs");
  EXPECT_FALSE(retried.report.error);
  EXPECT_EQ(retried.date_from, std::nullopt);  // never succeeded: a full pull again
  EXPECT_EQ(retried.report.applied, 3);        // T1 and T2 again, as old as ours: replaced, as a repeated PUT
  EXPECT_EQ(retried.report.skipped, 0);
  EXPECT_EQ(retried.state.last_error, "");
  EXPECT_EQ(retried.state.date_from, At("2026-03-01T12:09:00Z"));
  const domain::CpoTariff stored =
      Db()->cpo_tariffs()
          .Find(world_.tenant(), {.party = PartyId::Parse("NL-CPO").value(), .tariff_id = "T3"})
          .value();
  EXPECT_EQ(stored.raw_json, SerializeJson(Tariff("T3", "2026-02-01T10:00:00Z")));
}

TEST_F(PeerSyncTest, SessionsAreAlwaysAskedWithADateFromAndStoredAsTheReceiverStoresThem) {
  json::object broken = Session("S3", "2026-02-01T10:00:00Z");
  broken["kwh"] = "a lot";
  cpo_.Serve("sessions",
             {Session("S1", "2026-02-01T10:00:00Z"), Session("S2", "2026-02-01T11:00:00Z"), broken});

  const ModulePullResult result = Pull("sessions", /*full=*/true);

  EXPECT_EQ(result.date_from, At("1970-01-01T00:00:00Z"));
  EXPECT_EQ(cpo_.seen().front().query,
            "offset=0&limit=100&date_from=1970-01-01T00:00:00Z&date_to=2026-03-01T12:00:00Z");
  EXPECT_EQ(result.report.applied, 2);
  EXPECT_EQ(result.report.failed, 1);
  ASSERT_EQ(result.report.failures.size(), 1u);
  EXPECT_EQ(result.report.failures[0].rfind("[2] id 'S3': kwh: ", 0), 0u) << result.report.failures[0];
  const domain::StoredSession stored =
      Db()->sessions()
          .Find(world_.tenant(), {.party = PartyId::Parse("NL-CPO").value(), .session_id = "S2"})
          .value();
  EXPECT_EQ(stored.session.last_updated, At("2026-02-01T11:00:00Z"));
}

TEST_F(PeerSyncTest, CdrsGoThroughTheIngestorOnceAndQueueRating) {
  // CDR0 was pushed before, pretty-printed: pulled, it is the same CDR, whatever the spelling.
  const domain::NewCpoCdr pushed = test::SampleCpoCdr(
      {.tenant_id = world_.tenant(), .cpo = PartyId::Parse("NL-CPO").value(), .cdr_id = "CDR0"});
  ASSERT_TRUE(ingestor_->Ingest(pushed));
  cpo_.Serve("cdrs", {ParseJson(pushed.body).value(), Cdr("CDR1", "2026-02-01T10:00:00Z"),
                      Cdr("CDR2", "2026-02-01T10:00:00Z"), Cdr("CDR3", "2026-02-01T10:00:00Z")});

  const ModulePullResult first = Pull("cdrs");
  EXPECT_FALSE(first.report.error);
  EXPECT_EQ(first.report.applied, 3);
  EXPECT_EQ(first.report.skipped, 1);
  EXPECT_EQ(first.report.failed, 0) << first.report.failures.front();
  const domain::CpoCdr stored =
      Db()->cpo_cdrs().FindByKey(world_.tenant(), PartyId::Parse("NL-CPO").value(), "CDR2").value();
  EXPECT_EQ(stored.body, SerializeJson(Cdr("CDR2", "2026-02-01T10:00:00Z")));
  const std::vector<domain::Job> queued =
      Db()->jobs().List(domain::JobScope::OfTenant(world_.tenant()), domain::JobState::kQueued, 10).value();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].kind, domain::kRateCdrsJob);

  // Pulled again in full: we have them all (as JSON; the text differs from what was stored, it does not
  // matter). One CDR changed under the same id is a conflict, reported and recorded, not stored.
  json::object changed = Cdr("CDR3", "2026-02-01T10:00:00Z");
  changed["remark"] = "another body";
  cpo_.Serve("cdrs", {ParseJson(pushed.body).value(), Cdr("CDR1", "2026-02-01T10:00:00Z"),
                      Cdr("CDR2", "2026-02-01T10:00:00Z"), changed});
  const ModulePullResult second = Pull("cdrs", /*full=*/true);
  EXPECT_FALSE(second.report.error);
  EXPECT_EQ(second.report.applied, 0);
  EXPECT_EQ(second.report.skipped, 3);
  EXPECT_EQ(second.report.failed, 1);
  ASSERT_EQ(second.report.failures.size(), 1u);
  EXPECT_EQ(second.report.failures[0].rfind("[3] id 'CDR3': id: ", 0), 0u) << second.report.failures[0];
  EXPECT_EQ(Db()->cpo_cdrs()
                .ListConflicts(world_.tenant(), PartyId::Parse("NL-CPO").value(), "CDR3")
                .value()
                .size(),
            1u);
}

TEST_F(PeerSyncTest, ARawTokenPeerIsCalledWithItsRawToken) {
  Reregister(/*token_base64=*/false);
  cpo_.Serve("locations", {});
  const ModulePullResult result = Pull("locations");
  EXPECT_FALSE(result.report.error);
  EXPECT_EQ(result.report.pages, 1);
  EXPECT_EQ(cpo_.seen().back().authorization, "Token token-b");
}

TEST_F(PeerSyncTest, ALinkToAnotherOriginIsNotFollowed) {
  cpo_.Serve("locations", {Location("LOC1", "2026-02-01T10:00:00Z"), Location("LOC2", "2026-02-01T10:00:00Z"),
                           Location("LOC3", "2026-02-01T10:00:00Z")});
  cpo_.RewriteHeaders([](http::HttpHeaders& headers, int) {
    headers.Set("Link", "<https://elsewhere.example/cpo/locations?offset=2>; rel=\"next\"");
  });
  const ModulePullResult result = Pull("locations");
  ASSERT_TRUE(result.report.error);
  EXPECT_EQ(result.report.error->field, "Link");
  EXPECT_EQ(cpo_.seen().size(), 1u);
  EXPECT_EQ(result.state.date_from, std::nullopt);
}

TEST_F(PeerSyncTest, APullIsBoundedInPagesAndARefusedTokenEndsIt) {
  cpo_.Serve("locations", {Location("LOC1", "2026-02-01T10:00:00Z"), Location("LOC2", "2026-02-01T10:00:00Z"),
                           Location("LOC3", "2026-02-01T10:00:00Z"), Location("LOC4", "2026-02-01T10:00:00Z"),
                           Location("LOC5", "2026-02-01T10:00:00Z")});
  const ModulePullResult bounded = Pull("locations", false, PullLimits{.page_size = 100, .max_pages = 2});
  ASSERT_TRUE(bounded.report.error);
  EXPECT_EQ(bounded.report.error->ToString(),
            "Link: the list goes on after 2 pages, the most one pull follows");
  EXPECT_EQ(bounded.report.pages, 2);
  EXPECT_EQ(bounded.report.applied, 4);
  EXPECT_EQ(cpo_.seen().size(), 2u);
  int asked = 0;
  const ModulePullResult stopped =
      Pull("locations", false,
           PullLimits{.page_size = 100, .max_pages = 100, .max_messages = 20, .stop_requested = [&asked] {
                        return ++asked == 2;
                      }});
  ASSERT_TRUE(stopped.report.error);
  EXPECT_EQ(stopped.report.error->code, ErrorCode::kUnavailable);
  EXPECT_EQ(stopped.report.error->field, "stop");
  EXPECT_EQ(stopped.report.pages, 2);  // asked before the second page (no) and the third (yes)

  cpo_.FailAfter(0, {401});
  const ModulePullResult refused = Pull("locations");
  ASSERT_TRUE(refused.report.error);
  EXPECT_EQ(refused.report.error->code, ErrorCode::kPeerError);
  EXPECT_EQ(refused.report.error->field, "Authorization");
  EXPECT_EQ(refused.report.pages, 0);
  EXPECT_EQ(refused.state.last_error, refused.report.error->ToString());
}

TEST_F(PeerSyncTest, ATotalThatDropsDuringThePullKeepsTheCursor) {
  cpo_.Serve("locations", {Location("LOC1", "2026-02-01T10:00:00Z"), Location("LOC2", "2026-02-01T10:00:00Z"),
                           Location("LOC3", "2026-02-01T10:00:00Z")});
  ASSERT_FALSE(Pull("locations").report.error);
  world_.clock().Advance(std::chrono::hours(1));
  cpo_.RewriteHeaders([](http::HttpHeaders& headers, int page) {
    if (page == 1) headers.Set("X-Total-Count", "2");
  });
  const ModulePullResult result = Pull("locations", /*full=*/true);
  EXPECT_FALSE(result.report.error);
  EXPECT_FALSE(result.report.complete);
  ASSERT_EQ(result.report.warnings.size(), 1u);
  EXPECT_EQ(result.report.warnings[0],
            "X-Total-Count dropped from 3 to 2 during the pull: objects may have been skipped");
  EXPECT_EQ(result.state.last_success_at, At("2026-03-01T13:00:00Z"));
  EXPECT_EQ(result.state.date_from, At("2026-03-01T11:59:00Z"));  // the first pull's cursor, kept
}

TEST_F(PeerSyncTest, APeerWithoutTheSenderEndpointIsNotPulled) {
  domain::PeerRegistration registration = OcpiTestWorld::Registration();
  registration.endpoints = {domain::PeerEndpoint{
      .module = "cdrs", .role = domain::InterfaceRole::kReceiver, .url = cpo_.Url("cdrs")}};
  world_.Reregister(registration);
  const ModulePullResult result = Pull("cdrs");
  EXPECT_FALSE(result.pulled);
  EXPECT_TRUE(cpo_.seen().empty());
  EXPECT_TRUE(Db()->peers().ListSyncStates(world_.tenant(), world_.peer()).value().empty());
}

TEST_F(PeerSyncTest, TheSweepQueuesOneIncrementalPullPerSenderModuleOnce) {
  store::RepositoryPool::Lease db = Db();
  const Instant now = world_.clock().Now();
  EXPECT_EQ(QueuePeerPulls(db->peers(), db->jobs(), world_.tenant(), now).value(), 4);
  EXPECT_EQ(QueuePeerPulls(db->peers(), db->jobs(), world_.tenant(), now).value(), 4);  // deduplicated
  const std::vector<domain::Job> queued =
      db->jobs().List(domain::JobScope::OfTenant(world_.tenant()), domain::JobState::kQueued, 10).value();
  ASSERT_EQ(queued.size(), 4u);
  std::vector<PullJob> pulls;
  for (const domain::Job& job : queued) {
    EXPECT_EQ(job.kind, kPullJob);
    const PullJob pull = ParsePullJobPayload(job.payload).value();
    EXPECT_EQ(job.dedupe_key, PullJobDedupeKey(pull));
    EXPECT_EQ(pull.peer_id, world_.peer());
    EXPECT_FALSE(pull.full);
    pulls.push_back(pull);
  }
  EXPECT_EQ(PullJobDedupeKey(pulls[0]),
            "peer:" + std::to_string(world_.peer().value) + "/module:" + pulls[0].module);

  (void)db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kSuspended).value();
  EXPECT_EQ(QueuePeerPulls(db->peers(), db->jobs(), world_.tenant(), now).value(), 0);
}

TEST_F(PeerSyncTest, OnePeerIsSyncedNowModuleByModuleInPullOrder) {
  domain::PeerRegistration registration = OcpiTestWorld::Registration();
  registration.endpoints = {
      domain::PeerEndpoint{.module = "cdrs", .role = domain::InterfaceRole::kSender, .url = cpo_.Url("cdrs")},
      domain::PeerEndpoint{.module = "tokens", .role = domain::InterfaceRole::kReceiver, .url = cpo_.Url("tokens")},
      domain::PeerEndpoint{
          .module = "locations", .role = domain::InterfaceRole::kSender, .url = cpo_.Url("locations")}};
  world_.Reregister(registration);
  store::RepositoryPool::Lease db = Db();
  const domain::Peer peer = db->peers().FindById(world_.tenant(), world_.peer()).value();
  const Instant now = world_.clock().Now();
  EXPECT_EQ(QueuePeerPull(db->jobs(), peer, now).value(), (std::vector<std::string>{"locations", "cdrs"}));
  EXPECT_EQ(QueuePeerPull(db->jobs(), peer, now).value(), (std::vector<std::string>{"locations", "cdrs"}));
  EXPECT_EQ(db->jobs().List(domain::JobScope::OfTenant(world_.tenant()), domain::JobState::kQueued, 10).value().size(),
            2u);
}

TEST(PullJobPayloadTest, RoundTripsAndNamesWhatIsWrong) {
  const PullJob job{.peer_id = domain::PeerId{7}, .module = "cdrs", .full = true};
  EXPECT_EQ(PullJobPayload(job), R"({"peer_id":7,"module":"cdrs","full":true})");
  EXPECT_EQ(ParsePullJobPayload(PullJobPayload(job)).value(), job);
  EXPECT_FALSE(ParsePullJobPayload(R"({"peer_id":7,"module":"cdrs"})").value().full);
  EXPECT_EQ(ParsePullJobPayload("[]").error().field, "payload");
  EXPECT_EQ(ParsePullJobPayload(R"({"module":"cdrs"})").error().field, "peer_id");
  EXPECT_EQ(ParsePullJobPayload(R"({"peer_id":0,"module":"cdrs"})").error().field, "peer_id");
  EXPECT_EQ(ParsePullJobPayload(R"({"peer_id":7,"module":"tokens"})").error().field, "module");
  EXPECT_EQ(ParsePullJobPayload(R"({"peer_id":7,"module":"cdrs","full":"yes"})").error().field, "full");
}

}  // namespace
}  // namespace openmsp::emsp
