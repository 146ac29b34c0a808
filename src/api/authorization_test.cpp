// The table-driven authorization test of issue 7: EVERY route of the Control Centre API (the table is
// iterated, so a new route without a case fails here) called as every role in scope, out of scope, with
// an object of another tenant and with a guessed id; unauthenticated; and with a cookie but no CSRF token.
// A refusal never carries the refused object's name.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/admin_test_support.h"
#include "api/api_test_world.h"
#include "api/cdr_test_support.h"
#include "api/pricing_test_support.h"
#include "api/problem.h"
#include "api/session_test_support.h"
#include "billing/billing_run.h"
#include "core/time.h"
#include "domain/invoice.h"
#include "domain/tenant.h"

namespace openmsp::api::test {
namespace {

using domain::Role;

enum class Target { kInScope, kOutOfScope, kOtherTenant, kGuessed };
constexpr Target kTargets[] = {Target::kInScope, Target::kOutOfScope, Target::kOtherTenant, Target::kGuessed};
constexpr std::int64_t kGuessedId = 987654;

const char* TargetName(Target target) {
  switch (target) {
    case Target::kInScope:
      return "in scope";
    case Target::kOutOfScope:
      return "out of scope";
    case Target::kOtherTenant:
      return "of the other tenant";
    case Target::kGuessed:
      return "guessed";
  }
  return "";
}

/// A request to make, and a text of the target object that must not appear in a refusal (empty: none).
struct Call {
  std::string path;
  std::string body;
  std::string secret;
};

struct RouteCase {
  /// Builds the request for a caller and a target; may create fresh objects (so that a change succeeds
  /// each time).
  std::function<Call(ApiWorld&, const Caller&, Target)> build;
  /// The callers that succeed on an object in scope ("out of scope" objects are in the tenant admin's).
  std::set<std::string> may;
  /// The callers holding the route's permission somewhere (refused with 403 or 404, never before).
  std::set<std::string> holders;
  int success = 200;
  /// A list: no object in the path; instead the answer of a caller scoped in A must not name `secret`.
  bool list = false;
  /// Only about the caller's own objects: refused with 404 to everyone.
  bool own = false;
};

const std::set<std::string> kEveryone = {"tenant_admin", "ou_admin", "fleet_manager", "finance",
                                         "viewer",       "driver",   "other_admin"};
const std::set<std::string> kUnitReaders = {"tenant_admin", "ou_admin", "fleet_manager",
                                            "finance",      "viewer",   "other_admin"};
const std::set<std::string> kManagers = {"tenant_admin", "ou_admin", "other_admin"};

std::string Id(std::int64_t id) { return std::to_string(id); }

// A unit per target: in A's subtree, in B, in the other tenant, or a guessed id.
std::int64_t UnitFor(ApiWorld& w, Target target) {
  switch (target) {
    case Target::kInScope:
      return w.NewUnit(w.acme, w.a1).value;
    case Target::kOutOfScope:
      return w.NewUnit(w.acme, w.b).value;
    case Target::kOtherTenant:
      return w.NewUnit(w.other, w.other_root).value;
    case Target::kGuessed:
      return kGuessedId;
  }
  return 0;
}

// A fresh viewer per target: at A1, at B, in the other tenant, or a guessed id; and the unit it is at.
std::pair<std::int64_t, std::int64_t> ViewerFor(ApiWorld& w, Target target) {
  switch (target) {
    case Target::kInScope:
      return {w.NewUser(w.acme, Role::kViewer, w.a1).value, w.a1.value};
    case Target::kOutOfScope:
      return {w.NewUser(w.acme, Role::kViewer, w.b).value, w.b.value};
    case Target::kOtherTenant:
      return {w.NewUser(w.other, Role::kViewer, w.other_root).value, w.other_root.value};
    case Target::kGuessed:
      return {kGuessedId, w.a1.value};
  }
  return {};
}

// --- Locations and pricing (pricing_routes.cpp) ---------------------------------------------------------
// Locations are the tenant's, seen by every role wherever it is scoped: like the caller's own things, a
// location of its tenant is "in scope" and anything else is 404 to everyone. Pricing is tenant-wide: only
// the tenant admins hold it (at the root), so "out of scope" is simply another object of acme.

const std::set<std::string> kPricingAdmins = {"tenant_admin", "other_admin"};

domain::TenantId TenantOf(ApiWorld& w, Target target) {
  return target == Target::kOtherTenant ? w.other : w.acme;
}

// A location of the caller's tenant (in scope) or of the other one.
std::int64_t LocationFor(ApiWorld& w, const Caller& caller, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  const domain::TenantId own = caller.tenant;
  const domain::TenantId tenant = target == Target::kInScope ? own : (own == w.acme ? w.other : w.acme);
  const int n = NextNumber();
  return StoreLocation(w.db(), tenant, {.id = "LOC" + Id(n), .name = "Garage-secret " + Id(n)}).value;
}

std::int64_t LocationGroupFor(ApiWorld& w, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  return StoreLocationGroup(w.db(), TenantOf(w, target), "Group-secret").id.value;
}

std::int64_t PartnerGroupFor(ApiWorld& w, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  const domain::OrganisationUnitId unit = target == Target::kOtherTenant ? w.other_root : w.b;
  return StoreBusinessPartnerGroup(w.db(), TenantOf(w, target), "Partners-secret", unit).id.value;
}

// A location group body whose `criteria.locations` names a location of the target's tenant, so that it is
// refused (404) to a caller of the other tenant.
std::string GroupBodyFor(ApiWorld& w, Target target) {
  std::int64_t location = kGuessedId;
  if (target != Target::kGuessed) {
    const int n = NextNumber();
    location =
        StoreLocation(w.db(), TenantOf(w, target), {.id = "GRP" + Id(n), .name = "Place " + Id(n)}).value;
  }
  return R"({"name": "Group )" + Id(NextNumber()) + R"(", "priority": )" + Id(NextNumber()) +
         R"(, "criteria": {"locations": [)" + Id(location) + "]}}";
}

void AddPricingCases(std::map<std::string, RouteCase>& cases) {
  cases["GET /locations"] = {[](ApiWorld& w, const Caller& caller, Target target) {
                               (void)LocationFor(w, caller, target);
                               return Call{"/locations?limit=5", "", ""};
                             },
                             kEveryone,
                             kEveryone,
                             200,
                             false,
                             true};
  cases["GET /locations/{location_id}"] = {
      [](ApiWorld& w, const Caller& caller, Target target) {
        return Call{"/locations/" + Id(LocationFor(w, caller, target)), "", "Garage-secret"};
      },
      kEveryone,
      kEveryone,
      200,
      false,
      true};

  cases["GET /location-groups"] = {[](ApiWorld& w, const Caller&, Target) {
                                     (void)LocationGroupFor(w, Target::kInScope);
                                     return Call{};
                                   },
                                   kPricingAdmins,
                                   kPricingAdmins,
                                   200,
                                   true,
                                   false};
  cases["GET /location-groups/{location_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/location-groups/" + Id(LocationGroupFor(w, target)), "", "Group-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["POST /location-groups"] = {[](ApiWorld& w, const Caller&, Target target) {
                                      return Call{"", GroupBodyFor(w, target), ""};
                                    },
                                    kPricingAdmins,
                                    kPricingAdmins,
                                    201,
                                    false,
                                    false};
  cases["PUT /location-groups/{location_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{
            "/location-groups/" + Id(LocationGroupFor(w, target)),
            R"({"name": "Renamed )" + Id(NextNumber()) + R"(", "priority": )" + Id(NextNumber()) + "}",
            "Group-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["DELETE /location-groups/{location_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/location-groups/" + Id(LocationGroupFor(w, target)), "", "Group-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      204,
      false,
      false};
  cases["POST /location-groups/preview"] = {[](ApiWorld& w, const Caller&, Target target) {
                                              return Call{"", GroupBodyFor(w, target), ""};
                                            },
                                            kPricingAdmins,
                                            kPricingAdmins,
                                            200,
                                            false,
                                            false};
  cases["POST /location-groups/{location_group_id}/preview"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/location-groups/" + Id(LocationGroupFor(w, target)) + "/preview",
                    R"({"name": "Preview", "priority": )" + Id(NextNumber()) + "}", "Group-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};

  cases["GET /business-partner-groups"] = {[](ApiWorld& w, const Caller&, Target) {
                                             (void)PartnerGroupFor(w, Target::kInScope);
                                             return Call{};
                                           },
                                           kPricingAdmins,
                                           kPricingAdmins,
                                           200,
                                           true,
                                           false};
  cases["GET /business-partner-groups/{business_partner_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/business-partner-groups/" + Id(PartnerGroupFor(w, target)), "", "Partners-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["POST /business-partner-groups"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{
            "",
            R"({"name": "Partners )" + Id(NextNumber()) + R"(", "units": [)" + Id(UnitFor(w, target)) + "]}",
            ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      201,
      false,
      false};
  cases["PUT /business-partner-groups/{business_partner_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/business-partner-groups/" + Id(PartnerGroupFor(w, target)),
                    R"({"name": "Renamed )" + Id(NextNumber()) + R"(", "units": []})", "Partners-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["DELETE /business-partner-groups/{business_partner_group_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/business-partner-groups/" + Id(PartnerGroupFor(w, target)), "", "Partners-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      204,
      false,
      false};

  cases["GET /tariff-codes"] = {[](ApiWorld& w, const Caller&, Target) {
                                  (void)StoreTariffCode(w.db(), w.acme, "secret");
                                  return Call{};
                                },
                                kPricingAdmins,
                                kPricingAdmins,
                                200,
                                true,
                                false};
  cases["GET /tariff-codes/{tariff_code_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        const std::int64_t id = target == Target::kGuessed
                                    ? kGuessedId
                                    : StoreTariffCode(w.db(), TenantOf(w, target), "secret").id.value;
        return Call{"/tariff-codes/" + Id(id), "", "secret-"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  // A new code of the caller's own tenant: nothing of another tenant to name.
  cases["POST /tariff-codes"] = {
      [](ApiWorld&, const Caller&, Target) {
        return Call{"", R"({"code": "E-)" + Id(NextNumber()) + R"(", "kind": "ENERGY", "unit": "KWH",
                           "step_size": 0.1, "description": "Energy"})",
                    ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      201,
      false,
      true};
}
// --- End of locations and pricing -----------------------------------------------------------------------

// Profiles and tokens (token_routes.cpp). The object in scope is the driver's own profile (unit A) or a
// token of it, so the driver is in scope where its role reaches; out of scope is a profile in B.
std::int64_t ProfileFor(ApiWorld& w, Target target) {
  const auto make = [&](domain::TenantId tenant, domain::OrganisationUnitId unit) {
    return w.db()
        .profiles()
        .Create(tenant, domain::NewProfile{.organisation_unit_id = unit,
                                           .name = "secret profile",
                                           .kind = domain::ProfileKind::kDriver,
                                           .email = "",
                                           .prices_hidden = false})
        .value()
        .id.value;
  };
  switch (target) {
    case Target::kInScope:
      return w.driver_profile.value;
    case Target::kOutOfScope:
      return make(w.acme, w.b);
    case Target::kOtherTenant:
      return make(w.other, w.other_root);
    case Target::kGuessed:
      return kGuessedId;
  }
  return 0;
}

// A fresh token (uid `SECRET-n`, APP_USER, visual number `secret card`) of `ProfileFor(target)`, moved to
// `status` (through active).
std::int64_t TokenFor(ApiWorld& w, Target target, domain::TokenStatus status) {
  if (target == Target::kGuessed) return kGuessedId;
  static int made = 0;
  const domain::TenantId tenant = target == Target::kOtherTenant ? w.other : w.acme;
  const PartyId party = PartyId::Parse(target == Target::kOtherTenant ? "NLOTH" : "NLACM").value();
  const domain::Token token =
      w.db()
          .tokens()
          .Issue(tenant, party,
                 domain::TokenToIssue{.profile_id = domain::ProfileId{ProfileFor(w, target)},
                                      .uid = "SECRET-" + Id(++made),
                                      .type = domain::TokenType::kAppUser,
                                      .visual_number = "secret card",
                                      .issuer = "Acme",
                                      .group_id = "",
                                      .whitelist = domain::TokenWhitelist::kAllowed,
                                      .language = "",
                                      .valid_from = std::nullopt,
                                      .valid_until = std::nullopt,
                                      .cost_centre = ""})
          .value();
  if (status != domain::TokenStatus::kPending) {
    (void)w.db().tokens().SetStatus(tenant, token.id, domain::TokenStatus::kActive).value();
    if (status != domain::TokenStatus::kActive)
      (void)w.db().tokens().SetStatus(tenant, token.id, status).value();
  }
  return token.id.value;
}

// --- Tenant administration (admin_routes.cpp) -----------------------------------------------------------
// Tenant-wide like pricing: only a role at the root holds audit_log.read, peers.* and tenant_settings.manage
// (finance holds peers.read, but scoped in A it holds it nowhere), so "out of scope" is another object of
// acme.

std::int64_t PeerFor(ApiWorld& w, Target target, domain::PeerStatus status) {
  if (target == Target::kGuessed) return kGuessedId;
  return StorePeer(w.db(), TenantOf(w, target), "Peer-secret", status).id.value;
}

void AddAdminCases(std::map<std::string, RouteCase>& cases) {
  // The newest entry only (`limit=1`): acme's names "secret", the other tenant's does not, so the list checks
  // see that neither log shows the other's entries.
  cases["GET /audit-log"] = {[](ApiWorld& w, const Caller&, Target) {
                               (void)AppendAudit(w.db(), w.other, "test.other", R"({"name": "Neutral"})");
                               (void)AppendAudit(w.db(), w.acme, "test.acme", R"({"name": "Audit-secret"})");
                               return Call{"/audit-log?limit=1", "", ""};
                             },
                             kPricingAdmins,
                             kPricingAdmins,
                             200,
                             true,
                             false};
  cases["GET /peers"] = {[](ApiWorld& w, const Caller&, Target) {
                           (void)PeerFor(w, Target::kInScope, domain::PeerStatus::kConnected);
                           return Call{};
                         },
                         kPricingAdmins,
                         kPricingAdmins,
                         200,
                         true,
                         false};
  cases["GET /peers/{peer_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/peers/" + Id(PeerFor(w, target, domain::PeerStatus::kConnected)), "", "Peer-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  // A new peer of the caller's own tenant: nothing of another tenant to name.
  cases["POST /peers"] = {[](ApiWorld&, const Caller&, Target) {
                            return Call{"", R"({"name": "CPO )" + Id(NextNumber()) + R"("})", ""};
                          },
                          kPricingAdmins,
                          kPricingAdmins,
                          201,
                          false,
                          true};
  cases["POST /peers/{peer_id}/suspend"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/peers/" + Id(PeerFor(w, target, domain::PeerStatus::kConnected)) + "/suspend", "",
                    "Peer-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["POST /peers/{peer_id}/resume"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/peers/" + Id(PeerFor(w, target, domain::PeerStatus::kSuspended)) + "/resume", "",
                    "Peer-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  // The caller's own tenant's settings: there is no other object to name.
  cases["GET /tenant/branding"] = {
      [](ApiWorld&, const Caller&, Target) { return Call{}; }, kEveryone, kEveryone, 200, false, true};
  cases["PUT /tenant/branding"] = {
      [](ApiWorld&, const Caller&, Target) {
        return Call{
            "",
            R"({"display_name": "Acme Charging", "primary_colour": "#112233", "accent_colour": "#445566"})",
            ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      true};
  cases["GET /tenant/vat-rates"] = {[](ApiWorld&, const Caller&, Target) { return Call{}; },
                                    kPricingAdmins,
                                    kPricingAdmins,
                                    200,
                                    false,
                                    true};
  cases["GET /tenant"] = {[](ApiWorld&, const Caller&, Target) { return Call{}; },
                          kPricingAdmins,
                          kPricingAdmins,
                          200,
                          false,
                          true};
  // Renamed to its own name: the other cases' tenants stay as they were.
  cases["PATCH /tenant"] = {[](ApiWorld& w, const Caller& caller, Target) {
                              const std::string name = w.db().tenants().FindById(caller.tenant).value().name;
                              return Call{"", R"({"name": ")" + name + R"("})", ""};
                            },
                            kPricingAdmins,
                            kPricingAdmins,
                            200,
                            false,
                            true};
  cases["PUT /tenant/vat-rates"] = {
      [](ApiWorld& w, const Caller& caller, Target) {
        // The table as it is, put back.
        std::string items;
        const std::vector<domain::VatRate> rates = w.db().tenant_settings().VatRates(caller.tenant).value();
        for (const domain::VatRate& rate : rates) {
          items += std::string(items.empty() ? "" : ", ") + R"({"country": ")" +
                   std::string(rate.country.alpha3) + R"(", "valid_from": ")" +
                   FormatIsoDate(rate.valid_from) + R"(", "percent": ")" + rate.percent.ToString() + R"("})";
        }
        return Call{"", R"({"items": [)" + items + "]}", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      true};
  cases["GET /tenant/exchange-rates"] = {[](ApiWorld&, const Caller&, Target) { return Call{}; },
                                         kPricingAdmins,
                                         kPricingAdmins,
                                         200,
                                         false,
                                         true};
  cases["PUT /tenant/exchange-rates"] = {
      [](ApiWorld&, const Caller&, Target) {
        return Call{
            "", R"({"items": [{"from": "CHF", "to": "EUR", "valid_from": "2026-01-01", "rate": "1.04"}]})",
            ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      true};
  cases["GET /tenant/rating-settings"] = {[](ApiWorld&, const Caller&, Target) { return Call{}; },
                                          kPricingAdmins,
                                          kPricingAdmins,
                                          200,
                                          false,
                                          true};
  cases["PUT /tenant/rating-settings"] = {
      [](ApiWorld&, const Caller&, Target) {
        return Call{
            "",
            R"({"max_energy_kwh": "1000", "max_session_duration_hours": 168, "cost_audit_tolerance": "0.05"})",
            ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      true};
}
// --- End of tenant administration -----------------------------------------------------------------------

// --- Tariff plan, drafts and the price preview (plan_routes.cpp) ---------------------------------------
// Tenant-wide like pricing: only the tenant admins hold pricing.* (at the root). A version or draft is of
// acme (in scope, and "out of scope" is simply another one of acme), of the other tenant, or guessed.

// Each new version of either tenant starts an hour after the one made before it, so that it is always
// after the tenant's latest and in the future (scheduled: it may be withdrawn).
Instant NextVersionStart() {
  static int hours = 0;
  return ParseOcpiDateTime("2030-01-01T00:00:00Z").value() + std::chrono::hours(++hours);
}

std::int64_t PlanCodeOf(ApiWorld& w, domain::TenantId tenant) {
  return StoreTariffCode(w.db(), tenant, "E").id.value;
}

std::int64_t PlanVersionFor(ApiWorld& w, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  const domain::TenantId tenant = TenantOf(w, target);
  if (!w.db().tariff_plans().Find(tenant)) {
    (void)w.db().tariff_plans().Create(tenant, domain::NewTariffPlan{.name = "Plan"}).value();
  }
  const domain::NewTariffPlanRule rule{.location_group = std::nullopt,
                                       .business_partner_group = std::nullopt,
                                       .tariff_code = domain::TariffCodeId{PlanCodeOf(w, tenant)},
                                       .unit_price = Decimal(1),
                                       .priority = 0,
                                       .restrictions = {}};
  return w.db()
      .tariff_plans()
      .AddVersion(tenant, domain::NewTariffPlanVersion{.valid_from = NextVersionStart(),
                                                       .currency = Currency::Find("EUR").value(),
                                                       .min_session_price = std::nullopt,
                                                       .max_session_price = std::nullopt,
                                                       .rules = {rule}})
      .value()
      .id.value;
}

// A draft body of one rule with a code of `tenant`, named `name`.
std::string PlanDraftBody(ApiWorld& w, domain::TenantId tenant, const std::string& name) {
  return R"({"name": ")" + name + R"(", "currency": "EUR", "rules": [{"tariff_code_id": )" +
         Id(PlanCodeOf(w, tenant)) + R"(, "unit_price": 0.35}]})";
}

std::int64_t PlanDraftFor(ApiWorld& w, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  const domain::TenantId tenant = TenantOf(w, target);
  domain::NewTariffPlanDraft draft{
      .name = "Draft-secret",
      .currency = Currency::Find("EUR").value(),
      .min_session_price = std::nullopt,
      .max_session_price = std::nullopt,
      .rules = {domain::NewTariffPlanRule{.location_group = std::nullopt,
                                          .business_partner_group = std::nullopt,
                                          .tariff_code = domain::TariffCodeId{PlanCodeOf(w, tenant)},
                                          .unit_price = Decimal(1),
                                          .priority = 0,
                                          .restrictions = {}}}};
  return w.db().tariff_plan_drafts().Create(tenant, draft).value().id.value;
}

void AddPlanCases(std::map<std::string, RouteCase>& cases) {
  // The plan of the caller's tenant: acme's is named with "secret", the other tenant's is not.
  cases["GET /tariff-plan"] = {[](ApiWorld& w, const Caller& caller, Target) {
                                 for (const domain::TenantId tenant : {w.acme, w.other}) {
                                   if (!w.db().tariff_plans().Find(tenant)) {
                                     const std::string name = tenant == w.acme ? "Plan-secret" : "Plan";
                                     (void)w.db().tariff_plans().Create(tenant, {.name = name}).value();
                                   }
                                 }
                                 (void)caller;
                                 return Call{};
                               },
                               kPricingAdmins,
                               kPricingAdmins,
                               200,
                               true,
                               false};
  cases["GET /tariff-plan/versions/{version_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tariff-plan/versions/" + Id(PlanVersionFor(w, target)), "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["DELETE /tariff-plan/versions/{version_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tariff-plan/versions/" + Id(PlanVersionFor(w, target)), "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      204,
      false,
      false};
  cases["GET /tariff-plan/drafts"] = {[](ApiWorld& w, const Caller&, Target) {
                                        (void)PlanDraftFor(w, Target::kInScope);
                                        return Call{};
                                      },
                                      kPricingAdmins,
                                      kPricingAdmins,
                                      200,
                                      true,
                                      false};
  // The what-if of a draft: acme's in scope and out of it, the other tenant's, a guessed one.
  cases["POST /tariff-plan/what-if"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"",
                    R"({"from": "2025-11-01T00:00:00Z", "to": "2025-12-01T00:00:00Z", "draft_id": )" +
                        Id(PlanDraftFor(w, target)) + "}",
                    "Draft-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["GET /tariff-plan/drafts/{draft_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tariff-plan/drafts/" + Id(PlanDraftFor(w, target)), "", "Draft-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  // A new draft of the caller's own tenant: nothing of another tenant to name.
  cases["POST /tariff-plan/drafts"] = {[](ApiWorld& w, const Caller& caller, Target) {
                                         return Call{"", PlanDraftBody(w, caller.tenant, "New draft"), ""};
                                       },
                                       kPricingAdmins,
                                       kPricingAdmins,
                                       201,
                                       false,
                                       true};
  cases["PUT /tariff-plan/drafts/{draft_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tariff-plan/drafts/" + Id(PlanDraftFor(w, target)),
                    PlanDraftBody(w, target == Target::kOtherTenant ? w.other : w.acme, "Renamed"),
                    "Draft-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["DELETE /tariff-plan/drafts/{draft_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tariff-plan/drafts/" + Id(PlanDraftFor(w, target)), "", "Draft-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      204,
      false,
      false};
  cases["POST /tariff-plan/drafts/{draft_id}/publish"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        if (target != Target::kGuessed) (void)PlanVersionFor(w, target);  // the tenant has a plan
        return Call{"/tariff-plan/drafts/" + Id(PlanDraftFor(w, target)) + "/publish",
                    R"({"valid_from": ")" + FormatOcpiDateTime(NextVersionStart()) + R"("})", "Draft-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      201,
      false,
      false};
  // A profile and a connector of the caller's own tenant.
  cases["POST /price-preview"] = {
      [](ApiWorld& w, const Caller& caller, Target) {
        const bool acme = caller.tenant == w.acme;
        const std::int64_t profile = acme ? w.driver_profile.value : ProfileFor(w, Target::kOtherTenant);
        const int n = NextNumber();
        const std::int64_t location =
            StoreLocation(w.db(), caller.tenant, {.id = "PRV" + Id(n), .name = "Preview " + Id(n)}).value;
        return Call{"",
                    R"({"profile_id": )" + Id(profile) + R"(, "location_id": )" + Id(location) +
                        R"(, "evse_uid": "EVSE-PRV)" + Id(n) + R"(", "connector_id": "1", "energy_kwh": 10,
                             "charging_minutes": 30})",
                    ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      true};
}
// --- End of tariff plan, drafts and the price preview ---------------------------------------------------
// --- Sessions and commands (session_routes.cpp) -----------------------------------------------------------
// The object in scope is a session of the driver's own profile (unit A); out of scope one of a profile in
// B; the other tenant's is resolved to a profile there. Only a session's token uid is secret.

const std::set<std::string> kSessionReaders = {"tenant_admin", "ou_admin", "fleet_manager",
                                               "viewer",       "driver",   "other_admin"};

const std::set<std::string> kSessionControllers = {"tenant_admin", "ou_admin", "fleet_manager", "driver",
                                                   "other_admin"};

// A live session of `ProfileFor(target)` (through a new active token of it) at a location of `cpo`, and
// its token's uid.
std::pair<std::int64_t, std::string> SessionFor(ApiWorld& w, Target target,
                                                const std::string& cpo = "NL-CPO") {
  if (target == Target::kGuessed) return {kGuessedId, "never-stored"};
  const std::int64_t token_id = TokenFor(w, target, domain::TokenStatus::kActive);
  const domain::TenantId tenant = TenantOf(w, target);
  const domain::Token token = w.db().tokens().FindById(tenant, domain::TokenId{token_id}).value();
  const domain::Profile profile = w.db().profiles().FindById(tenant, token.profile_id).value();
  const domain::StoredSession session =
      StoreSession(w.db(), tenant, CustomerOf(token, profile.organisation_unit_id), "2026-01-01T08:00:00Z",
                   domain::SessionStatus::kActive, cpo, "LOC1",
                   target == Target::kOutOfScope ? "secret-uid-" : "session-uid-");
  return {session.id.value, session.session.cdr_token.uid};
}

void AddSessionCases(std::map<std::string, RouteCase>& cases) {
  cases["GET /sessions"] = {[](ApiWorld& w, const Caller&, Target) {
                              (void)SessionFor(w, Target::kOutOfScope);  // "secret-uid-…" in B
                              return Call{};
                            },
                            kSessionReaders,
                            kSessionReaders,
                            200,
                            true,
                            false};
  cases["GET /sessions/{session_id}"] = {[](ApiWorld& w, const Caller&, Target target) {
                                           const auto [id, uid] = SessionFor(w, target);
                                           return Call{"/sessions/" + Id(id), "", uid};
                                         },
                                         kSessionReaders,
                                         kSessionReaders,
                                         200,
                                         false,
                                         false};
  // Each start or stop goes to a CPO of its own (a connected peer taking commands, in the object's tenant).
  cases["POST /sessions/start"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        w.context().ocpi_version_url = "https://msp.example/ocpi/2.2.1";
        const std::string cpo = UniquePeerParty().ToString();
        (void)StoreCommandPeer(w.db(), TenantOf(w, target), cpo);
        const domain::LocationId location =
            StoreLocation(w.db(), TenantOf(w, target), {.cpo = cpo, .id = "LOC1", .name = "Garage"});
        return Call{"",
                    R"({"token_id": )" + Id(TokenFor(w, target, domain::TokenStatus::kActive)) +
                        R"(, "location_id": )" + Id(location.value) + "}",
                    "SECRET-"};
      },
      kSessionControllers,
      kSessionControllers,
      202,
      false,
      false};
  cases["POST /sessions/{session_id}/stop"] = {[](ApiWorld& w, const Caller&, Target target) {
                                                 w.context().ocpi_version_url =
                                                     "https://msp.example/ocpi/2.2.1";
                                                 const std::string cpo = UniquePeerParty().ToString();
                                                 (void)StoreCommandPeer(w.db(), TenantOf(w, target), cpo);
                                                 const auto [id, uid] = SessionFor(w, target, cpo);
                                                 return Call{"/sessions/" + Id(id) + "/stop", "", uid};
                                               },
                                               kSessionControllers,
                                               kSessionControllers,
                                               202,
                                               false,
                                               false};
  cases["GET /commands/{command_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        if (target == Target::kGuessed) return Call{"/commands/" + Id(kGuessedId), "", ""};
        const domain::TenantId tenant = TenantOf(w, target);
        const domain::Token token =
            w.db()
                .tokens()
                .FindById(tenant, domain::TokenId{TokenFor(w, target, domain::TokenStatus::kActive)})
                .value();
        const domain::Peer peer = StorePeer(w.db(), tenant, "Peer", domain::PeerStatus::kConnected);
        const domain::Command command =
            w.db()
                .commands()
                .Create(tenant,
                        domain::NewCommand{.peer_id = peer.id,
                                           .type = domain::CommandType::kStartSession,
                                           .uid = "cmd-" + Id(NextNumber()),
                                           .cpo = peer.roles.at(0).party,
                                           .request_body = R"({"token": {"uid": ")" + token.uid +
                                                           R"(", "type": "APP_USER"}, "location_id": "L"})",
                                           .authorization_reference = "",
                                           .deadline = w.clock().Now() + std::chrono::minutes(5)})
                .value();
        return Call{"/commands/" + Id(command.id.value), "", token.uid};
      },
      kSessionControllers,
      kSessionControllers,
      200,
      false,
      false};
  // A profile change (token_routes.cpp), checked at the profile's unit like the other profile routes.
  cases["PATCH /profiles/{profile_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/profiles/" + Id(ProfileFor(w, target)), R"({"prices_hidden": true})", "secret profile"};
      },
      {"tenant_admin", "ou_admin", "fleet_manager", "other_admin"},
      {"tenant_admin", "ou_admin", "fleet_manager", "other_admin"},
      200,
      false,
      false};
  // Tenant-wide, like the other peer routes (admin_routes.cpp).
  cases["POST /peers/{peer_id}/sync"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/peers/" + Id(PeerFor(w, target, domain::PeerStatus::kConnected)) + "/sync", "",
                    "Peer-secret"};
      },
      kPricingAdmins,
      kPricingAdmins,
      202,
      false,
      false};
}
// --- End of sessions and commands -----------------------------------------------------------------------
// --- CDRs (cdr_routes.cpp) ------------------------------------------------------------------------------
// A CDR is checked at its customer's unit and profile, like a token: in scope is a CDR of the driver's own
// profile (unit A), out of scope one of a profile in B. Re-rating is tenant-wide (pricing.manage).

// A stored CDR pair of the target: rated, or needing attention (the customer kept) when `held`.
StoredCdr CdrFor(ApiWorld& w, Target target, bool held = false) {
  static int made = 0;
  const std::string cdr_id = "secret-cdr-" + Id(++made);
  const Instant start = Instant::FromUnixMilliseconds(1'761'984'000'000);  // 2025-11-01T08:00:00Z
  const std::optional<domain::AttentionReason> attention =
      held ? std::optional(domain::AttentionReason::kNoVatRate) : std::nullopt;
  switch (target) {
    case Target::kInScope:
      return StoreRatedCdr(w, w.acme, w.root, cdr_id, start, w.a, w.driver_profile, attention, "no VAT rate");
    case Target::kOutOfScope:
      return StoreRatedCdr(w, w.acme, w.root, cdr_id, start, w.b, domain::ProfileId{ProfileFor(w, target)},
                           attention, "no VAT rate");
    case Target::kOtherTenant:
      return StoreRatedCdr(w, w.other, w.other_root, cdr_id, start, w.other_root,
                           domain::ProfileId{ProfileFor(w, target)}, attention, "no VAT rate");
    case Target::kGuessed:
      return StoredCdr{.cpo_cdr_id = domain::CpoCdrId{kGuessedId},
                       .msp_cdr_id = domain::MspCdrId{kGuessedId}};
  }
  return {};
}

void AddCdrCases(std::map<std::string, RouteCase>& cases) {
  const std::set<std::string> cdr_readers = kEveryone;
  const std::set<std::string> unit_cdr_readers = kUnitReaders;
  // B's CDR is named "secret-cdr-…" (CPO CDRs) or needs attention for a "secret" reason (MSP CDRs): lists
  // of callers scoped in A must not show it, the tenant admin's first page must. CPO CDRs are listed
  // oldest first, MSP CDRs newest first: B's is the oldest or the newest there is.
  cases["GET /cpo-cdrs"] = {[](ApiWorld& w, const Caller&, Target) {
                              (void)StoreCpoCdr(w, w.acme, "secret-b-" + Id(NextNumber()),
                                                Instant::FromUnixMilliseconds(0), w.b);
                              return Call{"/cpo-cdrs?limit=100", "", ""};
                            },
                            unit_cdr_readers,
                            cdr_readers,
                            200,
                            true,
                            false};
  cases["GET /cpo-cdrs/{cpo_cdr_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/cpo-cdrs/" + Id(CdrFor(w, target).cpo_cdr_id.value), "", "secret-cdr"};
      },
      cdr_readers,
      cdr_readers,
      200,
      false,
      false};
  cases["GET /msp-cdrs"] = {[](ApiWorld& w, const Caller&, Target) {
                              (void)StoreRatedCdr(w, w.acme, w.root, "B-" + Id(NextNumber()),
                                                  Instant::FromUnixMilliseconds(4'102'444'800'000), w.b,
                                                  domain::ProfileId{ProfileFor(w, Target::kOutOfScope)},
                                                  domain::AttentionReason::kNoVatRate, "secret reason");
                              return Call{"/msp-cdrs?limit=100", "", ""};
                            },
                            cdr_readers,
                            cdr_readers,
                            200,
                            true,
                            false};
  // Figures of the caller's own scope: nothing names another's (the CDR tests check the sums per scope).
  cases["GET /statistics/monthly"] = {[](ApiWorld&, const Caller&, Target) {
                                        return Call{"/statistics/monthly?from=2025-01&to=2025-12", "", ""};
                                      },
                                      cdr_readers,
                                      cdr_readers,
                                      200,
                                      false,
                                      true};
  cases["GET /msp-cdrs/{msp_cdr_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/msp-cdrs/" + Id(CdrFor(w, target).msp_cdr_id.value), "", "secret-cdr"};
      },
      cdr_readers,
      cdr_readers,
      200,
      false,
      false};
  // The caller's own tenant's: nothing of another tenant to name.
  cases["POST /msp-cdrs/rerate"] = {[](ApiWorld&, const Caller&, Target) { return Call{}; },
                                    kPricingAdmins,
                                    kPricingAdmins,
                                    200,
                                    false,
                                    true};
  cases["POST /msp-cdrs/{msp_cdr_id}/rerate"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/msp-cdrs/" + Id(CdrFor(w, target, /*held=*/true).msp_cdr_id.value) + "/rerate", "",
                    "secret-cdr"};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
}
// --- End of CDRs ----------------------------------------------------------------------------------------

// --- Invoices (invoice_routes.cpp) ------------------------------------------------------------------------
// A fresh draft per target: a private customer's invoice in A (the driver's: every A-scoped reader reaches
// it), in B, of the other tenant, or a guessed id. Each is the only CDR of a month of its own from 2000 on:
// a billing run takes every earlier unbilled CDR, and the other cases store theirs in 2025 and later.

std::int64_t InvoiceFor(ApiWorld& w, Target target) {
  if (target == Target::kGuessed) return kGuessedId;
  static int months = 0;
  const domain::BillingPeriod period{.year = 2000 + months / 12, .month = months % 12 + 1};
  ++months;
  const bool other = target == Target::kOtherTenant;
  const domain::TenantId tenant = other ? w.other : w.acme;
  const domain::OrganisationUnitId unit = target == Target::kInScope ? w.a : other ? w.other_root : w.b;
  const domain::ProfileId profile =
      target == Target::kInScope ? w.driver_profile : domain::ProfileId{ProfileFor(w, target)};
  (void)StoreRatedCdr(w, tenant, other ? w.other_root : w.root, "invoice-cdr-" + Id(NextNumber()),
                      domain::PeriodStart(period) + std::chrono::hours(8), unit, profile);
  return billing::RunBilling(billing::BillingStoresOf(w.db()), tenant, period).value().drafts.at(0).value;
}

void AddInvoiceCases(std::map<std::string, RouteCase>& cases) {
  // Lists and figures name nothing of a customer: each caller sees its own scope (invoice_routes_test.cpp
  // checks which invoices each sees).
  cases["GET /invoices"] = {[](ApiWorld&, const Caller&, Target) {
                              return Call{"/invoices?limit=5", "", ""};
                            },
                            kEveryone,
                            kEveryone,
                            200,
                            false,
                            true};
  cases["GET /invoices/{invoice_id}"] = {[](ApiWorld& w, const Caller&, Target target) {
                                           return Call{"/invoices/" + Id(InvoiceFor(w, target)), "", ""};
                                         },
                                         kEveryone,
                                         kEveryone,
                                         200,
                                         false,
                                         false};
  cases["GET /invoices/{invoice_id}/document"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/invoices/" + Id(InvoiceFor(w, target)) + "/document?format=csv", "", ""};
      },
      kEveryone,
      kEveryone,
      200,
      false,
      false};
  cases["POST /invoices/{invoice_id}/issue"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/invoices/" + Id(InvoiceFor(w, target)) + "/issue", "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["POST /invoices/{invoice_id}/pay"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        const std::int64_t id = InvoiceFor(w, target);
        if (target != Target::kGuessed) {
          const domain::TenantId tenant = target == Target::kOtherTenant ? w.other : w.acme;
          (void)w.db().invoices().Issue(tenant, domain::InvoiceId{id}).value();
        }
        return Call{"/invoices/" + Id(id) + "/pay", "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["POST /invoices/{invoice_id}/void"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/invoices/" + Id(InvoiceFor(w, target)) + "/void", "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  // Runs of months long before any CDR of the world: nothing to bill, a run all the same.
  cases["POST /billing-runs"] = {
      [](ApiWorld&, const Caller&, Target) {
        const int n = NextNumber();
        const domain::BillingPeriod period{.year = 1900 + n / 12, .month = n % 12 + 1};
        return Call{"", R"({"period": ")" + domain::FormatBillingPeriod(period) + R"("})", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      202,
      false,
      true};
  cases["GET /billing-runs"] = {[](ApiWorld&, const Caller&, Target) {
                                  return Call{"/billing-runs?limit=5", "", ""};
                                },
                                kPricingAdmins,
                                kPricingAdmins,
                                200,
                                false,
                                true};
  // A run of a month of its own per target (from 1800 on: no other case bills those): of acme (in or "out
  // of" scope: runs are tenant-wide), of the other tenant, or a month never billed.
  cases["GET /billing-runs/{period}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        static int runs = 0;
        const int n = runs++;
        const domain::BillingPeriod period{.year = 1800 + n / 12, .month = n % 12 + 1};
        if (target != Target::kGuessed) {
          (void)w.db().invoices().StartRun(target == Target::kOtherTenant ? w.other : w.acme, period).value();
        }
        return Call{"/billing-runs/" + domain::FormatBillingPeriod(period), "", ""};
      },
      kPricingAdmins,
      kPricingAdmins,
      200,
      false,
      false};
  cases["GET /settlement"] = {[](ApiWorld&, const Caller&, Target) {
                                return Call{"/settlement?period=2025-11", "", ""};
                              },
                              kPricingAdmins,
                              kPricingAdmins,
                              200,
                              false,
                              true};
  // The caller's own tenant's CDRs compared with an invoice of the caller's own: nothing of another's.
  cases["POST /settlement/reconciliation"] = {[](ApiWorld&, const Caller&, Target) {
                                                return Call{"/settlement/reconciliation?period=2025-11&cpo=BE*BEC",
                                                            "cdr_id,amount_excl_vat\nCDR-1,1.00\n", ""};
                                              },
                                              kPricingAdmins,
                                              kPricingAdmins,
                                              200,
                                              false,
                                              true};
}
// --- End of invoices
// ----------------------------------------------------------------------------------------

std::map<std::string, RouteCase> Cases() {
  std::map<std::string, RouteCase> cases;
  const auto none = [](ApiWorld&, const Caller&, Target) { return Call{}; };
  cases["GET /version"] = {none, {}, {}, 200, false, false};
  cases["GET /openapi.json"] = {none, {}, {}, 200, false, false};
  cases["POST /auth/login"] = {none, {}, {}, 200, false, false};
  cases["POST /auth/password-reset"] = {none, {}, {}, 204, false, false};
  cases["GET /branding"] = {none, {}, {}, 200, false, false};
  cases["GET /me"] = {none, kEveryone, kEveryone, 200, false, true};
  cases["POST /auth/logout"] = {none, kEveryone, kEveryone, 204, false, true};
  cases["POST /auth/password"] = {[](ApiWorld&, const Caller&, Target) {
                                    return Call{"",
                                                std::string(R"({"current_password": ")") + kPassword +
                                                    R"(", "new_password": "a brand new passphrase"})",
                                                ""};
                                  },
                                  kEveryone,
                                  kEveryone,
                                  204,
                                  false,
                                  true};
  cases["GET /api-keys"] = {none, kEveryone, kEveryone, 200, false, true};
  cases["POST /api-keys"] = {
      [](ApiWorld&, const Caller&, Target) {
        return Call{"", R"({"name": "integration", "expires_at": "2026-06-01T00:00:00Z"})", ""};
      },
      kEveryone,
      kEveryone,
      201,
      false,
      true};
  cases["DELETE /api-keys/{api_key_id}"] = {
      [](ApiWorld& w, const Caller& caller, Target target) {
        // The caller's own key, another user's, another tenant's, or a guessed one.
        const Caller& owner = target == Target::kInScope ? caller
                              : target == Target::kOutOfScope
                                  ? (caller.id == w.viewer.id ? w.finance : w.viewer)
                                  : w.other_admin;
        std::int64_t id = kGuessedId;
        if (target != Target::kGuessed) {
          const Caller fresh =
              w.Fresh(target == Target::kOtherTenant && caller.tenant == w.other ? w.b_viewer : owner);
          id = w.db().web_access().FindApiKey(domain::TokenDigest::Of(fresh.api_key)).value().id.value;
        }
        return Call{"/api-keys/" + Id(id), "", ""};
      },
      kEveryone,
      kEveryone,
      200,
      false,
      true};

  cases["GET /organisation-units"] = {none, kUnitReaders, kUnitReaders, 200, true, false};
  cases["GET /organisation-units/{unit_id}"] = {[](ApiWorld& w, const Caller&, Target target) {
                                                  const std::int64_t unit = UnitFor(w, target);
                                                  return Call{"/organisation-units/" + Id(unit), "", "unit "};
                                                },
                                                kUnitReaders,
                                                kUnitReaders,
                                                200,
                                                false,
                                                false};
  cases["POST /organisation-units"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"", R"({"name": "Fleet North", "parent_id": )" + Id(UnitFor(w, target)) + "}", ""};
      },
      kManagers,
      kManagers,
      201,
      false,
      false};
  cases["PATCH /organisation-units/{unit_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/organisation-units/" + Id(UnitFor(w, target)), R"({"name": "Renamed"})", "unit "};
      },
      kManagers,
      kManagers,
      200,
      false,
      false};
  cases["POST /organisation-units/{unit_id}/move"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        const std::int64_t unit = UnitFor(w, target);
        const std::int64_t parent = target == Target::kInScope       ? w.a.value
                                    : target == Target::kOutOfScope  ? w.b.value
                                    : target == Target::kOtherTenant ? w.other_root.value
                                                                     : w.a.value;
        return Call{"/organisation-units/" + Id(unit) + "/move", R"({"parent_id": )" + Id(parent) + "}",
                    "unit "};
      },
      kManagers,
      kManagers,
      200,
      false,
      false};

