#include "store/cpo_cdr_ingestor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "store/sql_cpo_cdr_repository.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::store {
namespace {

using domain::CpoCdr;
using domain::CpoCdrCursor;
using domain::CpoCdrId;
using domain::CpoCdrIngestion;
using domain::CpoCdrPage;
using domain::CpoCdrQuery;
using domain::CpoCdrReceipt;
using domain::NewCpoCdr;
using domain::OrganisationUnitId;
using domain::TenantId;
using std::chrono::hours;
using std::chrono::minutes;

PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

const Instant kNewYear = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z

template <class Backend>
class CpoCdrIngestorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = repositories_.tenants()
                 .Create(domain::NewTenant{.slug = "alpha",
                                           .name = "Alpha Mobility",
                                           .default_currency = Currency::Find("EUR").value(),
                                           .parties = {Party("NL-ALP")}})
                 .value()
                 .id;
    beta_ = repositories_.tenants()
                .Create(domain::NewTenant{.slug = "beta",
                                          .name = "Beta Charge",
                                          .default_currency = Currency::Find("EUR").value(),
                                          .parties = {Party("DE-BET")}})
                .value()
                .id;
    alpha_root_ = Unit(alpha_, "Alpha", std::nullopt);
    alpha_fleet_ = Unit(alpha_, "Fleet", alpha_root_);
    beta_root_ = Unit(beta_, "Beta", std::nullopt);
  }

  OrganisationUnitId Unit(TenantId tenant, const char* name, std::optional<OrganisationUnitId> parent) {
    return repositories_.organisation_units()
        .Create(tenant, domain::NewOrganisationUnit{.parent_id = parent, .name = name, .billing = {}})
        .value()
        .id;
  }

  NewCpoCdr Cdr(TenantId tenant, std::string id, Instant start = kNewYear,
                std::optional<OrganisationUnitId> unit = std::nullopt, std::string remark = "thanks") {
    return test::SampleCpoCdr({.tenant_id = tenant,
                               .cpo = std::nullopt,
                               .cdr_id = std::move(id),
                               .start_date_time = start,
                               .organisation_unit_id = unit,
                               .remark = std::move(remark)});
  }

  CpoCdrIngestor& ingestor() { return *ingestor_; }
  domain::CpoCdrRepository& cdrs() { return repositories_.cpo_cdrs(); }

  // Every CDR of `tenant` that `query` lists, page after page; checks each page's cursor on the way.
  std::vector<CpoCdrId> AllPages(TenantId tenant, CpoCdrQuery query) {
    std::vector<CpoCdrId> ids;
    for (int pages = 0; pages < 1000; ++pages) {
      Result<CpoCdrPage> page = cdrs().List(tenant, query);
      EXPECT_TRUE(page.ok()) << page.error().ToString();
      if (!page.ok()) break;
      for (const CpoCdr& cdr : page->cdrs) ids.push_back(cdr.id);
      if (!page->next) break;
      EXPECT_EQ(static_cast<int>(page->cdrs.size()), query.limit);
      EXPECT_EQ(page->next->id, page->cdrs.back().id);
      query.after = page->next;
    }
    return ids;
  }

  // 2026-01-01T00:00:00.123Z: the milliseconds must survive the round trip.
  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<CpoCdrIngestor> ingestor_ = CpoCdrIngestor::Open(backend_.url(), clock_).value();
  TenantId alpha_;
  TenantId beta_;
  OrganisationUnitId alpha_root_;
  OrganisationUnitId alpha_fleet_;
  OrganisationUnitId beta_root_;
};

TYPED_TEST_SUITE(CpoCdrIngestorTest, Backends, BackendNames);

