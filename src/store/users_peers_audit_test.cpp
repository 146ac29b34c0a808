// Users and role assignments, OCPI peers and the audit log on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <type_traits>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::AuditActor;
using domain::AuditCursor;
using domain::AuditEntry;
using domain::AuditPage;
using domain::InterfaceRole;
using domain::NewAuditEntry;
using domain::NewUser;
using domain::OcpiRole;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::PasswordHash;
using domain::PasswordHashCost;
using domain::Peer;
using domain::PeerId;
using domain::PeerRegistration;
using domain::PeerStatus;
using domain::PeerSyncState;
using domain::PeerWithToken;
using domain::Permission;
using domain::Role;
using domain::RoleAssignment;
using domain::SyncOutcome;
using domain::TenantId;
using domain::TokenDigest;
using domain::User;
using domain::UserId;
using domain::UserStatus;

PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

// Cheap hashes: these tests store many users; the cost itself is tested in domain/password_test.cpp.
PasswordHash Hash(const char* password) {
  return domain::HashPassword(password, "", PasswordHashCost::Minimum()).value();
}

NewUser UserNamed(const char* email, std::optional<domain::ProfileId> profile = std::nullopt) {
  return NewUser{.email = email,
                 .display_name = "Someone",
                 .password_hash = Hash("correct horse battery"),
                 .profile_id = profile};
}

PeerRegistration Registration(const char* token, std::vector<domain::PeerRole> roles) {
  return PeerRegistration{.token = token,
                          .token_base64 = false,
                          .versions_url = "https://cpo.example/ocpi/versions",
                          .version = "2.2.1",
                          .endpoints = {{.module = "credentials",
                                         .role = InterfaceRole::kReceiver,
                                         .url = "https://cpo.example/ocpi/2.2.1/credentials"},
                                        {.module = "cdrs",
                                         .role = InterfaceRole::kSender,
                                         .url = "https://cpo.example/ocpi/2.2.1/cdrs"}},
                          .roles = std::move(roles)};
}

domain::PeerRole Cpo(const char* party, const char* name = "Charge Co") {
  return domain::PeerRole{.role = OcpiRole::kCpo, .party = Party(party), .business_name = name};
}

NewAuditEntry Entry(const char* object_id, AuditActor actor = AuditActor::System("test")) {
  return NewAuditEntry{.actor = std::move(actor),
                       .action = "token.block",
                       .object_type = "token",
                       .object_id = object_id,
                       .before = R"({"status":"active"})",
                       .after = R"({"status":"blocked"})",
                       .request_id = "req-1"};
}

template <class Backend>
class UsersPeersAuditTest : public ::testing::Test {
 protected:
  domain::TenantRepository& tenants() { return repositories_.tenants(); }
  domain::OrganisationUnitRepository& units() { return repositories_.organisation_units(); }
  domain::UserRepository& users() { return repositories_.users(); }
  domain::PeerRepository& peers() { return repositories_.peers(); }
  domain::AuditLog& audit() { return repositories_.audit_log(); }

  // Creates a tenant with the tree root ─┬─ a
  //                                      └─ b
  struct Tenant {
    TenantId id;
    OrganisationUnit root, a, b;
  };
  Tenant MakeTenant(const char* slug, const char* party) {
    domain::Tenant tenant = tenants()
                                .Create(domain::NewTenant{.slug = slug,
                                                          .name = slug,
                                                          .default_currency = Currency::Find("EUR").value(),
                                                          .parties = {Party(party)}})
                                .value();
    auto unit = [&](const char* name, std::optional<OrganisationUnitId> parent) {
      return units().Create(tenant.id, {.parent_id = parent, .name = name, .billing = {}}).value();
    };
    OrganisationUnit root = unit("root", std::nullopt);
    return Tenant{tenant.id, root, unit("a", root.id), unit("b", root.id)};
  }

  domain::ProfileId MakeProfile(TenantId tenant, OrganisationUnitId unit) {
    return repositories_.profiles()
        .Create(tenant, {.organisation_unit_id = unit,
                         .name = "Ada",
                         .kind = domain::ProfileKind::kDriver,
                         .email = "",
                         .prices_hidden = false})
        ->id;
  }

  // 2026-01-01T00:00:00.123Z: the milliseconds must survive the round trip.
  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(UsersPeersAuditTest, Backends, BackendNames);

// ---------------------------------------------------------------------------------------------------
// Users and roles

TYPED_TEST(UsersPeersAuditTest, CreatesAndFindsUsersByNormalisedEmail) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  Result<User> ada = this->users().Create(alpha.id, UserNamed("Ada.Lovelace@Alpha.example"));
  ASSERT_TRUE(ada.ok()) << ada.error().ToString();
  EXPECT_EQ(ada->email, "ada.lovelace@alpha.example");
  EXPECT_EQ(ada->status, UserStatus::kActive);
  EXPECT_EQ(ada->created_at, this->clock_.Now());

  EXPECT_EQ(this->users().FindById(alpha.id, ada->id).value(), *ada);
  EXPECT_EQ(this->users().FindByEmail(alpha.id, "ADA.LOVELACE@alpha.EXAMPLE").value(), *ada);
  User found = this->users().FindByEmail(alpha.id, "ada.lovelace@alpha.example").value();
  EXPECT_TRUE(domain::CheckLogin(&found, "correct horse battery").ok());
  EXPECT_EQ(this->users().FindByEmail(alpha.id, "nobody@alpha.example").error().field, "email");
  EXPECT_EQ(this->users().FindByEmail(alpha.id, "not an address").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->users().FindById(alpha.id, UserId{987654}).error().field, "id");
}

