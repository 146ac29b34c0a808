// Live sessions, remote start and stop, and commands through the real router on real SQLite. Who may call
// what on which object is in authorization_test.cpp.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/admin_test_support.h"
#include "api/api_test_world.h"
#include "api/pricing_test_support.h"
#include "api/session_test_support.h"
#include "core/json.h"
#include "domain/command.h"
#include "domain/job.h"
#include "domain/password.h"

namespace openmsp::api::test {
namespace {

using boost::json::value;
using domain::SessionStatus;

class SessionRoutesTest : public ::testing::Test {
 protected:
  domain::ProfileId NewProfile(domain::OrganisationUnitId unit, const std::string& name, bool prices_hidden) {
    return world_.db()
        .profiles()
        .Create(world_.acme, domain::NewProfile{.organisation_unit_id = unit,
                                                .name = name,
                                                .kind = domain::ProfileKind::kDriver,
                                                .email = "",
                                                .prices_hidden = prices_hidden})
        .value()
        .id;
  }

  value Get(const std::string& path, const Caller& caller, int expected = 200) {
    const http::HttpResponse response = world_.Call("GET", path, "", &caller);
    EXPECT_EQ(response.status, expected) << path << ": " << response.body;
    return BodyOf(response);
  }

  // The `session_id`s of a page's items, in order.
  static std::vector<std::string> SessionIds(const value& page) {
    std::vector<std::string> ids;
    for (const value& item : page.at("items").as_array()) {
      ids.emplace_back(item.at("session_id").as_string());
    }
    return ids;
  }

  // Every page of `path` (which has a query already), following `next`.
  std::vector<std::string> AllPages(const std::string& path, const Caller& caller, int* pages) {
    std::vector<std::string> ids;
    std::string next_path = path;
    *pages = 0;
    while (true) {
      const value page = Get(next_path, caller);
      ++*pages;
      for (const std::string& id : SessionIds(page)) ids.push_back(id);
      if (page.at("next").is_null() || *pages > 10) break;
      next_path = path + "&after=" + std::string(page.at("next").as_string());
    }
    return ids;
  }

