// The tenant administration routes (admin_routes.cpp) on a real SQLite database through the real router:
// the audit log in pages, newest first; OCPI peers with their sync state, invited (token A shown once),
// suspended and resumed, each change audited. The tenant's settings are in tenant_routes_test.cpp.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/admin_test_support.h"
#include "api/api_test_world.h"
#include "core/page_cursor.h"
#include "core/time.h"
#include "domain/secret.h"
#include "domain/tenant.h"

namespace openmsp::api::test {
namespace {

using domain::PeerStatus;

std::string Id(std::int64_t id) { return std::to_string(id); }

class AdminRoutesTest : public ::testing::Test {
 protected:
  boost::json::value Get(const std::string& path, int status = 200, const Caller* caller = nullptr) {
    const http::HttpResponse response = world.Call("GET", path, "", caller ? caller : &world.tenant_admin);
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return BodyOf(response);
  }

  boost::json::value Send(const std::string& method, const std::string& path, const std::string& body,
                          int status) {
    const http::HttpResponse response = world.Call(method, path, body, &world.tenant_admin);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    return BodyOf(response);
  }

  static std::string FieldOf(const boost::json::value& problem) {
    const boost::json::array& errors = problem.at("errors").as_array();
    return errors.empty() ? "" : std::string(errors.at(0).at("field").as_string());
  }

  // The actions of a page of the audit log, in the order answered.
  static std::vector<std::string> Actions(const boost::json::value& page) {
    std::vector<std::string> actions;
    for (const boost::json::value& item : page.at("items").as_array()) {
      actions.emplace_back(item.at("action").as_string());
    }
    return actions;
  }

