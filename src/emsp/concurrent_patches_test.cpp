// Concurrent OCPI PATCHes of one location (its EVSEs, their connectors and the location itself) and of
// one session, sent by several threads over loopback HTTP to the locations and sessions modules on
// SQLite and on PostgreSQL: every PATCH acknowledged is in the stored object at the end (each PATCH reads,
// merges and writes the object under its lock, docs/ocpi.md).

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.h"
#include "core/json.h"
#include "emsp/locations_module.h"
#include "emsp/ocpi_test_world.h"
#include "emsp/sessions_module.h"
#include "http/client.h"
#include "http/test_server.h"
#include "store/repository_test_backends.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

const std::string kLocationUrl = "/ocpi/2.2.1/locations/NL/CPO/";
const std::string kSessionUrl = "/ocpi/2.2.1/sessions/NL/CPO/";
// Every PATCH of a test carries the same `last_updated`, later than the PUT's: equal is applied (§5.1),
// so no PATCH may be skipped as older than another that overtook it.
constexpr const char* kPatchedAt = "2026-01-02T10:00:00Z";

constexpr int kEvses = 24;

http::HttpClient TestClient() {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.request_timeout = std::chrono::seconds(20);
  options.max_attempts = 1;
  return http::HttpClient::Create(options).value();
}

json::object Parse(std::string_view text) { return ParseJson(text).value().as_object(); }

std::string EvseUid(int index) { return "E" + std::to_string(index); }

// A location of the world's peer (NL-CPO) with `kEvses` EVSEs, each AVAILABLE with one AC connector `1`
// of 16 A.
json::object Location() {
  json::object location = Parse(R"json({"country_code": "NL", "party_id": "CPO", "id": "LOC1",
    "publish": true, "name": "Dam", "address": "Dam 1", "city": "Amsterdam", "postal_code": "1012 JS",
    "country": "NLD", "coordinates": {"latitude": "52.373000", "longitude": "4.893000"},
    "time_zone": "Europe/Amsterdam", "last_updated": "2026-01-01T10:00:00Z"})json");
  json::array evses;
  for (int index = 0; index < kEvses; ++index) {
    json::object evse = Parse(R"json({"status": "AVAILABLE", "last_updated": "2026-01-01T10:00:00Z",
      "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
        "max_voltage": 230, "max_amperage": 16, "last_updated": "2026-01-01T10:00:00Z"}]})json");
    evse["uid"] = EvseUid(index);
    evses.push_back(std::move(evse));
  }
  location["evses"] = std::move(evses);
  return location;
}

// Session `S-1` of the world's peer, ACTIVE, with one charging period.
json::object Session() {
  return Parse(R"json({"country_code": "NL", "party_id": "CPO", "id": "S-1",
    "start_date_time": "2026-01-01T08:00:00Z", "kwh": 0,
    "cdr_token": {"country_code": "NL", "party_id": "TST", "uid": "123abc", "type": "RFID",
                  "contract_id": "NL-TST-C12345678-S"},
    "auth_method": "WHITELIST", "location_id": "LOC1", "evse_uid": "E1", "connector_id": "1",
    "currency": "EUR", "status": "ACTIVE", "last_updated": "2026-01-01T10:00:00Z",
    "charging_periods": [{"start_date_time": "2026-01-01T08:00:00Z",
                          "dimensions": [{"type": "ENERGY", "volume": 1}]}]})json");
}

// A PATCH body: `members` with `last_updated` set to kPatchedAt.
json::object Patch(json::object members) {
  members["last_updated"] = kPatchedAt;
  return members;
}

template <class Backend>
class ConcurrentPatchesTest : public ::testing::Test {
 protected:
  ConcurrentPatchesTest() {
    RegisterLocationsModule(world_.endpoints());
    RegisterSessionsModule(world_.endpoints());
  }

