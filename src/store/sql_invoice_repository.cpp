#include "store/sql_invoice_repository.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {

using domain::BillableMspCdr;
using domain::BillingPeriod;
using domain::BillingRun;
using domain::BillingRunId;
using domain::BillingTarget;
using domain::Invoice;
using domain::InvoiceId;
using domain::InvoiceLine;
using domain::InvoiceQuery;
using domain::InvoiceStatus;
using domain::MspCdrId;
using domain::NewInvoice;
using domain::TenantId;

namespace {

// What makes an invoice one of its run: kind, target and credited invoice (`INVOICE/U12`,
// `CREDIT_NOTE/P7/500`), unique per run in the schema.
std::string InvoiceKey(const NewInvoice& invoice) {
  std::string key(domain::InvoiceKindName(invoice.kind));
  key += invoice.target.unit ? "/U" + std::to_string(invoice.target.unit->value)
                             : "/P" + std::to_string(invoice.target.profile->value);
  if (invoice.credited_invoice) key += "/" + std::to_string(invoice.credited_invoice->value);
  return key;
}

// `lines[3].msp_cdr_id`: the field naming the MSP CDR of the line at `position`.
std::string LineField(std::size_t position) { return "lines[" + std::to_string(position) + "].msp_cdr_id"; }

// The columns of an invoice line its insert binds, beside the tenant.
constexpr std::size_t kLineColumns = 18;

// `(shared$first, …), (shared$…, …)`: `rows` tuples of `columns` parameters numbered from `$first`, each
// tuple opened by `shared` (parameters every row repeats, such as the tenant's `$1, `).
std::string ValuesRows(std::size_t first, std::size_t columns, std::size_t rows, std::string_view shared) {
  std::string sql;
  std::size_t next = first;
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    sql += shared;
    for (std::size_t column = 0; column < columns; ++column) {
      sql += (column == 0 ? "$" : ", $") + std::to_string(next++);
    }
    sql += ")";
  }
  return sql;
}

SqlParam OptionalId(const std::optional<std::int64_t>& id) {
  if (id) return *id;
  return nullptr;
}

Result<std::optional<std::int64_t>> ParseOptionalInteger(const std::optional<std::string>& text) {
  if (!text) return std::optional<std::int64_t>();
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t value, ParseInteger(text));
  return std::optional<std::int64_t>(value);
}

Result<BillingPeriod> ParseStoredPeriod(const std::optional<std::string>& text) {
  Result<BillingPeriod> period = domain::ParseBillingPeriod(TextOf(text));
  if (!period) return Corrupt("a billing period reads '" + TextOf(text) + "'");
  return period;
}

Result<Country> ParseCountry(const std::optional<std::string>& text) {
  Result<Country> country = CountryFromAlpha2(TextOf(text));
  if (!country) return Corrupt("a country reads '" + TextOf(text) + "'");
  return country;
}

int YearOf(Instant instant) {
  const std::chrono::year_month_day day(std::chrono::floor<std::chrono::days>(instant.sys_time()));
  return static_cast<int>(day.year());
}

std::string SelectLines(const SqlDialect& dialect) {
  return "SELECT invoice_id, msp_cdr_id, " + InstantColumn(dialect, "session_start") +
         ", location, evse, card, cost_centre, energy_kwh, duration_hours, vat_country, vat_percent, "
         "amount_excl_vat, vat_amount, amount_incl_vat, original_currency, original_amount_excl_vat, "
         "exchange_rate FROM invoice_lines ";
}

