// Sessions on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::AuthMethod;
using domain::CdrKey;
using domain::LiveSessionFilter;
using domain::OcpiPrice;
using domain::OrganisationUnitId;
using domain::ProfileId;
using domain::Session;
using domain::SessionCursor;
using domain::SessionCustomer;
using domain::SessionId;
using domain::SessionKey;
using domain::SessionPage;
using domain::SessionStatus;
using domain::StoredSession;
using domain::TenantId;
using domain::TokenId;
using domain::TokenType;
using domain::UpsertOutcome;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

// Session `id` of CPO BE-BEC, started at `start`, last updated a minute later.
Session Charging(const std::string& id, const char* start, SessionStatus status = SessionStatus::kActive) {
  const Instant started = At(start);
  return Session{.key = {.party = Party("BE-BEC"), .session_id = id},
                 .start_date_time = started,
                 .end_date_time = std::nullopt,
                 .kwh = Number("12.3450"),
                 .cdr_token = {.party = Party("DE-ALP"),
                               .uid = "04A22B5A",
                               .type = TokenType::kRfid,
                               .contract_id = "DE-ALP-C00000001-X"},
                 .auth_method = AuthMethod::kWhitelist,
                 .authorization_reference = "",
                 .location_id = "LOC1",
                 .evse_uid = "3256",
                 .connector_id = "1",
                 .meter_id = "",
                 .currency = "EUR",
                 .total_cost = std::nullopt,
                 .status = status,
                 .last_updated = started + std::chrono::minutes(1),
                 // Received bytes, kept exactly: spacing, key order, escapes, UTF-8, a number no double holds.
                 .raw_json = "{ \"id\" : \"" + id +
                             "\",\n\t\"meter\":\"Z\\u00e4hler ⚡\", \"x\": 0.100000000000000000000000001 }",
                 .customer = std::nullopt};
}

std::vector<std::string> Ids(const SessionPage& page) {
  std::vector<std::string> ids;
  for (const StoredSession& session : page.sessions) ids.push_back(session.session.key.session_id);
  return ids;
}

