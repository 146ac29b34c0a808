// Profiles and tokens through the real router on real SQLite: lists in scope with filters and pages,
// issuing with a generated contract id, status and validity changes with their audit entries and CPO
// pushes, and the CSV import. Who may call what on which object is in authorization_test.cpp.

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "api/api_test_world.h"
#include "domain/peer.h"
#include "emsp/token_push.h"

namespace openmsp::api::test {
namespace {

using boost::json::value;

class TokenRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.context().tokens_changed = [this] { ++tokens_changed_; };
    // A connected CPO of acme with a tokens receiver: every token change queues a push to it.
    const domain::PeerWithToken invited = world_.db().peers().Create(world_.acme, {.name = "CPO"}).value();
    cpo_ = invited.peer.id;
    (void)world_.db()
        .peers()
        .Register(world_.acme, cpo_, domain::TokenDigest::Of(invited.token),
                  domain::PeerRegistration{
                      .token = "cpo-token",
                      .token_base64 = true,
                      .versions_url = "https://cpo.example/ocpi/versions",
                      .version = "2.2.1",
                      .endpoints = {domain::PeerEndpoint{.module = "tokens",
                                                         .role = domain::InterfaceRole::kReceiver,
                                                         .url = "https://cpo.example/ocpi/tokens"}},
                      .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                                 .party = PartyId::Parse("DE-CPO").value(),
                                                 .business_name = "CPO"}}})
        .value();
    fleet_profile_ = Post("/profiles",
                          R"({"name": "Van 12", "kind": "vehicle", "organisation_unit_id": )" +
                              std::to_string(world_.a1.value) + "}",
                          world_.fleet_manager)
                         .at("id")
                         .as_int64();
  }

  value Post(const std::string& path, const std::string& body, const Caller& caller, int expected = 0) {
    const http::HttpResponse response = world_.Call("POST", path, body, &caller);
    if (expected != 0) {
      EXPECT_EQ(response.status, expected) << path << ": " << response.body;
    }
    return BodyOf(response);
  }
  value Get(const std::string& path, const Caller& caller, int expected = 200) {
    const http::HttpResponse response = world_.Call("GET", path, "", &caller);
    EXPECT_EQ(response.status, expected) << path << ": " << response.body;
    return BodyOf(response);
  }

  // The token pushes queued so far, as `token_id` values of their payloads.
  std::vector<std::int64_t> QueuedPushes() {
    const std::array<std::string, 1> kinds = {std::string(emsp::kTokenPushJob)};
    std::vector<std::int64_t> ids;
    const std::vector<domain::Job> jobs =
        world_.db().jobs().Claim("test", kinds, world_.clock().Now(), std::chrono::minutes(1), 100).value();
    for (const domain::Job& job : jobs) {
      const emsp::TokenPush push = emsp::ParseTokenPushPayload(job.payload).value();
      EXPECT_EQ(push.peer_id, cpo_);
      ids.push_back(push.token_id.value);
      (void)world_.db().jobs().Complete(job.id, "test", world_.clock().Now()).value();
    }
    return ids;
  }

  std::string LastAuditAction() {
    return world_.db().audit_log().List(world_.acme, {}, 1, std::nullopt).value().entries.at(0).action;
  }

  ApiWorld world_;
  domain::PeerId cpo_;
  std::int64_t fleet_profile_ = 0;
  int tokens_changed_ = 0;
};

TEST_F(TokenRoutesTest, CreatesAndReadsProfilesInScope) {
  const value created = Get("/profiles/" + std::to_string(fleet_profile_), world_.viewer);
  EXPECT_EQ(created.at("name"), "Van 12");
  EXPECT_EQ(created.at("kind"), "vehicle");
  EXPECT_EQ(created.at("organisation_unit_id").as_int64(), world_.a1.value);
  EXPECT_EQ(created.at("prices_hidden"), false);
  EXPECT_EQ(LastAuditAction(), "profile.create");
  // In B the fleet manager of A may not create one: refused naming the field, nothing written.
  const http::HttpResponse refused =
      world_.Call("POST", "/profiles",
                  R"({"name": "B van", "organisation_unit_id": )" + std::to_string(world_.b.value) + "}",
                  &world_.fleet_manager);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("organisation_unit_id"), std::string::npos);
  const http::HttpResponse bad = world_.Call(
      "POST", "/profiles",
      R"({"name": "x", "kind": "bus", "organisation_unit_id": )" + std::to_string(world_.a.value) + "}",
      &world_.fleet_manager);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find(R"("field":"kind")"), std::string::npos) << bad.body;
}

