#include "domain/invoice.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <set>

#include "core/enum_names.h"
#include "core/money.h"

namespace openmsp::domain {
namespace {

constexpr EnumNames<InvoiceKind, 2> kKindNames = {{
    {InvoiceKind::kInvoice, "INVOICE"},
    {InvoiceKind::kCreditNote, "CREDIT_NOTE"},
}};

constexpr EnumNames<InvoiceStatus, 4> kStatusNames = {{
    {InvoiceStatus::kDraft, "DRAFT"},
    {InvoiceStatus::kIssued, "ISSUED"},
    {InvoiceStatus::kPaid, "PAID"},
    {InvoiceStatus::kVoid, "VOID"},
}};

Instant FirstOfMonth(int year, int month) {
  const std::chrono::sys_days day =
      std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) / std::chrono::day(1);
  return Instant(std::chrono::time_point_cast<Duration>(day));
}

Result<void> CheckRounded(const Decimal& amount, const Currency& currency, const std::string& field) {
  if (!Money(amount, currency).IsRoundedToMinorUnit()) {
    return InvalidArgument(field, amount.ToString() + " is not rounded to the minor unit of " +
                                      std::string(currency.code()));
  }
  return Ok();
}

}  // namespace

Result<BillingPeriod> ParseBillingPeriod(std::string_view text) {
  const auto refuse = [&] {
    return InvalidArgument("period", "'" + std::string(text) + "' is not a month written YYYY-MM (2026-10)");
  };
  if (text.size() != 7 || text[4] != '-') return refuse();
  BillingPeriod period;
  const char* begin = text.data();
  if (std::from_chars(begin, begin + 4, period.year).ptr != begin + 4 ||
      std::from_chars(begin + 5, begin + 7, period.month).ptr != begin + 7) {
    return refuse();
  }
  if (period.year < 1 || period.year > 9998 || period.month < 1 || period.month > 12) return refuse();
  return period;
}

std::string FormatBillingPeriod(BillingPeriod period) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", period.year, period.month);
  return text;
}

Instant PeriodStart(BillingPeriod period) { return FirstOfMonth(period.year, period.month); }

Instant PeriodEnd(BillingPeriod period) {
  return period.month == 12 ? FirstOfMonth(period.year + 1, 1) : FirstOfMonth(period.year, period.month + 1);
}

std::string DescribeBillingTarget(const BillingTarget& target) {
  if (target.unit) return "unit " + std::to_string(target.unit->value);
  if (target.profile) return "profile " + std::to_string(target.profile->value);
  return "nobody";
}

std::string_view InvoiceKindName(InvoiceKind kind) { return NameOf(kKindNames, kind); }
Result<InvoiceKind> ParseInvoiceKind(std::string_view name) { return ValueOf(kKindNames, name); }
std::string_view InvoiceStatusName(InvoiceStatus status) { return NameOf(kStatusNames, status); }
Result<InvoiceStatus> ParseInvoiceStatus(std::string_view name) { return ValueOf(kStatusNames, name); }

Result<void> CheckInvoiceTransition(InvoiceStatus from, InvoiceStatus to) {
  const bool allowed = (from == InvoiceStatus::kDraft && to == InvoiceStatus::kIssued) ||
                       (from == InvoiceStatus::kIssued && to == InvoiceStatus::kPaid) ||
                       ((from == InvoiceStatus::kDraft || from == InvoiceStatus::kIssued) &&
                        to == InvoiceStatus::kVoid);
  if (allowed) return Ok();
  return Error{ErrorCode::kFailedPrecondition, "status",
               "an invoice that is " + std::string(InvoiceStatusName(from)) + " cannot become " +
                   std::string(InvoiceStatusName(to))};
}

std::string FormatInvoiceNumber(int year, std::int64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%06lld", year, static_cast<long long>(sequence));
  return text;
}

Result<void> ValidateNewInvoice(const NewInvoice& invoice) {
  if (invoice.target.unit.has_value() == invoice.target.profile.has_value()) {
    return InvalidArgument("target", "must be exactly one organisation unit or one profile");
  }
  if (invoice.period.year < 1 || invoice.period.year > 9998 || invoice.period.month < 1 ||
      invoice.period.month > 12) {
    return InvalidArgument("period", "must be a month of the years 0001 to 9998");
  }
  const bool credit_note = invoice.kind == InvoiceKind::kCreditNote;
  if (credit_note != invoice.credited_invoice.has_value()) {
    return InvalidArgument("credited_invoice", credit_note ? "a credit note must name the invoice it credits"
                                                           : "only a credit note credits an invoice");
  }
  if (invoice.lines.empty()) return InvalidArgument("lines", "an invoice has at least one session");
  std::set<MspCdrId> seen;
  Decimal excl, vat, incl;
  for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
    const InvoiceLine& line = invoice.lines[i];
    const std::string field = "lines[" + std::to_string(i) + "]";
    if (!seen.insert(line.msp_cdr_id).second) {
      return InvalidArgument(field + ".msp_cdr_id", "MSP CDR " + std::to_string(line.msp_cdr_id.value) +
                                                        " is on the invoice twice");
    }
    OPENMSP_RETURN_IF_ERROR(CheckRounded(line.amount_excl_vat, invoice.currency, field + ".amount_excl_vat"));
    OPENMSP_RETURN_IF_ERROR(CheckRounded(line.vat_amount, invoice.currency, field + ".vat_amount"));
    OPENMSP_RETURN_IF_ERROR(CheckRounded(line.amount_incl_vat, invoice.currency, field + ".amount_incl_vat"));
    if (line.amount_excl_vat + line.vat_amount != line.amount_incl_vat) {
      return InvalidArgument(field + ".amount_incl_vat", "is not amount_excl_vat + vat_amount");
    }
    if (credit_note && line.amount_incl_vat.Sign() > 0) {
      return InvalidArgument(field + ".amount_incl_vat", "a credit note has no positive line");
    }
    if (line.vat_percent.Sign() < 0 || line.vat_percent >= Decimal(100)) {
      return InvalidArgument(field + ".vat_percent", "must be 0 to below 100");
    }
    const bool converted = line.original_currency.has_value();
    if (converted != line.original_amount_excl_vat.has_value() || converted != line.exchange_rate.has_value()) {
      return InvalidArgument(field + ".exchange_rate",
                             "a converted line states its original currency, amount and rate together");
    }
    if (converted && (*line.original_currency == invoice.currency || line.exchange_rate->Sign() <= 0)) {
      return InvalidArgument(field + ".exchange_rate", "converts from another currency at a positive rate");
    }
    for (const std::string* text : {&line.location, &line.evse, &line.card, &line.cost_centre}) {
      if (!IsUtf8WithoutNul(*text)) return InvalidArgument(field, "texts must be UTF-8 without NUL bytes");
    }
    excl += line.amount_excl_vat;
    vat += line.vat_amount;
    incl += line.amount_incl_vat;
  }
  if (invoice.total_excl_vat != excl) return InvalidArgument("total_excl_vat", "is not the sum of the lines");
  if (invoice.vat_amount != vat) return InvalidArgument("vat_amount", "is not the sum of the lines");
  if (invoice.total_incl_vat != incl) return InvalidArgument("total_incl_vat", "is not the sum of the lines");
  return Ok();
}

}  // namespace openmsp::domain
