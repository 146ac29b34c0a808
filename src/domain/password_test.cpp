#include "domain/password.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

const PasswordHashCost kCheap = PasswordHashCost::Minimum();

TEST(PasswordTest, VerifiesTheRightPasswordAndNoOther) {
  Result<PasswordHash> hash = HashPassword("correct horse battery", "ada@alpha.example", kCheap);
  ASSERT_TRUE(hash.ok()) << hash.error().ToString();
  EXPECT_TRUE(hash->encoded().starts_with("$argon2id$"));
  EXPECT_EQ(hash->encoded().find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery "));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword(PasswordHash(), "correct horse battery"));
}

TEST(PasswordTest, SaltsEveryHash) {
  PasswordHash first = HashPassword("correct horse battery", "", kCheap).value();
  PasswordHash second = HashPassword("correct horse battery", "", kCheap).value();
  EXPECT_NE(first, second);
  EXPECT_TRUE(VerifyPassword(second, "correct horse battery"));
}

TEST(PasswordTest, TheInteractiveCostIsWhatNewHashesGetAndOldOnesAreFlaggedForRehash) {
  PasswordHash strong = HashPassword("correct horse battery", "", PasswordHashCost::Interactive()).value();
  EXPECT_TRUE(VerifyPassword(strong, "correct horse battery"));
  EXPECT_FALSE(PasswordNeedsRehash(strong));
  EXPECT_TRUE(PasswordNeedsRehash(HashPassword("correct horse battery", "", kCheap).value()));
}

TEST(PasswordTest, ThePolicyNamesThePasswordAndNeverQuotesIt) {
  struct Case {
    std::string password;
    std::string reason;
  };
  const Case cases[] = {
      {"short pass1", "at least 12 characters"},
      {"ééééééééééé", "at least 12 characters"},  // 11 characters in 22 bytes
      {std::string(257, 'x') + "y", "at most 256 bytes"},
      {"aaaaaaaaaaaaaaaa", "one character repeated"},
      {"ßßßßßßßßßßßßß", "one character repeated"},
      {"correct\thorse battery", "control characters"},
      {"correct horse \xff battery", "UTF-8"},
      {"Ada.Lovelace@Alpha.example", "e-mail address"},
      {"ADA.LOVELACE", "e-mail address"},
  };
  for (const Case& c : cases) {
    Result<void> checked = CheckPasswordPolicy(c.password, "ada.lovelace@alpha.example");
    ASSERT_FALSE(checked.ok()) << c.password;
    EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(checked.error().field, "password");
    EXPECT_NE(checked.error().message.find(c.reason), std::string::npos) << checked.error().message;
    EXPECT_EQ(checked.error().message.find(c.password), std::string::npos);
    EXPECT_FALSE(HashPassword(c.password, "ada.lovelace@alpha.example", kCheap).ok());
  }
  EXPECT_TRUE(CheckPasswordPolicy("twelve chars", "ada@alpha.example").ok());
  EXPECT_TRUE(CheckPasswordPolicy("ééééééééééé1", "ada@alpha.example").ok());
  EXPECT_TRUE(CheckPasswordPolicy(std::string(255, 'x') + "y", "").ok());
}

TEST(PasswordTest, ReadsBackOnlyArgon2idHashes) {
  PasswordHash hash = HashPassword("correct horse battery", "", kCheap).value();
  Result<PasswordHash> stored = PasswordHash::FromStored(hash.encoded());
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(VerifyPassword(*stored, "correct horse battery"));
  EXPECT_FALSE(PasswordHash::FromStored("$2y$10$abcdefghijklmnopqrstuv").ok());
  EXPECT_FALSE(PasswordHash::FromStored("").ok());
  EXPECT_FALSE(PasswordHash::FromStored("$argon2id$" + std::string(200, 'a')).ok());
}

}  // namespace
}  // namespace openmsp::domain
