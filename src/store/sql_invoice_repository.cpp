#include "store/sql_invoice_repository.h"

#include <chrono>
#include <map>
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
              "(SELECT o.invoice_id FROM invoiced_msp_cdrs o JOIN invoices v ON v.tenant_id = o.tenant_id "
              "AND "
              "v.id = o.invoice_id WHERE o.tenant_id = m.tenant_id AND o.msp_cdr_id = m.credit_of AND "
              "v.status IN ('ISSUED', 'PAID')), "
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
              "AND NOT EXISTS (SELECT 1 FROM invoiced_msp_cdrs i WHERE i.tenant_id = m.tenant_id AND "
              "i.msp_cdr_id = m.id) "
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
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewInvoice(invoice));
  const std::int64_t tenant = invoice.tenant_id.value;
  Result<Invoice> created = InTransaction(connection_, [&]() -> Result<Invoice> {
    // The references first: once a statement fails, PostgreSQL has aborted the transaction.
    OPENMSP_RETURN_IF_ERROR(FindRun(invoice.tenant_id, invoice.run_id.value, "id"));
    if (invoice.credited_invoice) {
      Result<std::vector<Invoice>> credited =
          Select("AND id = $2", std::vector<SqlParam>{tenant, invoice.credited_invoice->value});
      if (!credited) return std::move(credited).error();
      if (credited->empty()) return NotFound("credited_invoice", "there is no such invoice");
      const Invoice& original = credited->front();
      if (original.invoice.kind != domain::InvoiceKind::kInvoice ||
          (original.status != InvoiceStatus::kIssued && original.status != InvoiceStatus::kPaid)) {
        return Error{ErrorCode::kFailedPrecondition, "credited_invoice",
                     "a credit note credits an issued or paid invoice; " + std::to_string(original.id.value) +
                         " is a " + std::string(domain::InvoiceStatusName(original.status)) + " " +
                         std::string(domain::InvoiceKindName(original.invoice.kind))};
      }
    }
    const SqlParam target[] = {
        tenant, invoice.target.unit ? invoice.target.unit->value : invoice.target.profile->value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> found,
        connection_.Query(invoice.target.unit
                              ? "SELECT id FROM organisation_units WHERE tenant_id = $1 AND id = $2"
                              : "SELECT id FROM profiles WHERE tenant_id = $1 AND id = $2",
                          target));
    if (found.empty())
      return NotFound("target", "there is no " + domain::DescribeBillingTarget(invoice.target));

    const SqlParam params[] = {
        tenant,
        invoice.run_id.value,
        domain::FormatBillingPeriod(invoice.period),
        std::string(domain::InvoiceKindName(invoice.kind)),
        OptionalId(invoice.target.unit ? std::optional(invoice.target.unit->value) : std::nullopt),
        OptionalId(invoice.target.profile ? std::optional(invoice.target.profile->value) : std::nullopt),
        std::string(invoice.currency.code()),
        OptionalId(invoice.credited_invoice ? std::optional(invoice.credited_invoice->value) : std::nullopt),
        InvoiceKey(invoice),
        invoice.total_excl_vat.ToString(),
        invoice.vat_amount.ToString(),
        invoice.total_incl_vat.ToString(),
        InstantParam(clock_.Now())};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO invoices (tenant_id, run_id, period, kind, billing_unit_id, profile_id, currency, "
        "credited_invoice_id, invoice_key, total_excl_vat, vat_amount, total_incl_vat, status, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'DRAFT', $13) RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "target",
                   "billing run " + std::to_string(invoice.run_id.value) + " has a " +
                       std::string(domain::InvoiceKindName(invoice.kind)) + " for " +
                       domain::DescribeBillingTarget(invoice.target) + " already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));

    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
      const InvoiceLine& line = invoice.lines[i];
      const std::string field = "lines[" + std::to_string(i) + "].msp_cdr_id";
      const SqlParam claim[] = {tenant, line.msp_cdr_id.value, id};
      Result<std::vector<SqlRow>> claimed = connection_.Query(
          "INSERT INTO invoiced_msp_cdrs (tenant_id, msp_cdr_id, invoice_id) SELECT tenant_id, id, "
          "CAST($3 AS BIGINT) FROM msp_cdrs WHERE tenant_id = $1 AND id = $2 AND attention_reason IS NULL "
          "RETURNING msp_cdr_id",
          claim);
      if (!claimed) {
        if (claimed.error().code != ErrorCode::kAlreadyExists) return std::move(claimed).error();
        return Error{ErrorCode::kAlreadyExists, field,
                     "MSP CDR " + std::to_string(line.msp_cdr_id.value) + " is on another invoice already"};
      }
      if (claimed->empty()) {
        return NotFound(field, "MSP CDR " + std::to_string(line.msp_cdr_id.value) +
                                   " is not a rated MSP CDR of the tenant");
      }
      const SqlParam values[] = {
          tenant,
          id,
          static_cast<std::int64_t>(i),
          line.msp_cdr_id.value,
          InstantParam(line.session_start),
          line.location,
          line.evse,
          line.card,
          line.cost_centre,
          line.energy_kwh.ToString(),
          line.duration_hours.ToString(),
          std::string(line.vat_country.alpha2),
          line.vat_percent.ToString(),
          line.amount_excl_vat.ToString(),
          line.vat_amount.ToString(),
          line.amount_incl_vat.ToString(),
          line.original_currency ? SqlParam(std::string(line.original_currency->code())) : SqlParam(nullptr),
          DecimalParam(line.original_amount_excl_vat),
          DecimalParam(line.exchange_rate)};
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("INSERT INTO invoice_lines (tenant_id, invoice_id, position, msp_cdr_id, "
                            "session_start, location, evse, "
                            "card, cost_centre, energy_kwh, duration_hours, vat_country, vat_percent, "
                            "amount_excl_vat, vat_amount, "
                            "amount_incl_vat, original_currency, original_amount_excl_vat, exchange_rate) "
                            "VALUES ($1, $2, $3, $4, "
                            "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
                            values));
    }
    return FindById(invoice.tenant_id, InvoiceId{id});
  });
  return created;
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
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM invoiced_msp_cdrs WHERE tenant_id = $1 AND invoice_id = $2", std::span(params, 2)));
    return FindById(tenant_id, id);
  });
}

}  // namespace openmsp::store