Result<InvoiceLine> LineFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t msp_cdr_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(Instant session_start, ParseRequiredInstant(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(Country country, ParseCountry(row[9]));
  InvoiceLine line{.msp_cdr_id = MspCdrId{msp_cdr_id},
                   .session_start = session_start,
                   .location = TextOf(row[3]),
                   .evse = TextOf(row[4]),
                   .card = TextOf(row[5]),
                   .cost_centre = TextOf(row[6]),
                   .energy_kwh = {},
                   .duration_hours = {},
                   .vat_country = country,
                   .vat_percent = {},
                   .amount_excl_vat = {},
                   .vat_amount = {},
                   .amount_incl_vat = {}};
  OPENMSP_ASSIGN_OR_RETURN(line.energy_kwh, ParseDecimal(row[7]));
  OPENMSP_ASSIGN_OR_RETURN(line.duration_hours, ParseDecimal(row[8]));
  OPENMSP_ASSIGN_OR_RETURN(line.vat_percent, ParseDecimal(row[10]));
  OPENMSP_ASSIGN_OR_RETURN(line.amount_excl_vat, ParseDecimal(row[11]));
  OPENMSP_ASSIGN_OR_RETURN(line.vat_amount, ParseDecimal(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(line.amount_incl_vat, ParseDecimal(row[13]));
  if (row[14]) {
    OPENMSP_ASSIGN_OR_RETURN(Currency original, ParseStored(Currency::Find, row[14]));
    line.original_currency = original;
    OPENMSP_ASSIGN_OR_RETURN(line.original_amount_excl_vat, ParseOptionalDecimal(row[15]));
    OPENMSP_ASSIGN_OR_RETURN(line.exchange_rate, ParseOptionalDecimal(row[16]));
  }
  return line;
}

Result<Invoice> InvoiceFromRow(TenantId tenant_id, const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t run_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(BillingPeriod period, ParseStoredPeriod(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(domain::InvoiceKind kind, ParseStored(domain::ParseInvoiceKind, row[3]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit, ParseOptionalInteger(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile, ParseOptionalInteger(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(Currency currency, ParseStored(Currency::Find, row[6]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> credited, ParseOptionalInteger(row[7]));
  OPENMSP_ASSIGN_OR_RETURN(InvoiceStatus status, ParseStored(domain::ParseInvoiceStatus, row[11]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, ParseOptionalInteger(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> sequence, ParseOptionalInteger(row[13]));
  Invoice invoice{.id = InvoiceId{id},
                  .invoice = NewInvoice{.tenant_id = tenant_id,
                                        .run_id = BillingRunId{run_id},
                                        .period = period,
                                        .kind = kind,
                                        .target = {},
                                        .currency = currency,
                                        .credited_invoice = std::nullopt,
                                        .lines = {},
                                        .total_excl_vat = {},
                                        .vat_amount = {},
                                        .total_incl_vat = {}},
                  .status = status,
                  .number = "",
                  .created_at = {},
                  .issued_at = std::nullopt,
                  .paid_at = std::nullopt,
                  .voided_at = std::nullopt};
  if (unit) invoice.invoice.target.unit = domain::OrganisationUnitId{*unit};
  if (profile) invoice.invoice.target.profile = domain::ProfileId{*profile};
  if (credited) invoice.invoice.credited_invoice = InvoiceId{*credited};
  OPENMSP_ASSIGN_OR_RETURN(invoice.invoice.total_excl_vat, ParseDecimal(row[8]));
  OPENMSP_ASSIGN_OR_RETURN(invoice.invoice.vat_amount, ParseDecimal(row[9]));
  OPENMSP_ASSIGN_OR_RETURN(invoice.invoice.total_incl_vat, ParseDecimal(row[10]));
  if (year && sequence) invoice.number = domain::FormatInvoiceNumber(static_cast<int>(*year), *sequence);
  OPENMSP_ASSIGN_OR_RETURN(invoice.created_at, ParseRequiredInstant(row[14]));
  OPENMSP_ASSIGN_OR_RETURN(invoice.issued_at, ParseOptionalInstant(row[15]));
  OPENMSP_ASSIGN_OR_RETURN(invoice.paid_at, ParseOptionalInstant(row[16]));
  OPENMSP_ASSIGN_OR_RETURN(invoice.voided_at, ParseOptionalInstant(row[17]));
  return invoice;
}

}  // namespace

SqlInvoiceRepository::SqlInvoiceRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<BillingRun> SqlInvoiceRepository::FindRun(TenantId tenant_id, const SqlParam& key,
                                                 std::string_view column) {
  const SqlDialect& dialect = connection_.dialect();
  const SqlParam params[] = {tenant_id.value, key};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, period, " + InstantColumn(dialect, "started_at") + ", " +
                            InstantColumn(dialect, "completed_at") +
                            " FROM billing_runs WHERE tenant_id = $1 AND " + std::string(column) + " = $2",
                        params));
  if (rows.empty()) return NotFound("run_id", "there is no such billing run");
  const SqlRow& row = rows.front();
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(BillingPeriod period, ParseStoredPeriod(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(Instant started_at, ParseRequiredInstant(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> completed_at, ParseOptionalInstant(row[3]));
  return BillingRun{BillingRunId{id}, tenant_id, period, started_at, completed_at};
}

Result<BillingRun> SqlInvoiceRepository::StartRun(TenantId tenant_id, BillingPeriod period) {
  const std::string key = domain::FormatBillingPeriod(period);
  return InTransaction(connection_, [&]() -> Result<BillingRun> {
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked,
                             connection_.Query(connection_.dialect().lock_tenant, tenant));
    if (locked.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
    Result<BillingRun> existing = FindRun(tenant_id, key, "period");
    if (existing || existing.error().code != ErrorCode::kNotFound) return existing;
    const SqlParam params[] = {tenant_id.value, key, InstantParam(clock_.Now())};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO billing_runs (tenant_id, period, started_at) VALUES ($1, $2, $3)", params));
    return FindRun(tenant_id, key, "period");
  });
}

Result<BillingRun> SqlInvoiceRepository::CompleteRun(TenantId tenant_id, BillingRunId id) {
  const SqlParam params[] = {tenant_id.value, id.value, InstantParam(clock_.Now())};
  OPENMSP_RETURN_IF_ERROR(connection_.Query(
      "UPDATE billing_runs SET completed_at = COALESCE(completed_at, $3) WHERE tenant_id = $1 AND id = $2",
      params));
  return FindRun(tenant_id, id.value, "id");
}

Result<std::vector<BillableMspCdr>> SqlInvoiceRepository::ListBillable(TenantId tenant_id, Instant before,
                                                                       MspCdrId after, int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgument("limit", "must be 1 to 1000");
  const SqlDialect& dialect = connection_.dialect();
  const SqlParam params[] = {tenant_id.value, InstantParam(before), after.value, std::int64_t{limit}};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT m.id, " + InstantColumn(dialect, "m.session_start") + ", " +
              InstantColumn(dialect, "m.session_end") +
              ", m.country_code, m.party_id, m.billing_unit_id, m.profile_id, m.currency, m.total_excl_vat, "
              "m.vat_country, m.vat_percent, m.vat_amount, m.total_incl_vat, m.credit_of, "
              "CASE WHEN m.credit_of IS NOT NULL THEN (SELECT o.invoice_id FROM invoice_lines o "
              "JOIN invoices v ON v.tenant_id = o.tenant_id AND v.id = o.invoice_id "
              "WHERE o.tenant_id = m.tenant_id AND o.msp_cdr_id = m.credit_of AND o.live AND "
              "v.status IN ('ISSUED', 'PAID')) END, "
              "COALESCE(l.name, c.location_id), COALESCE(e.evse_id, c.evse_uid), t.visual_number, "
              "t.contract_id, t.cost_centre, c.total_energy, c.total_time "
              "FROM msp_cdrs m "
              "JOIN cpo_cdrs c ON c.tenant_id = m.tenant_id AND c.id = m.cpo_cdr_id "
              "JOIN tokens t ON t.tenant_id = m.tenant_id AND t.id = m.token_id "
              "LEFT JOIN locations l ON l.tenant_id = m.tenant_id AND l.country_code = c.country_code AND "
              "l.party_id = c.party_id AND upper(l.location_id) = upper(c.location_id) "
              "LEFT JOIN evses e ON e.tenant_id = m.tenant_id AND e.location_row_id = l.id AND "
              "upper(e.uid) = upper(c.evse_uid) "
              "WHERE m.tenant_id = $1 AND m.attention_reason IS NULL AND m.session_start < $2 AND m.id > $3 "
              "AND NOT EXISTS (SELECT 1 FROM invoice_lines i WHERE i.tenant_id = m.tenant_id AND "
              "i.msp_cdr_id = m.id AND i.live) "
              "ORDER BY m.id LIMIT $4",
          params));
  std::vector<BillableMspCdr> cdrs;
  cdrs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(Instant start, ParseRequiredInstant(row[1]));
    OPENMSP_ASSIGN_OR_RETURN(Instant end, ParseRequiredInstant(row[2]));
    OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, ParseParty(row[3], row[4]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit, ParseOptionalInteger(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile, ParseOptionalInteger(row[6]));
    OPENMSP_ASSIGN_OR_RETURN(Currency currency, ParseStored(Currency::Find, row[7]));
    OPENMSP_ASSIGN_OR_RETURN(Country country, ParseCountry(row[9]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> credit_of, ParseOptionalInteger(row[13]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> credited, ParseOptionalInteger(row[14]));
    if (!unit && !profile) return Corrupt("rated MSP CDR " + std::to_string(id) + " has no customer");
    BillableMspCdr cdr{.id = MspCdrId{id},
                       .session_start = start,
                       .session_end = end,
                       .cpo = cpo,
                       .target = {},
                       .currency = currency,
                       .total_excl_vat = {},
                       .vat_country = country,
                       .vat_percent = {},
                       .vat_amount = {},
                       .total_incl_vat = {},
                       .credit_of = std::nullopt,
                       .credited_invoice = std::nullopt,
                       .location = TextOf(row[15]),
                       .evse = TextOf(row[16]),
                       .card = TextOf(row[17]).empty() ? TextOf(row[18]) : TextOf(row[17]),
                       .cost_centre = TextOf(row[19]),
                       .energy_kwh = {},
                       .duration_hours = {}};
    if (unit) {
      cdr.target.unit = domain::OrganisationUnitId{*unit};
    } else {
      cdr.target.profile = domain::ProfileId{*profile};
    }
    if (credit_of) cdr.credit_of = MspCdrId{*credit_of};
    if (credited) cdr.credited_invoice = InvoiceId{*credited};
    OPENMSP_ASSIGN_OR_RETURN(cdr.total_excl_vat, ParseDecimal(row[8]));
    OPENMSP_ASSIGN_OR_RETURN(cdr.vat_percent, ParseDecimal(row[10]));
    OPENMSP_ASSIGN_OR_RETURN(cdr.vat_amount, ParseDecimal(row[11]));
    OPENMSP_ASSIGN_OR_RETURN(cdr.total_incl_vat, ParseDecimal(row[12]));
    OPENMSP_ASSIGN_OR_RETURN(cdr.energy_kwh, ParseDecimal(row[20]));
    OPENMSP_ASSIGN_OR_RETURN(cdr.duration_hours, ParseDecimal(row[21]));
    cdrs.push_back(std::move(cdr));
  }
  return cdrs;
}

Result<Invoice> SqlInvoiceRepository::CreateDraft(const NewInvoice& invoice) {
  return InTransaction(connection_, [&]() -> Result<Invoice> {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<InvoiceId> ids, WriteDrafts(std::span(&invoice, 1), false));
    return FindById(invoice.tenant_id, ids.front());
  });
}

Result<std::vector<InvoiceId>> SqlInvoiceRepository::CreateDrafts(std::span<const NewInvoice> invoices) {
  if (invoices.empty()) return std::vector<InvoiceId>{};
  Result<std::vector<InvoiceId>> ids =
      InTransaction(connection_, [&] { return WriteDrafts(invoices, true); });
  if (ids) RefreshStatistics(ids->size());
  return ids;
}

Result<std::vector<InvoiceId>> SqlInvoiceRepository::WriteDrafts(std::span<const NewInvoice> invoices,
                                                                 bool many) {
  // `lines[0].msp_cdr_id` for one draft, `invoices[3].lines[0].msp_cdr_id` for many.
  const auto named = [many](std::size_t k, Error error) {
    return many ? error.Nested("invoices[" + std::to_string(k) + "]") : error;
  };
  const TenantId tenant_id = invoices.front().tenant_id;
  const std::int64_t tenant = tenant_id.value;
  for (std::size_t k = 0; k < invoices.size(); ++k) {
    if (Result<void> valid = domain::ValidateNewInvoice(invoices[k]); !valid) return named(k, valid.error());
    if (invoices[k].tenant_id != tenant_id) {
      return named(k, InvalidArgument("tenant_id", "every draft of one call belongs to the same tenant"));
    }
  }

  // The references first: once a statement fails, PostgreSQL has aborted the transaction.
  std::set<std::int64_t> runs;
  std::set<std::int64_t> units;
  std::set<std::int64_t> profiles;
  for (std::size_t k = 0; k < invoices.size(); ++k) {
    const NewInvoice& invoice = invoices[k];
    if (runs.insert(invoice.run_id.value).second) {
      if (Result<BillingRun> run = FindRun(tenant_id, invoice.run_id.value, "id"); !run) {
        return named(k, run.error());
      }
    }
    if (invoice.target.unit) units.insert(invoice.target.unit->value);
    if (invoice.target.profile) profiles.insert(invoice.target.profile->value);
    if (!invoice.credited_invoice) continue;
    const SqlParam credited_params[] = {tenant, invoice.credited_invoice->value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<Invoice> credited, Select("AND id = $2", credited_params));
    if (credited.empty()) return named(k, NotFound("credited_invoice", "there is no such invoice"));
    const Invoice& original = credited.front();
    if (original.invoice.kind != domain::InvoiceKind::kInvoice ||
        (original.status != InvoiceStatus::kIssued && original.status != InvoiceStatus::kPaid)) {
      return named(
          k, Error{ErrorCode::kFailedPrecondition, "credited_invoice",
                   "a credit note credits an issued or paid invoice; " + std::to_string(original.id.value) +
                       " is a " + std::string(domain::InvoiceStatusName(original.status)) + " " +
                       std::string(domain::InvoiceKindName(original.invoice.kind))});
    }
  }
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> found_units,
                           ExistingIds(tenant_id, "organisation_units", units));
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> found_profiles,
                           ExistingIds(tenant_id, "profiles", profiles));
  for (std::size_t k = 0; k < invoices.size(); ++k) {
    const BillingTarget& target = invoices[k].target;
    if (target.unit ? !found_units.contains(target.unit->value)
                    : !found_profiles.contains(target.profile->value)) {
      return named(k, NotFound("target", "there is no " + domain::DescribeBillingTarget(target)));
    }
  }

  OPENMSP_ASSIGN_OR_RETURN(std::vector<InvoiceId> ids, InsertInvoices(invoices));
  for (std::size_t k = 0; k < invoices.size(); ++k) {
    if (ids[k].value != 0) continue;
    const NewInvoice& invoice = invoices[k];
    return named(k, Error{ErrorCode::kAlreadyExists, "target",
                          "billing run " + std::to_string(invoice.run_id.value) + " has a " +
                              std::string(domain::InvoiceKindName(invoice.kind)) + " for " +
                              domain::DescribeBillingTarget(invoice.target) + " already"});
  }

  // The lines, up to `kRowsPerStatement` per statement, each the claim of its MSP CDR.
  struct Line {
    std::size_t invoice;  // index into `invoices`
    std::size_t position;
  };
  std::vector<Line> lines;
  for (std::size_t k = 0; k < invoices.size(); ++k) {
    for (std::size_t i = 0; i < invoices[k].lines.size(); ++i) lines.push_back({k, i});
  }
  constexpr std::size_t kRowsPerStatement = 1000;
  for (std::size_t first = 0; first < lines.size(); first += kRowsPerStatement) {
    const std::span<const Line> chunk(lines.data() + first,
                                      std::min(kRowsPerStatement, lines.size() - first));
    // Each line's MSP CDR is a rated MSP CDR of the tenant…
    std::vector<SqlParam> cdrs;
    cdrs.reserve(1 + chunk.size());
    cdrs.emplace_back(tenant);
    std::string in;
    for (const Line& line : chunk) {
      cdrs.emplace_back(invoices[line.invoice].lines[line.position].msp_cdr_id.value);
      in += (in.empty() ? "$" : ", $") + std::to_string(cdrs.size());
    }
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rated_rows,
                             connection_.Query("SELECT id FROM msp_cdrs WHERE tenant_id = $1 AND "
                                               "attention_reason IS NULL AND id IN (" +
                                                   in + ")",
                                               cdrs));
    std::set<std::int64_t> rated;
    for (const SqlRow& row : rated_rows) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
      rated.insert(id);
    }
    for (const Line& line : chunk) {
      const MspCdrId msp_cdr_id = invoices[line.invoice].lines[line.position].msp_cdr_id;
      if (rated.contains(msp_cdr_id.value)) continue;
      return named(line.invoice,
                   NotFound(LineField(line.position), "MSP CDR " + std::to_string(msp_cdr_id.value) +
                                                          " is not a rated MSP CDR of the tenant"));
    }

    std::vector<SqlParam> values;
    values.reserve(1 + kLineColumns * chunk.size());
    values.emplace_back(tenant);
    for (const Line& line : chunk) {
      const InvoiceLine& l = invoices[line.invoice].lines[line.position];
      values.emplace_back(ids[line.invoice].value);
      values.emplace_back(static_cast<std::int64_t>(line.position));
      values.emplace_back(l.msp_cdr_id.value);
      values.emplace_back(InstantParam(l.session_start));
      values.emplace_back(l.location);
      values.emplace_back(l.evse);
      values.emplace_back(l.card);
      values.emplace_back(l.cost_centre);
      values.emplace_back(l.energy_kwh.ToString());
      values.emplace_back(l.duration_hours.ToString());
      values.emplace_back(std::string(l.vat_country.alpha2));
      values.emplace_back(l.vat_percent.ToString());
      values.emplace_back(l.amount_excl_vat.ToString());
      values.emplace_back(l.vat_amount.ToString());
      values.emplace_back(l.amount_incl_vat.ToString());
      values.emplace_back(l.original_currency ? SqlParam(std::string(l.original_currency->code()))
                                              : SqlParam(nullptr));
      values.emplace_back(DecimalParam(l.original_amount_excl_vat));
      values.emplace_back(DecimalParam(l.exchange_rate));
    }
    // …and on no other live line: a line that would be is not inserted.
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query(
            "INSERT INTO invoice_lines (tenant_id, invoice_id, position, msp_cdr_id, session_start, "
            "location, evse, card, cost_centre, energy_kwh, duration_hours, vat_country, vat_percent, "
            "amount_excl_vat, vat_amount, amount_incl_vat, original_currency, original_amount_excl_vat, "
            "exchange_rate) VALUES " +
                ValuesRows(2, kLineColumns, chunk.size(), "$1, ") +
                " ON CONFLICT (tenant_id, msp_cdr_id) WHERE live DO NOTHING RETURNING msp_cdr_id, invoice_id",
            values));
    std::set<std::pair<std::int64_t, std::int64_t>> claimed;
    for (const SqlRow& row : inserted) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t msp_cdr_id, ParseInteger(row[0]));
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t invoice_id, ParseInteger(row[1]));
      claimed.emplace(msp_cdr_id, invoice_id);
    }
    for (const Line& line : chunk) {
      const MspCdrId msp_cdr_id = invoices[line.invoice].lines[line.position].msp_cdr_id;
      if (claimed.contains({msp_cdr_id.value, ids[line.invoice].value})) continue;
      return named(line.invoice,
                   Error{ErrorCode::kAlreadyExists, LineField(line.position),
                         "MSP CDR " + std::to_string(msp_cdr_id.value) + " is on another invoice already"});
    }
  }
  return ids;
}

void SqlInvoiceRepository::RefreshStatistics(std::size_t inserted) {
  // Each line's foreign keys look its invoice up with a plan PostgreSQL made once, from the statistics of
  // `invoices` at the time: made while the table was nearly empty it scans the table, and a run that makes
  // 50,000 invoices would scan thousands of rows per line. ANALYZE renews the statistics and with them the
  // plans; doing it each time this connection has doubled what it wrote keeps that to a few per run. After
  // the drafts' commit, so that it holds no lock while they wait for another run's rows. A failure leaves
  // the old statistics: slower plans, nothing lost, so it is not the drafts' failure.
  invoices_written_ += inserted;
  if (invoices_written_ < next_analysis_) return;
  next_analysis_ = 2 * invoices_written_;
  (void)connection_.Query("ANALYZE invoices", {});
}

Result<std::set<std::int64_t>> SqlInvoiceRepository::ExistingIds(TenantId tenant_id, std::string_view table,
                                                                 const std::set<std::int64_t>& ids) {
  std::set<std::int64_t> found;
  constexpr std::size_t kIdsPerStatement = 1000;
  for (auto next = ids.begin(); next != ids.end();) {
    std::vector<SqlParam> params = {tenant_id.value};
    std::string in;
    for (; next != ids.end() && params.size() <= kIdsPerStatement; ++next) {
      params.emplace_back(*next);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        connection_.Query(
            "SELECT id FROM " + std::string(table) + " WHERE tenant_id = $1 AND id IN (" + in + ")", params));
    for (const SqlRow& row : rows) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
      found.insert(id);
    }
  }
  return found;
}

Result<std::vector<InvoiceId>> SqlInvoiceRepository::InsertInvoices(std::span<const NewInvoice> invoices) {
  constexpr std::size_t kColumns = 12;
  constexpr std::size_t kInvoicesPerStatement = 1000;
  std::vector<InvoiceId> ids(invoices.size());
  const std::string created_at = InstantParam(clock_.Now());
  for (std::size_t first = 0; first < invoices.size(); first += kInvoicesPerStatement) {
    const std::span<const NewInvoice> chunk =
        invoices.subspan(first, std::min(kInvoicesPerStatement, invoices.size() - first));
    std::vector<SqlParam> params;
    params.reserve(2 + kColumns * chunk.size());
    params.emplace_back(chunk.front().tenant_id.value);
    params.emplace_back(created_at);
    std::map<std::string, std::size_t> by_key;  // invoice_key → index into `invoices`
    for (std::size_t k = 0; k < chunk.size(); ++k) {
      const NewInvoice& invoice = chunk[k];
      std::string key = InvoiceKey(invoice);
      params.emplace_back(invoice.run_id.value);
      params.emplace_back(domain::FormatBillingPeriod(invoice.period));
      params.emplace_back(std::string(domain::InvoiceKindName(invoice.kind)));
      params.emplace_back(
          OptionalId(invoice.target.unit ? std::optional(invoice.target.unit->value) : std::nullopt));
      params.emplace_back(
          OptionalId(invoice.target.profile ? std::optional(invoice.target.profile->value) : std::nullopt));
      params.emplace_back(std::string(invoice.currency.code()));
      params.emplace_back(OptionalId(invoice.credited_invoice ? std::optional(invoice.credited_invoice->value)
                                                              : std::nullopt));
      params.emplace_back(key);
      params.emplace_back(invoice.total_excl_vat.ToString());
      params.emplace_back(invoice.vat_amount.ToString());
      params.emplace_back(invoice.total_incl_vat.ToString());
      params.emplace_back(std::string("DRAFT"));
      by_key.emplace(std::move(key), first + k);  // a key twice: the second is not inserted
    }
    // An invoice the run has for that key already is not inserted (its id stays 0 for the caller).
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        connection_.Query(
            "INSERT INTO invoices (tenant_id, created_at, run_id, period, kind, billing_unit_id, profile_id, "
            "currency, credited_invoice_id, invoice_key, total_excl_vat, vat_amount, total_incl_vat, status) "
            "VALUES " +
                ValuesRows(3, kColumns, chunk.size(), "$1, $2, ") +
                " ON CONFLICT (tenant_id, run_id, invoice_key) DO NOTHING RETURNING id, invoice_key",
            params));
    for (const SqlRow& row : rows) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
      const auto owner = by_key.find(TextOf(row[1]));
      if (owner == by_key.end()) return Corrupt("INSERT … RETURNING gave an unknown invoice key");
      ids[owner->second] = InvoiceId{id};
    }
  }
  return ids;
}

