#include "app/web_assets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_directory.h"

namespace openmsp::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kIndex =
    "<!doctype html><title>Control Centre</title><script src=\"/assets/index-4f2a.js\"></script>";
const std::string kScript = "console.log('portal');";
const std::string kSecret = "the secret outside the web root";

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

http::HttpRequest Get(std::string path, std::string method = "GET") {
  return http::HttpRequest{
      .method = std::move(method), .path = std::move(path), .query = {}, .headers = {}, .body = {}};
}

// A built portal in `dist/` beside a secret file the portal must never answer.
class WebAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write(dist_ / "index.html", kIndex);
    Write(dist_ / "assets" / "index-4f2a.js", kScript);
    Write(dist_ / "assets" / "index-9c1d.css", "body{}");
    Write(dist_ / "favicon.svg", "<svg/>");
    Write(dist_ / ".env", "PASSWORD=hidden");
    Write(directory_.path() / "secret.txt", kSecret);
    fs::create_symlink(directory_.path() / "secret.txt", dist_ / "assets" / "linked.txt");
    fs::create_directory_symlink(directory_.path(), dist_ / "outside");
  }

  WebAssets Loaded() const { return WebAssets::Load(dist_.string(), "--web-root").value(); }

  test::TempDirectory directory_{"openmsp_web_assets_test"};
  fs::path dist_ = directory_.path() / "dist";
};

TEST_F(WebAssetsTest, ServesFilesWithTheirTypesAndCaching) {
  const WebAssets assets = Loaded();
  EXPECT_EQ(assets.size(), 4u);  // index.html, two assets, favicon.svg; no dot file, no symbolic link

  http::HttpResponse script = assets.Answer(Get("/assets/index-4f2a.js"));
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, kScript);
  EXPECT_EQ(script.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(assets.Answer(Get("/assets/index-9c1d.css")).headers.Get("Content-Type"),
            "text/css; charset=utf-8");

  http::HttpResponse icon = assets.Answer(Get("/favicon.svg"));
  EXPECT_EQ(icon.headers.Get("Content-Type"), "image/svg+xml");
  EXPECT_EQ(icon.headers.Get("Cache-Control"), "no-cache");

  http::HttpResponse index = assets.Answer(Get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.headers.Get("Cache-Control"), "no-cache");
  EXPECT_THAT(std::string(index.headers.Get("Content-Security-Policy").value_or("")),
              HasSubstr("default-src 'self'"));
  EXPECT_EQ(assets.Answer(Get("/index.html")).body, kIndex);
}

TEST_F(WebAssetsTest, AnswersClientSideRoutesWithTheIndexButMissingAssetsAndApiPathsWith404) {
  const WebAssets assets = Loaded();
  for (const char* route : {"/login", "/tokens", "/tokens/42/edit", "/tokens/", "/assets", "/apis",
                            "/ocpix/2.2.1", "/users/a%20b"}) {
    http::HttpResponse answer = assets.Answer(Get(route));
    EXPECT_EQ(answer.status, 200) << route;
    EXPECT_EQ(answer.body, kIndex) << route;
    EXPECT_EQ(answer.headers.Get("Cache-Control"), "no-cache") << route;
  }
  for (const char* missing : {"/assets/index-0000.js", "/assets/", "/api", "/api/", "/api/v1/branding",
                              "/ocpi", "/ocpi/versions", "/%61pi/v1/me"}) {
    http::HttpResponse answer = assets.Answer(Get(missing));
    EXPECT_EQ(answer.status, 404) << missing;
    EXPECT_EQ(answer.body, "not found\n") << missing;
  }
}

TEST_F(WebAssetsTest, NeverAnswersAFileOutsideTheDirectoryOrAHiddenOne) {
  const WebAssets assets = Loaded();
  for (const char* attempt :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/./index.html", "//secret.txt",
        "/assets//index-4f2a.js", "/..\\secret.txt", "/assets/%5c..%5csecret.txt", "/index.html%00.js",
        "/%zz", "/assets/linked.txt", "/outside/secret.txt", "/.env"}) {
    http::HttpResponse answer = assets.Answer(Get(attempt));
    EXPECT_NE(answer.body, kSecret) << attempt;
    EXPECT_THAT(answer.body, ::testing::Not(HasSubstr("PASSWORD"))) << attempt;
    // Paths that try to leave or are malformed are refused; the others are client routes (the index).
    EXPECT_TRUE(answer.status == 404 || answer.body == kIndex) << attempt << " got " << answer.status;
  }
  EXPECT_EQ(assets.Answer(Get("/../secret.txt")).status, 404);
  EXPECT_EQ(assets.Answer(Get("/%2e%2e/secret.txt")).status, 404);
  EXPECT_EQ(assets.Answer(Get("/assets/linked.txt")).status, 404);
  EXPECT_EQ(assets.Answer(Get("/outside/secret.txt")).body, kIndex);
  EXPECT_EQ(assets.Answer(Get("/.env")).body, kIndex);
}

