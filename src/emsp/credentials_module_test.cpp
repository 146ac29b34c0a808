// The credentials module (the receiving side of the handshake) through the endpoint frame on a real
// SQLite database, calling back a peer played by an HTTP server on loopback: which token goes where, what
// is stored, and every refusal with its HTTP status and OCPI status code.

#include "emsp/credentials_module.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "core/base64.h"
#include "emsp/ocpi_test_world.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

constexpr const char* kPeerToken = "peer-token-b";

std::vector<std::string> SchemaViolations(const std::string& schema, const std::string& body) {
  const test::JsonSchema validator =
      test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/" + schema).value();
  return validator.Validate(json::parse(body));
}

// A peer on 127.0.0.1: its versions at /versions and the details of 2.2.1 at /2.2.1, answered to the
// token it expects (`token`, Base64-encoded unless `raw`); 401 to anything else. What it offers can be
// changed before a test sends anything.
class LoopbackPeer {
 public:
  LoopbackPeer() : server_(MakeRouter(), http::HttpServerOptions{.threads = 1}) {}

  std::string VersionsUrl() const { return Base() + "/versions"; }
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }

  std::string token = kPeerToken;
  bool raw = false;
  std::vector<std::string> versions = {"2.1.1", "2.2.1"};
  std::vector<std::string> modules = {"credentials", "locations", "tokens"};

  struct Seen {
    std::string path;
    std::string authorization;
    std::string correlation_id;
  };
  std::vector<Seen> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  http::Router MakeRouter() {
    http::Router router;
    router.Add("GET", "/versions", [this](const http::HttpRequest& request) {
      if (!Authorised(request)) return Refused();
      json::array list;
      for (const std::string& version : versions)
        list.push_back(json::object{{"version", version}, {"url", Base() + "/" + version}});
      return Success(std::move(list));
    });
    router.Add("GET", "/2.2.1", [this](const http::HttpRequest& request) {
      if (!Authorised(request)) return Refused();
      json::array endpoints;
      for (const std::string& module : modules) {
        endpoints.push_back(json::object{{"identifier", module},
                                         {"role", module == "tokens" ? "RECEIVER" : "SENDER"},
                                         {"url", Base() + "/2.2.1/" + module}});
      }
      return Success(json::object{{"version", "2.2.1"}, {"endpoints", std::move(endpoints)}});
    });
    return router;
  }

  bool Authorised(const http::HttpRequest& request) {
    const std::string authorization(request.headers.Get("Authorization").value_or(""));
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(
          Seen{.path = request.path,
               .authorization = authorization,
               .correlation_id = std::string(request.headers.Get("X-Correlation-ID").value_or(""))});
    }
    return authorization == "Token " + (raw ? token : EncodeBase64(token));
  }

  static http::HttpResponse Success(json::value data) {
    return ocpi::SuccessResponse(std::move(data), ParseOcpiDateTime("2026-03-01T12:00:00Z").value());
  }
  static http::HttpResponse Refused() {
    return ocpi::ErrorResponse(Error{ErrorCode::kUnauthenticated, "Authorization", "unknown token"},
                               ParseOcpiDateTime("2026-03-01T12:00:00Z").value());
  }

  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  http::test::RunningServer server_;
};

http::HttpClient TestClient() {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.request_timeout = std::chrono::seconds(10);
  options.max_attempts = 1;
  return http::HttpClient::Create(options).value();
}

class CredentialsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    module_.Register(world_.endpoints());
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::PeerWithToken invited = db->peers().Create(world_.tenant(), {.name = "New CPO"}).value();
    pending_ = invited.peer.id;
    token_a_ = invited.token;
  }

  // The body of a credentials POST or PUT from the loopback peer, as CPO NL-NEW.
  std::string TheirCredentials(const std::string& token = kPeerToken,
                               const std::string& party_id = "NEW") const {
    return json::serialize(json::object{
        {"token", token},
        {"url", peer_.VersionsUrl()},
        {"roles", json::array{json::object{{"role", "CPO"},
                                           {"party_id", party_id},
                                           {"country_code", "NL"},
                                           {"business_details", json::object{{"name", "New CPO"}}}}}}});
  }

  http::HttpResponse Post(const std::string& body, const std::string& token,
                          std::vector<http::HttpHeaderField> headers = {}) {
    return world_.Send("POST", "/ocpi/2.2.1/credentials", body, token, std::move(headers));
  }

  domain::Peer Stored() {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return db->peers().FindById(world_.tenant(), pending_).value();
  }

  std::vector<std::string> AuditActions() {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    std::vector<std::string> actions;
    const domain::AuditPage page = db->audit_log().List(world_.tenant(), {}, 100, std::nullopt).value();
    for (const domain::AuditEntry& entry : page.entries) {
      EXPECT_EQ(entry.actor, domain::AuditActor::Peer(pending_));
      EXPECT_EQ(entry.before.find(kPeerToken), std::string::npos);
      EXPECT_EQ(entry.after.find(kPeerToken), std::string::npos);
      actions.insert(actions.begin(), entry.action);
    }
    return actions;
  }

  static int StatusCode(const http::HttpResponse& response) {
    return static_cast<int>(testing::OcpiTestWorld::Envelope(response).at("status_code").as_int64());
  }
  static std::string Message(const http::HttpResponse& response) {
    return std::string(testing::OcpiTestWorld::Envelope(response).at("status_message").as_string());
  }

  LoopbackPeer peer_;
  testing::OcpiTestWorld world_;
  CredentialsModule module_{world_.context(), TestClient()};
  domain::PeerId pending_;
  std::string token_a_;
};

TEST_F(CredentialsModuleTest, APostWithTokenACallsThePeerBackWithTokenBThenAnswersTokenC) {
  const http::HttpResponse response =
      Post(TheirCredentials(), token_a_, {{"X-Request-ID", "req-post"}, {"X-Correlation-ID", "corr-post"}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(StatusCode(response), 1000);
  EXPECT_EQ(SchemaViolations("ocpi.2_2_1.credentials.response.json", response.body),
            std::vector<std::string>{});
  const json::value data = testing::OcpiTestWorld::Envelope(response).at("data");
  const std::string token_c(data.at("token").as_string());
  EXPECT_EQ(token_c.size(), 43u);
  EXPECT_NE(token_c, token_a_);
  EXPECT_EQ(data.at("url").as_string(), "http://127.0.0.1:8080/ocpi/versions");
  EXPECT_EQ(data.at("roles"), json::parse(R"([{"role":"EMSP","business_details":{"name":"Demo"},
                                               "party_id":"DEM","country_code":"NL"}])"));

  // Before answering, the peer was called with its token B, Base64-encoded, in the same exchange.
  const std::vector<LoopbackPeer::Seen> seen = peer_.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].path, "/versions");
  EXPECT_EQ(seen[1].path, "/2.2.1");
  for (const LoopbackPeer::Seen& call : seen) {
    EXPECT_EQ(call.authorization, "Token " + EncodeBase64(kPeerToken));
    EXPECT_EQ(call.correlation_id, "corr-post");
  }

  const domain::Peer stored = Stored();
  EXPECT_EQ(stored.status, domain::PeerStatus::kConnected);
  EXPECT_EQ(stored.versions_url, peer_.VersionsUrl());
  EXPECT_EQ(stored.version, "2.2.1");
  EXPECT_TRUE(stored.token_base64);
  ASSERT_EQ(stored.roles.size(), 1u);
  EXPECT_EQ(stored.roles[0].party.ToString(), "NL-NEW");
  ASSERT_EQ(stored.endpoints.size(), 3u);
  EXPECT_EQ(stored.endpoints[2].url, peer_.Base() + "/2.2.1/tokens");
  EXPECT_EQ(stored.endpoints[2].role, domain::InterfaceRole::kReceiver);
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    EXPECT_EQ(db->peers().FindOutgoingCredentials(world_.tenant(), pending_)->token, kPeerToken);
  }
  EXPECT_EQ(AuditActions(), std::vector<std::string>{"peer.register"});

  // Token A is dead; C opens the module, and a POST with C is 405: the peer is registered.
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/credentials", "", token_a_).status, 401);
  EXPECT_EQ(Post(TheirCredentials(), token_a_).status, 401);
  const http::HttpResponse again = Post(TheirCredentials(), token_c);
  EXPECT_EQ(again.status, 405);
  EXPECT_EQ(StatusCode(again), 2000);
  EXPECT_EQ(again.headers.Get("Allow"), "GET, HEAD, POST, PUT, DELETE");
  EXPECT_EQ(Stored(), stored);
}

