#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/command.h"
#include "app/operator_support.h"
#include "core/clock.h"
#include "core/currency.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/json.h"
#include "domain/audit.h"
#include "domain/email.h"
#include "domain/organisation_unit.h"
#include "domain/password.h"
#include "domain/permissions.h"
#include "domain/tenant.h"
#include "domain/user.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

// The currency a tenant of each country OpenMSP knows prices in unless `--currency` says otherwise: the
// euro area and the euro-using microstates, the other EU and EEA countries, Switzerland and the United
// Kingdom. docs/operations.md lists the same table.
constexpr std::array<std::pair<std::string_view, std::string_view>, 36> kCountryCurrencies = {{
    {"AD", "EUR"}, {"AT", "EUR"}, {"BE", "EUR"}, {"BG", "EUR"}, {"CH", "CHF"}, {"CY", "EUR"},
    {"CZ", "CZK"}, {"DE", "EUR"}, {"DK", "DKK"}, {"EE", "EUR"}, {"ES", "EUR"}, {"FI", "EUR"},
    {"FR", "EUR"}, {"GB", "GBP"}, {"GR", "EUR"}, {"HR", "EUR"}, {"HU", "HUF"}, {"IE", "EUR"},
    {"IS", "ISK"}, {"IT", "EUR"}, {"LI", "CHF"}, {"LT", "EUR"}, {"LU", "EUR"}, {"LV", "EUR"},
    {"MC", "EUR"}, {"MT", "EUR"}, {"NL", "EUR"}, {"NO", "NOK"}, {"PL", "PLN"}, {"PT", "EUR"},
    {"RO", "RON"}, {"SE", "SEK"}, {"SI", "EUR"}, {"SK", "EUR"}, {"SM", "EUR"}, {"VA", "EUR"},
}};

struct CreateOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string slug;
  std::string name;
  std::string country;
  std::vector<std::string> parties;
  std::string currency;
  std::string admin_email;
  std::string admin_password;
  std::string admin_name = "Administrator";
};

struct ListOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  bool json = false;
};

// `error` with its field renamed to the option the value came from: `renames` maps a field (and its
// elements and members, `parties[1]`) to an option.
Error AsOption(Error error, std::initializer_list<std::pair<std::string_view, std::string_view>> renames) {
  for (const auto& [field, option] : renames) {
    const std::string_view rest =
        std::string_view(error.field).substr(std::min(error.field.size(), field.size()));
    if (error.field.starts_with(field) && (rest.empty() || rest.front() == '[' || rest.front() == '.')) {
      error.field = option;
      return error;
    }
  }
  return error;
}

Error OptionError(std::string_view option, Error error) {
  error.field = option;
  return error;
}

Result<Currency> CurrencyOf(const Country& country, const std::string& currency) {
  if (!currency.empty()) {
    Result<Currency> given = Currency::Find(currency);
    if (!given) return OptionError("--currency", given.error());
    return given;
  }
  for (const auto& [code, currency_code] : kCountryCurrencies) {
    if (code == country.alpha2) return Currency::Find(currency_code);
  }
  return Error{ErrorCode::kInvalidArgument, "--country",
               "OpenMSP knows no currency for " + std::string(country.alpha2) + "; give --currency"};
}

// `text` is a party code (`DEM`, in the tenant's country) or a whole party id (`BE-DEM`).
Result<PartyId> PartyOf(const Country& country, const std::string& text) {
  Result<PartyId> party = text.size() == 3 ? PartyId::FromFields(country.alpha2, text) : PartyId::Parse(text);
  if (!party) return OptionError("--party", party.error());
  return party;
}

// What `tenant create` stores, checked before the database is opened.
struct TenantPlan {
  domain::NewTenant tenant;
  domain::NewUser admin;
};

Result<TenantPlan> PlanTenant(const CreateOptions& options) {
  Result<Country> country = CountryFromAlpha2(options.country);
  if (!country) return OptionError("--country", country.error());
  OPENMSP_ASSIGN_OR_RETURN(const Currency currency, CurrencyOf(*country, options.currency));
  std::vector<PartyId> parties;
  for (const std::string& text : options.parties) {
    OPENMSP_ASSIGN_OR_RETURN(PartyId party, PartyOf(*country, text));
    parties.push_back(party);
  }
  TenantPlan plan{.tenant = {.slug = options.slug,
                             .name = options.name,
                             .default_currency = currency,
                             .parties = std::move(parties)},
                  .admin = {}};
  if (Result<void> valid = domain::ValidateNewTenant(plan.tenant); !valid) {
    return AsOption(valid.error(), {{"slug", "--slug"}, {"name", "--name"}, {"parties", "--party"}});
  }
  Result<std::string> email = domain::NormaliseEmail(options.admin_email);
  if (!email) return OptionError("--admin-email", email.error());
  plan.admin.email = *email;
  plan.admin.display_name = options.admin_name;
  Result<domain::PasswordHash> hash = domain::HashPassword(options.admin_password, *email);
  if (!hash) return OptionError("--admin-password", hash.error());
  plan.admin.password_hash = *std::move(hash);
  Result<domain::NewUser> admin = domain::ValidateNewUser(plan.admin);
  if (!admin) return AsOption(admin.error(), {{"email", "--admin-email"}, {"display_name", "--admin-name"}});
  plan.admin = *std::move(admin);
  return plan;
}

