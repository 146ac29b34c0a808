#include "http/message.h"

#include <gtest/gtest.h>

namespace openmsp::http {
namespace {

TEST(HttpHeadersTest, LookupIgnoresCase) {
  HttpHeaders headers;
  headers.Add("Content-Type", "text/plain");

  EXPECT_EQ(headers.Get("content-type"), "text/plain");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "text/plain");
  EXPECT_TRUE(headers.Contains("Content-type"));
  EXPECT_FALSE(headers.Get("Content-Typ").has_value());
  EXPECT_FALSE(headers.Contains("Accept"));
}

TEST(HttpHeadersTest, AddKeepsRepeatsAndGetAnswersTheFirst) {
  HttpHeaders headers;
  headers.Add("X-Trace", "1");
  headers.Add("x-trace", "2");

  EXPECT_EQ(headers.Get("X-TRACE"), "1");
  ASSERT_EQ(headers.fields().size(), 2u);
  EXPECT_EQ(headers.fields()[1], (HttpHeaderField{"x-trace", "2"}));
}

TEST(HttpHeadersTest, SetReplacesEveryFieldOfThatName) {
  HttpHeaders headers;
  headers.Add("X-Trace", "1");
  headers.Add("Accept", "*/*");
  headers.Add("x-trace", "2");

  headers.Set("X-Trace", "3");

  EXPECT_EQ(headers.fields(), (std::vector<HttpHeaderField>{{"Accept", "*/*"}, {"X-Trace", "3"}}));
}

TEST(HttpResponseTest, FactoriesSetStatusContentTypeAndBody) {
  HttpResponse json = HttpResponse::Json(201, R"({"a":1})");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(json.body, R"({"a":1})");

  HttpResponse text = HttpResponse::Text(404, "not found\n");
  EXPECT_EQ(text.headers.Get("Content-Type"), "text/plain; charset=utf-8");

  HttpResponse html = HttpResponse::WithBody(200, "text/html; charset=utf-8", "<p>hi</p>");
  EXPECT_EQ(html.headers.Get("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(html.body, "<p>hi</p>");
}

}  // namespace
}  // namespace openmsp::http