TYPED_TEST(CpoCdrIngestorTest, StoresANewCdrAndAnswersTheSameBodyAgainAsADuplicate) {
  NewCpoCdr cdr = this->Cdr(this->alpha_, "CDR-0001", kNewYear, this->alpha_fleet_);
  Result<CpoCdrReceipt> first = this->ingestor().Ingest(cdr);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->outcome, CpoCdrIngestion::kStored);

  this->clock_.Advance(minutes(5));
  Result<CpoCdrReceipt> again = this->ingestor().Ingest(cdr);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(*again, (CpoCdrReceipt{.id = first->id, .outcome = CpoCdrIngestion::kDuplicate}));

  // The id is a CiString: another spelling of it with the identical body is the same CDR.
  NewCpoCdr lower = cdr;
  lower.cdr_id = "cdr-0001";
  EXPECT_EQ(this->ingestor().Ingest(lower).value(),
            (CpoCdrReceipt{.id = first->id, .outcome = CpoCdrIngestion::kDuplicate}));

  CpoCdr stored = this->cdrs().FindById(this->alpha_, first->id).value();
  EXPECT_EQ(stored.received_at, Instant::FromUnixMilliseconds(1'767'225'600'123));  // the first arrival's
  EXPECT_TRUE(this->cdrs().ListConflicts(this->alpha_, Party("BE-BEC"), "CDR-0001")->empty());
}

TYPED_TEST(CpoCdrIngestorTest, ACdrClosesItsSessionButACreditDoesNot) {
  // The CPO (BE-BEC, the sample CDRs') sent two sessions, both live.
  const auto charging = [](const char* id) {
    return domain::Session{.key = {.party = Party("BE-BEC"), .session_id = id},
                           .start_date_time = kNewYear,
                           .end_date_time = std::nullopt,
                           .kwh = Decimal::Parse("12.345").value(),
                           .cdr_token = {.party = Party("NL-ALP"),
                                         .uid = "04A22B5A",
                                         .type = domain::TokenType::kRfid,
                                         .contract_id = "NL-ALP-C00000001-X"},
                           .auth_method = domain::AuthMethod::kWhitelist,
                           .authorization_reference = "",
                           .location_id = "LOC1",
                           .evse_uid = "3256",
                           .connector_id = "1",
                           .meter_id = "",
                           .currency = "EUR",
                           .total_cost = std::nullopt,
                           .status = domain::SessionStatus::kActive,
                           .last_updated = kNewYear,
                           .raw_json = "{}",
                           .customer = std::nullopt};
  };
  domain::SessionRepository& sessions = this->repositories_.sessions();
  ASSERT_TRUE(sessions.Upsert(this->alpha_, charging("SES-1")).ok());
  ASSERT_TRUE(sessions.Upsert(this->alpha_, charging("SES-2")).ok());
  const auto live = [&] {
    std::vector<std::string> ids;
    const domain::SessionPage page = sessions.ListLive(this->alpha_, {}, std::nullopt, 10).value();
    for (const domain::StoredSession& session : page.sessions) {
      ids.push_back(session.session.key.session_id);
    }
    return ids;
  };
  ASSERT_EQ(live(), (std::vector<std::string>{"SES-2", "SES-1"}));  // newest first, then by id

  // A credit naming SES-2 and a CDR naming a session we never received close nothing; the CDR of SES-1
  // (its id spelt in another case) closes SES-1 in the transaction that stores it.
  NewCpoCdr credit = this->Cdr(this->alpha_, "CDR-CREDIT");
  credit.session_id = "SES-2";
  credit.credit = true;
  NewCpoCdr unknown = this->Cdr(this->alpha_, "CDR-UNKNOWN");
  unknown.session_id = "SES-9";
  NewCpoCdr closing = this->Cdr(this->alpha_, "CDR-1");
  closing.session_id = "ses-1";
  for (const NewCpoCdr& cdr : {credit, unknown, closing}) {
    Result<CpoCdrReceipt> stored = this->ingestor().Ingest(cdr);
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
    EXPECT_EQ(stored->outcome, CpoCdrIngestion::kStored);
  }
  EXPECT_EQ(live(), std::vector<std::string>{"SES-2"});
  EXPECT_EQ(sessions.Find(this->alpha_, {.party = Party("BE-BEC"), .session_id = "SES-1"})->cdr,
            (domain::CdrKey{.party = Party("BE-BEC"), .cdr_id = "CDR-1"}));
  EXPECT_FALSE(sessions.Find(this->alpha_, {.party = Party("BE-BEC"), .session_id = "SES-2"})->cdr.has_value());

  // Another tenant's CDR of the same CPO and session id closes only that tenant's session.
  NewCpoCdr other = this->Cdr(this->beta_, "CDR-2");
  other.session_id = "SES-2";
  ASSERT_TRUE(this->ingestor().Ingest(other).ok());
  EXPECT_EQ(live(), std::vector<std::string>{"SES-2"});
}

