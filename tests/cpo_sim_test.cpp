// `openmsp cpo-sim` against `openmsp serve`, both real processes over loopback: the simulator registers
// with a token A from `openmsp peer invite`, pushes its world, authorizes before each session and posts
// CDRs that OpenMSP stores and rates; it answers a command with its result, serves its own objects
// paginated, sends duplicates that add no row and credits stored as credits, and acts as a hub for two
// parties. The tenant is made rateable through the repositories (as tests/rating_cli_test.cpp does).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/ids/country.h"
#include "core/ids/emaid.h"
#include "core/json.h"
#include "cposim/world.h"
#include "domain/peer.h"
#include "domain/repositories.h"
#include "emsp/token_push.h"
#include "http/client.h"
#include "ocpi/authorization.h"
#include "ocpi/pagination.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

Decimal D(const char* text) { return Decimal::Parse(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

using test::ReadFile;

// A TCP port free on loopback now (the kernel's pick for port 0).
std::uint16_t FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// Waits until `done` holds, up to `timeout`.
bool Eventually(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

// The report the simulator prints last on stdout.
json::object ReportOf(const std::string& out) {
  const std::size_t start = out.rfind('{', out.rfind("\"locations_pushed\""));
  return ParseJson(out.substr(start)).value().as_object();
}

std::int64_t Count(const json::object& report, const char* name) { return report.at(name).as_int64(); }

// The tenant `demo` (eMSP NL-DEM), rateable: a unit, a driver with two active RFID cards, tariff codes
// ENERGY and FEE, one plan version from 2020 (ENERGY 0.30 per kWh, FEE 0.50 per session, anywhere), VAT
// NL 21 %.
class CpoSimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"migrate", "--database", database_url_}).exit_code, 0);
    const test::ProcessResult tenant =
        Run({"tenant", "create", "--database", database_url_, "--slug", "demo", "--name", "Demo MSP",
             "--country", "NL", "--party", "DEM", "--admin-email", "admin@demo.example", "--admin-password",
             "correct horse battery staple"});
    ASSERT_EQ(tenant.exit_code, 0) << tenant.err;
    repositories_.emplace(
        store::Repositories::Open(store::ParseDatabaseUrl(database_url_).value(), clock_).value());
    tenant_ = repositories_->tenants().FindBySlug("demo").value().id;

    const domain::OrganisationUnitId root{
        ParseJson(tenant.out).value().at("root_organisation_unit_id").as_int64()};
    const domain::ProfileId profile = repositories_->profiles()
                                          .Create(tenant_, {.organisation_unit_id = root,
                                                            .name = "Driver",
                                                            .kind = domain::ProfileKind::kDriver,
                                                            .email = "",
                                                            .prices_hidden = false})
                                          .value()
                                          .id;
    for (const auto& [uid, contract] :
         {std::pair{"04A1B2C3D4E5F6", "NL-DEM-C00000001"}, std::pair{"04B1B2C3D4E5F7", "NL-DEM-C00000002"}}) {
      const domain::Token token = repositories_->tokens()
                                      .Create(tenant_, {.profile_id = profile,
                                                        .uid = uid,
                                                        .type = domain::TokenType::kRfid,
                                                        .contract_id = EmaId::Parse(contract).value(),
                                                        .visual_number = "",
                                                        .issuer = "Demo MSP",
                                                        .group_id = "",
                                                        .whitelist = domain::TokenWhitelist::kAllowed,
                                                        .language = "",
                                                        .valid_from = std::nullopt,
                                                        .valid_until = std::nullopt,
                                                        .cost_centre = ""})
                                      .value();
      repositories_->tokens().SetStatus(tenant_, token.id, domain::TokenStatus::kActive).value();
      tokens_.push_back(token.id);
    }
    const auto code = [&](const char* name, domain::TariffCodeKind kind, domain::TariffUnit unit,
                          const char* step) {
      return repositories_->tariff_codes()
          .Create(tenant_, {.code = name,
                            .kind = kind,
                            .unit = unit,
                            .step_size = D(step),
                            .free_units = D("0"),
                            .grace_period = {},
                            .description = name})
          .value()
          .id;
    };
    const domain::TariffCodeId energy =
        code("ENERGY", domain::TariffCodeKind::kEnergy, domain::TariffUnit::kKwh, "0.001");
    const domain::TariffCodeId fee =
        code("FEE", domain::TariffCodeKind::kSessionFee, domain::TariffUnit::kSession, "1");
    repositories_->tariff_plans().Create(tenant_, {.name = "Public"}).value();
    const auto rule = [](domain::TariffCodeId tariff_code, const char* price) {
      return domain::NewTariffPlanRule{.location_group = std::nullopt,
                                       .business_partner_group = std::nullopt,
                                       .tariff_code = tariff_code,
                                       .unit_price = D(price),
                                       .priority = 0,
                                       .restrictions = {}};
    };
    repositories_->tariff_plans()
        .AddVersion(tenant_, {.valid_from = ParseOcpiDateTime("2020-01-01T00:00:00Z").value(),
                              .currency = Eur(),
                              .min_session_price = std::nullopt,
                              .max_session_price = std::nullopt,
                              .rules = {rule(energy, "0.30"), rule(fee, "0.50")}})
        .value();
    ASSERT_TRUE(repositories_->tenant_settings().ReplaceVatRates(
        tenant_,
        std::vector{domain::VatRate{CountryFromAlpha2("NL").value(), LocalDate{2020, 1, 1}, D("21")}}));
  }

  void TearDown() override {
    if (sim_pid_ > 0) test::StopProcess(sim_pid_, SIGKILL);
    if (serve_pid_ > 0) test::StopProcess(serve_pid_, SIGKILL);
  }

  test::ProcessResult Run(std::vector<std::string> arguments, std::chrono::seconds timeout = 60s) {
    arguments.insert(arguments.begin(), OPENMSP_BINARY);
    return test::RunProcess(arguments, timeout);
  }

  // Starts `openmsp serve` and answers the versions URL and token A of a new invitation.
  std::pair<std::string, std::string> ServeAndInvite() {
    // The public URL must be the real one (the simulator follows it), so the port is chosen first.
    port_ = FreePort();
    public_url_ = "http://127.0.0.1:" + std::to_string(port_);
    serve_pid_ =
        test::StartProcess({OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:" + std::to_string(port_),
                            "--database", database_url_, "--public-url", public_url_, "--threads", "2"},
                           serve_log_.string());
    test::PortFromLog(serve_log_);
    const test::ProcessResult invited = Run({"peer", "invite", "--database", database_url_, "--tenant",
                                             "demo", "--name", "Simulated CPO", "--public-url", public_url_});
    EXPECT_EQ(invited.exit_code, 0) << invited.err;
    const json::value invitation = ParseJson(invited.out).value();
    return {std::string(invitation.at("versions_url").as_string()),
            std::string(invitation.at("token_a").as_string())};
  }

  std::vector<std::string> SimArguments(const std::vector<std::string>& extra) {
    const auto [versions_url, token_a] = ServeAndInvite();
    std::vector<std::string> arguments = {"cpo-sim", "--versions-url", versions_url, "--token-a", token_a};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  }

  std::vector<domain::CpoCdr> StoredCdrs() {
    return repositories_->cpo_cdrs().List(tenant_, domain::CpoCdrQuery{}).value().cdrs;
  }

  domain::Peer OnlyPeer() {
    const std::vector<domain::Peer> peers = repositories_->peers().List(tenant_).value();
    EXPECT_EQ(peers.size(), 1u);
    return peers.front();
  }

  test::TempDirectory directory_{"openmsp_cpo_sim_test"};
  std::string database_url_ = "sqlite:" + directory_.File("openmsp.db");
  std::filesystem::path serve_log_ = directory_.path() / "serve.log";
  std::filesystem::path sim_log_ = directory_.path() / "sim.log";
  // Before the plan version starts, so that it may be added (a version may not start in the past).
  ManualClock clock_{ParseOcpiDateTime("2019-12-01T00:00:00Z").value()};
  std::optional<store::Repositories> repositories_;
  domain::TenantId tenant_;
  std::vector<domain::TokenId> tokens_;
  std::uint16_t port_ = 0;
  std::string public_url_;
  pid_t serve_pid_ = -1;
  pid_t sim_pid_ = -1;
};

