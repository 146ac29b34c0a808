#include "domain/profile.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace openmsp::domain {
namespace {

NewProfile Driver(std::string name, std::string email) {
  return NewProfile{.organisation_unit_id = OrganisationUnitId{1},
                    .name = std::move(name),
                    .kind = ProfileKind::kDriver,
                    .email = std::move(email),
                    .prices_hidden = false};
}

TEST(ValidateNewProfileTest, NamesTheFieldAtFault) {
  EXPECT_TRUE(ValidateNewProfile(Driver("Ada", "")).ok());
  EXPECT_TRUE(ValidateNewProfile(Driver("Ada", "ada@example.org")).ok());
  EXPECT_EQ(ValidateNewProfile(Driver("", "")).error().field, "name");
  EXPECT_EQ(ValidateNewProfile(Driver(std::string(201, 'x'), "")).error().field, "name");
  for (const char* email : {"ada", "@example.org", "ada@", "a@b@c"}) {
    Result<void> result = ValidateNewProfile(Driver("Ada", email));
    ASSERT_FALSE(result.ok()) << email;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "email");
  }
}

TEST(ProfileKindTest, RoundTripsItsName) {
  for (ProfileKind kind : {ProfileKind::kDriver, ProfileKind::kVehicle}) {
    EXPECT_EQ(ParseProfileKind(ProfileKindName(kind)).value(), kind);
  }
  EXPECT_FALSE(ParseProfileKind("Driver").ok());
}

}  // namespace
}  // namespace openmsp::domain
