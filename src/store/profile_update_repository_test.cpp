// ProfileRepository::Update on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Profile;
using domain::ProfileChanges;
using domain::ProfileId;
using domain::ProfileKind;
using domain::TenantId;

template <class Backend>
class ProfileUpdateTest : public ::testing::Test {
 protected:
  domain::ProfileRepository& profiles() { return repositories_.profiles(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  Profile NewProfile(TenantId tenant, const char* name, const char* email) {
    const domain::OrganisationUnitId root =
        repositories_.organisation_units()
            .Create(tenant, {.parent_id = std::nullopt, .name = "Root", .billing = {}})
            .value()
            .id;
    return profiles()
        .Create(tenant, {.organisation_unit_id = root,
                         .name = name,
                         .kind = ProfileKind::kDriver,
                         .email = email,
                         .prices_hidden = false})
        .value();
  }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(ProfileUpdateTest, Backends, BackendNames);

TYPED_TEST(ProfileUpdateTest, ChangesTheFieldsGivenAndKeepsTheOthers) {
  const TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  const Profile created = this->NewProfile(tenant, "Van 12", "fleet@alpha.example");

  Profile expected = created;
  expected.prices_hidden = true;
  expected.kind = ProfileKind::kVehicle;
  EXPECT_EQ(this->profiles()
                .Update(tenant, created.id,
                        {.name = std::nullopt,
                         .kind = ProfileKind::kVehicle,
                         .email = std::nullopt,
                         .prices_hidden = true})
                .value(),
            expected);
  EXPECT_EQ(this->profiles().FindById(tenant, created.id).value(), expected);

  expected.name = "Van 12 (Utrecht)";
  expected.email = "";
  EXPECT_EQ(
      this->profiles()
          .Update(
              tenant, created.id,
              {.name = "Van 12 (Utrecht)", .kind = std::nullopt, .email = "", .prices_hidden = std::nullopt})
          .value(),
      expected);
  expected.email = "driver@alpha.example";
  expected.prices_hidden = false;
  EXPECT_EQ(this->profiles()
                .Update(tenant, created.id,
                        {.name = std::nullopt,
                         .kind = std::nullopt,
                         .email = "driver@alpha.example",
                         .prices_hidden = false})
                .value(),
            expected);
  // Nothing given: nothing changes.
  EXPECT_EQ(this->profiles().Update(tenant, created.id, {}).value(), expected);
  EXPECT_EQ(this->profiles().FindById(tenant, created.id).value(), expected);
}

TYPED_TEST(ProfileUpdateTest, RefusesBadFieldsAndOtherTenantsProfilesChangingNothing) {
  const TenantId alpha = this->NewTenant("alpha", "DE-ALP");
  const TenantId beta = this->NewTenant("beta", "DE-BET");
  const Profile created = this->NewProfile(alpha, "Van 12", "fleet@alpha.example");

  Result<Profile> unnamed = this->profiles().Update(
      alpha, created.id, {.name = "", .kind = {}, .email = {}, .prices_hidden = true});
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unnamed.error().field, "name");
  EXPECT_EQ(this->profiles()
                .Update(alpha, created.id,
                        {.name = std::string(201, 'x'), .kind = {}, .email = {}, .prices_hidden = {}})
                .error()
                .field,
            "name");
  EXPECT_EQ(
      this->profiles()
          .Update(alpha, created.id, {.name = {}, .kind = {}, .email = "no-at-sign", .prices_hidden = true})
          .error()
          .field,
      "email");
  Result<Profile> foreign = this->profiles().Update(
      beta, created.id, {.name = "Stolen", .kind = {}, .email = {}, .prices_hidden = {}});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign.error().field, "id");
  EXPECT_EQ(this->profiles().Update(alpha, ProfileId{987654}, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->profiles().FindById(alpha, created.id).value(), created);
}

}  // namespace
}  // namespace openmsp::store