TEST_F(WebAssetsTest, AnswersAMatchingEntityTagWith304) {
  const WebAssets assets = Loaded();
  http::HttpResponse first = assets.Answer(Get("/"));
  const std::string etag(first.headers.Get("ETag").value());
  EXPECT_EQ(etag.front(), '"');

  http::HttpRequest again = Get("/tokens");
  again.headers.Set("If-None-Match", etag);
  http::HttpResponse revalidated = assets.Answer(again);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_EQ(revalidated.body, "");
  EXPECT_EQ(revalidated.headers.Get("ETag"), etag);

  http::HttpRequest other = Get("/assets/index-4f2a.js");
  other.headers.Set("If-None-Match", etag);
  EXPECT_EQ(assets.Answer(other).status, 200);  // the script's tag differs from the index's
}

TEST_F(WebAssetsTest, RefusesADirectoryThatIsNotABuiltPortal) {
  Result<WebAssets> missing = WebAssets::Load((directory_.path() / "nowhere").string(), "--web-root");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().field, "--web-root");
  EXPECT_THAT(missing.error().message, HasSubstr("is not a directory"));

  Result<WebAssets> unbuilt = WebAssets::Load(directory_.path().string(), "OPENMSP_WEB_ROOT");
  ASSERT_FALSE(unbuilt);
  EXPECT_EQ(unbuilt.error().field, "OPENMSP_WEB_ROOT");
  EXPECT_THAT(unbuilt.error().message, HasSubstr("holds no index.html"));

  EXPECT_FALSE(WebAssets::Load("", "--web-root"));
}

TEST_F(WebAssetsTest, ServeWebPortalMakesTheAssetsTheRoutersFallback) {
  http::Router router;
  router.Add("GET", "/healthz", [](const http::HttpRequest&) { return http::HttpResponse::Text(200, "ok"); });
  const WebRootSetting chosen{
      .directory = dist_.string(), .explicit_choice = true, .from_environment = false};
  ASSERT_EQ(ServeWebPortal(router, chosen, "--web-root").value(), true);

  EXPECT_EQ(router.Dispatch(Get("/")).body, kIndex);
  EXPECT_EQ(router.Dispatch(Get("/sessions/7")).body, kIndex);
  EXPECT_EQ(router.Dispatch(Get("/", "HEAD")).status, 200);
  EXPECT_EQ(router.Dispatch(Get("/healthz")).body, "ok");
  EXPECT_EQ(router.Dispatch(Get("/", "POST")).status, 404);

  // No directory, or the built-in default not built: no portal. A chosen directory that is no build: error.
  http::Router plain;
  EXPECT_EQ(ServeWebPortal(plain, WebRootSetting{}, "--web-root").value(), false);
  const WebRootSetting unbuilt_default{
      .directory = directory_.File("nowhere"), .explicit_choice = false, .from_environment = false};
  EXPECT_EQ(ServeWebPortal(plain, unbuilt_default, "--web-root").value(), false);
  EXPECT_EQ(plain.Dispatch(Get("/")).status, 404);
  const WebRootSetting unbuilt_choice{
      .directory = directory_.File("nowhere"), .explicit_choice = true, .from_environment = true};
  Result<bool> refused = ServeWebPortal(plain, unbuilt_choice, "OPENMSP_WEB_ROOT");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "OPENMSP_WEB_ROOT");
}

TEST(WebContentTypeTest, NamesTheTypesOfABuiltPortal) {
  EXPECT_EQ(WebContentType("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(WebContentType("/assets/a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(WebContentType("/assets/a.woff2"), "font/woff2");
  EXPECT_EQ(WebContentType("/logo.png"), "image/png");
  EXPECT_EQ(WebContentType("/manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(WebContentType("/assets.d/README"), "application/octet-stream");
  EXPECT_EQ(WebContentType("/noextension"), "application/octet-stream");
}

}  // namespace
}  // namespace openmsp::app