Result<std::vector<Invoice>> SqlInvoiceRepository::Select(std::string_view where,
                                                          std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT id, run_id, period, kind, billing_unit_id, profile_id, currency, credited_invoice_id, "
          "total_excl_vat, vat_amount, total_incl_vat, status, number_year, number_sequence, " +
              InstantColumn(dialect, "created_at") + ", " + InstantColumn(dialect, "issued_at") + ", " +
              InstantColumn(dialect, "paid_at") + ", " + InstantColumn(dialect, "voided_at") +
              " FROM invoices WHERE tenant_id = $1 " + std::string(where),
          params));
  const TenantId tenant_id{std::get<std::int64_t>(params[0])};
  std::vector<Invoice> invoices;
  std::map<std::int64_t, std::size_t> index;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Invoice invoice, InvoiceFromRow(tenant_id, row));
    index.emplace(invoice.id.value, invoices.size());
    invoices.push_back(std::move(invoice));
  }
  if (invoices.empty()) return invoices;
  // The lines of the whole page in one statement: those of the invoices between its first and last id.
  const SqlParam range[] = {tenant_id.value, index.begin()->first, index.rbegin()->first};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> lines,
      connection_.Query(
          SelectLines(dialect) +
              "WHERE tenant_id = $1 AND invoice_id >= $2 AND invoice_id <= $3 ORDER BY invoice_id, position",
          range));
  for (const SqlRow& row : lines) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t invoice_id, ParseInteger(row[0]));
    const auto owner = index.find(invoice_id);
    if (owner == index.end()) continue;
    OPENMSP_ASSIGN_OR_RETURN(InvoiceLine line, LineFromRow(row));
    invoices[owner->second].invoice.lines.push_back(std::move(line));
  }
  return invoices;
}

