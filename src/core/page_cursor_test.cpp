#include "core/page_cursor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using Kind = PageCursorValueKind;

constexpr std::array<Kind, 2> kStartThenId = {Kind::kInstant, Kind::kInteger};

Instant At(std::int64_t unix_milliseconds) { return Instant::FromUnixMilliseconds(unix_milliseconds); }

PageCursor NewestCdrs() {
  // 2024-03-01T12:00:00Z, MSP CDR 42.
  return PageCursor{.list = "msp_cdrs:newest", .position = {At(1709294400000), std::int64_t{42}}};
}

// The expected tokens were computed apart from this code (Python: struct.pack, base64.urlsafe_b64encode,
// FNV-1a by its definition) from the layout in page_cursor.h.
TEST(PageCursor, EncodesTheDocumentedLayout) {
  EXPECT_EQ(PageCursor({.list = "a", .position = {std::int64_t{1}}}).Encode().value(), "AQFhAQAAAAAAAAAAAWUDYSg");
  EXPECT_EQ(NewestCdrs().Encode().value(), "AQ9tc3BfY2RyczpuZXdlc3QCAgAAAY354rIAAAAAAAAAAAAqIlmAsw");
  EXPECT_EQ(PageCursor({.list = "x", .position = {std::string("Zoë")}}).Encode().value(), "AQF4AQEABFpvw6uGpzNa");
}

TEST(PageCursor, DecodesWhatItEncodes) {
  std::string token = NewestCdrs().Encode().value();
  Result<PageCursor> decoded = PageCursor::Decode(token, "msp_cdrs:newest", kStartThenId);
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, NewestCdrs());
  EXPECT_EQ(std::get<Instant>(decoded->position[0]), At(1709294400000));
  EXPECT_EQ(std::get<std::int64_t>(decoded->position[1]), 42);
}

TEST(PageCursor, RoundTripsEdgeValues) {
  PageCursor cursor{.list = "A-z_0.9:x",
                    .position = {std::int64_t{INT64_MIN}, std::int64_t{INT64_MAX}, std::int64_t{0}, std::string(),
                                 std::string(256, 'x'), kMinInstant, kMaxInstant, std::string("充電 ,\"'=")}};
  std::string token = cursor.Encode().value();
  EXPECT_EQ(PageCursor::DecodeAny(token).value(), cursor);
  PageCursor empty{.list = "l", .position = {}};
  EXPECT_EQ(PageCursor::DecodeAny(empty.Encode().value()).value(), empty);
}

TEST(PageCursor, RoundTripsRandomPositionsWithUrlSafeTokens) {
  std::mt19937_64 random(20260402);
  for (int round = 0; round < 2000; ++round) {
    PageCursor cursor{.list = "list" + std::to_string(round % 7), .position = {}};
    std::size_t count = random() % (PageCursor::kMaxValues + 1);
    for (std::size_t i = 0; i < count; ++i) {
      switch (random() % 3) {
        case 0:
          cursor.position.emplace_back(static_cast<std::int64_t>(random()));
          break;
        case 1: {
          std::string text(random() % 40, ' ');
          for (char& c : text) c = static_cast<char>(' ' + random() % 95);
          cursor.position.emplace_back(std::move(text));
          break;
        }
        default:
          cursor.position.emplace_back(At(static_cast<std::int64_t>(random() % 253402300799999u)));
      }
    }
    std::string token = cursor.Encode().value();
    for (char c : token) {
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << token;
    }
    ASSERT_EQ(PageCursor::DecodeAny(token).value(), cursor) << token;
  }
}

TEST(PageCursor, RefusesEveryChangedCharacterNamingTheCursor) {
  std::string token = NewestCdrs().Encode().value();
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int refused = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char replacement : alphabet) {
      if (replacement == token[i]) continue;
      std::string tampered = token;
      tampered[i] = replacement;
      Result<PageCursor> decoded = PageCursor::Decode(tampered, "msp_cdrs:newest", kStartThenId);
      // One change in a base64 character changes up to 6 bits of one or two bytes: the checksum (or the
      // structure, or canonical base64) catches it.
      ASSERT_FALSE(decoded.ok()) << tampered;
      EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(decoded.error().field, "cursor");
      ++refused;
    }
  }
  EXPECT_EQ(refused, static_cast<int>(token.size()) * 63);
}

