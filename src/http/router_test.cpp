#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace openmsp::http {
namespace {

HttpRequest Request(std::string method, std::string path) {
  return HttpRequest{
      .method = std::move(method), .path = std::move(path), .query = {}, .headers = {}, .body = {}};
}

HttpHandler Answer(std::string body) {
  return [body](const HttpRequest&) { return HttpResponse::Text(200, body); };
}

TEST(RouterTest, DispatchesByMethodAndExactPath) {
  Router router;
  router.Add("GET", "/items", Answer("list"));
  router.Add("POST", "/items", Answer("create"));
  router.Add("GET", "/items/count", Answer("count"));

  EXPECT_EQ(router.Dispatch(Request("GET", "/items")).body, "list");
  EXPECT_EQ(router.Dispatch(Request("POST", "/items")).body, "create");
  EXPECT_EQ(router.Dispatch(Request("GET", "/items/count")).body, "count");
}

TEST(RouterTest, HandlerSeesTheRequest) {
  Router router;
  router.Add("POST", "/echo", [](const HttpRequest& request) {
    return HttpResponse::Text(201, request.query + "|" + request.body);
  });
  HttpRequest request = Request("POST", "/echo");
  request.query = "a=1";
  request.body = "hello";

  HttpResponse response = router.Dispatch(request);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "a=1|hello");
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router router;
  router.Add("GET", "/items", Answer("list"));

  EXPECT_EQ(router.Dispatch(Request("GET", "/other")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("GET", "/items/")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("GET", "/ITEMS")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("GET", "")).status, 404);
}

TEST(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowedWithAllow) {
  Router router;
  router.Add("GET", "/items", Answer("list"));
  router.Add("POST", "/items", Answer("create"));

  HttpResponse response = router.Dispatch(Request("DELETE", "/items"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("allow"), "GET, POST");
}

TEST(RouterTest, MethodsAreCaseSensitive) {
  Router router;
  router.Add("GET", "/items", Answer("list"));

  EXPECT_EQ(router.Dispatch(Request("get", "/items")).status, 405);
}

TEST(RouterTest, RegisteringARouteTwiceThrows) {
  Router router;
  router.Add("GET", "/items", Answer("list"));

  EXPECT_THROW(router.Add("GET", "/items", Answer("again")), std::logic_error);
}

}  // namespace
}  // namespace openmsp::http
