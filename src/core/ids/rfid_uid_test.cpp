#include "core/ids/rfid_uid.h"

#include <gtest/gtest.h>

#include <string>

#include "core/ids/id_vectors_test_util.h"

namespace openmsp {
namespace {

using test::BoolField;
using test::LoadIdVectors;
using test::StringField;

constexpr std::string_view kRfidFile = "rfid_uid.json";

class RfidUidVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(RfidUidVector, ParsesOrIsRefused) {
  const std::string input = StringField(GetParam(), "input");
  const std::string type = StringField(GetParam(), "type");
  Result<RfidUid> parsed = RfidUid::Parse(input);

  // OICP's UIDType is exactly our normalised form of an ISO 14443 UID: upper case, no separators. We accept
  // lower case on input (and normalise it), so an input is OICP-valid when it is already that form.
  if (type.starts_with("OICP")) {
    const bool oicp_valid =
        parsed.ok() && parsed->type() == RfidUidType::kIso14443 && parsed->ToString() == input;
    EXPECT_EQ(oicp_valid, BoolField(GetParam(), "valid"));
    return;
  }
  if (!BoolField(GetParam(), "valid")) {
    ASSERT_FALSE(parsed.ok()) << parsed->ToString();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->type(), type == "ISO15693" ? RfidUidType::kIso15693 : RfidUidType::kIso14443);
  std::string upper = input;
  for (char& c : upper) c = c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c;
  EXPECT_EQ(parsed->ToString(), upper);
}

INSTANTIATE_TEST_SUITE_P(Fixture, RfidUidVector, ::testing::ValuesIn(LoadIdVectors(kRfidFile, "vectors")));

TEST(RfidUidFixtures, AreAllLoaded) { EXPECT_GE(LoadIdVectors(kRfidFile, "vectors").size(), 26U); }

TEST(RfidUid, AcceptsOneSeparatorKindBetweenEveryByte) {
  const RfidUid uid = RfidUid::Parse("04A22B5A3C1280").value();
  for (std::string_view text : {"04:a2:2b:5a:3c:12:80", "04-A2-2B-5A-3C-12-80", "04 A2 2B 5A 3C 12 80"}) {
    Result<RfidUid> parsed = RfidUid::Parse(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, uid);
  }
  EXPECT_EQ(RfidUid::Parse("04:A2-2B:5A:3C:12:80").error().message,
            "'-' at position 6 should be ':': a separator must stand between every two hex digits");
  EXPECT_EQ(RfidUid::Parse("04:A22B:5A:3C:12:80").error().message,
            "'2' at position 6 should be ':': a separator must stand between every two hex digits");
  EXPECT_EQ(RfidUid::Parse("04:A2:2B:5A:").error().message, "RFID UID ends in a separator");
  EXPECT_EQ(RfidUid::Parse("04A2:2B5A").error().message, "':' at position 5 is not a hex digit");
  EXPECT_FALSE(RfidUid::Parse(" 04A22B5A").ok());
  EXPECT_FALSE(RfidUid::Parse("04A22B5A ").ok());
}

TEST(RfidUid, ExplainsLengthAndCharacterErrors) {
  EXPECT_EQ(RfidUid::Parse("").error().message, "RFID UID is empty");
  EXPECT_EQ(
      RfidUid::Parse("0123456").error().message,
      "RFID UID must have 4, 7 or 10 bytes (ISO 14443) or 8 (ISO 15693), that is 8, 14, 20 or 16 hex digits; "
      "got 7 hex digits");
  EXPECT_EQ(RfidUid::Parse("AFFH1768").error().message, "'H' at position 4 is not a hex digit");
  EXPECT_EQ(RfidUid::Parse(std::string("0123\0"
                                       "567",
                                       8))
                .error()
                .message,
            "byte 0x00 at position 5 is not a hex digit");
  EXPECT_EQ(RfidUid::Parse("0123456É").error().message, "byte 0xC3 at position 8 is not a hex digit");
  EXPECT_EQ(
      RfidUid::Parse(std::string(1000, 'A')).error().message,
      "RFID UID must have 4, 7 or 10 bytes (ISO 14443) or 8 (ISO 15693), that is 8, 14, 20 or 16 hex digits; "
      "got 1000 hex digits");
  EXPECT_FALSE(RfidUid::Parse(std::string(1000, ':')).ok());
}

}  // namespace
}  // namespace openmsp