TYPED_TEST(UsersPeersAuditTest, RefusesDuplicatesAndMissingReferencesNamingTheField) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  domain::ProfileId profile = this->MakeProfile(alpha.id, alpha.a.id);
  ASSERT_TRUE(this->users().Create(alpha.id, UserNamed("ada@alpha.example", profile)).ok());

  auto refused = [&](const NewUser& user, TenantId tenant = TenantId{}) {
    Result<User> created = this->users().Create(tenant == TenantId{} ? alpha.id : tenant, user);
    EXPECT_FALSE(created.ok());
    return created.ok() ? Error{} : created.error();
  };
  Error same_email = refused(UserNamed("ADA@alpha.example"));
  EXPECT_EQ(same_email.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_email.field, "email");
  Error same_profile = refused(UserNamed("bob@alpha.example", profile));
  EXPECT_EQ(same_profile.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_profile.field, "profile_id");
  Error no_profile = refused(UserNamed("bob@alpha.example", domain::ProfileId{987654}));
  EXPECT_EQ(no_profile.code, ErrorCode::kNotFound);
  EXPECT_EQ(no_profile.field, "profile_id");
  Error no_tenant = refused(UserNamed("bob@alpha.example"), TenantId{987654});
  EXPECT_EQ(no_tenant.code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.field, "tenant_id");
  EXPECT_EQ(refused(UserNamed("bob")).field, "email");
  NewUser no_hash = UserNamed("bob@alpha.example");
  no_hash.password_hash = PasswordHash();
  EXPECT_EQ(refused(no_hash).field, "password_hash");

  EXPECT_EQ(this->users().FindByEmail(alpha.id, "bob@alpha.example").error().code, ErrorCode::kNotFound);
  // The same address in another tenant is another tenant's user.
  auto bravo = this->MakeTenant("bravo", "DE-BRV");
  EXPECT_TRUE(this->users().Create(bravo.id, UserNamed("ada@alpha.example")).ok());
}

TYPED_TEST(UsersPeersAuditTest, ChangesPasswordAndStatus) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  User ada = this->users().Create(alpha.id, UserNamed("ada@alpha.example")).value();

  ASSERT_TRUE(this->users().SetPassword(alpha.id, ada.id, Hash("a new passphrase")).ok());
  User changed = this->users().FindById(alpha.id, ada.id).value();
  EXPECT_TRUE(domain::CheckLogin(&changed, "a new passphrase").ok());
  EXPECT_FALSE(domain::CheckLogin(&changed, "correct horse battery").ok());
  EXPECT_EQ(this->users().SetPassword(alpha.id, ada.id, PasswordHash()).error().field, "password_hash");

  Result<User> disabled = this->users().SetStatus(alpha.id, ada.id, UserStatus::kDisabled);
  ASSERT_TRUE(disabled.ok()) << disabled.error().ToString();
  EXPECT_EQ(disabled->status, UserStatus::kDisabled);
  EXPECT_EQ(this->users().FindById(alpha.id, ada.id)->status, UserStatus::kDisabled);
  EXPECT_FALSE(domain::CheckLogin(&*disabled, "a new passphrase").ok());
  EXPECT_EQ(this->users().SetStatus(alpha.id, ada.id, UserStatus::kDisabled)->status, UserStatus::kDisabled);
  EXPECT_EQ(this->users().SetStatus(alpha.id, ada.id, UserStatus::kActive)->status, UserStatus::kActive);
  EXPECT_EQ(this->users().SetStatus(alpha.id, UserId{987654}, UserStatus::kActive).error().field, "id");
}

