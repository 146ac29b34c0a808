#include <gtest/gtest.h>

#include <string>

#include "api/api_test_world.h"

namespace openmsp::api::test {
namespace {

class AuthenticationTest : public ::testing::Test {
 protected:
  http::HttpResponse Login(const std::string& email, const std::string& password) {
    return world_.Call(
        "POST", "/auth/login",
        R"({"email": ")" + email + R"(", "password": ")" + password + R"(", "tenant": "acme"})", nullptr);
  }

  // The session of a login answer: its cookie token and CSRF token.
  Caller SessionOf(const http::HttpResponse& login, const Caller& user) {
    Caller caller = user;
    const std::string cookie(login.headers.Get("Set-Cookie").value_or(""));
    const std::size_t start = cookie.find('=') + 1;
    caller.cookie = cookie.substr(start, cookie.find(';') - start);
    caller.csrf = std::string(BodyOf(login).at("csrf_token").as_string());
    return caller;
  }

  ApiWorld world_;
};

TEST_F(AuthenticationTest, LoginSetsAStrictHttpOnlyCookieAndAnswersTheCsrfToken) {
  const http::HttpResponse login = Login("Viewer@ACME.example", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie(login.headers.Get("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("openmsp_session=")) << cookie;
  EXPECT_NE(cookie.find("; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  const Caller session = SessionOf(login, world_.viewer);
  const boost::json::value me = BodyOf(world_.Call("GET", "/me", "", &session));
  EXPECT_EQ(me.at("user").at("email"), "viewer@acme.example");
  EXPECT_EQ(me.at("authenticated_by"), "session");
  EXPECT_EQ(me.at("tenant").at("slug"), "acme");
  // The audit log has the login.
  const domain::AuditPage audit = world_.db().audit_log().List(world_.acme, {}, 10, std::nullopt).value();
  ASSERT_FALSE(audit.entries.empty());
  EXPECT_EQ(audit.entries.front().action, "user.login");
}

TEST_F(AuthenticationTest, UnknownEmailAndWrongPasswordGetTheSameAnswer) {
  const http::HttpResponse wrong = Login("viewer@acme.example", "not the password at all");
  const http::HttpResponse unknown = Login("nobody@acme.example", "not the password at all");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_FALSE(wrong.headers.Contains("Set-Cookie"));
}

TEST_F(AuthenticationTest, RepeatedFailuresAreThrottledPerEmailUntilTheWindowPasses) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(Login("viewer@acme.example", "wrong password " + std::to_string(i)).status, 401);
  const http::HttpResponse throttled = Login("viewer@acme.example", kPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.headers.Get("Retry-After").value_or(""), "900");
  EXPECT_EQ(Login("finance@acme.example", kPassword).status, 200);  // another address is not throttled
  world_.clock().Advance(std::chrono::minutes(15) + std::chrono::seconds(1));
  EXPECT_EQ(Login("viewer@acme.example", kPassword).status, 200);
}

TEST_F(AuthenticationTest, SessionsExpireWhenIdleAndLogoutEndsThem) {
  const Caller session = SessionOf(Login("viewer@acme.example", kPassword), world_.viewer);
  world_.clock().Advance(std::chrono::minutes(29));
  EXPECT_EQ(world_.Call("GET", "/me", "", &session).status, 200);
  world_.clock().Advance(std::chrono::minutes(29));
  EXPECT_EQ(world_.Call("GET", "/me", "", &session).status, 200);  // the last request reset the idle time
  EXPECT_EQ(world_.Call("POST", "/auth/logout", "", &session).status, 204);
  EXPECT_EQ(world_.Call("GET", "/me", "", &session).status, 401);
  const Caller idle = SessionOf(Login("viewer@acme.example", kPassword), world_.viewer);
  world_.clock().Advance(std::chrono::minutes(31));
  EXPECT_EQ(world_.Call("GET", "/me", "", &idle).status, 401);
}

TEST_F(AuthenticationTest, PasswordChangeEndsOtherSessionsAndTheNewPasswordLogsIn) {
  const Caller first = SessionOf(Login("viewer@acme.example", kPassword), world_.viewer);
  const Caller second = SessionOf(Login("viewer@acme.example", kPassword), world_.viewer);
  const http::HttpResponse weak = world_.Call(
      "POST", "/auth/password",
      std::string(R"({"current_password": ")") + kPassword + R"(", "new_password": "short"})", &first);
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find(R"("field":"new_password")"), std::string::npos) << weak.body;
  EXPECT_EQ(world_
                .Call("POST", "/auth/password",
                      std::string(R"({"current_password": ")") + kPassword +
                          R"(", "new_password": "a brand new passphrase"})",
                      &first)
                .status,
            204);
  EXPECT_EQ(world_.Call("GET", "/me", "", &first).status, 200);
  EXPECT_EQ(world_.Call("GET", "/me", "", &second).status, 401);
  EXPECT_EQ(Login("viewer@acme.example", kPassword).status, 401);
  EXPECT_EQ(Login("viewer@acme.example", "a brand new passphrase").status, 200);
}

TEST_F(AuthenticationTest, ResetTokensWorkOnceAndExpire) {
  const http::HttpResponse issued = world_.Call(
      "POST", "/users/" + std::to_string(world_.viewer.id.value) + "/password-reset", "", &world_.ou_admin);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string token(BodyOf(issued).at("token").as_string());
  const std::string redeem =
      R"({"token": ")" + token + R"(", "new_password": "reset to something long", "tenant": "acme"})";
  EXPECT_EQ(world_.Call("POST", "/auth/password-reset", redeem, nullptr).status, 204);
  EXPECT_EQ(world_.Call("POST", "/auth/password-reset", redeem, nullptr).status, 401);
  EXPECT_EQ(Login("viewer@acme.example", "reset to something long").status, 200);
  const http::HttpResponse late = world_.Call(
      "POST", "/users/" + std::to_string(world_.viewer.id.value) + "/password-reset", "", &world_.ou_admin);
  world_.clock().Advance(std::chrono::hours(24));
  EXPECT_EQ(world_
                .Call("POST", "/auth/password-reset",
                      R"({"token": ")" + std::string(BodyOf(late).at("token").as_string()) +
                          R"(", "new_password": "too late for this one", "tenant": "acme"})",
                      nullptr)
                .status,
            401);
}

TEST_F(AuthenticationTest, ApiKeysAreShownOnceListedWithoutSecretAndRevoked) {
  const http::HttpResponse created =
      world_.Call("POST", "/api-keys", R"({"name": "billing export", "expires_at": "2026-03-01T00:00:00Z"})",
                  &world_.viewer);
  ASSERT_EQ(created.status, 201) << created.body;
  Caller by_key = world_.viewer;
  by_key.api_key = std::string(BodyOf(created).at("token").as_string());
  EXPECT_TRUE(by_key.api_key.starts_with("omk_"));
  EXPECT_EQ(BodyOf(world_.Call("GET", "/me", "", &by_key, true)).at("authenticated_by"), "api_key");
  const http::HttpResponse listed = world_.Call("GET", "/api-keys", "", &by_key, true);
  EXPECT_EQ(listed.body.find(by_key.api_key.substr(4)), std::string::npos);
  const std::int64_t id = BodyOf(created).at("api_key").at("id").as_int64();
  EXPECT_EQ(world_.Call("DELETE", "/api-keys/" + std::to_string(id), "", &world_.viewer).status, 200);
  EXPECT_EQ(world_.Call("GET", "/me", "", &by_key, true).status, 401);
  // An expiry beyond a year or in the past is refused, naming the field.
  const http::HttpResponse too_long = world_.Call(
      "POST", "/api-keys", R"({"name": "forever", "expires_at": "2030-01-01T00:00:00Z"})", &world_.viewer);
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find(R"("field":"expires_at")"), std::string::npos);
}

