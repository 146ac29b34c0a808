// A month's billing run over the real store (issue 9: "a billing run over 1,000,000 MSP CDRs for 50,000
// customers in under 60 seconds on PostgreSQL"): `RunBilling` of October 2026 over
// OPENMSP_BENCH_BILLING_CDRS rated MSP CDRs (default 2,000, small for the smoke run in `make test`;
// docs/performance.md uses 1,000,000) of OPENMSP_BENCH_BILLING_CUSTOMERS customers (default 100; 50,000).
//
// The tenant: a root unit, one fleet unit with billing details for every 10th customer, and a private
// driver profile (billed itself) for every other; its MSP CDRs start evenly over October 2026, customer
// in turn, every 10th in CHF (converted at the tenant's rate), each with 3 lines (test/support samples).
// Their CPO CDRs are stored with an empty body: billing never reads it. Both back ends load the dataset
// once per process (PostgreSQL: a throwaway server); before each iteration the invoices, their lines and
// the run are deleted, so every iteration is the whole month's first run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "billing/billing_run.h"
#include "core/clock.h"
#include "core/ids/emaid.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/sql_connection.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sqlite/sqlite_database.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"
#include "support/postgres_server.h"

namespace openmsp::billing {
namespace {

using std::chrono::milliseconds;

const Instant kOctober = ParseOcpiDateTime("2026-10-01T00:00:00Z").value();
constexpr std::int64_t kOctoberMilliseconds = 31LL * 24 * 3600 * 1000;

const SystemClock& Clock() {
  static const SystemClock clock;
  return clock;
}

template <class T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
  return std::move(result).value();
}

void Must(Result<void> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
}

std::int64_t Setting(const char* name, std::int64_t fallback, std::int64_t least) {
  const char* text = std::getenv(name);
  return text != nullptr ? std::max<std::int64_t>(least, std::atoll(text)) : fallback;
}

std::int64_t CdrCount() { return Setting("OPENMSP_BENCH_BILLING_CDRS", 2'000, 100); }
std::int64_t CustomerCount() { return Setting("OPENMSP_BENCH_BILLING_CUSTOMERS", 100, 10); }

// A customer: a fleet unit with billing details, or a private driver's profile (its unit the root).
struct Customer {
  domain::OrganisationUnitId unit;
  domain::ProfileId profile;
  bool fleet = false;
};

struct Dataset {
  store::DatabaseUrl url;
  std::unique_ptr<store::Repositories> repositories;
  domain::TenantId tenant;
};

std::vector<Customer> MakeCustomers(store::Repositories& r, domain::TenantId tenant,
                                    domain::OrganisationUnitId root, std::int64_t count) {
  std::vector<Customer> customers;
  for (std::int64_t c = 0; c < count; ++c) {
    Customer customer{.unit = root, .profile = {}, .fleet = c % 10 == 0};
    if (customer.fleet) {
      customer.unit =
          Must(r.organisation_units().Create(
                   tenant,
                   {.parent_id = root,
                    .name = "Fleet " + std::to_string(c),
                    .billing = domain::BillingDetails{.legal_name = "Fleet " + std::to_string(c) + " B.V.",
                                                      .address = "",
                                                      .vat_number = "",
                                                      .email = "",
                                                      .cost_centre = ""}}),
               "fleet unit")
              .id;
    }
    customer.profile = Must(r.profiles().Create(tenant, {.organisation_unit_id = customer.unit,
                                                         .name = "Driver " + std::to_string(c),
                                                         .kind = domain::ProfileKind::kDriver,
                                                         .email = "",
                                                         .prices_hidden = false}),
                            "profile")
                           .id;
    customers.push_back(customer);
  }
  return customers;
}

// Makes the tenant, its customers, a token, tariff codes, a plan version and the CHF rate, then the MSP
// CDRs (with their CPO CDRs), 1,000 per transaction.
void Load(Dataset& data, std::int64_t cdr_count, std::int64_t customer_count) {
  store::Repositories& r = *data.repositories;
  const Currency eur = Currency::Find("EUR").value();
  const Currency chf = Currency::Find("CHF").value();
  data.tenant = Must(r.tenants().Create({.slug = "bench",
                                         .name = "Bench",
                                         .default_currency = eur,
                                         .parties = {PartyId::Parse("NL-BEN").value()}}),
                     "tenant")
                    .id;
  const domain::TenantId tenant = data.tenant;
  Must(r.tenant_settings().ReplaceExchangeRates(
           tenant, std::vector<domain::ExchangeRate>{{chf, eur, LocalDate{2026, 1, 1},
                                                      Decimal::FromCoefficient(10412, 4)}}),
       "exchange rates");
  const domain::OrganisationUnitId root =
      Must(r.organisation_units().Create(tenant, {.parent_id = std::nullopt, .name = "Bench", .billing = {}}),
           "root")
          .id;
  const std::vector<Customer> customers = MakeCustomers(r, tenant, root, customer_count);

  test::MspCdrSample sample{};
  sample.tenant_id = tenant;
  sample.token_id = Must(r.tokens().Create(tenant, {.profile_id = customers.front().profile,
                                                    .uid = "04A22B5A",
                                                    .type = domain::TokenType::kRfid,
                                                    .contract_id = EmaId::Parse("NL-BEN-C00000001").value(),
                                                    .visual_number = "",
                                                    .issuer = "Bench",
                                                    .group_id = "",
                                                    .whitelist = domain::TokenWhitelist::kAllowed,
                                                    .language = "",
                                                    .valid_from = std::nullopt,
                                                    .valid_until = std::nullopt,
                                                    .cost_centre = "CC-1"}),
                         "token")
                        .id;
  sample.location_group_id = Must(r.location_groups().List(tenant), "location groups").front().id;
  const test::SampleTariffBook book =
      Must(test::StoreSampleTariffBook(r.tariff_codes(), r.tariff_plans(), tenant, "Bench", eur,
                                       kOctober - std::chrono::hours(24 * 365), Decimal(1)),
           "tariff book");
  sample.tariff_codes = book.tariff_codes;
  sample.rules = book.rules;
  sample.plan_version_id = book.plan_version_id;

  std::unique_ptr<store::SqlConnection> loader = Must(store::OpenSqlConnection(data.url), "connecting");
  constexpr std::int64_t kBatch = 1'000;
  for (std::int64_t first = 0; first < cdr_count; first += kBatch) {
    const std::int64_t last = std::min(cdr_count, first + kBatch);
    std::vector<domain::NewCpoCdr> cdrs;
    for (std::int64_t n = first; n < last; ++n) {
      domain::NewCpoCdr cdr = test::SampleCpoCdr(
          {.tenant_id = tenant,
           .cpo = PartyId::Parse("NL-CPO").value(),
           .cdr_id = "BILL-" + std::to_string(n),
           .start_date_time = kOctober + milliseconds(n * (kOctoberMilliseconds / cdr_count))});
      cdr.body = "{}";
      cdrs.push_back(std::move(cdr));
    }
    std::vector<store::CpoCdrToStore> items;
    for (const domain::NewCpoCdr& cdr : cdrs) {
      items.push_back(
          {.cdr = &cdr, .body_sha256 = store::CpoCdrBodySha256(cdr.body), .received_at = kOctober});
    }
    store::StoredCpoCdrs stored = store::StoreCpoCdrs(*loader, items);
    std::vector<domain::NewMspCdr> ratings;
    for (std::size_t k = 0; k < cdrs.size(); ++k) {
      const auto n = static_cast<std::size_t>(first) + k;
      const Customer& customer = customers[n % customers.size()];
      test::MspCdrSample one = sample;
      one.cpo_cdr_id = Must(stored.outcomes[k], "storing CPO CDRs").id;
      one.cpo = cdrs[k].cpo;
      one.session_start = cdrs[k].start_date_time;
      one.profile_id = customer.profile;
      one.organisation_unit_id = customer.unit;
      if (customer.fleet) one.billing_unit_id = customer.unit;
      domain::NewMspCdr rating = test::SampleMspCdr(one);
      if (n % 10 == 9) rating.currency = rating.cpo_currency = chf;
      ratings.push_back(std::move(rating));
    }
    (void)Must(r.msp_cdrs().RecordMany(ratings), "storing MSP CDRs");
  }
}

Dataset Open(const std::string& url_text) {
  Dataset data;
  data.url = store::ParseDatabaseUrl(url_text).value();
  (void)Must(store::OpenAndMigrate(data.url), "migrating");
  data.repositories =
      std::make_unique<store::Repositories>(Must(store::Repositories::Open(data.url, Clock()), "opening"));
  Load(data, CdrCount(), CustomerCount());
  return data;
}

Dataset& SqliteDataset() {
  static Dataset data = [] {
    const std::string path = "/tmp/openmsp_bench_billing.db";
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) std::filesystem::remove(file);
    Dataset created = Open("sqlite:" + path);
    (void)store::SqliteDatabase::Open(path)->Execute("ANALYZE");
    return created;
  }();
  return data;
}

Dataset& PostgresDataset() {
  static test::PostgresServer server;
  static Dataset data = [] {
    Dataset created = Open(server.CreateDatabase("bench_billing"));
    (void)store::PostgresDatabase::Open(created.url.postgresql_url)->Execute("VACUUM ANALYZE");
    return created;
  }();
  return data;
}

// Forgets every invoice and run of the tenant, so the month is billed afresh.
void ForgetInvoices(const Dataset& data) {
  std::unique_ptr<store::SqlConnection> connection = Must(store::OpenSqlConnection(data.url), "connecting");
  for (const char* table : {"invoice_lines", "invoices", "billing_runs"}) {
    const store::SqlParam tenant[] = {data.tenant.value};
    (void)Must(connection->Query(std::string("DELETE FROM ") + table + " WHERE tenant_id = $1", tenant),
               table);
  }
}

void BillMonth(benchmark::State& state, Dataset& data) {
  const BillingStores stores = BillingStoresOf(*data.repositories);
  std::size_t invoiced = 0;
  std::size_t drafts = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ForgetInvoices(data);
    state.ResumeTiming();
    const BillingRunReport report = Must(RunBilling(stores, data.tenant, {2026, 10}), "billing run");
    invoiced = report.cdrs_invoiced;
    drafts = report.drafts.size();
  }
  if (invoiced != static_cast<std::size_t>(CdrCount())) state.SkipWithError("not every MSP CDR was invoiced");
  state.counters["invoices"] = static_cast<double>(drafts);
  state.counters["cdrs_per_s"] = benchmark::Counter(
      static_cast<double>(invoiced) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Only the reading: every billable MSP CDR of the month, page by page, as the run reads them.
void ReadBillable(benchmark::State& state, Dataset& data) {
  domain::InvoiceRepository& invoices = data.repositories->invoices();
  ForgetInvoices(data);
  std::size_t read = 0;
  for (auto _ : state) {
    read = 0;
    for (domain::MspCdrId after{};;) {
      const std::vector<domain::BillableMspCdr> page =
          Must(invoices.ListBillable(data.tenant, domain::PeriodEnd({2026, 10}), after, 1000), "billable");
      if (page.empty()) break;
      after = page.back().id;
      read += page.size();
    }
  }
  if (read != static_cast<std::size_t>(CdrCount())) state.SkipWithError("not every MSP CDR was read");
  state.counters["cdrs_per_s"] = benchmark::Counter(
      static_cast<double>(read) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_BillableReadSqlite(benchmark::State& state) { ReadBillable(state, SqliteDataset()); }
void BM_BillableReadPostgresql(benchmark::State& state) { ReadBillable(state, PostgresDataset()); }
void BM_BillingRunSqlite(benchmark::State& state) { BillMonth(state, SqliteDataset()); }
void BM_BillingRunPostgresql(benchmark::State& state) { BillMonth(state, PostgresDataset()); }

BENCHMARK(BM_BillableReadSqlite)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_BillableReadPostgresql)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_BillingRunSqlite)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_BillingRunPostgresql)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace openmsp::billing