TYPED_TEST(UsersPeersAuditTest, AssignsListsAndRevokesRolesAndTheRuleReadsThem) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  User ada = this->users().Create(alpha.id, UserNamed("ada@alpha.example")).value();

  Result<RoleAssignment> fleet = this->users().AssignRole(alpha.id, ada.id, Role::kFleetManager, alpha.a.id);
  ASSERT_TRUE(fleet.ok()) << fleet.error().ToString();
  EXPECT_EQ(fleet->created_at, this->clock_.Now());
  RoleAssignment viewer = this->users().AssignRole(alpha.id, ada.id, Role::kViewer, alpha.root.id).value();
  EXPECT_EQ(this->users().ListAssignments(alpha.id, ada.id).value(), (std::vector{*fleet, viewer}));

  Result<RoleAssignment> again = this->users().AssignRole(alpha.id, ada.id, Role::kViewer, alpha.root.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "role");
  EXPECT_EQ(this->users().AssignRole(alpha.id, ada.id, Role::kTenantAdmin, alpha.a.id).error().field,
            "organisation_unit_id");
  EXPECT_EQ(this->users().AssignRole(alpha.id, ada.id, Role::kDriver, alpha.a.id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(this->users().AssignRole(alpha.id, UserId{987654}, Role::kViewer, alpha.a.id).error().field,
            "user_id");
  EXPECT_EQ(
      this->users().AssignRole(alpha.id, ada.id, Role::kViewer, OrganisationUnitId{987654}).error().field,
      "organisation_unit_id");

  // The stored assignments and the stored tree answer the permission question.
  std::vector<OrganisationUnit> tree = this->units().Subtree(alpha.id, alpha.root.id).value();
  std::vector<RoleAssignment> held = this->users().ListAssignments(alpha.id, ada.id).value();
  const domain::PermissionTarget in_a{.organisation_unit = alpha.a.id, .profile = std::nullopt};
  const domain::PermissionTarget in_b{.organisation_unit = alpha.b.id, .profile = std::nullopt};
  EXPECT_TRUE(domain::MayUser(ada, held, tree, Permission::kTokensManage, in_a));
  EXPECT_FALSE(domain::MayUser(ada, held, tree, Permission::kTokensManage, in_b));
  EXPECT_TRUE(domain::MayUser(ada, held, tree, Permission::kTokensRead, in_b));

  ASSERT_TRUE(this->users().RevokeRole(alpha.id, ada.id, Role::kFleetManager, alpha.a.id).ok());
  EXPECT_EQ(this->users().ListAssignments(alpha.id, ada.id).value(), (std::vector{viewer}));
  EXPECT_EQ(this->users().RevokeRole(alpha.id, ada.id, Role::kFleetManager, alpha.a.id).error().field,
            "role");

  // A driver is scoped to the unit of its own profile.
  domain::ProfileId profile = this->MakeProfile(alpha.id, alpha.b.id);
  User bob = this->users().Create(alpha.id, UserNamed("bob@alpha.example", profile)).value();
  EXPECT_EQ(this->users().AssignRole(alpha.id, bob.id, Role::kDriver, alpha.a.id).error().field,
            "organisation_unit_id");
  EXPECT_TRUE(this->users().AssignRole(alpha.id, bob.id, Role::kDriver, alpha.b.id).ok());
  EXPECT_TRUE(this->users().AssignRole(alpha.id, ada.id, Role::kTenantAdmin, alpha.root.id).ok());
}

// Tenant B knows (or guesses) the ids of tenant A's users: none is visible or changeable through B's id,
// and B cannot give A's users roles or give its users roles on A's units.
TYPED_TEST(UsersPeersAuditTest, KeepsEveryTenantsUsersToItself) {
  auto a = this->MakeTenant("alpha", "DE-ALP");
  auto b = this->MakeTenant("bravo", "DE-BRV");
  User a_user = this->users().Create(a.id, UserNamed("ada@alpha.example")).value();
  User b_user = this->users().Create(b.id, UserNamed("bob@bravo.example")).value();
  ASSERT_TRUE(this->users().AssignRole(a.id, a_user.id, Role::kTenantAdmin, a.root.id).ok());

  EXPECT_EQ(this->users().FindById(b.id, a_user.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->users().FindByEmail(b.id, "ada@alpha.example").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->users().SetPassword(b.id, a_user.id, Hash("stolen passphrase")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->users().SetStatus(b.id, a_user.id, UserStatus::kDisabled).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->users().AssignRole(b.id, a_user.id, Role::kViewer, b.root.id).error().field, "user_id");
  EXPECT_EQ(this->users().AssignRole(b.id, b_user.id, Role::kViewer, a.root.id).error().field,
            "organisation_unit_id");
  EXPECT_TRUE(this->users().ListAssignments(b.id, a_user.id)->empty());
  EXPECT_EQ(this->users().RevokeRole(b.id, a_user.id, Role::kTenantAdmin, a.root.id).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->users()
                .Create(b.id, UserNamed("eve@bravo.example", this->MakeProfile(a.id, a.a.id)))
                .error()
                .field,
            "profile_id");

  std::vector<UserId> found;
  for (std::int64_t guess = 0; guess <= b_user.id.value + 10; ++guess) {
    if (Result<User> user = this->users().FindById(b.id, UserId{guess}); user.ok()) {
      EXPECT_EQ(user->tenant_id, b.id);
      found.push_back(user->id);
    }
  }
  EXPECT_EQ(found, (std::vector{b_user.id}));
  User unchanged = this->users().FindById(a.id, a_user.id).value();
  EXPECT_EQ(unchanged, a_user);
  EXPECT_EQ(this->users().ListAssignments(a.id, a_user.id)->size(), 1u);
}

// The schema holds the tenant boundary on its own, for writers that bypass the repository.
TYPED_TEST(UsersPeersAuditTest, TheSchemaRefusesUsersAndRolesAcrossTenants) {
  auto a = this->MakeTenant("alpha", "DE-ALP");
  auto b = this->MakeTenant("bravo", "DE-BRV");
  User a_user = this->users().Create(a.id, UserNamed("ada@alpha.example")).value();
  User b_user = this->users().Create(b.id, UserNamed("bob@bravo.example")).value();
  domain::ProfileId a_profile = this->MakeProfile(a.id, a.a.id);
  const std::string b_id = std::to_string(b.id.value);
  const std::string assign =
      "INSERT INTO role_assignments (tenant_id, user_id, role, organisation_unit_id, created_at) VALUES (" +
      b_id + ", ";
  EXPECT_FALSE(this->backend_
                   .Execute(assign + std::to_string(a_user.id.value) + ", 'viewer', " +
                            std::to_string(b.root.id.value) + ", '2026-01-01T00:00:00Z')")
                   .ok());
  EXPECT_FALSE(this->backend_
                   .Execute(assign + std::to_string(b_user.id.value) + ", 'viewer', " +
                            std::to_string(a.root.id.value) + ", '2026-01-01T00:00:00Z')")
                   .ok());
  EXPECT_TRUE(this->backend_
                  .Execute(assign + std::to_string(b_user.id.value) + ", 'viewer', " +
                           std::to_string(b.root.id.value) + ", '2026-01-01T00:00:00Z')")
                  .ok());
  EXPECT_FALSE(
      this->backend_
          .Execute("INSERT INTO users (tenant_id, email, display_name, status, password_hash, profile_id, "
                   "created_at) VALUES (" +
                   b_id + ", 'eve@bravo.example', 'Eve', 'active', '" + a_user.password_hash.encoded() +
                   "', " + std::to_string(a_profile.value) + ", '2026-01-01T00:00:00Z')")
          .ok());
}

// ---------------------------------------------------------------------------------------------------
// OCPI peers

TYPED_TEST(UsersPeersAuditTest, APendingPeerIsFoundByTheDigestOfTokenA) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  Result<PeerWithToken> created = this->peers().Create(alpha.id, {.name = "Charge Co"});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->token.size(), 43u);
  EXPECT_EQ(created->peer.status, PeerStatus::kPending);
  EXPECT_EQ(created->peer.created_at, this->clock_.Now());
  EXPECT_EQ(this->peers().FindById(alpha.id, created->peer.id).value(), created->peer);

  Result<domain::PeerAuthentication> found =
      this->peers().FindByIncomingToken(TokenDigest::Of(created->token));
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(*found, (domain::PeerAuthentication{alpha.id, created->peer.id, PeerStatus::kPending}));

  // What is stored is the digest, not the token: probe the columns directly (the token is base64url,
  // safe to put in the probe's text).
  auto stored = [&](const std::string& column, const std::string& value, const std::string& slug) {
    EXPECT_TRUE(this->backend_
                    .Execute("INSERT INTO tenants (slug, name, default_currency, created_at) SELECT '" +
                             slug + "', 'probe', 'EUR', '2026-01-01T00:00:00Z' FROM ocpi_peers WHERE " +
                             column + " = '" + value + "'")
                    .ok());
    return this->tenants().FindBySlug(slug).ok();
  };
  EXPECT_TRUE(stored("incoming_token_digest", TokenDigest::Of(created->token).hex(), "probe-digest"));
  EXPECT_FALSE(stored("incoming_token_digest", created->token, "probe-token"));
  EXPECT_FALSE(stored("outgoing_token", created->token, "probe-outgoing"));

  std::string wrong = created->token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  Result<domain::PeerAuthentication> unknown = this->peers().FindByIncomingToken(TokenDigest::Of(wrong));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().field, "token");
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha.id, created->peer.id).error().field, "status");
  EXPECT_EQ(this->peers().Create(alpha.id, {.name = ""}).error().field, "name");
  EXPECT_EQ(this->peers().Create(TenantId{987654}, {.name = "x"}).error().field, "tenant_id");
}

