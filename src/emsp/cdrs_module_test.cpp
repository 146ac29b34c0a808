// The cdrs module through the endpoint frame on a real SQLite database with a real ingestor: status codes,
// Location, idempotency, conflicts, the party check, serving a stored CDR, and the rating job it queues.

#include "emsp/cdrs_module.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include "core/json.h"
#include "domain/rating_job.h"
#include "emsp/ocpi_test_world.h"
#include "store/cpo_cdr_ingestor.h"
#include "support/cpo_cdr_samples.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

class CdrsModuleTest : public ::testing::Test {
 protected:
  // A CDR of `cpo` (the world's peer's party unless told) with id `cdr_id`, as its CPO would POST it.
  std::string Body(const std::string& cdr_id, const std::string& cpo = "NL-CPO",
                   const std::string& remark = "thank you for charging") const {
    return test::SampleCpoCdr({.tenant_id = world_.tenant(),
                               .cpo = PartyId::Parse(cpo).value(),
                               .cdr_id = cdr_id,
                               .remark = remark})
        .body;
  }

  http::HttpResponse Post(const std::string& body, std::optional<std::string> token = std::nullopt) {
    return world_.Send("POST", "/ocpi/2.2.1/cdrs", body, std::move(token));
  }

  static std::string LocationOf(const http::HttpResponse& response) {
    return std::string(response.headers.Get("Location").value_or(""));
  }

  // The path of a Location URL (what follows the public URL).
  static std::string PathOf(const std::string& location) {
    return location.substr(std::string("http://127.0.0.1:8080").size());
  }

  std::vector<domain::Job> QueuedRatingJobs() {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    std::vector<domain::Job> jobs =
        db->jobs().List(domain::JobScope::OfTenant(world_.tenant()), domain::JobState::kQueued, 10).value();
    std::erase_if(jobs, [](const domain::Job& job) { return job.kind != domain::kRateCdrsJob; });
    return jobs;
  }

  testing::OcpiTestWorld world_;
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(world_.url(), world_.clock()).value();
  std::unique_ptr<CdrsModule> module_ = RegisterCdrsModule(world_.endpoints(), *ingestor_);
};

TEST_F(CdrsModuleTest, ANewCdrIsCreatedWithItsLocation) {
  const std::string body = Body("CDR-1");
  const http::HttpResponse response = Post(body);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(response).at("status_code").as_int64(), 1000);

  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  const domain::CpoCdr stored =
      db->cpo_cdrs().FindByKey(world_.tenant(), PartyId::Parse("NL-CPO").value(), "CDR-1").value();
  EXPECT_EQ(stored.body, body);
  EXPECT_EQ(LocationOf(response), "http://127.0.0.1:8080/ocpi/2.2.1/cdrs/" + std::to_string(stored.id.value));
}

TEST_F(CdrsModuleTest, TheSameCdrAgainIs200WithTheSameLocation) {
  const http::HttpResponse first = Post(Body("CDR-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  const http::HttpResponse again = Post(Body("CDR-1"));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(again).at("status_code").as_int64(), 1000);
  EXPECT_EQ(LocationOf(again), LocationOf(first));
}

TEST_F(CdrsModuleTest, TheSameIdWithAnotherBodyIsAConflictAndChangesNothing) {
  const std::string original = Body("CDR-1");
  ASSERT_EQ(Post(original).status, 201);
  const http::HttpResponse conflicting = Post(Body("CDR-1", "NL-CPO", "a corrected remark"));
  EXPECT_EQ(conflicting.status, 409) << conflicting.body;
  const json::object envelope = testing::OcpiTestWorld::Envelope(conflicting);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 2000);
  EXPECT_EQ(envelope.at("status_message").as_string().subview().substr(0, 4), "id: ");
  EXPECT_FALSE(conflicting.headers.Get("Location").has_value());

  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  const PartyId cpo = PartyId::Parse("NL-CPO").value();
  EXPECT_EQ(db->cpo_cdrs().FindByKey(world_.tenant(), cpo, "CDR-1").value().body, original);
  EXPECT_EQ(db->cpo_cdrs().ListConflicts(world_.tenant(), cpo, "CDR-1").value().size(), 1u);
}

TEST_F(CdrsModuleTest, ACdrOfAPartyTheCallerDidNotRegisterIsRefusedNamingPartyId) {
  const http::HttpResponse response = Post(Body("CDR-1", "BE-BEC"));
  EXPECT_EQ(response.status, 400) << response.body;
  const json::object envelope = testing::OcpiTestWorld::Envelope(response);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 2001);
  EXPECT_EQ(envelope.at("status_message").as_string().subview().substr(0, 10), "party_id: ");
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  EXPECT_EQ(db->cpo_cdrs().FindByKey(world_.tenant(), PartyId::Parse("BE-BEC").value(), "CDR-1").error().code,
            ErrorCode::kNotFound);
}