TEST_F(CpoSimTest, RegistersPushesAuthorizesAndItsCdrsArriveAreRatedDuplicatesAddNoRowCreditsAreCredits) {
  const test::ProcessResult sim =
      Run(SimArguments({"--party", "NL-CPO", "--once", "--seed", "7", "--locations", "2", "--sessions", "2",
                        "--duplicate-rate", "1", "--credit-rate", "1", "--malformed-rate", "1"}));
  ASSERT_EQ(sim.exit_code, 0) << sim.err << ReadFile(serve_log_);
  const json::object report = ReportOf(sim.out);
  EXPECT_EQ(Count(report, "tariffs_pushed"), 2);
  EXPECT_EQ(Count(report, "locations_pushed"), 2);
  EXPECT_EQ(Count(report, "push_failures"), 0) << sim.err;
  EXPECT_EQ(Count(report, "tokens_learnt"), 2);
  EXPECT_EQ(Count(report, "authorizations_allowed"), 2);
  EXPECT_EQ(Count(report, "sessions_completed"), 2);
  EXPECT_EQ(Count(report, "cdrs_acknowledged"), 2);
  EXPECT_EQ(Count(report, "duplicates_acknowledged"), 2);
  EXPECT_EQ(Count(report, "credits_acknowledged"), 2);
  EXPECT_EQ(Count(report, "malformed_refused"), 2);
  EXPECT_EQ(report.at("latency_us").at("count").as_int64(), 2);

  // Registered: a connected CPO peer.
  const domain::Peer peer = OnlyPeer();
  EXPECT_EQ(peer.status, domain::PeerStatus::kConnected);
  ASSERT_EQ(peer.roles.size(), 1u);
  EXPECT_EQ(peer.roles[0].party, Party("NL-CPO"));
  EXPECT_TRUE(
      repositories_->locations().Find(tenant_, {.party = Party("NL-CPO"), .location_id = "LOC-0002"}).ok());

  // Two CDRs and two credits: the duplicates added no row.
  const std::vector<domain::CpoCdr> cdrs = StoredCdrs();
  ASSERT_EQ(cdrs.size(), 4u);
  int credits = 0;
  for (const domain::CpoCdr& cdr : cdrs) {
    const json::object body = ParseJson(cdr.body).value().as_object();
    EXPECT_TRUE(cposim::CheckCdrConsistency(body).ok()) << cdr.body;
    if (body.contains("credit")) {
      ++credits;
      EXPECT_LT(cdr.total_cost_excl_vat, Decimal(0));
      const domain::CpoCdr original =
          repositories_->cpo_cdrs()
              .FindByKey(tenant_, cdr.cpo, body.at("credit_reference_id").as_string())
              .value();
      EXPECT_EQ(cdr.total_cost_excl_vat, -original.total_cost_excl_vat);
      continue;
    }
    EXPECT_GT(cdr.total_cost_excl_vat, Decimal(0));
    // The session it closes was PUT, PATCHed period by period and completed, with the CDR's energy.
    const domain::StoredSession session =
        repositories_->sessions()
            .Find(tenant_, {.party = cdr.cpo, .session_id = std::string(body.at("session_id").as_string())})
            .value();
    EXPECT_EQ(session.session.status, domain::SessionStatus::kCompleted);
    EXPECT_EQ(session.session.kwh, cdr.total_energy);
    EXPECT_FALSE(session.session.authorization_reference.empty());
  }
  EXPECT_EQ(credits, 2);

  // Rated in the background: ENERGY 0.30 per kWh (per Wh step) and the session fee 0.50.
  for (const domain::CpoCdr& cdr : cdrs) {
    // A credit rated in the same run as its original is held until the run's end releases it.
    EXPECT_TRUE(Eventually(
        [&] {
          Result<domain::MspCdr> found = repositories_->msp_cdrs().FindByCpoCdr(tenant_, cdr.id);
          return found.ok() && !found->NeedsAttention();
        },
        30s))
        << cdr.cdr_id << ReadFile(serve_log_);
    const Result<domain::MspCdr> found = repositories_->msp_cdrs().FindByCpoCdr(tenant_, cdr.id);
    ASSERT_TRUE(found.ok()) << cdr.cdr_id << ReadFile(serve_log_);
    const domain::MspCdr& rated = *found;
    EXPECT_FALSE(rated.NeedsAttention()) << cdr.cdr_id << ": " << rated.rating.attention_detail;
    const Decimal expected = (cdr.total_energy * D("0.30")).Rounded(2, RoundingMode::kHalfUp) + D("0.50");
    if (cdr.total_cost_excl_vat > Decimal(0)) {
      EXPECT_EQ(rated.rating.total_excl_vat, expected) << cdr.cdr_id;
    } else {
      EXPECT_EQ(rated.rating.total_excl_vat, -expected) << cdr.cdr_id;
    }
  }
}

