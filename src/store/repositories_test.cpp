#include "domain/repositories.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/clock.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

using domain::BillingDetails;
using domain::NewOrganisationUnit;
using domain::NewProfile;
using domain::NewTenant;
using domain::NewToken;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Profile;
using domain::ProfileId;
using domain::Tenant;
using domain::TenantId;
using domain::Token;
using domain::TokenId;
using domain::TokenStatus;
using domain::TokenType;

PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

NewTenant NewTenantNamed(const char* slug, std::vector<PartyId> parties) {
  return NewTenant{.slug = slug,
                   .name = std::string("Tenant ") + slug,
                   .default_currency = Currency::Find("EUR").value(),
                   .parties = std::move(parties)};
}

NewOrganisationUnit Unit(const char* name, std::optional<OrganisationUnitId> parent) {
  return NewOrganisationUnit{.parent_id = parent, .name = name, .billing = {}};
}

std::vector<OrganisationUnitId> Ids(const std::vector<OrganisationUnit>& units) {
  std::vector<OrganisationUnitId> ids;
  for (const OrganisationUnit& unit : units) ids.push_back(unit.id);
  return ids;
}

NewProfile Driver(const char* name, OrganisationUnitId unit) {
  return NewProfile{.organisation_unit_id = unit,
                    .name = name,
                    .kind = domain::ProfileKind::kDriver,
                    .email = "",
                    .prices_hidden = false};
}

NewToken Card(ProfileId profile, const char* uid, const char* contract_id) {
  return NewToken{.profile_id = profile,
                  .uid = uid,
                  .type = TokenType::kRfid,
                  .contract_id = EmaId::Parse(contract_id).value(),
                  .visual_number = "",
                  .issuer = "Alpha Mobility",
                  .group_id = "",
                  .whitelist = domain::TokenWhitelist::kAllowed,
                  .language = "",
                  .valid_from = std::nullopt,
                  .valid_until = std::nullopt,
                  .cost_centre = ""};
}

std::vector<TokenId> Ids(const std::vector<Token>& tokens) {
  std::vector<TokenId> ids;
  for (const Token& token : tokens) ids.push_back(token.id);
  return ids;
}

template <class Backend>
class RepositoriesTest : public ::testing::Test {
 protected:
  domain::TenantRepository& tenants() { return repositories_.tenants(); }
  domain::OrganisationUnitRepository& units() { return repositories_.organisation_units(); }
  domain::ProfileRepository& profiles() { return repositories_.profiles(); }
  domain::TokenRepository& tokens() { return repositories_.tokens(); }

  // Creates a tenant and its root unit.
  std::pair<domain::Tenant, OrganisationUnit> TenantWithRoot(const char* slug, const char* party) {
    domain::Tenant tenant = tenants().Create(NewTenantNamed(slug, {Party(party)})).value();
    OrganisationUnit root = units().Create(tenant.id, Unit(slug, std::nullopt)).value();
    return {tenant, root};
  }

