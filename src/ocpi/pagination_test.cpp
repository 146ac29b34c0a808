#include "ocpi/pagination.h"

#include <gtest/gtest.h>

namespace openmsp::ocpi {
namespace {

constexpr std::int64_t kMaxLimit = 100;
constexpr std::string_view kTokensUrl = "https://msp.example.com/ocpi/2.2.1/tokens";

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TEST(ParsePageRequestTest, DefaultsToTheFirstFullPage) {
  Result<PageRequest> request = ParsePageRequest("", kMaxLimit);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(*request,
            (PageRequest{.offset = 0, .limit = 100, .date_from = std::nullopt, .date_to = std::nullopt}));
}

TEST(ParsePageRequestTest, ReadsEveryParameterPercentDecoded) {
  Result<PageRequest> request = ParsePageRequest(
      "date_from=2019-01-28T12%3A00%3A00Z&date_to=2019-01-29T12:00:00&offset=50&limit=25&type=RFID",
      kMaxLimit);
  ASSERT_TRUE(request.ok()) << request.error().ToString();
  EXPECT_EQ(*request, (PageRequest{.offset = 50,
                                   .limit = 25,
                                   .date_from = At("2019-01-28T12:00:00Z"),
                                   .date_to = At("2019-01-29T12:00:00Z")}));
}

TEST(ParsePageRequestTest, CapsTheLimitAtOurMaximum) {
  EXPECT_EQ(ParsePageRequest("limit=1000", kMaxLimit)->limit, 100);
  EXPECT_EQ(ParsePageRequest("limit=100", kMaxLimit)->limit, 100);
  EXPECT_EQ(ParsePageRequest("limit=1", kMaxLimit)->limit, 1);
}

TEST(ParsePageRequestTest, EqualDatesGiveAnEmptyWindow) {
  EXPECT_TRUE(
      ParsePageRequest("date_from=2019-01-28T12:00:00Z&date_to=2019-01-28T12:00:00Z", kMaxLimit).ok());
}

TEST(ParsePageRequestTest, RefusesMalformedParametersNamingThem) {
  const struct {
    std::string_view query;
    std::string_view field;
  } cases[] = {
      {"offset=-1", "offset"},
      {"offset=1e3", "offset"},
      {"offset=+5", "offset"},
      {"offset=", "offset"},
      {"offset=1234567890123456789", "offset"},
      {"offset=1&offset=2", "offset"},
      {"limit=0", "limit"},
      {"limit=ten", "limit"},
      {"limit=%2010", "limit"},
      {"date_from=2019-01-28T12:00:00%2B00:00", "date_from"},
      {"date_from=2019-01-28T12:00:00+01:00", "date_from"},  // '+' decodes to a blank
      {"date_from=2019-01-28", "date_from"},
      {"date_to=yesterday", "date_to"},
      {"date_from=2019-01-29T00:00:00Z&date_to=2019-01-28T00:00:00Z", "date_to"},
      {"limit=%zz", "query"},
  };
  for (const auto& c : cases) {
    Result<PageRequest> request = ParsePageRequest(c.query, kMaxLimit);
    ASSERT_FALSE(request.ok()) << c.query;
    EXPECT_EQ(request.error().code, ErrorCode::kInvalidArgument) << c.query;
    EXPECT_EQ(request.error().field, c.field) << c.query << " -> " << request.error().ToString();
  }
}

TEST(PageHeadersTest, MiddlePageLinksToTheNextKeepingTheFilters) {
  const PageRequest request{
      .offset = 0, .limit = 2, .date_from = At("2019-01-28T12:00:00Z"), .date_to = std::nullopt};
  http::HttpHeaders headers;
  SetPageHeaders(headers, kTokensUrl, request, 2, 5, kMaxLimit);
  EXPECT_EQ(headers.Get("Link"),
            "<https://msp.example.com/ocpi/2.2.1/tokens?offset=2&limit=2&date_from=2019-01-28T12:00:00Z>; "
            "rel=\"next\"");
  EXPECT_EQ(headers.Get("X-Total-Count"), "5");
  EXPECT_EQ(headers.Get("X-Limit"), "100");
}

TEST(PageHeadersTest, LastPageHasNoLinkButTheCounts) {
  const PageRequest request{.offset = 4, .limit = 2, .date_from = std::nullopt, .date_to = std::nullopt};
  http::HttpHeaders headers;
  SetPageHeaders(headers, kTokensUrl, request, 1, 5, kMaxLimit);
  EXPECT_FALSE(headers.Contains("Link"));
  EXPECT_EQ(headers.Get("X-Total-Count"), "5");
  EXPECT_EQ(headers.Get("X-Limit"), "100");
}

TEST(PageHeadersTest, AnEmptyPageNeverLinksOn) {
  const PageRequest request{.offset = 0, .limit = 2, .date_from = std::nullopt, .date_to = std::nullopt};
  EXPECT_EQ(NextPageUrl(kTokensUrl, request, 0, 5), std::nullopt);
}

TEST(PageHeadersTest, FollowingTheLinksVisitsEveryObjectOnce) {
  // Server and client of this file together: 7 objects, pages of 3.
  constexpr std::int64_t kTotal = 7;
  std::string url = PageUrl(kTokensUrl, PageRequest{.offset = 0, .limit = 3, .date_from = {}, .date_to = {}});
  std::vector<std::int64_t> seen;
  for (int pages = 0; pages < 10; ++pages) {
    ASSERT_TRUE(url.starts_with(kTokensUrl));
    Result<PageRequest> request = ParsePageRequest(url.substr(kTokensUrl.size() + 1), kMaxLimit);
    ASSERT_TRUE(request.ok()) << url;
    const std::int64_t returned = std::min(request->limit, kTotal - request->offset);
    for (std::int64_t i = 0; i < returned; ++i) seen.push_back(request->offset + i);
    http::HttpHeaders headers;
    SetPageHeaders(headers, kTokensUrl, *request, returned, kTotal, kMaxLimit);
    Result<PageHeaders> page = ReadPageHeaders(headers);
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    EXPECT_EQ(page->total_count, kTotal);
    EXPECT_EQ(page->limit, kMaxLimit);
    if (!page->next_url) break;
    url = *page->next_url;
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
}

http::HttpHeaders Headers(std::initializer_list<std::pair<std::string, std::string>> fields) {
  http::HttpHeaders headers;
  for (const auto& [name, value] : fields) headers.Add(name, value);
  return headers;
}

TEST(ReadPageHeadersTest, FindsTheNextLinkAmongOthers) {
  Result<PageHeaders> page = ReadPageHeaders(
      Headers({{"link", R"(<https://cpo.example.com/locations?offset=0>; rel="prev first", )"
                        R"(<https://cpo.example.com/locations?offset=10&limit=10>; title="a, b"; REL=Next)"},
               {"x-total-count", "25"},
               {"x-limit", "10"}}));
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(*page, (PageHeaders{.next_url = "https://cpo.example.com/locations?offset=10&limit=10",
                                .total_count = 25,
                                .limit = 10}));
}

TEST(ReadPageHeadersTest, NextInASecondLinkFieldCounts) {
  Result<PageHeaders> page = ReadPageHeaders(Headers(
      {{"Link", "<https://a.example/p>; rel=prev"}, {"Link", "<https://a.example/n>; rel=\"next\""}}));
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->next_url, "https://a.example/n");
}

TEST(ReadPageHeadersTest, NothingSentMeansLastPageWithoutCounts) {
  Result<PageHeaders> page = ReadPageHeaders(http::HttpHeaders{});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(*page, PageHeaders{});
}

TEST(ReadPageHeadersTest, RefusesNonsenseAsPeerErrorNamingTheHeader) {
  const struct {
    http::HttpHeaders headers;
    std::string_view field;
  } cases[] = {
      {Headers({{"Link", "https://a.example/n; rel=next"}}), "Link"},
      {Headers({{"Link", "<https://a.example/n; rel=next"}}), "Link"},
      {Headers({{"Link", "<https://a.example/n>; rel=\"next"}}), "Link"},
      {Headers({{"Link", "</relative/next>; rel=next"}}), "Link"},
      {Headers({{"Link", "<ftp://a.example/n>; rel=next"}}), "Link"},
      {Headers({{"Link", "<https://a.example/n>; rel=next, <https://a.example/m>; rel=next"}}), "Link"},
      {Headers({{"X-Total-Count", "-1"}}), "X-Total-Count"},
      {Headers({{"X-Total-Count", "many"}}), "X-Total-Count"},
      {Headers({{"X-Limit", "0"}}), "X-Limit"},
  };
  for (const auto& c : cases) {
    Result<PageHeaders> page = ReadPageHeaders(c.headers);
    ASSERT_FALSE(page.ok()) << c.headers.fields().front().value;
    EXPECT_EQ(page.error().code, ErrorCode::kPeerError);
    EXPECT_EQ(page.error().field, c.field) << page.error().ToString();
  }
}

}  // namespace
}  // namespace openmsp::ocpi