TEST_F(CpoSimTest, AnswersACommandWithItsResultAndServesItsObjectsPaginated) {
  std::vector<std::string> arguments =
      SimArguments({"--party", "NL-CPO", "--locations", "3", "--sessions", "0", "--round-interval-ms", "200",
                    "--duration", "120", "--command-result-delay-ms", "100"});
  arguments.insert(arguments.begin(), OPENMSP_BINARY);
  sim_pid_ = test::StartProcess(arguments, sim_log_.string());
  const std::uint16_t sim_port = test::PortFromLog(sim_log_);
  ASSERT_TRUE(Eventually(
      [&] {
        return repositories_->locations()
            .Find(tenant_, {.party = Party("NL-CPO"), .location_id = "LOC-0003"})
            .ok();
      },
      30s))
      << ReadFile(sim_log_);
  const domain::Peer peer = OnlyPeer();

  const test::ProcessResult sent =
      Run({"command", "start-session", "--database", database_url_, "--tenant", "demo", "--peer",
           std::to_string(peer.id.value), "--token", "04A1B2C3D4E5F6", "--location", "LOC-0001",
           "--public-url", public_url_});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const std::string command_id = std::to_string(ParseJson(sent.out).value().at("id").as_int64());
  EXPECT_EQ(ParseJson(sent.out).value().at("state"), "accepted") << sent.out;
  std::string shown;
  EXPECT_TRUE(Eventually(
      [&] {
        shown =
            Run({"command", "show", "--database", database_url_, "--tenant", "demo", "--id", command_id}).out;
        return shown.find("\"result\":\"ACCEPTED\"") != std::string::npos;
      },
      30s))
      << shown << ReadFile(sim_log_);

  // START_SESSION really started a session: live at OpenMSP, bound to the command by its reference.
  const std::string reference(ParseJson(sent.out).value().at("authorization_reference").as_string());
  std::optional<domain::StoredSession> live;
  ASSERT_TRUE(Eventually(
      [&] {
        const domain::SessionPage page =
            repositories_->sessions().ListLive(tenant_, {}, std::nullopt, 100).value();
        for (const domain::StoredSession& session : page.sessions) {
          if (session.session.authorization_reference == reference) live = session;
        }
        return live.has_value();
      },
      30s))
      << ReadFile(sim_log_);
  EXPECT_EQ(live->session.status, domain::SessionStatus::kActive);
  // STOP_SESSION completes it, and its CDR arrives.
  const test::ProcessResult stopped = Run({"command", "stop-session", "--database", database_url_, "--tenant",
                                           "demo", "--peer", std::to_string(peer.id.value), "--session",
                                           live->session.key.session_id, "--public-url", public_url_});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(ParseJson(stopped.out).value().at("state"), "accepted") << stopped.out;
  ASSERT_TRUE(Eventually(
      [&] {
        return repositories_->cpo_cdrs()
            .FindByKey(tenant_, Party("NL-CPO"), "CDR-" + live->session.key.session_id)
            .ok();
      },
      30s))
      << ReadFile(sim_log_);
  EXPECT_EQ(repositories_->sessions().Find(tenant_, live->session.key).value().session.status,
            domain::SessionStatus::kCompleted);

  // The simulator's own locations, as the eMSP pulls them (§2.5): pages of 2 with Link and X-Total-Count.
  http::HttpClient client = http::HttpClient::Create().value();
  const domain::OutgoingCredentials token_b =
      repositories_->peers().FindOutgoingCredentials(tenant_, peer.id).value();
  std::optional<std::string> next =
      "http://127.0.0.1:" + std::to_string(sim_port) + "/ocpi/2.2.1/locations?limit=2";
  std::vector<std::string> ids;
  int pages = 0;
  while (next) {
    http::HttpClientRequest request{.method = "GET", .url = *next};
    request.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(token_b));
    const http::HttpClientResponse page = client.Send(request).value();
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.headers.Get("X-Total-Count").value_or(""), "3");
    EXPECT_EQ(page.headers.Get("X-Limit").value_or(""), "100");
    const json::value envelope = ParseJson(page.body).value();
    for (const json::value& location : envelope.at("data").as_array()) {
      ids.emplace_back(location.at("id").as_string());
    }
    next = ocpi::ReadPageHeaders(page.headers).value().next_url;
    ++pages;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(ids, (std::vector<std::string>{"LOC-0001", "LOC-0002", "LOC-0003"}));
  http::HttpClientRequest unauthenticated{
      .method = "GET", .url = "http://127.0.0.1:" + std::to_string(sim_port) + "/ocpi/2.2.1/cdrs"};
  EXPECT_EQ(client.Send(unauthenticated).value().status, 401);

  EXPECT_EQ(test::StopProcess(sim_pid_, SIGTERM, 30s), 0) << ReadFile(sim_log_);
  sim_pid_ = -1;
  const json::object report = ReportOf(ReadFile(sim_log_));
  EXPECT_EQ(Count(report, "commands_received"), 2);
  EXPECT_EQ(Count(report, "command_results_posted"), 2);
  EXPECT_EQ(Count(report, "sessions_started"), 1);
  EXPECT_EQ(Count(report, "sessions_completed"), 1);
  EXPECT_EQ(Count(report, "cdrs_acknowledged"), 1);
}

