#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

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
  EXPECT_EQ(response.headers.Get("allow"), "GET, HEAD, POST");
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

HttpHandler EchoParameters() {
  return [](const HttpRequest& request) {
    std::string body;
    for (const PathParameter& parameter : request.path_parameters) {
      body += parameter.name + "=" + parameter.value + ";";
    }
    return HttpResponse::Text(200, body);
  };
}

TEST(RouterTest, PathParametersCaptureOneSegmentEachInPatternOrder) {
  Router router;
  router.Add("PUT", "/ocpi/2.2.1/emsp/locations/{country_code}/{party_id}/{location_id}", EchoParameters());

  EXPECT_EQ(router.Dispatch(Request("PUT", "/ocpi/2.2.1/emsp/locations/NL/TNM/LOC1")).body,
            "country_code=NL;party_id=TNM;location_id=LOC1;");
  EXPECT_EQ(router.Dispatch(Request("PUT", "/ocpi/2.2.1/emsp/locations/NL/TNM")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("PUT", "/ocpi/2.2.1/emsp/locations/NL/TNM/LOC1/3256")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("PUT", "/ocpi/2.2.1/emsp/locations/NL//LOC1")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("PUT", "/ocpi/2.2.1/emsp/locations/NL/TNM/")).status, 404);
}

TEST(RouterTest, HandlerReadsAParameterByName) {
  Router router;
  router.Add("GET", "/tokens/{uid}/authorize", [](const HttpRequest& request) {
    return HttpResponse::Text(200, std::string(request.PathParameterValue("uid").value_or("?")) + "|" +
                                       std::string(request.PathParameterValue("other").value_or("none")));
  });

  EXPECT_EQ(router.Dispatch(Request("GET", "/tokens/012345678/authorize")).body, "012345678|none");
}

TEST(RouterTest, ParametersArePercentDecodedButPlusStays) {
  Router router;
  router.Add("GET", "/tokens/{uid}", EchoParameters());

  EXPECT_EQ(router.Dispatch(Request("GET", "/tokens/a%2Fb%20c+d")).body, "uid=a/b c+d;");
}

