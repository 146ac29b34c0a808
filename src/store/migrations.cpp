#include "store/migrations.h"

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

constexpr std::array kMigrations = {
    Migration{
        .version = 1,
        .name = "tenants and their OCPI party ids",
        .sqlite_sql = R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_currency TEXT NOT NULL CHECK (length(default_currency) = 3),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE tenant_parties (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  UNIQUE (country_code, party_id)
);
CREATE INDEX tenant_parties_by_tenant ON tenant_parties (tenant_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tenants (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_currency CHAR(3) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE tenant_parties (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code CHAR(2) NOT NULL,
  party_id CHAR(3) NOT NULL,
  UNIQUE (country_code, party_id)
);
CREATE INDEX tenant_parties_by_tenant ON tenant_parties (tenant_id);
)sql",
    },
    Migration{
        .version = 2,
        .name = "organisation unit tree; the order of a tenant's party ids",
        .sqlite_sql = R"sql(
ALTER TABLE tenant_parties ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
CREATE TABLE organisation_units (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id INTEGER,
  name TEXT NOT NULL,
  billing_legal_name TEXT,
  billing_address TEXT,
  billing_vat_number TEXT,
  billing_email TEXT,
  billing_cost_centre TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES organisation_units (tenant_id, id),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX organisation_units_one_root ON organisation_units (tenant_id) WHERE parent_id IS NULL;
CREATE INDEX organisation_units_by_parent ON organisation_units (tenant_id, parent_id);
)sql",
        .postgresql_sql = R"sql(
ALTER TABLE tenant_parties ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
CREATE TABLE organisation_units (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id BIGINT,
  name TEXT NOT NULL,
  billing_legal_name TEXT,
  billing_address TEXT,
  billing_vat_number TEXT,
  billing_email TEXT,
  billing_cost_centre TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES organisation_units (tenant_id, id),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX organisation_units_one_root ON organisation_units (tenant_id) WHERE parent_id IS NULL;
CREATE INDEX organisation_units_by_parent ON organisation_units (tenant_id, parent_id);
)sql",
    },
    Migration{
        .version = 3,
        .name = "profiles and tokens",
        .sqlite_sql = R"sql(
CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  organisation_unit_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('driver', 'vehicle')),
  email TEXT,
  prices_hidden INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX profiles_by_organisation_unit ON profiles (tenant_id, organisation_unit_id);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  type TEXT NOT NULL CHECK (type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  visual_number TEXT,
  issuer TEXT NOT NULL,
  group_id TEXT,
  whitelist TEXT NOT NULL CHECK (whitelist IN ('ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER')),
  language TEXT CHECK (length(language) = 2),
  valid_from TEXT,
  valid_until TEXT,
  cost_centre TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'expired', 'lost')),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE UNIQUE INDEX tokens_by_uid ON tokens (tenant_id, type, upper(uid));
CREATE INDEX tokens_by_contract_id ON tokens (tenant_id, contract_id);
CREATE INDEX tokens_by_profile ON tokens (tenant_id, profile_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE profiles (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  organisation_unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('driver', 'vehicle')),
  email TEXT,
  prices_hidden BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX profiles_by_organisation_unit ON profiles (tenant_id, organisation_unit_id);
CREATE TABLE tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  profile_id BIGINT NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  type TEXT NOT NULL CHECK (type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  visual_number TEXT,
  issuer TEXT NOT NULL,
  group_id TEXT,
  whitelist TEXT NOT NULL CHECK (whitelist IN ('ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER')),
  language TEXT CHECK (length(language) = 2),
  valid_from TIMESTAMPTZ,
  valid_until TIMESTAMPTZ,
  cost_centre TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'expired', 'lost')),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE UNIQUE INDEX tokens_by_uid ON tokens (tenant_id, type, upper(uid));
CREATE INDEX tokens_by_contract_id ON tokens (tenant_id, contract_id);
CREATE INDEX tokens_by_profile ON tokens (tenant_id, profile_id);
)sql",
    },
    Migration{
        .version = 4,
        .name = "CPO CDRs and refused conflicting CDR bodies",
        .sqlite_sql = R"sql(
CREATE TABLE cpo_cdrs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  cdr_id TEXT NOT NULL CHECK (length(cdr_id) BETWEEN 1 AND 39),
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64),
  start_unix_ms INTEGER NOT NULL,
  end_unix_ms INTEGER NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat TEXT NOT NULL,
  total_cost_incl_vat TEXT,
  total_energy TEXT NOT NULL,
  total_time TEXT NOT NULL,
  token_uid TEXT NOT NULL,
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  last_updated_unix_ms INTEGER NOT NULL,
  organisation_unit_id INTEGER,
  received_unix_ms INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_cdrs_by_key ON cpo_cdrs (tenant_id, country_code, party_id, upper(cdr_id));
