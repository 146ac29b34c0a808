// MSP CDRs on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "domain/repositories.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"

namespace openmsp::store {
namespace {

using domain::AttentionReason;
using domain::BusinessPartnerGroupId;
using domain::CpoCdrId;
using domain::LocationGroupId;
using domain::MspCdr;
using domain::MspCdrId;
using domain::MspCdrLine;
using domain::MspCdrLineKind;
using domain::MspCdrQuery;
using domain::NewMspCdr;
using domain::OrganisationUnitId;
using domain::ProfileId;
using domain::TariffCodeId;
using domain::TariffPlanRuleId;
using domain::TariffPlanVersionId;
using domain::TariffUnit;
using domain::TenantId;
using domain::TokenId;
using std::chrono::hours;
using std::chrono::minutes;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

template <class T>
void ExpectError(const Result<T>& result, ErrorCode code, const std::string& field) {
  ASSERT_FALSE(result) << "expected an error naming " << field;
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

// Everything of one tenant an MSP CDR can refer to.
struct World {
  TenantId tenant;
  OrganisationUnitId root;
  OrganisationUnitId fleet;
  ProfileId profile;
  TokenId token;
  LocationGroupId location_group;
  std::array<BusinessPartnerGroupId, 2> groups;
  TariffPlanVersionId version;
  std::array<TariffCodeId, 3> codes;
  std::array<TariffPlanRuleId, 3> rules;
};

// Turns a rated MSP CDR into one needing attention for `reason`: no customer, no lines, no amounts; the
// place as it was found.
NewMspCdr NeedingAttention(NewMspCdr cdr, AttentionReason reason) {
  cdr.attention = reason;
  cdr.attention_detail = "needs a look: " + std::string(domain::AttentionReasonName(reason));
  cdr.token_id = std::nullopt;
  cdr.profile_id = std::nullopt;
  cdr.organisation_unit_id = std::nullopt;
  cdr.billing_unit_id = std::nullopt;
  cdr.business_partner_groups.clear();
  cdr.plan_version_id = std::nullopt;
  cdr.vat_country = std::nullopt;
  cdr.lines.clear();
  cdr.total_excl_vat = cdr.vat_amount = cdr.total_incl_vat = cdr.cpo_cost = cdr.margin = Decimal();
  cdr.cost_audit = std::nullopt;
  cdr.explanation = "";
  return cdr;
}

// The credit of `original` (rated, stored as `id`) for the credit CPO CDR `cpo_cdr_id`: every line and
// amount negated.
NewMspCdr CreditOf(NewMspCdr original, MspCdrId id, CpoCdrId cpo_cdr_id) {
  original.cpo_cdr_id = cpo_cdr_id;
  original.credit_of = id;
  for (MspCdrLine& line : original.lines) {
    line.measured = -line.measured;
    line.quantity = -line.quantity;
    line.amount = -line.amount;
  }
  for (Decimal* amount : {&original.total_excl_vat, &original.vat_amount, &original.total_incl_vat,
                          &original.cpo_cost_excl_vat, &original.cpo_cost, &original.margin}) {
    *amount = -*amount;
  }
  original.cost_audit = std::nullopt;
  return original;
}

template <class Backend>
class MspCdrRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = MakeWorld("alpha", "NL-ALP");
    beta_ = MakeWorld("beta", "DE-BET");
  }

  domain::MspCdrRepository& msp_cdrs() { return repositories_.msp_cdrs(); }