TEST_F(CpoSimTest, ItsFailingAnswersReachOpenMspAsFailures) {
  std::vector<std::string> arguments =
      SimArguments({"--party", "NL-CPO", "--locations", "1", "--sessions", "0", "--round-interval-ms", "200",
                    "--duration", "120", "--http-500-rate", "1", "--slow-ms", "300"});
  arguments.insert(arguments.begin(), OPENMSP_BINARY);
  sim_pid_ = test::StartProcess(arguments, sim_log_.string());
  ASSERT_TRUE(Eventually(
      [&] {
        return repositories_->locations()
            .Find(tenant_, {.party = Party("NL-CPO"), .location_id = "LOC-0001"})
            .ok();
      },
      30s))
      << ReadFile(sim_log_);
  // A command is POSTed once (never retried: it could start two sessions): the slow 500 makes it unreachable.
  const auto started = std::chrono::steady_clock::now();
  const test::ProcessResult sent =
      Run({"command", "start-session", "--database", database_url_, "--tenant", "demo", "--peer",
           std::to_string(OnlyPeer().id.value), "--token", "04A1B2C3D4E5F6", "--location", "LOC-0001",
           "--public-url", public_url_});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(ParseJson(sent.out).value().at("state"), "unreachable") << sent.out;

  EXPECT_EQ(test::StopProcess(sim_pid_, SIGTERM, 30s), 0) << ReadFile(sim_log_);
  sim_pid_ = -1;
  const json::object report = ReportOf(ReadFile(sim_log_));
  EXPECT_EQ(Count(report, "faults_500"), 1);
  EXPECT_EQ(Count(report, "faults_slow"), 1);
  EXPECT_EQ(Count(report, "command_results_posted"), 0);
}

