#include "http/query.h"

#include <gtest/gtest.h>

namespace openmsp::http {
namespace {

TEST(ParseQueryTest, DecodesPercentEncodingAndPlusAndKeepsOrder) {
  Result<std::vector<QueryParameter>> parsed =
      ParseQuery("date_from=2019-01-28T12%3A00%3A00Z&limit=10&&name=A+B&flag");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(*parsed,
            (std::vector<QueryParameter>{
                {"date_from", "2019-01-28T12:00:00Z"}, {"limit", "10"}, {"name", "A B"}, {"flag", ""}}));
  EXPECT_EQ(FindQueryValue(*parsed, "limit"), "10");
  EXPECT_EQ(FindQueryValue(*parsed, "LIMIT"), std::nullopt);
}

TEST(ParseQueryTest, EmptyQueryHasNoParameters) {
  Result<std::vector<QueryParameter>> parsed = ParseQuery("");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
}

TEST(ParseQueryTest, FirstOfRepeatedNamesIsFound) {
  Result<std::vector<QueryParameter>> parsed = ParseQuery("offset=5&offset=7");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FindQueryValue(*parsed, "offset"), "5");
}

TEST(ParseQueryTest, RefusesBrokenPercentEncodingNamingTheQuery) {
  for (std::string_view bad : {"a=%", "a=%4", "a=%zz", "%G1=b"}) {
    Result<std::vector<QueryParameter>> parsed = ParseQuery(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "query");
  }
}

}  // namespace
}  // namespace openmsp::http