TEST_F(CdrsModuleTest, AFaultyCdrIs2001NamingTheField) {
  json::value cdr = ParseJson(Body("CDR-1")).value();
  cdr.as_object()["cdr_token"].as_object().erase("uid");
  const http::HttpResponse response = Post(SerializeJson(cdr));
  EXPECT_EQ(response.status, 400);
  const json::object envelope = testing::OcpiTestWorld::Envelope(response);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 2001);
  EXPECT_EQ(envelope.at("status_message").as_string().subview().substr(0, 15), "cdr_token.uid: ");
}

TEST_F(CdrsModuleTest, ACreditCdrIsAccepted) {
  ASSERT_EQ(Post(Body("CDR-1")).status, 201);
  json::value credit = ParseJson(Body("CDR-1-C")).value();
  json::object& object = credit.as_object();
  object["credit"] = true;
  object["credit_reference_id"] = "CDR-1";
  object["total_cost"] = ParseJson(R"({"excl_vat": -10.24, "incl_vat": -12.39})").value();
  const http::HttpResponse response = Post(SerializeJson(credit));
  EXPECT_EQ(response.status, 201) << response.body;
}

TEST_F(CdrsModuleTest, TheOfficialExampleIsAcceptedFromItsParty) {
  const std::string token = world_.ConnectPeer("BEC", {"BE-BEC"});
  std::ifstream in(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/cdrs/cdr_example.json");
  const std::string example((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const http::HttpResponse response = Post(example, token);
  EXPECT_EQ(response.status, 201) << response.body;
}

TEST_F(CdrsModuleTest, AStoredCdrIsServedToThePeerThatSentIt) {
  const std::string body = Body("CDR-1");
  const std::string location = LocationOf(Post(body));
  const http::HttpResponse response = world_.Send("GET", PathOf(location));
  ASSERT_EQ(response.status, 200) << response.body;
  const json::object envelope = testing::OcpiTestWorld::Envelope(response);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 1000);
  EXPECT_EQ(envelope.at("data"), json::parse(SerializeJson(ParseJson(body).value())));
  const test::JsonSchema schema =
      test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/ocpi.2_2_1.cdr.response.json")
          .value();
  EXPECT_EQ(schema.Validate(json::parse(response.body)), std::vector<std::string>());
}

TEST_F(CdrsModuleTest, AnotherPeersOrTenantsCdrIsNotFound) {
  const std::string other_peer = world_.ConnectPeer("BEC", {"BE-BEC"});
  const std::string location = LocationOf(Post(Body("CDR-1", "BE-BEC"), other_peer));
  ASSERT_FALSE(location.empty());
  EXPECT_EQ(world_.Send("GET", PathOf(location), "", other_peer).status, 200);
  EXPECT_EQ(world_.Send("GET", PathOf(location)).status, 404);  // the world's peer is NL-CPO

  // A CDR of another tenant, stored straight through the ingestor.
  domain::TenantId other_tenant;
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    other_tenant = db->tenants()
                       .Create({.slug = "other",
                                .name = "Other",
                                .default_currency = Currency::Find("EUR").value(),
                                .parties = {PartyId::Parse("BE-OTH").value()}})
                       .value()
                       .id;
  }
  const domain::CpoCdrReceipt theirs = ingestor_->Ingest(test::SampleCpoCdr({.tenant_id = other_tenant,
                                                                            .cpo = PartyId::Parse("NL-CPO").value(),
                                                                            .cdr_id = "CDR-9"}))
                                           .value();
  const http::HttpResponse response = world_.Send("GET", "/ocpi/2.2.1/cdrs/" + std::to_string(theirs.id.value));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/cdrs/not-a-number").status, 404);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/cdrs/999999").status, 404);
}

TEST_F(CdrsModuleTest, AStoredCdrQueuesTheTenantsRatingJobOnce) {
  EXPECT_TRUE(QueuedRatingJobs().empty());
  ASSERT_EQ(Post(Body("CDR-1")).status, 201);
  ASSERT_EQ(Post(Body("CDR-2")).status, 201);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<domain::Job> jobs;
  while ((jobs = QueuedRatingJobs()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].tenant_id, world_.tenant());
}

TEST_F(CdrsModuleTest, TokenAIsRefused) {
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  const std::string token_a = db->peers().Create(world_.tenant(), domain::NewPeer{.name = "New"}).value().token;
  EXPECT_EQ(Post(Body("CDR-1"), token_a).status, 401);
}

}  // namespace
}  // namespace openmsp::emsp
