// The Control Centre's lists of profiles, users and tokens, token issuing with generated contract ids and
// the token import, on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/password.h"
#include "domain/repositories.h"
#include "domain/token_import.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::OrganisationUnitId;
using domain::Profile;
using domain::ProfileId;
using domain::ProfileListQuery;
using domain::ProfilePage;
using domain::Role;
using domain::TenantId;
using domain::Token;
using domain::TokenId;
using domain::TokenImportOutcome;
using domain::TokenImportReport;
using domain::TokenListPage;
using domain::TokenListQuery;
using domain::TokenStatus;
using domain::TokenToIssue;
using domain::TokenType;
using domain::User;
using domain::UserId;
using domain::UserListQuery;
using domain::UserPage;
using domain::UserStatus;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

using Names = std::vector<std::string>;

Names NamesOf(const ProfilePage& page) {
  Names names;
  for (const Profile& profile : page.profiles) names.push_back(profile.name);
  return names;
}

Names NamesOf(const UserPage& page) {
  Names names;
  for (const User& user : page.users) names.push_back(user.display_name);
  return names;
}

Names NamesOf(const TokenListPage& page) {
  Names names;
  for (const Token& token : page.tokens) names.push_back(token.uid);
  return names;
}

TokenToIssue Card(ProfileId profile, const char* uid) {
  return TokenToIssue{.profile_id = profile,
                      .uid = uid,
                      .type = TokenType::kRfid,
                      .visual_number = "",
                      .issuer = "Alpha Mobility",
                      .group_id = "",
                      .whitelist = domain::TokenWhitelist::kAllowed,
                      .language = "",
                      .valid_from = std::nullopt,
                      .valid_until = std::nullopt,
                      .cost_centre = ""};
}