  // The ids of the tenant's CPO CDRs that have no MSP CDR yet (`CpoCdrRepository::ListUnrated`).
  Result<std::vector<CpoCdrId>> UnratedIds(TenantId tenant_id, CpoCdrId after, int limit) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::CpoCdr> cdrs,
                             repositories_.cpo_cdrs().ListUnrated(tenant_id, after, limit));
    std::vector<CpoCdrId> ids;
    for (const domain::CpoCdr& cdr : cdrs) ids.push_back(cdr.id);
    return ids;
  }

  World MakeWorld(const char* slug, const char* party) {
    World world{};
    world.tenant = repositories_.tenants()
                       .Create(domain::NewTenant{
                           .slug = slug, .name = slug, .default_currency = Eur(), .parties = {Party(party)}})
                       .value()
                       .id;
    world.root = repositories_.organisation_units()
                     .Create(world.tenant, {.parent_id = std::nullopt, .name = slug, .billing = {}})
                     .value()
                     .id;
    world.fleet = repositories_.organisation_units()
                      .Create(world.tenant, {.parent_id = world.root, .name = "Fleet", .billing = {}})
                      .value()
                      .id;
    world.profile = repositories_.profiles()
                        .Create(world.tenant, {.organisation_unit_id = world.fleet,
                                               .name = "Driver",
                                               .kind = domain::ProfileKind::kDriver,
                                               .email = "",
                                               .prices_hidden = false})
                        .value()
                        .id;
    world.token =
        repositories_.tokens()
            .Create(world.tenant,
                    domain::NewToken{.profile_id = world.profile,
                                     .uid = "04A22B5A",
                                     .type = domain::TokenType::kRfid,
                                     .contract_id = EmaId::Parse(std::string(party) + "-C00000001").value(),
                                     .visual_number = "",
                                     .issuer = slug,
                                     .group_id = "",
                                     .whitelist = domain::TokenWhitelist::kAllowed,
                                     .language = "",
                                     .valid_from = std::nullopt,
                                     .valid_until = std::nullopt,
                                     .cost_centre = ""})
            .value()
            .id;
    world.location_group = repositories_.location_groups().List(world.tenant).value().front().id;
    for (std::size_t k = 0; k < world.groups.size(); ++k) {
      world.groups[k] =
          repositories_.business_partner_groups()
              .Create(world.tenant, {.name = "Group " + std::to_string(k), .units = {world.fleet}})
              .value()
              .id;
    }
    const test::SampleTariffBook book =
        test::StoreSampleTariffBook(repositories_.tariff_codes(), repositories_.tariff_plans(), world.tenant,
                                    "Public", Eur(), clock_.Now(), Number("0.39"))
            .value();
    world.codes = book.tariff_codes;
    world.rules = book.rules;
    world.version = book.plan_version_id;
    return world;
  }

  // A stored CPO CDR of `world`'s tenant.
  CpoCdrId CpoCdr(const World& world, const std::string& cdr_id, Instant start = kJanuary) {
    Result<domain::CpoCdrReceipt> receipt = ingestor_->Ingest(test::SampleCpoCdr(
        {.tenant_id = world.tenant, .cpo = std::nullopt, .cdr_id = cdr_id, .start_date_time = start}));
    EXPECT_TRUE(receipt.ok()) << receipt.error().ToString();
    return receipt.ok() ? receipt->id : CpoCdrId{};
  }

  // The sample rating of `cpo_cdr` (test/support/msp_cdr_samples.h), customer and place of `world`.
  NewMspCdr Rated(const World& world, CpoCdrId cpo_cdr, Instant start = kJanuary) {
    return test::SampleMspCdr({.tenant_id = world.tenant,
                               .cpo_cdr_id = cpo_cdr,
                               .cpo = std::nullopt,
                               .session_start = start,
                               .token_id = world.token,
                               .profile_id = world.profile,
                               .organisation_unit_id = world.fleet,
                               .billing_unit_id = world.root,
                               .business_partner_groups = {world.groups[1], world.groups[0]},
                               .location_group_id = world.location_group,
                               .plan_version_id = world.version,
                               .tariff_codes = world.codes,
                               .rules = world.rules});
  }

  MspCdr Record(const NewMspCdr& cdr) {
    Result<MspCdr> recorded = msp_cdrs().Record(cdr);
    EXPECT_TRUE(recorded.ok()) << recorded.error().ToString();
    return recorded.ok() ? *recorded : MspCdr{.id = {}, .rating = cdr, .rated_at = {}};
  }

  std::vector<MspCdrId> Ids(const std::vector<MspCdr>& cdrs) {
    std::vector<MspCdrId> ids;
    for (const MspCdr& cdr : cdrs) ids.push_back(cdr.id);
    return ids;
  }

  // Every MSP CDR `query` lists, page after page of `query.limit`.
  std::vector<MspCdrId> AllPages(TenantId tenant, MspCdrQuery query) {
    std::vector<MspCdrId> ids;
    for (int pages = 0; pages < 100; ++pages) {
      Result<std::vector<MspCdr>> page = msp_cdrs().List(tenant, query);
      EXPECT_TRUE(page.ok()) << page.error().ToString();
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(static_cast<int>(page->size()), query.limit);
      for (const MspCdr& cdr : *page) ids.push_back(cdr.id);
      query.after = std::pair{page->back().rating.session_start, page->back().id};
    }
    return ids;
  }

  static constexpr Instant kJanuary =
      Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z

  // 2025-12-01T08:00:00.123Z: the milliseconds of `rated_at` must survive.
  ManualClock clock_{At("2025-12-01T08:00:00.123Z")};
  Backend backend_;
  Repositories repositories_ = Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<CpoCdrIngestor> ingestor_ = CpoCdrIngestor::Open(backend_.url(), clock_).value();
  World alpha_{};
  World beta_{};
};

TYPED_TEST_SUITE(MspCdrRepositoryTest, Backends, BackendNames);

TYPED_TEST(MspCdrRepositoryTest, StoresEveryFieldOfARatedCdrWithItsLinesAndCostAudit) {
  const World& a = this->alpha_;
  const CpoCdrId cpo_cdr = this->CpoCdr(a, "CDR-Round-Trip");
  // The sample in a USD CPO's terms, raised to a minimum of 15.00 by a clamp line:
  // 10.00 USD × 0.9237 = 9.237 → 9.24 EUR; 11.45 + 3.55 = 15.00; VAT 21 % 3.15; margin 15.00 − 9.24 = 5.76.
  NewMspCdr cdr = this->Rated(a, cpo_cdr, At("2026-01-02T17:45:30.250Z"));
  cdr.cpo_currency = Currency::Find("USD").value();
  cdr.cpo_cost_excl_vat = Number("10.00");
  cdr.exchange_rate = Number("0.9237");
  cdr.cpo_cost = Number("9.24");
  cdr.lines.push_back(MspCdrLine{.kind = MspCdrLineKind::kMinimumPrice,
                                 .tariff_code = std::nullopt,
                                 .rule = std::nullopt,
                                 .unit = TariffUnit::kSession,
                                 .measured = Number("1"),
                                 .quantity = Number("1"),
                                 .unit_price = Number("3.55"),
                                 .amount = Number("3.55"),
                                 .description = "Minimum session price 15.00"});
  cdr.total_excl_vat = Number("15.00");
  cdr.vat_amount = Number("3.15");
  cdr.total_incl_vat = Number("18.15");
  cdr.margin = Number("5.76");
  cdr.cost_audit = domain::CostAudit{
      .recomputed_cost_excl_vat = Number("10.50"), .difference = Number("-0.50"), .discrepancy = false};
  ASSERT_TRUE(domain::ValidateNewMspCdr(cdr).ok()) << domain::ValidateNewMspCdr(cdr).error().ToString();

  const MspCdr recorded = this->Record(cdr);
  EXPECT_GT(recorded.id.value, 0);
  EXPECT_EQ(recorded.rating, cdr);
  EXPECT_EQ(recorded.rated_at, At("2025-12-01T08:00:00.123Z"));
  EXPECT_FALSE(recorded.NeedsAttention());

  const MspCdr found = this->msp_cdrs().FindById(a.tenant, recorded.id).value();
  EXPECT_EQ(found, recorded);
  // Exact decimals with their scale, in the order the lines and groups were given.
  ASSERT_EQ(found.rating.lines.size(), 4U);
  EXPECT_EQ(found.rating.lines[0].measured.ToString(), "20.750");
  EXPECT_EQ(found.rating.lines[1].measured.ToString(), "1.216667");
  EXPECT_EQ(found.rating.lines[2].unit_price.ToString(), "0.355");
  EXPECT_EQ(found.rating.lines[3].kind, MspCdrLineKind::kMinimumPrice);
  EXPECT_EQ(found.rating.lines[3].tariff_code, std::nullopt);
  EXPECT_EQ(found.rating.business_partner_groups,
            (std::vector<BusinessPartnerGroupId>{a.groups[1], a.groups[0]}));
  EXPECT_EQ(found.rating.exchange_rate->ToString(), "0.9237");
  EXPECT_EQ(found.rating.explanation, cdr.explanation);

  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo_cdr).value(), recorded);
  // The OCPI id compared ignoring ASCII case, as a credit's credit_reference_id names it.
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdrKey(a.tenant, Party("BE-BEC"), "cdr-round-TRIP").value(), recorded);
  ExpectError(this->msp_cdrs().FindByCpoCdrKey(a.tenant, Party("BE-XYZ"), "CDR-Round-Trip"),
              ErrorCode::kNotFound, "credit_reference_id");
  ExpectError(this->msp_cdrs().FindById(a.tenant, MspCdrId{recorded.id.value + 1}), ErrorCode::kNotFound,
              "id");
  ExpectError(this->msp_cdrs().FindByCpoCdr(a.tenant, CpoCdrId{cpo_cdr.value + 1}), ErrorCode::kNotFound,
              "cpo_cdr_id");
}