TYPED_TEST(UsersPeersAuditTest, RegistrationReplacesTokenAWithTokenCAndStoresWhatThePeerSaid) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  PeerWithToken pending = this->peers().Create(alpha.id, {.name = "Charge Co"}).value();
  this->clock_.Advance(std::chrono::minutes(5));

  Result<PeerWithToken> registered =
      this->peers().Register(alpha.id, pending.peer.id, TokenDigest::Of(pending.token),
                             Registration("token-b", {Cpo("NL-CHG"), Cpo("BE-CHG")}));
  ASSERT_TRUE(registered.ok()) << registered.error().ToString();
  const Peer& peer = registered->peer;
  EXPECT_EQ(peer.status, PeerStatus::kConnected);
  EXPECT_EQ(peer.version, "2.2.1");
  EXPECT_EQ(peer.versions_url, "https://cpo.example/ocpi/versions");
  EXPECT_FALSE(peer.token_base64);
  EXPECT_EQ(peer.roles, (std::vector{Cpo("NL-CHG"), Cpo("BE-CHG")}));
  EXPECT_EQ(peer.endpoints, Registration("x", {}).endpoints);
  EXPECT_EQ(peer.registered_at, this->clock_.Now());
  EXPECT_EQ(this->peers().FindById(alpha.id, peer.id).value(), peer);

  EXPECT_NE(registered->token, pending.token);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(pending.token)).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(registered->token))->status,
            PeerStatus::kConnected);
  Result<domain::OutgoingCredentials> outgoing = this->peers().FindOutgoingCredentials(alpha.id, peer.id);
  ASSERT_TRUE(outgoing.ok()) << outgoing.error().ToString();
  EXPECT_EQ(outgoing->token, "token-b");
  EXPECT_FALSE(outgoing->token_base64);

  // A second POST with token A (two requests racing, or a replay) is refused: token A is dead, and the
  // refusal changes nothing.
  Result<PeerWithToken> replay = this->peers().Register(alpha.id, peer.id, TokenDigest::Of(pending.token),
                                                        Registration("evil", {Cpo("DE-EVL")}));
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(replay.error().field, "token");
  EXPECT_EQ(this->peers().FindById(alpha.id, peer.id).value(), peer);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha.id, peer.id)->token, "token-b");

  // A later PUT: new version and endpoints, a rotated token both ways.
  PeerRegistration update = Registration("token-b2", {Cpo("NL-CHG")});
  update.version = "2.3.0";
  update.token_base64 = true;
  update.endpoints.pop_back();
  PeerWithToken again =
      this->peers().Register(alpha.id, peer.id, TokenDigest::Of(registered->token), update).value();
  EXPECT_EQ(again.peer.version, "2.3.0");
  EXPECT_EQ(again.peer.endpoints.size(), 1u);
  EXPECT_EQ(again.peer.roles, (std::vector{Cpo("NL-CHG")}));
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(registered->token)).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(again.token))->peer_id, peer.id);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha.id, peer.id)->token, "token-b2");
}