TYPED_TEST(CpoCdrIngestorTest, RefusesAnotherBodyUnderTheSameIdAndRecordsIt) {
  NewCpoCdr original = this->Cdr(this->alpha_, "CDR-0002", kNewYear, std::nullopt, "original");
  CpoCdrReceipt stored = this->ingestor().Ingest(original).value();
  this->clock_.Advance(hours(1));
  NewCpoCdr changed = this->Cdr(this->alpha_, "cdr-0002", kNewYear, std::nullopt, "changed afterwards");

  Result<CpoCdrReceipt> refused = this->ingestor().Ingest(changed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "id");
  EXPECT_NE(refused.error().message.find("'cdr-0002' of the CPO BE-BEC"), std::string::npos)
      << refused.error().message;

  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "CDR-0002")->body, original.body);
  std::vector<domain::CpoCdrConflict> conflicts =
      this->cdrs().ListConflicts(this->alpha_, Party("be-bec"), "CDR-0002").value();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].stored_cdr_id, stored.id);
  EXPECT_EQ(conflicts[0].tenant_id, this->alpha_);
  EXPECT_EQ(conflicts[0].cdr_id, "cdr-0002");
  EXPECT_EQ(conflicts[0].body, changed.body);
  EXPECT_EQ(conflicts[0].received_at, Instant::FromUnixMilliseconds(1'767'225'600'123) + hours(1));
  EXPECT_NE(conflicts[0].body_sha256, this->cdrs().FindById(this->alpha_, stored.id)->body_sha256);

  // Each refusal is recorded; the stored CDR never changes.
  EXPECT_EQ(this->ingestor().Ingest(changed).error().code, ErrorCode::kConflict);
  EXPECT_EQ(this->cdrs().ListConflicts(this->alpha_, Party("BE-BEC"), "CDR-0002")->size(), 2u);
  EXPECT_EQ(this->ingestor().Ingest(original)->outcome, CpoCdrIngestion::kDuplicate);
}

TYPED_TEST(CpoCdrIngestorTest, KeepsTheBodyByteForByteAndEveryParsedField) {
  NewCpoCdr cdr = this->Cdr(this->alpha_, "CDR-UTF8", kNewYear, this->alpha_root_);
  cdr.body =
      "\xEF\xBB\xBF{ \"id\" :\"CDR-UTF8\",\r\n\t\"remark\": \"Stra\xC3\x9F"
      "e \xE2\x82\xAC 0,35/kWh \xF0\x9F\x94\x8C"
      "\",  \"escaped\": \"\\u00e9\\n\"  ,\n\n   \"total_energy\": 20.750000 }   \n\t ";
  cdr.total_cost_excl_vat = Decimal::Parse("-10.2400").value();
  cdr.total_cost_incl_vat = std::nullopt;
  cdr.total_energy = Decimal::Parse("20.750000").value();
  cdr.token_type = domain::TokenType::kAppUser;
  cdr.token_uid = "app-User-01";
  cdr.last_updated = kNewYear + std::chrono::milliseconds(86'400'001);
  CpoCdrReceipt receipt = this->ingestor().Ingest(cdr).value();

  CpoCdr expected{.id = receipt.id,
                  .tenant_id = this->alpha_,
                  .cpo = Party("BE-BEC"),
                  .cdr_id = "CDR-UTF8",
                  .body = cdr.body,
                  // sha256sum of the body above, computed outside OpenMSP.
                  .body_sha256 = "",
                  .start_date_time = cdr.start_date_time,
                  .end_date_time = cdr.end_date_time,
                  .currency = Currency::Find("EUR").value(),
                  .total_cost_excl_vat = cdr.total_cost_excl_vat,
                  .total_cost_incl_vat = std::nullopt,
                  .total_energy = cdr.total_energy,
                  .total_time = Decimal::Parse("1.5").value(),
                  .token_uid = "app-User-01",
                  .token_type = domain::TokenType::kAppUser,
                  .contract_id = "DE8ACC12E46L89",
                  .location_id = "LOC1",
                  .evse_uid = "3256",
                  .last_updated = cdr.last_updated,
                  .organisation_unit_id = this->alpha_root_,
                  .received_at = this->clock_.Now()};
  CpoCdr stored = this->cdrs().FindById(this->alpha_, receipt.id).value();
  expected.body_sha256 = stored.body_sha256;
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(stored.body.size(), cdr.body.size());
  EXPECT_EQ(stored.total_cost_excl_vat.ToString(), "-10.2400");  // the scale is kept
  EXPECT_EQ(stored.total_energy.ToString(), "20.750000");
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("be*bec"), "cdr-utf8").value(), expected);
}

