#include "cposim/simulator.h"

#include <algorithm>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/json.h"
#include "cposim/world.h"
#include "domain/secret.h"
#include "http/client.h"
#include "http/router.h"
#include "http/server.h"
#include "ocpi/authorization.h"
#include "ocpi/credentials.h"
#include "ocpi/envelope.h"
#include "ocpi/fields.h"
#include "ocpi/headers.h"
#include "ocpi/pagination.h"
#include "ocpi/versions.h"

namespace openmsp::cposim {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

/// The largest page our sender endpoints answer (`X-Limit`).
constexpr std::int64_t kPageLimit = 100;

void Log(const std::string& line) { std::cerr << "cpo-sim: " + line + "\n" << std::flush; }

// Request ids from the seed, so a run's traffic is reproducible too.
class SeededRandom final : public ocpi::RandomSource {
 public:
  explicit SeededRandom(std::uint64_t seed) : rng_(seed) {}
  void Fill(std::span<std::uint8_t> bytes) override {
    std::lock_guard lock(mutex_);
    for (std::uint8_t& byte : bytes) byte = static_cast<std::uint8_t>(rng_.Next() & 0xFFU);
  }

 private:
  std::mutex mutex_;
  Rng rng_;
};

// One object we send as SENDER: what the eMSP pulls with GET (§2.5).
struct Stored {
  PartyId party;
  std::string id;
  Instant last_updated;
  std::int64_t sequence = 0;
  json::object object;
};

// A token the eMSP told us of, pulled or pushed.
struct LearntToken {
  SimToken token;
  bool valid = true;
};

Result<LearntToken> ReadToken(const json::value& value) {
  if (!value.is_object()) return InvalidArgument("token", "not an object");
  const json::object& object = value.as_object();
  const auto text = [&object](const char* name) -> std::string {
    const json::value* member = object.if_contains(name);
    return member != nullptr && member->is_string() ? std::string(member->as_string()) : std::string();
  };
  LearntToken learnt{.token = SimToken{.country_code = text("country_code"),
                                       .party_id = text("party_id"),
                                       .uid = text("uid"),
                                       .type = text("type"),
                                       .contract_id = text("contract_id")},
                     .valid = true};
  if (learnt.token.uid.empty()) return InvalidArgument("uid", "missing");
  if (learnt.token.type.empty()) learnt.token.type = "RFID";
  const json::value* valid = object.if_contains("valid");
  if (valid != nullptr && valid->is_bool()) learnt.valid = valid->as_bool();
  return learnt;
}

std::string NewSecretToken() {
  std::array<std::uint8_t, 24> bytes{};
  domain::FillRandomBytes(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (std::uint8_t byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0x0FU];
  }
  return token;
}

Result<void> CheckRate(double rate, const char* option) {
  if (rate < 0 || rate > 1) return InvalidArgument(option, "must be a rate from 0 to 1");
  return Ok();
}

}  // namespace

class Simulator::Impl {
 public:
  Impl(SimulatorOptions options, const Clock& clock, http::HttpClient client)
      : options_(std::move(options)),
        clock_(clock),
        client_(std::move(client)),
        world_rng_(options_.seed),
        fault_rng_(options_.seed ^ 0xFA17FA17FA17FA17ULL),
        ids_(options_.seed ^ 0x1D1D1D1D1D1D1D1DULL) {
    if (!options_.hub) options_.parties = {options_.party};
  }

  ~Impl() { Stop(); }

  Result<std::string> Start() {
    http::Router router;
    AddRoutes(router);
    server_ = std::make_unique<http::HttpServer>(std::move(router), http::HttpServerOptions{.threads = 4});
    OPENMSP_ASSIGN_OR_RETURN(const std::uint16_t port,
                             server_->Start(options_.listen.host, options_.listen.port));
    base_url_ = options_.public_url.empty()
                    ? "http://" + http::ListenAddress{options_.listen.host, port}.ToString()
                    : options_.public_url;
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    server_thread_ = std::thread([this] { server_->Run(); });
    tasks_thread_ = std::thread([this] { RunTasks(); });
    Log("listening on " + base_url_ + " as " + Roles());
    return VersionsUrl();
  }

  Result<void> Register() {
    const std::string token_b = NewSecretToken();
    {
      std::lock_guard lock(mutex_);
      token_b_ = token_b;
    }
    const std::string token_a = options_.token_a;
    OPENMSP_ASSIGN_OR_RETURN(const json::value versions_data,
                             GetData(options_.versions_url, token_a, "versions"));
    Result<std::vector<ocpi::Version>> versions = ocpi::ParseVersions(versions_data);
    if (!versions) return Error{ErrorCode::kPeerError, "versions", versions.error().ToString()};
    OPENMSP_ASSIGN_OR_RETURN(const ocpi::Version version, ocpi::FindVersion(*versions));
    OPENMSP_ASSIGN_OR_RETURN(const json::value details_data,
                             GetData(version.url, token_a, "version details"));
    Result<ocpi::VersionDetails> details = ocpi::ParseVersionDetails(details_data);
    if (!details) return Error{ErrorCode::kPeerError, "version details", details.error().ToString()};
    endpoints_ = details->endpoints;
    OPENMSP_ASSIGN_OR_RETURN(const std::string credentials_url, EndpointUrl("credentials", std::nullopt));

    OPENMSP_ASSIGN_OR_RETURN(const json::value ours, ocpi::CredentialsJson(OurCredentials(token_b)));
    OPENMSP_ASSIGN_OR_RETURN(
        const http::HttpClientResponse response,
        Send("POST", credentials_url, SerializeJson(ours), token_a, std::nullopt, false));
    OPENMSP_ASSIGN_OR_RETURN(const json::value data, EnvelopeData(response, "credentials"));
    Result<ocpi::Credentials> theirs = ocpi::ParseCredentials(data);
    if (!theirs) return Error{ErrorCode::kPeerError, "credentials", theirs.error().ToString()};
    {
      std::lock_guard lock(mutex_);
      token_c_ = theirs->token;
      for (const domain::PeerRole& role : theirs->roles) {
        if (role.role == domain::OcpiRole::kEmsp && !emsp_party_) emsp_party_ = role.party;
      }
    }
    Log("registered with " + options_.versions_url + " (" + std::to_string(endpoints_.size()) +
        " endpoints)");
    return Ok();
  }