TYPED_TEST(MspCdrRepositoryTest, StoresOneNeedingAttentionWithoutAmounts) {
  const World& a = this->alpha_;
  NewMspCdr cdr =
      NeedingAttention(this->Rated(a, this->CpoCdr(a, "CDR-Unknown-Token")), AttentionReason::kUnknownToken);
  cdr.attention_detail = "no token RFID 04A22B5A in this tenant — “unbekannt”";
  const MspCdr recorded = this->Record(cdr);
  EXPECT_TRUE(recorded.NeedsAttention());
  const MspCdr found = this->msp_cdrs().FindById(a.tenant, recorded.id).value();
  EXPECT_EQ(found, recorded);
  EXPECT_EQ(found.rating.attention, AttentionReason::kUnknownToken);
  EXPECT_EQ(found.rating.token_id, std::nullopt);
  EXPECT_EQ(found.rating.location_group_id, a.location_group);
  EXPECT_TRUE(found.rating.lines.empty());
  EXPECT_EQ(found.rating.cost_audit, std::nullopt);
}

TYPED_TEST(MspCdrRepositoryTest, RatingAgainReplacesOneNeedingAttentionUnderTheSameId) {
  const World& a = this->alpha_;
  const CpoCdrId cpo_cdr = this->CpoCdr(a, "CDR-Later-Rated");
  NewMspCdr first = NeedingAttention(this->Rated(a, cpo_cdr), AttentionReason::kNoPlanVersion);
  first.token_id = a.token;  // what was found before the plan version was missed
  first.profile_id = a.profile;
  first.organisation_unit_id = a.fleet;
  first.business_partner_groups = {a.groups[0], a.groups[1]};
  const MspCdr needing = this->Record(first);

  this->clock_.Advance(hours(2));
  NewMspCdr still = NeedingAttention(this->Rated(a, cpo_cdr), AttentionReason::kNoVatRate);
  still.business_partner_groups = {a.groups[1]};
  const MspCdr replaced = this->Record(still);
  EXPECT_EQ(replaced.id, needing.id);
  EXPECT_EQ(replaced.rating, still);
  EXPECT_EQ(replaced.rated_at, At("2025-12-01T10:00:00.123Z"));

  this->clock_.Advance(hours(1));
  const NewMspCdr rated = this->Rated(a, cpo_cdr);
  const MspCdr final_one = this->Record(rated);
  EXPECT_EQ(final_one.id, needing.id);
  EXPECT_EQ(final_one.rating, rated);
  EXPECT_EQ(final_one.rated_at, At("2025-12-01T11:00:00.123Z"));
  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, needing.id).value(), final_one);
  EXPECT_EQ(this->msp_cdrs().List(a.tenant, {}).value().size(), 1U);
}

TYPED_TEST(MspCdrRepositoryTest, ARatedCdrIsFinal) {
  const World& a = this->alpha_;
  const CpoCdrId cpo_cdr = this->CpoCdr(a, "CDR-Final");
  const MspCdr rated = this->Record(this->Rated(a, cpo_cdr));

  this->clock_.Advance(hours(1));
  NewMspCdr again = this->Rated(a, cpo_cdr);
  again.explanation = "a second opinion";
  ExpectError(this->msp_cdrs().Record(again), ErrorCode::kAlreadyExists, "cpo_cdr_id");
  ExpectError(this->msp_cdrs().Record(NeedingAttention(again, AttentionReason::kNoMatchingRule)),
              ErrorCode::kAlreadyExists, "cpo_cdr_id");
  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, rated.id).value(), rated);
}

TYPED_TEST(MspCdrRepositoryTest, RefusesWhatDoesNotAddUpBeforeWriting) {
  const World& a = this->alpha_;
  const CpoCdrId cpo_cdr = this->CpoCdr(a, "CDR-Bad-Sum");
  NewMspCdr cdr = this->Rated(a, cpo_cdr);
  cdr.total_incl_vat = Number("13.86");
  ExpectError(this->msp_cdrs().Record(cdr), ErrorCode::kInvalidArgument, "total_incl_vat");
  ExpectError(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo_cdr), ErrorCode::kNotFound, "cpo_cdr_id");
}