TEST_F(TokenRoutesTest, ListsProfilesOfTheScopeWithTextAndPages) {
  (void)Post("/profiles",
             R"({"name": "B secret", "organisation_unit_id": )" + std::to_string(world_.b.value) + "}",
             world_.tenant_admin, 201);
  // The fleet manager of A sees the two profiles of A's subtree: Dana Driver (A) and Van 12 (A1).
  const value in_a = Get("/profiles", world_.fleet_manager);
  ASSERT_EQ(in_a.at("items").as_array().size(), 2u);
  EXPECT_EQ(in_a.at("items").at(0).at("name"), "Dana Driver");
  EXPECT_EQ(in_a.at("items").at(1).at("name"), "Van 12");
  EXPECT_TRUE(in_a.at("next").is_null());
  // The tenant admin sees all three, one per page.
  const value first = Get("/profiles?limit=1", world_.tenant_admin);
  ASSERT_EQ(first.at("items").as_array().size(), 1u);
  EXPECT_EQ(first.at("items").at(0).at("name"), "Dana Driver");
  const std::string next(first.at("next").as_string());
  const value second = Get("/profiles?limit=1&after=" + next, world_.tenant_admin);
  EXPECT_EQ(second.at("items").at(0).at("name"), "Van 12");
  EXPECT_EQ(Get("/profiles?q=SECRET", world_.tenant_admin).at("items").at(0).at("name"), "B secret");
  EXPECT_EQ(Get("/profiles?q=secret", world_.fleet_manager).at("items").as_array().size(), 0u);
  // A unit of B named by an A-scoped caller is refused, not an empty list; a driver sees itself only.
  (void)Get("/profiles?organisation_unit_id=" + std::to_string(world_.b.value), world_.fleet_manager, 403);
  const value own = Get("/profiles", world_.driver);
  ASSERT_EQ(own.at("items").as_array().size(), 1u);
  EXPECT_EQ(own.at("items").at(0).at("id").as_int64(), world_.driver_profile.value);
  (void)Get("/profiles?limit=101", world_.tenant_admin, 400);
  (void)Get("/profiles?after=x", world_.tenant_admin, 400);
}

TEST_F(TokenRoutesTest, IssuesATokenWithTheNextContractIdAndPushesIt) {
  const value issued =
      Post("/tokens",
           R"({"profile_id": )" + std::to_string(fleet_profile_) +
               R"(, "uid": "04a22b5a", "visual_number": "CARD 1", "valid_until": "2027-01-01T00:00:00Z"})",
           world_.fleet_manager, 201);
  EXPECT_EQ(issued.at("uid"), "04A22B5A");
  EXPECT_EQ(issued.at("type"), "RFID");
  EXPECT_EQ(issued.at("status"), "pending");
  EXPECT_EQ(issued.at("issuer"), "acme MSP");
  EXPECT_EQ(issued.at("valid_until"), "2027-01-01T00:00:00Z");
  // The first contract number of NL-ACM, with its check digit.
  EXPECT_EQ(std::string(issued.at("contract_id").as_string()).substr(0, 16), "NL-ACM-C00000001");
  EXPECT_EQ(LastAuditAction(), "token.issue");
  EXPECT_EQ(QueuedPushes(), std::vector<std::int64_t>{issued.at("id").as_int64()});
  EXPECT_EQ(tokens_changed_, 1);
  // The same uid again is refused naming it; nothing is pushed or forgotten.
  const http::HttpResponse twice = world_.Call(
      "POST", "/tokens", R"({"profile_id": )" + std::to_string(fleet_profile_) + R"(, "uid": "04:A2:2B:5A"})",
      &world_.fleet_manager);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_NE(twice.body.find(R"("field":"uid")"), std::string::npos) << twice.body;
  EXPECT_TRUE(QueuedPushes().empty());
  EXPECT_EQ(tokens_changed_, 1);
  const http::HttpResponse party = world_.Call(
      "POST", "/tokens",
      R"({"profile_id": )" + std::to_string(fleet_profile_) + R"(, "uid": "01", "party": "DE-XYZ"})",
      &world_.fleet_manager);
  EXPECT_EQ(party.status, 400);
  EXPECT_NE(party.body.find(R"("field":"party")"), std::string::npos) << party.body;
}

