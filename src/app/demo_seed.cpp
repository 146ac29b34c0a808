#include "app/demo_seed.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/emaid.h"
#include "core/ids/party_id.h"
#include "core/json.h"
#include "domain/audit.h"
#include "domain/business_partner_group.h"
#include "domain/location_group.h"
#include "domain/organisation_unit.h"
#include "domain/permissions.h"
#include "domain/profile.h"
#include "domain/rating_settings.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"
#include "domain/tenant.h"
#include "domain/token.h"
#include "domain/user.h"

namespace openmsp::app {
namespace {

using domain::OrganisationUnitId;

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

std::optional<domain::BillingDetails> Billing(const char* legal_name, const char* cost_centre) {
  return domain::BillingDetails{.legal_name = legal_name,
                                .address = "Stationsplein 1, 3511 ED Utrecht",
                                .vat_number = "NL001234567B01",
                                .email = "invoices@acme-logistics.example",
                                .cost_centre = cost_centre};
}

// One demo token: its uid and type, the profile it belongs to (by name) and its EMA-ID's instance.
struct TokenSpec {
  const char* uid;
  domain::TokenType type;
  const char* profile;
  const char* contract_instance;
  const char* visual_number;
  const char* cost_centre;
};

// Finds or creates each part of the demo inside one transaction's repositories.
class Seeder {
 public:
  Seeder(store::Repositories& repositories, const Clock& clock, const DemoSeedOptions& options)
      : repositories_(repositories), clock_(clock), options_(options) {}

  Result<DemoSeedReport> Run() {
    OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, Tenant());
    tenant_ = tenant.id;
    report_.tenant_id = tenant.id;
    party_ = tenant.parties.front();
    OPENMSP_RETURN_IF_ERROR(Settings(tenant));

