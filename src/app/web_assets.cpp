#include "app/web_assets.h"

#include <fmt/core.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>

#include "http/percent_encoding.h"

namespace openmsp::app {
namespace {

namespace fs = std::filesystem;

#ifndef OPENMSP_DEFAULT_WEB_ROOT
#define OPENMSP_DEFAULT_WEB_ROOT ""
#endif

constexpr std::string_view kAssetsPrefix = "/assets/";

// FNV-1a over the bytes: a validator that changes whenever the file does; not a security measure.
std::string EntityTag(std::string_view body) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : body) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}-{:x}\"", hash, body.size());
}

bool IsBelow(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1);
}

// Whether `path` (decoded) is one the portal may answer: absolute, without `.` or `..` segments, empty
// segments (but a final `/`), backslashes or NULs.
bool IsPlainPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "." || segment == "..") return false;
    if (segment.empty() && slash != path.size()) return false;
    start = slash + 1;
  }
  return true;
}

Result<std::string> ReadWhole(const fs::path& file, const std::string& field) {
  std::ifstream in(file, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return InvalidArgument(field, "cannot read " + file.string());
  return body;
}

}  // namespace

WebRootSetting WebRootSetting::FromEnvironment() {
  if (const char* value = std::getenv(kVariable); value != nullptr) {
    return {.directory = value, .explicit_choice = true, .from_environment = true};
  }
  return {.directory = OPENMSP_DEFAULT_WEB_ROOT, .explicit_choice = false, .from_environment = false};
}

std::string WebRootSetting::Source(bool given_as_option) const {
  if (given_as_option) return "--web-root";
  return from_environment ? kVariable : "--web-root";
}

std::string WebRootSetting::Help() {
  return std::string("Directory of the built Control Centre web portal served at / (default: $") + kVariable +
         ", else " + (*OPENMSP_DEFAULT_WEB_ROOT == '\0' ? "none" : OPENMSP_DEFAULT_WEB_ROOT) +
         " when built; empty: no portal)";
}

std::string_view WebContentType(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  }};
  const std::size_t dot = file_name.rfind('.');
  const std::size_t slash = file_name.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    const std::string_view extension = file_name.substr(dot);
    for (const auto& [known, type] : kTypes) {
      if (extension.size() == known.size() &&
          std::equal(extension.begin(), extension.end(), known.begin(),
                     [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; })) {
        return type;
      }
    }
  }
  return "application/octet-stream";
}

Result<WebAssets> WebAssets::Load(const std::string& directory, const std::string& field) {
  std::error_code error;
  const fs::path root = fs::path(directory);
  if (directory.empty() || !fs::is_directory(root, error)) {
    return InvalidArgument(field, "'" + directory + "' is not a directory");
  }
  if (!fs::is_regular_file(root / "index.html", error)) {
    return InvalidArgument(field,
                           "'" + directory + "' holds no index.html (build the portal: scripts/build-web)");
  }
  WebAssets assets;
  std::size_t total = 0;
  fs::recursive_directory_iterator entries(root, fs::directory_options::none, error);
  if (error) return InvalidArgument(field, "cannot list '" + directory + "': " + error.message());
  for (auto entry = fs::begin(entries); entry != fs::end(entries); entry.increment(error)) {
    if (error) return InvalidArgument(field, "cannot list '" + directory + "': " + error.message());
    const std::string name = entry->path().filename().string();
    if (name.starts_with('.') || entry->is_symlink(error)) {
      if (entry->is_directory(error)) entry.disable_recursion_pending();
      continue;
    }
    if (!entry->is_regular_file(error)) continue;
    const std::string relative = entry->path().lexically_relative(root).generic_string();
    OPENMSP_ASSIGN_OR_RETURN(std::string body, ReadWhole(entry->path(), field));
    total += body.size();
    if (total > kMaxTotalBytes) {
      return InvalidArgument(field, fmt::format("'{}' holds more than {} MiB: not a built portal", directory,
                                                kMaxTotalBytes / (1024 * 1024)));
    }
    std::string path = "/" + relative;
    File file{.content_type = std::string(WebContentType(path)),
              .body = std::move(body),
              .etag = {},
              .immutable = path.starts_with(kAssetsPrefix)};
    file.etag = EntityTag(file.body);
    assets.files_.emplace(std::move(path), std::move(file));
  }
  return assets;
}

http::HttpResponse WebAssets::Serve(const File& file, const http::HttpRequest& request) const {
  std::optional<std::string_view> if_none_match = request.headers.Get("If-None-Match");
  http::HttpResponse response = if_none_match && *if_none_match == file.etag
                                    ? http::HttpResponse{.status = 304, .headers = {}, .body = {}}
                                    : http::HttpResponse::WithBody(200, file.content_type, file.body);
  response.headers.Set("ETag", file.etag);
  response.headers.Set("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  if (file.content_type.starts_with("text/html")) {
    // Mantine writes its CSS variables into a <style> element, hence the inline styles.
    response.headers.Set("Content-Security-Policy",
                         "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                         "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
    response.headers.Set("Referrer-Policy", "same-origin");
  }
  return response;
}

http::HttpResponse WebAssets::Answer(const http::HttpRequest& request) const {
  Result<std::string> path = http::PercentDecode(request.path, "path", false);
  if (!path || !IsPlainPath(*path) || IsBelow(*path, "/api/") || IsBelow(*path, "/ocpi/")) {
    return http::HttpResponse::Text(404, "not found\n");
  }
  if (auto found = files_.find(*path); found != files_.end()) return Serve(found->second, request);
  if (path->starts_with(kAssetsPrefix)) return http::HttpResponse::Text(404, "not found\n");
  return Serve(files_.at("/index.html"), request);
}

Result<bool> ServeWebPortal(http::Router& router, const WebRootSetting& setting, const std::string& field) {
  if (setting.directory.empty()) return false;
  Result<WebAssets> loaded = WebAssets::Load(setting.directory, field);
  if (!loaded) {
    if (!setting.explicit_choice) return false;
    return loaded.error();
  }
  auto assets = std::make_shared<const WebAssets>(*std::move(loaded));
  router.SetFallback("(web portal)",
                     [assets](const http::HttpRequest& request) { return assets->Answer(request); });
  return true;
}

}  // namespace openmsp::app