  ApiWorld world;
};

// --- The audit log ----------------------------------------------------------------------------------

TEST_F(AdminRoutesTest, TheAuditLogIsNewestFirstInPagesAndOnlyTheTenantsOwn) {
  // Three entries one second apart, and one of the other tenant in between.
  (void)AppendAudit(world.db(), world.acme, "test.first", R"({"n": 1})");
  world.clock().Advance(std::chrono::seconds(1));
  (void)AppendAudit(world.db(), world.other, "test.other", R"({"n": 99})");
  (void)AppendAudit(world.db(), world.acme, "test.second", R"({"n": 2})");
  world.clock().Advance(std::chrono::seconds(1));
  (void)AppendAudit(world.db(), world.acme, "test.third", R"({"n": 3})");

  const boost::json::value all = Get("/audit-log");
  EXPECT_EQ(Actions(all), (std::vector<std::string>{"test.third", "test.second", "test.first"}));
  EXPECT_TRUE(all.at("next").is_null());
  const boost::json::value& newest = all.at("items").at(0);
  EXPECT_EQ(newest.at("recorded_at").as_string(), "2026-01-01T00:00:02Z");
  EXPECT_EQ(newest.at("actor").at("kind").as_string(), "system");
  EXPECT_EQ(newest.at("actor").at("system").as_string(), "test");
  EXPECT_TRUE(newest.at("actor").at("user_id").is_null());
  EXPECT_TRUE(newest.at("before").is_null());
  EXPECT_EQ(newest.at("after").at("n").as_int64(), 3);  // the document, not its text

  // Two pages of two and one, each `next` leading on.
  const boost::json::value first = Get("/audit-log?limit=2");
  EXPECT_EQ(Actions(first), (std::vector<std::string>{"test.third", "test.second"}));
  ASSERT_TRUE(first.at("next").is_string());
  const boost::json::value second =
      Get("/audit-log?limit=2&after=" + std::string(first.at("next").as_string()));
  EXPECT_EQ(Actions(second), (std::vector<std::string>{"test.first"}));
  EXPECT_TRUE(second.at("next").is_null());

  // The other tenant sees only its own entry.
  EXPECT_EQ(Actions(Get("/audit-log", 200, &world.other_admin)), (std::vector<std::string>{"test.other"}));
}

TEST_F(AdminRoutesTest, TheAuditLogFiltersByActionObjectActorAndTime) {
  // Real changes by two users: the tenant admin suspends and resumes a peer, the other renames a unit.
  const domain::Peer peer = StorePeer(world.db(), world.acme, "Filtered CPO", PeerStatus::kConnected);
  (void)Send("POST", "/peers/" + Id(peer.id.value) + "/suspend", "", 200);
  world.clock().Advance(std::chrono::minutes(1));
  (void)Send("POST", "/peers/" + Id(peer.id.value) + "/resume", "", 200);
  world.clock().Advance(std::chrono::minutes(1));
  const http::HttpResponse renamed = world.Call("PATCH", "/organisation-units/" + Id(world.a.value),
                                                R"({"name": "Unit A renamed"})", &world.ou_admin);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  const std::string unit_action(Get("/audit-log?limit=1").at("items").at(0).at("action").as_string());

  using V = std::vector<std::string>;
  EXPECT_EQ(Actions(Get("/audit-log?action=peer.suspend")), (V{"peer.suspend"}));
  EXPECT_EQ(Actions(Get("/audit-log?action=peer.&limit=1")), (V{"peer.resume"}));
  EXPECT_EQ(Actions(Get("/audit-log?object_type=peer&object_id=" + Id(peer.id.value))),
            (V{"peer.resume", "peer.suspend"}));
  EXPECT_EQ(Actions(Get("/audit-log?actor_user_id=" + Id(world.ou_admin.id.value))), (V{unit_action}));
  // [the first minute, the second): the suspension only.
  EXPECT_EQ(Actions(Get("/audit-log?action=peer.&from=2026-01-01T00:00:00Z&to=2026-01-01T00:01:00Z")),
            (V{"peer.suspend"}));
  EXPECT_TRUE(Actions(Get("/audit-log?object_type=token")).empty());
  // A filtered list pages within the filter.
  const boost::json::value first = Get("/audit-log?object_type=peer&limit=1");
  EXPECT_EQ(
      Actions(Get("/audit-log?object_type=peer&limit=1&after=" + std::string(first.at("next").as_string()))),
      (V{"peer.suspend"}));

  EXPECT_EQ(FieldOf(Get("/audit-log?action=Peer.Suspend", 400)), "action");
  EXPECT_EQ(FieldOf(Get("/audit-log?object_type=", 400)), "object_type");
  EXPECT_EQ(FieldOf(Get("/audit-log?actor_user_id=me", 400)), "actor_user_id");
  EXPECT_EQ(FieldOf(Get("/audit-log?from=yesterday", 400)), "from");
}

TEST_F(AdminRoutesTest, TheAuditLogRefusesABadCursorLimitOrParameterNamingIt) {
  EXPECT_EQ(FieldOf(Get("/audit-log?after=42", 400)), "after");
  EXPECT_EQ(FieldOf(Get("/audit-log?after=1767225600000.x", 400)), "after");
  // A `next` of an id-ordered list (tokens, profiles…) is a cursor of another order here.
  const std::string id_cursor = PageCursor{.list = "id", .position = {std::int64_t{42}}}.Encode().value();
  EXPECT_EQ(FieldOf(Get("/audit-log?after=" + id_cursor, 400)), "after");
  EXPECT_EQ(FieldOf(Get("/audit-log?limit=0", 400)), "limit");
  EXPECT_EQ(FieldOf(Get("/audit-log?limit=101", 400)), "limit");
  EXPECT_EQ(FieldOf(Get("/audit-log?actor=1", 400)), "actor");
  // Tenant-wide: the ou_admin and the finance user scoped in A are refused before anything is read.
  (void)Get("/audit-log", 403, &world.ou_admin);
  (void)Get("/audit-log", 403, &world.finance);
}

// --- OCPI peers -------------------------------------------------------------------------------------

TEST_F(AdminRoutesTest, InvitingAPeerShowsTokenAOnceAndItAuthenticatesThePendingPeer) {
  const http::HttpResponse response =
      world.Call("POST", "/peers", R"({"name": "Tesla CPO"})", &world.tenant_admin);
  ASSERT_EQ(response.status, 201) << response.body;
  const boost::json::value invited = BodyOf(response);
  EXPECT_EQ(invited.at("versions_url").as_string(), "https://msp.example/ocpi/versions");
  const std::string token(invited.at("token_a").as_string());
  ASSERT_FALSE(token.empty());
  const std::int64_t id = invited.at("peer").at("id").as_int64();
  EXPECT_EQ(invited.at("peer").at("name").as_string(), "Tesla CPO");
  EXPECT_EQ(invited.at("peer").at("status").as_string(), "pending");

  // Token A is the pending peer's way in, in this tenant.
  const domain::PeerAuthentication found =
      world.db().peers().FindByIncomingToken(domain::TokenDigest::Of(token)).value();
  EXPECT_EQ(found.peer_id.value, id);
  EXPECT_EQ(found.tenant_id, world.acme);
  EXPECT_EQ(found.status, PeerStatus::kPending);

  // Never again: not in the peer, the list, or the audit entry.
  const http::HttpResponse one = world.Call("GET", "/peers/" + Id(id), "", &world.tenant_admin);
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.body.find(token), std::string::npos);
  EXPECT_EQ(world.Call("GET", "/peers", "", &world.tenant_admin).body.find(token), std::string::npos);
  const http::HttpResponse log = world.Call("GET", "/audit-log", "", &world.tenant_admin);
  EXPECT_EQ(log.body.find(token), std::string::npos);
  const boost::json::value entry = BodyOf(log).at("items").at(0);
  EXPECT_EQ(entry.at("action").as_string(), "peer.invite");
  EXPECT_EQ(entry.at("object_id").as_string(), Id(id));
  EXPECT_EQ(entry.at("actor").at("user_id").as_int64(), world.tenant_admin.id.value);
  EXPECT_EQ(entry.at("after").at("status").as_string(), "pending");
}

TEST_F(AdminRoutesTest, AnInvitationNeedsAValidNameAndNothingElse) {
  EXPECT_EQ(FieldOf(Send("POST", "/peers", R"({"name": ""})", 400)), "name");
  EXPECT_EQ(FieldOf(Send("POST", "/peers", R"({})", 400)), "name");
  EXPECT_EQ(FieldOf(Send("POST", "/peers", R"({"name": "Bad\u0001Name"})", 400)), "name");
  EXPECT_EQ(FieldOf(Send("POST", "/peers", R"({"name": "CPO", "token": "mine"})", 400)), "token");
  EXPECT_TRUE(world.db().peers().List(world.acme).value().empty());
  EXPECT_TRUE(Get("/audit-log").at("items").as_array().empty());
}

TEST_F(AdminRoutesTest, APeerShowsItsRolesEndpointsAndEachModulesSyncState) {
  const domain::Peer peer = StorePeer(world.db(), world.acme, "Shell Recharge", PeerStatus::kConnected);
  (void)world.db().peers().RecordSync(world.acme, peer.id,
                                      {.module = "locations",
                                       .succeeded = true,
                                       .next_date_from = Instant::FromUnixMilliseconds(1'767'225'000'000),
                                       .error = ""});
  world.clock().Advance(std::chrono::minutes(5));
  (void)world.db().peers().RecordSync(world.acme, peer.id,
                                      {.module = "tariffs",
                                       .succeeded = false,
                                       .next_date_from = std::nullopt,
                                       .error = "HTTP 503 from the CPO"});

  const boost::json::value got = Get("/peers/" + Id(peer.id.value));
  EXPECT_EQ(got.at("status").as_string(), "connected");
  EXPECT_EQ(got.at("version").as_string(), "2.2.1");
  EXPECT_EQ(got.at("roles").at(0).at("role").as_string(), "CPO");
  EXPECT_EQ(got.at("endpoints").at(0).at("module").as_string(), "locations");
  const boost::json::array& sync = got.at("sync").as_array();
  ASSERT_EQ(sync.size(), 2u);
  EXPECT_EQ(sync.at(0).at("module").as_string(), "locations");
  EXPECT_EQ(sync.at(0).at("last_success_at").as_string(), "2026-01-01T00:00:00Z");
  EXPECT_EQ(sync.at(0).at("date_from").as_string(), "2025-12-31T23:50:00Z");
  EXPECT_TRUE(sync.at(0).at("last_error").is_null());
  EXPECT_EQ(sync.at(1).at("module").as_string(), "tariffs");
  EXPECT_EQ(sync.at(1).at("last_error_at").as_string(), "2026-01-01T00:05:00Z");
  EXPECT_TRUE(sync.at(1).at("last_success_at").is_null());
  EXPECT_EQ(sync.at(1).at("last_error").as_string(), "HTTP 503 from the CPO");
  // Neither token: not B, which we call it with.
  EXPECT_EQ(SerializeJson(got).find("token-b-for-"), std::string::npos);

  // The list holds the tenant's peers only, by id.
  const domain::Peer pending = StorePeer(world.db(), world.acme, "Pending CPO", PeerStatus::kPending);
  (void)StorePeer(world.db(), world.other, "Other's CPO", PeerStatus::kConnected);
  const boost::json::value list = Get("/peers");
  const boost::json::array& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items.at(0).at("id").as_int64(), peer.id.value);
  EXPECT_EQ(items.at(0).at("sync").as_array().size(), 2u);
  EXPECT_EQ(items.at(1).at("id").as_int64(), pending.id.value);
  EXPECT_TRUE(items.at(1).at("version").is_null());
  EXPECT_TRUE(items.at(1).at("registered_at").is_null());
}

