// How long assembling a month's invoices takes, per MSP CDR (docs/performance.md, "Billing").
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "billing/invoice_assembly.h"

namespace openmsp::billing {
namespace {

// `count` billable MSP CDRs of October 2026 over `targets` fleet units, a tenth of them in CHF, a few
// cost centres, NL and DE VAT.
std::vector<domain::BillableMspCdr> Month(std::int64_t count, std::int64_t targets) {
  const Currency eur = Currency::Find("EUR").value();
  const Currency chf = Currency::Find("CHF").value();
  const Instant start = ParseOcpiDateTime("2026-10-01T06:00:00Z").value();
  std::vector<domain::BillableMspCdr> cdrs;
  cdrs.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    const bool dutch = i % 3 != 0;
    const Decimal excl = Decimal::FromCoefficient(1000 + (i * 37) % 5000, 2);
    const Decimal percent = dutch ? Decimal(21) : Decimal(19);
    const Decimal vat = (excl * percent * Decimal::FromCoefficient(1, 2)).Rounded(2, RoundingMode::kHalfUp);
    cdrs.push_back({.id = domain::MspCdrId{i + 1},
                    .session_start = start + std::chrono::minutes(i % 40000),
                    .session_end = start + std::chrono::minutes(i % 40000 + 60),
                    .cpo = PartyId::Parse("NL-CPO").value(),
                    .target = {.unit = domain::OrganisationUnitId{i % targets + 1}, .profile = std::nullopt},
                    .currency = i % 10 == 0 ? chf : eur,
                    .total_excl_vat = excl,
                    .vat_country = CountryFromAlpha2(dutch ? "NL" : "DE").value(),
                    .vat_percent = percent,
                    .vat_amount = vat,
                    .total_incl_vat = excl + vat,
                    .credit_of = std::nullopt,
                    .credited_invoice = std::nullopt,
                    .location = "Stationsplein 1",
                    .evse = "NL*CPO*E12345*1",
                    .card = "NL-ALP-C00000001-X",
                    .cost_centre = i % 4 == 0 ? "" : "CC-" + std::to_string(i % 7),
                    .energy_kwh = Decimal::FromCoefficient(2075, 2),
                    .duration_hours = Decimal::FromCoefficient(15, 1)});
  }
  return cdrs;
}

void BM_AssembleInvoices(benchmark::State& state) {
  const std::vector<domain::BillableMspCdr> cdrs = Month(state.range(0), state.range(1));
  const std::vector<domain::ExchangeRate> rates = {{Currency::Find("CHF").value(), Currency::Find("EUR").value(),
                                                    LocalDate{2026, 9, 1}, Decimal::FromCoefficient(10412, 4)}};
  for (auto _ : state) {
    InvoiceAssembly assembly = AssembleInvoices(domain::TenantId{1}, domain::BillingRunId{1}, {2026, 10},
                                                {.currency = Currency::Find("EUR").value(), .exchange_rates = rates},
                                                cdrs);
    benchmark::DoNotOptimize(assembly);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssembleInvoices)->Args({10'000, 100})->Args({100'000, 1'000})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openmsp::billing
