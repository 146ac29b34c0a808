// CPO tariffs on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::CpoTariff;
using domain::CpoTariffKey;
using domain::TenantId;
using domain::UpsertOutcome;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

CpoTariffKey Key(const char* party, const char* id) { return CpoTariffKey{.party = Party(party), .tariff_id = id}; }

// Tariff `id` of `party` as received: spacing, key order, escapes and a number no double holds, kept.
CpoTariff Tariff(const char* party, const char* id, const char* last_updated, const std::string& price = "0.25") {
  return CpoTariff{.key = Key(party, id),
                   .last_updated = At(last_updated),
                   .raw_json = std::string("{ \"id\" : \"") + id + "\",\n\t\"currency\":\"EUR\", \"alt\": \"\\u20ac\", " +
                               "\"price\": " + price + "0000000000000000000001 }"};
}

template <class Backend>
class CpoTariffRepositoryTest : public ::testing::Test {
 protected:
  domain::CpoTariffRepository& tariffs() { return repositories_.cpo_tariffs(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  Backend backend_;
  ManualClock clock_{At("2026-03-01T12:00:00Z")};
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(CpoTariffRepositoryTest, Backends, BackendNames);

TYPED_TEST(CpoTariffRepositoryTest, StoresTheBodyAsReceivedAndFindsItIgnoringTheIdsCase) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  const CpoTariff tariff = Tariff("NL-CPO", "Tariff-1", "2026-01-01T10:00:00.25Z");
  EXPECT_EQ(this->tariffs().Upsert(tenant, tariff).value(), UpsertOutcome::kCreated);
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-CPO", "Tariff-1")).value(), tariff);
  EXPECT_EQ(this->tariffs().Find(tenant, Key("nl-cpo", "TARIFF-1")).value(), tariff);
  const Error missing = this->tariffs().Find(tenant, Key("NL-CPO", "Tariff-2")).error();
  EXPECT_EQ(missing.code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.field, "tariff_id");
  // Another CPO's tariff with the same id is another tariff.
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-ABC", "Tariff-1")).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(CpoTariffRepositoryTest, AnOlderPutIsStaleAndAnEqualOrNewerOneReplaces) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  ASSERT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T1", "2026-01-02T00:00:00Z")).value(),
            UpsertOutcome::kCreated);
  EXPECT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T1", "2026-01-01T23:59:59.9Z", "9")).value(),
            UpsertOutcome::kStale);
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-CPO", "T1"))->last_updated, At("2026-01-02T00:00:00Z"));
  EXPECT_NE(this->tariffs().Find(tenant, Key("NL-CPO", "T1"))->raw_json.find("0.25"), std::string::npos);

  const CpoTariff newer = Tariff("NL-CPO", "t1", "2026-01-03T00:00:00Z", "0.30");
  EXPECT_EQ(this->tariffs().Upsert(tenant, newer).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-CPO", "T1")).value(), newer);  // the latest spelling
  EXPECT_EQ(this->tariffs().Upsert(tenant, newer).value(), UpsertOutcome::kReplaced);
}

TYPED_TEST(CpoTariffRepositoryTest, DeleteRemovesOnlyThatTariff) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  ASSERT_TRUE(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T1", "2026-01-01T00:00:00Z")).ok());
  ASSERT_TRUE(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T2", "2026-01-01T00:00:00Z")).ok());
  EXPECT_TRUE(this->tariffs().Delete(tenant, Key("NL-CPO", "t1")).ok());
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-CPO", "T1")).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->tariffs().Find(tenant, Key("NL-CPO", "T2")).ok());
  const Error again = this->tariffs().Delete(tenant, Key("NL-CPO", "T1")).error();
  EXPECT_EQ(again.code, ErrorCode::kNotFound);
  EXPECT_EQ(again.field, "tariff_id");
  // Stored again after a DELETE, it is new.
  EXPECT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T1", "2025-01-01T00:00:00Z")).value(),
            UpsertOutcome::kCreated);
}

TYPED_TEST(CpoTariffRepositoryTest, AnotherTenantsTariffIsNotFound) {
  const TenantId demo = this->NewTenant("demo", "NL-DEM");
  const TenantId other = this->NewTenant("other", "NL-OTH");
  ASSERT_TRUE(this->tariffs().Upsert(demo, Tariff("NL-CPO", "T1", "2026-01-01T00:00:00Z")).ok());
  EXPECT_EQ(this->tariffs().Find(other, Key("NL-CPO", "T1")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->tariffs().Delete(other, Key("NL-CPO", "T1")).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->tariffs().Find(demo, Key("NL-CPO", "T1")).ok());
  // The other tenant's own copy of the same CPO tariff is independent.
  EXPECT_EQ(this->tariffs().Upsert(other, Tariff("NL-CPO", "T1", "2025-01-01T00:00:00Z")).value(),
            UpsertOutcome::kCreated);
  EXPECT_EQ(this->tariffs().Find(demo, Key("NL-CPO", "T1"))->last_updated, At("2026-01-01T00:00:00Z"));
}

TYPED_TEST(CpoTariffRepositoryTest, RefusesWhatIsNotATariff) {
  const TenantId tenant = this->NewTenant("demo", "NL-DEM");
  EXPECT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "", "2026-01-01T00:00:00Z")).error().field, "tariff_id");
  EXPECT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", "T\n1", "2026-01-01T00:00:00Z")).error().field,
            "tariff_id");
  EXPECT_EQ(this->tariffs().Upsert(tenant, Tariff("NL-CPO", std::string(37, 'T').c_str(), "2026-01-01T00:00:00Z"))
                .error()
                .field,
            "tariff_id");
  CpoTariff empty = Tariff("NL-CPO", "T1", "2026-01-01T00:00:00Z");
  empty.raw_json.clear();
  EXPECT_EQ(this->tariffs().Upsert(tenant, empty).error().field, "raw_json");
  const Error no_tenant = this->tariffs().Upsert(TenantId{9999}, Tariff("NL-CPO", "T1", "2026-01-01T00:00:00Z")).error();
  EXPECT_EQ(no_tenant.code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.field, "tenant_id");
  EXPECT_EQ(this->tariffs().Find(tenant, Key("NL-CPO", "T1")).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace openmsp::store