    // The organisation unit tree: the root (made with the tenant), a fleet customer with its fleets and
    // their cost centres, the MSP's own staff, and a pool of private customers.
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId root, Root(tenant));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId acme,
                             Unit(root, "Acme Logistics B.V.", Billing("Acme Logistics B.V.", "")));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId vans, Unit(acme, "Vans", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId north,
                             Unit(vans, "CC-4100 Deliveries North", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId south,
                             Unit(vans, "CC-4200 Deliveries South", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId cars, Unit(acme, "Company cars", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId management,
                             Unit(cars, "CC-1000 Management", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId staff, Unit(root, "Demo MSP staff", std::nullopt));
    OPENMSP_ASSIGN_OR_RETURN(const OrganisationUnitId privates,
                             Unit(root, "Private customers", std::nullopt));

    OPENMSP_RETURN_IF_ERROR(Profile(north, "Van NL-12-ABC", domain::ProfileKind::kVehicle, "", true));
    OPENMSP_RETURN_IF_ERROR(Profile(south, "Van NL-34-DEF", domain::ProfileKind::kVehicle, "", true));
    OPENMSP_RETURN_IF_ERROR(Profile(management, "Sanne de Vries", domain::ProfileKind::kDriver,
                                    "sanne@acme-logistics.example", false));
    OPENMSP_RETURN_IF_ERROR(
        Profile(staff, "Pieter Jansen", domain::ProfileKind::kDriver, "pieter@demo-msp.example", false));
    OPENMSP_RETURN_IF_ERROR(
        Profile(privates, "Eva Bakker", domain::ProfileKind::kDriver, "eva@demo-msp.example", false));

    OPENMSP_RETURN_IF_ERROR(
        User(kDemoAdminEmail, "Demo administrator", domain::Role::kTenantAdmin, root, std::nullopt));
    OPENMSP_RETURN_IF_ERROR(
        User("ou-admin@demo-msp.example", "Acme administrator", domain::Role::kOuAdmin, acme, std::nullopt));
    OPENMSP_RETURN_IF_ERROR(User("fleet@demo-msp.example", "Vans fleet manager", domain::Role::kFleetManager,
                                 vans, std::nullopt));
    OPENMSP_RETURN_IF_ERROR(
        User("finance@demo-msp.example", "Demo finance", domain::Role::kFinance, root, std::nullopt));
    OPENMSP_RETURN_IF_ERROR(
        User("viewer@demo-msp.example", "Acme viewer", domain::Role::kViewer, acme, std::nullopt));
    OPENMSP_RETURN_IF_ERROR(
        User("driver@demo-msp.example", "Eva Bakker", domain::Role::kDriver, privates, "Eva Bakker"));

    for (const TokenSpec& spec : {
             TokenSpec{"04DE0000000001", domain::TokenType::kRfid, "Van NL-12-ABC", "C00000001", "DEM-0001",
                       "4100"},
             TokenSpec{"04DE0000000002", domain::TokenType::kRfid, "Van NL-34-DEF", "C00000002", "DEM-0002",
                       "4200"},
             TokenSpec{"04DE0000000003", domain::TokenType::kRfid, "Sanne de Vries", "C00000003", "DEM-0003",
                       "1000"},
             TokenSpec{"APP-SANNE-0003", domain::TokenType::kAppUser, "Sanne de Vries", "C00000003", "",
                       "1000"},
             TokenSpec{"04DE0000000004", domain::TokenType::kRfid, "Pieter Jansen", "C00000004", "DEM-0004",
                       ""},
             TokenSpec{"04DE0000000005", domain::TokenType::kRfid, "Eva Bakker", "C00000005", "DEM-0005", ""},
             TokenSpec{"APP-EVA-0005", domain::TokenType::kAppUser, "Eva Bakker", "C00000005", "", ""},
         }) {
      OPENMSP_RETURN_IF_ERROR(Token(spec));
    }

    OPENMSP_ASSIGN_OR_RETURN(const domain::BusinessPartnerGroupId fleets,
                             BusinessPartnerGroup("Fleet customers", {acme}));
    OPENMSP_ASSIGN_OR_RETURN(const domain::BusinessPartnerGroupId employees,
                             BusinessPartnerGroup("Employees", {staff}));

    domain::LocationGroupCriteria dc;
    dc.power_types = {domain::PowerType::kDc};
    OPENMSP_ASSIGN_OR_RETURN(const domain::LocationGroupId fast,
                             LocationGroup("DC fast charging", 10, std::move(dc)));
    domain::LocationGroupCriteria network;
    network.parties = {PartyId::Parse(kDemoCpoParty).value()};
    OPENMSP_ASSIGN_OR_RETURN(const domain::LocationGroupId partner,
                             LocationGroup("NL-CPO network", 20, std::move(network)));

    OPENMSP_ASSIGN_OR_RETURN(const domain::TariffCodeId energy,
                             TariffCode({.code = "ENERGY",
                                         .kind = domain::TariffCodeKind::kEnergy,
                                         .unit = domain::TariffUnit::kKwh,
                                         .step_size = D("0.001"),
                                         .free_units = D("0"),
                                         .grace_period = std::chrono::minutes(0),
                                         .description = "Energy delivered, per kWh (to the Wh)"}));
    OPENMSP_ASSIGN_OR_RETURN(const domain::TariffCodeId fee,
                             TariffCode({.code = "SESSION_FEE",
                                         .kind = domain::TariffCodeKind::kSessionFee,
                                         .unit = domain::TariffUnit::kSession,
                                         .step_size = D("1"),
                                         .free_units = D("0"),
                                         .grace_period = std::chrono::minutes(0),
                                         .description = "Per charging session"}));
    OPENMSP_ASSIGN_OR_RETURN(const domain::TariffCodeId idle,
                             TariffCode({.code = "IDLE_DC",
                                         .kind = domain::TariffCodeKind::kParkingTime,
                                         .unit = domain::TariffUnit::kMinute,
                                         .step_size = D("1"),
                                         .free_units = D("0"),
                                         .grace_period = std::chrono::minutes(30),
                                         .description = "Blocking a fast charger: per started minute "
                                                        "connected but not charging, after 30 minutes"}));

    const auto rule = [](std::optional<domain::LocationGroupId> group,
                         std::optional<domain::BusinessPartnerGroupId> partners, domain::TariffCodeId code,
                         const char* price, std::int32_t priority = 10,
                         domain::TariffRuleRestrictions restrictions = {}) {
      return domain::NewTariffPlanRule{.location_group = group,
                                       .business_partner_group = partners,
                                       .tariff_code = code,
                                       .unit_price = D(price),
                                       .priority = priority,
                                       .restrictions = std::move(restrictions)};
    };
    domain::TariffRuleRestrictions night;
    night.time_of_day =
        domain::TimeOfDayWindow{.start = std::chrono::hours(22), .end = std::chrono::hours(7)};
    // docs/demo.md shows this table; keep them together.
    OPENMSP_RETURN_IF_ERROR(Plan({
        rule(std::nullopt, std::nullopt, energy, "0.39"),
        rule(std::nullopt, fleets, energy, "0.32"),
        rule(std::nullopt, employees, energy, "0.25"),
        rule(fast, std::nullopt, energy, "0.59"),
        rule(fast, fleets, energy, "0.49"),
        rule(partner, std::nullopt, energy, "0.35"),
        rule(partner, std::nullopt, energy, "0.27", 0, night),
        rule(partner, fleets, energy, "0.30"),
        rule(std::nullopt, std::nullopt, fee, "0.50"),
        rule(std::nullopt, fleets, fee, "0"),
        rule(fast, std::nullopt, idle, "0.10"),
    }));
    return std::move(report_);
  }

 private:
  void Created(std::string what) { report_.created.push_back(std::move(what)); }

  Result<domain::Tenant> Tenant() {
    Result<domain::Tenant> found = repositories_.tenants().FindBySlug(options_.slug);
    if (found) {
      ++report_.existing;
      return found;
    }
    if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    OPENMSP_ASSIGN_OR_RETURN(const Currency euro, Currency::Find("EUR"));
    OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, repositories_.tenants().Create(domain::NewTenant{
                                                        .slug = options_.slug,
                                                        .name = "Demo MSP",
                                                        .default_currency = euro,
                                                        .parties = {PartyId::Parse("NL-DEM").value()}}));
    tenant_created_ = true;
    Created("tenant " + tenant.slug + " \"" + tenant.name + "\" (eMSP " + tenant.parties.front().ToString() +
            ")");
    return tenant;
  }

  Result<void> Settings(const domain::Tenant& tenant) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::VatRate> vat,
                             repositories_.tenant_settings().VatRates(tenant_));
    if (vat.empty()) {
      const auto rate = [](const char* country, LocalDate from, const char* percent) {
        return domain::VatRate{
            .country = CountryFromAlpha2(country).value(), .valid_from = from, .percent = D(percent)};
      };
      const std::vector<domain::VatRate> rates = {
          rate("NL", {2012, 10, 1}, "21"), rate("BE", {1996, 1, 1}, "21"), rate("DE", {2021, 1, 1}, "19")};
      OPENMSP_RETURN_IF_ERROR(repositories_.tenant_settings().ReplaceVatRates(tenant_, rates));
      Created("VAT rates NL 21%, BE 21%, DE 19%");
    } else {
      ++report_.existing;
    }

    OPENMSP_ASSIGN_OR_RETURN(const domain::RatingSettings settings,
                             repositories_.tenant_settings().RatingSettingsOf(tenant_));
    if (settings == domain::RatingSettings{}) {
      const domain::RatingSettings demo{.max_energy_kwh = D("250"),
                                        .max_session_duration = std::chrono::hours(48),
                                        .cost_audit_tolerance = D("0.05")};
      OPENMSP_RETURN_IF_ERROR(repositories_.tenant_settings().SetRatingSettings(tenant_, demo));
      Created("rating settings: at most 250 kWh and 48 h per session, cost audit tolerance 0.05");
    } else {
      ++report_.existing;
    }

    OPENMSP_ASSIGN_OR_RETURN(const std::optional<domain::Branding> branding,
                             repositories_.tenant_settings().FindBranding(tenant_));
    if (!branding) {
      OPENMSP_RETURN_IF_ERROR(repositories_.tenant_settings().SetBranding(
          tenant_, domain::Branding{.display_name = tenant.name,
                                    .primary_colour = "#0b6e4f",
                                    .accent_colour = "#f2a541",
                                    .support_email = "support@demo-msp.example",
                                    .logo_media_type = "",
                                    .logo = ""}));
      Created("branding");
    } else {
      ++report_.existing;
    }

    // The portal picks its tenant by host name: the demo answers at http://demo.localhost:<port>, unless the
    // tenant has host names of its own or another tenant holds it already.
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<std::string> hosts,
                             repositories_.tenant_settings().HostNames(tenant_));
    Result<domain::TenantId> host_holder =
        repositories_.tenant_settings().FindTenantByHostName(kDemoHostName);
    if (!host_holder && host_holder.error().code != ErrorCode::kNotFound) {
      return std::move(host_holder).error();
    }
    if (hosts.empty() && !host_holder) {
      const std::vector<std::string> demo_hosts = {std::string(kDemoHostName)};
      OPENMSP_RETURN_IF_ERROR(repositories_.tenant_settings().ReplaceHostNames(tenant_, demo_hosts));
      Created(
          "host name demo.localhost (the portal at http://demo.localhost:<port> signs in to this tenant)");
    } else {
      ++report_.existing;
    }
    return Ok();
  }

  // The tenant's root unit: made now for a tenant made now, else found (`tenant create` makes it too).
  Result<OrganisationUnitId> Root(const domain::Tenant& tenant) {
    if (tenant_created_) {
      OPENMSP_ASSIGN_OR_RETURN(
          const domain::OrganisationUnit made,
          repositories_.organisation_units().Create(
              tenant_,
              domain::NewOrganisationUnit{.parent_id = std::nullopt, .name = tenant.name, .billing = {}}));
      units_.push_back(made);
      Created("organisation unit " + made.name + " (root)");
      return made.id;
    }
    // The demo's tenant admin holds its role at the root (a tenant admin only ever does).
    OPENMSP_ASSIGN_OR_RETURN(const domain::OrganisationUnit root, FindRoot());
    ++report_.existing;
    units_.push_back(root);
    return root.id;
  }

  Result<domain::OrganisationUnit> FindRoot() {
    const Error not_ours{ErrorCode::kFailedPrecondition, "--tenant",
                         "the tenant " + options_.slug + " exists but has no tenant admin " +
                             std::string(kDemoAdminEmail) +
                             " to find its root organisation unit by: it was not made by `openmsp demo "
                             "seed`; seed another slug"};
    Result<domain::User> admin = repositories_.users().FindByEmail(tenant_, kDemoAdminEmail);
    if (!admin && admin.error().code == ErrorCode::kNotFound) return not_ours;
    if (!admin) return std::move(admin).error();
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::RoleAssignment> assignments,
                             repositories_.users().ListAssignments(tenant_, admin->id));
    for (const domain::RoleAssignment& assignment : assignments) {
      if (assignment.role != domain::Role::kTenantAdmin) continue;
      OPENMSP_ASSIGN_OR_RETURN(domain::OrganisationUnit unit, repositories_.organisation_units().FindById(
                                                                  tenant_, assignment.organisation_unit_id));
      if (!unit.parent_id) return unit;
    }
    return not_ours;
  }

  Result<OrganisationUnitId> Unit(OrganisationUnitId parent, const char* name,
                                  std::optional<domain::BillingDetails> billing) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::OrganisationUnit> children,
                             repositories_.organisation_units().Children(tenant_, parent));
    for (const domain::OrganisationUnit& child : children) {
      if (child.name == name) {
        ++report_.existing;
        units_.push_back(child);
        return child.id;
      }
    }
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::OrganisationUnit made,
        repositories_.organisation_units().Create(
            tenant_, domain::NewOrganisationUnit{.parent_id = parent, .name = name, .billing = billing}));
    units_.push_back(made);
    Created(std::string("organisation unit ") + name + (billing ? " (billing target)" : ""));
    return made.id;
  }

  std::string UnitName(OrganisationUnitId id) const {
    for (const domain::OrganisationUnit& unit : units_) {
      if (unit.id == id) return unit.name;
    }
    return std::to_string(id.value);
  }

  Result<void> Profile(OrganisationUnitId unit, const char* name, domain::ProfileKind kind, const char* email,
                       bool prices_hidden) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Profile> profiles,
                             repositories_.profiles().ListInOrganisationUnit(tenant_, unit));
    for (const domain::Profile& profile : profiles) {
      if (profile.name == name) {
        ++report_.existing;
        profiles_.push_back(profile);
        return Ok();
      }
    }
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::Profile made,
        repositories_.profiles().Create(tenant_, domain::NewProfile{.organisation_unit_id = unit,
                                                                    .name = name,
                                                                    .kind = kind,
                                                                    .email = email,
                                                                    .prices_hidden = prices_hidden}));
    profiles_.push_back(made);
    Created(fmt::format("profile {} ({}) in {}{}", name, domain::ProfileKindName(kind), UnitName(unit),
                        prices_hidden ? ", prices hidden" : ""));
    return Ok();
  }

  Result<domain::Profile> ProfileNamed(std::string_view name) const {
    for (const domain::Profile& profile : profiles_) {
      if (profile.name == name) return profile;
    }
    return Error{ErrorCode::kNotFound, "profile", "the demo has no profile " + std::string(name)};
  }

  Result<void> User(std::string_view email, const char* display_name, domain::Role role,
                    OrganisationUnitId scope, std::optional<std::string_view> profile_name) {
    report_.users.push_back(DemoUser{
        .email = std::string(email), .role = std::string(domain::RoleName(role)), .scope = UnitName(scope)});
    Result<domain::User> found = repositories_.users().FindByEmail(tenant_, email);
    if (!found && found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    if (!found) {
      std::optional<domain::ProfileId> profile;
      if (profile_name) {
        OPENMSP_ASSIGN_OR_RETURN(const domain::Profile linked, ProfileNamed(*profile_name));
        profile = linked.id;
      }
      OPENMSP_ASSIGN_OR_RETURN(domain::PasswordHash hash,
                               domain::HashPassword(kDemoPassword, email, options_.password_cost));
      found = repositories_.users().Create(tenant_, domain::NewUser{.email = std::string(email),
                                                                    .display_name = display_name,
                                                                    .password_hash = std::move(hash),
                                                                    .profile_id = profile});
      if (!found) return std::move(found).error();
      Created("user " + std::string(email));
    } else {
      ++report_.existing;
    }
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::RoleAssignment> assignments,
                             repositories_.users().ListAssignments(tenant_, found->id));
    const bool holds = std::any_of(assignments.begin(), assignments.end(), [&](const auto& assignment) {
      return assignment.role == role && assignment.organisation_unit_id == scope;
    });
    if (holds) {
      ++report_.existing;
      return Ok();
    }
    OPENMSP_RETURN_IF_ERROR(repositories_.users().AssignRole(tenant_, found->id, role, scope));
    Created(fmt::format("role {} of {} at {}", domain::RoleName(role), email, UnitName(scope)));
    return Ok();
  }

  Result<void> Token(const TokenSpec& spec) {
    Result<domain::Token> found = repositories_.tokens().FindByUid(tenant_, spec.uid, spec.type);
    if (found) {
      ++report_.existing;
      return Ok();
    }
    if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    OPENMSP_ASSIGN_OR_RETURN(const domain::Profile profile, ProfileNamed(spec.profile));
    OPENMSP_ASSIGN_OR_RETURN(const EmaId contract,
                             EmaId::Complete(std::string(party_->country_code()) + "-" +
                                             std::string(party_->party_id()) + "-" + spec.contract_instance));
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::Token made,
        repositories_.tokens().Create(tenant_, domain::NewToken{.profile_id = profile.id,
                                                                .uid = spec.uid,
                                                                .type = spec.type,
                                                                .contract_id = contract,
                                                                .visual_number = spec.visual_number,
                                                                .issuer = "Demo MSP",
                                                                .group_id = "",
                                                                .whitelist = domain::TokenWhitelist::kAllowed,
                                                                .language = "nl",
                                                                .valid_from = std::nullopt,
                                                                .valid_until = std::nullopt,
                                                                .cost_centre = spec.cost_centre}));
    OPENMSP_RETURN_IF_ERROR(repositories_.tokens().SetStatus(tenant_, made.id, domain::TokenStatus::kActive));
    Created(fmt::format("token {} {} ({}) of {}, active", domain::TokenTypeName(spec.type), made.uid,
                        contract.ToString(), profile.name));
    return Ok();
  }

  Result<domain::BusinessPartnerGroupId> BusinessPartnerGroup(const char* name,
                                                              std::vector<OrganisationUnitId> units) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::BusinessPartnerGroup> groups,
                             repositories_.business_partner_groups().List(tenant_));
    for (const domain::BusinessPartnerGroup& group : groups) {
      if (group.name == name) {
        ++report_.existing;
        return group.id;
      }
    }
    std::string members;
    for (const OrganisationUnitId unit : units) members += (members.empty() ? "" : ", ") + UnitName(unit);
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::BusinessPartnerGroup made,
        repositories_.business_partner_groups().Create(
            tenant_, domain::NewBusinessPartnerGroup{.name = name, .units = std::move(units)}));
    Created(std::string("business partner group ") + name + " (" + members + ")");
    return made.id;
  }

  Result<domain::LocationGroupId> LocationGroup(const char* name, std::int32_t priority,
                                                domain::LocationGroupCriteria criteria) {
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::LocationGroup> groups,
                             repositories_.location_groups().List(tenant_));
    for (const domain::LocationGroup& group : groups) {
      if (group.name == name) {
        ++report_.existing;
        return group.id;
      }
    }
    OPENMSP_ASSIGN_OR_RETURN(
        const domain::LocationGroup made,
        repositories_.location_groups().Create(
            tenant_,
            domain::NewLocationGroup{.name = name, .priority = priority, .criteria = std::move(criteria)}));
    Created(fmt::format("location group {} (priority {})", name, priority));
    return made.id;
  }

  Result<domain::TariffCodeId> TariffCode(const domain::NewTariffCode& code) {
    Result<domain::TariffCode> found = repositories_.tariff_codes().FindByCode(tenant_, code.code);
    if (found) {
      ++report_.existing;
      return found->id;
    }
    if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    OPENMSP_ASSIGN_OR_RETURN(const domain::TariffCode made,
                             repositories_.tariff_codes().Create(tenant_, code));
    Created("tariff code " + made.code);
    return made.id;
  }

  Result<void> Plan(std::vector<domain::NewTariffPlanRule> rules) {
    Result<domain::TariffPlan> plan = repositories_.tariff_plans().Find(tenant_);
    if (!plan && plan.error().code != ErrorCode::kNotFound) return std::move(plan).error();
    if (!plan) {
      plan =
          repositories_.tariff_plans().Create(tenant_, domain::NewTariffPlan{.name = "Demo public charging"});
      if (!plan) return std::move(plan).error();
      Created("tariff plan " + plan->name);
    } else {
      ++report_.existing;
    }
    OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::TariffPlanVersion> versions,
                             repositories_.tariff_plans().ListVersions(tenant_));
    if (!versions.empty()) {
      ++report_.existing;
      return Ok();
    }
    OPENMSP_ASSIGN_OR_RETURN(const Currency euro, Currency::Find("EUR"));
    const std::size_t count = rules.size();
    // The first version may start in the past (CheckNewVersionStart): from the first day of the seed's
    // year, so that the simulated CPO's sessions, which started before the seed, are rated too.
    const std::chrono::year_month_day today(std::chrono::floor<std::chrono::days>(clock_.Now().sys_time()));
    const Instant valid_from(std::chrono::sys_days(today.year() / std::chrono::January / 1));
    OPENMSP_ASSIGN_OR_RETURN(const domain::TariffPlanVersion version,
                             repositories_.tariff_plans().AddVersion(
                                 tenant_, domain::NewTariffPlanVersion{.valid_from = valid_from,
                                                                       .currency = euro,
                                                                       .min_session_price = std::nullopt,
                                                                       .max_session_price = std::nullopt,
                                                                       .rules = std::move(rules)}));
    Created(fmt::format("tariff plan version {} in EUR with {} rules, in force from {}", version.id.value,
                        count, FormatOcpiDateTime(version.valid_from)));
    return Ok();
  }

  store::Repositories& repositories_;
  const Clock& clock_;
  const DemoSeedOptions& options_;
  domain::TenantId tenant_;
  std::optional<PartyId> party_;
  bool tenant_created_ = false;
  DemoSeedReport report_;
  std::vector<domain::OrganisationUnit> units_;
  std::vector<domain::Profile> profiles_;
};

}  // namespace

