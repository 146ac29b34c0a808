#include "domain/repositories.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/clock.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/postgres/postgres_repositories.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_repositories.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

using domain::BillingDetails;
using domain::NewOrganisationUnit;
using domain::NewTenant;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Tenant;
using domain::TenantId;

// Each back end gives every test a new, migrated database and repositories on it.
class SqliteBackend {
 public:
  SqliteBackend() {
    SqliteDatabase database = SqliteDatabase::Open(Path()).value();
    (void)Migrate(database).value();
  }

  SqliteRepositories Open(const Clock& clock) const {
    return SqliteRepositories::Open(Path(), clock).value();
  }
  Result<void> Execute(const std::string& sql) const { return SqliteDatabase::Open(Path())->Execute(sql); }

 private:
  std::string Path() const { return directory_.File("openmsp.db"); }

  test::TempDirectory directory_{"openmsp_repositories"};
};

class PostgresBackend {
 public:
  PostgresBackend() : url_(Server().CreateDatabase("repositories_" + std::to_string(++databases_))) {
    PostgresDatabase database = PostgresDatabase::Open(url_).value();
    (void)Migrate(database).value();
  }

  PostgresRepositories Open(const Clock& clock) const {
    return PostgresRepositories::Open(url_, clock).value();
  }
  Result<void> Execute(const std::string& sql) const { return PostgresDatabase::Open(url_)->Execute(sql); }

 private:
  // One server for the whole test program, started by the first test that needs it.
  static test::PostgresServer& Server() {
    static test::PostgresServer server;
    return server;
  }

  static inline int databases_ = 0;
  std::string url_;
};

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

template <class Backend>
class RepositoriesTest : public ::testing::Test {
 protected:
  domain::TenantRepository& tenants() { return repositories_.tenants(); }
  domain::OrganisationUnitRepository& units() { return repositories_.organisation_units(); }

  // Creates a tenant and its root unit.
  std::pair<domain::Tenant, OrganisationUnit> TenantWithRoot(const char* slug, const char* party) {
    domain::Tenant tenant = tenants().Create(NewTenantNamed(slug, {Party(party)})).value();
    OrganisationUnit root = units().Create(tenant.id, Unit(slug, std::nullopt)).value();
    return {tenant, root};
  }

  // 2026-01-01T00:00:00.123Z: the milliseconds must survive the round trip.
  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  decltype(backend_.Open(clock_)) repositories_ = backend_.Open(clock_);
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

class BackendNames {
 public:
  template <class Backend>
  static std::string GetName(int) {
    return std::is_same_v<Backend, SqliteBackend> ? "Sqlite" : "Postgresql";
  }
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

}  // namespace
}  // namespace openmsp::store