TEST(PageCursor, RefusesMalformedTokensWithAReason) {
  auto error = [](std::string_view token) { return PageCursor::DecodeAny(token).error().message; };
  EXPECT_EQ(error(""), "is empty");
  EXPECT_THAT(error("AQFh+QAA"), HasSubstr("not base64url"));
  EXPECT_THAT(error("AQFh/QAA"), HasSubstr("not base64url"));
  EXPECT_THAT(error("AQFhAQ=="), HasSubstr("not base64url"));
  EXPECT_THAT(error("AQFhA"), HasSubstr("length is impossible"));
  EXPECT_THAT(error("AR"), HasSubstr("not canonical"));
  EXPECT_THAT(error("AQ"), HasSubstr("cut short"));
  EXPECT_THAT(error(std::string(3000, 'A')), HasSubstr("longer than 2048 characters"));
  EXPECT_THAT(error("AgFhABP4IbU"), HasSubstr("has version 2, this server reads version 1"));
  std::string token = NewestCdrs().Encode().value();
  ASSERT_EQ(token.size(), 54u);
  EXPECT_THAT(error(token.substr(0, 52)), HasSubstr("damaged"));  // 39 of its 40 bytes
  EXPECT_THAT(error(token.substr(0, 50)), HasSubstr("not canonical"));  // the last character has 4 bits over
  EXPECT_THAT(error(token + "AAAA"), HasSubstr("damaged"));
}

TEST(PageCursor, RefusesACursorOfAnotherListOrShape) {
  std::string token = NewestCdrs().Encode().value();
  Result<PageCursor> other_order = PageCursor::Decode(token, "msp_cdrs:oldest", kStartThenId);
  ASSERT_FALSE(other_order.ok());
  EXPECT_EQ(other_order.error().ToString(),
            "cursor: belongs to the list 'msp_cdrs:newest', not to 'msp_cdrs:oldest' (another list or sort "
            "order); start again without a cursor");

  constexpr std::array<Kind, 2> kIdThenStart = {Kind::kInteger, Kind::kInstant};
  EXPECT_EQ(PageCursor::Decode(token, "msp_cdrs:newest", kIdThenStart).error().message,
            "value 1 should be an integer");
  constexpr std::array<Kind, 1> kIdOnly = {Kind::kInteger};
  EXPECT_EQ(PageCursor::Decode(token, "msp_cdrs:newest", kIdOnly).error().message,
            "holds 2 values where this list has 1");
}

TEST(PageCursor, EncodeRefusesWhatDecodeWould) {
  EXPECT_EQ(PageCursor({.list = "", .position = {}}).Encode().error().field, "cursor");
  EXPECT_THAT(PageCursor({.list = "a b", .position = {}}).Encode().error().message, HasSubstr("list name"));
  EXPECT_THAT(PageCursor({.list = std::string(65, 'a'), .position = {}}).Encode().error().message,
              HasSubstr("1 to 64 characters"));
  EXPECT_THAT(PageCursor({.list = "a", .position = std::vector<PageCursorValue>(9, std::int64_t{1})})
                  .Encode()
                  .error()
                  .message,
              HasSubstr("at most 8 values"));
  EXPECT_THAT(PageCursor({.list = "a", .position = {std::string("tab\there")}}).Encode().error().message,
              HasSubstr("text value"));
  EXPECT_THAT(PageCursor({.list = "a", .position = {std::string("\xff")}}).Encode().error().message,
              HasSubstr("text value"));
  EXPECT_THAT(PageCursor({.list = "a", .position = {std::string(257, 'x')}}).Encode().error().message,
              HasSubstr("text value"));
  EXPECT_THAT(PageCursor({.list = "a", .position = {kMaxInstant + Duration(1)}}).Encode().error().message,
              HasSubstr("outside the years"));
}

TEST(PageCursor, NeverCrashesOnRandomBytesOrRandomBase64Url) {
  std::mt19937 random(4181);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int decoded = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string token(random() % 64, ' ');
    bool url_safe = round % 2 == 0;
    for (char& c : token) {
      c = url_safe ? alphabet[random() % alphabet.size()] : static_cast<char>(random() % 256);
    }
    Result<PageCursor> cursor = PageCursor::DecodeAny(token);
    if (cursor.ok()) {
      ++decoded;
      EXPECT_EQ(cursor->Encode().value(), token);
    } else {
      EXPECT_EQ(cursor.error().field, "cursor");
    }
  }
  // Random text passes the 32-bit checksum about once in four billion tries.
  EXPECT_EQ(decoded, 0);
}

}  // namespace
}  // namespace openmsp
