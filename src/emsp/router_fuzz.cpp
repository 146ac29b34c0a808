// libFuzzer target: the eMSP's real OCPI router — every module registered as `openmsp serve` registers it,
// over a migrated SQLite database on tmpfs — fed arbitrary requests. Invariants: nothing crashes or hangs;
// every answer is either an OCPI envelope (`ocpi::ParseEnvelope` accepts it) whose status class agrees
// with the HTTP status (1xxx only with 2xx), or a plain HTTP error of the router (404, 405, 400) that is
// not a 2xx; no answer is a 500 (an `Error` of kInternal is a broken invariant of OpenMSP).
//
// Input: byte 0 picks the caller (the CPO's token C, the hub's token C, a pending peer's token A, the CPO's
// token C sent raw rather than Base64, no Authorization at all), byte 1 the method; then the request
// target, header lines `Name: value` up to an empty line, and the body:
//
//     \x00\x01/ocpi/2.2.1/tariffs/NL/CPO/T1\nOCPI-from-country-code: NL\n\n{"id": "T1", ...}
//
// A credentials DELETE unregisters the calling peer; the world is rebuilt when a peer left its state, so
// every input starts from the same peers.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/base64.h"
#include "core/clock.h"
#include "core/currency.h"
#include "core/time.h"
#include "emsp/cdrs_module.h"
#include "emsp/commands_module.h"
#include "emsp/credentials_module.h"
#include "emsp/hub_client_info_module.h"
#include "emsp/locations_module.h"
#include "emsp/ocpi_endpoints.h"
#include "emsp/sessions_module.h"
#include "emsp/tariffs_module.h"
#include "emsp/tokens_module.h"
#include "emsp/versions_module.h"
#include "ocpi/envelope.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/migrations.h"