TYPED_TEST(UsersPeersAuditTest, AFailedRegistrationChangesNothing) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  PeerWithToken first = this->peers().Create(alpha.id, {.name = "Charge Co"}).value();
  ASSERT_TRUE(this->peers()
                  .Register(alpha.id, first.peer.id, TokenDigest::Of(first.token),
                            Registration("token-b", {Cpo("NL-CHG")}))
                  .ok());
  PeerWithToken second = this->peers().Create(alpha.id, {.name = "Hub"}).value();

  // The second role is the first peer's: refused after the peer row, the endpoints and the first role
  // were written, so the whole transaction must roll back.
  Result<PeerWithToken> clash =
      this->peers().Register(alpha.id, second.peer.id, TokenDigest::Of(second.token),
                             Registration("token-x", {Cpo("DE-NEW"), Cpo("NL-CHG")}));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(clash.error().field, "roles[1]");
  EXPECT_EQ(this->peers().FindById(alpha.id, second.peer.id).value(), second.peer);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(second.token))->status, PeerStatus::kPending);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha.id, second.peer.id).error().field, "status");

  // Invalid input is refused before the database is touched, and names the field.
  PeerRegistration bad = Registration("token-x", {Cpo("DE-NEW")});
  bad.endpoints[1].url = "cdrs";
  EXPECT_EQ(
      this->peers().Register(alpha.id, second.peer.id, TokenDigest::Of(second.token), bad).error().field,
      "endpoints[1].url");
  EXPECT_EQ(this->peers()
                .Register(alpha.id, PeerId{987654}, TokenDigest::Of("x"), Registration("t", {Cpo("DE-NEW")}))
                .error()
                .field,
            "id");

  // Once the first peer is unregistered its party is free.
  ASSERT_TRUE(this->peers().SetStatus(alpha.id, first.peer.id, PeerStatus::kUnregistered).ok());
  EXPECT_TRUE(this->peers()
                  .Register(alpha.id, second.peer.id, TokenDigest::Of(second.token),
                            Registration("token-x", {Cpo("DE-NEW"), Cpo("NL-CHG")}))
                  .ok());
}

TYPED_TEST(UsersPeersAuditTest, SuspendsResumesAndUnregistersForgettingTheTokens) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  PeerWithToken pending = this->peers().Create(alpha.id, {.name = "Charge Co"}).value();
  const PeerId id = pending.peer.id;
  EXPECT_EQ(this->peers().SetStatus(alpha.id, id, PeerStatus::kSuspended).error().code,
            ErrorCode::kFailedPrecondition);
  std::string token_c =
      this->peers()
          .Register(alpha.id, id, TokenDigest::Of(pending.token), Registration("token-b", {Cpo("NL-CHG")}))
          ->token;

  EXPECT_EQ(this->peers().SetStatus(alpha.id, id, PeerStatus::kSuspended)->status, PeerStatus::kSuspended);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(token_c))->status, PeerStatus::kSuspended);
  Result<PeerWithToken> while_suspended = this->peers().Register(alpha.id, id, TokenDigest::Of(token_c),
                                                                 Registration("token-b", {Cpo("NL-CHG")}));
  EXPECT_EQ(while_suspended.error().field, "status");
  EXPECT_EQ(this->peers().SetStatus(alpha.id, id, PeerStatus::kConnected)->status, PeerStatus::kConnected);

  Result<Peer> gone = this->peers().SetStatus(alpha.id, id, PeerStatus::kUnregistered);
  ASSERT_TRUE(gone.ok()) << gone.error().ToString();
  EXPECT_EQ(gone->status, PeerStatus::kUnregistered);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(token_c)).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha.id, id).error().field, "status");
  EXPECT_EQ(this->peers().SetStatus(alpha.id, id, PeerStatus::kConnected).error().field, "status");
  EXPECT_EQ(this->peers()
                .Register(alpha.id, id, TokenDigest::Of(token_c), Registration("token-b", {Cpo("NL-CHG")}))
                .error()
                .field,
            "status");
}

TYPED_TEST(UsersPeersAuditTest, RecordsSyncStatePerModule) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  PeerId id = this->peers().Create(alpha.id, {.name = "Charge Co"})->peer.id;
  const Instant first_pull = this->clock_.Now();
  const Instant cursor = Instant::FromUnixMilliseconds(1'767'225'000'000);

  Result<PeerSyncState> ok = this->peers().RecordSync(
      alpha.id, id, {.module = "cdrs", .succeeded = true, .next_date_from = cursor, .error = ""});
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(*ok, (PeerSyncState{.peer_id = id,
                                .module = "cdrs",
                                .last_attempt_at = first_pull,
                                .last_success_at = first_pull,
                                .last_error_at = std::nullopt,
                                .date_from = cursor,
                                .last_error = ""}));

  this->clock_.Advance(std::chrono::hours(1));
  PeerSyncState failed =
      this->peers()
          .RecordSync(alpha.id, id,
                      {.module = "cdrs", .succeeded = false, .next_date_from = {}, .error = "HTTP 502"})
          .value();
  EXPECT_EQ(failed.last_attempt_at, this->clock_.Now());
  EXPECT_EQ(failed.last_success_at, first_pull);
  EXPECT_EQ(failed.last_error_at, this->clock_.Now());
  EXPECT_EQ(failed.date_from, cursor);
  EXPECT_EQ(failed.last_error, "HTTP 502");

  this->clock_.Advance(std::chrono::hours(1));
  PeerSyncState recovered =
      this->peers()
          .RecordSync(alpha.id, id, {.module = "cdrs", .succeeded = true, .next_date_from = {}, .error = ""})
          .value();
  EXPECT_EQ(recovered.last_success_at, this->clock_.Now());
  EXPECT_EQ(recovered.date_from, cursor);
  EXPECT_EQ(recovered.last_error, "");

  ASSERT_TRUE(this->peers()
                  .RecordSync(alpha.id, id,
                              {.module = "locations", .succeeded = false, .next_date_from = {}, .error = "x"})
                  .ok());
  std::vector<PeerSyncState> states = this->peers().ListSyncStates(alpha.id, id).value();
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0], recovered);
  EXPECT_EQ(states[1].module, "locations");
  EXPECT_EQ(states[1].date_from, std::nullopt);
  EXPECT_EQ(this->peers()
                .RecordSync(alpha.id, PeerId{987654},
                            {.module = "cdrs", .succeeded = true, .next_date_from = {}, .error = ""})
                .error()
                .field,
            "id");
  EXPECT_EQ(
      this->peers()
          .RecordSync(alpha.id, id, {.module = "CDRs", .succeeded = true, .next_date_from = {}, .error = ""})
          .error()
          .field,
      "module");
}