  cases["GET /users"] = {none, kManagers, kManagers, 200, true, false};
  cases["GET /users/{user_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/users/" + Id(ViewerFor(w, target).first), "", "@example.com"};
      },
      kManagers,
      kManagers,
      200,
      false,
      false};
  cases["POST /users"] = {[](ApiWorld& w, const Caller&, Target target) {
                            static int made = 0;
                            return Call{"",
                                        R"({"email": "new)" + Id(++made) +
                                            R"(@acme.example", "display_name": "New", "password": ")" +
                                            kPassword + R"(", "role": "viewer", "organisation_unit_id": )" +
                                            Id(UnitFor(w, target)) + "}",
                                        ""};
                          },
                          kManagers,
                          kManagers,
                          201,
                          false,
                          false};
  cases["POST /users/{user_id}/disable"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/users/" + Id(ViewerFor(w, target).first) + "/disable", "", "@example.com"};
      },
      kManagers,
      kManagers,
      200,
      false,
      false};
  cases["POST /users/{user_id}/roles"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        const auto [user, unit] = ViewerFor(w, target);
        return Call{"/users/" + Id(user) + "/roles",
                    R"({"role": "fleet_manager", "organisation_unit_id": )" + Id(unit) + "}", "@example.com"};
      },
      kManagers,
      kManagers,
      201,
      false,
      false};
  cases["DELETE /users/{user_id}/roles/{role}/{organisation_unit_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        const auto [user, unit] = ViewerFor(w, target);
        return Call{"/users/" + Id(user) + "/roles/viewer/" + Id(unit), "", "@example.com"};
      },
      kManagers,
      kManagers,
      204,
      false,
      false};
  cases["POST /users/{user_id}/password-reset"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/users/" + Id(ViewerFor(w, target).first) + "/password-reset", "", "@example.com"};
      },
      kManagers,
      kManagers,
      201,
      false,
      false};
  AddPricingCases(cases);

  // Profiles and tokens.
  const std::set<std::string> profile_readers = kEveryone;
  const std::set<std::string> profile_managers = {"tenant_admin", "ou_admin", "fleet_manager", "other_admin"};
  const std::set<std::string> token_readers = {"tenant_admin", "ou_admin", "fleet_manager",
                                               "viewer",       "driver",   "other_admin"};
  const std::set<std::string> token_managers = profile_managers;
  const std::set<std::string> token_blockers = {"tenant_admin", "ou_admin", "fleet_manager", "driver",
                                                "other_admin"};
  cases["GET /profiles"] = {[](ApiWorld& w, const Caller&, Target) {
                              (void)ProfileFor(
                                  w, Target::kOutOfScope);  // a profile in B, named "secret profile"
                              return Call{};
                            },
                            profile_readers,
                            profile_readers,
                            200,
                            true,
                            false};
  cases["GET /profiles/{profile_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/profiles/" + Id(ProfileFor(w, target)), "", "secret profile"};
      },
      profile_readers,
      profile_readers,
      200,
      false,
      false};
  cases["POST /profiles"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{
            "",
            R"({"name": "Van 7", "kind": "vehicle", "organisation_unit_id": )" + Id(UnitFor(w, target)) + "}",
            ""};
      },
      profile_managers,
      profile_managers,
      201,
      false,
      false};
  cases["GET /tokens"] = {[](ApiWorld& w, const Caller&, Target) {
                            (void)TokenFor(w, Target::kOutOfScope,
                                           domain::TokenStatus::kPending);  // "secret card" in B
                            return Call{};
                          },
                          token_readers,
                          token_readers,
                          200,
                          true,
                          false};
  cases["GET /tokens/{token_id}"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tokens/" + Id(TokenFor(w, target, domain::TokenStatus::kActive)), "", "SECRET-"};
      },
      token_readers,
      token_readers,
      200,
      false,
      false};
  cases["POST /tokens"] = {[](ApiWorld& w, const Caller&, Target target) {
                             static int made = 0;
                             return Call{"",
                                         R"({"uid": "app-)" + Id(++made) +
                                             R"(", "type": "APP_USER", "profile_id": )" +
                                             Id(ProfileFor(w, target)) + "}",
                                         "secret profile"};
                           },
                           token_managers,
                           token_managers,
                           201,
                           false,
                           false};
  cases["POST /tokens/{token_id}/block"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tokens/" + Id(TokenFor(w, target, domain::TokenStatus::kActive)) + "/block", "",
                    "SECRET-"};
      },
      token_blockers,
      token_blockers,
      200,
      false,
      false};
  cases["POST /tokens/{token_id}/unblock"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tokens/" + Id(TokenFor(w, target, domain::TokenStatus::kBlocked)) + "/unblock", "",
                    "SECRET-"};
      },
      token_managers,
      token_managers,
      200,
      false,
      false};
  cases["POST /tokens/{token_id}/lost"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tokens/" + Id(TokenFor(w, target, domain::TokenStatus::kActive)) + "/lost", "",
                    "SECRET-"};
      },
      token_blockers,
      token_blockers,
      200,
      false,
      false};
  cases["PATCH /tokens/{token_id}/validity"] = {
      [](ApiWorld& w, const Caller&, Target target) {
        return Call{"/tokens/" + Id(TokenFor(w, target, domain::TokenStatus::kActive)) + "/validity",
                    R"({"valid_until": "2027-01-01T00:00:00Z"})", "SECRET-"};
      },
      token_managers,
      token_managers,
      200,
      false,
      false};
  // Only for a caller holding tokens.manage at the root; the report names each row's uid, which is
  // "secret" only in the tenant admin's own file.
  cases["POST /tokens/import"] = {
      [](ApiWorld& w, const Caller& caller, Target) {
        static int made = 0;
        const std::int64_t profile =
            caller.tenant == w.other ? ProfileFor(w, Target::kOtherTenant) : w.driver_profile.value;
        const std::string uid = (caller.id == w.tenant_admin.id ? "secret-" : "card-") + Id(++made);
        return Call{"", "uid,type,profile\n" + uid + ",APP_USER," + Id(profile) + "\n", ""};
      },
      {"tenant_admin", "other_admin"},
      token_managers,
      200,
      true,
      false};

  AddAdminCases(cases);
  AddPlanCases(cases);
  AddSessionCases(cases);
  AddCdrCases(cases);
  AddInvoiceCases(cases);
  return cases;
}

