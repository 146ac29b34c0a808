#include "store/sql_msp_cdr_repository.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::AttentionReason;
using domain::BusinessPartnerGroupId;
using domain::CostAudit;
using domain::CpoCdrId;
using domain::LocationGroupId;
using domain::MspCdr;
using domain::MspCdrId;
using domain::MspCdrLine;
using domain::MspCdrLineKind;
using domain::MspCdrQuery;
using domain::NewMspCdr;
using domain::OrganisationUnitId;
using domain::ProfileId;
using domain::TariffCodeId;
using domain::TariffPlanRuleId;
using domain::TariffPlanVersionId;
using domain::TenantId;
using domain::TokenId;

// The columns an MSP CDR is written with, in the order of `CdrParams`; `tenant_id` and `cpo_cdr_id`
// first, because a replacement keeps them and finds its row by them.
constexpr std::array<std::string_view, 31> kCdrColumns = {"tenant_id",
                                                          "cpo_cdr_id",
                                                          "country_code",
                                                          "party_id",
                                                          "session_start",
                                                          "session_end",
                                                          "attention_reason",
                                                          "attention_detail",
                                                          "token_id",
                                                          "profile_id",
                                                          "organisation_unit_id",
                                                          "billing_unit_id",
                                                          "location_group_id",
                                                          "plan_version_id",
                                                          "currency",
                                                          "total_excl_vat",
                                                          "vat_percent",
                                                          "vat_country",
                                                          "vat_amount",
                                                          "total_incl_vat",
                                                          "cpo_currency",
                                                          "cpo_cost_excl_vat",
                                                          "exchange_rate",
                                                          "cpo_cost",
                                                          "margin",
                                                          "credit_of",
                                                          "audit_recomputed_cost_excl_vat",
                                                          "audit_difference",
                                                          "audit_discrepancy",
                                                          "explanation",
                                                          "rated_at"};
constexpr std::array<std::string_view, 12> kLineColumns = {
    "tenant_id", "msp_cdr_id", "position", "kind",       "tariff_code_id", "rule_id",
    "unit",      "measured",   "quantity", "unit_price", "amount",         "description"};
constexpr std::array<std::string_view, 4> kGroupColumns = {"tenant_id", "msp_cdr_id", "position",
                                                           "business_partner_group_id"};

// One statement inserts up to this many rows; more are cut into statements of 64, 32, …, 1 rows, so
// that each back end prepares at most seven texts per table.
constexpr std::size_t kMaxRowsPerInsert = 64;
constexpr std::size_t kInsertSizes = 7;

// `INSERT INTO table (columns) VALUES (…), (…)` for 1, 2, 4, … 64 rows, built once per table.
class MultiRowInsert {
 public:
  MultiRowInsert(std::string_view table, std::span<const std::string_view> columns,
                 std::string_view returning)
      : columns_(columns.size()) {
    std::string head = "INSERT INTO " + std::string(table) + " (";
    for (std::size_t c = 0; c < columns.size(); ++c) head += (c > 0 ? ", " : "") + std::string(columns[c]);
    head += ") VALUES ";
    for (std::size_t k = 0; k < kInsertSizes; ++k) {
      std::string& sql = texts_[k];
      sql = head;
      const std::size_t rows = std::size_t{1} << k;
      for (std::size_t r = 0; r < rows; ++r) {
        sql += r > 0 ? ", (" : "(";
        for (std::size_t c = 0; c < columns_; ++c) {
          sql += (c > 0 ? ", $" : "$") + std::to_string(r * columns_ + c + 1);
        }
        sql += ")";
      }
      sql += returning;
    }
  }

  std::size_t columns() const { return columns_; }

  // Appends to `statements` the inserts of the rows whose parameters `params` holds, one after another.
  // `params` must not change while the statements are in use.
  void Append(std::span<const SqlParam> params, std::vector<SqlStatement>& statements) const {
    const std::size_t total = params.size() / columns_;
    for (std::size_t first = 0; first < total;) {
      const std::size_t left = std::min(kMaxRowsPerInsert, total - first);
      std::size_t k = 0;
      while ((std::size_t{2} << k) <= left) ++k;
      const std::size_t rows = std::size_t{1} << k;
      statements.push_back(SqlStatement{texts_[k], params.subspan(first * columns_, rows * columns_)});
      first += rows;
    }
  }

 private:
  std::size_t columns_;
  std::array<std::string, kInsertSizes> texts_;
};

const MultiRowInsert& CdrInsert() {
  static const MultiRowInsert kInsert("msp_cdrs", kCdrColumns, " RETURNING id, tenant_id, cpo_cdr_id");
  return kInsert;
}
const MultiRowInsert& LineInsert() {
  static const MultiRowInsert kInsert("msp_cdr_lines", kLineColumns, "");
  return kInsert;
}
const MultiRowInsert& GroupInsert() {
  static const MultiRowInsert kInsert("msp_cdr_business_partner_groups", kGroupColumns, "");
  return kInsert;
}

// Rewrites the MSP CDR of (`tenant_id` $1, `cpo_cdr_id` $2) with the parameters of `CdrParams`.
const std::string& CdrUpdate() {
  static const std::string kUpdate = [] {
    std::string sql = "UPDATE msp_cdrs SET ";
    for (std::size_t c = 2; c < kCdrColumns.size(); ++c) {
      sql += (c > 2 ? ", " : "") + std::string(kCdrColumns[c]) + " = $" + std::to_string(c + 1);
    }
    return sql + " WHERE tenant_id = $1 AND cpo_cdr_id = $2";
  }();
  return kUpdate;
}

