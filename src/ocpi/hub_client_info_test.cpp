#include "ocpi/hub_client_info.h"

#include <gtest/gtest.h>

#include "ocpi/ocpi_test_support.h"

namespace openmsp::ocpi {
namespace {

using test::ErrorOf;
using test::Json;

TEST(ParseClientInfoTest, ReadsAPartyBehindTheHub) {
  Result<ClientInfo> info = ParseClientInfo(Json(R"({"party_id": "CPA", "country_code": "NL", "role": "CPO",
    "status": "CONNECTED", "last_updated": "2026-03-01T10:00:00Z"})"));
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_EQ(*info, (ClientInfo{.party = PartyId::Parse("NL-CPA").value(),
                               .role = domain::OcpiRole::kCpo,
                               .status = ConnectionStatus::kConnected,
                               .last_updated = ParseOcpiDateTime("2026-03-01T10:00:00Z").value()}));
}

TEST(ParseClientInfoTest, RefusesNamingTheField) {
  const struct {
    std::string_view json;
    std::string_view field;
  } cases[] = {
      // The spec's inline example, its trailing comma removed: it lacks last_updated.
      {R"({"party_id": "CPA", "country_code": "NL", "role": "CPO", "status": "CONNECTED"})", "last_updated"},
      {R"({"party_id": "CPA", "country_code": "NL", "role": "CPO", "status": "ONLINE",
           "last_updated": "2026-03-01T10:00:00Z"})",
       "status"},
      {R"({"party_id": "CPA", "country_code": "NL", "role": "Cpo", "status": "OFFLINE",
           "last_updated": "2026-03-01T10:00:00Z"})",
       "role"},
      {R"({"party_id": "CP", "country_code": "NL", "role": "CPO", "status": "OFFLINE",
           "last_updated": "2026-03-01T10:00:00Z"})",
       "party_id"},
      {R"({"party_id": "CPA", "country_code": "NL", "role": "CPO", "status": "PLANNED",
           "last_updated": "2026-03-01T10:00:00+01:00"})",
       "last_updated"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseClientInfo(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
  }
}

}  // namespace
}  // namespace openmsp::ocpi