// Tenant B knows (or guesses) the ids of tenant A's peers: none is visible or changeable through B's id.
// The token alone tells which tenant a request is for.
TYPED_TEST(UsersPeersAuditTest, KeepsEveryTenantsPeersToItself) {
  auto a = this->MakeTenant("alpha", "DE-ALP");
  auto b = this->MakeTenant("bravo", "DE-BRV");
  PeerWithToken a_peer = this->peers().Create(a.id, {.name = "A's CPO"}).value();
  PeerWithToken b_peer = this->peers().Create(b.id, {.name = "B's CPO"}).value();
  // The same CPO may connect to both tenants.
  std::string a_token =
      this->peers()
          .Register(a.id, a_peer.peer.id, TokenDigest::Of(a_peer.token), Registration("b", {Cpo("NL-CHG")}))
          ->token;
  ASSERT_TRUE(
      this->peers()
          .Register(b.id, b_peer.peer.id, TokenDigest::Of(b_peer.token), Registration("b", {Cpo("NL-CHG")}))
          .ok());

  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(a_token))->tenant_id, a.id);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(b_peer.token)).error().code,
            ErrorCode::kUnauthenticated);
  const PeerId foreign = a_peer.peer.id;
  EXPECT_EQ(this->peers().FindById(b.id, foreign).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(b.id, foreign).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->peers()
                .Register(b.id, foreign, TokenDigest::Of(a_token), Registration("stolen", {Cpo("DE-EVL")}))
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->peers().SetStatus(b.id, foreign, PeerStatus::kUnregistered).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(
      this->peers()
          .RecordSync(b.id, foreign, {.module = "cdrs", .succeeded = true, .next_date_from = {}, .error = ""})
          .error()
          .code,
      ErrorCode::kNotFound);
  EXPECT_TRUE(this->peers().ListSyncStates(b.id, foreign)->empty());

  std::vector<PeerId> found;
  for (std::int64_t guess = 0; guess <= b_peer.peer.id.value + 10; ++guess) {
    if (Result<Peer> peer = this->peers().FindById(b.id, PeerId{guess}); peer.ok()) found.push_back(peer->id);
  }
  EXPECT_EQ(found, (std::vector{b_peer.peer.id}));
  ASSERT_EQ(this->peers().List(b.id)->size(), 1u);
  EXPECT_EQ(this->peers().List(b.id)->front().id, b_peer.peer.id);
  EXPECT_EQ(this->peers().FindById(a.id, foreign)->status, PeerStatus::kConnected);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(a.id, foreign)->token, "b");
}

TYPED_TEST(UsersPeersAuditTest, TheSchemaRefusesPeerRowsAcrossTenants) {
  auto a = this->MakeTenant("alpha", "DE-ALP");
  auto b = this->MakeTenant("bravo", "DE-BRV");
  PeerId a_peer = this->peers().Create(a.id, {.name = "A's CPO"})->peer.id;
  const std::string b_id = std::to_string(b.id.value);
  const std::string peer_id = std::to_string(a_peer.value);
  EXPECT_FALSE(
      this->backend_
          .Execute("INSERT INTO ocpi_peer_endpoints (tenant_id, peer_id, ordinal, module, role, url) "
                   "VALUES (" +
                   b_id + ", " + peer_id + ", 0, 'cdrs', 'SENDER', 'https://x.example')")
          .ok());
  EXPECT_FALSE(this->backend_
                   .Execute("INSERT INTO ocpi_peer_sync_states (tenant_id, peer_id, module) VALUES (" + b_id +
                            ", " + peer_id + ", 'cdrs')")
                   .ok());
  EXPECT_FALSE(
      this->backend_
          .Execute("INSERT INTO audit_entries (tenant_id, actor_kind, actor_peer_id, action, object_type, "
                   "object_id, recorded_at) VALUES (" +
                   b_id + ", 'peer', " + peer_id + ", 'x', 'x', 'x', '2026-01-01T00:00:00Z')")
          .ok());
}

// ---------------------------------------------------------------------------------------------------
// Audit log