TYPED_TEST(MspCdrRepositoryTest, RecordManySkipsRatedOnesAndReplacesThoseNeedingAttention) {
  const World& a = this->alpha_;
  std::vector<CpoCdrId> cpo(5);
  for (std::size_t k = 0; k < cpo.size(); ++k) cpo[k] = this->CpoCdr(a, "CDR-Batch-" + std::to_string(k));
  const MspCdr stored_rated = this->Record(this->Rated(a, cpo[0]));
  const MspCdr stored_needing =
      this->Record(NeedingAttention(this->Rated(a, cpo[1]), AttentionReason::kNoExchangeRate));

  this->clock_.Advance(minutes(10));
  NewMspCdr other_opinion = this->Rated(a, cpo[0]);
  other_opinion.explanation = "rated twice";
  const std::vector<NewMspCdr> batch = {
      other_opinion,           // rated already: skipped
      this->Rated(a, cpo[1]),  // replaces the one needing attention
      this->Rated(a, cpo[2]),  // new
      NeedingAttention(this->Rated(a, cpo[3]), AttentionReason::kInFuture),   // new, needing attention
      NeedingAttention(this->Rated(a, cpo[4]), AttentionReason::kNoVatRate),  // twice in the batch: the
      this->Rated(a, cpo[4]),                                                 // second replaces the first
  };
  EXPECT_EQ(this->msp_cdrs().RecordMany(batch).value(), 4U);

  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, stored_rated.id).value(), stored_rated);
  const MspCdr replaced = this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[1]).value();
  EXPECT_EQ(replaced.id, stored_needing.id);
  EXPECT_EQ(replaced.rating, batch[1]);
  EXPECT_EQ(replaced.rated_at, At("2025-12-01T08:10:00.123Z"));
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[2]).value().rating, batch[2]);
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[3]).value().rating, batch[3]);
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[4]).value().rating, batch[5]);
  EXPECT_EQ(this->msp_cdrs().List(a.tenant, {}).value().size(), 5U);

  // The job runs the same batch again: only the one still needing attention is written.
  this->clock_.Advance(minutes(10));
  EXPECT_EQ(this->msp_cdrs().RecordMany(batch).value(), 1U);
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[3]).value().rated_at, At("2025-12-01T08:20:00.123Z"));
  EXPECT_EQ(this->msp_cdrs().FindByCpoCdr(a.tenant, cpo[2]).value().rated_at, At("2025-12-01T08:10:00.123Z"));
  EXPECT_EQ(this->msp_cdrs().RecordMany({}).value(), 0U);
}

TYPED_TEST(MspCdrRepositoryTest, RecordManyWritesNothingOfABatchWithOneBadCdr) {
  const World& a = this->alpha_;
  std::vector<CpoCdrId> cpo(3);
  for (std::size_t k = 0; k < cpo.size(); ++k)
    cpo[k] = this->CpoCdr(a, "CDR-All-Or-None-" + std::to_string(k));
  std::vector<NewMspCdr> batch = {this->Rated(a, cpo[0]), this->Rated(a, cpo[1]), this->Rated(a, cpo[2])};
  batch[2].lines[1].amount = Number("3.01");
  ExpectError(this->msp_cdrs().RecordMany(batch), ErrorCode::kInvalidArgument, "cdrs[2].lines[1].amount");

  // Valid, but referring to another tenant's token: the database refuses it, and the whole batch.
  batch[2] = this->Rated(a, cpo[2]);
  batch[1].token_id = this->beta_.token;
  ExpectError(this->msp_cdrs().RecordMany(batch), ErrorCode::kNotFound, "cdrs[1].token_id");
  batch[1] = this->Rated(a, cpo[1]);
  batch[2].lines[2].rule = this->beta_.rules[2];
  ExpectError(this->msp_cdrs().RecordMany(batch), ErrorCode::kNotFound, "cdrs[2].lines[2].rule");

  for (CpoCdrId id : cpo) {
    ExpectError(this->msp_cdrs().FindByCpoCdr(a.tenant, id), ErrorCode::kNotFound, "cpo_cdr_id");
  }
  EXPECT_EQ(this->UnratedIds(a.tenant, CpoCdrId{0}, 10).value(), cpo);
}

TYPED_TEST(MspCdrRepositoryTest, ACreditNamesTheRatedCdrItCancels) {
  const World& a = this->alpha_;
  const NewMspCdr original_rating = this->Rated(a, this->CpoCdr(a, "CDR-Original"));
  const MspCdr original = this->Record(original_rating);
  const NewMspCdr credit = CreditOf(original_rating, original.id, this->CpoCdr(a, "CDR-Credit"));
  const MspCdr stored = this->Record(credit);
  EXPECT_EQ(stored.rating.credit_of, original.id);
  EXPECT_EQ(stored.rating.total_incl_vat, Number("-13.85"));
  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, stored.id).value(), stored);

  // Only a rated MSP CDR can be cancelled, and only one of the tenant.
  const MspCdr needing = this->Record(
      NeedingAttention(this->Rated(a, this->CpoCdr(a, "CDR-Unclear")), AttentionReason::kUnknownToken));
  ExpectError(this->msp_cdrs().Record(CreditOf(original_rating, needing.id, this->CpoCdr(a, "CDR-Credit-2"))),
              ErrorCode::kFailedPrecondition, "credit_of");
  ExpectError(this->msp_cdrs().Record(CreditOf(original_rating, MspCdrId{stored.id.value + 100},
                                               this->CpoCdr(a, "CDR-Credit-3"))),
              ErrorCode::kNotFound, "credit_of");
}