  ApiWorld world_;
  const PartyId acm_ = PartyId::Parse("NL-ACM").value();
  domain::ProfileId a1_profile_ = NewProfile(world_.a1, "Van 12", false);
  domain::ProfileId b_profile_ = NewProfile(world_.b, "B secret van", false);
  domain::Token driver_token_ =
      StoreActiveToken(world_.db(), world_.acme, acm_, world_.driver_profile, "DA000001");
  domain::Token a1_token_ = StoreActiveToken(world_.db(), world_.acme, acm_, a1_profile_, "0A120012");
  domain::Token b_token_ = StoreActiveToken(world_.db(), world_.acme, acm_, b_profile_, "0B000001");
};

TEST_F(SessionRoutesTest, EachCallerListsTheLiveSessionsOfItsScopeNewestFirst) {
  auto& db = world_.db();
  const std::string own =
      StoreSession(db, world_.acme, CustomerOf(driver_token_, world_.a), "2026-01-01T08:00:00Z")
          .session.key.session_id;
  const std::string in_a1 =
      StoreSession(db, world_.acme, CustomerOf(a1_token_, world_.a1), "2026-01-01T09:00:00Z")
          .session.key.session_id;
  const std::string in_b =
      StoreSession(db, world_.acme, CustomerOf(b_token_, world_.b), "2026-01-01T10:00:00Z")
          .session.key.session_id;
  const std::string unknown =
      StoreSession(db, world_.acme, std::nullopt, "2026-01-01T11:00:00Z").session.key.session_id;
  const std::string pending = StoreSession(db, world_.acme, CustomerOf(a1_token_, world_.a1),
                                           "2026-01-01T07:00:00Z", SessionStatus::kPending)
                                  .session.key.session_id;
  // Over: not live.
  (void)StoreSession(db, world_.acme, CustomerOf(a1_token_, world_.a1), "2026-01-01T12:00:00Z",
                     SessionStatus::kCompleted);
  // Another tenant's.
  (void)StoreSession(db, world_.other, std::nullopt, "2026-01-01T12:30:00Z");

  EXPECT_EQ(SessionIds(Get("/sessions", world_.tenant_admin)),
            (std::vector<std::string>{unknown, in_b, in_a1, own, pending}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.fleet_manager)),
            (std::vector<std::string>{in_a1, own, pending}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.viewer)), (std::vector<std::string>{in_a1, own, pending}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.ou_admin)), (std::vector<std::string>{in_a1, own, pending}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.driver)), (std::vector<std::string>{own}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.b_viewer)), (std::vector<std::string>{in_b}));
  EXPECT_EQ(SessionIds(Get("/sessions", world_.other_admin)).size(), 1U);
  // Narrowed: a unit of the scope, a profile, a token.
  EXPECT_EQ(SessionIds(Get("/sessions?organisation_unit_id=" + std::to_string(world_.a1.value),
                           world_.fleet_manager)),
            (std::vector<std::string>{in_a1, pending}));
  EXPECT_EQ(SessionIds(Get("/sessions?profile_id=" + std::to_string(world_.driver_profile.value),
                           world_.tenant_admin)),
            (std::vector<std::string>{own}));
  EXPECT_EQ(SessionIds(Get("/sessions?token_id=" + std::to_string(a1_token_.id.value), world_.fleet_manager)),
            (std::vector<std::string>{in_a1, pending}));
  // Out of scope: refused, never an empty list.
  (void)Get("/sessions?organisation_unit_id=" + std::to_string(world_.b.value), world_.fleet_manager, 403);
  (void)Get("/sessions?token_id=" + std::to_string(b_token_.id.value), world_.fleet_manager, 403);
  (void)Get("/sessions?token_id=" + std::to_string(b_token_.id.value), world_.other_admin, 404);

  // One session as the Control Centre shows it.
  const value first = Get("/sessions", world_.fleet_manager).at("items").at(0);
  EXPECT_EQ(first.at("cpo"), "NL-CPO");
  EXPECT_EQ(first.at("status"), "ACTIVE");
  EXPECT_EQ(first.at("start_date_time"), "2026-01-01T09:00:00Z");
  EXPECT_EQ(first.at("kwh"), "12.5");  // decimal strings with the scale the CPO sent
  EXPECT_EQ(first.at("total_cost").at("excl_vat"), "4.10");
  EXPECT_EQ(first.at("total_cost").at("incl_vat"), "4.96");
  EXPECT_EQ(first.at("token_id"), a1_token_.id.value);
  EXPECT_EQ(first.at("profile_id"), a1_profile_.value);
  EXPECT_EQ(first.at("organisation_unit_id"), world_.a1.value);
  EXPECT_EQ(first.at("location_id"), "LOC1");
}

TEST_F(SessionRoutesTest, PagesFollowNextWithoutGapsOrRepeats) {
  std::vector<std::string> expected;
  // Five sessions, two of them starting at the same instant: the id breaks the tie.
  for (const char* start : {"2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z", "2026-01-01T09:00:00Z",
                            "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z"}) {
    expected.push_back(StoreSession(world_.db(), world_.acme, CustomerOf(a1_token_, world_.a1), start)
                           .session.key.session_id);
  }
  // Newest first; of the two at 09:00 the later row first.
  const std::vector<std::string> newest_first = {expected[4], expected[3], expected[2], expected[1],
                                                 expected[0]};
  int pages = 0;
  EXPECT_EQ(AllPages("/sessions?limit=2", world_.fleet_manager, &pages), newest_first);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(AllPages("/sessions?limit=5", world_.fleet_manager, &pages), newest_first);
  EXPECT_EQ(pages, 1);
}

TEST_F(SessionRoutesTest, BadQueriesNameTheParameter) {
  const auto field_of = [&](const std::string& path) {
    const value body = Get(path, world_.tenant_admin, 400);
    return std::string(body.at("errors").at(0).at("field").as_string());
  };
  EXPECT_EQ(field_of("/sessions?status=ACTIVE"), "status");
  EXPECT_EQ(field_of("/sessions?limit=0"), "limit");
  EXPECT_EQ(field_of("/sessions?limit=101"), "limit");
  EXPECT_EQ(field_of("/sessions?after=yesterday"), "after");
  EXPECT_EQ(field_of("/sessions?after=1767225600000.0"), "after");
  EXPECT_EQ(field_of("/sessions?after=1767225600000"), "after");
  EXPECT_EQ(field_of("/sessions?token_id=x"), "token_id");
  EXPECT_EQ(field_of("/sessions?profile_id=-3"), "profile_id");
}