template <class Backend>
class SessionRepositoryTest : public ::testing::Test {
 protected:
  domain::SessionRepository& sessions() { return repositories_.sessions(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  OrganisationUnitId Unit(TenantId tenant, std::optional<OrganisationUnitId> parent, const char* name) {
    return repositories_.organisation_units()
        .Create(tenant, {.parent_id = parent, .name = name, .billing = {}})
        .value()
        .id;
  }

  // A driver in `unit` with one RFID card; the customer a session of that card resolves to.
  SessionCustomer Driver(TenantId tenant, OrganisationUnitId unit, const char* uid, const char* contract_id) {
    ProfileId profile = repositories_.profiles()
                            .Create(tenant, {.organisation_unit_id = unit,
                                             .name = uid,
                                             .kind = domain::ProfileKind::kDriver,
                                             .email = "",
                                             .prices_hidden = false})
                            .value()
                            .id;
    TokenId token = repositories_.tokens()
                        .Create(tenant, domain::NewToken{.profile_id = profile,
                                                         .uid = uid,
                                                         .type = TokenType::kRfid,
                                                         .contract_id = EmaId::Parse(contract_id).value(),
                                                         .visual_number = "",
                                                         .issuer = "Alpha Mobility",
                                                         .group_id = "",
                                                         .whitelist = domain::TokenWhitelist::kAllowed,
                                                         .language = "",
                                                         .valid_from = std::nullopt,
                                                         .valid_until = std::nullopt,
                                                         .cost_centre = ""})
                        .value()
                        .id;
    return SessionCustomer{.token_id = token, .profile_id = profile, .organisation_unit_id = unit};
  }

  void Store(TenantId tenant, const Session& session) {
    Result<UpsertOutcome> stored = sessions().Upsert(tenant, session);
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  }

  // Every live session `filter` lets through, following the pages of `limit`.
  std::vector<std::string> AllPages(TenantId tenant, const LiveSessionFilter& filter, std::size_t limit) {
    std::vector<std::string> ids;
    std::optional<SessionCursor> after;
    for (int page = 0; page < 20; ++page) {
      SessionPage found = sessions().ListLive(tenant, filter, after, limit).value();
      EXPECT_LE(found.sessions.size(), limit);
      for (const std::string& id : Ids(found)) ids.push_back(id);
      if (!found.next) return ids;
      EXPECT_EQ(found.sessions.size(), limit);  // only a full page says that another follows
      after = found.next;
    }
    ADD_FAILURE() << "more than 20 pages";
    return ids;
  }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(SessionRepositoryTest, Backends, BackendNames);

TYPED_TEST(SessionRepositoryTest, StoresASessionAsReceivedAndFindsItByKeyAndId) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  OrganisationUnitId root = this->Unit(tenant, std::nullopt, "Root");
  Session session = Charging("SES-1", "2026-03-01T10:00:00.123Z");
  session.end_date_time = At("2026-03-01T11:30:00.456Z");
  session.status = SessionStatus::kCompleted;
  session.kwh = Number("41.1200");
  session.total_cost = OcpiPrice{.excl_vat = Number("8.5000"), .incl_vat = Number("9.35")};
  session.authorization_reference = "REF-1";
  session.meter_id = "Zähler 7";
  session.auth_method = AuthMethod::kAuthRequest;
  session.cdr_token.type = TokenType::kAppUser;
  session.customer = this->Driver(tenant, root, "04A22B5A", "DE-ALP-C00000001");
  Result<UpsertOutcome> created = this->sessions().Upsert(tenant, session);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(*created, UpsertOutcome::kCreated);

  Result<StoredSession> found = this->sessions().Find(tenant, {.party = Party("be-bec"), .session_id = "ses-1"});
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(found->tenant_id, tenant);
  EXPECT_EQ(found->session, session);
  EXPECT_EQ(found->cdr, std::nullopt);
  EXPECT_EQ(found->session.raw_json, session.raw_json);  // byte for byte
  // Exact decimals with their scale, not just their value.
  EXPECT_EQ(found->session.kwh.ToString(), "41.1200");
  EXPECT_EQ(found->session.total_cost->excl_vat.ToString(), "8.5000");
  EXPECT_EQ(found->session.total_cost->incl_vat->ToString(), "9.35");
  EXPECT_EQ(found->session.end_date_time, At("2026-03-01T11:30:00.456Z"));  // to the millisecond
  EXPECT_EQ(this->sessions().FindById(tenant, found->id).value(), *found);

  // Optional fields absent: they come back absent, not as zeros or empty objects.
  Session bare = Charging("SES-2", "2026-03-01T10:00:00Z");
  bare.total_cost = OcpiPrice{.excl_vat = Number("0.00"), .incl_vat = std::nullopt};  // free is not absent
  this->Store(tenant, bare);
  StoredSession bare_found = this->sessions().Find(tenant, bare.key).value();
  EXPECT_EQ(bare_found.session, bare);
  EXPECT_EQ(bare_found.session.total_cost->excl_vat.ToString(), "0.00");
  EXPECT_EQ(bare_found.session.total_cost->incl_vat, std::nullopt);

  Result<StoredSession> missing = this->sessions().Find(tenant, {.party = Party("BE-BEC"), .session_id = "SES-3"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "session_id");
  // Another CPO's session with the same id is another session.
  EXPECT_EQ(this->sessions().Find(tenant, {.party = Party("NL-BEC"), .session_id = "SES-1"}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->sessions().FindById(tenant, SessionId{987654}).error().field, "id");
}

TYPED_TEST(SessionRepositoryTest, APutReplacesTheSessionAndAnOlderOneIsNotApplied) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  OrganisationUnitId root = this->Unit(tenant, std::nullopt, "Root");
  Session pending = Charging("SES-1", "2026-03-01T10:00:00Z", SessionStatus::kPending);
  EXPECT_EQ(this->sessions().Upsert(tenant, pending).value(), UpsertOutcome::kCreated);
  const SessionId id = this->sessions().Find(tenant, pending.key)->id;

  Session active = pending;
  active.key.session_id = "ses-1";  // the spelling of the latest PUT is kept
  active.status = SessionStatus::kActive;
  active.kwh = Number("3.5");
  active.total_cost = OcpiPrice{.excl_vat = Number("1.20"), .incl_vat = Number("1.45")};
  active.last_updated = At("2026-03-01T10:10:00Z");
  active.raw_json = R"({"id":"ses-1","status":"ACTIVE"})";
  active.customer = this->Driver(tenant, root, "04A22B5A", "DE-ALP-C00000001");
  EXPECT_EQ(this->sessions().Upsert(tenant, active).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->sessions().Find(tenant, pending.key).value(),
            (StoredSession{.id = id, .tenant_id = tenant, .session = active, .cdr = std::nullopt}));

  // Older than what is stored (a PUT overtaken by a later one): not applied, nothing changes.
  Session older = pending;
  older.last_updated = At("2026-03-01T10:09:59.999Z");
  EXPECT_EQ(this->sessions().Upsert(tenant, older).value(), UpsertOutcome::kStale);
  EXPECT_EQ(this->sessions().Find(tenant, pending.key)->session, active);
  // The same last_updated again is applied again (a repeated push); here it clears the customer.
  Session repeated = active;
  repeated.customer.reset();
  repeated.total_cost.reset();
  EXPECT_EQ(this->sessions().Upsert(tenant, repeated).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->sessions().Find(tenant, pending.key)->session, repeated);

  // A linked CDR survives the CPO's next PUT.
  const CdrKey cdr{.party = Party("BE-BEC"), .cdr_id = "CDR-1"};
  ASSERT_TRUE(this->sessions().LinkCdr(tenant, pending.key, cdr).ok());
  Session completed = repeated;
  completed.status = SessionStatus::kCompleted;
  completed.end_date_time = At("2026-03-01T11:00:00Z");
  completed.last_updated = At("2026-03-01T11:00:01Z");
  EXPECT_EQ(this->sessions().Upsert(tenant, completed).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->sessions().Find(tenant, pending.key).value(),
            (StoredSession{.id = id, .tenant_id = tenant, .session = completed, .cdr = cdr}));
}

TYPED_TEST(SessionRepositoryTest, RefusesBadInputNamingTheFieldAndStoresNothing) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Session bad = Charging("SES-1", "2026-03-01T10:00:00Z");
  bad.kwh = Number("-1");
  Result<UpsertOutcome> refused = this->sessions().Upsert(tenant, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "kwh");
  bad = Charging("SES-1", "2026-03-01T10:00:00Z");
  bad.end_date_time = At("2026-03-01T09:00:00Z");
  EXPECT_EQ(this->sessions().Upsert(tenant, bad).error().field, "end_date_time");
  EXPECT_EQ(this->sessions().Find(tenant, bad.key).error().code, ErrorCode::kNotFound);

  Result<UpsertOutcome> no_tenant = this->sessions().Upsert(TenantId{987654}, Charging("SES-1", "2026-03-01T10:00:00Z"));
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");

  // A customer whose ids are not all the tenant's.
  OrganisationUnitId root = this->Unit(tenant, std::nullopt, "Root");
  SessionCustomer customer = this->Driver(tenant, root, "04A22B5A", "DE-ALP-C00000001");
  Session session = Charging("SES-1", "2026-03-01T10:00:00Z");
  session.customer = customer;
  session.customer->token_id = TokenId{987654};
  EXPECT_EQ(this->sessions().Upsert(tenant, session).error().field, "customer.token_id");
  session.customer = customer;
  session.customer->profile_id = ProfileId{987654};
  EXPECT_EQ(this->sessions().Upsert(tenant, session).error().field, "customer.profile_id");
  session.customer = customer;
  session.customer->organisation_unit_id = OrganisationUnitId{987654};
  Result<UpsertOutcome> foreign_unit = this->sessions().Upsert(tenant, session);
  ASSERT_FALSE(foreign_unit.ok());
  EXPECT_EQ(foreign_unit.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign_unit.error().field, "customer.organisation_unit_id");
  EXPECT_EQ(this->sessions().Find(tenant, session.key).error().code, ErrorCode::kNotFound);
}

// The live view: ACTIVE and PENDING sessions without a CDR, newest first, by unit subtree, profile or token.
TYPED_TEST(SessionRepositoryTest, ListsLiveSessionsInScopeNewestFirstInKeysetPages) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  OrganisationUnitId root = this->Unit(tenant, std::nullopt, "Root");
  OrganisationUnitId fleet = this->Unit(tenant, root, "Fleet");
  OrganisationUnitId north = this->Unit(tenant, fleet, "Fleet North");
  OrganisationUnitId staff = this->Unit(tenant, root, "Staff");
  SessionCustomer ada = this->Driver(tenant, fleet, "0A0A0A0A", "DE-ALP-C00000001");
  SessionCustomer bob = this->Driver(tenant, north, "0B0B0B0B", "DE-ALP-C00000002");
  SessionCustomer cy = this->Driver(tenant, staff, "0C0C0C0C", "DE-ALP-C00000003");

  auto store = [&](const char* id, const char* start, std::optional<SessionCustomer> customer,
                   SessionStatus status = SessionStatus::kActive) {
    Session session = Charging(id, start, status);
    session.customer = customer;
    this->Store(tenant, session);
  };
  store("ada-1", "2026-03-01T08:00:00Z", ada);
  store("bob-1", "2026-03-01T09:00:00Z", bob);
  store("cy-1", "2026-03-01T09:30:00Z", cy, SessionStatus::kPending);
  store("ada-2", "2026-03-01T10:00:00Z", ada);
  store("bob-2", "2026-03-01T10:00:00Z", bob);  // same start as ada-2: the later row comes first
  store("unknown-1", "2026-03-01T10:30:00Z", std::nullopt);  // a token the eMSP does not know
  store("bob-done", "2026-03-01T11:00:00Z", bob, SessionStatus::kCompleted);
  store("ada-invalid", "2026-03-01T11:00:00Z", ada, SessionStatus::kInvalid);
  store("cy-booked", "2026-03-01T11:00:00Z", cy, SessionStatus::kReservation);
  store("ada-3", "2026-03-01T12:00:00Z", ada);
  // The CPO never sent COMPLETED for ada-3, but its CDR came: no longer live.
  ASSERT_TRUE(this->sessions()
                  .LinkCdr(tenant, {.party = Party("BE-BEC"), .session_id = "ADA-3"},
                           {.party = Party("BE-BEC"), .cdr_id = "CDR-ADA-3"})
                  .ok());

  const std::vector<std::string> everyone = {"unknown-1", "bob-2", "ada-2", "cy-1", "bob-1", "ada-1"};
  SessionPage first = this->sessions().ListLive(tenant, {}, std::nullopt, 100).value();
  EXPECT_EQ(Ids(first), everyone);
  EXPECT_EQ(first.next, std::nullopt);
  for (const StoredSession& session : first.sessions) EXPECT_TRUE(domain::IsShownLive(session));
  for (std::size_t limit : {1u, 2u, 4u, 5u, 6u}) {
    EXPECT_EQ(this->AllPages(tenant, {}, limit), everyone) << "pages of " << limit;
  }
  SessionPage two = this->sessions().ListLive(tenant, {}, std::nullopt, 2).value();
  ASSERT_TRUE(two.next.has_value());
  EXPECT_EQ(two.next->start_date_time, At("2026-03-01T10:00:00Z"));
  EXPECT_EQ(two.next->id, two.sessions.back().id);

  // A fleet manager of "Fleet" sees Fleet and Fleet North; of "Fleet North" only that.
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = fleet, .profile = {}, .token = {}}, 2),
            (std::vector<std::string>{"bob-2", "ada-2", "bob-1", "ada-1"}));
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = north, .profile = {}, .token = {}}, 1),
            (std::vector<std::string>{"bob-2", "bob-1"}));
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = root, .profile = {}, .token = {}}, 100),
            (std::vector<std::string>{"bob-2", "ada-2", "cy-1", "bob-1", "ada-1"}));  // not the unknown token
  // A driver sees their own, by profile or token.
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = {}, .profile = ada.profile_id, .token = {}}, 1),
            (std::vector<std::string>{"ada-2", "ada-1"}));
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = {}, .profile = {}, .token = bob.token_id}, 100),
            (std::vector<std::string>{"bob-2", "bob-1"}));
  // Criteria combine: Bob's token within Staff matches nothing.
  EXPECT_TRUE(this->AllPages(tenant, {.organisation_unit = staff, .profile = {}, .token = bob.token_id}, 100).empty());
  EXPECT_TRUE(this->AllPages(tenant, {.organisation_unit = OrganisationUnitId{987654}, .profile = {}, .token = {}}, 100)
                  .empty());

  // A session that ends leaves the live view.
  Session ended = Charging("bob-2", "2026-03-01T10:00:00Z", SessionStatus::kCompleted);
  ended.last_updated = At("2026-03-01T13:00:00Z");
  ended.customer = bob;
  ASSERT_EQ(this->sessions().Upsert(tenant, ended).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->AllPages(tenant, {.organisation_unit = north, .profile = {}, .token = {}}, 100),
            (std::vector<std::string>{"bob-1"}));

  EXPECT_EQ(this->sessions().ListLive(tenant, {}, std::nullopt, 0).error().field, "limit");
  EXPECT_EQ(this->sessions().ListLive(tenant, {}, std::nullopt, 101).error().field, "limit");
}