TYPED_TEST(MspCdrRepositoryTest, AnotherTenantsCdrsAndReferencesAreNotFound) {
  const World& a = this->alpha_;
  const World& b = this->beta_;
  const CpoCdrId a_cpo = this->CpoCdr(a, "CDR-A");
  const MspCdr a_cdr = this->Record(this->Rated(a, a_cpo));
  const CpoCdrId b_cpo = this->CpoCdr(b, "CDR-B");
  const MspCdr b_cdr = this->Record(this->Rated(b, b_cpo));

  ExpectError(this->msp_cdrs().FindById(b.tenant, a_cdr.id), ErrorCode::kNotFound, "id");
  ExpectError(this->msp_cdrs().FindByCpoCdr(b.tenant, a_cpo), ErrorCode::kNotFound, "cpo_cdr_id");
  ExpectError(this->msp_cdrs().FindByCpoCdrKey(b.tenant, Party("BE-BEC"), "CDR-A"), ErrorCode::kNotFound,
              "credit_reference_id");
  EXPECT_EQ(this->Ids(this->msp_cdrs().List(b.tenant, {}).value()), std::vector<MspCdrId>{b_cdr.id});
  EXPECT_EQ(this->UnratedIds(b.tenant, CpoCdrId{0}, 10).value(), std::vector<CpoCdrId>{});
  // Guessing every id through B finds B's only.
  for (std::int64_t id = 0; id <= b_cdr.id.value + 2; ++id) {
    Result<MspCdr> found = this->msp_cdrs().FindById(b.tenant, MspCdrId{id});
    EXPECT_EQ(found.ok(), id == b_cdr.id.value) << id;
  }

  // B cannot rate A's CPO CDR, credit A's MSP CDR, or name A's customer, place, plan or rules.
  const CpoCdrId b_next = this->CpoCdr(b, "CDR-B-2");
  const CpoCdrId b_other = this->CpoCdr(b, "CDR-B-3");  // a good companion in a batch
  struct Case {
    const char* field;
    void (*change)(NewMspCdr&, const World&, CpoCdrId, MspCdrId);
  };
  const Case cases[] = {
      {"cpo_cdr_id", [](NewMspCdr& c, const World&, CpoCdrId cpo, MspCdrId) { c.cpo_cdr_id = cpo; }},
      {"token_id", [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.token_id = w.token; }},
      {"profile_id", [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.profile_id = w.profile; }},
      {"organisation_unit_id",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.organisation_unit_id = w.fleet; }},
      {"billing_unit_id",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.billing_unit_id = w.root; }},
      {"location_group_id",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.location_group_id = w.location_group; }},
      {"plan_version_id",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.plan_version_id = w.version; }},
      {"business_partner_groups[1]",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.business_partner_groups[1] = w.groups[0]; }},
      {"lines[0].tariff_code",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.lines[0].tariff_code = w.codes[0]; }},
      {"lines[2].rule",
       [](NewMspCdr& c, const World& w, CpoCdrId, MspCdrId) { c.lines[2].rule = w.rules[2]; }},
  };
  for (const Case& refused : cases) {
    NewMspCdr cdr = this->Rated(b, b_next);
    refused.change(cdr, a, a_cpo, a_cdr.id);
    ExpectError(this->msp_cdrs().Record(cdr), ErrorCode::kNotFound, refused.field);
    ExpectError(this->msp_cdrs().RecordMany(std::vector<NewMspCdr>{this->Rated(b, b_other), cdr}),
                ErrorCode::kNotFound, "cdrs[1]." + std::string(refused.field));
  }
  ExpectError(this->msp_cdrs().Record(CreditOf(this->Rated(b, b_next), a_cdr.id, b_next)),
              ErrorCode::kNotFound, "credit_of");
  ExpectError(this->msp_cdrs().FindByCpoCdr(b.tenant, b_next), ErrorCode::kNotFound, "cpo_cdr_id");
  ExpectError(this->msp_cdrs().FindByCpoCdr(b.tenant, b_other), ErrorCode::kNotFound, "cpo_cdr_id");
  EXPECT_EQ(this->msp_cdrs().FindById(b.tenant, b_cdr.id).value(), b_cdr);

  // The schema refuses cross-tenant rows written past the repository (and takes the same rows within
  // one tenant, so that the refusal is the foreign key's).
  const std::string b_id = std::to_string(b.tenant.value);
  auto cdr_row = [&](CpoCdrId cpo) {
    return "INSERT INTO msp_cdrs (tenant_id, cpo_cdr_id, country_code, party_id, session_start, session_end, "
           "attention_reason, attention_detail, currency, total_excl_vat, vat_percent, vat_amount, "
           "total_incl_vat, "
           "cpo_currency, cpo_cost_excl_vat, cpo_cost, margin, explanation, rated_at) VALUES (" +
           b_id + ", " + std::to_string(cpo.value) +
           ", 'BE', 'BEC', '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', 'UNKNOWN_TOKEN', 'x', "
           "'EUR', "
           "'0', '0', '0', '0', 'EUR', '0', '0', '0', '', '2026-01-01T00:00:00.000Z')";
  };
  auto line_row = [&](MspCdrId cdr) {
    return "INSERT INTO msp_cdr_lines (tenant_id, msp_cdr_id, position, kind, unit, measured, quantity, "
           "unit_price, "
           "amount, description) VALUES (" +
           b_id + ", " + std::to_string(cdr.value) +
           ", 9, 'MINIMUM_PRICE', 'SESSION', '1', '1', '1', '1', 'x')";
  };
  auto group_row = [&](BusinessPartnerGroupId group) {
    return "INSERT INTO msp_cdr_business_partner_groups (tenant_id, msp_cdr_id, position, "
           "business_partner_group_id) "
           "VALUES (" +
           b_id + ", " + std::to_string(b_cdr.id.value) + ", 9, " + std::to_string(group.value) + ")";
  };
  EXPECT_FALSE(this->backend_.Execute(cdr_row(a_cpo)));
  EXPECT_TRUE(this->backend_.Execute(cdr_row(b_next)));
  EXPECT_FALSE(this->backend_.Execute(line_row(a_cdr.id)));
  EXPECT_TRUE(this->backend_.Execute(line_row(b_cdr.id)));
  EXPECT_FALSE(this->backend_.Execute(group_row(a.groups[0])));
  EXPECT_TRUE(this->backend_.Execute(group_row(b.groups[0])));
  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, a_cdr.id).value(), a_cdr);
}