  Result<void> PushWorld() {
    {
      std::lock_guard lock(world_mutex_);
      world_ = GenerateWorld(world_rng_, options_.parties, options_.locations, clock_.Now());
    }
    OPENMSP_ASSIGN_OR_RETURN(const std::string tariffs_url,
                             EndpointUrl("tariffs", domain::InterfaceRole::kReceiver));
    OPENMSP_ASSIGN_OR_RETURN(const std::string locations_url,
                             EndpointUrl("locations", domain::InterfaceRole::kReceiver));
    for (const SimTariff& tariff : world_.tariffs) {
      const json::object object = TariffJson(tariff);
      Keep("tariffs", tariff.party, tariff.id, tariff.last_updated, object);
      if (Put(ObjectUrl(tariffs_url, tariff.party, tariff.id), object, tariff.party))
        ++report_.tariffs_pushed;
    }
    for (const SimLocation& location : world_.locations) {
      const json::object object = LocationJson(location);
      Keep("locations", location.party, location.id, location.last_updated, object);
      if (Put(ObjectUrl(locations_url, location.party, location.id), object, location.party)) {
        ++report_.locations_pushed;
      }
    }
    Log("pushed " + std::to_string(report_.tariffs_pushed.load()) + " tariffs and " +
        std::to_string(report_.locations_pushed.load()) + " locations");
    return Ok();
  }

  Result<void> RunRound() {
    OPENMSP_RETURN_IF_ERROR(PullTokens());
    const std::vector<SimToken> tokens = ValidTokens();
    if (tokens.empty()) {
      Log("no valid token of the eMSP known: no sessions this round");
      return Ok();
    }
    for (int i = 0; i < options_.sessions_per_round; ++i) {
      const SimToken& token = tokens[static_cast<std::size_t>(round_token_++) % tokens.size()];
      OPENMSP_RETURN_IF_ERROR(RunSession(token));
    }
    return Ok();
  }

