#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "store/database_url.h"

namespace openmsp::store {

class PostgresDatabase;
class SqliteDatabase;

/// One step of the schema: the same change written once for each back end. Versions start at 1 and
/// grow by one; a released migration is never edited, a new version is added instead.
struct Migration {
  int version = 0;
  /// What the step does, for people reading the list.
  std::string_view name;
  std::string_view sqlite_sql;
  std::string_view postgresql_sql;
};

/// Every migration, in version order. Embedded in the binary, so a database is migrated by the
/// `openmsp` that uses it and nothing else has to be deployed.
std::span<const Migration> Migrations();

/// The version a fully migrated database is at.
int LatestSchemaVersion();

/// What `Migrate` did.
struct MigrationReport {
  /// How many migrations this call applied (0 when the database was up to date).
  int applied = 0;
  /// The database's version afterwards.
  int version = 0;

  friend bool operator==(const MigrationReport&, const MigrationReport&) = default;
};

/// Applies the pending migrations, each in its own transaction that also records it in
/// `schema_migrations(version, applied_at)`, so a failure leaves the database at the last good version.
/// Safe to run twice and safe when several processes run it at once: on SQLite each transaction starts
/// with `BEGIN IMMEDIATE` (one writer at a time); on PostgreSQL with `pg_advisory_xact_lock`, and the
/// version is read again under that lock. Fails with the database's error (field `database`), and with
/// kFailedPrecondition when the database is at a version newer than this binary knows.
Result<MigrationReport> Migrate(SqliteDatabase& database);
Result<MigrationReport> Migrate(PostgresDatabase& database);

/// Opens the database `url` names, on either back end, and migrates it: what `openmsp migrate` does.
Result<MigrationReport> OpenAndMigrate(const DatabaseUrl& url);

}  // namespace openmsp::store