// Tenant alpha (NL-AAA): root R with units A (and A1 below it) and B; a profile in each unit, users with
// roles at R, A and B and a driver whose own profile is in A1, and tokens of several profiles. Tenant
// beta (NL-BBB) has a look-alike profile, user and token.
template <class Backend>
class ControlCentreListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = NewTenant("alpha", "NL-AAA");
    beta_ = NewTenant("beta", "NL-BBB");
    root_ = Unit(alpha_, std::nullopt, "R");
    a_ = Unit(alpha_, root_, "A");
    a1_ = Unit(alpha_, a_, "A1");
    b_ = Unit(alpha_, root_, "B");
    p_root_ = NewProfile(alpha_, root_, "Root Driver", "root@alpha.example");
    p_a_ = NewProfile(alpha_, a_, "Anna Jansen", "anna@fleet.example");
    p_a1_ = NewProfile(alpha_, a1_, "Bas de Vries", "bas@fleet.example");
    p_b_ = NewProfile(alpha_, b_, "Carla 100%", "");
    beta_root_ = Unit(beta_, std::nullopt, "R");
    beta_profile_ = NewProfile(beta_, beta_root_, "Anna Jansen", "anna@fleet.example");

    admin_ = NewUser(alpha_, "admin@alpha.example", "Admin", std::nullopt);
    Assign(alpha_, admin_, Role::kTenantAdmin, root_);
    fleet_ = NewUser(alpha_, "fleet@alpha.example", "Fleet A", std::nullopt);
    Assign(alpha_, fleet_, Role::kFleetManager, a_);
    driver_ = NewUser(alpha_, "bas@fleet.example", "Bas", p_a1_);
    other_ = NewUser(alpha_, "ou@alpha.example", "OU Admin B", std::nullopt);
    Assign(alpha_, other_, Role::kOuAdmin, b_);
    ASSERT_TRUE(repositories_.users().SetStatus(alpha_, other_, UserStatus::kDisabled));
    NewUser(beta_, "fleet@alpha.example", "Fleet A", std::nullopt);

    t_card_ = NewToken(alpha_, p_a_, "04A22B5A", TokenType::kRfid, "NL-AAA-C00000005", "VIS-0005");
    t_app_ = NewToken(alpha_, p_a_, "app-anna", TokenType::kAppUser, "NL-AAA-C00000006", "");
    t_bas_ = NewToken(alpha_, p_a1_, "11223344", TokenType::kRfid, "NL-AAA-C00000007", "");
    t_carla_ = NewToken(alpha_, p_b_, "55667788", TokenType::kRfid, "NL-AAA-C00000008", "");
    ASSERT_TRUE(repositories_.tokens().SetStatus(alpha_, t_carla_, TokenStatus::kActive));
    ASSERT_TRUE(repositories_.tokens().SetStatus(alpha_, t_carla_, TokenStatus::kBlocked));
    NewToken(beta_, beta_profile_, "04A22B5A", TokenType::kRfid, "NL-BBB-C00000005", "VIS-0005");
  }

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
        ->id;
  }

  ProfileId NewProfile(TenantId tenant, OrganisationUnitId unit, const char* name, const char* email) {
    return repositories_.profiles()
        .Create(tenant, {.organisation_unit_id = unit,
                         .name = name,
                         .kind = domain::ProfileKind::kDriver,
                         .email = email,
                         .prices_hidden = false})
        ->id;
  }

  UserId NewUser(TenantId tenant, const char* email, const char* name, std::optional<ProfileId> profile) {
    static const domain::PasswordHash hash =
        domain::HashPassword("a long enough password", "", domain::PasswordHashCost::Minimum()).value();
    return repositories_.users()
        .Create(tenant, {.email = email, .display_name = name, .password_hash = hash, .profile_id = profile})
        ->id;
  }

  void Assign(TenantId tenant, UserId user, Role role, OrganisationUnitId unit) {
    ASSERT_TRUE(repositories_.users().AssignRole(tenant, user, role, unit));
  }

  TokenId NewToken(TenantId tenant, ProfileId profile, const char* uid, TokenType type,
                   const char* contract_id, const char* visual_number) {
    TokenToIssue token = Card(profile, uid);
    token.type = type;
    token.visual_number = visual_number;
    Result<Token> created = repositories_.tokens().Create(
        tenant, domain::WithContractId(token, EmaId::Parse(contract_id).value()));
    EXPECT_TRUE(created) << created.error().ToString();
    return created ? created->id : TokenId{};
  }

  Names Profiles(TenantId tenant, ProfileListQuery query) {
    Result<ProfilePage> page = repositories_.profiles().List(tenant, query);
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? NamesOf(*page) : Names{"error"};
  }

  Names Users(TenantId tenant, UserListQuery query) {
    Result<UserPage> page = repositories_.users().List(tenant, query);
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? NamesOf(*page) : Names{"error"};
  }

  Names Tokens(TenantId tenant, TokenListQuery query) {
    Result<TokenListPage> page = repositories_.tokens().List(tenant, query);
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? NamesOf(*page) : Names{"error"};
  }

  Backend backend_;
  ManualClock clock_{At("2026-03-01T10:00:00Z")};
  Repositories repositories_ = backend_.Open(clock_);
  TenantId alpha_, beta_;
  OrganisationUnitId root_, a_, a1_, b_, beta_root_;
  ProfileId p_root_, p_a_, p_a1_, p_b_, beta_profile_;
  UserId admin_, fleet_, driver_, other_;
  TokenId t_card_, t_app_, t_bas_, t_carla_;
};

TYPED_TEST_SUITE(ControlCentreListsTest, Backends, BackendNames);

TYPED_TEST(ControlCentreListsTest, ProfilesOfASubtreeMatchingAText) {
  EXPECT_EQ(this->Profiles(this->alpha_, {}),
            (Names{"Root Driver", "Anna Jansen", "Bas de Vries", "Carla 100%"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.organisation_unit = this->a_}),
            (Names{"Anna Jansen", "Bas de Vries"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.organisation_unit = this->a1_}), (Names{"Bas de Vries"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.text = "FLEET.example"}), (Names{"Anna Jansen", "Bas de Vries"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.text = "anna"}), (Names{"Anna Jansen"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.text = "0%"}), (Names{"Carla 100%"}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.organisation_unit = this->b_, .text = "anna"}), (Names{}));
}

