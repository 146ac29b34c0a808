#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;

namespace openmsp::store {

/// The embedded SQLite database: one connection, opened with the settings OpenMSP relies on.
///
/// - `journal_mode=WAL`: readers never wait for the writer, and a commit is one append to the
///   `-wal` file beside the database (`openmsp.db-wal`, with its index `openmsp.db-shm`).
/// - `synchronous=FULL`: every commit is fsynced before it is acknowledged, so data OpenMSP has
///   answered 2xx for survives a power cut, not only a process crash (NORMAL would lose the last
///   commits on power loss). Group commit, not a weaker sync, is what keeps writes fast.
/// - a busy handler: a writer waits for another writer instead of failing at once, trying again every
///   100 µs at first and every millisecond later (SQLite's own `busy_timeout` sleeps up to 100 ms between
///   tries, far longer than a write transaction here holds the lock), for up to `kBusyTimeout`.
/// - `foreign_keys=ON`: references between rows are enforced.
///
/// The connection is opened in serialized mode, so it may be used from several threads. The schema
/// comes from `Migrate` (store/migrations.h).
class SqliteDatabase {
 public:
  /// How long a statement waits for a lock another connection holds before it fails with "busy".
  static constexpr std::chrono::milliseconds kBusyTimeout{5000};

  /// Opens `path` (see `DatabaseUrl::sqlite_path`), creating the file when it does not exist, and
  /// applies the settings above. Fails with kInvalidArgument naming the field `database` when the
  /// directory does not exist or the file is not a SQLite database, and with kUnavailable when SQLite
  /// cannot open or set it up for another reason; the message names the path.
  static Result<SqliteDatabase> Open(const std::string& path);

  /// Movable, not copyable: the one owner closes the connection.
  SqliteDatabase(SqliteDatabase&&) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&&) noexcept;
  ~SqliteDatabase();

  /// Whether the database answers: reads the schema table, which needs the file, its header and the
  /// WAL to be readable. Cheap enough for every readiness probe. Fails with kUnavailable.
  Result<void> CheckReady();

  /// Runs `sql`, one or more statements without parameters (schema changes, transaction control).
  /// Fails with kUnavailable naming the field `database`, with SQLite's message.
  Result<void> Execute(std::string_view sql);

  /// Runs one query without parameters and returns the first column of its first row as text:
  /// nullopt when there is no row or the value is NULL.
  Result<std::optional<std::string>> QueryText(std::string_view sql);

  /// The open connection, for the store's repositories, which prepare their own statements on it.
  sqlite3* handle() const { return connection_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* connection) const;
  };

  SqliteDatabase(std::unique_ptr<sqlite3, Closer> connection, std::string path);

  std::unique_ptr<sqlite3, Closer> connection_;
  std::string path_;
};

}  // namespace openmsp::store
