// ProfileRepository::FindByIds on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Profile;
using domain::ProfileId;
using domain::ProfileKind;
using domain::TenantId;

template <class Backend>
class ProfileBatchTest : public ::testing::Test {
 protected:
  domain::ProfileRepository& profiles() { return repositories_.profiles(); }

  TenantId NewTenant(const char* slug, const char* party) {
    const TenantId tenant = repositories_.tenants()
                                .Create(domain::NewTenant{.slug = slug,
                                                          .name = slug,
                                                          .default_currency = Currency::Find("EUR").value(),
                                                          .parties = {PartyId::Parse(party).value()}})
                                .value()
                                .id;
    (void)repositories_.organisation_units()
        .Create(tenant, {.parent_id = std::nullopt, .name = "Root", .billing = {}})
        .value();
    return tenant;
  }

  Profile NewProfile(TenantId tenant, const std::string& name) {
    const domain::OrganisationUnitId root =
        repositories_.control_centre_directory().Tree(tenant).value().front().id;
    return profiles()
        .Create(tenant, {.organisation_unit_id = root,
                         .name = name,
                         .kind = ProfileKind::kDriver,
                         .email = "",
                         .prices_hidden = false})
        .value();
  }

  static std::vector<std::string> Names(const std::vector<Profile>& profiles) {
    std::vector<std::string> names;
    for (const Profile& profile : profiles) names.push_back(profile.name);
    return names;
  }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(ProfileBatchTest, Backends, BackendNames);

TYPED_TEST(ProfileBatchTest, FindsTheTenantsProfilesAmongTheIdsByIdAndNothingOfAnother) {
  const TenantId alpha = this->NewTenant("alpha", "DE-ALP");
  const TenantId beta = this->NewTenant("beta", "DE-BET");
  const Profile anna = this->NewProfile(alpha, "Anna");
  const Profile bert = this->NewProfile(alpha, "Bert");
  const Profile carla = this->NewProfile(alpha, "Carla");
  const Profile foreign = this->NewProfile(beta, "Other tenant's");

  // Given out of order, one twice, one of another tenant and one that does not exist.
  const std::vector<ProfileId> ids = {carla.id, anna.id, foreign.id, carla.id, ProfileId{987654}};
  const std::vector<Profile> found = this->profiles().FindByIds(alpha, ids).value();
  EXPECT_EQ(this->Names(found), (std::vector<std::string>{"Anna", "Carla"}));
  EXPECT_EQ(found.front(), anna);
  EXPECT_TRUE(this->profiles().FindByIds(alpha, {}).value().empty());
  EXPECT_EQ(this->Names(this->profiles().FindByIds(beta, ids).value()),
            (std::vector<std::string>{"Other tenant's"}));

  // A page's worth in one call; more than the most is refused naming `ids`.
  std::vector<ProfileId> many(domain::kMaxProfilesByIds, bert.id);
  EXPECT_EQ(this->Names(this->profiles().FindByIds(alpha, many).value()), (std::vector<std::string>{"Bert"}));
  many.push_back(anna.id);
  const Result<std::vector<Profile>> refused = this->profiles().FindByIds(alpha, many);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "ids");
}

}  // namespace
}  // namespace openmsp::store