TYPED_TEST(SessionRepositoryTest, LinksTheCdrThatClosedASession) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  this->Store(tenant, Charging("SES-1", "2026-03-01T10:00:00Z"));
  const SessionKey key{.party = Party("BE-BEC"), .session_id = "ses-1"};
  const CdrKey original{.party = Party("BE-BEC"), .cdr_id = "CDR-1"};
  ASSERT_TRUE(this->sessions().LinkCdr(tenant, key, original).ok());
  EXPECT_EQ(this->sessions().Find(tenant, key)->cdr, original);
  // A replacement CDR (after a credit) takes its place.
  const CdrKey replacement{.party = Party("BE-BEC"), .cdr_id = "CDR-1-R"};
  ASSERT_TRUE(this->sessions().LinkCdr(tenant, key, replacement).ok());
  EXPECT_EQ(this->sessions().Find(tenant, key)->cdr, replacement);

  Result<void> no_session =
      this->sessions().LinkCdr(tenant, {.party = Party("BE-BEC"), .session_id = "SES-2"}, original);
  ASSERT_FALSE(no_session.ok());
  EXPECT_EQ(no_session.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_session.error().field, "session_id");
  EXPECT_EQ(this->sessions().LinkCdr(tenant, key, {.party = Party("BE-BEC"), .cdr_id = std::string(40, 'c')})
                .error()
                .field,
            "cdr_id");
  EXPECT_EQ(this->sessions().Find(tenant, key)->cdr, replacement);
}