TEST_F(CredentialsModuleTest, APeerThatWantsItsTokenRawIsCalledRawAfterA401) {
  peer_.raw = true;
  const http::HttpResponse response = Post(TheirCredentials(), token_a_);
  ASSERT_EQ(response.status, 200) << response.body;
  const std::vector<LoopbackPeer::Seen> seen = peer_.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].authorization, "Token " + EncodeBase64(kPeerToken));
  EXPECT_EQ(seen[1].authorization, std::string("Token ") + kPeerToken);
  EXPECT_EQ(seen[2].authorization, std::string("Token ") + kPeerToken);
  EXPECT_FALSE(Stored().token_base64);
}

TEST_F(CredentialsModuleTest, AFailedCallBackAnswers300xAndLeavesThePeerPendingWithTokenA) {
  struct Case {
    const char* name;
    std::function<void(LoopbackPeer&)> arrange;
    int http_status;
    int status_code;
    std::string message_starts;
  };
  const std::vector<Case> cases = {
      {"no 2.2.1",
       [](LoopbackPeer& peer) {
         peer.versions = {"2.1.1", "2.2"};
       },
       400, 3002, "versions: the peer does not offer OCPI 2.2.1"},
      {"no credentials endpoint",
       [](LoopbackPeer& peer) {
         peer.modules = {"locations", "tokens"};
       },
       400, 3003, "endpoints: "},
      {"another token", [](LoopbackPeer& peer) { peer.token = "something-else"; }, 502, 3001,
       "url: the peer refused the token"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    test.arrange(peer_);
    const http::HttpResponse response = Post(TheirCredentials(), token_a_);
    EXPECT_EQ(response.status, test.http_status) << response.body;
    EXPECT_EQ(StatusCode(response), test.status_code);
    EXPECT_TRUE(Message(response).starts_with(test.message_starts)) << Message(response);
    EXPECT_EQ(Stored().status, domain::PeerStatus::kPending);
    EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/credentials", "", token_a_).status, 200);
    peer_.token = kPeerToken;
    peer_.versions = {"2.1.1", "2.2.1"};
    peer_.modules = {"credentials", "locations", "tokens"};
  }
  EXPECT_EQ(AuditActions(), std::vector<std::string>{});
  // …and a later POST that works registers it.
  EXPECT_EQ(Post(TheirCredentials(), token_a_).status, 200);
}

TEST_F(CredentialsModuleTest, AnUnreachablePeerIs3001NamingTheUrl) {
  std::string body = TheirCredentials();
  const std::string unreachable = "http://127.0.0.1:1/versions";
  body.replace(body.find(peer_.VersionsUrl()), peer_.VersionsUrl().size(), unreachable);
  const http::HttpResponse response = Post(body, token_a_);
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(StatusCode(response), 3001);
  EXPECT_TRUE(Message(response).starts_with("url: GET " + unreachable)) << Message(response);
  EXPECT_EQ(Stored().status, domain::PeerStatus::kPending);
}

TEST_F(CredentialsModuleTest, AMalformedBodyIs2001NamingTheFieldAndCallsNobody) {
  const http::HttpResponse bad_party = Post(TheirCredentials(kPeerToken, "N!W"), token_a_);
  EXPECT_EQ(bad_party.status, 400);
  EXPECT_EQ(StatusCode(bad_party), 2001);
  EXPECT_TRUE(Message(bad_party).starts_with("roles[0].party_id: ")) << Message(bad_party);

  const http::HttpResponse not_json = Post("{\"token\": ", token_a_);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(StatusCode(not_json), 2001);

  const http::HttpResponse spaced_token = Post(TheirCredentials("has space"), token_a_);
  EXPECT_EQ(StatusCode(spaced_token), 2001);
  EXPECT_TRUE(Message(spaced_token).starts_with("token: ")) << Message(spaced_token);
  EXPECT_EQ(Message(spaced_token).find("has space"), std::string::npos);

  EXPECT_TRUE(peer_.seen().empty());
  EXPECT_EQ(Stored().status, domain::PeerStatus::kPending);
}

TEST_F(CredentialsModuleTest, APutRefetchesAndRotatesBothTokens) {
  EXPECT_EQ(world_.Send("PUT", "/ocpi/2.2.1/credentials", TheirCredentials(), token_a_).status, 405);
  const http::HttpResponse posted = Post(TheirCredentials(), token_a_);
  ASSERT_EQ(posted.status, 200) << posted.body;
  const std::string token_c(testing::OcpiTestWorld::Envelope(posted).at("data").at("token").as_string());

  peer_.token = "peer-token-b2";
  peer_.modules = {"credentials", "cdrs"};
  const http::HttpResponse put =
      world_.Send("PUT", "/ocpi/2.2.1/credentials", TheirCredentials("peer-token-b2"), token_c);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(SchemaViolations("ocpi.2_2_1.credentials.response.json", put.body), std::vector<std::string>{});
  const std::string token_c2(testing::OcpiTestWorld::Envelope(put).at("data").at("token").as_string());
  EXPECT_NE(token_c2, token_c);
  EXPECT_EQ(peer_.seen().back().authorization, "Token " + EncodeBase64("peer-token-b2"));
  EXPECT_EQ(Stored().endpoints.size(), 2u);
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    EXPECT_EQ(db->peers().FindOutgoingCredentials(world_.tenant(), pending_)->token, "peer-token-b2");
  }
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/credentials", "", token_c).status, 401);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/credentials", "", token_c2).status, 200);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"peer.register", "peer.update"}));
}