TEST_F(AuthenticationTest, BodiesAreValidatedStrictlyAndLimited) {
  const http::HttpResponse unknown_member = world_.Call(
      "POST", "/auth/login", R"({"email": "a@b.example", "pasword": "x", "tenant": "acme"})", nullptr);
  EXPECT_EQ(unknown_member.status, 400);
  EXPECT_EQ(unknown_member.headers.Get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_NE(unknown_member.body.find(R"("errors":[{"field":"pasword")"), std::string::npos)
      << unknown_member.body;
  const http::HttpResponse not_json = world_.Call("POST", "/auth/login", "{", nullptr);
  EXPECT_EQ(not_json.status, 400);
  const http::HttpResponse too_big =
      world_.Call("POST", "/auth/login", R"({"email": ")" + std::string(5000, 'a') + R"("})", nullptr);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.body.find(R"("status":413)"), std::string::npos);
}

TEST_F(AuthenticationTest, ADisabledUserIsLockedOutAtOnce) {
  const Caller key_user = world_.Fresh(world_.fleet_manager);
  EXPECT_EQ(world_
                .Call("POST", "/users/" + std::to_string(world_.fleet_manager.id.value) + "/disable", "",
                      &world_.ou_admin)
                .status,
            200);
  EXPECT_EQ(world_.Call("GET", "/me", "", &key_user, true).status, 401);
  EXPECT_EQ(Login("fleet@acme.example", kPassword).status, 401);
}

}  // namespace
}  // namespace openmsp::api::test