constexpr std::string_view kFindStored =
    "SELECT id, CASE WHEN attention_reason IS NULL THEN 1 ELSE 0 END FROM msp_cdrs "
    "WHERE tenant_id = $1 AND cpo_cdr_id = $2";
constexpr std::string_view kFindCancelled =
    "SELECT CASE WHEN attention_reason IS NULL THEN 1 ELSE 0 END FROM msp_cdrs WHERE tenant_id = $1 AND id = "
    "$2";

std::string Text(std::string_view text) { return std::string(text); }

template <class Id>
SqlParam OptionalId(const std::optional<Id>& id) {
  return id ? SqlParam(id->value) : SqlParam(nullptr);
}

template <class Id>
Result<std::optional<Id>> ParseOptionalId(const std::optional<std::string>& text) {
  if (!text) return std::optional<Id>();
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t value, ParseInteger(text));
  return std::optional<Id>(Id{value});
}

std::array<SqlParam, kCdrColumns.size()> CdrParams(const NewMspCdr& cdr, Instant rated_at) {
  const bool audited = cdr.cost_audit.has_value();
  return {cdr.tenant_id.value,
          cdr.cpo_cdr_id.value,
          Text(cdr.cpo.country_code()),
          Text(cdr.cpo.party_id()),
          InstantParam(cdr.session_start),
          InstantParam(cdr.session_end),
          cdr.attention ? SqlParam(Text(domain::AttentionReasonName(*cdr.attention))) : SqlParam(nullptr),
          cdr.attention_detail,
          OptionalId(cdr.token_id),
          OptionalId(cdr.profile_id),
          OptionalId(cdr.organisation_unit_id),
          OptionalId(cdr.billing_unit_id),
          OptionalId(cdr.location_group_id),
          OptionalId(cdr.plan_version_id),
          Text(cdr.currency.code()),
          DecimalParam(cdr.total_excl_vat),
          DecimalParam(cdr.vat_percent),
          cdr.vat_country ? SqlParam(Text(cdr.vat_country->alpha2)) : SqlParam(nullptr),
          DecimalParam(cdr.vat_amount),
          DecimalParam(cdr.total_incl_vat),
          Text(cdr.cpo_currency.code()),
          DecimalParam(cdr.cpo_cost_excl_vat),
          DecimalParam(cdr.exchange_rate),
          DecimalParam(cdr.cpo_cost),
          DecimalParam(cdr.margin),
          OptionalId(cdr.credit_of),
          audited ? DecimalParam(cdr.cost_audit->recomputed_cost_excl_vat) : SqlParam(nullptr),
          audited ? DecimalParam(cdr.cost_audit->difference) : SqlParam(nullptr),
          audited ? SqlParam(std::int64_t{cdr.cost_audit->discrepancy ? 1 : 0}) : SqlParam(nullptr),
          cdr.explanation,
          InstantParam(rated_at)};
}

void AppendLineParams(const NewMspCdr& cdr, MspCdrId id, std::vector<SqlParam>& params) {
  for (std::size_t position = 0; position < cdr.lines.size(); ++position) {
    const MspCdrLine& line = cdr.lines[position];
    params.emplace_back(cdr.tenant_id.value);
    params.emplace_back(id.value);
    params.emplace_back(static_cast<std::int64_t>(position));
    params.emplace_back(Text(domain::MspCdrLineKindName(line.kind)));
    params.push_back(OptionalId(line.tariff_code));
    params.push_back(OptionalId(line.rule));
    params.emplace_back(Text(domain::TariffUnitName(line.unit)));
    params.push_back(DecimalParam(line.measured));
    params.push_back(DecimalParam(line.quantity));
    params.push_back(DecimalParam(line.unit_price));
    params.push_back(DecimalParam(line.amount));
    params.emplace_back(line.description);
  }
}

void AppendGroupParams(const NewMspCdr& cdr, MspCdrId id, std::vector<SqlParam>& params) {
  for (std::size_t position = 0; position < cdr.business_partner_groups.size(); ++position) {
    params.emplace_back(cdr.tenant_id.value);
    params.emplace_back(id.value);
    params.emplace_back(static_cast<std::int64_t>(position));
    params.emplace_back(cdr.business_partner_groups[position].value);
  }
}

// `column IN ($first, …)` with room for `count` ids, rounded up to a power of two so that few texts are
// prepared; the caller repeats the last id to fill it.
std::string InList(std::string_view column, std::size_t first, std::size_t count) {
  std::string sql = std::string(column) + " IN (";
  for (std::size_t k = 0; k < count; ++k) sql += (k > 0 ? ", $" : "$") + std::to_string(first + k);
  return sql + ")";
}

