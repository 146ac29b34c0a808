#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "domain/repositories.h"

namespace openmsp::store {

/// The repositories on a SQLite database migrated by `Migrate`, over one connection of their own
/// (opened as `SqliteDatabase::Open` does: WAL, `synchronous=FULL`, busy timeout, foreign keys on).
/// Statements are prepared once per connection and reused. Serves one thread at a time.
class SqliteRepositories {
 public:
  /// Opens `path`; `clock` stamps `created_at` and must outlive the repositories. Fails like
  /// `SqliteDatabase::Open`, with kUnavailable naming `database`.
  static Result<SqliteRepositories> Open(const std::string& path, const Clock& clock);

  SqliteRepositories(SqliteRepositories&&) noexcept;
  SqliteRepositories& operator=(SqliteRepositories&&) noexcept;
  ~SqliteRepositories();

  /// The tenants.
  domain::TenantRepository& tenants();
  /// The organisation unit trees.
  domain::OrganisationUnitRepository& organisation_units();
  /// The profiles.
  domain::ProfileRepository& profiles();
  /// The tokens.
  domain::TokenRepository& tokens();

 private:
  struct State;

  explicit SqliteRepositories(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace openmsp::store
