#pragma once

// Hand-made invoice documents for the tests of the CSV and PDF renderers: every amount below is computed
// by hand in the comments, so the expected documents are too.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "billing/invoice_document.h"
#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/time.h"
#include "domain/invoice.h"

namespace openmsp::billing::samples {

inline Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
inline Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

// One session: amounts as given (excl. + VAT = incl.).
inline domain::InvoiceLine Line(std::int64_t id, const char* start, const char* location, const char* evse,
                                const char* card, const char* cost_centre, const char* country,
                                const char* percent, const char* excl, const char* vat) {
  return domain::InvoiceLine{.msp_cdr_id = domain::MspCdrId{id},
                             .session_start = At(start),
                             .location = location,
                             .evse = evse,
                             .card = card,
                             .cost_centre = cost_centre,
                             .energy_kwh = Number("12.500"),
                             .duration_hours = Number("1.5"),
                             .vat_country = CountryFromAlpha2(country).value(),
                             .vat_percent = Number(percent),
                             .amount_excl_vat = Number(excl),
                             .vat_amount = Number(vat),
                             .amount_incl_vat = Number(excl) + Number(vat)};
}

/// Invoice 2026-000007 of "Stroom & Co" to "Müller & Söhne, GmbH" (unit 10), issued 2026-11-02, October
/// 2026, EUR, three sessions:
///
/// | MSP CDR | cost centre | VAT    | excl. | VAT  | incl. |
/// |---------|-------------|--------|-------|------|-------|
/// | 41      | (none)      | NL 21% |  5.00 | 1.05 |  6.05 |  5.00 × 21% = 1.05
/// | 43      | SALES       | NL 21% | 11.45 | 2.40 | 13.85 | 11.45 × 21% = 2.4045 → 2.40
/// | 42      | SALES       | DE 19% |  9.50 | 1.81 | 11.31 | 10.00 CHF × 0.95 = 9.50; × 19% = 1.805 → 1.81
///
/// Totals 25.95 + 5.26 = 31.21. Per cost centre: (none) 1 session 5.00 / 1.05 / 6.05; SALES 2 sessions
/// 20.95 / 4.21 / 25.16. VAT: DE 19% 1 session 9.50 / 1.81 / 11.31; NL 21% 2 sessions 16.45 / 3.45 /
/// 19.90. Session 42 started 2026-10-31T23:30Z: 00:30 on 1 November in Germany (CET). Its location looks
/// like a formula, its card starts with `+`.
inline InvoiceDocument SampleInvoiceDocument() {
  const Currency eur = Currency::Find("EUR").value();
  domain::InvoiceLine converted = Line(42, "2026-10-31T23:30:00Z", "=HYPERLINK(\"http://x\")", "DE*ABC*E42",
                                       "+49 170", "SALES", "DE", "19", "9.50", "1.81");
  converted.original_currency = Currency::Find("CHF").value();
  converted.original_amount_excl_vat = Number("10.00");
  converted.exchange_rate = Number("0.9500");
  domain::NewInvoice body{.tenant_id = domain::TenantId{1},
                          .run_id = domain::BillingRunId{3},
                          .period = {2026, 10},
                          .kind = domain::InvoiceKind::kInvoice,
                          .target = {.unit = domain::OrganisationUnitId{10}, .profile = std::nullopt},
                          .currency = eur,
                          .credited_invoice = std::nullopt,
                          .lines = {Line(41, "2026-10-03T08:00:00Z", "Café Zürich", "NL*ALP*E1", "FLEET-0001", "",
                                         "NL", "21", "5", "1.05"),
                                    Line(43, "2026-10-10T12:00:00Z", "Laadplein Noord", "NL*ALP*E2", "FLEET-0002",
                                         "SALES", "NL", "21", "11.45", "2.40"),
                                    converted},
                          .total_excl_vat = Number("25.95"),
                          .vat_amount = Number("5.26"),
                          .total_incl_vat = Number("31.21")};
  return InvoiceDocument{
      .invoice = domain::Invoice{.id = domain::InvoiceId{17},
                                 .invoice = body,
                                 .status = domain::InvoiceStatus::kIssued,
                                 .number = "2026-000007",
                                 .created_at = At("2026-11-01T06:00:00Z"),
                                 .issued_at = At("2026-11-02T09:00:00Z"),
                                 .paid_at = std::nullopt,
                                 .voided_at = std::nullopt},
      .branding = {.display_name = "Stroom & Co",
                   .primary_colour = "#1a7f37",
                   .accent_colour = "#f0b400",
                   .support_email = "help@stroom.example",
                   .logo_media_type = "",
                   .logo = ""},
      .issuer = {.name = "Stroom & Co", .address = "", .vat_number = "", .email = "help@stroom.example",
                 .reference = ""},
      .customer = {.name = "Müller & Söhne, GmbH", .address = "Dam 1, Amsterdam", .vat_number = "NL000099998B57",
                   .email = "ap@fleet.example", .reference = "FL"},
      .credited_invoice_number = ""};
}

/// A draft credit note crediting 2026-000007: session 43 negated (-11.45 - 2.40 = -13.85), card `-C7`.
inline InvoiceDocument SampleCreditNoteDocument() {
  InvoiceDocument document = SampleInvoiceDocument();
  domain::NewInvoice& body = document.invoice.invoice;
  body.kind = domain::InvoiceKind::kCreditNote;
  body.credited_invoice = domain::InvoiceId{17};
  body.lines = {Line(44, "2026-10-10T12:00:00Z", "Laadplein Noord", "NL*ALP*E2", "-C7", "SALES", "NL", "21",
                     "-11.45", "-2.40")};
  body.total_excl_vat = Number("-11.45");
  body.vat_amount = Number("-2.40");
  body.total_incl_vat = Number("-13.85");
  document.invoice.id = domain::InvoiceId{18};
  document.invoice.status = domain::InvoiceStatus::kDraft;
  document.invoice.number = "";
  document.invoice.issued_at = std::nullopt;
  document.credited_invoice_number = "2026-000007";
  return document;
}

/// The sample invoice with `count` sessions instead of three, each with its own amount: session i
/// (0-based) costs 100.00 + i × 0.01 excl. VAT and 21 % of that rounded half-up; the first fifth has no
/// cost centre, then two fifths `NORTH` and the rest `SOUTH`; location names have accents.
inline InvoiceDocument ManyLinesDocument(int count) {
  InvoiceDocument document = SampleInvoiceDocument();
  domain::NewInvoice& body = document.invoice.invoice;
  body.lines.clear();
  body.total_excl_vat = body.vat_amount = body.total_incl_vat = Decimal();
  for (int i = 0; i < count; ++i) {
    const Decimal excl = Number("100.00") + Decimal::FromCoefficient(i, 2);
    const Decimal vat = (excl * Number("0.21")).Rounded(2, RoundingMode::kHalfUp);
    const char* cost_centre = i < count / 5 ? "" : (i < 3 * count / 5 ? "NORTH" : "SOUTH");
    const Instant start = At("2026-10-01T06:00:00Z") + std::chrono::minutes(20 * i);
    domain::InvoiceLine line = Line(1000 + i, "2026-10-01T06:00:00Z", "", "", "", cost_centre, "NL", "21",
                                    excl.ToString().c_str(), vat.ToString().c_str());
    line.session_start = start;
    line.location = "Laadplein Hövelaken " + std::to_string(i);
    line.evse = "NL*ALP*E" + std::to_string(i);
    line.card = "FLEET-" + std::to_string(10000 + i);
    body.lines.push_back(line);
    body.total_excl_vat += line.amount_excl_vat;
    body.vat_amount += line.vat_amount;
    body.total_incl_vat += line.amount_incl_vat;
  }
  return document;
}

}  // namespace openmsp::billing::samples