// Stores the tenant, its root unit (named like the tenant), its first admin holding tenant_admin at the
// root, and the audit entry of all that, in one transaction. Returns the JSON `tenant create` prints,
// which is also the entry's `after` document: no password, no hash.
Result<std::string> StoreTenant(store::Repositories& repositories, const TenantPlan& plan) {
  std::string created;
  Result<void> stored =
      repositories.InOneTransaction([&](store::Repositories& in_transaction) -> Result<void> {
        Result<domain::Tenant> tenant = in_transaction.tenants().Create(plan.tenant);
        if (!tenant) return AsOption(tenant.error(), {{"slug", "--slug"}, {"parties", "--party"}});
        OPENMSP_ASSIGN_OR_RETURN(
            const domain::OrganisationUnit root,
            in_transaction.organisation_units().Create(
                tenant->id,
                domain::NewOrganisationUnit{.parent_id = std::nullopt, .name = tenant->name, .billing = {}}));
        OPENMSP_ASSIGN_OR_RETURN(const domain::User admin,
                                 in_transaction.users().Create(tenant->id, plan.admin));
        OPENMSP_RETURN_IF_ERROR(
            in_transaction.users().AssignRole(tenant->id, admin.id, domain::Role::kTenantAdmin, root.id));
        boost::json::object document = TenantObject(*tenant);
        document["root_organisation_unit_id"] = root.id.value;
        document["admin"] = boost::json::object{{"id", admin.id.value},
                                                {"email", admin.email},
                                                {"role", domain::RoleName(domain::Role::kTenantAdmin)}};
        created = SerializeJson(document);
        OPENMSP_RETURN_IF_ERROR(in_transaction.audit_log().Append(
            tenant->id, domain::NewAuditEntry{.actor = domain::AuditActor::System("cli"),
                                              .action = "tenant.create",
                                              .object_type = "tenant",
                                              .object_id = std::to_string(tenant->id.value),
                                              .before = "",
                                              .after = created,
                                              .request_id = ""}));
        return Ok();
      });
  if (!stored) return std::move(stored).error();
  return created + "\n";
}

Result<std::string> CreateTenant(const CreateOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(const TenantPlan plan, PlanTenant(options));
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories,
                           OpenDatabase(options.database.url, clock, /*migrate=*/true));
  return StoreTenant(repositories, plan);
}

Result<std::string> ListTenants(const ListOptions& options) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories,
                           OpenDatabase(options.database.url, clock, /*migrate=*/false));
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Tenant> tenants, repositories.tenants().List());
  if (options.json) {
    boost::json::array list;
    for (const domain::Tenant& tenant : tenants) list.emplace_back(TenantObject(tenant));
    return SerializeJson(list) + "\n";
  }
  std::string table =
      Column("ID", 8) + Column("SLUG", 24) + Column("CURRENCY", 10) + Column("PARTIES", 24) + "NAME\n";
  for (const domain::Tenant& tenant : tenants) {
    std::string parties;
    for (const PartyId& party : tenant.parties) parties += (parties.empty() ? "" : ",") + party.ToString();
    table += Column(std::to_string(tenant.id.value), 8) + Column(tenant.slug, 24) +
             Column(tenant.default_currency.code(), 10) + Column(parties, 24) + tenant.name + "\n";
  }
  return table;
}

}  // namespace

void RegisterTenantCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* tenant =
      app.add_subcommand("tenant", "Create and list tenants (the MSPs this installation hosts)");
  tenant->require_subcommand(1);

  auto create_options = std::make_shared<CreateOptions>();
  CLI::App* create = tenant->add_subcommand(
      "create",
      "Create a tenant with its root organisation unit and its first tenant admin, and print it as JSON");
  CLI::Option* create_database =
      create->add_option("--database", create_options->database.url, store::DatabaseSetting::Help());
  create->add_option("--slug", create_options->slug, "Short name in host names and URLs, e.g. demo")
      ->required();
  create->add_option("--name", create_options->name, "The name people see, e.g. \"Demo MSP\"")->required();
  create
      ->add_option("--country", create_options->country,
                   "ISO 3166-1 alpha-2 country of the tenant's party ids")
      ->required();
  create
      ->add_option(
          "--party", create_options->parties,
          "eMSP party code in --country (DEM makes NL-DEM), or a whole party id (BE-DEM); repeat for more")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  create->add_option("--currency", create_options->currency,
                     "Default currency (ISO 4217); derived from --country when not given");
  create->add_option("--admin-email", create_options->admin_email, "E-mail address of the first tenant admin")
      ->required();
  create->add_option("--admin-password", create_options->admin_password, "Password of the first tenant admin")
      ->required();
  create->add_option("--admin-name", create_options->admin_name, "Display name of the first tenant admin")
      ->capture_default_str();
  create->callback([create_options, create_database, &exit_code] {
    RunAndReport("tenant create", *create_options, create_database->count() > 0, CreateTenant, exit_code);
  });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = tenant->add_subcommand("list", "List the tenants: a table, or JSON with --json");
  CLI::Option* list_database =
      list->add_option("--database", list_options->database.url, store::DatabaseSetting::Help());
  list->add_flag("--json", list_options->json, "Print a JSON array instead of a table");
  list->callback([list_options, list_database, &exit_code] {
    RunAndReport("tenant list", *list_options, list_database->count() > 0, ListTenants, exit_code);
  });
}

}  // namespace openmsp::app