  Result<void> RunLoad(const std::atomic<bool>& stop) {
    if (ValidTokens().empty()) OPENMSP_RETURN_IF_ERROR(PullTokens());
    const std::vector<SimToken> tokens = ValidTokens();
    if (tokens.empty())
      return Error{ErrorCode::kFailedPrecondition, "tokens", "the eMSP has no valid token to charge"};
    if (options_.cdrs_per_second <= 0) return Ok();
    const auto period = std::chrono::nanoseconds(1'000'000'000LL / options_.cdrs_per_second);
    const auto start = SteadyClock::now();
    const std::optional<SteadyClock::time_point> deadline =
        options_.duration.count() > 0 ? std::optional(start + options_.duration) : std::nullopt;

    std::mutex queue_mutex;
    std::condition_variable queue_changed;
    std::deque<std::pair<json::object, PartyId>> queue;
    int busy = 0;
    bool done = false;
    std::vector<std::thread> workers;
    for (int w = 0; w < options_.max_in_flight; ++w) {
      workers.emplace_back([&] {
        while (true) {
          std::unique_lock lock(queue_mutex);
          queue_changed.wait(lock, [&] { return done || !queue.empty(); });
          if (queue.empty()) return;
          auto [cdr, party] = std::move(queue.front());
          queue.pop_front();
          ++busy;
          lock.unlock();
          SendCdr(cdr, party);
          lock.lock();
          --busy;
        }
      });
    }
    std::int64_t sequence = 0;
    while (!stop.load() && (!deadline || SteadyClock::now() < *deadline)) {
      std::this_thread::sleep_until(start + period * (sequence + 1));
      auto [cdr, party] = LoadCdr(tokens, sequence++);
      std::lock_guard lock(queue_mutex);
      if (static_cast<int>(queue.size()) + busy >= options_.max_in_flight) {
        ++report_.cdrs_skipped;
        continue;
      }
      queue.emplace_back(std::move(cdr), std::move(party));
      queue_changed.notify_one();
    }
    {
      std::lock_guard lock(queue_mutex);
      done = true;
    }
    queue_changed.notify_all();
    for (std::thread& worker : workers) worker.join();
    return Ok();
  }

  void Stop() {
    {
      std::lock_guard lock(tasks_mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    tasks_changed_.notify_all();
    if (tasks_thread_.joinable()) tasks_thread_.join();
    if (server_) server_->Stop();
    if (server_thread_.joinable()) server_thread_.join();
  }

  const Report& report() const { return report_; }

 private:
  // --- what we are -------------------------------------------------------------------------------

  std::string VersionsUrl() const { return base_url_ + "/ocpi/versions"; }
  std::string VersionUrl() const { return base_url_ + "/ocpi/2.2.1"; }

  std::string Roles() const {
    std::string roles = options_.hub ? "hub " + options_.party.ToString() + " for" : "CPO";
    for (const PartyId& party : options_.parties) roles += " " + party.ToString();
    return roles;
  }

  ocpi::Credentials OurCredentials(std::string token) const {
    ocpi::Credentials credentials{.token = std::move(token), .url = VersionsUrl(), .roles = {}};
    // A hub lists only itself (§1); the parties behind it are named by OCPI-from-* on every request.
    if (options_.hub) {
      credentials.roles.push_back(
          {.role = domain::OcpiRole::kHub, .party = options_.party, .business_name = options_.business_name});
      return credentials;
    }
    for (const PartyId& party : options_.parties) {
      credentials.roles.push_back(
          {.role = domain::OcpiRole::kCpo, .party = party, .business_name = options_.business_name});
    }
    return credentials;
  }

  // Our endpoints (§1 for a CPO): the objects we own as SENDER, commands and tokens as RECEIVER.
  std::vector<domain::PeerEndpoint> OurEndpoints() const {
    std::vector<domain::PeerEndpoint> endpoints;
    const auto add = [&](const char* module, domain::InterfaceRole role) {
      endpoints.push_back({.module = module, .role = role, .url = VersionUrl() + "/" + module});
    };
    add("credentials", domain::InterfaceRole::kSender);
    add("locations", domain::InterfaceRole::kSender);
    add("tariffs", domain::InterfaceRole::kSender);
    add("sessions", domain::InterfaceRole::kSender);
    add("cdrs", domain::InterfaceRole::kSender);
    add("commands", domain::InterfaceRole::kReceiver);
    add("tokens", domain::InterfaceRole::kReceiver);
    return endpoints;
  }

  // --- calling the eMSP ----------------------------------------------------------------------------

  Result<std::string> EndpointUrl(std::string_view module, std::optional<domain::InterfaceRole> role) const {
    for (const domain::PeerEndpoint& endpoint : endpoints_) {
      if (endpoint.module == module && (!role || endpoint.role == *role)) return endpoint.url;
    }
    return Error{ErrorCode::kPeerError, std::string(module), "the eMSP offers no such endpoint"};
  }

  static std::string ObjectUrl(const std::string& module_url, const PartyId& party, const std::string& id) {
    return module_url + "/" + std::string(party.country_code()) + "/" + std::string(party.party_id()) + "/" +
           id;
  }

  std::string TokenB() const {
    std::lock_guard lock(mutex_);
    return token_b_;
  }

  std::string TokenC() const {
    std::lock_guard lock(mutex_);
    return token_c_;
  }

  Result<http::HttpClientResponse> Send(const std::string& method, const std::string& url, std::string body,
                                        const std::string& token, std::optional<PartyId> from,
                                        std::optional<bool> retry_safe) {
    http::HttpClientRequest request{
        .method = method, .url = url, .headers = {}, .body = std::move(body), .retry_safe = retry_safe};
    request.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(domain::OutgoingCredentials{
                                             .token = token, .token_base64 = true}));
    ocpi::SetRequestIds(request.headers, ocpi::NewRequestIds(ids_));
    if (!request.body.empty()) request.headers.Set("Content-Type", "application/json");
    std::optional<PartyId> to;
    {
      std::lock_guard lock(mutex_);
      to = emsp_party_;
    }
    if (options_.hub && from && to) ocpi::SetRouting(request.headers, ocpi::Routing{.to = to, .from = from});
    return client_.Send(request);
  }

  static Result<json::value> EnvelopeData(const http::HttpClientResponse& response, const std::string& step) {
    Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response.body);
    if (!envelope) {
      return Error{ErrorCode::kPeerError, step,
                   "HTTP " + std::to_string(response.status) + ": " + envelope.error().ToString()};
    }
    Result<json::value> data = ocpi::SuccessData(*std::move(envelope));
    if (!data)
      return Error{ErrorCode::kPeerError, step,
                   "HTTP " + std::to_string(response.status) + ": " + data.error().ToString()};
    return data;
  }

  Result<json::value> GetData(const std::string& url, const std::string& token, const std::string& step) {
    Result<http::HttpClientResponse> response = Send("GET", url, "", token, std::nullopt, std::nullopt);
    if (!response) return Error{response.error().code, step, response.error().ToString()};
    return EnvelopeData(*response, step);
  }

  // PUT of one object we own; a failure is counted and logged, not fatal.
  bool Put(const std::string& url, const json::object& object, const PartyId& party) {
    Result<http::HttpClientResponse> response =
        Send("PUT", url, SerializeJson(object), TokenC(), party, std::nullopt);
    if (response && (response->status == 200 || response->status == 201) && EnvelopeData(*response, url))
      return true;
    ++report_.push_failures;
    Log("PUT " + url + " failed: " +
        (response ? "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 300)
                  : response.error().ToString()));
    return false;
  }

  bool Patch(const std::string& url, const json::object& object, const PartyId& party) {
    Result<http::HttpClientResponse> response =
        Send("PATCH", url, SerializeJson(object), TokenC(), party, std::nullopt);
    if (response && response->status == 200 && EnvelopeData(*response, url)) return true;
    ++report_.push_failures;
    Log("PATCH " + url + " failed: " +
        (response ? "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 300)
                  : response.error().ToString()));
    return false;
  }

  // Strictly increasing instants from the clock: two updates of one object never share a `last_updated`
  // (§2.6: the later one must win).
  Instant Stamp() {
    std::lock_guard lock(mutex_);
    last_stamp_ = std::max(clock_.Now(), last_stamp_ + Duration(1));
    return last_stamp_;
  }

  void Keep(const std::string& module, const PartyId& party, const std::string& id, Instant last_updated,
            json::object object) {
    std::lock_guard lock(mutex_);
    std::vector<Stored>& list = stored_[module];
    for (Stored& stored : list) {
      if (stored.party == party && stored.id == id) {
        stored.last_updated = last_updated;
        stored.sequence = ++sequence_;
        stored.object = std::move(object);
        return;
      }
    }
    list.push_back(Stored{.party = party,
                          .id = id,
                          .last_updated = last_updated,
                          .sequence = ++sequence_,
                          .object = std::move(object)});
  }

  void Learn(LearntToken token) {
    std::lock_guard lock(mutex_);
    const std::string key = token.token.type + "/" + token.token.uid;
    if (!tokens_.contains(key)) ++report_.tokens_learnt;
    tokens_[key] = std::move(token);
  }

  std::vector<SimToken> ValidTokens() const {
    std::lock_guard lock(mutex_);
    std::vector<SimToken> valid;
    for (const auto& [key, learnt] : tokens_) {
      if (learnt.valid && learnt.token.type == "RFID") valid.push_back(learnt.token);
    }
    return valid;
  }

  // GET {tokens} page by page, following `Link` verbatim (§2.5, §18 pitfall 6).
  Result<void> PullTokens() {
    OPENMSP_ASSIGN_OR_RETURN(const std::string tokens_url,
                             EndpointUrl("tokens", domain::InterfaceRole::kSender));
    std::optional<std::string> next = ocpi::PageUrl(
        tokens_url,
        ocpi::PageRequest{.offset = 0, .limit = 100, .date_from = std::nullopt, .date_to = std::nullopt});
    int pages = 0;
    while (next && pages++ < 10'000) {
      OPENMSP_ASSIGN_OR_RETURN(const http::HttpClientResponse response,
                               Send("GET", *next, "", TokenC(), std::nullopt, std::nullopt));
      OPENMSP_ASSIGN_OR_RETURN(const json::value data, EnvelopeData(response, "tokens"));
      if (!data.is_array()) return Error{ErrorCode::kPeerError, "tokens", "the page's data is not a list"};
      for (const json::value& token : data.as_array()) {
        Result<LearntToken> learnt = ReadToken(token);
        if (learnt) Learn(*std::move(learnt));
      }
      OPENMSP_ASSIGN_OR_RETURN(const ocpi::PageHeaders headers, ocpi::ReadPageHeaders(response.headers));
      next = headers.next_url;
    }
    return Ok();
  }

  // POST {tokens}/{uid}/authorize with LocationReferences (§10.1 K2): the authorization reference when
  // ALLOWED, nothing otherwise.
  Result<std::optional<std::string>> Authorize(const SimToken& token, const SimLocation& location,
                                               const std::string& evse_uid) {
    OPENMSP_ASSIGN_OR_RETURN(const std::string tokens_url,
                             EndpointUrl("tokens", domain::InterfaceRole::kSender));
    const json::object references{{"location_id", location.id},
                                  {"evse_uids", json::array{json::value(evse_uid)}}};
    OPENMSP_ASSIGN_OR_RETURN(const http::HttpClientResponse response,
                             Send("POST", tokens_url + "/" + token.uid + "/authorize?type=" + token.type,
                                  SerializeJson(references), TokenC(), location.party, true));
    if (response.status == 404) {
      ++report_.authorizations_refused;
      return std::optional<std::string>();
    }
    OPENMSP_ASSIGN_OR_RETURN(const json::value data, EnvelopeData(response, "authorize"));
    const json::object* info = data.if_object();
    if (info == nullptr || !info->contains("allowed")) {
      return Error{ErrorCode::kPeerError, "authorize", "the answer is not an AuthorizationInfo"};
    }
    if (info->at("allowed") != "ALLOWED") {
      ++report_.authorizations_refused;
      return std::optional<std::string>();
    }
    ++report_.authorizations_allowed;
    const json::value* reference = info->if_contains("authorization_reference");
    return std::optional<std::string>(
        reference != nullptr && reference->is_string() ? std::string(reference->as_string()) : std::string());
  }

  const SimTariff& TariffOf(const SimLocation& location) const {
    for (const SimTariff& tariff : world_.tariffs) {
      if (tariff.party == location.party && tariff.id == location.tariff_id) return tariff;
    }
    return world_.tariffs.front();
  }

  const SimLocation* FindLocation(std::string_view id, std::optional<PartyId> party) const {
    for (const SimLocation& location : world_.locations) {
      if (location.id == id && (!party || location.party == *party)) return &location;
    }
    return nullptr;
  }

  Result<void> RunSession(const SimToken& token) {
    std::optional<SimSession> generated;
    const SimLocation* location = nullptr;
    {
      std::lock_guard lock(world_mutex_);
      location = &world_.locations[static_cast<std::size_t>(
          world_rng_.Between(0, static_cast<std::int64_t>(world_.locations.size()) - 1))];
      const Instant now = clock_.Now();
      generated = GenerateSession(world_rng_, *location, token, now, ++session_sequence_);
    }
    SimSession session = *std::move(generated);
    // The session is over by now: it started as long ago as its periods last.
    const Duration length = PriceSession(session, TariffOf(*location)).end - session.start;
    const Duration shift = -length;
    session.start += shift;
    for (SimPeriod& period : session.periods) period.start += shift;
    OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string> reference,
                             Authorize(token, *location, session.evse_uid));
    if (!reference) {
      Log("token " + token.uid + " not allowed at " + location->id + ": no session");
      return Ok();
    }
    session.authorization_reference = *reference;
    return Charge(std::move(session), *location);
  }

