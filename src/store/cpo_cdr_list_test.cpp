// The CPO CDR list's filters for the Control Centre's CDR browser (`CpoCdrQuery::organisation_unit_subtree`
// and `cpo`), on SQLite and PostgreSQL: a unit's whole subtree, one CPO, both together with the period and
// the exact unit, page after page; another tenant's unit lists nothing.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::store {
namespace {

using domain::CpoCdr;
using domain::CpoCdrId;
using domain::CpoCdrPage;
using domain::CpoCdrQuery;
using domain::OrganisationUnitId;
using domain::TenantId;
using std::chrono::hours;

PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
const Instant kNewYear = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z

template <class Backend>
class CpoCdrListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = Tenant("alpha", "NL-ALP");
    beta_ = Tenant("beta", "DE-BET");
    root_ = Unit(alpha_, "Alpha", std::nullopt);
    lease_ = Unit(alpha_, "Lease", root_);
    fleet_ = Unit(alpha_, "Fleet", lease_);
    staff_ = Unit(alpha_, "Staff", root_);
    beta_root_ = Unit(beta_, "Beta", std::nullopt);
  }

  TenantId Tenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  OrganisationUnitId Unit(TenantId tenant, const char* name, std::optional<OrganisationUnitId> parent) {
    return repositories_.organisation_units()
        .Create(tenant, domain::NewOrganisationUnit{.parent_id = parent, .name = name, .billing = {}})
        .value()
        .id;
  }

  CpoCdrId Ingest(TenantId tenant, const std::string& id, int hour, std::optional<OrganisationUnitId> unit,
                  const char* cpo) {
    return ingestor_
        ->Ingest(test::SampleCpoCdr({.tenant_id = tenant,
                                     .cpo = Party(cpo),
                                     .cdr_id = id,
                                     .start_date_time = kNewYear + hours(hour),
                                     .organisation_unit_id = unit}))
        .value()
        .id;
  }

  // Every CDR `query` lists, page after page.
  std::vector<CpoCdrId> AllPages(TenantId tenant, CpoCdrQuery query) {
    std::vector<CpoCdrId> ids;
    for (int pages = 0; pages < 100; ++pages) {
      Result<CpoCdrPage> page = repositories_.cpo_cdrs().List(tenant, query);
      EXPECT_TRUE(page.ok()) << page.error().ToString();
      if (!page.ok()) break;
      for (const CpoCdr& cdr : page->cdrs) ids.push_back(cdr.id);
      if (!page->next) break;
      query.after = page->next;
    }
    return ids;
  }

  ManualClock clock_{kNewYear + hours(48)};
  Backend backend_;
  Repositories repositories_ = Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<CpoCdrIngestor> ingestor_ = CpoCdrIngestor::Open(backend_.url(), clock_).value();
  TenantId alpha_, beta_;
  OrganisationUnitId root_, lease_, fleet_, staff_, beta_root_;
};

TYPED_TEST_SUITE(CpoCdrListTest, Backends, BackendNames);

TYPED_TEST(CpoCdrListTest, ListsAUnitsWholeSubtreeAndOneCpoPageAfterPage) {
  // Hour by hour: root, lease, fleet, staff, none, at the CPOs NL-AAA and BE-BEC in turn.
  const std::optional<OrganisationUnitId> units[] = {this->root_, this->lease_, this->fleet_, this->staff_,
                                                     std::nullopt};
  std::vector<CpoCdrId> ids;
  for (int i = 0; i < 10; ++i) {
    ids.push_back(this->Ingest(this->alpha_, "S-" + std::to_string(i), i, units[i % 5],
                               i % 2 == 0 ? "NL-AAA" : "BE-BEC"));
  }
  (void)this->Ingest(this->beta_, "S-BETA", 3, this->beta_root_, "NL-AAA");

  // Lease's subtree is lease and fleet: CDRs 1, 2, 6, 7; staff is beside it, root above it.
  EXPECT_EQ(this->AllPages(this->alpha_, {.limit = 1, .organisation_unit_subtree = this->lease_}),
            (std::vector<CpoCdrId>{ids[1], ids[2], ids[6], ids[7]}));
  // The root's subtree is every CDR of a unit, not those of none (4 and 9).
  EXPECT_EQ(this->AllPages(this->alpha_, {.limit = 3, .organisation_unit_subtree = this->root_}),
            (std::vector<CpoCdrId>{ids[0], ids[1], ids[2], ids[3], ids[5], ids[6], ids[7], ids[8]}));
  // One CPO: the even ones.
  EXPECT_EQ(this->AllPages(this->alpha_, {.limit = 2, .cpo = Party("NL-AAA")}),
            (std::vector<CpoCdrId>{ids[0], ids[2], ids[4], ids[6], ids[8]}));
  // Everything together: lease's subtree at BE-BEC from 02:00 to 08:00 (7 starts at 07:00).
  EXPECT_EQ(this->AllPages(this->alpha_, {.from = kNewYear + hours(2),
                                          .to = kNewYear + hours(8),
                                          .limit = 1,
                                          .organisation_unit_subtree = this->lease_,
                                          .cpo = Party("BE-BEC")}),
            (std::vector<CpoCdrId>{ids[7]}));
  // The exact unit and a subtree both hold: fleet is in lease's subtree, staff is not.
  EXPECT_EQ(this->AllPages(this->alpha_,
                           {.organisation_unit_id = this->fleet_, .organisation_unit_subtree = this->lease_}),
            (std::vector<CpoCdrId>{ids[2], ids[7]}));
  EXPECT_TRUE(this->AllPages(this->alpha_, {.organisation_unit_id = this->staff_,
                                            .organisation_unit_subtree = this->lease_})
                  .empty());
  // Another tenant's unit lists nothing, in either direction.
  EXPECT_TRUE(this->AllPages(this->alpha_, {.organisation_unit_subtree = this->beta_root_}).empty());
  EXPECT_TRUE(this->AllPages(this->beta_, {.organisation_unit_subtree = this->root_}).empty());
  EXPECT_EQ(this->AllPages(this->beta_, {.cpo = Party("NL-AAA")}).size(), 1u);
  EXPECT_TRUE(this->AllPages(this->beta_, {.cpo = Party("BE-BEC")}).empty());
}

}  // namespace
}  // namespace openmsp::store
