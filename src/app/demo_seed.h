#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/password.h"
#include "store/repositories.h"

namespace openmsp::app {

// The demo tenant `make run` shows a newcomer (`openmsp demo seed`, docs/demo.md): a small MSP with an
// organisation unit tree, profiles, a user for every role, tokens, and a published tariff plan whose rules
// give visibly different prices, ready to rate the CDRs a simulated CPO sends. Built through the domain
// ports only, so it is what an administrator could have entered by hand.

/// The password of every demo user, printed by `openmsp demo seed`: a demo, not a secret.
inline constexpr std::string_view kDemoPassword = "demo-charging-2026";

/// The demo's tenant admin (at the root unit); a second seed finds the root through it.
inline constexpr std::string_view kDemoAdminEmail = "admin@demo-msp.example";

/// The OCPI party id the simulated CPO of `make run` uses (`openmsp cpo-sim --party NL-CPO`); the demo's
/// location group "NL-CPO network" selects its locations.
inline constexpr std::string_view kDemoCpoParty = "NL-CPO";
/// The host name the demo tenant answers at: the portal chooses its tenant by host name, so the portal at
/// http://demo.localhost:<port> signs in to it (browsers resolve every `*.localhost` to the loopback
/// address, RFC 6761).
inline constexpr std::string_view kDemoHostName = "demo.localhost";

/// How to seed.
struct DemoSeedOptions {
  /// The tenant's slug; the tenant is "Demo MSP", eMSP party NL-DEM, when it has to be created.
  std::string slug = "demo";
  /// The cost of hashing the users' passwords: `Minimum()` only in tests that seed often.
  domain::PasswordHashCost password_cost = domain::PasswordHashCost::Interactive();
};

/// A demo user as `openmsp demo seed` prints it.
struct DemoUser {
  std::string email;
  /// `tenant_admin`, `ou_admin`, … (domain::RoleName).
  std::string role;
  /// The name of the organisation unit the role is scoped to.
  std::string scope;
};

/// What a seed did.
struct DemoSeedReport {
  domain::TenantId tenant_id;
  /// One line per object created, in the order they were made ("organisation unit Vans"); empty when
  /// everything was there already.
  std::vector<std::string> created;
  /// How many of the demo's objects were found already and left as they were.
  std::size_t existing = 0;
  /// Every demo user, created now or before, with the role it holds.
  std::vector<DemoUser> users;
};

/// Seeds the demo tenant `options.slug` in `repositories`, in one transaction: creates whatever of the
/// demo is missing (found by its natural key: slug, unit name under its parent, profile name in its
/// unit, e-mail, token uid and type, code, group name) and never changes what is there, so a second run
/// creates nothing. VAT rates and rating settings are set only while the tenant has none of its own
/// (an empty VAT table, the default settings); the plan gets its first version only when it has none,
/// in force from the next whole minute of `clock` (a version may not start in the past, and the
/// repository reads its clock after this). On failure nothing is written.
Result<DemoSeedReport> SeedDemoTenant(store::Repositories& repositories, const Clock& clock,
                                      const DemoSeedOptions& options = {});

/// The report as `openmsp demo seed` prints it: what was made (or that nothing changed), the users and
/// their password, and where to go next.
std::string FormatDemoSeedReport(const DemoSeedReport& report, std::string_view slug);

}  // namespace openmsp::app