  // PUT the session ACTIVE with its first period, PATCH each further period, PATCH it COMPLETED, then
  // POST its CDR.
  Result<void> Charge(SimSession session, const SimLocation& location) {
    const SimTariff& tariff = TariffOf(location);
    OPENMSP_ASSIGN_OR_RETURN(const std::string sessions_url,
                             EndpointUrl("sessions", domain::InterfaceRole::kReceiver));
    const std::string url = ObjectUrl(sessions_url, session.party, session.id);
    ++report_.sessions_started;
    if (!Put(url, SessionJson(session, tariff, 1, false, Stamp()), session.party)) return Ok();
    std::int64_t wh = session.periods.front().energy_wh;
    for (std::size_t i = 1; i < session.periods.size(); ++i) {
      wh += session.periods[i].energy_wh;
      const json::object patch{{"charging_periods", json::array{PeriodJson(session.periods[i], tariff.id)}},
                               {"kwh", DecimalToJson(Decimal::FromCoefficient(wh, 3).Normalized()).value()},
                               {"last_updated", FormatOcpiDateTime(Stamp())}};
      if (!Patch(url, patch, session.party)) return Ok();
    }
    return Complete(session, location);
  }

  Result<void> Complete(const SimSession& session, const SimLocation& location) {
    const SimTariff& tariff = TariffOf(location);
    OPENMSP_ASSIGN_OR_RETURN(const std::string sessions_url,
                             EndpointUrl("sessions", domain::InterfaceRole::kReceiver));
    const Instant updated = Stamp();
    json::object completed = SessionJson(session, tariff, 0, true, updated);
    json::object patch{{"status", "COMPLETED"},
                       {"end_date_time", completed.at("end_date_time")},
                       {"kwh", completed.at("kwh")},
                       {"total_cost", completed.at("total_cost")},
                       {"last_updated", completed.at("last_updated")}};
    Keep("sessions", session.party, session.id, updated, completed);
    if (!Patch(ObjectUrl(sessions_url, session.party, session.id), patch, session.party)) return Ok();
    ++report_.sessions_completed;
    SendCdr(CdrJson(session, location, tariff, "CDR-" + session.id, Stamp()), session.party);
    return Ok();
  }