Result<Invoice> SqlInvoiceRepository::FindById(TenantId tenant_id, InvoiceId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Invoice> invoices, Select("AND id = $2", params));
  if (invoices.empty()) return NotFound("id", "there is no invoice " + std::to_string(id.value));
  return std::move(invoices.front());
}

Result<std::vector<Invoice>> SqlInvoiceRepository::List(TenantId tenant_id, const InvoiceQuery& query) {
  if (query.limit < 1 || query.limit > InvoiceQuery::kMaxLimit) {
    return InvalidArgument("limit", "must be 1 to " + std::to_string(InvoiceQuery::kMaxLimit));
  }
  std::vector<SqlParam> params = {tenant_id.value, query.after.value};
  std::string where = "AND id > $2 ";
  if (query.run_id) {
    params.emplace_back(query.run_id->value);
    where += "AND run_id = $" + std::to_string(params.size()) + " ";
  }
  if (query.status) {
    params.emplace_back(std::string(domain::InvoiceStatusName(*query.status)));
    where += "AND status = $" + std::to_string(params.size()) + " ";
  }
  if (query.organisation_unit_subtree) {
    params.emplace_back(query.organisation_unit_subtree->value);
    const std::string subtree =
        "(WITH RECURSIVE subtree (id) AS (SELECT id FROM organisation_units WHERE tenant_id = $1 AND id = $" +
        std::to_string(params.size()) +
        " UNION ALL SELECT u.id FROM organisation_units u JOIN subtree s ON u.parent_id = s.id "
        "WHERE u.tenant_id = $1) SELECT id FROM subtree)";
    where += "AND (billing_unit_id IN " + subtree +
             " OR profile_id IN (SELECT id FROM profiles WHERE tenant_id = $1 AND organisation_unit_id IN " +
             subtree + ")) ";
  }
  if (query.profile_id) {
    params.emplace_back(query.profile_id->value);
    where += "AND profile_id = $" + std::to_string(params.size()) + " ";
  }
  params.emplace_back(std::int64_t{query.limit});
  where += "ORDER BY id LIMIT $" + std::to_string(params.size());
  return Select(where, params);
}