// Deletes the lines and groups of the MSP CDRs `ids` (of `tenant_id`), up to 1,024 per statement.
// `texts` and `params` keep the statements' text and parameters; a deque does not move its elements.
void AppendChildDeletes(std::int64_t tenant_id, std::span<const std::int64_t> ids,
                        std::deque<std::string>& texts, std::deque<std::vector<SqlParam>>& params,
                        std::vector<SqlStatement>& statements) {
  constexpr std::size_t kMaxIds = 1024;
  for (std::size_t first = 0; first < ids.size(); first += kMaxIds) {
    const std::size_t count = std::min(kMaxIds, ids.size() - first);
    std::size_t slots = 1;
    while (slots < count) slots *= 2;
    std::vector<SqlParam>& values = params.emplace_back();
    values.reserve(slots + 1);
    values.emplace_back(tenant_id);
    for (std::size_t k = 0; k < slots; ++k) values.emplace_back(ids[first + std::min(k, count - 1)]);
    const std::string in = InList("msp_cdr_id", 2, slots);
    for (std::string_view table : {"msp_cdr_lines", "msp_cdr_business_partner_groups"}) {
      const std::string& text =
          texts.emplace_back("DELETE FROM " + std::string(table) + " WHERE tenant_id = $1 AND " + in);
      statements.push_back(SqlStatement{text, values});
    }
  }
}

// What happens to one CDR of a batch.
enum class Action { kSkip, kInsert, kReplace };

struct Step {
  Action action = Action::kSkip;
  MspCdrId id;  // kReplace: the row replaced; kInsert: the row made, once inserted
};

// Names the field of CDR `index` in the caller's terms: `cpo_cdr_id` for `Record`, `cdrs[3].cpo_cdr_id`
// for `RecordMany`.
struct FieldNamer {
  bool many = false;
  Error operator()(std::size_t index, Error error) const {
    return many ? error.Nested("cdrs[" + std::to_string(index) + "]") : error;
  }
};

// Writes `cdrs` inside the caller's transaction: inserts the new ones, replaces those needing attention,
// skips (or, with `refuse_rated`, refuses) those whose CPO CDR has a rated MSP CDR, and answers the row id
// each was written to (nullopt: skipped). A CPO CDR that comes twice is handled as two calls in order.
Result<std::vector<std::optional<MspCdrId>>> WriteAll(SqlConnection& connection,
                                                      std::span<const NewMspCdr> cdrs, Instant rated_at,
                                                      bool refuse_rated, FieldNamer name) {
  // What is stored already, and whether each cancelled MSP CDR is the tenant's and rated.
  std::vector<std::array<SqlParam, 2>> lookup_params;
  lookup_params.reserve(cdrs.size() * 2);
  for (const NewMspCdr& cdr : cdrs) lookup_params.push_back({cdr.tenant_id.value, cdr.cpo_cdr_id.value});
  std::vector<std::size_t> credits;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    if (cdrs[i].credit_of) {
      credits.push_back(i);
      lookup_params.push_back({cdrs[i].tenant_id.value, cdrs[i].credit_of->value});
    }
  }
  std::vector<SqlStatement> lookups;
  lookups.reserve(lookup_params.size());
  for (std::size_t k = 0; k < lookup_params.size(); ++k) {
    lookups.push_back(SqlStatement{k < cdrs.size() ? kFindStored : kFindCancelled, lookup_params[k]});
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<std::vector<SqlRow>> found, connection.QueryBatch(lookups));
  for (std::size_t k = 0; k < credits.size(); ++k) {
    const std::size_t i = credits[k];
    const std::vector<SqlRow>& rows = found[cdrs.size() + k];
    if (rows.empty()) {
      return name(i,
                  NotFound("credit_of", "there is no MSP CDR " + std::to_string(cdrs[i].credit_of->value)));
    }
    if (rows.front()[0] != std::optional<std::string>("1")) {
      return name(i, Error{ErrorCode::kFailedPrecondition, "credit_of",
                           "the MSP CDR " + std::to_string(cdrs[i].credit_of->value) +
                               " needs attention; only a rated MSP CDR can be credited"});
    }
  }

  // The CPO CDR's state as the batch goes along: stored or pending, rated or needing attention.
  struct State {
    std::optional<MspCdrId> stored;
    bool rated = false;
    std::optional<std::size_t> pending;  // the last CDR of the batch written for it
  };
  std::map<std::pair<std::int64_t, std::int64_t>, State> states;
  std::vector<Step> steps(cdrs.size());
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    auto [entry, added] = states.try_emplace({cdrs[i].tenant_id.value, cdrs[i].cpo_cdr_id.value});
    State& state = entry->second;
    if (added && !found[i].empty()) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(found[i].front()[0]));
      state.stored = MspCdrId{id};
      state.rated = found[i].front()[1] == std::optional<std::string>("1");
    }
    if (state.rated) {
      if (refuse_rated) {
        return name(i, Error{ErrorCode::kAlreadyExists, "cpo_cdr_id",
                             "the CPO CDR " + std::to_string(cdrs[i].cpo_cdr_id.value) +
                                 " is rated already; a rated MSP CDR is final (a correction is a credit)"});
      }
      continue;
    }
    if (state.pending) {
      steps[i] = steps[*state.pending];
      steps[*state.pending] = Step{};
    } else if (state.stored) {
      steps[i] = Step{.action = Action::kReplace, .id = *state.stored};
    } else {
      steps[i] = Step{.action = Action::kInsert, .id = {}};
    }
    state.pending = i;
    state.rated = !cdrs[i].attention.has_value();
  }

  // The new rows, in multi-row inserts; RETURNING tells each one's id by its CPO CDR.
  std::vector<SqlParam> cdr_params;
  std::vector<std::size_t> inserted;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    if (steps[i].action != Action::kInsert) continue;
    inserted.push_back(i);
    for (SqlParam& param : CdrParams(cdrs[i], rated_at)) cdr_params.push_back(std::move(param));
  }
  std::vector<SqlStatement> inserts;
  CdrInsert().Append(cdr_params, inserts);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<std::vector<SqlRow>> made, connection.QueryBatch(inserts));
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> by_key;
  for (std::size_t i : inserted) by_key[{cdrs[i].tenant_id.value, cdrs[i].cpo_cdr_id.value}] = i;
  std::size_t matched = 0;
  for (const std::vector<SqlRow>& rows : made) {
    for (const SqlRow& row : rows) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t cpo_cdr_id, ParseInteger(row[2]));
      auto owner = by_key.find({tenant_id, cpo_cdr_id});
      if (owner == by_key.end()) return Corrupt("INSERT … RETURNING gave a row of no MSP CDR");
      steps[owner->second].id = MspCdrId{id};
      ++matched;
    }
  }
  if (matched != inserted.size()) return Corrupt("INSERT … RETURNING gave fewer rows than MSP CDRs");

  // The replacements, then every written CDR's lines and groups.
  std::vector<std::array<SqlParam, kCdrColumns.size()>> update_params;
  std::map<std::int64_t, std::vector<std::int64_t>> replaced;  // by tenant
  std::vector<SqlParam> line_params;
  std::vector<SqlParam> group_params;
  std::vector<std::optional<MspCdrId>> ids(cdrs.size());
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    if (steps[i].action == Action::kSkip) continue;
    ids[i] = steps[i].id;
    if (steps[i].action == Action::kReplace) {
      update_params.push_back(CdrParams(cdrs[i], rated_at));
      replaced[cdrs[i].tenant_id.value].push_back(steps[i].id.value);
    }
    AppendLineParams(cdrs[i], steps[i].id, line_params);
    AppendGroupParams(cdrs[i], steps[i].id, group_params);
  }
  std::vector<SqlStatement> writes;
  for (const auto& params : update_params) writes.push_back(SqlStatement{CdrUpdate(), params});
  std::deque<std::string> delete_texts;
  std::deque<std::vector<SqlParam>> delete_params;
  for (const auto& [tenant_id, replaced_ids] : replaced) {
    AppendChildDeletes(tenant_id, replaced_ids, delete_texts, delete_params, writes);
  }
  LineInsert().Append(line_params, writes);
  GroupInsert().Append(group_params, writes);
  if (!writes.empty()) OPENMSP_RETURN_IF_ERROR(connection.QueryBatch(writes));
  return ids;
}

