#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "domain/repositories.h"

namespace openmsp::store {

/// The repositories on a PostgreSQL database migrated by `Migrate`, over one connection of their own
/// (opened as `PostgresDatabase::Open` does). Statements take their values as parameters
/// (`PQexecParams`), never spliced into the text. Serves one thread at a time.
class PostgresRepositories {
 public:
  /// Connects to `url`; `clock` stamps `created_at` and must outlive the repositories. Fails like
  /// `PostgresDatabase::Open`, with kUnavailable naming `database`.
  static Result<PostgresRepositories> Open(const std::string& url, const Clock& clock);

  PostgresRepositories(PostgresRepositories&&) noexcept;
  PostgresRepositories& operator=(PostgresRepositories&&) noexcept;
  ~PostgresRepositories();

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

  explicit PostgresRepositories(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace openmsp::store