TYPED_TEST(MspCdrRepositoryTest, AGroupThatRatedCdrsCannotBeDeleted) {
  const World& a = this->alpha_;
  const LocationGroupId highway =
      this->repositories_.location_groups()
          .Create(a.tenant, domain::NewLocationGroup{.name = "Highway", .priority = 1, .criteria = {}})
          .value()
          .id;
  NewMspCdr cdr = this->Rated(a, this->CpoCdr(a, "CDR-Highway"));
  cdr.location_group_id = highway;
  cdr.business_partner_groups = {a.groups[1]};
  const MspCdr stored = this->Record(cdr);

  for (Result<void> refused : {this->repositories_.location_groups().Delete(a.tenant, highway),
                               this->repositories_.business_partner_groups().Delete(a.tenant, a.groups[1])}) {
    ExpectError(refused, ErrorCode::kFailedPrecondition, "id");
    if (!refused) {
      EXPECT_NE(refused.error().message.find("MSP CDRs"), std::string::npos) << refused.error().message;
    }
  }
  // A group no MSP CDR (and no rule) names goes.
  EXPECT_TRUE(this->repositories_.business_partner_groups().Delete(a.tenant, a.groups[0]));
  EXPECT_EQ(this->msp_cdrs().FindById(a.tenant, stored.id).value(), stored);
}

TYPED_TEST(MspCdrRepositoryTest, ListsByStartWithFiltersAndKeysetPages) {
  const World& a = this->alpha_;
  // Seven MSP CDRs: starts out of order, two at the same instant (then by id), three needing attention.
  struct Row {
    const char* start;
    std::optional<AttentionReason> reason;
  };
  const Row rows[] = {
      {"2026-01-03T10:00:00Z", std::nullopt},
      {"2026-01-01T10:00:00Z", AttentionReason::kUnknownToken},
      {"2026-01-02T10:00:00Z", std::nullopt},
      {"2026-01-02T10:00:00Z", AttentionReason::kNoVatRate},
      {"2026-01-05T10:00:00Z", AttentionReason::kUnknownToken},
      {"2026-01-04T10:00:00Z", std::nullopt},
      {"2025-12-31T23:59:59.999Z", std::nullopt},
  };
  std::vector<MspCdrId> ids;
  for (std::size_t k = 0; k < std::size(rows); ++k) {
    const Instant start = At(rows[k].start);
    NewMspCdr cdr = this->Rated(a, this->CpoCdr(a, "CDR-List-" + std::to_string(k), start), start);
    if (rows[k].reason) cdr = NeedingAttention(cdr, *rows[k].reason);
    ids.push_back(this->Record(cdr).id);
  }
  // Another tenant's CDR in the same period is never listed.
  this->Record(this->Rated(this->beta_, this->CpoCdr(this->beta_, "CDR-List-B"), At("2026-01-02T10:00:00Z")));

  const std::vector<MspCdrId> by_start = {ids[6], ids[1], ids[2], ids[3], ids[0], ids[5], ids[4]};
  for (int limit : {1, 2, 3, 7, 1000}) {
    EXPECT_EQ(this->AllPages(a.tenant, {.limit = limit}), by_start) << limit;
  }
  EXPECT_EQ(this->AllPages(
                a.tenant, {.from = At("2026-01-01T10:00:00Z"), .to = At("2026-01-04T10:00:00Z"), .limit = 2}),
            (std::vector<MspCdrId>{ids[1], ids[2], ids[3], ids[0]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.from = At("2026-01-02T10:00:00Z"), .limit = 1}),
            (std::vector<MspCdrId>{ids[2], ids[3], ids[0], ids[5], ids[4]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.to = At("2026-01-01T10:00:00Z"), .limit = 5}),
            std::vector<MspCdrId>{ids[6]});
  EXPECT_EQ(this->AllPages(a.tenant, {.needs_attention = true, .limit = 2}),
            (std::vector<MspCdrId>{ids[1], ids[3], ids[4]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.needs_attention = false, .limit = 2}),
            (std::vector<MspCdrId>{ids[6], ids[2], ids[0], ids[5]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.reason = AttentionReason::kUnknownToken, .limit = 1}),
            (std::vector<MspCdrId>{ids[1], ids[4]}));
  EXPECT_EQ(
      this->AllPages(a.tenant, {.needs_attention = true, .reason = AttentionReason::kNoVatRate, .limit = 9}),
      std::vector<MspCdrId>{ids[3]});
  EXPECT_EQ(this->AllPages(a.tenant, {.reason = AttentionReason::kInFuture, .limit = 9}),
            std::vector<MspCdrId>{});

  // A page carries the lines of its CDRs.
  const std::vector<MspCdr> page =
      this->msp_cdrs().List(a.tenant, {.needs_attention = false, .limit = 2}).value();
  ASSERT_EQ(page.size(), 2U);
  EXPECT_EQ(page[0].rating.lines.size(), 3U);
  EXPECT_EQ(page[1], this->msp_cdrs().FindById(a.tenant, ids[2]).value());

  ExpectError(this->msp_cdrs().List(a.tenant, {.limit = 0}), ErrorCode::kInvalidArgument, "limit");
  ExpectError(this->msp_cdrs().List(a.tenant, {.limit = 1001}), ErrorCode::kInvalidArgument, "limit");
  ExpectError(
      this->msp_cdrs().List(a.tenant, {.from = At("2026-01-02T00:00:00Z"), .to = At("2026-01-02T00:00:00Z")}),
      ErrorCode::kInvalidArgument, "to");
  ExpectError(
      this->msp_cdrs().List(a.tenant, {.needs_attention = false, .reason = AttentionReason::kInFuture}),
      ErrorCode::kInvalidArgument, "reason");
}