TYPED_TEST(ControlCentreListsTest, ProfilePagesFollowOneAnother) {
  Result<ProfilePage> first = this->repositories_.profiles().List(this->alpha_, {.limit = 3});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(NamesOf(*first), (Names{"Root Driver", "Anna Jansen", "Bas de Vries"}));
  ASSERT_EQ(first->next, this->p_a1_);
  Result<ProfilePage> second =
      this->repositories_.profiles().List(this->alpha_, {.after = *first->next, .limit = 3});
  EXPECT_EQ(NamesOf(*second), (Names{"Carla 100%"}));
  EXPECT_FALSE(second->next);
  Result<ProfilePage> exact = this->repositories_.profiles().List(this->alpha_, {.limit = 4});
  EXPECT_EQ(exact->profiles.size(), 4u);
  EXPECT_FALSE(exact->next);
}

TYPED_TEST(ControlCentreListsTest, UsersWithinUnitsByRoleOrOwnProfile) {
  EXPECT_EQ(this->Users(this->alpha_, {}), (Names{"Admin", "Fleet A", "Bas", "OU Admin B"}));
  // The fleet manager holds a role at A; the driver's profile lives in A1, below A.
  EXPECT_EQ(this->Users(this->alpha_, {.organisation_units = {this->a_}}), (Names{"Fleet A", "Bas"}));
  EXPECT_EQ(this->Users(this->alpha_, {.organisation_units = {this->a1_}}), (Names{"Bas"}));
  EXPECT_EQ(this->Users(this->alpha_, {.organisation_units = {this->a1_, this->b_}}),
            (Names{"Bas", "OU Admin B"}));
  EXPECT_EQ(this->Users(this->alpha_, {.organisation_units = {this->root_}}),
            (Names{"Admin", "Fleet A", "Bas", "OU Admin B"}));
  EXPECT_EQ(this->Users(this->alpha_, {.status = UserStatus::kDisabled}), (Names{"OU Admin B"}));
  EXPECT_EQ(this->Users(this->alpha_, {.status = UserStatus::kActive}), (Names{"Admin", "Fleet A", "Bas"}));
  EXPECT_EQ(this->Users(this->alpha_, {.text = "ALPHA.example"}), (Names{"Admin", "Fleet A", "OU Admin B"}));
  EXPECT_EQ(this->Users(this->alpha_, {.text = "admin b"}), (Names{"OU Admin B"}));
  Result<UserPage> page = this->repositories_.users().List(this->alpha_, {.limit = 2});
  EXPECT_EQ(NamesOf(*page), (Names{"Admin", "Fleet A"}));
  ASSERT_EQ(page->next, this->fleet_);
  EXPECT_EQ(this->Users(this->alpha_, {.after = *page->next, .limit = 2}), (Names{"Bas", "OU Admin B"}));
}

TYPED_TEST(ControlCentreListsTest, TokensByProfileUnitStatusAndText) {
  EXPECT_EQ(this->Tokens(this->alpha_, {}), (Names{"04A22B5A", "app-anna", "11223344", "55667788"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.profile = this->p_a_}), (Names{"04A22B5A", "app-anna"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.organisation_unit = this->a_}),
            (Names{"04A22B5A", "app-anna", "11223344"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.organisation_unit = this->b_}), (Names{"55667788"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.status = TokenStatus::kBlocked}), (Names{"55667788"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.status = TokenStatus::kPending, .text = "anna"}),
            (Names{"app-anna"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.text = "04a2"}), (Names{"04A22B5A"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.text = "c00000007"}), (Names{"11223344"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.text = "vis-"}), (Names{"04A22B5A"}));
  EXPECT_EQ(this->Tokens(this->alpha_, {.profile = this->p_a_, .organisation_unit = this->b_}), (Names{}));
  Result<TokenListPage> page = this->repositories_.tokens().List(this->alpha_, {.limit = 3});
  ASSERT_EQ(page->next, this->t_bas_);
  EXPECT_EQ(this->Tokens(this->alpha_, {.after = *page->next}), (Names{"55667788"}));
}