TEST_F(TokenRoutesTest, BlockUnblockLostAndValidity) {
  const std::int64_t id =
      Post("/tokens",
           R"({"profile_id": )" + std::to_string(world_.driver_profile.value) + R"(, "uid": "dd01dd01"})",
           world_.fleet_manager, 201)
          .at("id")
          .as_int64();
  (void)QueuedPushes();
  const std::string path = "/tokens/" + std::to_string(id);
  // A pending token cannot be blocked (pending → blocked is not a transition).
  const http::HttpResponse pending = world_.Call("POST", path + "/block", "", &world_.driver);
  EXPECT_EQ(pending.status, 422) << pending.body;
  EXPECT_NE(pending.body.find(R"("field":"status")"), std::string::npos) << pending.body;
  EXPECT_EQ(Post(path + "/unblock", "", world_.fleet_manager, 200).at("status"), "active");
  // The driver blocks its own card; unblocking it needs tokens.manage, which a driver lacks.
  EXPECT_EQ(Post(path + "/block", "", world_.driver, 200).at("status"), "blocked");
  EXPECT_EQ(LastAuditAction(), "token.block");
  (void)Post(path + "/unblock", "", world_.driver, 403);
  EXPECT_EQ(Post(path + "/unblock", "", world_.ou_admin, 200).at("status"), "active");
  const value validity = BodyOf(world_.Call("PATCH", path + "/validity",
                                            R"({"valid_from": "2026-02-01T00:00:00Z", "valid_until": null})",
                                            &world_.fleet_manager));
  EXPECT_EQ(validity.at("valid_from"), "2026-02-01T00:00:00Z");
  EXPECT_TRUE(validity.at("valid_until").is_null());
  EXPECT_EQ(LastAuditAction(), "token.validity");
  const http::HttpResponse backwards = world_.Call(
      "PATCH", path + "/validity", R"({"valid_until": "2026-01-15T00:00:00Z"})", &world_.fleet_manager);
  EXPECT_EQ(backwards.status, 400) << backwards.body;
  EXPECT_NE(backwards.body.find(R"("field":"valid_until")"), std::string::npos) << backwards.body;
  EXPECT_EQ(world_.Call("PATCH", path + "/validity", "{}", &world_.fleet_manager).status, 400);
  EXPECT_EQ(Post(path + "/lost", "", world_.driver, 200).at("status"), "lost");
  // Lost is final.
  EXPECT_EQ(world_.Call("POST", path + "/unblock", "", &world_.tenant_admin).status, 422);
  // unblock, block, unblock, validity, lost: five changes, each pushed (one queued push per burst).
  EXPECT_EQ(tokens_changed_, 1 + 5);
  EXPECT_EQ(QueuedPushes(), std::vector<std::int64_t>{id});
  EXPECT_EQ(Get(path, world_.viewer).at("status"), "lost");
}