TEST(RouterTest, BrokenEscapeInAParameterIsABadRequestNamingIt) {
  Router router;
  router.Add("GET", "/tokens/{uid}", EchoParameters());

  HttpResponse response = router.Dispatch(Request("GET", "/tokens/ab%2"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            "invalid path: uid: '%' must be followed by two hexadecimal digits (at character 3)\n");
}

TEST(RouterTest, LiteralSegmentWinsOverAParameter) {
  Router router;
  router.Add("GET", "/tokens/{uid}", Answer("token"));
  router.Add("GET", "/tokens/count", Answer("count"));

  EXPECT_EQ(router.Dispatch(Request("GET", "/tokens/count")).body, "count");
  EXPECT_EQ(router.Dispatch(Request("GET", "/tokens/counts")).body, "token");
}

TEST(RouterTest, FallsBackToTheParameterWhenTheLiteralLeadsNowhere) {
  Router router;
  router.Add("GET", "/a/b/c", Answer("literal"));
  router.Add("GET", "/a/{x}/d", EchoParameters());

  EXPECT_EQ(router.Dispatch(Request("GET", "/a/b/c")).body, "literal");
  EXPECT_EQ(router.Dispatch(Request("GET", "/a/b/d")).body, "x=b;");
}

TEST(RouterTest, ParameterPathWithOtherMethodsOnlyIsMethodNotAllowed) {
  Router router;
  router.Add("GET", "/sessions/{id}", Answer("get"));
  router.Add("PATCH", "/sessions/{id}", Answer("patch"));
  router.Add("PUT", "/sessions/current", Answer("put"));

  HttpResponse response = router.Dispatch(Request("DELETE", "/sessions/42"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD, PATCH");

  // Both the literal and the parameter route match: their methods are allowed together.
  HttpResponse both = router.Dispatch(Request("DELETE", "/sessions/current"));
  EXPECT_EQ(both.status, 405);
  EXPECT_EQ(both.headers.Get("Allow"), "PUT, GET, HEAD, PATCH");
  EXPECT_EQ(router.Dispatch(Request("GET", "/sessions/current")).body, "get");
}

TEST(RouterTest, RootPathAndTrailingSlashAreTheirOwnRoutes) {
  Router router;
  router.Add("GET", "/", Answer("root"));
  router.Add("GET", "/items/", Answer("slash"));

  EXPECT_EQ(router.Dispatch(Request("GET", "/")).body, "root");
  EXPECT_EQ(router.Dispatch(Request("GET", "/items/")).body, "slash");
  EXPECT_EQ(router.Dispatch(Request("GET", "/items")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("GET", "*")).status, 404);
}

TEST(RouterTest, FallbackAnswersGetAndHeadOfUnroutedPathsOnly) {
  Router router;
  router.Add("GET", "/healthz", Answer("healthy"));
  router.Add("POST", "/api/items", Answer("create"));
  router.SetFallback(
      "(web)", [](const HttpRequest& request) { return HttpResponse::Text(200, "web " + request.path); });

  EXPECT_EQ(router.Dispatch(Request("GET", "/")).body, "web /");
  EXPECT_EQ(router.Dispatch(Request("GET", "/tokens/42/edit")).body, "web /tokens/42/edit");
  EXPECT_EQ(router.Dispatch(Request("HEAD", "/assets/app.js")).body, "web /assets/app.js");
  EXPECT_EQ(router.Dispatch(Request("GET", "/healthz")).body, "healthy");

  HttpRequest unrouted = Request("GET", "/sessions");
  RouteMatch match = router.Find(unrouted);
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.pattern, "(web)");

  // Other methods keep their 404, and a path routed under other methods its 405.
  EXPECT_EQ(router.Dispatch(Request("POST", "/tokens")).status, 404);
  EXPECT_EQ(router.Dispatch(Request("DELETE", "/")).status, 404);
  HttpResponse refused = router.Dispatch(Request("GET", "/api/items"));
  EXPECT_EQ(refused.status, 405);
  EXPECT_EQ(refused.headers.Get("Allow"), "POST");
  EXPECT_EQ(router.Dispatch(Request("GET", "*")).status, 404);

  EXPECT_THROW(router.SetFallback("again", Answer("again")), std::logic_error);
}

TEST(RouterTest, PatternsDifferingOnlyInParameterNamesThrow) {
  Router router;
  router.Add("GET", "/a/{id}", Answer("get"));

  EXPECT_THROW(router.Add("GET", "/a/{uid}", Answer("get")), std::logic_error);
  EXPECT_THROW(router.Add("PUT", "/a/{uid}", Answer("put")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{id}", Answer("again")), std::logic_error);
  router.Add("PUT", "/a/{id}", Answer("put"));
  EXPECT_EQ(router.Dispatch(Request("PUT", "/a/1")).body, "put");
}

TEST(RouterTest, MalformedPatternsThrow) {
  Router router;
  EXPECT_THROW(router.Add("GET", "items", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{}", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{id", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/x{id}", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{i-d}", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{id}/{id}", Answer("x")), std::logic_error);
  EXPECT_THROW(router.Add("", "/a", Answer("x")), std::logic_error);
}

TEST(RouterTest, DispatchWaitsForAnAsynchronousAnswerFromAnotherThread) {
  Router router;
  std::thread worker;
  router.AddAsync("POST", "/cdrs/{id}", [&worker](HttpRequest request, HttpResponder responder) {
    worker = std::thread([request = std::move(request), responder = std::move(responder)]() mutable {
      responder.Respond(HttpResponse::Text(
          201, std::string(request.PathParameterValue("id").value_or("")) + " stored: " + request.body));
    });
  });
  HttpRequest request = Request("POST", "/cdrs/c1");
  request.body = "{}";

  HttpResponse response = router.Dispatch(request);
  worker.join();

  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "c1 stored: {}");
}

TEST(RouterTest, AnAsynchronousRouteWhoseResponderIsDroppedAnswers500) {
  Router router;
  router.AddAsync("GET", "/dropped", [](HttpRequest, HttpResponder) {});

  EXPECT_EQ(router.Dispatch(Request("GET", "/dropped")).status, 500);
}

TEST(RouterTest, SynchronousAndAsynchronousRoutesShareAPattern) {
  Router router;
  router.Add("GET", "/cdrs/{id}", Answer("get"));
  router.AddAsync("POST", "/cdrs/{id}", [](HttpRequest, HttpResponder responder) {
    responder.Respond(HttpResponse::Text(201, "post"));
  });

  EXPECT_EQ(router.Dispatch(Request("GET", "/cdrs/1")).body, "get");
  EXPECT_EQ(router.Dispatch(Request("POST", "/cdrs/1")).body, "post");
  EXPECT_THROW(router.AddAsync("GET", "/cdrs/{id}", [](HttpRequest, HttpResponder) {}), std::logic_error);
  EXPECT_EQ(router.Dispatch(Request("DELETE", "/cdrs/1")).headers.Get("Allow"), "GET, HEAD, POST");
}

TEST(RouterTest, HeadIsAnsweredByTheGetRouteUnlessItHasItsOwn) {
  Router router;
  router.Add("GET", "/items", Answer("list"));
  router.Add("GET", "/own", Answer("get"));
  router.Add("HEAD", "/own", Answer("head"));
  router.Add("POST", "/post-only", Answer("post"));

  EXPECT_EQ(router.Dispatch(Request("HEAD", "/items")).body, "list");
  EXPECT_EQ(router.Dispatch(Request("HEAD", "/own")).body, "head");
  HttpResponse refused = router.Dispatch(Request("HEAD", "/post-only"));
  EXPECT_EQ(refused.status, 405);
  EXPECT_EQ(refused.headers.Get("Allow"), "POST");
}

}  // namespace
}  // namespace openmsp::http