  bool Fault(double rate) {
    std::lock_guard lock(fault_mutex_);
    return fault_rng_.Chance(rate);
  }

  // POST one CDR (§7.1 C1), then the faults that follow an acknowledged one.
  void SendCdr(const json::object& cdr, const PartyId& party) {
    const Result<std::string> cdrs_url = EndpointUrl("cdrs", domain::InterfaceRole::kReceiver);
    if (!cdrs_url) {
      ++report_.cdrs_failed;
      return;
    }
    const std::string body = SerializeJson(cdr);
    ++report_.cdrs_sent;
    const auto started = SteadyClock::now();
    Result<http::HttpClientResponse> response = Send("POST", *cdrs_url, body, TokenC(), party, true);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count();
    const bool acknowledged =
        response && (response->status == 201 || response->status == 200) && EnvelopeData(*response, "cdrs");
    if (!acknowledged) {
      ++report_.cdrs_failed;
      Log("POST CDR " + std::string(cdr.at("id").as_string()) + " failed: " +
          (response ? "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 300)
                    : response.error().ToString()));
      return;
    }
    ++report_.cdrs_acknowledged;
    report_.RecordLatency(micros);
    Keep("cdrs", party, std::string(cdr.at("id").as_string()),
         ParseOcpiDateTime(cdr.at("last_updated").as_string()).value(), cdr);

    if (Fault(options_.faults.duplicate_rate)) {
      ++report_.duplicates_sent;
      Result<http::HttpClientResponse> again = Send("POST", *cdrs_url, body, TokenC(), party, true);
      if (again && again->status == 200 && EnvelopeData(*again, "cdrs")) ++report_.duplicates_acknowledged;
    }
    if (Fault(options_.faults.credit_rate) && !cdr.contains("credit")) {
      const std::string credit_id = std::string(cdr.at("id").as_string()) + "-CR";
      const json::object credit = CreditCdrJson(cdr, credit_id, Stamp());
      ++report_.credits_sent;
      Result<http::HttpClientResponse> answer =
          Send("POST", *cdrs_url, SerializeJson(credit), TokenC(), party, true);
      if (answer && answer->status == 201 && EnvelopeData(*answer, "cdrs")) {
        ++report_.credits_acknowledged;
        Keep("cdrs", party, credit_id, ParseOcpiDateTime(credit.at("last_updated").as_string()).value(),
             credit);
      }
    }
    if (Fault(options_.faults.malformed_rate)) {
      ++report_.malformed_sent;
      Result<http::HttpClientResponse> refused =
          Send("POST", *cdrs_url, body.substr(0, body.size() / 2), TokenC(), party, false);
      if (refused && refused->status == 400) {
        const Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(refused->body);
        if (envelope && envelope->status_code == 2001) ++report_.malformed_refused;
      }
    }
  }

  std::pair<json::object, PartyId> LoadCdr(const std::vector<SimToken>& tokens, std::int64_t sequence) {
    std::lock_guard lock(world_mutex_);
    const SimLocation& location =
        world_.locations[static_cast<std::size_t>(sequence) % world_.locations.size()];
    const SimToken& token = tokens[static_cast<std::size_t>(sequence) % tokens.size()];
    SimSession session =
        GenerateSession(world_rng_, location, token, clock_.Now() - std::chrono::hours(4), sequence);
    session.id = "LOAD-" + std::to_string(options_.seed) + "-" + std::to_string(sequence);
    return {CdrJson(session, location, TariffOf(location), "CDR-" + session.id, clock_.Now()),
            location.party};
  }