TEST_F(SessionRoutesTest, OneSessionLiveOrNotAndTheUnknownTokensOnlyTenantWide) {
  auto& db = world_.db();
  const domain::StoredSession done = StoreSession(db, world_.acme, CustomerOf(driver_token_, world_.a),
                                                  "2026-01-01T08:00:00Z", SessionStatus::kCompleted);
  const domain::StoredSession unknown = StoreSession(db, world_.acme, std::nullopt, "2026-01-01T09:00:00Z");
  const value own = Get("/sessions/" + std::to_string(done.id.value), world_.driver);
  EXPECT_EQ(own.at("status"), "COMPLETED");
  EXPECT_EQ(own.at("live"), false);
  EXPECT_EQ(own.at("session_id"), value(done.session.key.session_id));

  const value stray = Get("/sessions/" + std::to_string(unknown.id.value), world_.tenant_admin);
  EXPECT_EQ(stray.at("live"), true);
  EXPECT_TRUE(stray.at("token_id").is_null());
  EXPECT_TRUE(stray.at("profile_id").is_null());
  EXPECT_EQ(stray.at("token_uid"), value("uid-" + unknown.session.key.session_id));
  // A session of no profile is out of every scope below the root.
  const value refused = Get("/sessions/" + std::to_string(unknown.id.value), world_.fleet_manager, 403);
  EXPECT_EQ(refused.at("errors").at(0).at("field"), "session_id");
  (void)Get("/sessions/" + std::to_string(unknown.id.value), world_.other_admin, 404);
}

TEST_F(SessionRoutesTest, ADriverWhoseProfileHidesPricesSeesNoCost) {
  auto& db = world_.db();
  const domain::ProfileId hidden = NewProfile(world_.a, "Hidden prices driver", true);
  const domain::Token token =
      StoreActiveToken(db, world_.acme, PartyId::Parse("NL-ACM").value(), hidden, "41DDE001");
  const domain::User user =
      db.users()
          .Create(world_.acme,
                  domain::NewUser{.email = "hidden@acme.example",
                                  .display_name = "Hidden",
                                  .password_hash = domain::HashPassword(kPassword, "hidden@acme.example",
                                                                        domain::PasswordHashCost::Minimum())
                                                       .value(),
                                  .profile_id = hidden})
          .value();
  (void)db.users().AssignRole(world_.acme, user.id, domain::Role::kDriver, world_.a).value();
  const Caller driver = world_.Fresh(Caller{
      .tenant = world_.acme, .id = user.id, .email = user.email, .cookie = "", .csrf = "", .api_key = ""});
  const domain::StoredSession session =
      StoreSession(db, world_.acme, CustomerOf(token, world_.a), "2026-01-01T08:00:00Z");

  EXPECT_TRUE(Get("/sessions", driver).at("items").at(0).at("total_cost").is_null());
  EXPECT_TRUE(Get("/sessions/" + std::to_string(session.id.value), driver).at("total_cost").is_null());
  EXPECT_EQ(Get("/sessions/" + std::to_string(session.id.value), world_.fleet_manager)
                .at("total_cost")
                .at("excl_vat"),
            "4.10");
}

// Remote start and stop: a connected CPO `NL-CPO` takes commands; its location LOC1 has the EVSE
// `EVSE-LOC1` with connector `1`.
class SessionCommandsTest : public SessionRoutesTest {
 protected:
  void SetUp() override {
    world_.context().ocpi_version_url = "https://msp.example/ocpi/2.2.1";
    cpo_ = StoreCommandPeer(world_.db(), world_.acme, "NL-CPO");
    location_ = StoreLocation(world_.db(), world_.acme, {.id = "LOC1", .name = "Garage"});
  }

  value Post(const std::string& path, const std::string& body, const Caller& caller, int expected) {
    const http::HttpResponse response = world_.Call("POST", path, body, &caller);
    EXPECT_EQ(response.status, expected) << path << ": " << response.body;
    return BodyOf(response);
  }

  std::string StartBody(const domain::Token& token, const std::string& more = "") {
    return R"({"token_id": )" + std::to_string(token.id.value) + R"(, "location_id": )" +
           std::to_string(location_.value) + more + "}";
  }

  // The field a refusal names.
  static std::string FieldOf(const value& problem) {
    return std::string(problem.at("errors").at(0).at("field").as_string());
  }

