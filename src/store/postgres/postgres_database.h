#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct pg_conn;

namespace openmsp::store {

/// One connection to a PostgreSQL server over libpq.
///
/// A connection serves one thread at a time (libpq's rule); later issues put a pool in front of it.
/// Server notices (such as "relation already exists, skipping") are dropped rather than printed.
class PostgresDatabase {
 public:
  /// The connect timeout used unless the URL sets `connect_timeout` itself.
  static constexpr int kConnectTimeoutSeconds = 10;

  /// Connects to `url` (see `DatabaseUrl::postgresql_url`). Fails with kUnavailable naming the field
  /// `database` when the server cannot be reached or refuses the login; the message names the server
  /// as libpq does, never the password.
  static Result<PostgresDatabase> Open(const std::string& url);

  /// Movable, not copyable: the one owner closes the connection.
  PostgresDatabase(PostgresDatabase&&) noexcept;
  PostgresDatabase& operator=(PostgresDatabase&&) noexcept;
  ~PostgresDatabase();

  /// Whether the server answers a trivial query on this connection. Fails with kUnavailable.
  Result<void> CheckReady();

  /// Runs `sql`, one or more statements without parameters (schema changes, transaction control).
  /// Fails with kUnavailable naming the field `database`, with the server's message.
  Result<void> Execute(std::string_view sql);

  /// Runs one query without parameters and returns the first column of its first row: nullopt when
  /// there is no row or the value is NULL.
  Result<std::optional<std::string>> QueryText(std::string_view sql);

  /// The open connection, for the store's repositories, which run their own statements on it.
  pg_conn* handle() const { return connection_.get(); }

 private:
  struct Closer {
    void operator()(pg_conn* connection) const;
  };

  explicit PostgresDatabase(std::unique_ptr<pg_conn, Closer> connection);

  std::unique_ptr<pg_conn, Closer> connection_;
};

}  // namespace openmsp::store
