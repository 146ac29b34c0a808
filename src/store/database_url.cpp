#include "store/database_url.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>

namespace openmsp::store {
namespace {

constexpr std::string_view kField = "database";
constexpr std::string_view kSqliteScheme = "sqlite:";
constexpr std::string_view kExpected =
    "expected sqlite:PATH (e.g. sqlite:./openmsp.db), sqlite::memory: or "
    "postgresql://USER@HOST:PORT/DATABASE";

bool IsPostgresqlUrl(std::string_view text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

// The password of a postgresql:// URL as written (between `user:` and the last `@` of the authority), or
// an empty view.
std::string_view PasswordOf(std::string_view url) {
  std::size_t authority = url.find("://") + 3;
  std::size_t at = url.substr(0, url.find_first_of("/?", authority)).rfind('@');
  if (at == std::string_view::npos || at < authority) return {};
  std::size_t colon = url.substr(0, at).find(':', authority);
  if (colon == std::string_view::npos) return {};
  return url.substr(colon + 1, at - colon - 1);
}

// `url` with its password, if any, replaced by `***`.
std::string WithoutPassword(std::string_view url) {
  std::string_view password = PasswordOf(url);
  if (password.empty()) return std::string(url);
  auto at = static_cast<std::size_t>(password.data() - url.data());
  return std::string(url.substr(0, at)) + "***" + std::string(url.substr(at + password.size()));
}

// `text` with every occurrence of `password` replaced by `***`.
std::string Redacted(std::string_view text, std::string_view password) {
  std::string result(text);
  if (password.empty()) return result;
  for (std::size_t at = result.find(password); at != std::string::npos; at = result.find(password, at + 3)) {
    result.replace(at, password.size(), "***");
  }
  return result;
}

Result<DatabaseUrl> ParsePostgresqlUrl(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return InvalidArgument(std::string(kField), "the URL contains a NUL character");
  }
  std::string url(text);
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(url.c_str(), &error),
                                                                       &PQconninfoFree);
  if (options == nullptr) {
    std::string detail = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    return InvalidArgument(std::string(kField),
                           "'" + WithoutPassword(text) + "': " + Redacted(detail, PasswordOf(text)));
  }
  DatabaseUrl result;
  result.backend = DatabaseUrl::Backend::kPostgresql;
  result.postgresql_url = std::move(url);
  return result;
}

}  // namespace

std::string DatabaseUrl::ToString() const {
  if (backend == Backend::kPostgresql) return WithoutPassword(postgresql_url);
  return std::string(kSqliteScheme) + sqlite_path;
}

DatabaseSetting DatabaseSetting::FromEnvironment() {
  const char* variable = std::getenv(kDatabaseVariable);
  if (variable == nullptr || *variable == '\0') return {kDefaultDatabase, false};
  return {variable, true};
}

std::string DatabaseSetting::Help() {
  return std::string(
             "database URL: sqlite:PATH, sqlite::memory: or postgresql://USER@HOST:PORT/DATABASE "
             "(default: $") +
         kDatabaseVariable + ", else " + kDefaultDatabase + ")";
}

std::string DatabaseSetting::Source(bool option_given) const {
  return !option_given && from_environment ? kDatabaseVariable : "--database";
}

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text) {
  if (IsPostgresqlUrl(text)) return ParsePostgresqlUrl(text);
  if (!text.starts_with(kSqliteScheme)) {
    return InvalidArgument(std::string(kField), "'" + std::string(text) + "': " + std::string(kExpected));
  }
  std::string_view path = text.substr(kSqliteScheme.size());
  if (path.starts_with("//")) {
    path.remove_prefix(2);
    if (!path.starts_with('/')) {
      return InvalidArgument(
          std::string(kField),
          "'" + std::string(text) +
              "': a sqlite URL names no host; write sqlite:PATH or sqlite:///ABSOLUTE/PATH");
    }
  }
  if (path.empty()) {
    return InvalidArgument(std::string(kField), "'" + std::string(text) + "': the file path is missing; " +
                                                    std::string(kExpected));
  }
  if (path.find('\0') != std::string_view::npos) {
    return InvalidArgument(std::string(kField), "the file path contains a NUL character");
  }
  DatabaseUrl url;
  url.sqlite_path = std::string(path);
  return url;
}

}  // namespace openmsp::store
