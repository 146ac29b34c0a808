#pragma once

#include <string>

#include "billing/invoice_document.h"
#include "core/result.h"

namespace openmsp::billing {

/// An invoice or credit note as a PDF for the customer (docs/billing.md, "PDF"), drawn with cairo and
/// pango (text stays text: it can be selected, searched and extracted), in the fonts fontconfig finds
/// for `DejaVu Sans` (Debian's fonts-dejavu-core, which has € and the accents of European names).
///
/// A4 portrait. Every page: a band in the tenant's primary colour, the document's kind, number and page
/// "N of M"; the first page also the logo (a PNG logo only; other kinds are left out and the display
/// name stands alone), the issuer and the customer with what the store has of their addresses, VAT
/// numbers and e-mail, the date of issue and the period, and for a credit note the invoice it credits.
/// The sessions follow as a table whose heading row is repeated on each page; cells wrap rather than cut
/// a name. When the lines have cost centres, each cost centre gets a heading and a subtotal row. Then
/// the VAT breakdown per country and rate and the totals. A draft says `DRAFT` in its title and across
/// every page. Amounts are the invoice's exact decimals, never recomputed.
///
/// Fails only when cairo does (kInternal naming `pdf`): a PNG logo that does not decode is left out, not
/// a reason to refuse the invoice.
Result<std::string> InvoicePdf(const InvoiceDocument& document);

}  // namespace openmsp::billing