TYPED_TEST(MspCdrRepositoryTest, ListsNewestFirstAndByUnitSubtreeProfileCpoAndCurrency) {
  const World& a = this->alpha_;
  Repositories& r = this->repositories_;
  // root ─ fleet ─ team, and root ─ other; a second profile in team.
  const OrganisationUnitId team = r.organisation_units()
                                      .Create(a.tenant, {.parent_id = a.fleet, .name = "Team", .billing = {}})
                                      .value()
                                      .id;
  const OrganisationUnitId other =
      r.organisation_units()
          .Create(a.tenant, {.parent_id = a.root, .name = "Other", .billing = {}})
          .value()
          .id;
  const ProfileId team_driver = r.profiles()
                                    .Create(a.tenant, {.organisation_unit_id = team,
                                                       .name = "Team driver",
                                                       .kind = domain::ProfileKind::kDriver,
                                                       .email = "",
                                                       .prices_hidden = false})
                                    .value()
                                    .id;
  struct Row {
    const char* start;
    std::optional<OrganisationUnitId> unit;  // none: needing attention, no customer
    ProfileId profile;
    const char* cpo;
    const char* currency;
  };
  const Row rows[] = {
      {"2026-01-03T10:00:00Z", a.fleet, a.profile, "BE-BEC", "EUR"},
      {"2026-01-01T10:00:00Z", team, team_driver, "NL-ABC", "EUR"},
      {"2026-01-02T10:00:00Z", other, a.profile, "BE-BEC", "CHF"},
      {"2026-01-02T10:00:00Z", team, team_driver, "BE-BEC", "EUR"},
      {"2026-01-05T10:00:00Z", std::nullopt, a.profile, "BE-BEC", "EUR"},
      {"2026-01-04T10:00:00Z", a.root, a.profile, "NL-ABC", "EUR"},
  };
  std::vector<MspCdrId> ids;
  for (std::size_t k = 0; k < std::size(rows); ++k) {
    const Instant start = At(rows[k].start);
    NewMspCdr cdr = this->Rated(a, this->CpoCdr(a, "CDR-Filter-" + std::to_string(k), start), start);
    cdr.cpo = Party(rows[k].cpo);
    cdr.currency = cdr.cpo_currency = Currency::Find(rows[k].currency).value();
    if (rows[k].unit) {
      cdr.organisation_unit_id = *rows[k].unit;
      cdr.profile_id = rows[k].profile;
    } else {
      cdr = NeedingAttention(cdr, AttentionReason::kUnknownToken);
    }
    ids.push_back(this->Record(cdr).id);
  }
  const World& b = this->beta_;
  this->Record(this->Rated(b, this->CpoCdr(b, "CDR-Filter-B"), At("2026-01-02T10:00:00Z")));

  // Two at the same start: by id, the later one first when newest first.
  const std::vector<MspCdrId> newest = {ids[4], ids[5], ids[0], ids[3], ids[2], ids[1]};
  for (int limit : {1, 2, 3, 6, 1000}) {
    EXPECT_EQ(this->AllPages(a.tenant, {.limit = limit, .newest_first = true}), newest) << limit;
  }
  EXPECT_EQ(this->AllPages(a.tenant, {.from = At("2026-01-02T10:00:00Z"),
                                      .to = At("2026-01-04T10:00:00Z"),
                                      .limit = 1,
                                      .newest_first = true}),
            (std::vector<MspCdrId>{ids[0], ids[3], ids[2]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.to = At("2026-01-02T10:00:00Z"), .limit = 1, .newest_first = true}),
            std::vector<MspCdrId>{ids[1]});
  EXPECT_EQ(this->AllPages(a.tenant, {.needs_attention = false, .limit = 2, .newest_first = true}),
            (std::vector<MspCdrId>{ids[5], ids[0], ids[3], ids[2], ids[1]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.needs_attention = true, .limit = 2, .newest_first = true}),
            std::vector<MspCdrId>{ids[4]});

  // A unit's subtree: the unit and every unit below it.
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 1, .organisation_unit_subtree = a.fleet}),
            (std::vector<MspCdrId>{ids[1], ids[3], ids[0]}));
  EXPECT_EQ(
      this->AllPages(a.tenant, {.limit = 2, .newest_first = true, .organisation_unit_subtree = a.fleet}),
      (std::vector<MspCdrId>{ids[0], ids[3], ids[1]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 2, .organisation_unit_subtree = team}),
            (std::vector<MspCdrId>{ids[1], ids[3]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .organisation_unit_subtree = a.root}),
            (std::vector<MspCdrId>{ids[1], ids[2], ids[3], ids[0], ids[5]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .organisation_unit_subtree = other}),
            std::vector<MspCdrId>{ids[2]});
  // Another tenant's unit or profile lists nothing, as a missing one does.
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .organisation_unit_subtree = b.root}),
            std::vector<MspCdrId>{});
  EXPECT_EQ(this->AllPages(b.tenant, {.limit = 10, .organisation_unit_subtree = a.root}),
            std::vector<MspCdrId>{});
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .profile_id = b.profile}), std::vector<MspCdrId>{});

  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 1, .profile_id = team_driver}),
            (std::vector<MspCdrId>{ids[1], ids[3]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 1, .newest_first = true, .cpo = Party("NL-ABC")}),
            (std::vector<MspCdrId>{ids[5], ids[1]}));
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .cpo = Party("NL-XYZ")}), std::vector<MspCdrId>{});
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 10, .currency = Currency::Find("CHF").value()}),
            std::vector<MspCdrId>{ids[2]});
  EXPECT_EQ(this->AllPages(a.tenant, {.limit = 2, .newest_first = true, .currency = Eur()}),
            (std::vector<MspCdrId>{ids[4], ids[5], ids[0], ids[3], ids[1]}));
  // All together.
  EXPECT_EQ(this->AllPages(a.tenant, {.from = At("2026-01-01T10:00:01Z"),
                                      .needs_attention = false,
                                      .limit = 1,
                                      .newest_first = true,
                                      .organisation_unit_subtree = a.fleet,
                                      .profile_id = team_driver,
                                      .cpo = Party("BE-BEC"),
                                      .currency = Eur()}),
            std::vector<MspCdrId>{ids[3]});
}