// Pushes of one session racing on four connections, each writer with its own last_updated values, the
// first ones racing to create it: whatever the interleaving, the newest push is what stays stored, the
// session exists once, and no writer sees an error.
TYPED_TEST(SessionRepositoryTest, ConcurrentPushesLeaveTheNewestSession) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  constexpr int kWriters = 4;
  constexpr int kPushes = 25;
  std::atomic<int> created{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      Repositories own = this->backend_.Open(this->clock_);
      for (int push = 0; push < kPushes; ++push) {
        Session session = Charging("SES-1", "2026-03-01T10:00:00Z");
        // Interleaved minutes: writer w pushes w, w + 4, w + 8, ... minutes after the start.
        const int minutes = push * kWriters + writer;
        session.last_updated = session.start_date_time + std::chrono::minutes(minutes);
        session.kwh = Decimal(minutes);
        session.raw_json = "{\"minute\":" + std::to_string(minutes) + "}";
        Result<UpsertOutcome> stored = own.sessions().Upsert(tenant, session);
        if (!stored.ok()) {
          ++failures;
          ADD_FAILURE() << stored.error().ToString();
        } else if (*stored == UpsertOutcome::kCreated) {
          ++created;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(created.load(), 1);
  const int last = kWriters * kPushes - 1;
  StoredSession stored = this->sessions().Find(tenant, Charging("SES-1", "2026-03-01T10:00:00Z").key).value();
  EXPECT_EQ(stored.session.kwh, Decimal(last));
  EXPECT_EQ(stored.session.raw_json, "{\"minute\":" + std::to_string(last) + "}");
  EXPECT_EQ(this->sessions().ListLive(tenant, {}, std::nullopt, 100)->sessions.size(), 1u);
}

// Two writers on connections of their own, each making 50 locked read-modify-writes of one session in
// its own transaction: each adds 1 to `kwh` (a counter both change) and counts in a member of its own
// (`meter_id`, `authorization_reference`). Every change is there at the end: none was lost to the other
// writer's merge of a copy read before it.
TYPED_TEST(SessionRepositoryTest, LockedReadModifyWritesOfOneSessionLoseNothing) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Session charging = Charging("SES-1", "2026-03-01T10:00:00Z");
  charging.kwh = Decimal(0);
  this->Store(tenant, charging);
  const SessionKey key = charging.key;
  constexpr int kWriters = 2;
  constexpr int kChanges = 50;
  std::atomic<int> failures{0};
  std::latch start(kWriters);
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      Repositories own = this->backend_.Open(this->clock_);
      start.arrive_and_wait();
      for (int change = 1; change <= kChanges; ++change) {
        Result<void> changed = own.InOneTransaction([&](Repositories& db) -> Result<void> {
          OPENMSP_ASSIGN_OR_RETURN(StoredSession stored, db.sessions().FindForUpdate(tenant, key));
          Session session = std::move(stored.session);
          session.kwh = session.kwh + Decimal(1);
          (writer == 0 ? session.meter_id : session.authorization_reference) = std::to_string(change);
          session.last_updated = session.last_updated + std::chrono::seconds(1);
          OPENMSP_ASSIGN_OR_RETURN(UpsertOutcome outcome, db.sessions().Upsert(tenant, session));
          if (outcome != UpsertOutcome::kReplaced) return Error{ErrorCode::kInternal, "", "not replaced"};
          return Ok();
        });
        if (!changed) {
          ++failures;
          ADD_FAILURE() << changed.error().ToString();
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  const StoredSession stored = this->sessions().Find(tenant, key).value();
  EXPECT_EQ(stored.session.kwh, Decimal(kWriters * kChanges));
  EXPECT_EQ(stored.session.meter_id, std::to_string(kChanges));
  EXPECT_EQ(stored.session.authorization_reference, std::to_string(kChanges));
  EXPECT_EQ(stored.session.last_updated, charging.last_updated + std::chrono::seconds(kWriters * kChanges));

  // Outside a transaction it is `Find` (the lock ends with the read).
  EXPECT_EQ(this->sessions().FindForUpdate(tenant, key).value(), stored);
  const Result<StoredSession> unknown =
      this->sessions().FindForUpdate(tenant, {.party = Party("BE-BEC"), .session_id = "SES-2"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "session_id");
}

// Tenant B receives a session with the same key from the same CPO, and knows or guesses the ids of A's
// rows: B sees only its own copy, and nothing B does reaches A's.
TYPED_TEST(SessionRepositoryTest, KeepsEveryTenantsSessionsToItself) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  OrganisationUnitId a_root = this->Unit(a, std::nullopt, "A");
  OrganisationUnitId b_root = this->Unit(b, std::nullopt, "B");
  SessionCustomer a_driver = this->Driver(a, a_root, "0A0A0A0A", "DE-ALP-C00000001");
  SessionCustomer b_driver = this->Driver(b, b_root, "0B0B0B0B", "DE-BRV-C00000001");
  Session a_session = Charging("SES-1", "2026-03-01T10:00:00Z");
  a_session.customer = a_driver;
  this->Store(a, a_session);
  this->Store(a, Charging("SES-2", "2026-03-01T10:05:00Z"));
  StoredSession a_stored = this->sessions().Find(a, a_session.key).value();

  EXPECT_EQ(this->sessions().Find(b, a_session.key).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->sessions().FindById(b, a_stored.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->sessions().ListLive(b, {}, std::nullopt, 100)->sessions.empty());
  EXPECT_TRUE(
      this->sessions().ListLive(b, {.organisation_unit = a_root, .profile = {}, .token = {}}, std::nullopt, 100)
          ->sessions.empty());
  EXPECT_TRUE(this->sessions()
                  .ListLive(b, {.organisation_unit = {}, .profile = a_driver.profile_id, .token = {}}, std::nullopt, 100)
                  ->sessions.empty());
  EXPECT_TRUE(this->sessions()
                  .ListLive(b, {.organisation_unit = {}, .profile = {}, .token = a_driver.token_id}, std::nullopt, 100)
                  ->sessions.empty());
  EXPECT_EQ(this->sessions()
                .LinkCdr(b, a_session.key, {.party = Party("BE-BEC"), .cdr_id = "CDR-1"})
                .error()
                .code,
            ErrorCode::kNotFound);
  // B cannot hang its session on A's customer, nor on a mix.
  Session grafted = Charging("SES-9", "2026-03-01T10:00:00Z");
  grafted.customer = a_driver;
  EXPECT_EQ(this->sessions().Upsert(b, grafted).error().field, "customer.token_id");
  grafted.customer = b_driver;
  grafted.customer->organisation_unit_id = a_root;
  EXPECT_EQ(this->sessions().Upsert(b, grafted).error().field, "customer.organisation_unit_id");

  // B's copy of the same CPO session is its own, even when newer.
  Session b_session = Charging("SES-1", "2026-03-01T10:00:00Z", SessionStatus::kCompleted);
  b_session.last_updated = At("2026-03-02T00:00:00Z");
  b_session.customer = b_driver;
  EXPECT_EQ(this->sessions().Upsert(b, b_session).value(), UpsertOutcome::kCreated);
  StoredSession b_stored = this->sessions().Find(b, b_session.key).value();
  EXPECT_NE(b_stored.id, a_stored.id);

  std::vector<SessionId> found;
  for (std::int64_t guess = 0; guess <= b_stored.id.value + 10; ++guess) {
    if (Result<StoredSession> session = this->sessions().FindById(b, SessionId{guess}); session.ok()) {
      EXPECT_EQ(session->tenant_id, b);
      found.push_back(session->id);
    }
  }
  EXPECT_EQ(found, (std::vector{b_stored.id}));
  EXPECT_EQ(this->sessions().Find(a, a_session.key).value(), a_stored);
  EXPECT_EQ(this->sessions().ListLive(a, {}, std::nullopt, 100)->sessions.size(), 2u);
}

// The schema holds the tenant boundary on its own, for writers that bypass the repository.
TYPED_TEST(SessionRepositoryTest, TheSchemaRefusesRowsAcrossTenantsAndHalfResolvedCustomers) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  SessionCustomer a_driver = this->Driver(a, this->Unit(a, std::nullopt, "A"), "0A0A0A0A", "DE-ALP-C00000001");
  SessionCustomer b_driver = this->Driver(b, this->Unit(b, std::nullopt, "B"), "0B0B0B0B", "DE-BRV-C00000001");
  auto insert = [&](const std::string& session_id, const std::string& token, const std::string& profile,
                    const std::string& unit) {
    return this->backend_.Execute(
        "INSERT INTO sessions (tenant_id, country_code, party_id, session_id, start_date_time, kwh, "
        "token_country_code, token_party_id, token_uid, token_type, token_contract_id, auth_method, "
        "location_id, evse_uid, connector_id, currency, status, last_updated, raw_json, token_id, profile_id, "
        "organisation_unit_id) VALUES (" +
        std::to_string(b.value) + ", 'BE', 'BEC', '" + session_id +
        "', '2026-03-01T10:00:00.000Z', '1', 'DE', 'BRV', 'U', 'RFID', 'C', 'WHITELIST', 'L', 'E', 'C', 'EUR', "
        "'ACTIVE', '2026-03-01T10:00:00.000Z', '{}', " +
        token + ", " + profile + ", " + unit + ")");
  };
  const std::string b_token = std::to_string(b_driver.token_id.value);
  const std::string b_profile = std::to_string(b_driver.profile_id.value);
  const std::string b_unit = std::to_string(b_driver.organisation_unit_id.value);
  EXPECT_FALSE(insert("S1", std::to_string(a_driver.token_id.value), b_profile, b_unit).ok());
  EXPECT_FALSE(insert("S2", b_token, std::to_string(a_driver.profile_id.value), b_unit).ok());
  EXPECT_FALSE(insert("S3", b_token, b_profile, std::to_string(a_driver.organisation_unit_id.value)).ok());
  EXPECT_FALSE(insert("S4", b_token, "NULL", "NULL").ok());  // a token without its profile and unit
  EXPECT_TRUE(insert("S5", b_token, b_profile, b_unit).ok());
  EXPECT_TRUE(insert("S6", "NULL", "NULL", "NULL").ok());
  EXPECT_FALSE(insert("s5", "NULL", "NULL", "NULL").ok());  // the key is unique ignoring case
  EXPECT_EQ(this->sessions().ListLive(b, {}, std::nullopt, 100)->sessions.size(), 2u);
}

}  // namespace
}  // namespace openmsp::store
