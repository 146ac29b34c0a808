// How long drawing an invoice takes: the PDF of a 1,000-session invoice and its CSV (docs/performance.md,
// "Billing: invoice documents").
#include <benchmark/benchmark.h>

#include <string>

#include "billing/invoice_csv.h"
#include "billing/invoice_document_test_support.h"
#include "billing/invoice_pdf.h"

namespace openmsp::billing {
namespace {

// The pages of a PDF as cairo writes them: one `/Type /Page` object each (the tree is `/Type /Pages`).
int PageCount(const std::string& pdf) {
  int pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1)) {
    pages += pdf.compare(at, 12, "/Type /Pages") == 0 ? 0 : 1;
  }
  return pages;
}

void BM_InvoicePdf(benchmark::State& state) {
  const InvoiceDocument document = samples::ManyLinesDocument(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    Result<std::string> pdf = InvoicePdf(document);
    if (!pdf) {
      state.SkipWithError(pdf.error().ToString().c_str());
      break;
    }
    bytes = pdf->size();
    pages = PageCount(*pdf);
    benchmark::DoNotOptimize(pdf->data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["lines"] = static_cast<double>(state.range(0));
  state.counters["pages"] = pages;
}
BENCHMARK(BM_InvoicePdf)->Arg(3)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_InvoiceCsv(benchmark::State& state) {
  const InvoiceDocument document = samples::ManyLinesDocument(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::string csv = InvoiceCsv(document);
    benchmark::DoNotOptimize(csv.data());
  }
}
BENCHMARK(BM_InvoiceCsv)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openmsp::billing