TYPED_TEST(CpoCdrIngestorTest, TheDigestIsSha256OfTheBody) {
  NewCpoCdr cdr = this->Cdr(this->alpha_, "CDR-ABC");
  cdr.body = "abc";
  CpoCdrReceipt receipt = this->ingestor().Ingest(cdr).value();
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(this->cdrs().FindById(this->alpha_, receipt.id)->body_sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TYPED_TEST(CpoCdrIngestorTest, RefusesAnInvalidCdrNamingTheFieldBeforeStoringAnything) {
  NewCpoCdr cdr = this->Cdr(this->alpha_, "CDR-BAD");
  cdr.evse_uid = "";
  Result<CpoCdrReceipt> refused = this->ingestor().Ingest(cdr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "cdr_location.evse_uid");
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "CDR-BAD").error().code,
            ErrorCode::kNotFound);
}

TYPED_TEST(CpoCdrIngestorTest, AnUnknownTenantOrAnotherTenantsUnitIsNotFound) {
  Result<CpoCdrReceipt> no_tenant = this->ingestor().Ingest(this->Cdr(TenantId{987654}, "CDR-X"));
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");

  Result<CpoCdrReceipt> foreign_unit =
      this->ingestor().Ingest(this->Cdr(this->alpha_, "CDR-X", kNewYear, this->beta_root_));
  ASSERT_FALSE(foreign_unit.ok());
  EXPECT_EQ(foreign_unit.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign_unit.error().field, "organisation_unit_id");
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "CDR-X").error().code,
            ErrorCode::kNotFound);
}

TYPED_TEST(CpoCdrIngestorTest, OneBadCdrInABatchDoesNotChangeTheOthersOutcomes) {
  ASSERT_TRUE(this->ingestor().Ingest(this->Cdr(this->alpha_, "OLD", kNewYear, std::nullopt, "first")).ok());
  std::vector<NewCpoCdr> cdrs = {
      this->Cdr(this->alpha_, "B-1"),
      this->Cdr(TenantId{987654}, "B-2"),                                // unknown tenant
      this->Cdr(this->alpha_, "B-3", kNewYear, this->beta_root_),        // another tenant's unit
      this->Cdr(this->alpha_, "OLD", kNewYear, std::nullopt, "first"),   // duplicate
      this->Cdr(this->alpha_, "OLD", kNewYear, std::nullopt, "second"),  // conflict
      this->Cdr(this->alpha_, "B-1"),                                    // duplicate within the batch
      this->Cdr(this->alpha_, "b-1", kNewYear, std::nullopt, "other"),   // conflict within the batch
      this->Cdr(this->alpha_, std::string(40, 'L')),  // breaks a CHECK constraint: the statement fails
      this->Cdr(this->beta_, "B-4", kNewYear, this->beta_root_),
  };
  std::vector<CpoCdrToStore> items;
  for (const NewCpoCdr& cdr : cdrs) {
    items.push_back(
        CpoCdrToStore{.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = kNewYear});
  }
  std::unique_ptr<SqlConnection> connection = OpenSqlConnection(this->backend_.url()).value();
  StoredCpoCdrs stored = StoreCpoCdrs(*connection, items);
  EXPECT_FALSE(stored.transaction_failed);
  ASSERT_EQ(stored.outcomes.size(), cdrs.size());

  ASSERT_TRUE(stored.outcomes[0].ok()) << stored.outcomes[0].error().ToString();
  EXPECT_EQ(stored.outcomes[0]->outcome, CpoCdrIngestion::kStored);
  EXPECT_EQ(stored.outcomes[1].error().field, "tenant_id");
  EXPECT_EQ(stored.outcomes[2].error().field, "organisation_unit_id");
  ASSERT_TRUE(stored.outcomes[3].ok()) << stored.outcomes[3].error().ToString();
  EXPECT_EQ(stored.outcomes[3]->outcome, CpoCdrIngestion::kDuplicate);
  EXPECT_EQ(stored.outcomes[4].error().code, ErrorCode::kConflict);
  EXPECT_EQ(stored.outcomes[5].value(),
            (CpoCdrReceipt{.id = stored.outcomes[0]->id, .outcome = CpoCdrIngestion::kDuplicate}));
  EXPECT_EQ(stored.outcomes[6].error().code, ErrorCode::kConflict);
  EXPECT_FALSE(stored.outcomes[7].ok());
  ASSERT_TRUE(stored.outcomes[8].ok()) << stored.outcomes[8].error().ToString();
  EXPECT_EQ(stored.outcomes[8]->outcome, CpoCdrIngestion::kStored);

  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "B-1")->id, stored.outcomes[0]->id);
  EXPECT_EQ(this->cdrs().FindByKey(this->beta_, Party("BE-BEC"), "B-4")->id, stored.outcomes[8]->id);
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "B-1")->body, cdrs[0].body);
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "B-3").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->cdrs().ListConflicts(this->alpha_, Party("BE-BEC"), "OLD")->size(), 1u);
}