TYPED_TEST(MspCdrRepositoryTest, ListsTheCpoCdrsWithoutAnMspCdrById) {
  const World& a = this->alpha_;
  std::vector<CpoCdrId> cpo(6);
  for (std::size_t k = 0; k < cpo.size(); ++k) cpo[k] = this->CpoCdr(a, "CDR-Unrated-" + std::to_string(k));
  this->CpoCdr(this->beta_, "CDR-Unrated-B");
  EXPECT_EQ(this->UnratedIds(a.tenant, CpoCdrId{0}, 1000).value(), cpo);

  // Rated or needing attention: either way no longer waiting to be rated.
  this->Record(this->Rated(a, cpo[1]));
  this->Record(NeedingAttention(this->Rated(a, cpo[4]), AttentionReason::kNoMatchingRule));
  EXPECT_EQ(this->UnratedIds(a.tenant, CpoCdrId{0}, 2).value(), (std::vector<CpoCdrId>{cpo[0], cpo[2]}));
  EXPECT_EQ(this->UnratedIds(a.tenant, cpo[2], 2).value(), (std::vector<CpoCdrId>{cpo[3], cpo[5]}));
  EXPECT_EQ(this->UnratedIds(a.tenant, cpo[5], 2).value(), std::vector<CpoCdrId>{});
  ExpectError(this->repositories_.cpo_cdrs().ListUnrated(a.tenant, CpoCdrId{0}, 0),
              ErrorCode::kInvalidArgument, "limit");
  ExpectError(this->repositories_.cpo_cdrs().ListUnrated(a.tenant, CpoCdrId{0}, 1001),
              ErrorCode::kInvalidArgument, "limit");
}

// The sample (msp_cdr_samples.h): 11.45 excl. VAT, 13.85 incl., CPO cost 9.88, margin 1.57; its CPO CDR
// 20.75 kWh.
TYPED_TEST(MspCdrRepositoryTest, SumsEachMonthAndCurrencyExactlyWithinTheScope) {
  const World& a = this->alpha_;
  const MspCdr first = this->Record(this->Rated(a, this->CpoCdr(a, "CDR-Jan-1"), At("2026-01-05T10:00:00Z")));
  this->Record(this->Rated(a, this->CpoCdr(a, "CDR-Jan-2"), At("2026-01-31T23:59:59.999Z")));
  this->Record(NeedingAttention(this->Rated(a, this->CpoCdr(a, "CDR-Jan-Held"), At("2026-01-10T10:00:00Z")),
                                AttentionReason::kUnknownToken));
  NewMspCdr credit = CreditOf(first.rating, first.id, this->CpoCdr(a, "CDR-Jan-Credit"));
  credit.session_start = At("2026-01-20T10:00:00Z");
  credit.session_end = credit.session_start + std::chrono::minutes(73);
  this->Record(credit);
  this->Record(this->Rated(a, this->CpoCdr(a, "CDR-Feb-1"), At("2026-02-01T00:00:00Z")));
  this->Record(this->Rated(a, this->CpoCdr(a, "CDR-Mar-1"), At("2026-03-01T00:00:00Z")));  // after `to`
  this->Record(this->Rated(this->beta_, this->CpoCdr(this->beta_, "CDR-B-Jan"), At("2026-01-05T10:00:00Z")));

  const domain::MspCdrMonthsQuery quarter{.from = At("2026-01-01T00:00:00Z"),
                                          .to = At("2026-03-01T00:00:00Z"),
                                          .organisation_unit_subtree = std::nullopt,
                                          .profile_id = std::nullopt};
  const std::vector<domain::MspCdrMonth> months = this->msp_cdrs().Months(a.tenant, quarter).value();
  ASSERT_EQ(months.size(), 2u);
  // January: two sessions and the credit of the first, 2 × 11.45 − 11.45 = 11.45; the held one counted apart.
  const domain::MspCdrMonth& january = months[0];
  EXPECT_EQ(domain::FormatBillingPeriod(january.month), "2026-01");
  EXPECT_EQ(january.currency, Eur());
  EXPECT_EQ(january.sessions, 2);
  EXPECT_EQ(january.credits, 1);
  EXPECT_EQ(january.needs_attention, 1);
  EXPECT_EQ(january.energy_kwh, Number("41.50"));  // the credit's energy is not energy charged
  EXPECT_EQ(january.revenue_excl_vat, Number("11.45"));
  EXPECT_EQ(january.revenue_incl_vat, Number("13.85"));
  EXPECT_EQ(january.cpo_cost, Number("9.88"));
  EXPECT_EQ(january.margin, Number("1.57"));
  const domain::MspCdrMonth& february = months[1];
  EXPECT_EQ(domain::FormatBillingPeriod(february.month), "2026-02");
  EXPECT_EQ(february.sessions, 1);
  EXPECT_EQ(february.credits, 0);
  EXPECT_EQ(february.needs_attention, 0);
  EXPECT_EQ(february.energy_kwh, Number("20.75"));
  EXPECT_EQ(february.margin, Number("1.57"));

  // The fleet's subtree and the driver's profile: the same sessions, without the held one of nobody.
  domain::MspCdrMonthsQuery fleet = quarter;
  fleet.organisation_unit_subtree = a.fleet;
  const std::vector<domain::MspCdrMonth> of_fleet = this->msp_cdrs().Months(a.tenant, fleet).value();
  ASSERT_EQ(of_fleet.size(), 2u);
  EXPECT_EQ(of_fleet[0].needs_attention, 0);
  EXPECT_EQ(of_fleet[0].revenue_excl_vat, Number("11.45"));
  domain::MspCdrMonthsQuery profile = quarter;
  profile.profile_id = a.profile;
  EXPECT_EQ(this->msp_cdrs().Months(a.tenant, profile).value().size(), 2u);
  // Another tenant's unit or a unit without CDRs sums nothing.
  domain::MspCdrMonthsQuery foreign = quarter;
  foreign.organisation_unit_subtree = this->beta_.fleet;
  EXPECT_TRUE(this->msp_cdrs().Months(a.tenant, foreign).value().empty());
  // Beta's own month is its alone.
  const std::vector<domain::MspCdrMonth> beta = this->msp_cdrs().Months(this->beta_.tenant, quarter).value();
  ASSERT_EQ(beta.size(), 1u);
  EXPECT_EQ(beta[0].sessions, 1);
  domain::MspCdrMonthsQuery backwards = quarter;
  std::swap(backwards.from, backwards.to);
  ExpectError(this->msp_cdrs().Months(a.tenant, backwards), ErrorCode::kInvalidArgument, "to");
}

}  // namespace
}  // namespace openmsp::store
