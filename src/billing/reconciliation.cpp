#include "billing/reconciliation.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/csv_reader.h"
#include "core/enum_names.h"

namespace openmsp::billing {
namespace {

constexpr EnumNames<CdrDifferenceKind, 3> kDifferenceNames = {{
    {CdrDifferenceKind::kOnlyOurs, "ONLY_OURS"},
    {CdrDifferenceKind::kOnlyTheirs, "ONLY_THEIRS"},
    {CdrDifferenceKind::kAmountDiffers, "AMOUNT_DIFFERS"},
}};

constexpr std::size_t kMaxCdrIdLength = 39;

// What a CPO's invoice may hold: far above a month of one CPO's sessions for one MSP.
constexpr CsvLimits kCpoInvoiceLimits{.max_bytes = 256 * 1024 * 1024, .max_records = 2'000'000};

std::string Trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

std::string UpperAscii(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool Blank(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& field) { return Trimmed(field).empty(); });
}

// Collects the problems of the rows, each naming its line and column.
class Problems {
 public:
  void Add(std::size_t line, std::string_view column, const std::string& reason) {
    if (first_field_.empty()) first_field_ = "lines[" + std::to_string(line) + "]." + std::string(column);
    if (!message_.empty()) message_ += "; ";
    message_ += "line " + std::to_string(line) + ", column " + std::string(column) + ": " + reason;
  }
  bool empty() const { return first_field_.empty(); }
  Error ToError() const { return Error{ErrorCode::kInvalidArgument, first_field_, message_}; }

 private:
  std::string first_field_;
  std::string message_;
};

bool PrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace

std::string_view CdrDifferenceKindName(CdrDifferenceKind kind) { return NameOf(kDifferenceNames, kind); }

Result<CpoInvoice> ParseCpoInvoiceCsv(std::string_view text, const Currency& default_currency) {
  Result<std::vector<CsvRecord>> read = ReadCsv(text, kCpoInvoiceLimits);
  if (!read) return Error{read.error().code, "", read.error().message};
  const std::vector<CsvRecord>& records = *read;
  const auto heading = std::find_if(records.begin(), records.end(), [](const CsvRecord& r) { return !Blank(r); });
  if (heading == records.end()) return InvalidArgument("columns", "the file is empty: it needs a heading row");
  std::map<std::string, std::size_t> columns;
  for (std::size_t c = 0; c < heading->fields.size(); ++c) {
    const std::string name = LowerAscii(Trimmed(heading->fields[c]));
    if (name.empty()) continue;
    if (!columns.emplace(name, c).second) {
      return InvalidArgument("columns", "the heading row names " + name + " twice");
    }
  }
  for (const char* required : {"cdr_id", "amount_excl_vat"}) {
    if (!columns.contains(required)) {
      return InvalidArgument("columns", std::string("the heading row (line ") + std::to_string(heading->line) +
                                            ") has no " + required + " column; cdr_id and amount_excl_vat are "
                                            "required, currency is optional");
    }
  }
  const auto cell_of = [&](const CsvRecord& record, const char* column) -> std::string {
    const std::size_t c = columns.at(column);
    return c < record.fields.size() ? Trimmed(record.fields[c]) : std::string();
  };
  const bool has_currency = columns.contains("currency");

  CpoInvoice invoice{.currency = default_currency, .rows = {}, .stated_total = std::nullopt, .total_line = 0};
  Problems problems;
  std::map<std::string, std::size_t> seen;  // upper-cased CDR id → its line
  std::size_t currency_line = 0;
  for (auto record = std::next(heading); record != records.end(); ++record) {
    if (Blank(*record)) continue;
    const std::size_t line = record->line;
    const std::string cdr_id = cell_of(*record, "cdr_id");
    const std::string amount_text = cell_of(*record, "amount_excl_vat");
    std::optional<Decimal> amount;
    if (amount_text.empty()) {
      problems.Add(line, "amount_excl_vat", "is empty");
    } else if (Result<Decimal> parsed = Decimal::Parse(amount_text); !parsed) {
      problems.Add(line, "amount_excl_vat", "'" + amount_text + "' is not a decimal number with . as the point");
    } else {
      amount = *parsed;
    }
    if (has_currency) {
      const std::string code = cell_of(*record, "currency");
      if (code.empty()) {
        problems.Add(line, "currency", "is empty");
      } else if (Result<Currency> currency = Currency::Find(code); !currency) {
        problems.Add(line, "currency", "'" + code + "' is not an ISO 4217 currency code");
      } else if (currency_line == 0) {
        invoice.currency = *currency;
        currency_line = line;
      } else if (*currency != invoice.currency) {
        problems.Add(line, "currency", code + ", but line " + std::to_string(currency_line) + " says " +
                                           std::string(invoice.currency.code()) + ": one currency per invoice");
      }
    }
    if (UpperAscii(cdr_id) == "TOTAL") {
      if (invoice.total_line != 0) {
        problems.Add(line, "cdr_id",
                     "a second total row (the first is on line " + std::to_string(invoice.total_line) + ")");
      } else {
        invoice.total_line = line;
        if (amount) invoice.stated_total = *amount;
      }
      continue;
    }
    if (cdr_id.empty()) {
      problems.Add(line, "cdr_id", "is empty");
      continue;
    }
    if (cdr_id.size() > kMaxCdrIdLength || !PrintableAscii(cdr_id)) {
      problems.Add(line, "cdr_id", "'" + cdr_id + "' is not an OCPI CDR id (1 to 39 printable ASCII characters)");
      continue;
    }
    const auto [earlier, added] = seen.emplace(UpperAscii(cdr_id), line);
    if (!added) {
      problems.Add(line, "cdr_id", cdr_id + " is on line " + std::to_string(earlier->second) + " already");
      continue;
    }
    if (amount) invoice.rows.push_back(CpoInvoiceRow{.line = line, .cdr_id = cdr_id, .amount_excl_vat = *amount});
  }
  if (!problems.empty()) return problems.ToError();
  return invoice;
}

bool Reconciliation::Agrees() const { return differences.empty() && our_total == their_total && !StatedTotalDiffers(); }

namespace {

// Matches our CDRs, page by page, with the invoice's rows.
class Matcher {
 public:
  Matcher(const PartyId& cpo, const CpoInvoice& theirs)
      : result_{.cpo = cpo,
                .currency = theirs.currency,
                .matched = 0,
                .differences = {},
                .our_total = {},
                .their_total = {},
                .their_stated_total = theirs.stated_total,
                .other_currency_cdrs = 0} {
    for (const CpoInvoiceRow& row : theirs.rows) {
      rows_.emplace(UpperAscii(row.cdr_id), &row);
      result_.their_total += row.amount_excl_vat;
    }
  }