TEST_F(AdminRoutesTest, SuspendAndResumeMoveThePeerAndAreAudited) {
  const domain::Peer peer = StorePeer(world.db(), world.acme, "Ionity", PeerStatus::kConnected);
  const std::string path = "/peers/" + Id(peer.id.value);
  EXPECT_EQ(Send("POST", path + "/suspend", "", 200).at("status").as_string(), "suspended");
  EXPECT_EQ(world.db().peers().FindById(world.acme, peer.id).value().status, PeerStatus::kSuspended);
  // Suspending twice, or resuming a connected peer, is a state conflict naming `status`; nothing changes.
  EXPECT_EQ(FieldOf(Send("POST", path + "/suspend", "", 422)), "status");
  EXPECT_EQ(Send("POST", path + "/resume", "", 200).at("status").as_string(), "connected");
  EXPECT_EQ(FieldOf(Send("POST", path + "/resume", "", 422)), "status");
  EXPECT_EQ(world.db().peers().FindById(world.acme, peer.id).value().status, PeerStatus::kConnected);
  // A pending peer cannot be suspended.
  const domain::Peer pending = StorePeer(world.db(), world.acme, "Pending", PeerStatus::kPending);
  EXPECT_EQ(FieldOf(Send("POST", "/peers/" + Id(pending.id.value) + "/suspend", "", 422)), "status");

  const boost::json::value log = Get("/audit-log");
  EXPECT_EQ(Actions(log), (std::vector<std::string>{"peer.resume", "peer.suspend"}));
  const boost::json::value& suspend = log.at("items").at(1);
  EXPECT_EQ(suspend.at("object_type").as_string(), "peer");
  EXPECT_EQ(suspend.at("before").at("status").as_string(), "connected");
  EXPECT_EQ(suspend.at("after").at("status").as_string(), "suspended");
}

TEST_F(AdminRoutesTest, AnotherTenantsOrAGuessedPeerIsNotFoundToATenantAdmin) {
  const domain::Peer theirs = StorePeer(world.db(), world.other, "Their-secret CPO", PeerStatus::kConnected);
  for (const std::string& path :
       {"/peers/" + Id(theirs.id.value), std::string("/peers/987654"), std::string("/peers/not-a-number")}) {
    const boost::json::value problem = Get(path, 404);
    EXPECT_EQ(FieldOf(problem), "peer_id");
    EXPECT_EQ(SerializeJson(problem).find("Their-secret"), std::string::npos);
  }
  (void)Send("POST", "/peers/" + Id(theirs.id.value) + "/suspend", "", 404);
  EXPECT_EQ(world.db().peers().FindById(world.other, theirs.id).value().status, PeerStatus::kConnected);
}

}  // namespace
}  // namespace openmsp::api::test