TEST_F(CredentialsModuleTest, ADeleteUnregistersAndForgetsBothTokens) {
  EXPECT_EQ(world_.Send("DELETE", "/ocpi/2.2.1/credentials", "", token_a_).status, 405);
  const http::HttpResponse posted = Post(TheirCredentials(), token_a_);
  ASSERT_EQ(posted.status, 200) << posted.body;
  const std::string token_c(testing::OcpiTestWorld::Envelope(posted).at("data").at("token").as_string());

  const http::HttpResponse deleted = world_.Send("DELETE", "/ocpi/2.2.1/credentials", "", token_c);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(StatusCode(deleted), 1000);
  EXPECT_FALSE(testing::OcpiTestWorld::Envelope(deleted).contains("data"));
  EXPECT_EQ(Stored().status, domain::PeerStatus::kUnregistered);
  EXPECT_EQ(world_.Send("DELETE", "/ocpi/2.2.1/credentials", "", token_c).status, 401);
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  EXPECT_EQ(db->peers().FindOutgoingCredentials(world_.tenant(), pending_).error().field, "status");
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"peer.register", "peer.unregister"}));
}

TEST_F(CredentialsModuleTest, AGetAnswersOurCredentialsWithTheTokenTheCallerUsed) {
  // The world's peer is connected and calls with its token C, Base64-encoded…
  const http::HttpResponse response = world_.Send("GET", "/ocpi/2.2.1/credentials");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(SchemaViolations("ocpi.2_2_1.credentials.response.json", response.body),
            std::vector<std::string>{});
  const json::value data = testing::OcpiTestWorld::Envelope(response).at("data");
  EXPECT_EQ(data.at("token").as_string(), world_.token_c());
  EXPECT_EQ(data.at("url").as_string(), "http://127.0.0.1:8080/ocpi/versions");
  EXPECT_EQ(data.at("roles").as_array().size(), 1u);

  // …or raw, as older peers send it: the token is the same either way.
  http::HttpRequest raw{.method = "GET",
                        .path = "/ocpi/2.2.1/credentials",
                        .query = "",
                        .headers = {},
                        .body = "",
                        .path_parameters = {}};
  raw.headers.Set("Authorization", "Token " + token_a_);
  const http::HttpResponse pending = world_.router().Dispatch(std::move(raw));
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(pending).at("data").at("token").as_string(), token_a_);
}

}  // namespace
}  // namespace openmsp::emsp
