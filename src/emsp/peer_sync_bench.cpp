// Pull throughput (docs/performance.md "Pullers"): `RunModulePull` of N locations or N CDRs (~2 KB each)
// from a CPO played by an HttpServer on loopback in the same process (pages of 100, `Link` followed),
// into a fresh SQLite database each iteration (WAL, synchronous=FULL; CDRs through the durable ingestor,
// one group commit per page). The CPO's own work (slicing and serialising each page) is included: both
// share the machine's cores. Items per second are objects pulled and stored.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "emsp/ocpi_test_world.h"
#include "emsp/peer_sync.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "ocpi/pagination.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

constexpr std::int64_t kPage = 100;

json::value Location(std::int64_t i) {
  json::object location = ParseJson(R"({"country_code": "NL", "party_id": "CPO", "publish": true,
    "address": "Dam 1", "city": "Amsterdam", "country": "NLD", "last_updated": "2026-02-01T10:00:00Z",
    "coordinates": {"latitude": "52.373000", "longitude": "4.893000"}, "time_zone": "Europe/Amsterdam",
    "evses": [{"uid": "E1", "status": "AVAILABLE", "last_updated": "2026-02-01T10:00:00Z",
      "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
        "max_voltage": 230, "max_amperage": 16, "last_updated": "2026-02-01T10:00:00Z"}]}]})")
                              .value()
                              .as_object();
  location["id"] = "LOC" + std::to_string(i);
  return location;
}

json::value Cdr(std::int64_t i) {
  return ParseJson(test::SampleCpoCdr({.tenant_id = domain::TenantId{1},
                                       .cpo = PartyId::Parse("NL-CPO").value(),
                                       .cdr_id = "CDR" + std::to_string(i)})
                       .body)
      .value();
}

// The CPO: `objects` served `kPage` at a time; `url` (set once the port is known) is its endpoint.
http::Router CpoRouter(const std::vector<json::value>& objects, std::shared_ptr<const std::string> url) {
  http::Router router;
  router.Add("GET", "/cpo/list", [&objects, url](const http::HttpRequest& request) {
    const Instant now = ParseOcpiDateTime("2026-03-01T12:00:00Z").value();
    const ocpi::PageRequest page = ocpi::ParsePageRequest(request.query, kPage).value();
    const auto total = static_cast<std::int64_t>(objects.size());
    json::array data;
    for (std::int64_t i = page.offset; i < std::min(total, page.offset + page.limit); ++i) {
      data.push_back(objects[static_cast<std::size_t>(i)]);
    }
    const auto returned = static_cast<std::int64_t>(data.size());
    http::HttpResponse response = ocpi::SuccessResponse(std::move(data), now);
    ocpi::SetPageHeaders(response.headers, *url, page, returned, total, kPage);
    return response;
  });
  return router;
}

void Pull(benchmark::State& state, const std::string& module, json::value (*make)(std::int64_t)) {
  std::vector<json::value> objects;
  for (std::int64_t i = 0; i < state.range(0); ++i) objects.push_back(make(i));
  auto url = std::make_shared<std::string>();
  http::test::RunningServer cpo(CpoRouter(objects, url), http::HttpServerOptions{});
  *url = "http://127.0.0.1:" + std::to_string(cpo.port()) + "/cpo/list";
  http::HttpClient client = http::HttpClient::Create().value();
  testing::CountingRandom random;
  for (auto _ : state) {
    state.PauseTiming();
    auto world = std::make_unique<testing::OcpiTestWorld>();
    domain::PeerRegistration registration = testing::OcpiTestWorld::Registration();
    registration.endpoints = {{.module = module, .role = domain::InterfaceRole::kSender, .url = *url}};
    world->Reregister(registration);
    auto ingestor = store::CpoCdrIngestor::Open(world->url(), world->clock()).value();
    store::RepositoryPool::Lease db = world->pool().Borrow().value();
    PullTools tools{.client = client, .random = random, .clock = world->clock(), .cdrs = *ingestor};
    state.ResumeTiming();
    const ModulePullResult result =
        RunModulePull(*db, tools, world->tenant(),
                      PullJob{.peer_id = world->peer(), .module = module, .full = true})
            .value();
    state.PauseTiming();
    if (result.report.error || result.report.applied != state.range(0)) {
      state.SkipWithError("the pull did not store every object");
    }
    ingestor.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_PullLocations(benchmark::State& state) { Pull(state, "locations", &Location); }
void BM_PullCdrs(benchmark::State& state) { Pull(state, "cdrs", &Cdr); }

BENCHMARK(BM_PullLocations)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PullCdrs)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace openmsp::emsp