TYPED_TEST(ControlCentreListsTest, ListsNeverShowAnotherTenantsRows) {
  // Alpha's unit, profile and keyset ids given through beta match nothing of alpha's.
  EXPECT_EQ(this->Profiles(this->beta_, {}), (Names{"Anna Jansen"}));
  EXPECT_EQ(this->Profiles(this->beta_, {.organisation_unit = this->root_}), (Names{}));
  EXPECT_EQ(this->Profiles(this->alpha_, {.organisation_unit = this->beta_root_}), (Names{}));
  EXPECT_EQ(this->Users(this->beta_, {}), (Names{"Fleet A"}));
  EXPECT_EQ(this->Users(this->beta_, {.organisation_units = {this->a_, this->root_}}), (Names{}));
  EXPECT_EQ(this->Tokens(this->beta_, {}), (Names{"04A22B5A"}));
  EXPECT_EQ(this->Tokens(this->beta_, {.profile = this->p_a_}), (Names{}));
  EXPECT_EQ(this->Tokens(this->beta_, {.organisation_unit = this->a_}), (Names{}));
  EXPECT_EQ(this->Tokens(this->beta_, {.text = "app"}), (Names{}));
  Result<TokenListPage> beta_tokens = this->repositories_.tokens().List(this->beta_, {});
  for (const Token& token : beta_tokens->tokens) EXPECT_EQ(token.tenant_id, this->beta_);
}

TYPED_TEST(ControlCentreListsTest, ListsRefuseABadQueryNamingTheField) {
  Result<TokenListPage> tokens = this->repositories_.tokens().List(this->alpha_, {.limit = 101});
  ASSERT_FALSE(tokens);
  EXPECT_EQ(tokens.error().field, "limit");
  Result<ProfilePage> profiles =
      this->repositories_.profiles().List(this->alpha_, {.text = std::string(101, 'x')});
  ASSERT_FALSE(profiles);
  EXPECT_EQ(profiles.error().field, "text");
  Result<UserPage> users =
      this->repositories_.users().List(this->alpha_, {.organisation_units = std::vector(101, this->a_)});
  ASSERT_FALSE(users);
  EXPECT_EQ(users.error().field, "organisation_units");
}

TYPED_TEST(ControlCentreListsTest, IssueGivesEachPartyTheNextFreeContractNumber) {
  domain::TokenRepository& tokens = this->repositories_.tokens();
  Result<Token> first = tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "AA000001"));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->contract_id.ToString(), domain::IssuedContractId(Party("NL-AAA"), 1)->ToString());
  EXPECT_EQ(first->contract_id.instance(), "C00000001");
  EXPECT_EQ(first->status, TokenStatus::kPending);
  EXPECT_EQ(tokens.FindByUid(this->alpha_, "AA000001", TokenType::kRfid)->contract_id, first->contract_id);
  EXPECT_EQ(tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "AA000002"))->contract_id.instance(),
            "C00000002");
  // A refused token (its uid is taken) uses no number.
  Result<Token> duplicate = tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "04A22B5A"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "uid");
  // 3 and 4 are free; 5 to 8 are carried by the cards created with them (collisions), so 9 comes after 4.
  EXPECT_EQ(tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "AA000003"))->contract_id.instance(),
            "C00000003");
  EXPECT_EQ(tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "AA000004"))->contract_id.instance(),
            "C00000004");
  Result<Token> ninth = tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->p_a_, "AA000009"));
  ASSERT_TRUE(ninth) << ninth.error().ToString();
  EXPECT_EQ(ninth->contract_id.instance(), "C00000009");
  EXPECT_EQ(tokens.FindByContractId(this->alpha_, ninth->contract_id)->size(), 1u);
  // Beta's party counts on its own.
  EXPECT_EQ(tokens.Issue(this->beta_, Party("NL-BBB"), Card(this->beta_profile_, "BB000001"))
                ->contract_id.ToString(),
            domain::IssuedContractId(Party("NL-BBB"), 1)->ToString());
}

