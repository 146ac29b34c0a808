#pragma once

#include <string>

#include "billing/invoice_document.h"

namespace openmsp::billing {

/// An invoice or credit note as CSV for an accountant's spreadsheet (docs/billing.md, "CSV"): UTF-8 with
/// a byte-order mark (so spreadsheets read € and accents), RFC 4180 quoting, CRLF line ends, `,` between
/// cells and `.` as the decimal point. Five blocks separated by an empty line, each a small table with
/// its own heading row:
///
/// 1. the header: `Field,Value` rows (document, number, status, date, period, currency, credited invoice,
///    issuer, customer), always the same rows in the same order, empty values where there is nothing;
/// 2. the sessions, one row per invoice line in the invoice's order (cost centre, start): MSP CDR id, local
///    date, start in UTC, location, EVSE id, card, cost centre, energy (kWh), duration (hours), VAT
///    country and percent, the three amounts, and for a converted line its original amount, currency and
///    rate;
/// 3. the subtotal per cost centre (`CostCentreSubtotals`);
/// 4. the VAT breakdown per country and rate (`VatBreakdown`);
/// 5. the totals.
///
/// Amounts are exact, with the currency's minor unit of decimals (`2.40`, `-13.85`); quantities and rates
/// as exact decimals without trailing zeros. Cells are written by `CsvWriter` (core/csv_writer.h): every
/// text cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
/// return, unless it is a plain number) gets a leading `'`; numbers are never altered. A pure function.
std::string InvoiceCsv(const InvoiceDocument& document);

}  // namespace openmsp::billing