TYPED_TEST(UsersPeersAuditTest, AppendsAndPagesNewestFirst) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  User ada = this->users().Create(alpha.id, UserNamed("ada@alpha.example")).value();
  // Seven entries; the clock moves by 500 ms (whole and half seconds, so the text of the instants
  // differs in width) and twice stands still (ties are broken by id).
  this->clock_.Set(Instant::FromUnixMilliseconds(1'767'225'601'000));
  std::vector<AuditEntry> appended;
  for (int i = 0; i < 7; ++i) {
    if (i != 3 && i != 4) this->clock_.Advance(std::chrono::milliseconds(500));
    Result<AuditEntry> entry =
        this->audit().Append(alpha.id, Entry(std::to_string(i).c_str(), AuditActor::User(ada.id)));
    ASSERT_TRUE(entry.ok()) << entry.error().ToString();
    EXPECT_EQ(entry->recorded_at, this->clock_.Now());
    appended.push_back(*entry);
  }
  std::vector<AuditEntry> expected(appended.rbegin(), appended.rend());

  std::vector<AuditEntry> listed;
  std::optional<AuditCursor> cursor;
  int pages = 0;
  do {
    Result<AuditPage> page = this->audit().List(alpha.id, {}, 3, cursor);
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    listed.insert(listed.end(), page->entries.begin(), page->entries.end());
    cursor = page->next;
    ++pages;
  } while (cursor && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(listed, expected);

  Result<AuditPage> all = this->audit().List(alpha.id, {}, 7, std::nullopt);
  EXPECT_EQ(all->entries, expected);
  EXPECT_EQ(all->next, std::nullopt);
  EXPECT_EQ(this->audit().List(alpha.id, {}, 0, std::nullopt).error().field, "limit");
  EXPECT_EQ(this->audit().List(alpha.id, {}, domain::kMaxAuditPageSize + 1, std::nullopt).error().field,
            "limit");
}

TYPED_TEST(UsersPeersAuditTest, FiltersByActionObjectActorAndTimeAndPagesWithinTheFilter) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  User ada = this->users().Create(alpha.id, UserNamed("ada@alpha.example")).value();
  this->clock_.Set(Instant::FromUnixMilliseconds(1'767'225'600'000));  // 2026-01-01T00:00:00Z
  const auto append = [&](const char* action, const char* type, const char* id, AuditActor actor) {
    this->clock_.Advance(std::chrono::minutes(1));
    NewAuditEntry entry = Entry(id, std::move(actor));
    entry.action = action;
    entry.object_type = type;
    return this->audit().Append(alpha.id, entry).value();
  };
  const AuditEntry block = append("token.block", "token", "7", AuditActor::User(ada.id));         // 00:01
  const AuditEntry unblock = append("token.unblock", "token", "7", AuditActor::System("cli"));    // 00:02
  const AuditEntry other = append("token.block", "token", "8", AuditActor::User(ada.id));         // 00:03
  const AuditEntry profile = append("profile.update", "profile", "7", AuditActor::User(ada.id));  // 00:04
  const AuditEntry tokens_ = append("tokens.import", "profile", "7", AuditActor::System("cli"));  // 00:05
  const auto listed = [&](const domain::AuditFilter& filter, std::size_t limit = 10) {
    std::vector<AuditEntry> entries;
    std::optional<AuditCursor> cursor;
    do {
      Result<AuditPage> page = this->audit().List(alpha.id, filter, limit, cursor);
      if (!page.ok()) {
        ADD_FAILURE() << page.error().ToString();
        break;
      }
      entries.insert(entries.end(), page->entries.begin(), page->entries.end());
      cursor = page->next;
    } while (cursor);
    return entries;
  };
  using V = std::vector<AuditEntry>;
  using domain::AuditFilter;
  AuditFilter blocks;
  blocks.action = "token.block";
  EXPECT_EQ(listed(blocks), (V{other, block}));
  // A prefix ending in a dot is a kind of object's actions: not `tokens.import`.
  AuditFilter token_actions;
  token_actions.action = "token.";
  EXPECT_EQ(listed(token_actions, 1), (V{other, unblock, block}));
  AuditFilter token_7;
  token_7.object_type = "token";
  token_7.object_id = "7";
  EXPECT_EQ(listed(token_7), (V{unblock, block}));
  AuditFilter profiles;
  profiles.object_type = "profile";
  EXPECT_EQ(listed(profiles), (V{tokens_, profile}));
  AuditFilter by_ada;
  by_ada.actor_user = ada.id;
  EXPECT_EQ(listed(by_ada, 2), (V{profile, other, block}));
  const Instant start = Instant::FromUnixMilliseconds(1'767'225'600'000);
  AuditFilter minutes_2_to_4;
  minutes_2_to_4.from = start + std::chrono::minutes(2);
  minutes_2_to_4.to = start + std::chrono::minutes(4);
  EXPECT_EQ(listed(minutes_2_to_4), (V{other, unblock}));
  AuditFilter all_of_them = blocks;
  all_of_them.actor_user = ada.id;
  all_of_them.from = start + std::chrono::minutes(2);
  EXPECT_EQ(listed(all_of_them), (V{other}));
  AuditFilter lost;
  lost.action = "token.lost";
  EXPECT_TRUE(listed(lost).empty());
}

