#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"
#include "http/router.h"

namespace openmsp::app {

/// Where the Control Centre's built files are (docs/web.md): `--web-root`, else `OPENMSP_WEB_ROOT`, else
/// the `web/dist` of the source tree this binary was built from. A directory named by the option or the
/// variable must hold an `index.html`, or `serve` refuses to start; the built-in default is used only when
/// it does, so a binary without a built portal serves its start page. An empty value turns the portal off.
/// Read the environment once, when the command is set up; `Source` names where the value came from.
struct WebRootSetting {
  static constexpr const char* kVariable = "OPENMSP_WEB_ROOT";

  std::string directory;
  /// Whether `directory` came from `--web-root` or `OPENMSP_WEB_ROOT` rather than the built-in default.
  bool explicit_choice = false;
  bool from_environment = false;

  static WebRootSetting FromEnvironment();
  std::string Source(bool given_as_option) const;
  static std::string Help();
};

/// The Control Centre web portal's files (Vite's `dist`: `index.html`, hashed files below `assets/`, a
/// few others), read into memory once at start, and answered at their paths:
///
/// - a file that exists: 200 with its content type (by extension), `X-Content-Type-Options: nosniff`, an
///   `ETag` (a 304 to a matching `If-None-Match`); files below `/assets/` carry a content hash in their
///   names and are cached for a year as `immutable`, every other file (`index.html` first) is `no-cache`;
/// - a missing file below `/assets/`: 404 (a stale page must not get HTML for its script);
/// - a path below `/api/` or `/ocpi/` (or exactly those): 404, so API clients never get the portal;
/// - a path with a `.` or `..` segment, an empty segment, a `\\`, a NUL or a broken `%` escape: 404;
/// - any other path: `index.html`, so the portal's client-side routes (`/tokens/42`) load it.
///
/// Only regular files found below the directory at start are served, never symbolic links or files
/// whose name starts with `.`, and nothing is read from disk while serving, so no request path can reach
/// a file outside the directory. Rebuilt files are served after a restart.
class WebAssets {
 public:
  /// The total size of the files read at most; a directory holding more is refused as not a build.
  static constexpr std::size_t kMaxTotalBytes = 64 * 1024 * 1024;

  /// Reads the files below `directory`. kInvalidArgument naming `field` when it is not a readable
  /// directory holding `index.html`, or holds more than `kMaxTotalBytes`.
  static Result<WebAssets> Load(const std::string& directory, const std::string& field);

  /// The answer to a GET or HEAD request of `request.path` (HEAD: the server drops the body).
  http::HttpResponse Answer(const http::HttpRequest& request) const;

  /// How many files were read.
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string etag;
    bool immutable = false;
  };

  http::HttpResponse Serve(const File& file, const http::HttpRequest& request) const;

  /// By path as requested, e.g. `/index.html`, `/assets/index-4f2a.js`.
  std::map<std::string, File, std::less<>> files_;
};

/// The media type answered for a file name, by its extension (`application/octet-stream` when unknown).
std::string_view WebContentType(std::string_view file_name);

/// Serves the portal of `setting` on `router`: makes the portal's `WebAssets` the router's fallback (every
/// GET and HEAD no route answers) and answers true, or answers false when there is no portal to serve (no
/// directory chosen and no built default). An error names `field` when a chosen directory is unusable.
Result<bool> ServeWebPortal(http::Router& router, const WebRootSetting& setting, const std::string& field);

}  // namespace openmsp::app