TEST_F(TokenRoutesTest, ListsTokensByProfileUnitStatusAndText) {
  const auto issue = [&](std::int64_t profile, const std::string& uid) {
    return Post("/tokens", R"({"profile_id": )" + std::to_string(profile) + R"(, "uid": ")" + uid + R"("})",
                world_.tenant_admin, 201)
        .at("id")
        .as_int64();
  };
  const std::int64_t b_profile =
      Post("/profiles", R"({"name": "B", "organisation_unit_id": )" + std::to_string(world_.b.value) + "}",
           world_.tenant_admin, 201)
          .at("id")
          .as_int64();
  const std::int64_t dana = issue(world_.driver_profile.value, "aa01aa01");
  const std::int64_t van = issue(fleet_profile_, "aa02aa02");
  const std::int64_t in_b = issue(b_profile, "bb01bb01");
  (void)Post("/tokens/" + std::to_string(van) + "/unblock", "", world_.tenant_admin, 200);
  const auto ids = [](const value& page) {
    std::vector<std::int64_t> found;
    for (const value& item : page.at("items").as_array()) found.push_back(item.at("id").as_int64());
    return found;
  };
  EXPECT_EQ(ids(Get("/tokens", world_.tenant_admin)), (std::vector<std::int64_t>{dana, van, in_b}));
  EXPECT_EQ(ids(Get("/tokens", world_.viewer)), (std::vector<std::int64_t>{dana, van}));
  EXPECT_EQ(ids(Get("/tokens", world_.driver)), (std::vector<std::int64_t>{dana}));
  EXPECT_EQ(ids(Get("/tokens?organisation_unit_id=" + std::to_string(world_.a1.value), world_.viewer)),
            (std::vector<std::int64_t>{van}));
  EXPECT_EQ(ids(Get("/tokens?status=active", world_.tenant_admin)), (std::vector<std::int64_t>{van}));
  EXPECT_EQ(ids(Get("/tokens?q=bb0", world_.tenant_admin)), (std::vector<std::int64_t>{in_b}));
  EXPECT_EQ(ids(Get("/tokens?profile_id=" + std::to_string(fleet_profile_), world_.ou_admin)),
            (std::vector<std::int64_t>{van}));
  // Another's profile or a unit out of scope is refused, not answered empty; a bad status names it.
  (void)Get("/tokens?profile_id=" + std::to_string(b_profile), world_.viewer, 403);
  (void)Get("/tokens?profile_id=" + std::to_string(fleet_profile_), world_.driver, 403);
  (void)Get("/tokens?organisation_unit_id=" + std::to_string(world_.b.value), world_.viewer, 403);
  const http::HttpResponse status = world_.Call("GET", "/tokens?status=stolen", "", &world_.viewer);
  EXPECT_EQ(status.status, 400);
  EXPECT_NE(status.body.find(R"("field":"status")"), std::string::npos) << status.body;
  const value page = Get("/tokens?limit=2", world_.tenant_admin);
  EXPECT_EQ(ids(page).back(), van);
  const std::string next(page.at("next").as_string());
  EXPECT_EQ(ids(Get("/tokens?after=" + next, world_.tenant_admin)), (std::vector<std::int64_t>{in_b}));
  // The cursor is opaque: a bare id, or one damaged by hand, is refused naming `after`.
  EXPECT_EQ(
      Get("/tokens?after=" + std::to_string(van), world_.tenant_admin, 400).at("errors").at(0).at("field"),
      "after");
  std::string damaged = next;
  damaged.back() = damaged.back() == 'A' ? 'B' : 'A';
  (void)Get("/tokens?after=" + damaged, world_.tenant_admin, 400);
}

TEST_F(TokenRoutesTest, ImportsCsvWithAReportPerRow) {
  const std::string csv =
      "uid,type,profile,visual_number\n"
      "04a22b5a,RFID," +
      std::to_string(fleet_profile_) +
      ",CARD 1\n"
      "zz,RFID," +
      std::to_string(fleet_profile_) +
      ",CARD 2\n"
      "app-1,APP_USER," +
      std::to_string(world_.driver_profile.value) + ",\n";
  const value report = Post("/tokens/import", csv, world_.tenant_admin, 200);
  EXPECT_EQ(report.at("created").as_int64(), 2);
  EXPECT_EQ(report.at("refused").as_int64(), 1);
  const boost::json::array& rows = report.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("outcome"), "created");
  EXPECT_EQ(rows[1].at("outcome"), "refused");
  EXPECT_EQ(rows[1].at("field"), "uid");
  EXPECT_EQ(rows[1].at("line").as_int64(), 3);
  EXPECT_EQ(rows[2].at("outcome"), "created");
  EXPECT_EQ(LastAuditAction(), "token.import");
  EXPECT_EQ(QueuedPushes(), (std::vector<std::int64_t>{rows[0].at("token_id").as_int64(),
                                                       rows[2].at("token_id").as_int64()}));
  EXPECT_EQ(tokens_changed_, 1);
  // A re-run changes nothing: nothing pushed, nothing forgotten.
  const value again = Post("/tokens/import", csv, world_.tenant_admin, 200);
  EXPECT_EQ(again.at("unchanged").as_int64(), 2);
  EXPECT_TRUE(QueuedPushes().empty());
  EXPECT_EQ(tokens_changed_, 1);
  // A header without a required column fails as a whole; JSON is not CSV; an ou_admin may not import.
  const http::HttpResponse header =
      world_.Call("POST", "/tokens/import", "uid,type\n01,RFID\n", &world_.tenant_admin);
  EXPECT_EQ(header.status, 400);
  EXPECT_NE(header.body.find(R"("field":"columns")"), std::string::npos) << header.body;
  EXPECT_EQ(world_.Call("POST", "/tokens/import", R"({"csv": "x"})", &world_.tenant_admin).status, 400);
  EXPECT_EQ(world_.Call("POST", "/tokens/import", csv, &world_.ou_admin).status, 403);
  const http::HttpResponse too_big = world_.Call(
      "POST", "/tokens/import", "uid,type,profile\n" + std::string(1024 * 1024, 'a'), &world_.tenant_admin);
  EXPECT_EQ(too_big.status, 413);
}

}  // namespace
}  // namespace openmsp::api::test
