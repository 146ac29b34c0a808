// What hubs report about the parties behind them, on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::HubClient;
using domain::HubClientStatus;
using domain::OcpiRole;
using domain::PeerId;
using domain::TenantId;
using domain::UpsertOutcome;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

HubClient Client(const char* party, HubClientStatus status, const char* last_updated,
                 OcpiRole role = OcpiRole::kCpo) {
  return HubClient{.party = Party(party), .role = role, .status = status, .last_updated = At(last_updated)};
}

template <class Backend>
class HubClientRepositoryTest : public ::testing::Test {
 protected:
  domain::HubClientRepository& clients() { return repositories_.hub_clients(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  PeerId NewPeer(TenantId tenant, const char* name) {
    return repositories_.peers().Create(tenant, domain::NewPeer{.name = name}).value().peer.id;
  }

  Backend backend_;
  ManualClock clock_{At("2026-03-01T12:00:00Z")};
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(HubClientRepositoryTest, Backends, BackendNames);

TYPED_TEST(HubClientRepositoryTest, KeepsTheLastReportOfEachPartyPerHub) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  const PeerId hub = this->NewPeer(tenant, "Hub");
  const PeerId other_hub = this->NewPeer(tenant, "Other hub");
  EXPECT_EQ(this->clients().Count(tenant, hub).value(), 0u);

  const HubClient planned = Client("DE-ABC", HubClientStatus::kPlanned, "2026-01-01T10:00:00Z");
  EXPECT_EQ(this->clients().Upsert(tenant, hub, planned).value(), UpsertOutcome::kCreated);
  EXPECT_EQ(this->clients().Find(tenant, hub, Party("de-abc")).value(), planned);

  const HubClient connected = Client("DE-ABC", HubClientStatus::kConnected, "2026-01-02T10:00:00.5Z");
  EXPECT_EQ(this->clients().Upsert(tenant, hub, connected).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->clients().Find(tenant, hub, Party("DE-ABC")).value(), connected);

  // Older than the stored report: answered, not applied.
  const HubClient late = Client("DE-ABC", HubClientStatus::kSuspended, "2026-01-02T10:00:00.499Z");
  EXPECT_EQ(this->clients().Upsert(tenant, hub, late).value(), UpsertOutcome::kStale);
  EXPECT_EQ(this->clients().Find(tenant, hub, Party("DE-ABC")).value(), connected);

  EXPECT_EQ(this->clients().Upsert(tenant, hub, Client("BE-XYZ", HubClientStatus::kOffline,
                                                        "2026-01-01T00:00:00Z", OcpiRole::kOther))
                .value(),
            UpsertOutcome::kCreated);
  EXPECT_EQ(this->clients().Find(tenant, hub, Party("BE-XYZ")).value().role, OcpiRole::kOther);
  EXPECT_EQ(this->clients().Count(tenant, hub).value(), 2u);

  // Each hub has its own reports.
  EXPECT_EQ(this->clients().Count(tenant, other_hub).value(), 0u);
  const Error missing = this->clients().Find(tenant, other_hub, Party("DE-ABC")).error();
  EXPECT_EQ(missing.code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.field, "party_id");
}

TYPED_TEST(HubClientRepositoryTest, AnotherTenantsHubIsNotFound) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  const TenantId other = this->NewTenant("other", "NL-OTH");
  const PeerId hub = this->NewPeer(tenant, "Hub");
  const HubClient client = Client("DE-ABC", HubClientStatus::kConnected, "2026-01-01T10:00:00Z");
  ASSERT_TRUE(this->clients().Upsert(tenant, hub, client).ok());

  EXPECT_EQ(this->clients().Find(other, hub, client.party).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->clients().Count(other, hub).value(), 0u);
  const Error refused = this->clients().Upsert(other, hub, client).error();
  EXPECT_EQ(refused.code, ErrorCode::kNotFound);
  EXPECT_EQ(refused.field, "peer_id");
  EXPECT_EQ(this->clients().Upsert(tenant, PeerId{hub.value + 1000}, client).error().field, "peer_id");
  // Nothing was written under the other tenant.
  EXPECT_EQ(this->clients().Find(tenant, hub, client.party).value(), client);
}

}  // namespace
}  // namespace openmsp::store