  void Add(std::span<const domain::CpoCdr> ours) {
    for (const domain::CpoCdr& cdr : ours) {
      if (cdr.cpo != result_.cpo) continue;
      if (cdr.currency != result_.currency) {
        ++result_.other_currency_cdrs;
        continue;
      }
      result_.our_total += cdr.total_cost_excl_vat;
      const auto found = rows_.find(UpperAscii(cdr.cdr_id));
      if (found == rows_.end()) {
        result_.differences.push_back(CdrDifference{.kind = CdrDifferenceKind::kOnlyOurs,
                                                    .cdr_id = cdr.cdr_id,
                                                    .ours = cdr.total_cost_excl_vat,
                                                    .theirs = std::nullopt,
                                                    .line = 0});
        continue;
      }
      const CpoInvoiceRow& row = *found->second;
      if (row.amount_excl_vat == cdr.total_cost_excl_vat) {
        ++result_.matched;
      } else {
        result_.differences.push_back(CdrDifference{.kind = CdrDifferenceKind::kAmountDiffers,
                                                    .cdr_id = cdr.cdr_id,
                                                    .ours = cdr.total_cost_excl_vat,
                                                    .theirs = row.amount_excl_vat,
                                                    .line = row.line});
      }
      rows_.erase(found);
    }
  }

  Reconciliation Finish() && {
    for (const auto& [key, row] : rows_) {
      result_.differences.push_back(CdrDifference{.kind = CdrDifferenceKind::kOnlyTheirs,
                                                  .cdr_id = row->cdr_id,
                                                  .ours = std::nullopt,
                                                  .theirs = row->amount_excl_vat,
                                                  .line = row->line});
    }
    std::sort(result_.differences.begin(), result_.differences.end(),
              [](const CdrDifference& a, const CdrDifference& b) { return a.cdr_id < b.cdr_id; });
    return std::move(result_);
  }

 private:
  Reconciliation result_;
  // The invoice's rows not matched yet, by upper-cased CDR id.
  std::map<std::string, const CpoInvoiceRow*> rows_;
};

}  // namespace

Reconciliation Reconcile(const PartyId& cpo, std::span<const domain::CpoCdr> ours, const CpoInvoice& theirs) {
  Matcher matcher(cpo, theirs);
  matcher.Add(ours);
  return std::move(matcher).Finish();
}

Result<Reconciliation> ReconcilePeriod(domain::CpoCdrRepository& cpo_cdrs, domain::TenantId tenant_id,
                                       const PartyId& cpo, domain::BillingPeriod period, const CpoInvoice& theirs) {
  Matcher matcher(cpo, theirs);
  domain::CpoCdrQuery query{.from = domain::PeriodStart(period), .to = domain::PeriodEnd(period)};
  query.cpo = cpo;
  for (;;) {
    OPENMSP_ASSIGN_OR_RETURN(domain::CpoCdrPage page, cpo_cdrs.List(tenant_id, query));
    matcher.Add(page.cdrs);
    if (!page.next) break;
    query.after = page.next;
  }
  return std::move(matcher).Finish();
}

}  // namespace openmsp::billing
