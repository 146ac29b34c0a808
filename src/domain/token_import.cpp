#include "domain/token_import.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <utility>
#include <variant>

#include "core/enum_names.h"

namespace openmsp::domain {
namespace {

constexpr std::array kOutcomeNames = {
    std::pair{TokenImportOutcome::kCreated, std::string_view("created")},
    std::pair{TokenImportOutcome::kUpdated, std::string_view("updated")},
    std::pair{TokenImportOutcome::kUnchanged, std::string_view("unchanged")},
    std::pair{TokenImportOutcome::kRefused, std::string_view("refused")},
};

constexpr std::array<std::string_view, 6> kColumns = {"uid",           "type",        "profile",
                                                      "visual_number", "valid_until", "contract_id"};
constexpr std::array<std::string_view, 3> kRequiredColumns = {"uid", "type", "profile"};

// Where each known column is in the records; absent columns are not in the map.
using ColumnIndex = std::map<std::string_view, std::size_t>;

Result<ColumnIndex> ReadHeader(const CsvRecord& header) {
  ColumnIndex index;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    auto known = std::find(kColumns.begin(), kColumns.end(), name);
    if (known == kColumns.end()) {
      return InvalidArgument("columns", "unknown column '" + name +
                                            "' (known: uid, type, profile, "
                                            "visual_number, valid_until, contract_id)");
    }
    if (!index.emplace(*known, i).second) return InvalidArgument("columns", "column '" + name + "' twice");
  }
  for (std::string_view required : kRequiredColumns) {
    if (!index.contains(required)) {
      return InvalidArgument("columns", "the column '" + std::string(required) + "' is required");
    }
  }
  return index;
}

// One data row, read and checked as far as that needs no stored state.
struct ParsedRow {
  std::string uid;
  TokenType type = TokenType::kRfid;
  ProfileId profile;
  std::optional<std::string> visual_number;
  std::optional<std::optional<Instant>> valid_until;
  std::optional<EmaId> contract_id;
};

// A refusal of the row: the column and the reason.
struct Refusal {
  std::string field;
  std::string reason;
};

// The column a repository's error names (`profile_id` is the `profile` column).
Refusal RefusalOf(const Error& error) {
  std::string field = error.field == "profile_id" ? "profile" : error.field;
  return Refusal{.field = std::move(field), .reason = error.message};
}

std::variant<ParsedRow, Refusal> ParseRow(const CsvRecord& record, const ColumnIndex& columns,
                                          std::size_t column_count) {
  if (record.fields.size() != column_count) {
    return Refusal{.field = "",
                   .reason = "has " + std::to_string(record.fields.size()) + " fields, the header " +
                             std::to_string(column_count)};
  }
  auto field = [&](std::string_view name) -> std::optional<std::string_view> {
    auto at = columns.find(name);
    if (at == columns.end()) return std::nullopt;
    return std::string_view(record.fields[at->second]);
  };
  ParsedRow row;
  row.uid = std::string(*field("uid"));
  if (row.uid.empty()) return Refusal{.field = "uid", .reason = "must not be empty"};
  Result<TokenType> type = ParseTokenType(*field("type"));
  if (!type)
    return Refusal{.field = "type", .reason = "'" + std::string(*field("type")) + "' is not a token type"};
  row.type = *type;
  const std::string_view profile = *field("profile");
  auto [end, error] = std::from_chars(profile.data(), profile.data() + profile.size(), row.profile.value);
  if (error != std::errc() || end != profile.data() + profile.size() || row.profile.value < 1) {
    return Refusal{.field = "profile", .reason = "'" + std::string(profile) + "' is not a profile id"};
  }
  if (std::optional<std::string_view> visual = field("visual_number"))
    row.visual_number = std::string(*visual);
  if (std::optional<std::string_view> until = field("valid_until")) {
    if (until->empty()) {
      row.valid_until = std::optional<Instant>();
    } else {
      Result<Instant> instant = ParseOcpiDateTime(*until);
      if (!instant) {
        return Refusal{
            .field = "valid_until",
            .reason = "'" + std::string(*until) + "' is not a date-time like 2027-12-31T23:59:59Z"};
      }
      row.valid_until = std::optional<Instant>(*instant);
    }
  }
  if (std::optional<std::string_view> contract = field("contract_id"); contract && !contract->empty()) {
    Result<EmaId> id = EmaId::Parse(*contract);
    if (!id) return Refusal{.field = "contract_id", .reason = id.error().ToString()};
    row.contract_id = *std::move(id);
  }
  return row;
}

bool IsDatabaseFailure(const Error& error) {
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal;
}

// Creates the token of `row`: the token, or the repository's error (a refusal of the row, or the
// database's failure: `IsDatabaseFailure`).
Result<Token> CreateToken(TokenRepository& tokens, TenantId tenant_id, const ParsedRow& row,
                          const TokenImportOptions& options) {
  TokenToIssue token{.profile_id = row.profile,
                     .uid = row.uid,
                     .type = row.type,
                     .visual_number = row.visual_number.value_or(""),
                     .issuer = options.issuer,
                     .group_id = "",
                     .whitelist = options.whitelist,
                     .language = "",
                     .valid_from = std::nullopt,
                     .valid_until = row.valid_until.value_or(std::nullopt),
                     .cost_centre = ""};
  return row.contract_id ? tokens.Create(tenant_id, WithContractId(token, *row.contract_id))
                         : tokens.Issue(tenant_id, options.party, token);
}

}  // namespace