// Fills a pattern's path from the route when the case gave none (routes without parameters).
std::string PathOf(const ApiRoute& route, const Call& call) {
  return call.path.empty() ? route.pattern : call.path;
}

class AuthorizationTest : public ::testing::Test {
 protected:
  std::vector<std::pair<std::string, const Caller*>> Callers() {
    return {{"tenant_admin", &world_.tenant_admin},
            {"ou_admin", &world_.ou_admin},
            {"fleet_manager", &world_.fleet_manager},
            {"finance", &world_.finance},
            {"viewer", &world_.viewer},
            {"driver", &world_.driver},
            {"other_admin", &world_.other_admin}};
  }

  ApiWorld world_;
};

TEST_F(AuthorizationTest, EveryRouteHasACase) {
  const std::map<std::string, RouteCase> cases = Cases();
  for (const ApiRoute& route : world_.api().routes()) {
    EXPECT_TRUE(cases.contains(route.method + " " + route.pattern))
        << route.method << " " << route.pattern << " has no case in authorization_test.cpp";
  }
  EXPECT_EQ(cases.size(), world_.api().routes().size()) << "a case names a route that does not exist";
}

TEST_F(AuthorizationTest, EveryRoleInAndOutOfScopeOtherTenantAndGuessedIds) {
  const std::map<std::string, RouteCase> cases = Cases();
  for (const ApiRoute& route : world_.api().routes()) {
    const auto found = cases.find(route.method + " " + route.pattern);
    ASSERT_NE(found, cases.end());
    const RouteCase& c = found->second;
    if (route.access == RouteAccess::kPublic) continue;
    for (const auto& [name, caller] : Callers()) {
      for (Target target : kTargets) {
        const bool has_object = route.pattern.find('{') != std::string::npos || (!c.list && !c.own);
        if (!has_object && target != Target::kInScope) continue;
        const Caller fresh = world_.Fresh(*caller);
        const Call call = c.build(world_, fresh, target);
        const http::HttpResponse response = world_.Call(route.method, PathOf(route, call), call.body, &fresh);
        const bool other_tenant_caller = name == "other_admin";
        bool succeeds = c.may.contains(name) && target == Target::kInScope;
        if (!c.own && !c.list) {
          // To the other tenant's admin, acme's objects are another tenant's and only "the other tenant's"
          // are its own; B is in the tenant admin's scope.
          if (other_tenant_caller) succeeds = c.may.contains(name) && target == Target::kOtherTenant;
          if (name == "tenant_admin" && target == Target::kOutOfScope && c.may.contains(name))
            succeeds = true;
        }
        int expected = c.success;
        if (!succeeds) {
          const bool holds_at_root = name == "tenant_admin" || other_tenant_caller || c.own;
          expected = c.holders.contains(name) && holds_at_root ? 404 : 403;
        }
        SCOPED_TRACE(route.method + " " + PathOf(route, call) + " as " + name + ", " + TargetName(target));
        EXPECT_EQ(response.status, expected) << response.body;
        if (!succeeds) {
          EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), kProblemMediaType);
          if (!call.secret.empty()) {
            EXPECT_EQ(response.body.find(call.secret), std::string::npos) << response.body;
          }
        }
        if (c.list && succeeds && name != "tenant_admin") {
          // Nothing of B (out of every A-scoped caller's scope) and nothing of acme for the other tenant.
          EXPECT_EQ(response.body.find("secret"), std::string::npos) << response.body;
          if (other_tenant_caller) {
            EXPECT_EQ(response.body.find("acme"), std::string::npos) << response.body;
          }
        }
        if (c.list && name == "tenant_admin") {
          EXPECT_NE(response.body.find("secret"), std::string::npos);
        }
      }
    }
  }
}