TYPED_TEST(ControlCentreListsTest, IssueRefusesAPartyThatIsNotTheTenants) {
  domain::TokenRepository& tokens = this->repositories_.tokens();
  for (const char* party : {"NL-BBB", "DE-XYZ"}) {
    Result<Token> issued = tokens.Issue(this->alpha_, Party(party), Card(this->p_a_, "AA000001"));
    ASSERT_FALSE(issued) << party;
    EXPECT_EQ(issued.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(issued.error().field, "party");
  }
  Result<Token> unknown_profile =
      tokens.Issue(this->alpha_, Party("NL-AAA"), Card(this->beta_profile_, "AA000001"));
  ASSERT_FALSE(unknown_profile);
  EXPECT_EQ(unknown_profile.error().field, "profile_id");
  EXPECT_FALSE(tokens.FindByUid(this->alpha_, "AA000001", TokenType::kRfid));
}

TYPED_TEST(ControlCentreListsTest, ImportReportsEveryRowAndARerunChangesNothing) {
  const std::string p_a = std::to_string(this->p_a_.value);
  const std::string p_a1 = std::to_string(this->p_a1_.value);
  // Rows: a new card with its contract id; a new card without (generated); a bad type; a profile of
  // another tenant; card 04A22B5A as stored; card 11223344 moved to another profile with a validity end;
  // card 55667788 with another contract id; a row with a missing field.
  const std::string csv =
      "\xEF\xBB\xBFuid,type,profile,visual_number,valid_until,contract_id\r\n"
      "AB000001,RFID," +
      p_a +
      ",\"Card, one\",,NL-AAA-C00000100\r\n"
      "AB000002,RFID," +
      p_a +
      ",,2027-01-01T00:00:00Z,\r\n"
      "AB000003,CARD," +
      p_a +
      ",,,\r\n"
      "AB000004,RFID," +
      std::to_string(this->beta_profile_.value) +
      ",,,\r\n"
      "04:a2:2b:5a,RFID," +
      p_a +
      ",VIS-0005,,NL-AAA-C00000005\r\n"
      "11223344,RFID," +
      p_a +
      ",,2027-06-30T00:00:00Z,\r\n"
      "55667788,RFID," +
      p_a1 +
      ",,,NL-AAA-C00000099\r\n"
      "AB000008,RFID\r\n";
  const domain::TokenImportOptions options{.party = Party("NL-AAA"),
                                           .issuer = "Alpha Mobility",
                                           .whitelist = domain::TokenWhitelist::kAllowed,
                                           .limits = {}};
  Result<TokenImportReport> report =
      domain::ImportTokens(this->repositories_.tokens(), this->alpha_, csv, options);
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(report->rows.size(), 8u);
  auto outcome = [&](std::size_t i) {
    return std::string(domain::TokenImportOutcomeName(report->rows[i].outcome));
  };
  EXPECT_EQ(outcome(0), "created");
  EXPECT_EQ(outcome(1), "created");
  EXPECT_EQ(outcome(2), "refused");
  EXPECT_EQ(report->rows[2].field, "type");
  EXPECT_EQ(outcome(3), "refused");
  EXPECT_EQ(report->rows[3].field, "profile");
  EXPECT_EQ(outcome(4), "unchanged");
  EXPECT_EQ(report->rows[4].token_id, this->t_card_);
  EXPECT_EQ(outcome(5), "updated");
  EXPECT_EQ(report->rows[5].token_id, this->t_bas_);
  EXPECT_EQ(outcome(6), "refused");
  EXPECT_EQ(report->rows[6].field, "contract_id");
  EXPECT_EQ(outcome(7), "refused");
  EXPECT_EQ(report->rows[7].field, "");
  EXPECT_EQ(report->rows[7].reason, "has 2 fields, the header 6");
  EXPECT_EQ(report->rows[7].row, 8u);
  EXPECT_EQ(report->rows[7].line, 9u);
  EXPECT_EQ(report->rows[7].uid, "AB000008");
  EXPECT_EQ((std::vector<std::size_t>{report->created, report->updated, report->unchanged, report->refused}),
            (std::vector<std::size_t>{2, 1, 1, 4}));

  domain::TokenRepository& tokens = this->repositories_.tokens();
  Result<Token> one = tokens.FindByUid(this->alpha_, "AB000001", TokenType::kRfid);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->visual_number, "Card, one");
  EXPECT_EQ(one->contract_id.ToString(), EmaId::Parse("NL-AAA-C00000100").value().ToString());
  EXPECT_EQ(one->issuer, "Alpha Mobility");
  Result<Token> two = tokens.FindByUid(this->alpha_, "AB000002", TokenType::kRfid);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->contract_id.instance(), "C00000001");
  EXPECT_EQ(two->valid_until, At("2027-01-01T00:00:00Z"));
  Result<Token> moved = tokens.FindById(this->alpha_, this->t_bas_);
  EXPECT_EQ(moved->profile_id, this->p_a_);
  EXPECT_EQ(moved->valid_until, At("2027-06-30T00:00:00Z"));
  // Refused rows wrote nothing.
  EXPECT_FALSE(tokens.FindByUid(this->alpha_, "AB000003", TokenType::kRfid));
  EXPECT_FALSE(tokens.FindByUid(this->alpha_, "AB000004", TokenType::kRfid));
  EXPECT_EQ(tokens.FindById(this->alpha_, this->t_carla_)->profile_id, this->p_b_);

  // The same file again: what was stored is unchanged, what was refused is refused again.
  Result<TokenImportReport> again = domain::ImportTokens(tokens, this->alpha_, csv, options);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ((std::vector<std::size_t>{again->created, again->updated, again->unchanged, again->refused}),
            (std::vector<std::size_t>{0, 0, 4, 4}));
  EXPECT_EQ(again->rows[1].token_id, two->id);
  EXPECT_EQ(this->Tokens(this->alpha_, {.text = "AB0000"}), (Names{"AB000001", "AB000002"}));
}

