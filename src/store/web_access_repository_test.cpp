#include <gtest/gtest.h>

#include <chrono>

#include "core/currency.h"
#include "core/ids/party_id.h"
#include "domain/password.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::LoginFailureSubject;
using domain::TokenDigest;

template <class Backend>
class WebAccessRepositoryTest : public ::testing::Test {
 protected:
  WebAccessRepositoryTest() : db_(backend_.Open(clock_)) {
    acme_ = MakeTenant("acme", "NLACM");
    other_ = MakeTenant("other", "NLOTH");
    user_ = MakeUser(acme_, "viewer@acme.example");
    other_user_ = MakeUser(other_, "viewer@other.example");
  }

  domain::TenantId MakeTenant(const std::string& slug, const std::string& party) {
    return db_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  domain::UserId MakeUser(domain::TenantId tenant, const std::string& email) {
    return db_.users()
        .Create(tenant, domain::NewUser{.email = email,
                                        .display_name = email,
                                        .password_hash = domain::HashPassword("a long enough password", email,
                                                                              domain::PasswordHashCost::Minimum())
                                                             .value(),
                                        .profile_id = std::nullopt})
        .value()
        .id;
  }

  Backend backend_;
  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'000)};
  Repositories db_;
  domain::TenantId acme_, other_;
  domain::UserId user_, other_user_;
};

TYPED_TEST_SUITE(WebAccessRepositoryTest, Backends, BackendNames);

TYPED_TEST(WebAccessRepositoryTest, SessionsAreFoundByDigestTouchedAndEnded) {
  const Instant now = this->clock_.Now();
  const domain::WebSession created =
      this->db_.web_access()
          .CreateSession(this->acme_, domain::NewWebSession{.user_id = this->user_,
                                                            .token_digest = TokenDigest::Of("cookie"),
                                                            .csrf_digest = TokenDigest::Of("csrf"),
                                                            .created_at = now,
                                                            .expires_at = now + std::chrono::hours(12)})
          .value();
  const domain::WebSession found = this->db_.web_access().FindSession(TokenDigest::Of("cookie")).value();
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.tenant_id, this->acme_);
  EXPECT_EQ(found.user_id, this->user_);
  EXPECT_EQ(found.csrf_digest, TokenDigest::Of("csrf"));
  EXPECT_EQ(found.expires_at, now + std::chrono::hours(12));
  EXPECT_EQ(this->db_.web_access().FindSession(TokenDigest::Of("other")).error().code, ErrorCode::kUnauthenticated);
  ASSERT_TRUE(this->db_.web_access().TouchSession(this->acme_, created.id, now + std::chrono::minutes(5)).ok());
  EXPECT_EQ(this->db_.web_access().FindSession(TokenDigest::Of("cookie"))->last_seen_at,
            now + std::chrono::minutes(5));
  // Another tenant's session is not found by id.
  EXPECT_EQ(this->db_.web_access().TouchSession(this->other_, created.id, now).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->db_.web_access().EndSessionsOfUser(this->acme_, this->user_, std::nullopt).value(), 1u);
  EXPECT_FALSE(this->db_.web_access().FindSession(TokenDigest::Of("cookie")).ok());
  // A user of another tenant cannot get a session in this one.
  EXPECT_EQ(this->db_.web_access()
                .CreateSession(this->acme_, domain::NewWebSession{.user_id = this->other_user_,
                                                                  .token_digest = TokenDigest::Of("x"),
                                                                  .csrf_digest = TokenDigest::Of("y"),
                                                                  .created_at = now,
                                                                  .expires_at = now})
                .error()
                .field,
            "user_id");
}