TEST_F(AuthorizationTest, WithoutCredentialsEveryNonPublicRouteIs401) {
  const std::map<std::string, RouteCase> cases = Cases();
  for (const ApiRoute& route : world_.api().routes()) {
    const Call call =
        cases.at(route.method + " " + route.pattern).build(world_, world_.tenant_admin, Target::kInScope);
    const http::HttpResponse response = world_.Call(route.method, PathOf(route, call), call.body, nullptr);
    SCOPED_TRACE(route.method + " " + route.pattern);
    if (route.access == RouteAccess::kPublic) {
      EXPECT_NE(response.status, 403);
      EXPECT_TRUE(response.status == route.success_status || response.status == 400 || response.status == 401)
          << response.status;
      continue;
    }
    EXPECT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), kProblemMediaType);
    Caller forged = world_.tenant_admin;
    forged.cookie = domain::GenerateCredentialsToken();
    EXPECT_EQ(world_.Call(route.method, PathOf(route, call), call.body, &forged).status, 401);
    forged.api_key = "omk_guessed";
    EXPECT_EQ(world_.Call(route.method, PathOf(route, call), call.body, &forged, /*bearer=*/true).status,
              401);
  }
}

TEST_F(AuthorizationTest, UnsafeMethodsWithACookieNeedTheCsrfToken) {
  const std::map<std::string, RouteCase> cases = Cases();
  int unsafe = 0;
  for (const ApiRoute& route : world_.api().routes()) {
    if (route.access == RouteAccess::kPublic || route.method == "GET") continue;
    ++unsafe;
    const Caller fresh = world_.Fresh(world_.tenant_admin);
    const Call call = cases.at(route.method + " " + route.pattern).build(world_, fresh, Target::kInScope);
    const http::HttpResponse response =
        world_.Call(route.method, PathOf(route, call), call.body, &fresh, false, /*with_csrf=*/false);
    SCOPED_TRACE(route.method + " " + route.pattern);
    EXPECT_EQ(response.status, 403) << response.body;
    EXPECT_NE(response.body.find("X-CSRF-Token"), std::string::npos) << response.body;
    Caller wrong = fresh;
    wrong.csrf = world_.tenant_admin.csrf;
    EXPECT_EQ(world_.Call(route.method, PathOf(route, call), call.body, &wrong).status, 403);
  }
  EXPECT_GE(unsafe, 10);
}

TEST_F(AuthorizationTest, ApiKeysActWithTheirUsersRolesButNotForSessionOnlyRoutes) {
  const std::map<std::string, RouteCase> cases = Cases();
  for (const ApiRoute& route : world_.api().routes()) {
    if (route.access == RouteAccess::kPublic) continue;
    const RouteCase& c = cases.at(route.method + " " + route.pattern);
    for (const auto& [name, caller] : Callers()) {
      if (name == "other_admin") continue;
      const Caller fresh = world_.Fresh(*caller);
      const Call call = c.build(world_, fresh, Target::kInScope);
      const http::HttpResponse response =
          world_.Call(route.method, PathOf(route, call), call.body, &fresh, /*bearer=*/true);
      SCOPED_TRACE(route.method + " " + route.pattern + " with the API key of " + name);
      const int expected = route.session_only ? 403 : c.may.contains(name) ? c.success : 403;
      EXPECT_EQ(response.status, expected) << response.body;
    }
  }
}

}  // namespace
}  // namespace openmsp::api::test