TYPED_TEST(ControlCentreListsTest, ImportRefusesABadFileWholeWritingNothing) {
  const domain::TokenImportOptions options{.party = Party("NL-AAA"),
                                           .issuer = "Alpha Mobility",
                                           .whitelist = domain::TokenWhitelist::kAllowed,
                                           .limits = {.max_bytes = 200, .max_records = 3}};
  const std::string p_a = std::to_string(this->p_a_.value);
  struct Case {
    std::string csv;
    ErrorCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"uid,type,profile,colour\nAB000001,RFID," + p_a + ",red\n", ErrorCode::kInvalidArgument, "columns"},
      {"uid,type,uid,profile\n", ErrorCode::kInvalidArgument, "columns"},
      {"uid,type\nAB000001,RFID\n", ErrorCode::kInvalidArgument, "columns"},
      {"", ErrorCode::kInvalidArgument, "columns"},
      {"uid,type,profile\nAB000001,RFID," + p_a + "\n\"AB000002,RFID," + p_a + "\n",
       ErrorCode::kInvalidArgument, "csv"},
      {"uid,type,profile\nAB000001,RFID," + p_a + "\nAB000002,RFID," + p_a + "\nAB000003,RFID," + p_a + "\n",
       ErrorCode::kOutOfRange, "csv"},
  };
  for (const Case& c : cases) {
    Result<TokenImportReport> report =
        domain::ImportTokens(this->repositories_.tokens(), this->alpha_, c.csv, options);
    ASSERT_FALSE(report) << c.csv;
    EXPECT_EQ(report.error().code, c.code) << c.csv;
    EXPECT_EQ(report.error().field, c.field) << c.csv;
  }
  EXPECT_FALSE(this->repositories_.tokens().FindByUid(this->alpha_, "AB000001", TokenType::kRfid));
  domain::TokenImportOptions no_issuer = options;
  no_issuer.issuer = "";
  EXPECT_EQ(domain::ImportTokens(this->repositories_.tokens(), this->alpha_, "uid,type,profile\n", no_issuer)
                .error()
                .field,
            "issuer");
}

}  // namespace
}  // namespace openmsp::store