  // Sends `method` of `body` to `path` on the served world over loopback, as its peer; an empty string
  // when the answer is 200 (or 201) with status_code 1000, otherwise what came instead.
  std::string Send(const std::string& method, const std::string& path, const json::object& body) {
    http::HttpClientRequest request{.method = method,
                                    .url = "http://127.0.0.1:" + std::to_string(server_.port()) + path,
                                    .headers = {},
                                    .body = SerializeJson(body),
                                    .retry_safe = false};
    request.headers.Set("Authorization", "Token " + EncodeBase64(world_.token_c()));
    request.headers.Set("Content-Type", "application/json");
    Result<http::HttpClientResponse> response = client_.Send(request);
    if (!response) return response.error().ToString();
    if (response->status != 200 && response->status != 201)
      return std::to_string(response->status) + response->body;
    const json::object envelope = json::parse(response->body).as_object();
    return envelope.at("status_code") == 1000 ? "" : response->body;
  }

  // Runs the `senders` on threads of their own, released together, and waits for them all.
  static void RunTogether(const std::vector<std::function<void()>>& senders) {
    std::latch start(static_cast<std::ptrdiff_t>(senders.size()));
    std::vector<std::thread> threads;
    for (const std::function<void()>& send : senders) {
      threads.emplace_back([&start, &send] {
        start.arrive_and_wait();
        send();
      });
    }
    for (std::thread& thread : threads) thread.join();
  }

  // The object `path` names, as GET answers it.
  json::object Get(const std::string& path) {
    const http::HttpResponse response = world_.Send("GET", path);
    EXPECT_EQ(response.status, 200) << response.body;
    return testing::OcpiTestWorld::Envelope(response).at("data").as_object();
  }

 private:
  // The server hands the OCPI paths to the world's router.
  http::Router Forwarder() {
    http::Router router;
    const auto forward = [this](const http::HttpRequest& request) {
      return world_.router().Dispatch(request);
    };
    const std::string location = "/ocpi/2.2.1/locations/{country_code}/{party_id}/{location_id}";
    for (const std::string& pattern :
         {location, location + "/{evse_uid}", location + "/{evse_uid}/{connector_id}",
          std::string("/ocpi/2.2.1/sessions/{country_code}/{party_id}/{session_id}")}) {
      for (const char* method : {"GET", "PUT", "PATCH"}) router.Add(method, pattern, forward);
    }
    return router;
  }

 protected:
  Backend backend_;
  testing::OcpiTestWorld world_{backend_.url()};

 private:
  http::test::RunningServer server_{Forwarder(), http::HttpServerOptions{.threads = 4}};
  http::HttpClient client_ = TestClient();
};

TYPED_TEST_SUITE(ConcurrentPatchesTest, store::Backends, store::BackendNames);