  std::string LastAction() {
    return world_.db().audit_log().List(world_.acme, {}, 1, std::nullopt).value().entries.at(0).action;
  }

  std::vector<domain::Job> QueuedCommandJobs() {
    std::vector<domain::Job> jobs =
        world_.db()
            .jobs()
            .List(domain::JobScope::OfTenant(world_.acme), domain::JobState::kQueued, 100)
            .value();
    std::erase_if(jobs, [](const domain::Job& job) { return job.kind != "ocpi.command"; });
    return jobs;
  }

  domain::Peer cpo_;
  domain::LocationId location_;
};

TEST_F(SessionCommandsTest, ADriverStartsChargingWithItsTokenAndFollowsTheCommand) {
  const value command =
      Post("/sessions/start", StartBody(driver_token_, R"(, "evse_uid": "evse-loc1", "connector_id": "1")"),
           world_.driver, 202);
  EXPECT_EQ(command.at("type"), "START_SESSION");
  EXPECT_EQ(command.at("state"), "requested");
  EXPECT_EQ(command.at("cpo"), "NL-CPO");
  EXPECT_EQ(command.at("peer_id"), cpo_.id.value);
  EXPECT_EQ(command.at("requested_at"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(command.at("deadline"), "2026-01-01T00:05:00Z");
  EXPECT_TRUE(command.at("answered_at").is_null());
  EXPECT_TRUE(command.at("result").is_null());
  EXPECT_EQ(LastAction(), "session.start");

  // Stored as the CPO will get it (the EVSE spelled as the CPO does), and its sending queued once.
  const domain::CommandId id{command.at("id").as_int64()};
  const domain::Command stored = world_.db().commands().FindById(world_.acme, id).value();
  const value request = ParseJson(stored.request_body).value();
  EXPECT_EQ(request.at("location_id"), "LOC1");
  EXPECT_EQ(request.at("evse_uid"), "EVSE-LOC1");
  EXPECT_EQ(request.at("connector_id"), "1");
  EXPECT_EQ(request.at("token").at("uid"), "DA000001");
  EXPECT_EQ(request.at("response_url"),
            value("https://msp.example/ocpi/2.2.1/commands/START_SESSION/" + stored.uid));
  const std::vector<domain::Job> jobs = QueuedCommandJobs();
  ASSERT_EQ(jobs.size(), 1U);
  EXPECT_EQ(jobs[0].payload, R"({"command_id":)" + std::to_string(id.value) + R"(,"from":"NL-ACM"})");

  const std::string path = "/commands/" + std::to_string(id.value);
  EXPECT_EQ(Get(path, world_.driver).at("state"), "requested");
  // The CPO accepts, then the charger starts.
  world_.clock().Advance(std::chrono::seconds(3));
  (void)world_.db()
      .commands()
      .RecordResponse(world_.acme, id,
                      {.state = domain::CommandState::kAccepted,
                       .timeout_seconds = 30,
                       .message = "",
                       .deadline = world_.clock().Now() + std::chrono::seconds(30)})
      .value();
  const value accepted = Get(path, world_.fleet_manager);
  EXPECT_EQ(accepted.at("state"), "accepted");
  EXPECT_EQ(accepted.at("answered_at"), "2026-01-01T00:00:03Z");
  (void)world_.db()
      .commands()
      .RecordResult(world_.acme, cpo_.id, domain::CommandType::kStartSession, stored.uid,
                    {.result = domain::CommandResultType::kAccepted, .message = "[en] Started"})
      .value();
  const value done = Get(path, world_.driver);
  EXPECT_EQ(done.at("state"), "succeeded");
  EXPECT_EQ(done.at("result"), "ACCEPTED");
  EXPECT_EQ(done.at("result_message"), "[en] Started");
  // Someone else's command.
  (void)Get(path, world_.b_viewer, 403);
  (void)Get(path, world_.other_admin, 404);
}

TEST_F(SessionCommandsTest, AStartIsRefusedNamingWhatIsWrongAndNothingIsQueued) {
  // A token of B is out of the driver's and fleet manager's scope.
  EXPECT_EQ(FieldOf(Post("/sessions/start", StartBody(b_token_), world_.fleet_manager, 403)), "token_id");
  // A blocked token may not charge: the eMSP checks tokens in commands, the CPO does not.
  (void)world_.db().tokens().SetStatus(world_.acme, a1_token_.id, domain::TokenStatus::kBlocked).value();
  EXPECT_EQ(FieldOf(Post("/sessions/start", StartBody(a1_token_), world_.fleet_manager, 422)), "token_id");
  EXPECT_EQ(FieldOf(Post("/sessions/start", StartBody(driver_token_, R"(, "evse_uid": "EVSE-9")"),
                         world_.driver, 404)),
            "evse_uid");
  EXPECT_EQ(FieldOf(Post("/sessions/start",
                         StartBody(driver_token_, R"(, "evse_uid": "EVSE-LOC1", "connector_id": "2")"),
                         world_.driver, 404)),
            "connector_id");
  EXPECT_EQ(FieldOf(Post("/sessions/start", StartBody(driver_token_, R"(, "connector_id": "1")"),
                         world_.driver, 400)),
            "connector_id");
  EXPECT_EQ(FieldOf(Post("/sessions/start", StartBody(driver_token_, R"(, "evse": "EVSE-LOC1")"),
                         world_.driver, 400)),
            "evse");
  // Another tenant's location, and a location of a CPO no peer takes commands for.
  const domain::LocationId foreign = StoreLocation(world_.db(), world_.other, {.id = "LOC9", .name = "Away"});
  EXPECT_EQ(FieldOf(Post("/sessions/start",
                         R"({"token_id": )" + std::to_string(driver_token_.id.value) +
                             R"(, "location_id": )" + std::to_string(foreign.value) + "}",
                         world_.driver, 404)),
            "location_id");
  const domain::LocationId unserved =
      StoreLocation(world_.db(), world_.acme, {.cpo = "DE-XYZ", .id = "LOC7", .name = "Elsewhere"});
  EXPECT_EQ(FieldOf(Post("/sessions/start",
                         R"({"token_id": )" + std::to_string(driver_token_.id.value) +
                             R"(, "location_id": )" + std::to_string(unserved.value) + "}",
                         world_.driver, 422)),
            "location_id");
  // A server without a public OCPI URL cannot be told the result.
  world_.context().ocpi_version_url.clear();
  (void)Post("/sessions/start", StartBody(driver_token_), world_.driver, 503);
  EXPECT_TRUE(QueuedCommandJobs().empty());
  EXPECT_TRUE(world_.db().commands().FindById(world_.acme, domain::CommandId{1}).error().code ==
              ErrorCode::kNotFound);
}

TEST_F(SessionCommandsTest, ALiveSessionIsStoppedOthersAreNot) {
  auto& db = world_.db();
  const domain::StoredSession live =
      StoreSession(db, world_.acme, CustomerOf(a1_token_, world_.a1), "2026-01-01T08:00:00Z");
  const value command =
      Post("/sessions/" + std::to_string(live.id.value) + "/stop", "", world_.fleet_manager, 202);
  EXPECT_EQ(command.at("type"), "STOP_SESSION");
  EXPECT_EQ(command.at("state"), "requested");
  EXPECT_EQ(LastAction(), "session.stop");
  const domain::Command stored =
      db.commands().FindById(world_.acme, domain::CommandId{command.at("id").as_int64()}).value();
  EXPECT_EQ(ParseJson(stored.request_body).value().at("session_id"), value(live.session.key.session_id));
  EXPECT_EQ(QueuedCommandJobs().size(), 1U);
  EXPECT_EQ(Get("/commands/" + std::to_string(stored.id.value), world_.fleet_manager).at("type"),
            "STOP_SESSION");
  // The driver may stop its own sessions only.
  (void)Post("/sessions/" + std::to_string(live.id.value) + "/stop", "", world_.driver, 403);

  const domain::StoredSession over = StoreSession(db, world_.acme, CustomerOf(a1_token_, world_.a1),
                                                  "2026-01-01T09:00:00Z", SessionStatus::kCompleted);
  EXPECT_EQ(
      FieldOf(Post("/sessions/" + std::to_string(over.id.value) + "/stop", "", world_.fleet_manager, 422)),
      "status");
  // A session of an unknown token: only a tenant-wide controller.
  const domain::StoredSession stray = StoreSession(db, world_.acme, std::nullopt, "2026-01-01T10:00:00Z");
  (void)Post("/sessions/" + std::to_string(stray.id.value) + "/stop", "", world_.fleet_manager, 403);
  const value stopped =
      Post("/sessions/" + std::to_string(stray.id.value) + "/stop", "", world_.tenant_admin, 202);
  (void)Get("/commands/" + std::to_string(stopped.at("id").as_int64()), world_.fleet_manager, 403);
  EXPECT_EQ(Get("/commands/" + std::to_string(stopped.at("id").as_int64()), world_.tenant_admin).at("state"),
            "requested");
  EXPECT_EQ(QueuedCommandJobs().size(), 2U);
}

// POST /peers/{peer_id}/sync (admin_routes.cpp): a pull of every module the peer sends, queued now.
TEST_F(SessionRoutesTest, ASyncQueuesAPullOfEveryModuleTheConnectedPeerSendsOnce) {
  // Registered with one CPO role and a locations SENDER endpoint.
  const domain::Peer peer = StorePeer(world_.db(), world_.acme, "CPO", domain::PeerStatus::kConnected);
  const std::string path = "/peers/" + std::to_string(peer.id.value) + "/sync";
  const http::HttpResponse response = world_.Call("POST", path, "", &world_.tenant_admin);
  ASSERT_EQ(response.status, 202) << response.body;
  EXPECT_EQ(BodyOf(response),
            ParseJson(R"({"peer_id": )" + std::to_string(peer.id.value) + R"(, "modules": ["locations"]})")
                .value());
  // Again while the first is queued: the same answer, still one pull.
  EXPECT_EQ(world_.Call("POST", path, "", &world_.tenant_admin).status, 202);
  const std::vector<domain::Job> jobs =
      world_.db()
          .jobs()
          .List(domain::JobScope::OfTenant(world_.acme), domain::JobState::kQueued, 100)
          .value();
  ASSERT_EQ(jobs.size(), 1U);
  EXPECT_EQ(jobs[0].kind, "ocpi.pull");
  EXPECT_EQ(jobs[0].payload,
            R"({"peer_id":)" + std::to_string(peer.id.value) + R"(,"module":"locations","full":false})");
  const domain::AuditEntry entry =
      world_.db().audit_log().List(world_.acme, {}, 1, std::nullopt).value().entries.at(0);
  EXPECT_EQ(entry.action, "peer.sync");
  EXPECT_EQ(entry.after, R"({"modules":["locations"]})");

  // Only a connected peer is pulled from.
  for (const domain::PeerStatus status : {domain::PeerStatus::kSuspended, domain::PeerStatus::kPending}) {
    const domain::Peer idle = StorePeer(world_.db(), world_.acme, "Idle", status);
    const http::HttpResponse refused =
        world_.Call("POST", "/peers/" + std::to_string(idle.id.value) + "/sync", "", &world_.tenant_admin);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(BodyOf(refused).at("errors").at(0).at("field"), "status");
  }
}

// PATCH /profiles/{profile_id} (token_routes.cpp).
TEST_F(SessionRoutesTest, AProfileChangesTheFieldsGivenWithItsAuditEntry) {
  const std::string path = "/profiles/" + std::to_string(a1_profile_.value);
  const auto patch = [&](const std::string& body, const Caller& caller, int expected) {
    const http::HttpResponse response = world_.Call("PATCH", path, body, &caller);
    EXPECT_EQ(response.status, expected) << body << ": " << response.body;
    return BodyOf(response);
  };
  const value changed =
      patch(R"js({"name": "Van 12 (Utrecht)", "kind": "vehicle", "email": "van12@acme.example",
                                  "prices_hidden": true})js",
            world_.fleet_manager, 200);
  EXPECT_EQ(changed.at("name"), "Van 12 (Utrecht)");
  EXPECT_EQ(changed.at("kind"), "vehicle");
  EXPECT_EQ(changed.at("email"), "van12@acme.example");
  EXPECT_EQ(changed.at("prices_hidden"), true);
  EXPECT_EQ(changed.at("organisation_unit_id"), world_.a1.value);
  const domain::AuditEntry entry =
      world_.db().audit_log().List(world_.acme, {}, 1, std::nullopt).value().entries.at(0);
  EXPECT_EQ(entry.action, "profile.update");
  EXPECT_EQ(ParseJson(entry.before).value().at("name"), "Van 12");
  EXPECT_EQ(ParseJson(entry.after).value().at("name"), "Van 12 (Utrecht)");

  // Only what is given changes; null clears the e-mail address.
  const value cleared = patch(R"({"email": null})", world_.ou_admin, 200);
  EXPECT_EQ(cleared.at("email"), "");
  EXPECT_EQ(cleared.at("name"), "Van 12 (Utrecht)");
  EXPECT_EQ(cleared.at("prices_hidden"), true);

  const auto field_of = [&](const std::string& body) {
    return std::string(patch(body, world_.fleet_manager, 400).at("errors").at(0).at("field").as_string());
  };
  EXPECT_EQ(field_of("{}"), "body");
  EXPECT_EQ(field_of(R"({"name": ""})"), "name");
  EXPECT_EQ(field_of(R"({"email": "nobody"})"), "email");
  EXPECT_EQ(field_of(R"({"kind": "truck"})"), "kind");
  EXPECT_EQ(field_of(R"({"prices_hidden": "yes"})"), "prices_hidden");
  EXPECT_EQ(field_of(R"({"organisation_unit_id": 1})"), "organisation_unit_id");
  EXPECT_EQ(world_.db().profiles().FindById(world_.acme, a1_profile_).value().name, "Van 12 (Utrecht)");
  // A viewer reads profiles, it does not change them; B is out of the fleet manager's scope.
  (void)patch(R"({"name": "X"})", world_.viewer, 403);
  const http::HttpResponse out_of_scope = world_.Call(
      "PATCH", "/profiles/" + std::to_string(b_profile_.value), R"({"name": "X"})", &world_.fleet_manager);
  EXPECT_EQ(out_of_scope.status, 403);
}