// Whether the tenant has the row `id` in `table` (one of the tables an MSP CDR refers to).
Result<bool> TenantHas(SqlConnection& connection, std::string_view table, TenantId tenant_id,
                       std::int64_t id) {
  const SqlParam params[] = {tenant_id.value, id};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection.Query("SELECT 1 FROM " + std::string(table) + " WHERE tenant_id = $1 AND id = $2", params));
  return !rows.empty();
}

// After a foreign key refused a write: the first reference of `cdr` that is not a row of its tenant, as
// kNotFound naming it; nullopt when every one is there (another transaction changed them meanwhile).
Result<std::optional<Error>> MissingReference(SqlConnection& connection, const NewMspCdr& cdr) {
  struct Reference {
    std::string field;
    std::string_view table;
    std::string_view what;
    std::int64_t id;
  };
  std::vector<Reference> references = {{"cpo_cdr_id", "cpo_cdrs", "CPO CDR", cdr.cpo_cdr_id.value}};
  auto add = [&](std::string field, std::string_view table, std::string_view what, auto id) {
    if (id) references.push_back({std::move(field), table, what, id->value});
  };
  add("credit_of", "msp_cdrs", "MSP CDR", cdr.credit_of);
  add("token_id", "tokens", "token", cdr.token_id);
  add("profile_id", "profiles", "profile", cdr.profile_id);
  add("organisation_unit_id", "organisation_units", "organisation unit", cdr.organisation_unit_id);
  add("billing_unit_id", "organisation_units", "organisation unit", cdr.billing_unit_id);
  add("location_group_id", "location_groups", "location group", cdr.location_group_id);
  add("plan_version_id", "tariff_plan_versions", "tariff plan version", cdr.plan_version_id);
  for (std::size_t k = 0; k < cdr.business_partner_groups.size(); ++k) {
    add("business_partner_groups[" + std::to_string(k) + "]", "business_partner_groups",
        "business partner group", std::optional<BusinessPartnerGroupId>(cdr.business_partner_groups[k]));
  }
  for (std::size_t k = 0; k < cdr.lines.size(); ++k) {
    const std::string at = "lines[" + std::to_string(k) + "]";
    add(at + ".tariff_code", "tariff_codes", "tariff code", cdr.lines[k].tariff_code);
    add(at + ".rule", "tariff_plan_rules", "tariff plan rule", cdr.lines[k].rule);
  }
  for (const Reference& reference : references) {
    OPENMSP_ASSIGN_OR_RETURN(bool there, TenantHas(connection, reference.table, cdr.tenant_id, reference.id));
    if (!there) {
      return std::optional<Error>(NotFound(reference.field, "there is no " + std::string(reference.what) +
                                                                " " + std::to_string(reference.id)));
    }
  }
  return std::optional<Error>();
}

