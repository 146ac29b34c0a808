#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "app/command.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/result.h"
#include "domain/tenant.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::app {

// What the platform operator's commands (`openmsp tenant …`, `openmsp peer …`) share: how they open the
// database, how they fail, and how they show a tenant.

/// The `--database` setting of one command run: the URL, and the name errors about it give (`--database`,
/// or `OPENMSP_DATABASE` when the URL came from there).
struct DatabaseChoice {
  std::string url;
  std::string source;
};

/// Opens the repositories on the database `database` names, with `clock` (which must outlive them).
/// With `migrate`, first brings the schema up to date as `openmsp serve` does. kInvalidArgument or
/// kUnavailable naming `database` when the URL is malformed or the database cannot be opened or migrated.
Result<store::Repositories> OpenDatabase(const std::string& url, const Clock& clock, bool migrate);

/// The tenant `slug` names; kNotFound naming `--tenant` otherwise.
Result<domain::Tenant> TenantBySlug(store::Repositories& repositories, const std::string& slug);

/// The exit code of a command that failed with `error` (the rule of command.h): 2 when it could not run
/// as asked — an option value that is malformed or breaks a rule (kInvalidArgument), a database or peer
/// that cannot be reached (kUnavailable), a bug (kInternal); 1 when it ran and the answer is no — a slug
/// already taken, an unknown tenant, peer or plan, a transition the status does not allow, a peer that
/// refused.
CommandResult ExitCodeOf(const Error& error);

/// Reports `error` on one line of stderr, `openmsp <command>: <field>: <message>` (a field `database` is
/// shown as `database.source`), and returns its `ExitCodeOf`.
CommandResult ReportFailure(std::string_view command, Error error, const DatabaseChoice& database);

/// Runs `run(options)` for the subcommand `command` (e.g. `tenant create`): prints the text it gives on
/// stdout and sets `exit_code` to 0, or reports its error with `ReportFailure`. `database_given` tells
/// whether `--database` was given (else the URL came from `OPENMSP_DATABASE` or the default).
template <class Options, class Run>
void RunAndReport(std::string_view command, const Options& options, bool database_given, Run run,
                  CommandResult& exit_code) {
  Result<std::string> output = run(options);
  if (!output) {
    exit_code = ReportFailure(command, std::move(output).error(),
                              {options.database.url, options.database.Source(database_given)});
    return;
  }
  std::fputs(output->c_str(), stdout);
  exit_code = 0;
}

/// The tenant's public fields as a JSON object: `id`, `slug`, `name`, `parties` (`["NL-DEM"]`),
/// `currency` and `created_at` (OCPI DateTime). Serialise it with `SerializeJson`.
boost::json::object TenantObject(const domain::Tenant& tenant);

/// `text` padded with blanks to `width` bytes (columns of a table of ASCII ids and names; longer text is
/// left as it is).
std::string Column(std::string_view text, std::size_t width);

}  // namespace openmsp::app