TYPED_TEST(WebAccessRepositoryTest, ApiKeysAreNamedOncePerUserAndRevokedOnlyByTheirUser) {
  const Instant now = this->clock_.Now();
  const domain::NewApiKey key{.user_id = this->user_,
                              .name = "export",
                              .digest = TokenDigest::Of("key-1"),
                              .created_at = now,
                              .expires_at = now + std::chrono::hours(24)};
  const domain::ApiKey created = this->db_.web_access().CreateApiKey(this->acme_, key).value();
  domain::NewApiKey same_name = key;
  same_name.digest = TokenDigest::Of("key-2");
  EXPECT_EQ(this->db_.web_access().CreateApiKey(this->acme_, same_name).error().field, "name");
  EXPECT_EQ(this->db_.web_access().FindApiKey(TokenDigest::Of("key-1"))->id, created.id);
  EXPECT_EQ(this->db_.web_access()
                .RevokeApiKey(this->other_, this->user_, created.id, now)
                .error()
                .code,
            ErrorCode::kNotFound);
  const domain::ApiKey revoked =
      this->db_.web_access().RevokeApiKey(this->acme_, this->user_, created.id, now + std::chrono::minutes(1)).value();
  EXPECT_EQ(revoked.revoked_at, now + std::chrono::minutes(1));
  // Revoking again keeps the first time; the name is free again.
  EXPECT_EQ(this->db_.web_access().RevokeApiKey(this->acme_, this->user_, created.id, now + std::chrono::hours(1))
                ->revoked_at,
            now + std::chrono::minutes(1));
  EXPECT_TRUE(this->db_.web_access().CreateApiKey(this->acme_, same_name).ok());
  EXPECT_EQ(this->db_.web_access().ListApiKeys(this->acme_, this->user_)->size(), 2u);
}

TYPED_TEST(WebAccessRepositoryTest, ResetTokensAreUsedOnceBeforeTheyExpire) {
  const Instant now = this->clock_.Now();
  ASSERT_TRUE(this->db_.web_access()
                  .CreatePasswordReset(this->acme_, domain::NewPasswordReset{.user_id = this->user_,
                                                                             .created_by = this->user_,
                                                                             .digest = TokenDigest::Of("reset"),
                                                                             .created_at = now,
                                                                             .expires_at = now + std::chrono::hours(1)})
                  .ok());
  EXPECT_FALSE(this->db_.web_access().RedeemPasswordReset(this->other_, TokenDigest::Of("reset"), now).ok());
  EXPECT_FALSE(
      this->db_.web_access().RedeemPasswordReset(this->acme_, TokenDigest::Of("reset"), now + std::chrono::hours(1))
          .ok());
  const domain::PasswordReset used =
      this->db_.web_access().RedeemPasswordReset(this->acme_, TokenDigest::Of("reset"), now).value();
  EXPECT_EQ(used.user_id, this->user_);
  EXPECT_EQ(used.used_at, now);
  EXPECT_EQ(this->db_.web_access().RedeemPasswordReset(this->acme_, TokenDigest::Of("reset"), now).error().field,
            "token");
}

TYPED_TEST(WebAccessRepositoryTest, LoginFailuresAreCountedPerTenantAndSubjectSinceAnInstant) {
  const Instant now = this->clock_.Now();
  auto& access = this->db_.web_access();
  ASSERT_TRUE(access.RecordLoginFailure(this->acme_, LoginFailureSubject::kEmail, "a@acme.example", now).ok());
  ASSERT_TRUE(access
                  .RecordLoginFailure(this->acme_, LoginFailureSubject::kEmail, "a@acme.example",
                                      now + std::chrono::minutes(10))
                  .ok());
  ASSERT_TRUE(access.RecordLoginFailure(this->other_, LoginFailureSubject::kEmail, "a@acme.example", now).ok());
  ASSERT_TRUE(access.RecordLoginFailure(this->acme_, LoginFailureSubject::kClientAddress, "a@acme.example", now).ok());
  EXPECT_EQ(access.CountLoginFailures(this->acme_, LoginFailureSubject::kEmail, "a@acme.example", now).value(), 2);
  EXPECT_EQ(access
                .CountLoginFailures(this->acme_, LoginFailureSubject::kEmail, "a@acme.example",
                                    now + std::chrono::minutes(1))
                .value(),
            1);
  ASSERT_TRUE(access.ClearLoginFailures(this->acme_, LoginFailureSubject::kEmail, "a@acme.example").ok());
  EXPECT_EQ(access.CountLoginFailures(this->acme_, LoginFailureSubject::kEmail, "a@acme.example", now).value(), 0);
  EXPECT_EQ(access.CountLoginFailures(this->other_, LoginFailureSubject::kEmail, "a@acme.example", now).value(), 1);
}

}  // namespace
}  // namespace openmsp::store
