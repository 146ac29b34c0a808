#include "ocpi/authorization.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openmsp::ocpi {
namespace {

using Candidates = std::vector<std::string>;

Candidates CandidatesOf(std::string_view header) {
  Result<CredentialsTokenCandidates> parsed = ParseAuthorization(header);
  EXPECT_TRUE(parsed.ok()) << header << ": " << parsed.error().ToString();
  return parsed.ok() ? parsed->InOrder() : Candidates{};
}

TEST(ParseAuthorizationTest, Base64TokenOf221IsDecoded) {
  // "example-token" (digest §2.1); the raw reading is offered second, for a peer whose token this is.
  EXPECT_EQ(CandidatesOf("Token ZXhhbXBsZS10b2tlbg=="),
            (Candidates{"example-token", "ZXhhbXBsZS10b2tlbg=="}));
}

TEST(ParseAuthorizationTest, RawTokenOfOlderPeersIsAccepted) {
  // A UUID is not Base64 ('-' is outside the alphabet): only the raw reading.
  EXPECT_EQ(CandidatesOf("Token ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"),
            (Candidates{"ebf3b399-779f-4497-9b9d-ac6ad3cc44d2"}));
}

TEST(ParseAuthorizationTest, TheSpecExamplesTrailingNewlineIsDropped) {
  // The spec's example header encodes "example-token\n" (§15); peers copied it.
  EXPECT_EQ(CandidatesOf("Token ZXhhbXBsZS10b2tlbgo="),
            (Candidates{"example-token", "ZXhhbXBsZS10b2tlbgo="}));
  // CR LF too (a token written on Windows).
  EXPECT_EQ(CandidatesOf("Token ZXhhbXBsZS10b2tlbg0K").front(), "example-token");
}

TEST(ParseAuthorizationTest, DecodingToSomethingThatIsNoTokenLeavesOnlyTheRawReading) {
  // "abcd" is valid Base64 of three non-printable bytes.
  EXPECT_EQ(CandidatesOf("Token abcd"), (Candidates{"abcd"}));
  // Base64 of "two words" (a blank is not allowed in a token).
  EXPECT_EQ(CandidatesOf("Token dHdvIHdvcmRz"), (Candidates{"dHdvIHdvcmRz"}));
}

TEST(ParseAuthorizationTest, SchemeIsCaseInsensitiveAndBlanksAreTolerated) {
  EXPECT_EQ(CandidatesOf("token ZXhhbXBsZS10b2tlbg==").front(), "example-token");
  EXPECT_EQ(CandidatesOf("TOKEN   ZXhhbXBsZS10b2tlbg==  ").front(), "example-token");
}

TEST(ParseAuthorizationTest, SixtyFourCharactersIsTheLongestToken) {
  const std::string longest(64, 'a');
  EXPECT_EQ(CandidatesOf("Token " + longest), (Candidates{longest}));
  EXPECT_FALSE(ParseAuthorization("Token " + std::string(65, 'a')).ok());
}

TEST(ParseAuthorizationTest, RefusesAsUnauthenticatedNamingTheHeaderWithoutEchoingTheToken) {
  const std::optional<std::string_view> cases[] = {
      std::nullopt,
      "",
      "Token",
      "Token ",
      "Token\tsecret-value",
      "Tokensecret-value",
      "Bearer secret-value",
      "Basic c2VjcmV0LXZhbHVl",
      "Token secret value",
      "Token secr\x01t-value",
  };
  for (const std::optional<std::string_view>& header : cases) {
    Result<CredentialsTokenCandidates> parsed = ParseAuthorization(header);
    ASSERT_FALSE(parsed.ok()) << header.value_or("(absent)");
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(parsed.error().field, "Authorization");
    EXPECT_EQ(parsed.error().message.find("secret"), std::string::npos) << parsed.error().message;
  }
}

TEST(AuthorizationHeaderValueTest, Base64ByDefaultRawWhenThePeerNeedsIt) {
  EXPECT_EQ(AuthorizationHeaderValue({.token = "example-token", .token_base64 = true}),
            "Token ZXhhbXBsZS10b2tlbg==");
  EXPECT_EQ(AuthorizationHeaderValue({.token = "example-token", .token_base64 = false}),
            "Token example-token");
  EXPECT_TRUE(domain::OutgoingCredentials{}.token_base64);
}

TEST(AuthorizationHeaderValueTest, WhatWeWriteWeReadBackFirst) {
  for (bool base64 : {true, false}) {
    const std::string header =
        AuthorizationHeaderValue({.token = "9e80a9c4-28be-11e9", .token_base64 = base64});
    EXPECT_EQ(CandidatesOf(header).front(), "9e80a9c4-28be-11e9") << header;
  }
}

}  // namespace
}  // namespace openmsp::ocpi