Result<DemoSeedReport> SeedDemoTenant(store::Repositories& repositories, const Clock& clock,
                                      const DemoSeedOptions& options) {
  std::optional<DemoSeedReport> seeded;
  Result<void> stored =
      repositories.InOneTransaction([&](store::Repositories& in_transaction) -> Result<void> {
        OPENMSP_ASSIGN_OR_RETURN(DemoSeedReport report, Seeder(in_transaction, clock, options).Run());
        if (!report.created.empty()) {
          boost::json::array created;
          for (const std::string& line : report.created) created.emplace_back(line);
          OPENMSP_RETURN_IF_ERROR(in_transaction.audit_log().Append(
              report.tenant_id, domain::NewAuditEntry{.actor = domain::AuditActor::System("cli"),
                                                      .action = "demo.seed",
                                                      .object_type = "tenant",
                                                      .object_id = std::to_string(report.tenant_id.value),
                                                      .before = "",
                                                      .after = SerializeJson(boost::json::object{
                                                          {"created", std::move(created)}}),
                                                      .request_id = ""}));
        }
        seeded = std::move(report);
        return Ok();
      });
  if (!stored) return std::move(stored).error();
  return *std::move(seeded);
}

std::string FormatDemoSeedReport(const DemoSeedReport& report, std::string_view slug) {
  std::string text;
  if (report.created.empty()) {
    text +=
        fmt::format("Nothing changed: the demo tenant {} (id {}) was seeded already ({} objects found).\n",
                    slug, report.tenant_id.value, report.existing);
  } else {
    text += fmt::format("Seeded the demo tenant {} (id {}): {} objects created, {} found already.\n", slug,
                        report.tenant_id.value, report.created.size(), report.existing);
    for (const std::string& line : report.created) text += "  + " + line + "\n";
  }
  text +=
      fmt::format("\nDemo users (password of each: {}; the Control Centre: http://demo.localhost:<port>/):\n",
                  kDemoPassword);
  for (const DemoUser& user : report.users) {
    text += fmt::format("  {:<28} {:<14} at {}\n", user.email, user.role, user.scope);
  }
  text += "\nPrices: docs/demo.md. CDRs from a CPO peer are rated as they arrive (openmsp serve).\n";
  return text;
}

}  // namespace openmsp::app