  // --- our server ----------------------------------------------------------------------------------

  http::HttpResponse Envelope(http::HttpResponse response, const http::HttpRequest& request) {
    Result<ocpi::RequestIds> ids = ocpi::RequestIdsToEcho(request.headers, ids_);
    if (ids) ocpi::SetRequestIds(response.headers, *ids);
    return response;
  }

  bool Authenticated(const http::HttpRequest& request) const {
    Result<ocpi::CredentialsTokenCandidates> candidates =
        ocpi::ParseAuthorization(request.headers.Get("Authorization"));
    const std::string token_b = TokenB();
    if (!candidates || token_b.empty()) return false;
    for (const std::string& candidate : candidates->InOrder()) {
      if (candidate == token_b) return true;
    }
    return false;
  }

  // Wraps a handler: authentication by token B (HTTP 401 otherwise, §2.1), request ids echoed, and for
  // the functional modules the faults of our answers.
  http::HttpHandler Answer(std::function<http::HttpResponse(const http::HttpRequest&)> handler, bool faults) {
    return [this, handler = std::move(handler), faults](const http::HttpRequest& request) {
      if (!Authenticated(request)) {
        return Envelope(
            ocpi::ErrorResponse(Error{ErrorCode::kUnauthenticated, "Authorization", "unknown token"},
                                clock_.Now()),
            request);
      }
      if (faults) {
        if (options_.faults.slow.count() > 0 && Fault(options_.faults.slow_rate)) {
          ++report_.faults_slow;
          std::this_thread::sleep_for(options_.faults.slow);
        }
        if (Fault(options_.faults.http_500_rate)) {
          ++report_.faults_500;
          return Envelope(
              ocpi::ErrorResponse(Error{ErrorCode::kUnavailable, "", "simulated failure"}, clock_.Now()),
              request);
        }
        if (Fault(options_.faults.malformed_rate)) {
          ++report_.faults_malformed_answers;
          return Envelope(http::HttpResponse::Json(200, R"({"data": [{"id": "cut short)"), request);
        }
      }
      return Envelope(handler(request), request);
    };
  }

  http::HttpResponse List(const std::string& module, const http::HttpRequest& request) {
    Result<ocpi::PageRequest> page = ocpi::ParsePageRequest(request.query, kPageLimit);
    if (!page) return ocpi::ErrorResponse(page.error(), clock_.Now());
    Result<ocpi::Routing> routing = ocpi::ParseRouting(request.headers);
    if (!routing) return ocpi::ErrorResponse(routing.error(), clock_.Now());
    std::vector<const Stored*> matching;
    std::lock_guard lock(mutex_);
    for (const Stored& stored : stored_[module]) {
      if (page->date_from && stored.last_updated < *page->date_from) continue;
      if (page->date_to && !(stored.last_updated < *page->date_to)) continue;
      // Through a hub, a request for one party (`OCPI-to-*`) gets that party's objects only.
      if (options_.hub && routing->to && stored.party != *routing->to) continue;
      matching.push_back(&stored);
    }
    std::sort(matching.begin(), matching.end(), [](const Stored* a, const Stored* b) {
      return a->last_updated != b->last_updated ? a->last_updated < b->last_updated
                                                : a->sequence < b->sequence;
    });
    json::array data;
    const auto total = static_cast<std::int64_t>(matching.size());
    for (std::int64_t i = page->offset; i < total && i < page->offset + page->limit; ++i) {
      data.push_back(matching[static_cast<std::size_t>(i)]->object);
    }
    const auto returned = static_cast<std::int64_t>(data.size());
    http::HttpResponse response = ocpi::SuccessResponse(std::move(data), clock_.Now());
    ocpi::SetPageHeaders(response.headers, VersionUrl() + "/" + module, *page, returned, total, kPageLimit);
    if (options_.hub && routing->to) ocpi::SetRouting(response.headers, ocpi::ResponseRouting(*routing));
    return response;
  }

  http::HttpResponse TokenReceived(const http::HttpRequest& request, bool patch) {
    Result<json::value> body = ParseJson(request.body);
    if (!body) return ocpi::ErrorResponse(body.error().Nested("body"), clock_.Now());
    const std::string uid(request.PathParameterValue("uid").value_or(""));
    LearntToken learnt;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [key, known] : tokens_) {
        if (known.token.uid == uid) learnt = known;
      }
    }
    if (patch) {
      if (learnt.token.uid.empty()) {
        return ocpi::ErrorResponse(Error{ErrorCode::kNotFound, "uid", "no such token here: PUT it first"},
                                   clock_.Now());
      }
      const json::value* valid = body->is_object() ? body->as_object().if_contains("valid") : nullptr;
      if (valid != nullptr && valid->is_bool()) learnt.valid = valid->as_bool();
    } else {
      Result<LearntToken> read = ReadToken(*body);
      if (!read) return ocpi::ErrorResponse(read.error(), clock_.Now());
      learnt = *std::move(read);
    }
    ++report_.tokens_pushed_to_us;
    Learn(std::move(learnt));
    return ocpi::SuccessResponse(nullptr, clock_.Now());
  }

  http::HttpResponse CommandReceived(const http::HttpRequest& request) {
    ++report_.commands_received;
    const std::string command(request.PathParameterValue("command").value_or(""));
    Result<json::value> body = ParseJson(request.body);
    if (!body || !body->is_object()) {
      return ocpi::ErrorResponse(InvalidArgument("body", "not a JSON object"), clock_.Now());
    }
    const json::object& object = body->as_object();
    const auto text = [&object](const char* name) -> std::string {
      const json::value* member = object.if_contains(name);
      return member != nullptr && member->is_string() ? std::string(member->as_string()) : std::string();
    };
    const std::string response_url = text("response_url");
    if (Result<void> valid = ocpi::ValidateUrl(response_url); !valid) {
      return ocpi::ErrorResponse(valid.error().Nested("response_url"), clock_.Now());
    }
    Result<ocpi::Routing> routing = ocpi::ParseRouting(request.headers);
    const std::optional<PartyId> to = routing ? routing->to : std::nullopt;
    const PartyId party = to.value_or(options_.parties.front());

    std::string answer = "ACCEPTED";
    std::function<void()> then;
    if (command == "START_SESSION") {
      const SimLocation* location = nullptr;
      {
        std::lock_guard lock(world_mutex_);
        location = FindLocation(text("location_id"), options_.hub ? to : std::nullopt);
      }
      Result<LearntToken> token = object.contains("token")
                                      ? ReadToken(object.at("token"))
                                      : Result<LearntToken>(InvalidArgument("token", "missing"));
      if (!token) return ocpi::ErrorResponse(token.error().Nested("token"), clock_.Now());
      if (location == nullptr) {
        answer = "REJECTED";
      } else {
        std::optional<SimSession> generated;
        {
          std::lock_guard lock(world_mutex_);
          generated = GenerateSession(world_rng_, *location, token->token, clock_.Now(), ++session_sequence_);
        }
        SimSession session = *std::move(generated);
        session.id = "CMD-" + session.id;
        session.auth_method = "COMMAND";
        session.authorization_reference = text("authorization_reference");
        if (!text("evse_uid").empty()) session.evse_uid = text("evse_uid");
        then = [this, session, location] { StartCommandedSession(session, *location); };
      }
    } else if (command == "STOP_SESSION") {
      const std::string session_id = text("session_id");
      std::lock_guard lock(mutex_);
      if (!active_.contains(session_id)) {
        answer = "UNKNOWN_SESSION";
      } else {
        then = [this, session_id] { StopCommandedSession(session_id); };
      }
    } else if (command != "RESERVE_NOW" && command != "CANCEL_RESERVATION" && command != "UNLOCK_CONNECTOR") {
      answer = "NOT_SUPPORTED";
    }
    if (answer == "ACCEPTED") {
      Later(options_.command_result_delay, [this, response_url, party, then = std::move(then)] {
        PostCommandResult(response_url, party);
        if (then) then();
      });
    }
    return ocpi::SuccessResponse(json::object{{"result", answer}, {"timeout", 30}}, clock_.Now());
  }

  void PostCommandResult(const std::string& response_url, const PartyId& party) {
    const json::object result{{"result", "ACCEPTED"}};
    Result<http::HttpClientResponse> response =
        Send("POST", response_url, SerializeJson(result), TokenC(), party, true);
    if (response && response->status == 200 && EnvelopeData(*response, "commands")) {
      ++report_.command_results_posted;
    } else {
      ++report_.command_results_failed;
      Log("POST CommandResult to " + response_url + " failed: " +
          (response ? "HTTP " + std::to_string(response->status) : response.error().ToString()));
    }
  }

  // START_SESSION: the session is ACTIVE with its first period until STOP_SESSION.
  void StartCommandedSession(const SimSession& session, const SimLocation& location) {
    const Result<std::string> sessions_url = EndpointUrl("sessions", domain::InterfaceRole::kReceiver);
    if (!sessions_url) return;
    ++report_.sessions_started;
    const json::object active = SessionJson(session, TariffOf(location), 1, false, Stamp());
    Keep("sessions", session.party, session.id, Stamp(), active);
    if (Put(ObjectUrl(*sessions_url, session.party, session.id), active, session.party)) {
      std::lock_guard lock(mutex_);
      active_.emplace(session.id, std::make_pair(session, &location));
    }
  }

  void StopCommandedSession(const std::string& session_id) {
    std::optional<std::pair<SimSession, const SimLocation*>> found;
    {
      std::lock_guard lock(mutex_);
      auto it = active_.find(session_id);
      if (it == active_.end()) return;
      found = it->second;
      active_.erase(it);
    }
    const Result<void> completed = Complete(found->first, *found->second);
    if (!completed) Log("completing " + session_id + " failed: " + completed.error().ToString());
  }

  void AddRoutes(http::Router& router) {
    router.Add("GET", "/ocpi/versions",
               Answer(
                   [this](const http::HttpRequest&) {
                     return ocpi::SuccessResponse(
                         ocpi::VersionsJson({{.version = "2.2.1", .url = VersionUrl()}}), clock_.Now());
                   },
                   false));
    router.Add("GET", "/ocpi/2.2.1",
               Answer(
                   [this](const http::HttpRequest&) {
                     return ocpi::SuccessResponse(
                         ocpi::VersionDetailsJson({.version = "2.2.1", .endpoints = OurEndpoints()}),
                         clock_.Now());
                   },
                   false));
    router.Add("GET", "/ocpi/2.2.1/credentials",
               Answer(
                   [this](const http::HttpRequest&) {
                     Result<json::value> ours = ocpi::CredentialsJson(OurCredentials(TokenB()));
                     if (!ours) return ocpi::ErrorResponse(ours.error(), clock_.Now());
                     return ocpi::SuccessResponse(*ours, clock_.Now());
                   },
                   false));
    for (const char* module : {"locations", "tariffs", "sessions", "cdrs"}) {
      router.Add(
          "GET", std::string("/ocpi/2.2.1/") + module,
          Answer([this, module](const http::HttpRequest& request) { return List(module, request); }, true));
    }
    router.Add("POST", "/ocpi/2.2.1/commands/{command}",
               Answer([this](const http::HttpRequest& request) { return CommandReceived(request); }, true));
    router.Add(
        "PUT", "/ocpi/2.2.1/tokens/{country_code}/{party_id}/{uid}",
        Answer([this](const http::HttpRequest& request) { return TokenReceived(request, false); }, true));
    router.Add(
        "PATCH", "/ocpi/2.2.1/tokens/{country_code}/{party_id}/{uid}",
        Answer([this](const http::HttpRequest& request) { return TokenReceived(request, true); }, true));
  }

  // --- delayed work (CommandResults) ----------------------------------------------------------------

  void Later(std::chrono::milliseconds delay, std::function<void()> task) {
    std::lock_guard lock(tasks_mutex_);
    tasks_.emplace_back(SteadyClock::now() + delay, std::move(task));
    tasks_changed_.notify_all();
  }

  // Runs each task when due; once stopping, the tasks still due are run (a result promised is posted).
  void RunTasks() {
    std::unique_lock lock(tasks_mutex_);
    while (true) {
      if (tasks_.empty()) {
        if (stopping_) return;
        tasks_changed_.wait(lock);
        continue;
      }
      auto next = std::min_element(tasks_.begin(), tasks_.end(),
                                   [](const auto& a, const auto& b) { return a.first < b.first; });
      if (next->first > SteadyClock::now()) {
        tasks_changed_.wait_until(lock, next->first);
        continue;
      }
      std::function<void()> task = std::move(next->second);
      tasks_.erase(next);
      lock.unlock();
      task();
      lock.lock();
    }
  }

  SimulatorOptions options_;
  const Clock& clock_;
  http::HttpClient client_;
  Report report_;

  std::mutex world_mutex_;
  Rng world_rng_;
  World world_;
  std::int64_t session_sequence_ = 0;
  std::int64_t round_token_ = 0;

  std::mutex fault_mutex_;
  Rng fault_rng_;
  SeededRandom ids_;

  mutable std::mutex mutex_;
  std::string token_b_;
  std::string token_c_;
  std::optional<PartyId> emsp_party_;
  std::vector<domain::PeerEndpoint> endpoints_;
  std::map<std::string, std::vector<Stored>> stored_;
  std::int64_t sequence_ = 0;
  Instant last_stamp_;
  std::map<std::string, LearntToken> tokens_;
  std::map<std::string, std::pair<SimSession, const SimLocation*>> active_;

  std::mutex tasks_mutex_;
  std::condition_variable tasks_changed_;
  std::vector<std::pair<SteadyClock::time_point, std::function<void()>>> tasks_;
  bool stopping_ = false;
  std::thread tasks_thread_;

  std::string base_url_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread server_thread_;
};