TYPED_TEST(CpoCdrIngestorTest, ABatchOfManyCdrsGivesEachItsOwnRow) {
  // 100 CDRs go in statements of 64, 32 and 4 rows; every outcome must name the row of its own CDR.
  std::vector<NewCpoCdr> cdrs;
  for (int i = 0; i < 100; ++i) {
    TenantId tenant = i % 7 == 3 ? this->beta_ : this->alpha_;
    cdrs.push_back(this->Cdr(tenant, "M-" + std::to_string(i), kNewYear + minutes(i)));
  }
  std::vector<CpoCdrToStore> items;
  for (const NewCpoCdr& cdr : cdrs) {
    items.push_back(
        CpoCdrToStore{.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = kNewYear});
  }
  std::unique_ptr<SqlConnection> connection = OpenSqlConnection(this->backend_.url()).value();
  StoredCpoCdrs stored = StoreCpoCdrs(*connection, items);
  ASSERT_EQ(stored.outcomes.size(), cdrs.size());
  std::set<CpoCdrId> ids;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    ASSERT_TRUE(stored.outcomes[i].ok()) << i << ": " << stored.outcomes[i].error().ToString();
    EXPECT_EQ(stored.outcomes[i]->outcome, CpoCdrIngestion::kStored);
    CpoCdr row = this->cdrs().FindById(cdrs[i].tenant_id, stored.outcomes[i]->id).value();
    EXPECT_EQ(row.cdr_id, cdrs[i].cdr_id);
    EXPECT_EQ(row.body, cdrs[i].body);
    ids.insert(row.id);
  }
  EXPECT_EQ(ids.size(), cdrs.size());

  // One key three times in one statement: the first makes the row, then a conflict, then a duplicate.
  std::vector<NewCpoCdr> same = {this->Cdr(this->alpha_, "K-1", kNewYear, std::nullopt, "one"),
                                 this->Cdr(this->alpha_, "k-1", kNewYear, std::nullopt, "two"),
                                 this->Cdr(this->alpha_, "K-1", kNewYear, std::nullopt, "one")};
  std::vector<CpoCdrToStore> same_items;
  for (const NewCpoCdr& cdr : same) {
    same_items.push_back(
        CpoCdrToStore{.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = kNewYear});
  }
  StoredCpoCdrs three = StoreCpoCdrs(*connection, same_items);
  ASSERT_TRUE(three.outcomes[0].ok()) << three.outcomes[0].error().ToString();
  EXPECT_EQ(three.outcomes[0]->outcome, CpoCdrIngestion::kStored);
  EXPECT_EQ(three.outcomes[1].error().code, ErrorCode::kConflict);
  EXPECT_EQ(three.outcomes[2].value(),
            (CpoCdrReceipt{.id = three.outcomes[0]->id, .outcome = CpoCdrIngestion::kDuplicate}));
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "K-1")->body, same[0].body);
}

