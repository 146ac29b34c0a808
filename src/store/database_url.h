#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp::store {

/// The environment variable that names the database when a command is given no `--database`.
inline constexpr const char* kDatabaseVariable = "OPENMSP_DATABASE";

/// The database when neither `--database` nor `OPENMSP_DATABASE` names one.
inline constexpr const char* kDefaultDatabase = "sqlite:./openmsp.db";

/// Which database a URL points at: the embedded SQLite database or a PostgreSQL server.
struct DatabaseUrl {
  /// The two back ends.
  enum class Backend { kSqlite, kPostgresql };

  Backend backend = Backend::kSqlite;

  /// For SQLite: the database file, relative to the working directory or absolute, or `:memory:` for a
  /// private in-memory database that vanishes with the process (tests only). Empty for PostgreSQL.
  std::string sqlite_path;

  /// For PostgreSQL: the URL as given, which libpq reads itself (`PQconnectdb` accepts URIs, with
  /// user, password, host, port, database and `?` parameters). Empty for SQLite.
  std::string postgresql_url;

  /// The canonical URL, as logs show it: `sqlite:./openmsp.db`, `sqlite::memory:`, or the PostgreSQL URL
  /// with its password, if any, replaced by `***`.
  std::string ToString() const;

  friend bool operator==(const DatabaseUrl&, const DatabaseUrl&) = default;
};

/// The `database` setting of a command before `--database` is read: `OPENMSP_DATABASE` when it is set
/// and not empty, else `kDefaultDatabase`.
struct DatabaseSetting {
  std::string url;
  /// Whether `url` came from `OPENMSP_DATABASE`, so that errors can name the variable instead of the
  /// option.
  bool from_environment = false;

  /// Reads `OPENMSP_DATABASE`.
  static DatabaseSetting FromEnvironment();

  /// The help text of a `--database` option.
  static std::string Help();

  /// The name errors about `url` give as their field: `OPENMSP_DATABASE` when the URL came from there
  /// and `--database` was not given, else `--database`.
  std::string Source(bool option_given) const;
};

/// Parses the `database` setting: `sqlite:PATH` (`sqlite:./openmsp.db`, `sqlite:/var/lib/openmsp/openmsp.db`,
/// also written `sqlite:///var/lib/openmsp/openmsp.db`), `sqlite::memory:`, or a PostgreSQL URL
/// `postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?PARAMS]` (also `postgres://`) that libpq can read.
/// Anything else is kInvalidArgument naming the field `database`; messages never repeat a password.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text);

}  // namespace openmsp::store