// The error of a write that the database refused, in the caller's terms: a foreign key names the
// reference at fault, a unique key the CPO CDR that another writer rated at the same time.
Error Explain(SqlConnection& connection, std::span<const NewMspCdr> cdrs, FieldNamer name, Error error) {
  if (!error.field.empty()) return error;
  if (error.code == ErrorCode::kAlreadyExists) {
    const std::string message =
        "another writer rated a CPO CDR of this batch at the same time; " + error.message;
    if (cdrs.size() == 1) return name(0, Error{ErrorCode::kAlreadyExists, "cpo_cdr_id", message});
    return Error{ErrorCode::kAlreadyExists, "cdrs", message};
  }
  if (error.code != ErrorCode::kNotFound) return error;
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    Result<std::optional<Error>> missing = MissingReference(connection, cdrs[i]);
    if (!missing) return std::move(missing).error();
    if (*missing) return name(i, **missing);
  }
  return error;
}

// The columns `CdrFromRow` reads, of `msp_cdrs m`.
std::string SelectCdrs(const SqlDialect& dialect) {
  return "SELECT m.id, m.tenant_id, m.cpo_cdr_id, m.country_code, m.party_id, " +
         InstantColumn(dialect, "m.session_start") + ", " + InstantColumn(dialect, "m.session_end") +
         ", m.attention_reason, m.attention_detail, m.token_id, m.profile_id, m.organisation_unit_id, "
         "m.billing_unit_id, m.location_group_id, m.plan_version_id, m.currency, m.total_excl_vat, "
         "m.vat_percent, m.vat_country, m.vat_amount, m.total_incl_vat, m.cpo_currency, m.cpo_cost_excl_vat, "
         "m.exchange_rate, m.cpo_cost, m.margin, m.credit_of, m.audit_recomputed_cost_excl_vat, "
         "m.audit_difference, CASE WHEN m.audit_discrepancy THEN 1 ELSE 0 END, m.explanation, " +
         InstantColumn(dialect, "m.rated_at") + " FROM msp_cdrs m ";
}