// GET /users (user_routes.cpp): one keyset page of the users in scope.
TEST_F(SessionRoutesTest, UsersArePagedInScopeByIdFollowingNext) {
  const auto emails = [&](const std::string& path, const Caller& caller, int* pages) {
    std::vector<std::string> found;
    std::string next_path = path;
    *pages = 0;
    while (*pages < 20) {
      const value page = Get(next_path, caller);
      ++*pages;
      for (const value& user : page.at("items").as_array()) found.emplace_back(user.at("email").as_string());
      if (page.at("next").is_null()) break;
      next_path = path + (path.find('?') == std::string::npos ? "?" : "&") +
                  "after=" + std::string(page.at("next").as_string());
    }
    return found;
  };
  const std::vector<std::string> in_a = {"ou-admin@acme.example", "fleet@acme.example",
                                         "finance@acme.example", "viewer@acme.example",
                                         "driver@acme.example"};
  int pages = 0;
  EXPECT_EQ(emails("/users?limit=2", world_.ou_admin, &pages), in_a);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(emails("/users", world_.ou_admin, &pages), in_a);
  EXPECT_EQ(pages, 1);
  std::vector<std::string> everyone = {"admin@acme.example"};
  everyone.insert(everyone.end(), in_a.begin(), in_a.end());
  everyone.push_back("b-viewer-secret@acme.example");
  EXPECT_EQ(emails("/users?limit=3", world_.tenant_admin, &pages), everyone);
  EXPECT_EQ(emails("/users", world_.other_admin, &pages), (std::vector<std::string>{"admin@other.example"}));
  // Narrowed by unit, text and status.
  EXPECT_EQ(
      emails("/users?organisation_unit_id=" + std::to_string(world_.b.value), world_.tenant_admin, &pages),
      (std::vector<std::string>{"b-viewer-secret@acme.example"}));
  EXPECT_EQ(emails("/users?q=FLEET", world_.ou_admin, &pages),
            (std::vector<std::string>{"fleet@acme.example"}));
  (void)world_.db().users().SetStatus(world_.acme, world_.viewer.id, domain::UserStatus::kDisabled).value();
  EXPECT_EQ(emails("/users?status=disabled", world_.ou_admin, &pages),
            (std::vector<std::string>{"viewer@acme.example"}));
  // Out of scope, and bad parameters.
  (void)Get("/users?organisation_unit_id=" + std::to_string(world_.b.value), world_.ou_admin, 403);
  EXPECT_EQ(Get("/users?status=gone", world_.ou_admin, 400).at("errors").at(0).at("field"), "status");
  EXPECT_EQ(Get("/users?q=" + std::string(101, 'x'), world_.ou_admin, 400).at("errors").at(0).at("field"),
            "q");
  EXPECT_EQ(Get("/users?role=viewer", world_.ou_admin, 400).at("errors").at(0).at("field"), "role");
}

}  // namespace
}  // namespace openmsp::api::test