Result<InvoiceStatus> SqlInvoiceRepository::LockedStatus(TenantId tenant_id, InvoiceId id,
                                                         InvoiceStatus target) {
  const SqlParam tenant[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked,
                           connection_.Query(connection_.dialect().lock_tenant, tenant));
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT status FROM invoices WHERE tenant_id = $1 AND id = $2", params));
  if (locked.empty() || rows.empty())
    return NotFound("id", "there is no invoice " + std::to_string(id.value));
  OPENMSP_ASSIGN_OR_RETURN(InvoiceStatus status, ParseStored(domain::ParseInvoiceStatus, rows.front()[0]));
  OPENMSP_RETURN_IF_ERROR(domain::CheckInvoiceTransition(status, target));
  return status;
}

Result<Invoice> SqlInvoiceRepository::Issue(TenantId tenant_id, InvoiceId id) {
  return InTransaction(connection_, [&]() -> Result<Invoice> {
    OPENMSP_RETURN_IF_ERROR(LockedStatus(tenant_id, id, InvoiceStatus::kIssued));
    const Instant now = clock_.Now();
    const SqlParam year[] = {tenant_id.value, std::int64_t{YearOf(now)}};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO invoice_number_sequences (tenant_id, year, last_number) VALUES ($1, $2, 0) "
        "ON CONFLICT (tenant_id, year) DO NOTHING",
        year));
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> next,
        connection_.Query("UPDATE invoice_number_sequences SET last_number = last_number + 1 "
                          "WHERE tenant_id = $1 AND year = $2 RETURNING last_number",
                          year));
    if (next.size() != 1) return Corrupt("the invoice number sequence did not advance");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t sequence, ParseInteger(next.front()[0]));
    const SqlParam params[] = {tenant_id.value, id.value, std::int64_t{YearOf(now)}, sequence,
                               InstantParam(now)};
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("UPDATE invoices SET status = 'ISSUED', number_year = $3, number_sequence = $4, "
                          "issued_at = $5 WHERE tenant_id = $1 AND id = $2",
                          params));
    return FindById(tenant_id, id);
  });
}

