#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "http/router.h"

namespace openmsp::http {
namespace {

// The eMSP receiver and sender routes of OCPI 2.2.1 plus a few of the Control Centre's: what one
// OpenMSP process serves.
Router OcpiRouter() {
  Router router;
  auto ok = [](const HttpRequest&) { return HttpResponse{}; };
  const std::string emsp = "/ocpi/2.2.1/emsp";
  for (const char* method : {"GET", "PUT", "PATCH"}) {
    router.Add(method, emsp + "/locations/{country_code}/{party_id}/{location_id}", ok);
    router.Add(method, emsp + "/locations/{country_code}/{party_id}/{location_id}/{evse_uid}", ok);
    router.Add(method, emsp + "/locations/{country_code}/{party_id}/{location_id}/{evse_uid}/{connector_id}",
               ok);
    router.Add(method, emsp + "/sessions/{country_code}/{party_id}/{session_id}", ok);
    router.Add(method, emsp + "/tariffs/{country_code}/{party_id}/{tariff_id}", ok);
  }
  router.Add("POST", emsp + "/cdrs", ok);
  router.Add("GET", emsp + "/cdrs/{cdr_id}", ok);
  router.Add("GET", emsp + "/tokens", ok);
  router.Add("POST", emsp + "/tokens/{token_uid}/authorize", ok);
  router.Add("POST", emsp + "/commands/{command}/{uid}", ok);
  router.Add("GET", "/ocpi/versions", ok);
  router.Add("GET", "/ocpi/2.2.1", ok);
  for (const char* method : {"GET", "POST", "PUT", "DELETE"})
    router.Add(method, "/ocpi/2.2.1/credentials", ok);
  router.Add("GET", "/healthz", ok);
  router.Add("GET", "/readyz", ok);
  router.Add("GET", "/api/v1/version", ok);
  return router;
}

void BM_FindLiteral(benchmark::State& state) {
  Router router = OcpiRouter();
  HttpRequest request{.method = "GET", .path = "/healthz", .query = {}, .headers = {}, .body = {}};
  for (auto _ : state) benchmark::DoNotOptimize(router.Find(request));
}
BENCHMARK(BM_FindLiteral);

void BM_FindAuthorize(benchmark::State& state) {
  Router router = OcpiRouter();
  HttpRequest request{.method = "POST",
                      .path = "/ocpi/2.2.1/emsp/tokens/012345678/authorize",
                      .query = {},
                      .headers = {},
                      .body = {}};
  for (auto _ : state) benchmark::DoNotOptimize(router.Find(request));
}
BENCHMARK(BM_FindAuthorize);

void BM_FindConnector(benchmark::State& state) {
  Router router = OcpiRouter();
  HttpRequest request{.method = "PATCH",
                      .path = "/ocpi/2.2.1/emsp/locations/NL/TNM/LOC1/3256/1",
                      .query = {},
                      .headers = {},
                      .body = {}};
  for (auto _ : state) benchmark::DoNotOptimize(router.Find(request));
}
BENCHMARK(BM_FindConnector);

void BM_FindNotFound(benchmark::State& state) {
  Router router = OcpiRouter();
  HttpRequest request{
      .method = "GET", .path = "/ocpi/2.2.1/emsp/unknown/module", .query = {}, .headers = {}, .body = {}};
  for (auto _ : state) benchmark::DoNotOptimize(router.Find(request));
}
BENCHMARK(BM_FindNotFound);

}  // namespace
}  // namespace openmsp::http
