#include "domain/user.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

TEST(NormaliseEmailTest, LowerCasesAsciiLettersOnly) {
  EXPECT_EQ(NormaliseEmail("Ada.Lovelace@Alpha.EXAMPLE").value(), "ada.lovelace@alpha.example");
  EXPECT_EQ(NormaliseEmail("Zoë@Alpha.example").value(), "zoë@alpha.example");
  EXPECT_EQ(NormaliseEmail("a@b").value(), "a@b");
}

TEST(NormaliseEmailTest, RefusesWhatIsNotAnAddress) {
  for (const std::string& bad :
       {std::string(""), std::string("ada"), std::string("@alpha.example"), std::string("ada@"),
        std::string("ada@@alpha.example"), std::string("ada@alpha@example"),
        std::string(" ada@alpha.example"), std::string("ada@alpha.example "),
        std::string("ada lovelace@alpha.example"), std::string("ada@.alpha"), std::string("ada@alpha."),
        std::string("ada@alpha..example"), std::string("ada\n@alpha.example"),
        std::string(65, 'a') + "@alpha.example", "ada@" + std::string(251, 'a'),
        std::string("ad\xff@alpha.example")}) {
    Result<std::string> normalised = NormaliseEmail(bad);
    EXPECT_FALSE(normalised.ok()) << bad;
  }
}

TEST(ValidateNewUserTest, NormalisesTheEmailAndNamesTheFieldAtFault) {
  const PasswordHash hash = HashPassword("correct horse battery", "", PasswordHashCost::Minimum()).value();
  NewUser user{.email = "Ada@Alpha.example", .display_name = "Ada", .password_hash = hash, .profile_id = {}};
  EXPECT_EQ(ValidateNewUser(user)->email, "ada@alpha.example");

  NewUser bad_email = user;
  bad_email.email = "ada";
  EXPECT_EQ(ValidateNewUser(bad_email).error().field, "email");
  NewUser no_name = user;
  no_name.display_name = "";
  EXPECT_EQ(ValidateNewUser(no_name).error().field, "display_name");
  NewUser long_name = user;
  long_name.display_name = std::string(201, 'x');
  EXPECT_EQ(ValidateNewUser(long_name).error().field, "display_name");
  NewUser no_hash = user;
  no_hash.password_hash = PasswordHash();
  EXPECT_EQ(ValidateNewUser(no_hash).error().field, "password_hash");
}

TEST(CheckLoginTest, AdmitsOnlyAnActiveUserWithTheRightPasswordAndSaysNothingMore) {
  User ada{.id = UserId{1},
           .tenant_id = TenantId{1},
           .email = "ada@alpha.example",
           .display_name = "Ada",
           .status = UserStatus::kActive,
           .password_hash = HashPassword("correct horse battery", "", PasswordHashCost::Minimum()).value(),
           .profile_id = {},
           .created_at = {}};
  EXPECT_TRUE(CheckLogin(&ada, "correct horse battery").ok());

  Result<void> wrong = CheckLogin(&ada, "correct horse battery!");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  Result<void> nobody = CheckLogin(nullptr, "correct horse battery");
  ASSERT_FALSE(nobody.ok());
  ada.status = UserStatus::kDisabled;
  Result<void> disabled = CheckLogin(&ada, "correct horse battery");
  ASSERT_FALSE(disabled.ok());
  // The three refusals are indistinguishable.
  EXPECT_EQ(wrong.error(), nobody.error());
  EXPECT_EQ(wrong.error(), disabled.error());
  EXPECT_EQ(wrong.error().field, "");
}

TEST(UserStatusTest, RoundTripsItsNames) {
  for (UserStatus status : {UserStatus::kActive, UserStatus::kDisabled}) {
    EXPECT_EQ(ParseUserStatus(UserStatusName(status)).value(), status);
  }
  EXPECT_FALSE(ParseUserStatus("Active").ok());
}

}  // namespace
}  // namespace openmsp::domain