namespace openmsp::emsp {
namespace {

class CountingRandom final : public ocpi::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override {
    for (std::uint8_t& byte : bytes) byte = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

// A scratch directory on tmpfs when there is one (the database lives in memory either way), removed with
// everything in it when destroyed.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern =
        (std::filesystem::exists("/dev/shm") ? std::string("/dev/shm") : std::string("/tmp")) +
        "/openmsp_router_fuzz_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

http::HttpClientOptions ShortClientOptions() {
  // A fuzzed credentials PUT names any versions URL: fail fast, never retry.
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(20);
  options.request_timeout = std::chrono::milliseconds(50);
  options.max_attempts = 1;
  return options;
}

// Everything `openmsp serve` puts behind the OCPI router, with a tenant (NL-DEM), a connected CPO
// (NL-CPO), a connected hub (NL-HUB) and a pending peer.
class World {
 public:
  World() {
    if (!store::OpenAndMigrate(url_).ok()) std::abort();
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    tenant_ = db->tenants()
                  .Create(domain::NewTenant{.slug = "demo",
                                            .name = "Demo",
                                            .default_currency = Currency::Find("EUR").value(),
                                            .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    cpo_ = Connect(*db, "CPO", domain::OcpiRole::kCpo, "NL-CPO", cpo_token_);
    hub_ = Connect(*db, "Hub", domain::OcpiRole::kHub, "NL-HUB", hub_token_);
    const domain::PeerWithToken pending = db->peers().Create(tenant_, domain::NewPeer{.name = "Pending"}).value();
    pending_ = pending.peer.id;
    pending_token_ = pending.token;

    RegisterVersionsModule(endpoints_);
    RegisterCredentialsModule(endpoints_, credentials_);
    cdrs_ = RegisterCdrsModule(endpoints_, *ingestor_);
    RegisterSessionsModule(endpoints_);
    RegisterCommandsModule(endpoints_);
    RegisterTokensModule(endpoints_);
    RegisterLocationsModule(endpoints_);
    RegisterTariffsModule(endpoints_);
    RegisterHubClientInfoModule(endpoints_);
  }

  ~World() {
    cdrs_.reset();
    ingestor_.reset();
  }

  http::HttpResponse Dispatch(http::HttpRequest request) const { return router_.Dispatch(std::move(request)); }

  const std::string& Token(std::uint8_t caller) const {
    switch (caller % 3) {
      case 0:
        return cpo_token_;
      case 1:
        return hub_token_;
      default:
        return pending_token_;
    }
  }

  // Whether every peer is where the world put it (a credentials DELETE unregisters one).
  bool Intact() {
    Result<store::RepositoryPool::Lease> db = pool_.Borrow();
    if (!db) return false;
    const auto is = [&](domain::PeerId id, domain::PeerStatus status) {
      Result<domain::Peer> peer = (*db)->peers().FindById(tenant_, id);
      return peer.ok() && peer->status == status;
    };
    return is(cpo_, domain::PeerStatus::kConnected) && is(hub_, domain::PeerStatus::kConnected) &&
           is(pending_, domain::PeerStatus::kPending);
  }

 private:
  domain::PeerId Connect(store::Repositories& db, const std::string& name, domain::OcpiRole role,
                         const char* party, std::string& token) {
    const domain::PeerWithToken invited = db.peers().Create(tenant_, domain::NewPeer{.name = name}).value();
    const domain::PeerRegistration registration{
        .token = "token-b-of-" + name,
        .token_base64 = true,
        .versions_url = "http://127.0.0.1:9/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {domain::PeerEndpoint{.module = "credentials",
                                           .role = domain::InterfaceRole::kSender,
                                           .url = "http://127.0.0.1:9/ocpi/2.2.1/credentials"}},
        .roles = {domain::PeerRole{.role = role, .party = PartyId::Parse(party).value(), .business_name = name}}};
    token = db.peers()
                .Register(tenant_, invited.peer.id, domain::TokenDigest::Of(invited.token), registration)
                .value()
                .token;
    return invited.peer.id;
  }

  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  // Declared before everything that uses the database, so it is removed after all of it is gone.
  ScratchDirectory directory_;
  store::DatabaseUrl url_ =
      store::ParseDatabaseUrl("sqlite:" + (directory_.path() / "openmsp.db").string()).value();
  store::RepositoryPool pool_{url_, clock_, 2};
  CountingRandom random_;
  OcpiContext context_{
      .pool = pool_, .clock = clock_, .random = random_, .public_url = "http://127.0.0.1:8080"};
  http::Router router_;
  OcpiEndpoints endpoints_{router_, context_};
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ = store::CpoCdrIngestor::Open(url_, clock_).value();
  CredentialsModule credentials_{context_, http::HttpClient::Create(ShortClientOptions()).value()};
  std::unique_ptr<CdrsModule> cdrs_;
  domain::TenantId tenant_;
  domain::PeerId cpo_;
  domain::PeerId hub_;
  domain::PeerId pending_;
  std::string cpo_token_;
  std::string hub_token_;
  std::string pending_token_;
};

std::unique_ptr<World>& TheWorld() {
  static std::unique_ptr<World> world;
  return world;
}

void Rebuild() {
  TheWorld().reset();
  TheWorld() = std::make_unique<World>();
}

// The next line of `text` (without its LF, and a CR before it), consumed.
std::string_view NextLine(std::string_view& text) {
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

http::HttpRequest RequestOf(const World& world, std::string_view input) {
  constexpr std::array<std::string_view, 8> kMethods = {"GET", "PUT", "PATCH", "POST",
                                                        "DELETE", "HEAD", "OPTIONS", "get"};
  http::HttpRequest request;
  const auto caller = static_cast<std::uint8_t>(input[0]);
  request.method = std::string(kMethods[static_cast<std::uint8_t>(input[1]) % kMethods.size()]);
  input.remove_prefix(2);
  const std::string_view target = NextLine(input);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  switch (caller % 5) {
    case 3:
      request.headers.Set("Authorization", "Token " + world.Token(0));  // raw, as 2.1.1 peers send it
      break;
    case 4:
      break;
    default: {
      const std::string& token = world.Token(static_cast<std::uint8_t>(caller % 5));
      request.headers.Set("Authorization", "Token " + EncodeBase64(token));
    }
  }
  while (!input.empty()) {
    const std::string_view line = NextLine(input);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    request.headers.Add(std::string(line.substr(0, colon)), std::string(value));
  }
  request.body = std::string(input);
  return request;
}

void Check(const http::HttpResponse& response) {
  if (response.status < 100 || response.status > 599 || response.status == 500) std::abort();
  const bool success = response.status >= 200 && response.status < 300;
  Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response.body);
  if (!envelope) {
    // Only the router's own refusals (no route, method not allowed, a broken `%` escape) are not
    // envelopes, and none of them is a success.
    if (success) std::abort();
    return;
  }
  const bool ocpi_success = envelope->status_code >= 1000 && envelope->status_code < 2000;
  if (ocpi_success && !success) std::abort();
}

// One input, as the file's comment describes it.
void Run(std::string_view input) {
  if (input.size() < 2) return;
  if (!TheWorld() || !TheWorld()->Intact()) Rebuild();
  Check(TheWorld()->Dispatch(RequestOf(*TheWorld(), input)));
}

}  // namespace
}  // namespace openmsp::emsp

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  openmsp::emsp::Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
