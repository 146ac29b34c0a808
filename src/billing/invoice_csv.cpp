#include "billing/invoice_csv.h"

#include <fmt/core.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "billing/invoice_assembly.h"

namespace openmsp::billing {
namespace {

using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::NewInvoice;

// One row of cells that are already CSV text (`CsvText`, or a number written here).
void Row(std::string& out, std::initializer_list<std::string> cells) {
  bool first = true;
  for (const std::string& cell : cells) {
    if (!first) out += ',';
    out += cell;
    first = false;
  }
  out += "\r\n";
}

// A `Field,Value` row of the header block.
void Field(std::string& out, std::string_view name, std::string_view value) {
  Row(out, {CsvText(name), CsvText(value)});
}

// An amount with the currency's minor unit of decimals: exact, since invoice amounts are rounded to it.
std::string Money(const Decimal& amount, const Currency& currency) {
  return amount.Rounded(currency.minor_units(), RoundingMode::kHalfUp).ToString();
}

std::string Quantity(const Decimal& value) { return value.Normalized().ToString(); }

}  // namespace

std::string CsvText(std::string_view text) {
  std::string cell;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r')) {
    cell += '\'';
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string InvoiceCsv(const InvoiceDocument& document) {
  const domain::Invoice& invoice = document.invoice;
  const NewInvoice& body = invoice.invoice;
  const Currency& currency = body.currency;
  std::string out = "\xEF\xBB\xBF";

  Row(out, {"Field", "Value"});
  Field(out, "Document", body.kind == InvoiceKind::kCreditNote ? "Credit note" : "Invoice");
  Field(out, "Number", invoice.number);
  Field(out, "Status", domain::InvoiceStatusName(invoice.status));
  Field(out, "Date", invoice.issued_at ? UtcDate(*invoice.issued_at) : "");
  Field(out, "Period", domain::FormatBillingPeriod(body.period));
  Field(out, "Currency", currency.code());
  Field(out, "Credits invoice", document.credited_invoice_number);
  Field(out, "From", document.issuer.name);
  Field(out, "From address", document.issuer.address);
  Field(out, "From VAT number", document.issuer.vat_number);
  Field(out, "From e-mail", document.issuer.email);
  Field(out, "To", document.customer.name);
  Field(out, "To address", document.customer.address);
  Field(out, "To VAT number", document.customer.vat_number);
  Field(out, "To e-mail", document.customer.email);
  Field(out, "Your reference", document.customer.reference);

  out += "\r\n";
  Row(out, {"MSP CDR", "Date", "Start (UTC)", "Location", "EVSE ID", "Card", "Cost centre", "Energy (kWh)",
            "Duration (h)", "VAT country", "VAT %", "Amount excl. VAT", "VAT", "Amount incl. VAT",
            "Original amount excl. VAT", "Original currency", "Exchange rate"});
  for (const InvoiceLine& line : body.lines) {
    const LocalDateTime local = SessionLocalStart(line.session_start, line.vat_country);
    Row(out, {std::to_string(line.msp_cdr_id.value), FormatIsoDate({local.year, local.month, local.day}),
              FormatOcpiDateTime(line.session_start), CsvText(line.location), CsvText(line.evse),
              CsvText(line.card), CsvText(line.cost_centre), Quantity(line.energy_kwh),
              Quantity(line.duration_hours), std::string(line.vat_country.alpha2), Quantity(line.vat_percent),
              Money(line.amount_excl_vat, currency), Money(line.vat_amount, currency),
              Money(line.amount_incl_vat, currency),
              line.original_amount_excl_vat ? line.original_amount_excl_vat->ToString() : "",
              line.original_currency ? std::string(line.original_currency->code()) : "",
              line.exchange_rate ? Quantity(*line.exchange_rate) : ""});
  }

  out += "\r\n";
  Row(out, {"Cost centre", "Sessions", "Amount excl. VAT", "VAT", "Amount incl. VAT"});
  for (const CostCentreSubtotal& subtotal : CostCentreSubtotals(body)) {
    Row(out, {CsvText(subtotal.cost_centre), std::to_string(subtotal.sessions),
              Money(subtotal.amount_excl_vat, currency), Money(subtotal.vat_amount, currency),
              Money(subtotal.amount_incl_vat, currency)});
  }

  out += "\r\n";
  Row(out, {"VAT country", "VAT %", "Sessions", "Taxable amount", "VAT", "Amount incl. VAT"});
  for (const VatBreakdownRow& row : VatBreakdown(body)) {
    Row(out, {std::string(row.country.alpha2), Quantity(row.percent), std::to_string(row.sessions),
              Money(row.taxable_amount, currency), Money(row.vat_amount, currency),
              Money(row.amount_incl_vat, currency)});
  }

  out += "\r\n";
  Row(out, {"Total excl. VAT", "VAT", "Total incl. VAT"});
  Row(out, {Money(body.total_excl_vat, currency), Money(body.vat_amount, currency),
            Money(body.total_incl_vat, currency)});
  return out;
}

}  // namespace openmsp::billing
