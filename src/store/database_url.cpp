#include "store/database_url.h"

namespace openmsp::store {
namespace {

constexpr std::string_view kField = "database";
constexpr std::string_view kSqliteScheme = "sqlite:";
constexpr std::string_view kExpected = "expected sqlite:PATH (e.g. sqlite:./openmsp.db) or sqlite::memory:";

}  // namespace

std::string DatabaseUrl::ToString() const { return std::string(kSqliteScheme) + sqlite_path; }

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text) {
  if (text.starts_with("postgresql://") || text.starts_with("postgres://")) {
    return Error{ErrorCode::kFailedPrecondition, std::string(kField),
                 "PostgreSQL support arrives with the storage issue; use sqlite:PATH for now"};
  }
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
  return DatabaseUrl{std::string(path)};
}

}  // namespace openmsp::store
