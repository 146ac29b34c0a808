#include "billing/invoice_csv.h"

#include <string>

#include "billing/invoice_assembly.h"
#include "core/csv_writer.h"

namespace openmsp::billing {
namespace {

using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::NewInvoice;

// A `Field,Value` row of the header block.
void Field(CsvWriter& csv, std::string_view name, std::string_view value) {
  csv.Text(name).Text(value).EndRow();
}

// An amount with the currency's minor unit of decimals: exact, since invoice amounts are rounded to it.
CsvWriter& Money(CsvWriter& csv, const Decimal& amount, const Currency& currency) {
  return csv.Number(amount.Rounded(currency.minor_units(), RoundingMode::kHalfUp));
}

CsvWriter& Quantity(CsvWriter& csv, const Decimal& value) { return csv.Number(value.Normalized()); }

}  // namespace

std::string InvoiceCsv(const InvoiceDocument& document) {
  const domain::Invoice& invoice = document.invoice;
  const NewInvoice& body = invoice.invoice;
  const Currency& currency = body.currency;
  CsvWriter csv;

  csv.Row({"Field", "Value"});
  Field(csv, "Document", body.kind == InvoiceKind::kCreditNote ? "Credit note" : "Invoice");
  Field(csv, "Number", invoice.number);
  Field(csv, "Status", domain::InvoiceStatusName(invoice.status));
  Field(csv, "Date", invoice.issued_at ? UtcDate(*invoice.issued_at) : "");
  Field(csv, "Period", domain::FormatBillingPeriod(body.period));
  Field(csv, "Currency", currency.code());
  Field(csv, "Credits invoice", document.credited_invoice_number);
  Field(csv, "From", document.issuer.name);
  Field(csv, "From address", OneLine(document.issuer.address));
  Field(csv, "From VAT number", document.issuer.vat_number);
  Field(csv, "From e-mail", document.issuer.email);
  Field(csv, "To", document.customer.name);
  Field(csv, "To address", document.customer.address);
  Field(csv, "To VAT number", document.customer.vat_number);
  Field(csv, "To e-mail", document.customer.email);
  Field(csv, "Your reference", document.customer.reference);

  csv.EndRow();
  csv.Row({"MSP CDR", "Date", "Start (UTC)", "Location", "EVSE ID", "Card", "Cost centre", "Energy (kWh)",
           "Duration (h)", "VAT country", "VAT %", "Amount excl. VAT", "VAT", "Amount incl. VAT",
           "Original amount excl. VAT", "Original currency", "Exchange rate"});
  for (const InvoiceLine& line : body.lines) {
    const LocalDateTime local = SessionLocalStart(line.session_start, line.vat_country);
    csv.Integer(line.msp_cdr_id.value)
        .Text(FormatIsoDate({local.year, local.month, local.day}))
        .Text(FormatOcpiDateTime(line.session_start))
        .Text(line.location)
        .Text(line.evse)
        .Text(line.card)
        .Text(line.cost_centre);
    Quantity(csv, line.energy_kwh);
    Quantity(csv, line.duration_hours).Text(line.vat_country.alpha2);
    Quantity(csv, line.vat_percent);
    Money(csv, line.amount_excl_vat, currency);
    Money(csv, line.vat_amount, currency);
    Money(csv, line.amount_incl_vat, currency);
    if (line.original_currency && line.original_amount_excl_vat && line.exchange_rate) {
      csv.Number(*line.original_amount_excl_vat).Text(line.original_currency->code());
      Quantity(csv, *line.exchange_rate);
    } else {
      csv.Empty().Empty().Empty();
    }
    csv.EndRow();
  }

  csv.EndRow();
  csv.Row({"Cost centre", "Sessions", "Amount excl. VAT", "VAT", "Amount incl. VAT"});
  for (const CostCentreSubtotal& subtotal : CostCentreSubtotals(body)) {
    csv.Text(subtotal.cost_centre).Integer(subtotal.sessions);
    Money(csv, subtotal.amount_excl_vat, currency);
    Money(csv, subtotal.vat_amount, currency);
    Money(csv, subtotal.amount_incl_vat, currency).EndRow();
  }

  csv.EndRow();
  csv.Row({"VAT country", "VAT %", "Sessions", "Taxable amount", "VAT", "Amount incl. VAT"});
  for (const VatBreakdownRow& row : VatBreakdown(body)) {
    csv.Text(row.country.alpha2);
    Quantity(csv, row.percent).Integer(row.sessions);
    Money(csv, row.taxable_amount, currency);
    Money(csv, row.vat_amount, currency);
    Money(csv, row.amount_incl_vat, currency).EndRow();
  }

  csv.EndRow();
  csv.Row({"Total excl. VAT", "VAT", "Total incl. VAT"});
  Money(csv, body.total_excl_vat, currency);
  Money(csv, body.vat_amount, currency);
  Money(csv, body.total_incl_vat, currency).EndRow();
  return std::string(CsvWriter::kUtf8ByteOrderMark) + csv.Take();
}

}  // namespace openmsp::billing
