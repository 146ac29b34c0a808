#include "http/responder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openmsp::http {
namespace {

// A responder whose deliveries land in `delivered`.
HttpResponder Recording(std::vector<HttpResponse>& delivered) {
  return HttpResponder([&delivered](HttpResponse response) { delivered.push_back(std::move(response)); });
}

TEST(HttpResponderTest, DeliversTheFirstAnswerOnly) {
  std::vector<HttpResponse> delivered;
  HttpResponder responder = Recording(delivered);
  EXPECT_TRUE(responder.pending());

  responder.Respond(HttpResponse::Text(201, "first"));
  responder.Respond(HttpResponse::Text(202, "second"));

  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].status, 201);
  EXPECT_EQ(delivered[0].body, "first");
  EXPECT_FALSE(responder.pending());
}

TEST(HttpResponderTest, DestroyedWithoutAnsweringSends500) {
  std::vector<HttpResponse> delivered;
  { HttpResponder responder = Recording(delivered); }

  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].status, 500);
  EXPECT_EQ(delivered[0].body, "internal server error\n");
}

TEST(HttpResponderTest, MovingHandsOverTheOneAnswer) {
  std::vector<HttpResponse> delivered;
  HttpResponder first = Recording(delivered);
  HttpResponder second = std::move(first);
  first.Respond(HttpResponse::Text(200, "from the moved-from one"));
  EXPECT_TRUE(delivered.empty());

  second.Respond(HttpResponse::Text(200, "from the new owner"));
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "from the new owner");
}

TEST(HttpResponderTest, ReplacingAnUnansweredResponderSends500ForIt) {
  std::vector<HttpResponse> replaced;
  std::vector<HttpResponse> kept;
  HttpResponder responder = Recording(replaced);

  responder = Recording(kept);
  ASSERT_EQ(replaced.size(), 1u);
  EXPECT_EQ(replaced[0].status, 500);

  responder.Respond(HttpResponse::Text(200, "ok"));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].body, "ok");
  EXPECT_EQ(replaced.size(), 1u);
}

TEST(HttpResponderTest, ADefaultResponderAnswersNothing) {
  HttpResponder responder;
  EXPECT_FALSE(responder.pending());
  responder.Respond(HttpResponse::Text(200, "nobody listens"));
}

}  // namespace
}  // namespace openmsp::http