TYPED_TEST(CpoCdrIngestorTest, ManyThreadsSubmittingAtOnceStoreEachCdrExactlyOnce) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::map<std::string, std::vector<Result<CpoCdrReceipt>>> outcomes;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Each thread's own CDRs, and every thread the same shared CDRs, all at once.
        std::string own = "T" + std::to_string(t) + "-" + std::to_string(i);
        std::string shared = "SHARED-" + std::to_string(i % 5);
        for (const auto& [id, start] :
             {std::pair{own, kNewYear + minutes(i)}, std::pair{shared, kNewYear + minutes(i % 5)}}) {
          Result<CpoCdrReceipt> outcome = this->ingestor().Ingest(this->Cdr(this->alpha_, id, start));
          std::lock_guard lock(mutex);
          outcomes[id].push_back(std::move(outcome));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<CpoCdrId> distinct;
  for (const auto& [id, results] : outcomes) {
    int stored = 0;
    std::set<CpoCdrId> ids;
    for (const Result<CpoCdrReceipt>& result : results) {
      ASSERT_TRUE(result.ok()) << id << ": " << result.error().ToString();
      stored += result->outcome == CpoCdrIngestion::kStored ? 1 : 0;
      ids.insert(result->id);
    }
    EXPECT_EQ(stored, 1) << id;
    EXPECT_EQ(ids.size(), 1u) << id;
    distinct.insert(*ids.begin());
  }
  EXPECT_EQ(outcomes.size(), static_cast<std::size_t>(kThreads * kPerThread + 5));
  EXPECT_EQ(outcomes["SHARED-0"].size(), static_cast<std::size_t>(kThreads * kPerThread / 5));
  EXPECT_EQ(distinct.size(), outcomes.size());
  std::vector<CpoCdrId> listed = this->AllPages(this->alpha_, CpoCdrQuery{});
  EXPECT_EQ(std::set<CpoCdrId>(listed.begin(), listed.end()), distinct);
  EXPECT_EQ(listed.size(), distinct.size());
}