CREATE INDEX cpo_cdrs_by_start ON cpo_cdrs (tenant_id, start_unix_ms, id);
CREATE INDEX cpo_cdrs_by_unit_and_start ON cpo_cdrs (tenant_id, organisation_unit_id, start_unix_ms, id);
CREATE TABLE cpo_cdr_conflicts (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id INTEGER NOT NULL REFERENCES cpo_cdrs (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL,
  party_id TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  received_unix_ms INTEGER NOT NULL
);
CREATE INDEX cpo_cdr_conflicts_by_key ON cpo_cdr_conflicts (tenant_id, country_code, party_id, upper(cdr_id));
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE cpo_cdrs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  cdr_id TEXT NOT NULL CHECK (length(cdr_id) BETWEEN 1 AND 39),
  body TEXT COMPRESSION lz4 NOT NULL,
  body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64),
  start_unix_ms BIGINT NOT NULL,
  end_unix_ms BIGINT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat TEXT NOT NULL,
  total_cost_incl_vat TEXT,
  total_energy TEXT NOT NULL,
  total_time TEXT NOT NULL,
  token_uid TEXT NOT NULL,
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  last_updated_unix_ms BIGINT NOT NULL,
  organisation_unit_id BIGINT,
  received_unix_ms BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_cdrs_by_key ON cpo_cdrs (tenant_id, country_code, party_id, upper(cdr_id));
CREATE INDEX cpo_cdrs_by_start ON cpo_cdrs (tenant_id, start_unix_ms, id);
CREATE INDEX cpo_cdrs_by_unit_and_start ON cpo_cdrs (tenant_id, organisation_unit_id, start_unix_ms, id);
CREATE TABLE cpo_cdr_conflicts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id BIGINT NOT NULL REFERENCES cpo_cdrs (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL,
  party_id TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  received_unix_ms BIGINT NOT NULL
);
CREATE INDEX cpo_cdr_conflicts_by_key ON cpo_cdr_conflicts (tenant_id, country_code, party_id, upper(cdr_id));
)sql",
    },
};

// How one back end spells the statements around a migration.
struct Dialect {
  std::string_view begin;
  std::string_view create_table;
  std::string_view Migration::*sql;
};

constexpr Dialect kSqliteDialect{
    .begin = "BEGIN IMMEDIATE",
    .create_table =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
    .sql = &Migration::sqlite_sql,
};

// The advisory lock key is arbitrary but fixed: every openmsp process migrating the same database
// takes the same one ("OpenMSP" in ASCII).
constexpr Dialect kPostgresqlDialect{
    .begin = "BEGIN; SELECT pg_advisory_xact_lock(22360104104710992)",
    .create_table =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    .sql = &Migration::postgresql_sql,
};

template <class Database>
Result<int> CurrentVersion(Database& database, const Dialect& dialect) {
  OPENMSP_RETURN_IF_ERROR(database.Execute(dialect.create_table));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text,
                           database.QueryText("SELECT max(version) FROM schema_migrations"));
  int version = 0;
  if (text && std::from_chars(text->data(), text->data() + text->size(), version).ec != std::errc()) {
    return Error{ErrorCode::kInternal, "database", "schema_migrations holds the version '" + *text + "'"};
  }
  if (version > LatestSchemaVersion()) {
    return Error{ErrorCode::kFailedPrecondition, "database",
                 "the database is at schema version " + std::to_string(version) + ", newer than the " +
                     std::to_string(LatestSchemaVersion()) + " this openmsp knows; upgrade openmsp"};
  }
  return version;
}

// What one transaction did: the version the database is at when it ends, and whether it applied a
// migration to get there.
struct Step {
  int version = 0;
  bool applied = false;
};

// Inside a transaction: reads the version under the lock and applies the next migration, if any.
template <class Database>
Result<Step> ApplyNext(Database& database, const Dialect& dialect) {
  OPENMSP_ASSIGN_OR_RETURN(int version, CurrentVersion(database, dialect));
  if (version == LatestSchemaVersion()) return Step{version, false};
  const Migration& next = kMigrations[static_cast<std::size_t>(version)];
  Result<void> applied = database.Execute(next.*dialect.sql);
  if (applied) {
    applied = database.Execute("INSERT INTO schema_migrations (version) VALUES (" +
                               std::to_string(next.version) + ")");
  }
  if (!applied) {
    Error error = std::move(applied).error();
    error.message = "migration " + std::to_string(next.version) + " (" + std::string(next.name) +
                    ") failed: " + error.message;
    return error;
  }
  return Step{next.version, true};
}

template <class Database>
Result<MigrationReport> MigrateWith(Database& database, const Dialect& dialect) {
  MigrationReport report;
  while (true) {
    Result<void> begun = database.Execute(dialect.begin);
    Result<Step> step = begun ? ApplyNext(database, dialect) : Result<Step>(std::move(begun).error());
    if (!step) {
      (void)database.Execute("ROLLBACK");
      return std::move(step).error();
    }
    OPENMSP_RETURN_IF_ERROR(database.Execute("COMMIT"));
    report.version = step->version;
    if (!step->applied) return report;
    ++report.applied;
  }
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

Result<MigrationReport> Migrate(SqliteDatabase& database) { return MigrateWith(database, kSqliteDialect); }

Result<MigrationReport> Migrate(PostgresDatabase& database) {
  return MigrateWith(database, kPostgresqlDialect);
}

Result<MigrationReport> OpenAndMigrate(const DatabaseUrl& url) {
  if (url.backend == DatabaseUrl::Backend::kPostgresql) {
    OPENMSP_ASSIGN_OR_RETURN(PostgresDatabase database, PostgresDatabase::Open(url.postgresql_url));
    return Migrate(database);
  }
  OPENMSP_ASSIGN_OR_RETURN(SqliteDatabase database, SqliteDatabase::Open(url.sqlite_path));
  return Migrate(database);
}

}  // namespace openmsp::store
