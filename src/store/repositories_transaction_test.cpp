// Repositories::InOneTransaction on SQLite and on a real PostgreSQL 15: several repositories' writes
// commit together or not at all.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::NewAuditEntry;
using domain::NewTenant;
using domain::Tenant;

NewTenant Msp(const char* slug, const char* party) {
  return NewTenant{.slug = slug,
                   .name = "MSP " + std::string(slug),
                   .default_currency = Currency::Find("EUR").value(),
                   .parties = {PartyId::Parse(party).value()}};
}

NewAuditEntry Created(const Tenant& tenant) {
  return NewAuditEntry{.actor = domain::AuditActor::System("cli"),
                       .action = "tenant.create",
                       .object_type = "tenant",
                       .object_id = std::to_string(tenant.id.value),
                       .before = "",
                       .after = R"({"slug":")" + tenant.slug + R"("})",
                       .request_id = ""};
}

template <class Backend>
class InOneTransactionTest : public ::testing::Test {
 protected:
  ManualClock clock_{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(InOneTransactionTest, Backends, BackendNames);

TYPED_TEST(InOneTransactionTest, ATenantItsRootUnitAndItsFirstAuditEntryCommitTogether) {
  std::optional<Tenant> created;
  Result<void> done = this->repositories_.InOneTransaction([&](Repositories& in_transaction) -> Result<void> {
    OPENMSP_ASSIGN_OR_RETURN(created, in_transaction.tenants().Create(Msp("demo", "NL-DEM")));
    OPENMSP_RETURN_IF_ERROR(in_transaction.organisation_units().Create(
        created->id, {.parent_id = {}, .name = "Demo", .billing = {}}));
    OPENMSP_RETURN_IF_ERROR(in_transaction.audit_log().Append(created->id, Created(*created)));
    return Ok();
  });
  ASSERT_TRUE(done.ok()) << done.error().ToString();

  EXPECT_EQ(this->repositories_.tenants().FindBySlug("demo").value(), *created);
  EXPECT_EQ(this->repositories_.audit_log().List(created->id, {}, 10, std::nullopt)->entries.size(), 1u);
}

TYPED_TEST(InOneTransactionTest, AFailureAfterTheFirstWritesLeavesNothingBehind) {
  Result<void> failed =
      this->repositories_.InOneTransaction([&](Repositories& in_transaction) -> Result<void> {
        OPENMSP_ASSIGN_OR_RETURN(const Tenant tenant, in_transaction.tenants().Create(Msp("demo", "NL-DEM")));
        OPENMSP_RETURN_IF_ERROR(in_transaction.organisation_units().Create(
            tenant.id, {.parent_id = {}, .name = "Demo", .billing = {}}));
        // A second root is refused: everything above is rolled back with it.
        OPENMSP_RETURN_IF_ERROR(in_transaction.organisation_units().Create(
            tenant.id, {.parent_id = {}, .name = "Two", .billing = {}}));
        return Ok();
      });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().field, "parent_id") << failed.error().ToString();

  EXPECT_EQ(this->repositories_.tenants().FindBySlug("demo").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->repositories_.tenants().List()->empty());

  // The slug and the party are free again, and the repositories work as before.
  Result<Tenant> again = this->repositories_.tenants().Create(Msp("demo", "NL-DEM"));
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(this->repositories_.organisation_units()
                  .Create(again->id, {.parent_id = {}, .name = "Demo", .billing = {}})
                  .ok());
}

}  // namespace
}  // namespace openmsp::store