Result<MspCdr> CdrFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, ParseParty(row[3], row[4]));
  OPENMSP_ASSIGN_OR_RETURN(Currency currency, ParseStored(Currency::Find, row[15]));
  OPENMSP_ASSIGN_OR_RETURN(Currency cpo_currency, ParseStored(Currency::Find, row[21]));
  MspCdr stored{.id = {},
                .rating = NewMspCdr{.tenant_id = {},
                                    .cpo_cdr_id = {},
                                    .cpo = cpo,
                                    .session_start = {},
                                    .session_end = {},
                                    .attention = std::nullopt,
                                    .attention_detail = TextOf(row[8]),
                                    .token_id = std::nullopt,
                                    .profile_id = std::nullopt,
                                    .organisation_unit_id = std::nullopt,
                                    .billing_unit_id = std::nullopt,
                                    .business_partner_groups = {},
                                    .location_group_id = std::nullopt,
                                    .plan_version_id = std::nullopt,
                                    .currency = currency,
                                    .lines = {},
                                    .total_excl_vat = {},
                                    .vat_percent = {},
                                    .vat_country = std::nullopt,
                                    .vat_amount = {},
                                    .total_incl_vat = {},
                                    .cpo_currency = cpo_currency,
                                    .cpo_cost_excl_vat = {},
                                    .exchange_rate = std::nullopt,
                                    .cpo_cost = {},
                                    .margin = {},
                                    .credit_of = std::nullopt,
                                    .cost_audit = std::nullopt,
                                    .explanation = TextOf(row[30])},
                .rated_at = {}};
  NewMspCdr& cdr = stored.rating;
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t cpo_cdr_id, ParseInteger(row[2]));
  stored.id = MspCdrId{id};
  cdr.tenant_id = TenantId{tenant_id};
  cdr.cpo_cdr_id = CpoCdrId{cpo_cdr_id};
  OPENMSP_ASSIGN_OR_RETURN(cdr.session_start, ParseRequiredInstant(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.session_end, ParseRequiredInstant(row[6]));
  if (row[7]) {
    OPENMSP_ASSIGN_OR_RETURN(cdr.attention, ParseStored(domain::ParseAttentionReason, row[7]));
  }
  OPENMSP_ASSIGN_OR_RETURN(cdr.token_id, ParseOptionalId<TokenId>(row[9]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.profile_id, ParseOptionalId<ProfileId>(row[10]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.organisation_unit_id, ParseOptionalId<OrganisationUnitId>(row[11]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.billing_unit_id, ParseOptionalId<OrganisationUnitId>(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.location_group_id, ParseOptionalId<LocationGroupId>(row[13]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.plan_version_id, ParseOptionalId<TariffPlanVersionId>(row[14]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_excl_vat, ParseDecimal(row[16]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.vat_percent, ParseDecimal(row[17]));
  if (row[18]) {
    OPENMSP_ASSIGN_OR_RETURN(cdr.vat_country, ParseStored(CountryFromAlpha2, row[18]));
  }
  OPENMSP_ASSIGN_OR_RETURN(cdr.vat_amount, ParseDecimal(row[19]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_incl_vat, ParseDecimal(row[20]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.cpo_cost_excl_vat, ParseDecimal(row[22]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.exchange_rate, ParseOptionalDecimal(row[23]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.cpo_cost, ParseDecimal(row[24]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.margin, ParseDecimal(row[25]));
  OPENMSP_ASSIGN_OR_RETURN(cdr.credit_of, ParseOptionalId<MspCdrId>(row[26]));
  if (row[27]) {
    OPENMSP_ASSIGN_OR_RETURN(Decimal recomputed, ParseDecimal(row[27]));
    OPENMSP_ASSIGN_OR_RETURN(Decimal difference, ParseDecimal(row[28]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t discrepancy, ParseInteger(row[29]));
    cdr.cost_audit = CostAudit{
        .recomputed_cost_excl_vat = recomputed, .difference = difference, .discrepancy = discrepancy != 0};
  }
  OPENMSP_ASSIGN_OR_RETURN(stored.rated_at, ParseRequiredInstant(row[31]));
  return stored;
}

Result<MspCdrLine> LineFromRow(const SqlRow& row) {
  MspCdrLine line;
  OPENMSP_ASSIGN_OR_RETURN(line.kind, ParseStored(domain::ParseMspCdrLineKind, row[1]));
  OPENMSP_ASSIGN_OR_RETURN(line.tariff_code, ParseOptionalId<TariffCodeId>(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(line.rule, ParseOptionalId<TariffPlanRuleId>(row[3]));
  OPENMSP_ASSIGN_OR_RETURN(line.unit, ParseStored(domain::ParseTariffUnit, row[4]));
  OPENMSP_ASSIGN_OR_RETURN(line.measured, ParseDecimal(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(line.quantity, ParseDecimal(row[6]));
  OPENMSP_ASSIGN_OR_RETURN(line.unit_price, ParseDecimal(row[7]));
  OPENMSP_ASSIGN_OR_RETURN(line.amount, ParseDecimal(row[8]));
  line.description = TextOf(row[9]);
  return line;
}

// Reads the lines and groups of `cdrs` (all of `tenant_id`) into them.
Result<void> LoadChildren(SqlConnection& connection, TenantId tenant_id, std::vector<MspCdr>& cdrs) {
  if (cdrs.empty()) return Ok();
  std::size_t slots = 1;
  while (slots < cdrs.size()) slots *= 2;
  std::vector<SqlParam> params;
  params.reserve(slots + 1);
  params.emplace_back(tenant_id.value);
  std::unordered_map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < slots; ++i) {
    const MspCdr& cdr = cdrs[std::min(i, cdrs.size() - 1)];
    params.emplace_back(cdr.id.value);
    index[cdr.id.value] = std::min(i, cdrs.size() - 1);
  }
  const std::string in = InList("msp_cdr_id", 2, slots);
  const std::string lines_sql =
      "SELECT msp_cdr_id, kind, tariff_code_id, rule_id, unit, measured, quantity, unit_price, amount, "
      "description FROM msp_cdr_lines WHERE tenant_id = $1 AND " +
      in + " ORDER BY msp_cdr_id, position";
  const std::string groups_sql =
      "SELECT msp_cdr_id, business_partner_group_id FROM msp_cdr_business_partner_groups WHERE tenant_id = "
      "$1 "
      "AND " +
      in + " ORDER BY msp_cdr_id, position";
  const SqlStatement statements[] = {{lines_sql, params}, {groups_sql, params}};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<std::vector<SqlRow>> rows, connection.QueryBatch(statements));
  for (const SqlRow& row : rows[0]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    auto owner = index.find(id);
    if (owner == index.end()) return Corrupt("a line of no MSP CDR asked for");
    OPENMSP_ASSIGN_OR_RETURN(MspCdrLine line, LineFromRow(row));
    cdrs[owner->second].rating.lines.push_back(std::move(line));
  }
  for (const SqlRow& row : rows[1]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t group, ParseInteger(row[1]));
    auto owner = index.find(id);
    if (owner == index.end()) return Corrupt("a group of no MSP CDR asked for");
    cdrs[owner->second].rating.business_partner_groups.push_back(BusinessPartnerGroupId{group});
  }
  return Ok();
}

// The MSP CDRs `where` (on `msp_cdrs m`, `$1` the tenant) selects, with their lines and groups.
Result<std::vector<MspCdr>> Load(SqlConnection& connection, TenantId tenant_id, std::string_view where,
                                 std::span<const SqlParam> params) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query(SelectCdrs(connection.dialect()) + std::string(where), params));
  std::vector<MspCdr> cdrs;
  cdrs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(MspCdr cdr, CdrFromRow(row));
    cdrs.push_back(std::move(cdr));
  }
  OPENMSP_RETURN_IF_ERROR(LoadChildren(connection, tenant_id, cdrs));
  return cdrs;
}

Result<MspCdr> LoadOne(SqlConnection& connection, TenantId tenant_id, std::string_view where,
                       std::span<const SqlParam> params, Error not_found) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<MspCdr> cdrs, Load(connection, tenant_id, where, params));
  if (cdrs.empty()) return not_found;
  return std::move(cdrs.front());
}

Result<void> CheckLimit(int limit) {
  if (limit < 1 || limit > MspCdrQuery::kMaxLimit) {
    return InvalidArgument(
        "limit", "must be 1 to " + std::to_string(MspCdrQuery::kMaxLimit) + ", not " + std::to_string(limit));
  }
  return Ok();
}

}  // namespace

SqlMspCdrRepository::SqlMspCdrRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<MspCdr> SqlMspCdrRepository::Record(const NewMspCdr& cdr) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewMspCdr(cdr));
  const FieldNamer name{.many = false};
  const std::span<const NewMspCdr> one(&cdr, 1);
  Result<MspCdr> recorded = InTransaction(connection_, [&]() -> Result<MspCdr> {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<std::optional<MspCdrId>> ids,
                             WriteAll(connection_, one, clock_.Now(), true, name));
    const SqlParam params[] = {cdr.tenant_id.value, ids.front()->value};
    return LoadOne(connection_, cdr.tenant_id, "WHERE m.tenant_id = $1 AND m.id = $2", params,
                   Corrupt("the MSP CDR just written is not there"));
  });
  if (!recorded) return Explain(connection_, one, name, std::move(recorded).error());
  return recorded;
}

Result<std::size_t> SqlMspCdrRepository::RecordMany(std::span<const NewMspCdr> cdrs) {
  const FieldNamer name{.many = true};
  for (std::size_t i = 0; i < cdrs.size(); ++i) {
    if (Result<void> valid = domain::ValidateNewMspCdr(cdrs[i]); !valid) return name(i, valid.error());
  }
  if (cdrs.empty()) return std::size_t{0};
  Result<std::size_t> written = InTransaction(connection_, [&]() -> Result<std::size_t> {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<std::optional<MspCdrId>> ids,
                             WriteAll(connection_, cdrs, clock_.Now(), false, name));
    return static_cast<std::size_t>(std::count_if(
        ids.begin(), ids.end(), [](const std::optional<MspCdrId>& id) { return id.has_value(); }));
  });
  if (!written) return Explain(connection_, cdrs, name, std::move(written).error());
  return written;
}

Result<MspCdr> SqlMspCdrRepository::FindById(TenantId tenant_id, MspCdrId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  return LoadOne(connection_, tenant_id, "WHERE m.tenant_id = $1 AND m.id = $2", params,
                 NotFound("id", "there is no MSP CDR " + std::to_string(id.value)));
}

Result<MspCdr> SqlMspCdrRepository::FindByCpoCdr(TenantId tenant_id, CpoCdrId cpo_cdr_id) {
  const SqlParam params[] = {tenant_id.value, cpo_cdr_id.value};
  return LoadOne(connection_, tenant_id, "WHERE m.tenant_id = $1 AND m.cpo_cdr_id = $2", params,
                 NotFound("cpo_cdr_id", "the CPO CDR " + std::to_string(cpo_cdr_id.value) +
                                            " has no MSP CDR (it does not exist or is not rated yet)"));
}

Result<MspCdr> SqlMspCdrRepository::FindByCpoCdrKey(TenantId tenant_id, const PartyId& cpo,
                                                    std::string_view cdr_id) {
  const SqlParam params[] = {tenant_id.value, Text(cpo.country_code()), Text(cpo.party_id()), Text(cdr_id)};
  return LoadOne(
      connection_, tenant_id,
      "JOIN cpo_cdrs c ON c.tenant_id = m.tenant_id AND c.id = m.cpo_cdr_id WHERE m.tenant_id = $1 "
      "AND c.tenant_id = $1 AND c.country_code = $2 AND c.party_id = $3 "
      "AND upper(c.cdr_id) = upper(CAST($4 AS TEXT))",
      params,
      NotFound("credit_reference_id",
               "there is no rated CDR '" + std::string(cdr_id) + "' of the CPO " + cpo.ToString()));
}

Result<std::vector<MspCdr>> SqlMspCdrRepository::List(TenantId tenant_id, const MspCdrQuery& query) {
  OPENMSP_RETURN_IF_ERROR(CheckLimit(query.limit));
  if (query.from && query.to && *query.to <= *query.from) return InvalidArgument("to", "must be after from");
  if (query.reason && query.needs_attention == std::optional<bool>(false)) {
    return InvalidArgument("reason", "a reason lists MSP CDRs needing attention, not rated ones");
  }
  std::vector<SqlParam> params;
  params.reserve(12);
  params.emplace_back(tenant_id.value);
  auto next = [&](SqlParam value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string where = "WHERE m.tenant_id = $1";
  if (query.reason) {
    where += " AND m.attention_reason IS NOT NULL AND m.attention_reason = " +
             next(Text(domain::AttentionReasonName(*query.reason)));
  } else if (query.needs_attention) {
    where +=
        *query.needs_attention ? " AND m.attention_reason IS NOT NULL" : " AND m.attention_reason IS NULL";
  }
  if (query.organisation_unit_subtree) {
    where +=
        " AND m.organisation_unit_id IN (WITH RECURSIVE subtree (id) AS (SELECT id FROM "
        "organisation_units WHERE tenant_id = $1 AND id = " +
        next(query.organisation_unit_subtree->value) +
        " UNION ALL SELECT u.id FROM organisation_units u JOIN subtree s ON u.parent_id = s.id "
        "WHERE u.tenant_id = $1) SELECT id FROM subtree)";
  }
  if (query.profile_id) where += " AND m.profile_id = " + next(query.profile_id->value);
  if (query.cpo) {
    where += " AND m.country_code = " + next(Text(query.cpo->country_code()));
    where += " AND m.party_id = " + next(Text(query.cpo->party_id()));
  }
  if (query.currency) where += " AND m.currency = " + next(Text(query.currency->code()));
  // The keyset: the index range starts at the later of `from` and the cursor's start (newest first: ends
  // at the earlier of `to` and the cursor's start), so that a deep page is one range scan; rows at the
  // cursor's start on the near side of its id are skipped by the filter.
  if (!query.newest_first) {
    std::optional<Instant> lowest = query.from;
    if (query.after && (!lowest || *lowest < query.after->first)) lowest = query.after->first;
    if (lowest) where += " AND m.session_start >= " + next(InstantParam(*lowest));
    if (query.to) where += " AND m.session_start < " + next(InstantParam(*query.to));
    if (query.after) {
      const std::string start = next(InstantParam(query.after->first));
      where += " AND (m.session_start > " + start + " OR m.id > " + next(query.after->second.value) + ")";
    }
    where += " ORDER BY m.session_start, m.id LIMIT " + next(std::int64_t{query.limit});
  } else {
    if (query.from) where += " AND m.session_start >= " + next(InstantParam(*query.from));
    if (query.after && (!query.to || query.after->first < *query.to)) {
      where += " AND m.session_start <= " + next(InstantParam(query.after->first));
    } else if (query.to) {
      where += " AND m.session_start < " + next(InstantParam(*query.to));
    }
    if (query.after) {
      const std::string start = next(InstantParam(query.after->first));
      where += " AND (m.session_start < " + start + " OR m.id < " + next(query.after->second.value) + ")";
    }
    where += " ORDER BY m.session_start DESC, m.id DESC LIMIT " + next(std::int64_t{query.limit});
  }
  return Load(connection_, tenant_id, where, params);
}

Result<std::vector<domain::MspCdrMonth>> SqlMspCdrRepository::Months(TenantId tenant_id,
                                                                     const domain::MspCdrMonthsQuery& query) {
  if (query.to <= query.from) return InvalidArgument("to", "must be after from");
  const SqlDialect& dialect = connection_.dialect();
  const auto sum = [&](std::string_view expression) {
    return std::string(dialect.decimal_sum_open) + std::string(expression) +
           std::string(dialect.decimal_sum_close);
  };
  std::vector<SqlParam> params = {tenant_id.value, InstantParam(query.from), InstantParam(query.to)};
  std::string sql =
      "SELECT " + std::string(dialect.utc_month_open) + "m.session_start" +
      std::string(dialect.utc_month_close) +
      ", m.currency, "
      "SUM(CASE WHEN m.attention_reason IS NULL AND m.credit_of IS NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN m.attention_reason IS NULL AND m.credit_of IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN m.attention_reason IS NOT NULL THEN 1 ELSE 0 END), " +
      sum("CASE WHEN m.attention_reason IS NULL AND m.credit_of IS NULL THEN c.total_energy END") + ", " +
      sum("CASE WHEN m.attention_reason IS NULL THEN m.total_excl_vat END") + ", " +
      sum("CASE WHEN m.attention_reason IS NULL THEN m.total_incl_vat END") + ", " +
      sum("CASE WHEN m.attention_reason IS NULL THEN m.cpo_cost END") + ", " +
      sum("CASE WHEN m.attention_reason IS NULL THEN m.margin END") +
      " FROM msp_cdrs m JOIN cpo_cdrs c ON c.tenant_id = m.tenant_id AND c.id = m.cpo_cdr_id "
      "WHERE m.tenant_id = $1 AND c.tenant_id = $1 AND m.session_start >= $2 AND m.session_start < $3";
  if (query.organisation_unit_subtree) {
    params.emplace_back(query.organisation_unit_subtree->value);
    sql +=
        " AND m.organisation_unit_id IN (WITH RECURSIVE subtree (id) AS (SELECT id FROM organisation_units "
        "WHERE tenant_id = $1 AND id = $" +
        std::to_string(params.size()) +
        " UNION ALL SELECT u.id FROM organisation_units u JOIN subtree s ON u.parent_id = s.id "
        "WHERE u.tenant_id = $1) SELECT id FROM subtree)";
  }
  if (query.profile_id) {
    params.emplace_back(query.profile_id->value);
    sql += " AND m.profile_id = $" + std::to_string(params.size());
  }
  sql += " GROUP BY 1, 2 ORDER BY 1, 2";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  std::vector<domain::MspCdrMonth> months;
  months.reserve(rows.size());
  for (const SqlRow& row : rows) {
    Result<domain::BillingPeriod> month = domain::ParseBillingPeriod(TextOf(row[0]));
    Result<Currency> currency = Currency::Find(TextOf(row[1]));
    if (!month || !currency)
      return Corrupt("MSP CDRs of the month '" + TextOf(row[0]) + "' in '" + TextOf(row[1]) + "'");
    domain::MspCdrMonth totals{.month = *month, .currency = *currency};
    OPENMSP_ASSIGN_OR_RETURN(totals.sessions, ParseInteger(row[2]));
    OPENMSP_ASSIGN_OR_RETURN(totals.credits, ParseInteger(row[3]));
    OPENMSP_ASSIGN_OR_RETURN(totals.needs_attention, ParseInteger(row[4]));
    Decimal* const sums[] = {&totals.energy_kwh, &totals.revenue_excl_vat, &totals.revenue_incl_vat,
                             &totals.cpo_cost, &totals.margin};
    for (std::size_t i = 0; i < std::size(sums); ++i) {
      const std::optional<std::string>& text = row[5 + i];
      if (!text) continue;  // no rated CDR: nothing summed
      Result<Decimal> value = Decimal::Parse(*text);
      if (!value) return Corrupt("a sum of MSP CDR amounts is '" + *text + "'");
      *sums[i] = *value;
    }
    months.push_back(std::move(totals));
  }
  return months;
}

}  // namespace openmsp::store