  // 2026-01-01T00:00:00.123Z: the milliseconds must survive the round trip.
  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(RepositoriesTest, Backends, BackendNames);

TYPED_TEST(RepositoriesTest, CreatesAndFindsTenants) {
  Result<Tenant> acme = this->tenants().Create(NewTenantNamed("acme", {Party("DE-ACM"), Party("NL-ACM")}));
  ASSERT_TRUE(acme.ok()) << acme.error().ToString();
  EXPECT_EQ(acme->created_at, this->clock_.Now());
  EXPECT_EQ(acme->parties, (std::vector{Party("DE-ACM"), Party("NL-ACM")}));
  this->clock_.Advance(std::chrono::seconds(1));
  Result<Tenant> beta = this->tenants().Create(NewTenantNamed("beta", {Party("FR-BET")}));
  ASSERT_TRUE(beta.ok()) << beta.error().ToString();
  EXPECT_NE(acme->id, beta->id);

  EXPECT_EQ(this->tenants().FindById(acme->id).value(), *acme);
  EXPECT_EQ(this->tenants().FindBySlug("beta").value(), *beta);
  EXPECT_EQ(this->tenants().FindByParty(Party("NL-ACM")).value(), *acme);
  EXPECT_EQ(this->tenants().List().value(), (std::vector{*acme, *beta}));
}

TYPED_TEST(RepositoriesTest, ReportsAMissingTenantAsNotFound) {
  ASSERT_TRUE(this->tenants().Create(NewTenantNamed("acme", {Party("DE-ACM")})).ok());
  EXPECT_EQ(this->tenants().FindById(TenantId{987654}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->tenants().FindBySlug("nobody").error().field, "slug");
  EXPECT_EQ(this->tenants().FindByParty(Party("DE-XYZ")).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(RepositoriesTest, RefusesADuplicateSlugOrPartyNamingTheFieldAndKeepsNothing) {
  ASSERT_TRUE(this->tenants().Create(NewTenantNamed("acme", {Party("DE-ACM")})).ok());

  Result<Tenant> same_slug = this->tenants().Create(NewTenantNamed("acme", {Party("DE-NEW")}));
  ASSERT_FALSE(same_slug.ok());
  EXPECT_EQ(same_slug.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_slug.error().field, "slug");

  Result<Tenant> same_party =
      this->tenants().Create(NewTenantNamed("other", {Party("DE-NEW"), Party("de*acm")}));
  ASSERT_FALSE(same_party.ok());
  EXPECT_EQ(same_party.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_party.error().field, "parties[1]");

  EXPECT_EQ(this->tenants().FindBySlug("other").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->tenants().FindByParty(Party("DE-NEW")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->tenants().List()->size(), 1u);
}

TYPED_TEST(RepositoriesTest, ValidatesATenantBeforeStoringIt) {
  Result<Tenant> bad = this->tenants().Create(NewTenantNamed("Acme", {Party("DE-ACM")}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "slug");
  EXPECT_TRUE(this->tenants().List()->empty());
}

TYPED_TEST(RepositoriesTest, BuildsAndReadsTheTree) {
  auto [tenant, root] = this->TenantWithRoot("acme", "DE-ACM");
  NewOrganisationUnit sales = Unit("Sales", root.id);
  sales.billing = BillingDetails{.legal_name = "Acme Sales GmbH",
                                 .address = "Hauptstraße 1, 10115 Berlin",
                                 .vat_number = "DE123456789",
                                 .email = "billing@acme.example",
                                 .cost_centre = "CC-7"};
  Result<OrganisationUnit> a = this->units().Create(tenant.id, sales);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  OrganisationUnit b = this->units().Create(tenant.id, Unit("Service", root.id)).value();
  OrganisationUnit a1 = this->units().Create(tenant.id, Unit("Fleet", a->id)).value();

  EXPECT_EQ(this->units().FindById(tenant.id, a->id).value(), *a);
  EXPECT_EQ(this->units().FindById(tenant.id, root.id)->parent_id, std::nullopt);
  EXPECT_EQ(this->units().Children(tenant.id, root.id).value(), (std::vector{*a, b}));
  EXPECT_TRUE(this->units().Children(tenant.id, a1.id)->empty());
  EXPECT_EQ(Ids(this->units().Subtree(tenant.id, root.id).value()),
            (std::vector{root.id, a->id, b.id, a1.id}));
  EXPECT_EQ(Ids(this->units().Subtree(tenant.id, a->id).value()), (std::vector{a->id, a1.id}));
}

TYPED_TEST(RepositoriesTest, RefusesASecondRootAndAMissingParentOrTenant) {
  auto [tenant, root] = this->TenantWithRoot("acme", "DE-ACM");
  Result<OrganisationUnit> second_root = this->units().Create(tenant.id, Unit("Other", std::nullopt));
  ASSERT_FALSE(second_root.ok());
  EXPECT_EQ(second_root.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(second_root.error().field, "parent_id");

  Result<OrganisationUnit> orphan =
      this->units().Create(tenant.id, Unit("Orphan", OrganisationUnitId{987654}));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(orphan.error().field, "parent_id");

  Result<OrganisationUnit> no_tenant = this->units().Create(TenantId{987654}, Unit("Root", std::nullopt));
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");

  EXPECT_EQ(this->units().Create(tenant.id, Unit("", root.id)).error().field, "name");
  EXPECT_EQ(this->units().Subtree(tenant.id, root.id)->size(), 1u);
}

TYPED_TEST(RepositoriesTest, MovesAUnitWithItsSubtree) {
  auto [tenant, root] = this->TenantWithRoot("acme", "DE-ACM");
  OrganisationUnit a = this->units().Create(tenant.id, Unit("A", root.id)).value();
  OrganisationUnit b = this->units().Create(tenant.id, Unit("B", root.id)).value();
  OrganisationUnit a1 = this->units().Create(tenant.id, Unit("A1", a.id)).value();
  OrganisationUnit a2 = this->units().Create(tenant.id, Unit("A2", a1.id)).value();

  Result<void> moved = this->units().Move(tenant.id, a1.id, b.id);
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(this->units().FindById(tenant.id, a1.id)->parent_id, b.id);
  EXPECT_TRUE(this->units().Children(tenant.id, a.id)->empty());
  EXPECT_EQ(Ids(this->units().Subtree(tenant.id, b.id).value()), (std::vector{b.id, a1.id, a2.id}));
}

TYPED_TEST(RepositoriesTest, RefusesAMoveThatWouldMakeACycle) {
  auto [tenant, root] = this->TenantWithRoot("acme", "DE-ACM");
  OrganisationUnit a = this->units().Create(tenant.id, Unit("A", root.id)).value();
  OrganisationUnit a1 = this->units().Create(tenant.id, Unit("A1", a.id)).value();
  OrganisationUnit a2 = this->units().Create(tenant.id, Unit("A2", a1.id)).value();

  for (auto [id, new_parent] : {std::pair{a.id, a2.id}, std::pair{a.id, a.id}, std::pair{root.id, a1.id}}) {
    Result<void> result = this->units().Move(tenant.id, id, new_parent);
    ASSERT_FALSE(result.ok()) << id.value << " under " << new_parent.value;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "parent_id");
  }
  EXPECT_EQ(Ids(this->units().Subtree(tenant.id, root.id).value()),
            (std::vector{root.id, a.id, a1.id, a2.id}));
}

// Tenant B knows (or guesses) the ids of tenant A's units: none of them is visible or movable through
// B's id, and B's tree never grows a branch of A's.
TYPED_TEST(RepositoriesTest, KeepsEveryTenantsTreeToItself) {
  auto [a, a_root] = this->TenantWithRoot("alpha", "DE-ALP");
  auto [b, b_root] = this->TenantWithRoot("bravo", "DE-BRV");
  OrganisationUnit a_child = this->units().Create(a.id, Unit("A child", a_root.id)).value();
  OrganisationUnit b_child = this->units().Create(b.id, Unit("B child", b_root.id)).value();

  for (OrganisationUnitId foreign : {a_root.id, a_child.id}) {
    EXPECT_EQ(this->units().FindById(b.id, foreign).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->units().Children(b.id, foreign).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->units().Subtree(b.id, foreign).error().code, ErrorCode::kNotFound);
    Result<void> moved = this->units().Move(b.id, foreign, b_root.id);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(moved.error().field, "id");
    Result<void> adopted = this->units().Move(b.id, b_child.id, foreign);
    ASSERT_FALSE(adopted.ok());
    EXPECT_EQ(adopted.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(adopted.error().field, "parent_id");
    Result<OrganisationUnit> grafted = this->units().Create(b.id, Unit("Graft", foreign));
    ASSERT_FALSE(grafted.ok());
    EXPECT_EQ(grafted.error().field, "parent_id");
  }

  // Guessing: every id up to well past the last one, through B, finds only B's units.
  std::vector<OrganisationUnitId> found;
  for (std::int64_t guess = 0; guess <= b_child.id.value + 10; ++guess) {
    if (Result<OrganisationUnit> unit = this->units().FindById(b.id, OrganisationUnitId{guess}); unit.ok()) {
      EXPECT_EQ(unit->tenant_id, b.id);
      found.push_back(unit->id);
    }
  }
  EXPECT_EQ(found, (std::vector{b_root.id, b_child.id}));
  EXPECT_EQ(Ids(this->units().Subtree(b.id, b_root.id).value()), (std::vector{b_root.id, b_child.id}));
  EXPECT_EQ(Ids(this->units().Subtree(a.id, a_root.id).value()), (std::vector{a_root.id, a_child.id}));
  EXPECT_EQ(this->units().FindById(a.id, a_child.id)->parent_id, a_root.id);
}

// The schema holds the tree rules on its own, for writers that bypass the repository.
TYPED_TEST(RepositoriesTest, TheSchemaRefusesAForeignParentAndASecondRoot) {
  auto [a, a_root] = this->TenantWithRoot("alpha", "DE-ALP");
  auto [b, b_root] = this->TenantWithRoot("bravo", "DE-BRV");
  const std::string insert = "INSERT INTO organisation_units (tenant_id, parent_id, name) VALUES (";
  EXPECT_FALSE(
      this->backend_
          .Execute(insert + std::to_string(b.id.value) + ", " + std::to_string(a_root.id.value) + ", 'x')")
          .ok());
  EXPECT_FALSE(this->backend_.Execute(insert + std::to_string(b.id.value) + ", NULL, 'x')").ok());
  EXPECT_TRUE(
      this->backend_
          .Execute(insert + std::to_string(b.id.value) + ", " + std::to_string(b_root.id.value) + ", 'x')")
          .ok());
}

TYPED_TEST(RepositoriesTest, CreatesFindsAndListsProfiles) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  OrganisationUnit fleet = this->units().Create(tenant.id, Unit("Fleet", root.id)).value();
  NewProfile van = Driver("Van 7", fleet.id);
  van.kind = domain::ProfileKind::kVehicle;
  van.email = "fleet@alpha.example";
  van.prices_hidden = true;
  Result<Profile> created = this->profiles().Create(tenant.id, van);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->created_at, this->clock_.Now());
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  Profile bob = this->profiles().Create(tenant.id, Driver("Bob", root.id)).value();

  EXPECT_EQ(this->profiles().FindById(tenant.id, created->id).value(), *created);
  EXPECT_EQ(this->profiles().ListInOrganisationUnit(tenant.id, root.id).value(), (std::vector{ada, bob}));
  EXPECT_EQ(this->profiles().ListInOrganisationUnit(tenant.id, fleet.id).value(), (std::vector{*created}));
  EXPECT_EQ(this->profiles().FindById(tenant.id, ProfileId{987654}).error().field, "id");
  EXPECT_EQ(this->profiles().Create(tenant.id, Driver("", root.id)).error().field, "name");
  Result<Profile> nowhere = this->profiles().Create(tenant.id, Driver("Eve", OrganisationUnitId{987654}));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(nowhere.error().field, "organisation_unit_id");
}

TYPED_TEST(RepositoriesTest, CreatesAndFindsTokens) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  NewToken card = Card(ada.id, "04:a2:2b:5a:3c:12:80", "de-alp-c00000001");
  card.visual_number = "DE-ALP-C00000001-3";
  card.group_id = "family";
  card.whitelist = domain::TokenWhitelist::kAllowedOffline;
  card.language = "de";
  card.valid_from = Instant::FromUnixMilliseconds(1'767'225'600'123);
  card.valid_until = Instant::FromUnixMilliseconds(1'798'761'600'000);
  card.cost_centre = "CC-7";
  Result<Token> created = this->tokens().Create(tenant.id, card);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->uid, "04A22B5A3C1280");
  EXPECT_EQ(created->contract_id.ToString(), EmaId::Parse("DE-ALP-C00000001").value().ToString());
  EXPECT_EQ(created->status, TokenStatus::kPending);

  NewToken app = Card(ada.id, "ada-app-1", "DE-ALP-C00000001");
  app.type = TokenType::kAppUser;
  Token app_token = this->tokens().Create(tenant.id, app).value();

  EXPECT_EQ(this->tokens().FindById(tenant.id, created->id).value(), *created);
  EXPECT_EQ(this->tokens().FindByUid(tenant.id, "04A22B5A3C1280", TokenType::kRfid).value(), *created);
  EXPECT_EQ(this->tokens().FindByUid(tenant.id, "04-a2-2b-5a-3c-12-80", TokenType::kRfid).value(), *created);
  EXPECT_EQ(this->tokens().FindByUid(tenant.id, "ADA-APP-1", TokenType::kAppUser).value(), app_token);
  EXPECT_EQ(this->tokens().FindByUid(tenant.id, "ada-app-1", TokenType::kOther).error().field, "uid");
  // One contract, two tokens: the card and the app.
  EXPECT_EQ(Ids(this->tokens().FindByContractId(tenant.id, EmaId::Parse("DEALPC00000001").value()).value()),
            (std::vector{created->id, app_token.id}));
  EXPECT_EQ(Ids(this->tokens().ListForProfile(tenant.id, ada.id).value()),
            (std::vector{created->id, app_token.id}));
  EXPECT_EQ(this->tokens().FindById(tenant.id, TokenId{987654}).error().code, ErrorCode::kNotFound);
}

// The customer a received session or CDR is stamped with: token, profile and the profile's unit, read at
// once, matched like FindByUid; none for an unknown uid, another type or another tenant.
TYPED_TEST(RepositoriesTest, FindsTheCustomerOfATokenInOneRead) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  OrganisationUnit fleet = this->units().Create(tenant.id, Unit("Fleet", root.id)).value();
  Profile van = this->profiles().Create(tenant.id, Driver("Van 7", fleet.id)).value();
  Token card = this->tokens().Create(tenant.id, Card(van.id, "04A22B5A3C1280", "DE-ALP-C00000001")).value();
  auto [other, other_root] = this->TenantWithRoot("bravo", "DE-BRV");
  (void)other_root;

  const domain::SessionCustomer expected{
      .token_id = card.id, .profile_id = van.id, .organisation_unit_id = fleet.id};
  EXPECT_EQ(this->tokens().FindCustomer(tenant.id, "04-a2-2b-5a-3c-12-80", TokenType::kRfid).value(), expected);
  EXPECT_EQ(this->tokens().FindCustomer(tenant.id, "04A22B5A3C1280", TokenType::kAppUser).value(), std::nullopt);
  EXPECT_EQ(this->tokens().FindCustomer(tenant.id, "04A22B5A3C1281", TokenType::kRfid).value(), std::nullopt);
  EXPECT_EQ(this->tokens().FindCustomer(other.id, "04A22B5A3C1280", TokenType::kRfid).value(), std::nullopt);
}

TYPED_TEST(RepositoriesTest, RefusesADuplicateUidOfTheSameTypeNamingUid) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  ASSERT_TRUE(this->tokens().Create(tenant.id, Card(ada.id, "04A22B5A", "DE-ALP-C00000001")).ok());

  Result<Token> again = this->tokens().Create(tenant.id, Card(ada.id, "04:a2:2b:5a", "DE-ALP-C00000002"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "uid");

  NewToken app = Card(ada.id, "user-1", "DE-ALP-C00000002");
  app.type = TokenType::kAppUser;
  ASSERT_TRUE(this->tokens().Create(tenant.id, app).ok());
  app.uid = "USER-1";
  EXPECT_EQ(this->tokens().Create(tenant.id, app).error().field, "uid");
  // The same uid under another type is another token.
  app.type = TokenType::kOther;
  EXPECT_TRUE(this->tokens().Create(tenant.id, app).ok());

  Result<Token> no_profile =
      this->tokens().Create(tenant.id, Card(ProfileId{987654}, "04A22B5B", "DE-ALP-C00000003"));
  ASSERT_FALSE(no_profile.ok());
  EXPECT_EQ(no_profile.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_profile.error().field, "profile_id");
  EXPECT_EQ(this->tokens().Create(tenant.id, Card(ada.id, "04A2", "DE-ALP-C00000003")).error().field, "uid");
  EXPECT_EQ(this->tokens().ListForProfile(tenant.id, ada.id)->size(), 3u);
}

TYPED_TEST(RepositoriesTest, PersistsStatusTransitionsAndKeepsLostFinal) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  Token card = this->tokens().Create(tenant.id, Card(ada.id, "04A22B5A", "DE-ALP-C00000001")).value();

  Result<Token> blocked_while_pending = this->tokens().SetStatus(tenant.id, card.id, TokenStatus::kBlocked);
  ASSERT_FALSE(blocked_while_pending.ok());
  EXPECT_EQ(blocked_while_pending.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(blocked_while_pending.error().field, "status");

  for (TokenStatus target :
       {TokenStatus::kActive, TokenStatus::kBlocked, TokenStatus::kActive, TokenStatus::kLost}) {
    Result<Token> changed = this->tokens().SetStatus(tenant.id, card.id, target);
    ASSERT_TRUE(changed.ok()) << changed.error().ToString();
    EXPECT_EQ(changed->status, target);
    EXPECT_EQ(this->tokens().FindById(tenant.id, card.id)->status, target);
  }
  for (TokenStatus target : {TokenStatus::kActive, TokenStatus::kBlocked, TokenStatus::kExpired,
                             TokenStatus::kPending, TokenStatus::kLost}) {
    EXPECT_EQ(this->tokens().SetStatus(tenant.id, card.id, target).error().code,
              ErrorCode::kFailedPrecondition);
  }
  EXPECT_EQ(this->tokens().FindById(tenant.id, card.id)->status, TokenStatus::kLost);
  EXPECT_EQ(this->tokens().SetStatus(tenant.id, TokenId{987654}, TokenStatus::kActive).error().field, "id");
}

TYPED_TEST(RepositoriesTest, UpdatesATokenAndStampsLastUpdated) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  Profile bob = this->profiles().Create(tenant.id, Driver("Bob", root.id)).value();
  Token card = this->tokens().Create(tenant.id, Card(ada.id, "04A22B5A", "DE-ALP-C00000001")).value();
  EXPECT_EQ(card.last_updated, this->clock_.Now());

  this->clock_.Advance(std::chrono::minutes(5));
  domain::TokenChanges changes;
  changes.profile_id = bob.id;
  changes.whitelist = domain::TokenWhitelist::kNever;
  changes.valid_until = std::optional<Instant>(this->clock_.Now() + std::chrono::days(30));
  changes.cost_centre = "FLEET-7";
  Token updated = this->tokens().Update(tenant.id, card.id, changes).value();
  EXPECT_EQ(updated.profile_id, bob.id);
  EXPECT_EQ(updated.last_updated, this->clock_.Now());
  EXPECT_EQ(this->tokens().FindById(tenant.id, card.id).value(), updated);

  this->clock_.Advance(std::chrono::milliseconds(1));
  Token activated = this->tokens().SetStatus(tenant.id, card.id, TokenStatus::kActive).value();
  EXPECT_EQ(activated.last_updated, this->clock_.Now());
  EXPECT_EQ(this->tokens().FindById(tenant.id, card.id).value(), activated);

  domain::TokenChanges to_nowhere;
  to_nowhere.profile_id = ProfileId{987654};
  EXPECT_EQ(this->tokens().Update(tenant.id, card.id, to_nowhere).error().field, "profile_id");
  domain::TokenChanges bad;
  bad.language = "english";
  EXPECT_EQ(this->tokens().Update(tenant.id, card.id, bad).error().field, "language");
  EXPECT_EQ(this->tokens().FindById(tenant.id, card.id).value(), activated) << "a refused change writes nothing";
  EXPECT_EQ(this->tokens().Update(tenant.id, TokenId{987654}, changes).error().field, "id");
}

TYPED_TEST(RepositoriesTest, ListsTokensByLastUpdatedForOcpiPulls) {
  auto [tenant, root] = this->TenantWithRoot("alpha", "DE-ALP");
  auto [other, other_root] = this->TenantWithRoot("beta", "DE-BET");
  Profile ada = this->profiles().Create(tenant.id, Driver("Ada", root.id)).value();
  Profile eve = this->profiles().Create(other.id, Driver("Eve", other_root.id)).value();
  const Instant start = this->clock_.Now();
  std::vector<TokenId> created;
  // Five tokens 999 ms apart: the stamps fall on and between whole seconds, so time order and text order
  // of the stored instants must agree.
  for (int i = 0; i < 5; ++i) {
    std::string uid = "04A22B5" + std::to_string(i);
    std::string contract = "DE-ALP-C0000000" + std::to_string(i + 1);
    created.push_back(this->tokens().Create(tenant.id, Card(ada.id, uid.c_str(), contract.c_str()))->id);
    (void)this->tokens().Create(other.id, Card(eve.id, uid.c_str(), "DE-BET-C00000001"));
    this->clock_.Advance(std::chrono::milliseconds(999));
  }
  // Changing the first token moves it to the end.
  ASSERT_TRUE(this->tokens().SetStatus(tenant.id, created[0], TokenStatus::kActive));

  domain::TokenPage all = this->tokens().ListUpdated(tenant.id, std::nullopt, std::nullopt, 0, 1000).value();
  EXPECT_EQ(all.total, 5);
  EXPECT_EQ(Ids(all.tokens), (std::vector<TokenId>{created[1], created[2], created[3], created[4], created[0]}));

  const Instant second = start + std::chrono::milliseconds(999);
  const Instant fourth = start + std::chrono::milliseconds(3 * 999);
  domain::TokenPage window = this->tokens().ListUpdated(tenant.id, second, fourth, 0, 1000).value();
  EXPECT_EQ(window.total, 2) << "date_from inclusive, date_to exclusive";
  EXPECT_EQ(Ids(window.tokens), (std::vector<TokenId>{created[1], created[2]}));

  domain::TokenPage page = this->tokens().ListUpdated(tenant.id, second, std::nullopt, 1, 2).value();
  EXPECT_EQ(page.total, 5) << "tokens 1 to 4 and token 0, changed last";
  EXPECT_EQ(Ids(page.tokens), (std::vector<TokenId>{created[2], created[3]}));

  EXPECT_EQ(this->tokens().ListUpdated(tenant.id, std::nullopt, std::nullopt, 0, 0).error().field, "limit");
  EXPECT_EQ(this->tokens().ListUpdated(tenant.id, std::nullopt, std::nullopt, 0, 1001).error().field, "limit");
  EXPECT_EQ(this->tokens().ListUpdated(tenant.id, std::nullopt, std::nullopt, -1, 10).error().field, "offset");
}

// Tenant B knows (or guesses) the ids of tenant A's profiles and tokens: none is visible or changeable
// through B's id, and B cannot hang a profile or token on A's units or profiles.
TYPED_TEST(RepositoriesTest, KeepsEveryTenantsProfilesAndTokensToItself) {
  auto [a, a_root] = this->TenantWithRoot("alpha", "DE-ALP");
  auto [b, b_root] = this->TenantWithRoot("bravo", "DE-BRV");
  Profile a_profile = this->profiles().Create(a.id, Driver("Ada", a_root.id)).value();
  Profile b_profile = this->profiles().Create(b.id, Driver("Bob", b_root.id)).value();
  Token a_token = this->tokens().Create(a.id, Card(a_profile.id, "04A22B5A", "DE-ALP-C00000001")).value();
  Token b_token = this->tokens().Create(b.id, Card(b_profile.id, "04A22B5B", "DE-BRV-C00000001")).value();

  EXPECT_EQ(this->profiles().FindById(b.id, a_profile.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->profiles().ListInOrganisationUnit(b.id, a_root.id)->empty());
  EXPECT_EQ(this->profiles().Create(b.id, Driver("Graft", a_root.id)).error().field, "organisation_unit_id");
  EXPECT_EQ(this->tokens().FindById(b.id, a_token.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->tokens().FindByUid(b.id, "04A22B5A", TokenType::kRfid).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->tokens().FindByContractId(b.id, EmaId::Parse("DE-ALP-C00000001").value())->empty());
  EXPECT_TRUE(this->tokens().ListForProfile(b.id, a_profile.id)->empty());
  EXPECT_EQ(this->tokens().SetStatus(b.id, a_token.id, TokenStatus::kActive).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->tokens().Create(b.id, Card(a_profile.id, "04A22B5C", "DE-BRV-C00000002")).error().field,
            "profile_id");
  // The same uid in another tenant is another tenant's token.
  EXPECT_TRUE(this->tokens().Create(b.id, Card(b_profile.id, "04A22B5A", "DE-BRV-C00000003")).ok());

  // Guessing: every id up to well past the last one, through B, finds only B's rows.
  std::vector<ProfileId> profiles_found;
  std::vector<TokenId> tokens_found;
  for (std::int64_t guess = 0; guess <= b_token.id.value + 10; ++guess) {
    if (Result<Profile> profile = this->profiles().FindById(b.id, ProfileId{guess}); profile.ok()) {
      EXPECT_EQ(profile->tenant_id, b.id);
      profiles_found.push_back(profile->id);
    }
    if (Result<Token> token = this->tokens().FindById(b.id, TokenId{guess}); token.ok()) {
      EXPECT_EQ(token->tenant_id, b.id);
      tokens_found.push_back(token->id);
    }
  }
  EXPECT_EQ(profiles_found, (std::vector{b_profile.id}));
  EXPECT_EQ(tokens_found.front(), b_token.id);
  EXPECT_EQ(tokens_found.size(), 2u);
  EXPECT_EQ(this->tokens().FindById(a.id, a_token.id)->status, TokenStatus::kPending);
}

// The schema holds the tenant boundary on its own, for writers that bypass the repository.
TYPED_TEST(RepositoriesTest, TheSchemaRefusesAProfileOrTokenAcrossTenants) {
  auto [a, a_root] = this->TenantWithRoot("alpha", "DE-ALP");
  auto [b, b_root] = this->TenantWithRoot("bravo", "DE-BRV");
  Profile a_profile = this->profiles().Create(a.id, Driver("Ada", a_root.id)).value();
  const std::string b_id = std::to_string(b.id.value);
  EXPECT_FALSE(
      this->backend_
          .Execute("INSERT INTO profiles (tenant_id, organisation_unit_id, name, kind, prices_hidden, "
                   "created_at) VALUES (" +
                   b_id + ", " + std::to_string(a_root.id.value) +
                   ", 'x', 'driver', FALSE, '2026-01-01T00:00:00Z')")
          .ok());
  EXPECT_FALSE(this->backend_
                   .Execute("INSERT INTO tokens (tenant_id, profile_id, uid, type, contract_id, issuer, "
                            "whitelist, status) VALUES (" +
                            b_id + ", " + std::to_string(a_profile.id.value) +
                            ", '04A22B5A', 'RFID', 'DE-BRV-C00000001-0', 'x', 'ALLOWED', 'pending')")
                   .ok());
}

}  // namespace
}  // namespace openmsp::store
