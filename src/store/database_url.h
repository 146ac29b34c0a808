#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp::store {

/// Which database a URL points at. Only the embedded SQLite database exists so far; PostgreSQL URLs are
/// recognised, and refused with a message saying so, until the storage issue adds them.
struct DatabaseUrl {
  /// The SQLite database file, relative to the working directory or absolute, or `:memory:` for a
  /// private in-memory database that vanishes with the process (tests only).
  std::string sqlite_path;

  /// The canonical URL, as logs show it: `sqlite:./openmsp.db`, `sqlite::memory:`.
  std::string ToString() const;

  friend bool operator==(const DatabaseUrl&, const DatabaseUrl&) = default;
};

/// Parses the `database` setting: `sqlite:PATH` (`sqlite:./openmsp.db`, `sqlite:/var/lib/openmsp/openmsp.db`,
/// also written `sqlite:///var/lib/openmsp/openmsp.db`) or `sqlite::memory:`. A `postgresql://` or
/// `postgres://` URL is refused with kFailedPrecondition until PostgreSQL support exists; anything else is
/// kInvalidArgument. Errors name the field `database`.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text);

}  // namespace openmsp::store