std::string_view TokenImportOutcomeName(TokenImportOutcome outcome) { return NameOf(kOutcomeNames, outcome); }

Result<TokenImportReport> ImportTokens(TokenRepository& tokens, TenantId tenant_id, std::string_view csv,
                                       const TokenImportOptions& options) {
  if (options.issuer.empty()) return InvalidArgument("issuer", "must not be empty");
  OPENMSP_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ReadCsv(csv, options.limits));
  TokenImportReport report;
  if (records.empty()) return InvalidArgument("columns", "the text has no header line");
  OPENMSP_ASSIGN_OR_RETURN(ColumnIndex columns, ReadHeader(records.front()));
  const std::size_t column_count = records.front().fields.size();

  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& record = records[i];
    TokenImportRow entry{.row = i,
                         .line = record.line,
                         .uid = columns.contains("uid") && record.fields.size() > columns.at("uid")
                                    ? record.fields[columns.at("uid")]
                                    : "",
                         .outcome = TokenImportOutcome::kRefused,
                         .token_id = std::nullopt,
                         .field = "",
                         .reason = ""};
    auto refuse = [&](Refusal refusal) {
      entry.outcome = TokenImportOutcome::kRefused;
      entry.field = std::move(refusal.field);
      entry.reason = std::move(refusal.reason);
    };
    std::variant<ParsedRow, Refusal> parsed = ParseRow(record, columns, column_count);
    if (Refusal* refusal = std::get_if<Refusal>(&parsed)) {
      refuse(std::move(*refusal));
    } else {
      const ParsedRow& row = std::get<ParsedRow>(parsed);
      Result<Token> existing = tokens.FindByUid(tenant_id, row.uid, row.type);
      if (!existing && existing.error().code != ErrorCode::kNotFound) return std::move(existing).error();
      if (!existing) {
        Result<Token> created = CreateToken(tokens, tenant_id, row, options);
        if (created) {
          entry.outcome = TokenImportOutcome::kCreated;
          entry.token_id = created->id;
        } else if (IsDatabaseFailure(created.error())) {
          return std::move(created).error();
        } else {
          refuse(RefusalOf(created.error()));
        }
      } else if (row.contract_id && *row.contract_id != existing->contract_id) {
        refuse(Refusal{.field = "contract_id",
                       .reason = "the token carries " + existing->contract_id.ToString() +
                                 "; a token's contract id never changes (issue a new token instead)"});
      } else {
        TokenChanges changes;
        if (row.profile != existing->profile_id) changes.profile_id = row.profile;
        if (row.visual_number && *row.visual_number != existing->visual_number) {
          changes.visual_number = row.visual_number;
        }
        if (row.valid_until && *row.valid_until != existing->valid_until)
          changes.valid_until = row.valid_until;
        entry.token_id = existing->id;
        if (!changes.profile_id && !changes.visual_number && !changes.valid_until) {
          entry.outcome = TokenImportOutcome::kUnchanged;
        } else if (Result<Token> updated = tokens.Update(tenant_id, existing->id, changes); updated) {
          entry.outcome = TokenImportOutcome::kUpdated;
        } else if (IsDatabaseFailure(updated.error())) {
          return std::move(updated).error();
        } else {
          entry.token_id = std::nullopt;
          refuse(RefusalOf(updated.error()));
        }
      }
    }
    switch (entry.outcome) {
      case TokenImportOutcome::kCreated:
        ++report.created;
        break;
      case TokenImportOutcome::kUpdated:
        ++report.updated;
        break;
      case TokenImportOutcome::kUnchanged:
        ++report.unchanged;
        break;
      case TokenImportOutcome::kRefused:
        ++report.refused;
        break;
    }
    report.rows.push_back(std::move(entry));
  }
  return report;
}

}  // namespace openmsp::domain