// Four senders PATCH the status of the location's EVSEs (each EVSE once), one PATCHes the max_amperage of
// every EVSE's connector, and two PATCH the location's name and address twelve times each, all at once.
// A location PATCH writes the location back with its EVSEs and connectors, and an EVSE PATCH the EVSE with
// its connectors, so without the lock a PATCH would put back what another changed since it read.
TYPED_TEST(ConcurrentPatchesTest, PatchesOfALocationItsEvsesAndConnectorsAllLand) {
  ASSERT_EQ(this->Send("PUT", kLocationUrl + "LOC1", Location()), "");
  constexpr int kEvseSenders = 4;
  constexpr int kLocationPatches = 12;
  std::vector<std::function<void()>> senders;
  for (int sender = 0; sender < kEvseSenders; ++sender) {
    senders.emplace_back([this, sender] {
      for (int index = sender; index < kEvses; index += kEvseSenders) {
        EXPECT_EQ(this->Send("PATCH", kLocationUrl + "LOC1/" + EvseUid(index),
                             Patch(json::object{{"status", "CHARGING"}})),
                  "");
      }
    });
  }
  senders.emplace_back([this] {
    for (int index = 0; index < kEvses; ++index) {
      EXPECT_EQ(this->Send("PATCH", kLocationUrl + "LOC1/" + EvseUid(index) + "/1",
                           Patch(json::object{{"max_amperage", 32}})),
                "");
    }
  });
  for (const char* member : {"name", "address"}) {
    senders.emplace_back([this, member] {
      for (int patch = 1; patch <= kLocationPatches; ++patch) {
        EXPECT_EQ(
            this->Send("PATCH", kLocationUrl + "LOC1",
                       Patch(json::object{{member, std::string(member) + " " + std::to_string(patch)}})),
            "");
      }
    });
  }
  this->RunTogether(senders);

  const json::object location = this->Get(kLocationUrl + "LOC1");
  EXPECT_EQ(location.at("name").as_string(), "name 12");
  EXPECT_EQ(location.at("address").as_string(), "address 12");
  const json::array& evses = location.at("evses").as_array();
  ASSERT_EQ(evses.size(), static_cast<std::size_t>(kEvses));
  for (const json::value& evse : evses) {
    EXPECT_EQ(evse.at("status").as_string(), "CHARGING") << evse.at("uid");
    EXPECT_EQ(evse.at("connectors").at(0).at("max_amperage"), 32) << evse.at("uid");
  }
  EXPECT_EQ(location.at("last_updated").as_string(), kPatchedAt);
}

// Four senders PATCH one session ten times each, each PATCH with a member of its own sender (kwh,
// meter_id, total_cost, authorization_reference) and a charging period of its own, all at once: each
// sender's last value and every charging period (appended by each PATCH, §6.1) are in the session.
TYPED_TEST(ConcurrentPatchesTest, PatchesOfOneSessionAllLand) {
  ASSERT_EQ(this->Send("PUT", kSessionUrl + "S-1", Session()), "");
  constexpr int kPatches = 10;
  const std::vector<std::function<json::value(int)>> members = {
      [](int patch) { return json::value(patch); },
      [](int patch) { return json::value("M-" + std::to_string(patch)); },
      [](int patch) {
        return json::value(json::object{{"excl_vat", patch}});
      },
      [](int patch) { return json::value("R-" + std::to_string(patch)); }};
  const std::vector<std::string> names = {"kwh", "meter_id", "total_cost", "authorization_reference"};
  std::vector<std::function<void()>> senders;
  for (std::size_t sender = 0; sender < members.size(); ++sender) {
    senders.emplace_back([&, sender] {
      for (int patch = 1; patch <= kPatches; ++patch) {
        // Period p of sender s starts at 09:mm with mm = 10 (s + 1) + p: each once.
        const std::string starts =
            "2026-01-01T09:" + std::to_string(10 * static_cast<int>(sender + 1) + patch) + ":00Z";
        json::object period = Parse(R"json({"dimensions": [{"type": "ENERGY", "volume": 1}]})json");
        period["start_date_time"] = starts;
        EXPECT_EQ(this->Send("PATCH", kSessionUrl + "S-1",
                             Patch(json::object{{names[sender], members[sender](patch)},
                                                {"charging_periods", json::array{period}}})),
                  "");
      }
    });
  }
  this->RunTogether(senders);

  const json::object session = this->Get(kSessionUrl + "S-1");
  for (std::size_t sender = 0; sender < members.size(); ++sender) {
    EXPECT_EQ(session.at(names[sender]), members[sender](kPatches)) << names[sender];
  }
  std::vector<std::string> starts;
  for (const json::value& period : session.at("charging_periods").as_array()) {
    starts.emplace_back(period.at("start_date_time").as_string());
  }
  std::sort(starts.begin(), starts.end());
  ASSERT_EQ(starts.size(), 1 + members.size() * kPatches);
  EXPECT_EQ(std::adjacent_find(starts.begin(), starts.end()), starts.end());  // each period once
  EXPECT_EQ(session.at("last_updated").as_string(), kPatchedAt);
}

}  // namespace
}  // namespace openmsp::emsp
