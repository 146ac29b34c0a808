#include "domain/audit.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

NewAuditEntry Entry() {
  return NewAuditEntry{.actor = AuditActor::User(UserId{7}),
                       .action = "token.block",
                       .object_type = "token",
                       .object_id = "42",
                       .before = R"({"status":"active"})",
                       .after = R"({"status":"blocked"})",
                       .request_id = "3f0c2d4e-0000-4000-8000-000000000001"};
}

TEST(ValidateNewAuditEntryTest, AcceptsAWellFormedEntry) {
  EXPECT_TRUE(ValidateNewAuditEntry(Entry()).ok());
  NewAuditEntry created = Entry();
  created.before = "";
  created.request_id = "";
  created.actor = AuditActor::System("billing-run");
  EXPECT_TRUE(ValidateNewAuditEntry(created).ok());
  created.actor = AuditActor::Peer(PeerId{3});
  EXPECT_TRUE(ValidateNewAuditEntry(created).ok());
}

TEST(ValidateNewAuditEntryTest, NamesTheFieldAtFault) {
  auto field_of = [](auto change) {
    NewAuditEntry entry = Entry();
    change(entry);
    Result<void> checked = ValidateNewAuditEntry(entry);
    return checked.ok() ? std::string("(accepted)") : checked.error().field;
  };
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.actor.peer_id = PeerId{1}; }), "actor");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.actor = AuditActor{}; }), "actor.system");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.actor.kind = AuditActorKind::kPeer; }), "actor");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.actor = AuditActor::System("Billing Run"); }), "actor.system");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.action = ""; }), "action");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.action = "Token.Block"; }), "action");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.object_type = "token.card"; }), "object_type");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.object_id = ""; }), "object_id");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.object_id = "a\nb"; }), "object_id");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.before = "{status: active}"; }), "before");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.after = R"({"a":1} {"b":2})"; }), "after");
  EXPECT_EQ(
      field_of([](NewAuditEntry& e) { e.after = "\"" + std::string(kMaxAuditDocumentBytes, 'x') + "\""; }),
      "after");
  EXPECT_EQ(field_of([](NewAuditEntry& e) { e.request_id = std::string(256, 'r'); }), "request_id");
}

}  // namespace
}  // namespace openmsp::domain