TEST_F(CpoSimTest, ATokenOpenMspPushesReachesItsTokensReceiver) {
  std::vector<std::string> arguments = SimArguments({"--party", "NL-CPO", "--locations", "1", "--sessions",
                                                     "0", "--round-interval-ms", "200", "--duration", "120"});
  arguments.insert(arguments.begin(), OPENMSP_BINARY);
  sim_pid_ = test::StartProcess(arguments, sim_log_.string());
  ASSERT_TRUE(Eventually(
      [&] {
        return repositories_->locations()
            .Find(tenant_, {.party = Party("NL-CPO"), .location_id = "LOC-0001"})
            .ok();
      },
      30s))
      << ReadFile(sim_log_);
  // A card blocked at OpenMSP is pushed (§10.1 K3) to the simulator's tokens RECEIVER by a token.push job.
  repositories_->tokens().SetStatus(tenant_, tokens_[1], domain::TokenStatus::kBlocked).value();
  ASSERT_EQ(
      emsp::QueueTokenPushes(repositories_->peers(), repositories_->jobs(), tenant_, tokens_[1], clock_.Now())
          .value(),
      1);
  ASSERT_TRUE(Eventually(
      [&] {
        const std::vector<domain::Job> succeeded =
            repositories_->jobs()
                .List(domain::JobScope::OfTenant(tenant_), domain::JobState::kSucceeded, 100)
                .value();
        for (const domain::Job& job : succeeded) {
          if (job.kind == emsp::kTokenPushJob) return true;
        }
        return false;
      },
      60s))
      << ReadFile(serve_log_) << ReadFile(sim_log_);
  EXPECT_EQ(test::StopProcess(sim_pid_, SIGTERM, 30s), 0) << ReadFile(sim_log_);
  sim_pid_ = -1;
  const json::object report = ReportOf(ReadFile(sim_log_));
  EXPECT_EQ(Count(report, "tokens_pushed_to_us"), 1);
}