Result<Invoice> SqlInvoiceRepository::MarkPaid(TenantId tenant_id, InvoiceId id) {
  return InTransaction(connection_, [&]() -> Result<Invoice> {
    OPENMSP_RETURN_IF_ERROR(LockedStatus(tenant_id, id, InvoiceStatus::kPaid));
    const SqlParam params[] = {tenant_id.value, id.value, InstantParam(clock_.Now())};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE invoices SET status = 'PAID', paid_at = $3 WHERE tenant_id = $1 AND id = $2", params));
    return FindById(tenant_id, id);
  });
}

Result<Invoice> SqlInvoiceRepository::Void(TenantId tenant_id, InvoiceId id) {
  return InTransaction(connection_, [&]() -> Result<Invoice> {
    OPENMSP_RETURN_IF_ERROR(LockedStatus(tenant_id, id, InvoiceStatus::kVoid));
    const SqlParam params[] = {tenant_id.value, id.value, InstantParam(clock_.Now())};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> notes,
                             connection_.Query("SELECT id FROM invoices WHERE tenant_id = $1 AND "
                                               "credited_invoice_id = $2 AND status <> 'VOID' ORDER BY id",
                                               std::span(params, 2)));
    if (!notes.empty()) {
      return Error{ErrorCode::kFailedPrecondition, "id",
                   "credit note " + TextOf(notes.front()[0]) + " credits invoice " +
                       std::to_string(id.value) + ": void the credit note first"};
    }
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE invoices SET status = 'VOID', voided_at = $3 WHERE tenant_id = $1 AND id = $2", params));
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("UPDATE invoice_lines SET live = FALSE WHERE tenant_id = $1 AND invoice_id = $2",
                          std::span(params, 2)));
    return FindById(tenant_id, id);
  });
}

}  // namespace openmsp::store
