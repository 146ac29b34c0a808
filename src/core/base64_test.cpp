#include "core/base64.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

namespace openmsp {
namespace {

using ::testing::HasSubstr;

// RFC 4648 §10 test vectors.
TEST(Base64, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(EncodeBase64(""), "");
  EXPECT_EQ(EncodeBase64("f"), "Zg==");
  EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
  EXPECT_EQ(EncodeBase64("foo"), "Zm9v");
  EXPECT_EQ(EncodeBase64("foob"), "Zm9vYg==");
  EXPECT_EQ(EncodeBase64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(DecodeBase64("Zm9vYmE=").value(), "fooba");
  EXPECT_EQ(DecodeBase64("Zg==").value(), "f");
  EXPECT_EQ(DecodeBase64("").value(), "");
}

TEST(Base64, EncodesAnOcpiTokenAsTheSpecificationShows) {
  // OCPI 2.2.1 transport_and_format.asciidoc, "Authorization header".
  EXPECT_EQ(EncodeBase64("example-token"), "ZXhhbXBsZS10b2tlbg==");
  EXPECT_EQ(EncodeBase64(std::string("\x00\xff\xfe", 3)), "AP/+");
}

TEST(Base64, RoundTripsRandomBytes) {
  std::mt19937 random(7);
  for (int round = 0; round < 500; ++round) {
    std::string bytes(static_cast<std::size_t>(random() % 70), '\0');
    for (char& byte : bytes) byte = static_cast<char>(random() % 256);
    EXPECT_EQ(DecodeBase64(EncodeBase64(bytes)).value(), bytes);
  }
}

TEST(Base64, RefusesWhatIsNotCanonicalBase64NamingWhereAndWhy) {
  EXPECT_THAT(DecodeBase64("Zm9").error().message, HasSubstr("its length 3 is not a multiple of 4"));
  EXPECT_THAT(DecodeBase64("Zm9v YmFy").error().message, HasSubstr("not a multiple of 4"));
  EXPECT_THAT(DecodeBase64("Zm9-").error().message, HasSubstr("at position 3"));
  EXPECT_THAT(DecodeBase64("Zg==Zm9v").error().message, HasSubstr("padding before the end at position 2"));
  EXPECT_THAT(DecodeBase64("Zh==").error().message, HasSubstr("bits after the last byte are not zero"));
  EXPECT_THAT(DecodeBase64("Zm9=").error().message, HasSubstr("bits after the last byte are not zero"));
  EXPECT_EQ(DecodeBase64("Zm9v\n").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace openmsp