TYPED_TEST(UsersPeersAuditTest, KeepsEveryTenantsAuditLogToItselfAndNamesTheActor) {
  auto a = this->MakeTenant("alpha", "DE-ALP");
  auto b = this->MakeTenant("bravo", "DE-BRV");
  User a_user = this->users().Create(a.id, UserNamed("ada@alpha.example")).value();
  PeerId a_peer = this->peers().Create(a.id, {.name = "A's CPO"})->peer.id;
  AuditEntry by_user = this->audit().Append(a.id, Entry("1", AuditActor::User(a_user.id))).value();
  AuditEntry by_peer = this->audit().Append(a.id, Entry("2", AuditActor::Peer(a_peer))).value();
  AuditEntry by_system = this->audit().Append(b.id, Entry("3", AuditActor::System("billing-run"))).value();
  EXPECT_EQ(by_peer.actor, AuditActor::Peer(a_peer));

  EXPECT_EQ(this->audit().List(b.id, {}, 10, std::nullopt)->entries, (std::vector{by_system}));
  EXPECT_EQ(this->audit().List(a.id, {}, 10, std::nullopt)->entries, (std::vector{by_peer, by_user}));
  // A cursor past everything still shows only B's entries through B.
  const AuditCursor later{.recorded_at = this->clock_.Now() + std::chrono::hours(1), .id = {999}};
  EXPECT_EQ(this->audit().List(b.id, {}, 10, later)->entries, (std::vector{by_system}));

  // B cannot blame A's user or peer.
  Result<AuditEntry> foreign_user = this->audit().Append(b.id, Entry("4", AuditActor::User(a_user.id)));
  ASSERT_FALSE(foreign_user.ok());
  EXPECT_EQ(foreign_user.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign_user.error().field, "actor");
  EXPECT_EQ(this->audit().Append(b.id, Entry("4", AuditActor::Peer(a_peer))).error().field, "actor");
  EXPECT_EQ(this->audit().Append(TenantId{987654}, Entry("4")).error().field, "tenant_id");
  NewAuditEntry bad = Entry("4");
  bad.after = "{not json";
  EXPECT_EQ(this->audit().Append(a.id, bad).error().field, "after");
  EXPECT_EQ(this->audit().List(b.id, {}, 10, std::nullopt)->entries.size(), 1u);
}

TYPED_TEST(UsersPeersAuditTest, TheSchemaKeepsTheAuditLogAppendOnly) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  AuditEntry entry = this->audit().Append(alpha.id, Entry("1")).value();
  EXPECT_FALSE(this->backend_.Execute("UPDATE audit_entries SET action = 'forged'").ok());
  EXPECT_FALSE(this->backend_.Execute("DELETE FROM audit_entries").ok());
  EXPECT_EQ(this->audit().List(alpha.id, {}, 10, std::nullopt)->entries, (std::vector{entry}));
}

TYPED_TEST(UsersPeersAuditTest, AChangeAndItsAuditEntryAreStoredTogetherOrNotAtAll) {
  auto alpha = this->MakeTenant("alpha", "DE-ALP");
  User admin = this->users().Create(alpha.id, UserNamed("admin@alpha.example")).value();
  User ada = this->users().Create(alpha.id, UserNamed("ada@alpha.example")).value();

  // Success: a role assignment (itself a transaction, nested as a savepoint) and its entry.
  Result<AuditEntry> recorded = this->repositories_.ChangeWithAudit(
      alpha.id, [&](Repositories& in_transaction) -> Result<NewAuditEntry> {
        OPENMSP_RETURN_IF_ERROR(
            in_transaction.users().AssignRole(alpha.id, ada.id, Role::kViewer, alpha.a.id));
        return NewAuditEntry{.actor = AuditActor::User(admin.id),
                             .action = "user.role_assign",
                             .object_type = "user",
                             .object_id = std::to_string(ada.id.value),
                             .before = "",
                             .after = R"({"role":"viewer"})",
                             .request_id = "req-7"};
      });
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(this->users().ListAssignments(alpha.id, ada.id)->size(), 1u);
  EXPECT_EQ(this->audit().List(alpha.id, {}, 10, std::nullopt)->entries, (std::vector{*recorded}));

  // The change fails after writing: nothing of it stays, no entry is written.
  Result<AuditEntry> failed = this->repositories_.ChangeWithAudit(
      alpha.id, [&](Repositories& in_transaction) -> Result<NewAuditEntry> {
        OPENMSP_RETURN_IF_ERROR(in_transaction.users().SetStatus(alpha.id, ada.id, UserStatus::kDisabled));
        OPENMSP_RETURN_IF_ERROR(
            in_transaction.users().AssignRole(alpha.id, ada.id, Role::kViewer, alpha.a.id));
        return Entry("never");
      });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().field, "role");
  EXPECT_EQ(this->users().FindById(alpha.id, ada.id)->status, UserStatus::kActive);

  // The entry is refused: the change is rolled back with it.
  Result<AuditEntry> refused = this->repositories_.ChangeWithAudit(
      alpha.id, [&](Repositories& in_transaction) -> Result<NewAuditEntry> {
        OPENMSP_RETURN_IF_ERROR(in_transaction.users().SetStatus(alpha.id, ada.id, UserStatus::kDisabled));
        NewAuditEntry entry = Entry("1");
        entry.action = "";
        return entry;
      });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "action");
  EXPECT_EQ(this->users().FindById(alpha.id, ada.id)->status, UserStatus::kActive);
  EXPECT_EQ(this->audit().List(alpha.id, {}, 10, std::nullopt)->entries.size(), 1u);

  // The repositories work as before afterwards.
  EXPECT_EQ(this->users().SetStatus(alpha.id, ada.id, UserStatus::kDisabled)->status, UserStatus::kDisabled);
}

}  // namespace
}  // namespace openmsp::store
