#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/api_test_world.h"

namespace openmsp::api::test {
namespace {

// Every documented path and method must be routed, and every route documented: the document is generated
// from the route table, and this compares it with what the router actually serves.
TEST(OpenApiTest, DocumentsExactlyTheRoutedEndpoints) {
  ApiWorld world;
  const http::HttpResponse served = world.Call("GET", "/openapi.json", "", nullptr);
  ASSERT_EQ(served.status, 200);
  const boost::json::value document = BodyOf(served);
  ASSERT_TRUE(document.is_object());
  std::set<std::string> documented;
  for (const auto& [path, operations] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : operations.as_object()) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
      documented.insert(upper + " " + std::string(path));
      // Each documented operation reaches a handler, not the router's 404 or 405.
      std::string concrete(path);
      for (std::size_t open = concrete.find('{'); open != std::string::npos; open = concrete.find('{')) {
        concrete.replace(open, concrete.find('}', open) - open + 1, "1");
      }
      http::HttpRequest request;
      request.method = upper;
      request.path = std::string(kApiPrefix) + concrete;
      const http::RouteMatch match = world.router().Find(request);
      EXPECT_TRUE(match.handler != nullptr || match.async_handler != nullptr) << upper << " " << path;
      EXPECT_TRUE(operation.as_object().contains("x-permission")) << upper << " " << path;
      EXPECT_TRUE(operation.as_object().contains("security")) << upper << " " << path;
    }
  }
  std::set<std::string> routed;
  for (const ApiRoute& route : world.api().routes()) routed.insert(route.method + " " + route.pattern);
  EXPECT_EQ(documented, routed);
}

TEST(OpenApiTest, HasTheShapeOfAnOpenApi31Document) {
  ApiWorld world;
  const boost::json::value document = BodyOf(world.Call("GET", "/openapi.json", "", nullptr));
  EXPECT_EQ(document.at("openapi"), "3.1.0");
  EXPECT_EQ(document.at("info").at("title"), "OpenMSP Control Centre API");
  const boost::json::object& schemes = document.at("components").at("securitySchemes").as_object();
  EXPECT_EQ(schemes.at("session").at("in"), "cookie");
  EXPECT_EQ(schemes.at("session").at("name"), "openmsp_session");
  EXPECT_EQ(schemes.at("apiKey").at("scheme"), "bearer");
  EXPECT_TRUE(document.at("components").at("schemas").as_object().contains("Problem"));
  const boost::json::object& login = document.at("paths").at("/auth/login").at("post").as_object();
  EXPECT_TRUE(login.at("security").as_array().empty());
  EXPECT_EQ(document.at("paths").at("/users/{user_id}").at("get").at("x-permission"), "users.read");
  EXPECT_EQ(document.at("paths").at("/users/{user_id}").at("get").at("parameters").at(0).at("name"),
            "user_id");
}

}  // namespace
}  // namespace openmsp::api::test