TEST_F(CpoSimTest, AHubSendsForTwoPartiesWithRoutingHeaders) {
  const test::ProcessResult sim =
      Run(SimArguments({"--hub", "--party", "NL-HUB", "--parties", "NL-CPA,NL-CPB", "--once", "--seed", "3",
                        "--locations", "1", "--sessions", "4"}));
  ASSERT_EQ(sim.exit_code, 0) << sim.err << ReadFile(serve_log_);
  const json::object report = ReportOf(sim.out);
  EXPECT_EQ(Count(report, "locations_pushed"), 2);
  EXPECT_EQ(Count(report, "tariffs_pushed"), 4);
  EXPECT_EQ(Count(report, "cdrs_acknowledged"), 4);
  EXPECT_EQ(Count(report, "push_failures"), 0) << sim.err;

  const domain::Peer peer = OnlyPeer();
  std::set<std::string> roles;
  for (const domain::PeerRole& role : peer.roles) {
    roles.insert(std::string(domain::OcpiRoleName(role.role)) + " " + role.party.ToString());
  }
  // A hub lists only itself (§1): its parties' sessions and CDRs pass the owner rule by OCPI-from-*.
  EXPECT_EQ(roles, (std::set<std::string>{"HUB NL-HUB"}));
  for (const char* party : {"NL-CPA", "NL-CPB"}) {
    EXPECT_TRUE(
        repositories_->locations().Find(tenant_, {.party = Party(party), .location_id = "LOC-0001"}).ok())
        << party;
  }
  for (const domain::CpoCdr& cdr : StoredCdrs()) {
    EXPECT_TRUE(cdr.cpo == Party("NL-CPA") || cdr.cpo == Party("NL-CPB")) << cdr.cpo.ToString();
  }
  EXPECT_EQ(StoredCdrs().size(), 4u);
}

TEST_F(CpoSimTest, LoadModeSendsTheRateAskedAndReportsLatency) {
  const test::ProcessResult sim =
      Run(SimArguments({"--party", "NL-CPO", "--locations", "2", "--cdrs-per-second", "20", "--duration", "2",
                        "--max-in-flight", "4"}));
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const json::object report = ReportOf(sim.out);
  const std::int64_t sent = Count(report, "cdrs_sent");
  EXPECT_GE(sent + Count(report, "cdrs_skipped"), 36);  // 20/s for 2 s, give or take the last tick
  EXPECT_LE(sent + Count(report, "cdrs_skipped"), 41);
  EXPECT_EQ(Count(report, "cdrs_failed"), 0) << sim.err;
  EXPECT_EQ(Count(report, "cdrs_acknowledged"), sent);
  EXPECT_EQ(report.at("latency_us").at("count").as_int64(), sent);
  EXPECT_GT(report.at("latency_us").at("p50").as_int64(), 0);
  EXPECT_EQ(static_cast<std::int64_t>(StoredCdrs().size()), std::min<std::int64_t>(sent, 100));
}

TEST_F(CpoSimTest, ARefusedRegistrationEndsWithAClearMessage) {
  const auto [versions_url, token_a] = ServeAndInvite();
  const test::ProcessResult sim = Run({"cpo-sim", "--versions-url", versions_url, "--token-a",
                                       "not-the-token-we-issued", "--party", "NL-CPO"});
  EXPECT_EQ(sim.exit_code, 1);
  EXPECT_NE(sim.err.find("registration with " + versions_url + " failed"), std::string::npos) << sim.err;
  EXPECT_EQ(OnlyPeer().status, domain::PeerStatus::kPending);
}

}  // namespace
}  // namespace openmsp