TYPED_TEST(CpoCdrIngestorTest, StopFinishesWhatWasSubmittedThenRefuses) {
  constexpr int kCount = 300;
  std::atomic<int> stored{0};
  for (int i = 0; i < kCount; ++i) {
    this->ingestor().Submit(this->Cdr(this->alpha_, "S-" + std::to_string(i)),
                            [&stored](Result<CpoCdrReceipt> outcome) {
                              if (outcome.ok() && outcome->outcome == CpoCdrIngestion::kStored) ++stored;
                            });
  }
  this->ingestor().Stop();
  EXPECT_EQ(stored.load(), kCount);
  EXPECT_EQ(this->AllPages(this->alpha_, CpoCdrQuery{}).size(), static_cast<std::size_t>(kCount));

  Result<CpoCdrReceipt> late = this->ingestor().Ingest(this->Cdr(this->alpha_, "LATE"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
}

TYPED_TEST(CpoCdrIngestorTest, TenantsNeverSeeEachOthersCdrsAndTheirKeysDoNotCollide) {
  CpoCdrReceipt alpha =
      this->ingestor().Ingest(this->Cdr(this->alpha_, "SAME-ID", kNewYear, std::nullopt, "alpha")).value();
  CpoCdrReceipt beta =
      this->ingestor().Ingest(this->Cdr(this->beta_, "SAME-ID", kNewYear, std::nullopt, "beta")).value();
  EXPECT_EQ(beta.outcome, CpoCdrIngestion::kStored);  // not a conflict with alpha's
  EXPECT_NE(alpha.id, beta.id);

  Result<CpoCdr> through_beta = this->cdrs().FindById(this->beta_, alpha.id);
  ASSERT_FALSE(through_beta.ok());
  EXPECT_EQ(through_beta.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(through_beta.error().field, "id");
  EXPECT_EQ(this->cdrs().FindByKey(this->beta_, Party("BE-BEC"), "same-id")->id, beta.id);
  EXPECT_EQ(this->cdrs().FindByKey(this->alpha_, Party("BE-BEC"), "SAME-ID")->id, alpha.id);
  for (std::int64_t guess = 0; guess <= beta.id.value + 5; ++guess) {
    Result<CpoCdr> found = this->cdrs().FindById(this->beta_, CpoCdrId{guess});
    if (found.ok()) {
      EXPECT_EQ(found->tenant_id, this->beta_);
    }
  }
  EXPECT_EQ(this->AllPages(this->beta_, CpoCdrQuery{}), std::vector<CpoCdrId>{beta.id});
  // Alpha's unit does not open alpha's CDRs to beta.
  EXPECT_TRUE(this->AllPages(this->beta_, CpoCdrQuery{.organisation_unit_id = this->alpha_root_}).empty());

  ASSERT_FALSE(
      this->ingestor().Ingest(this->Cdr(this->alpha_, "SAME-ID", kNewYear, std::nullopt, "changed")).ok());
  EXPECT_EQ(this->cdrs().ListConflicts(this->alpha_, Party("BE-BEC"), "SAME-ID")->size(), 1u);
  EXPECT_TRUE(this->cdrs().ListConflicts(this->beta_, Party("BE-BEC"), "SAME-ID")->empty());
}

TYPED_TEST(CpoCdrIngestorTest, ListsPagesByPeriodAndUnitInAStableOrder) {
  // 30 CDRs, one every 2 hours from new year, and three more starting at the same instant as the 10th:
  // the id decides among them. Units: root, fleet, none, in turn.
  std::vector<std::optional<OrganisationUnitId>> units = {this->alpha_root_, this->alpha_fleet_,
                                                          std::nullopt};
  std::vector<std::pair<Instant, CpoCdrId>> all;
  std::vector<std::pair<Instant, CpoCdrId>> fleet;
  for (int i = 0; i < 33; ++i) {
    Instant start = kNewYear + hours(2 * (i < 30 ? i : 9));
    std::optional<OrganisationUnitId> unit = units[static_cast<std::size_t>(i % 3)];
    // Submitted newest first, so that ids and starts do not agree.
    CpoCdrId id =
        this->ingestor().Ingest(this->Cdr(this->alpha_, "P-" + std::to_string(100 - i), start, unit))->id;
    all.emplace_back(start, id);
    if (unit == this->alpha_fleet_) fleet.emplace_back(start, id);
  }
  this->ingestor().Ingest(this->Cdr(this->beta_, "P-BETA", kNewYear + hours(4), this->beta_root_)).value();
  std::sort(all.begin(), all.end());
  std::sort(fleet.begin(), fleet.end());
  auto ids_in = [](const std::vector<std::pair<Instant, CpoCdrId>>& rows, Instant from, Instant to) {
    std::vector<CpoCdrId> ids;
    for (const auto& [start, id] : rows) {
      if (start >= from && start < to) ids.push_back(id);
    }
    return ids;
  };

  EXPECT_EQ(this->AllPages(this->alpha_, CpoCdrQuery{.limit = 7}), ids_in(all, kMinInstant, kMaxInstant));
  EXPECT_EQ(ids_in(all, kMinInstant, kMaxInstant).size(), 33u);
  // [04:00, 20:00): starts 4, 6, 8, 10, 12, 14, 16, 18 h, plus the three extra at 18 h; 20:00 excluded.
  Instant from = kNewYear + hours(4);
  Instant to = kNewYear + hours(20);
  std::vector<CpoCdrId> period =
      this->AllPages(this->alpha_, CpoCdrQuery{.from = from, .to = to, .limit = 3});
  EXPECT_EQ(period, ids_in(all, from, to));
  EXPECT_EQ(period.size(), 11u);
  EXPECT_EQ(this->AllPages(
                this->alpha_,
                CpoCdrQuery{.from = from, .to = to, .organisation_unit_id = this->alpha_fleet_, .limit = 2}),
            ids_in(fleet, from, to));
  EXPECT_EQ(
      this->AllPages(this->alpha_, CpoCdrQuery{.organisation_unit_id = this->alpha_fleet_, .limit = 100})
          .size(),
      11u);
  EXPECT_EQ(this->AllPages(this->alpha_, CpoCdrQuery{.from = kNewYear + hours(60)}).size(), 0u);

  // A page exactly as long as what is left has no next page; a cursor taken before new CDRs arrive
  // continues after the same CDR.
  CpoCdrPage first = this->cdrs().List(this->alpha_, CpoCdrQuery{.limit = 10}).value();
  ASSERT_TRUE(first.next.has_value());
  EXPECT_EQ(*first.next, (CpoCdrCursor{.start_date_time = all[9].first, .id = all[9].second}));
  this->ingestor().Ingest(this->Cdr(this->alpha_, "P-EARLY", kNewYear - hours(1))).value();
  CpoCdrPage second = this->cdrs().List(this->alpha_, CpoCdrQuery{.after = first.next, .limit = 23}).value();
  EXPECT_FALSE(second.next.has_value());
  ASSERT_EQ(second.cdrs.size(), 23u);
  EXPECT_EQ(second.cdrs.front().id, all[10].second);
  EXPECT_EQ(second.cdrs.back().id, all[32].second);
}

TYPED_TEST(CpoCdrIngestorTest, RefusesABadPageRequestNamingTheField) {
  for (int limit : {0, -1, 101}) {
    Result<CpoCdrPage> page = this->cdrs().List(this->alpha_, CpoCdrQuery{.limit = limit});
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(page.error().field, "limit");
  }
  Result<CpoCdrPage> empty_period =
      this->cdrs().List(this->alpha_, CpoCdrQuery{.from = kNewYear, .to = kNewYear});
  ASSERT_FALSE(empty_period.ok());
  EXPECT_EQ(empty_period.error().field, "to");
  EXPECT_TRUE(this->cdrs().List(this->alpha_, CpoCdrQuery{.limit = 1})->cdrs.empty());
}

// A commit that fails (here: a deferred constraint trigger PostgreSQL runs at COMMIT) fails every CDR of
// its transaction, and none of them is stored. SQLite has no constraint checked only at COMMIT that a
// test could arm on the ingestor's connection.
TEST(CpoCdrCommitFailureTest, FailsEveryCdrOfTheTransactionAndStoresNone) {
  PostgresBackend backend;
  ManualClock clock(kNewYear);
  Repositories repositories = Repositories::Open(backend.url(), clock).value();
  TenantId tenant = repositories.tenants()
                        .Create(domain::NewTenant{.slug = "alpha",
                                                  .name = "Alpha Mobility",
                                                  .default_currency = Currency::Find("EUR").value(),
                                                  .parties = {Party("NL-ALP")}})
                        .value()
                        .id;
  ASSERT_TRUE(PostgresDatabase::Open(backend.url().postgresql_url)
                  ->Execute(R"sql(
CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.cdr_id = 'FAIL-AT-COMMIT' THEN RAISE EXCEPTION 'refused at commit'; END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON cpo_cdrs DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION refuse_at_commit();
)sql")
                  .ok());
  std::vector<NewCpoCdr> cdrs = {test::SampleCpoCdr({.tenant_id = tenant, .cdr_id = "A"}),
                                 test::SampleCpoCdr({.tenant_id = tenant, .cdr_id = "FAIL-AT-COMMIT"}),
                                 test::SampleCpoCdr({.tenant_id = tenant, .cdr_id = "B"})};
  std::vector<CpoCdrToStore> items;
  for (const NewCpoCdr& cdr : cdrs) {
    items.push_back(
        CpoCdrToStore{.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = kNewYear});
  }
  std::unique_ptr<SqlConnection> connection = OpenSqlConnection(backend.url()).value();
  StoredCpoCdrs stored = StoreCpoCdrs(*connection, items);
  EXPECT_TRUE(stored.transaction_failed);
  ASSERT_EQ(stored.outcomes.size(), 3u);
  for (const Result<CpoCdrReceipt>& outcome : stored.outcomes) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(outcome.error().field, "database");
  }
  for (const char* id : {"A", "FAIL-AT-COMMIT", "B"}) {
    EXPECT_EQ(repositories.cpo_cdrs().FindByKey(tenant, Party("BE-BEC"), id).error().code,
              ErrorCode::kNotFound);
  }

  // Through the ingestor: the same CDR fails alone; the others, sent again, are stored.
  std::unique_ptr<CpoCdrIngestor> ingestor = CpoCdrIngestor::Open(backend.url(), clock).value();
  EXPECT_EQ(ingestor->Ingest(cdrs[1]).error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(ingestor->Ingest(cdrs[0])->outcome, CpoCdrIngestion::kStored);
  EXPECT_EQ(ingestor->Ingest(cdrs[2])->outcome, CpoCdrIngestion::kStored);
}

}  // namespace
}  // namespace openmsp::store