Result<std::unique_ptr<Simulator>> Simulator::Create(SimulatorOptions options, const Clock& clock) {
  if (Result<void> url = ocpi::ValidateUrl(options.versions_url); !url)
    return url.error().Nested("--versions-url");
  if (options.token_a.empty() || options.token_a.size() > ocpi::kMaxCredentialsTokenLength) {
    return InvalidArgument("--token-a", "must be the 1 to 64 characters `openmsp peer invite` printed");
  }
  if (options.hub && options.parties.empty())
    return InvalidArgument("--parties", "a hub needs the parties it fronts");
  if (options.locations < 1) return InvalidArgument("--locations", "must be at least 1");
  if (options.sessions_per_round < 0) return InvalidArgument("--sessions", "must not be negative");
  if (options.cdrs_per_second < 0) return InvalidArgument("--cdrs-per-second", "must not be negative");
  if (options.max_in_flight < 1) return InvalidArgument("--max-in-flight", "must be at least 1");
  OPENMSP_RETURN_IF_ERROR(CheckRate(options.faults.slow_rate, "--slow-rate"));
  OPENMSP_RETURN_IF_ERROR(CheckRate(options.faults.http_500_rate, "--http-500-rate"));
  OPENMSP_RETURN_IF_ERROR(CheckRate(options.faults.malformed_rate, "--malformed-rate"));
  OPENMSP_RETURN_IF_ERROR(CheckRate(options.faults.duplicate_rate, "--duplicate-rate"));
  OPENMSP_RETURN_IF_ERROR(CheckRate(options.faults.credit_rate, "--credit-rate"));
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client,
                           http::HttpClient::Create({.connect_timeout = std::chrono::seconds(5),
                                                     .request_timeout = std::chrono::seconds(30),
                                                     .max_attempts = 3,
                                                     .initial_backoff = std::chrono::milliseconds(100),
                                                     .max_idle_connections_per_host =
                                                         static_cast<unsigned>(options.max_in_flight) + 4}));
  return std::unique_ptr<Simulator>(
      new Simulator(std::make_unique<Impl>(std::move(options), clock, std::move(client))));
}

Simulator::Simulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Simulator::~Simulator() = default;
Result<std::string> Simulator::Start() { return impl_->Start(); }
Result<void> Simulator::Register() { return impl_->Register(); }
Result<void> Simulator::PushWorld() { return impl_->PushWorld(); }
Result<void> Simulator::RunRound() { return impl_->RunRound(); }
Result<void> Simulator::RunLoad(const std::atomic<bool>& stop) { return impl_->RunLoad(stop); }
void Simulator::Stop() { impl_->Stop(); }
const Report& Simulator::report() const { return impl_->report(); }

}  // namespace openmsp::cposim
