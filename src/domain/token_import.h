#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/repositories.h"
#include "domain/token.h"

namespace openmsp::domain {

// Bulk import of tokens from a CSV upload (the Control Centre's "import cards"): each row creates a
// token or brings an existing one up to date, and the answer is a report of every row. The columns and
// the rules are in docs/storage.md ("Token import").
//
// Per row, not all or nothing: a bad row is refused (and writes nothing: each row is one repository
// call, itself one statement or transaction) while the good rows are stored, which is what staff
// uploading a few thousand cards expect; the report says which rows to fix. A re-run of the same file
// is idempotent: a token is found by its uid and type, so a stored row comes back `unchanged`, and
// only the fixed rows change anything.

/// What became of one row.
enum class TokenImportOutcome {
  kCreated,    ///< a new token (with a generated contract id when the row gave none)
  kUpdated,    ///< the token with that uid and type existed; the row changed it
  kUnchanged,  ///< the token existed exactly as the row says (a re-run)
  kRefused,    ///< nothing was written; `field` and `reason` say why
};

/// `created`, `updated`, `unchanged` or `refused`.
std::string_view TokenImportOutcomeName(TokenImportOutcome outcome);

/// The report of one data row.
struct TokenImportRow {
  /// The data row's number (1 for the first row after the header) and the file line it starts on.
  std::size_t row = 0;
  std::size_t line = 0;
  /// As the row gave it.
  std::string uid;
  TokenImportOutcome outcome = TokenImportOutcome::kRefused;
  /// The token created or found; absent when refused.
  std::optional<TokenId> token_id;
  /// When refused: the column at fault (`uid`, `type`, `profile`, `visual_number`, `valid_until`,
  /// `contract_id`; empty when the row as a whole is wrong) and why.
  std::string field;
  std::string reason;

  friend bool operator==(const TokenImportRow&, const TokenImportRow&) = default;
};

/// The report of a whole import: one entry per data row, in file order, and the totals.
struct TokenImportReport {
  std::vector<TokenImportRow> rows;
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t refused = 0;
};

/// What an import applies to every row.
struct TokenImportOptions {
  /// The tenant's eMSP party whose contract ids are generated for rows without one (`Issue`).
  PartyId party;
  /// `issuer` and `whitelist` of created tokens (OCPI string(64), required).
  std::string issuer;
  TokenWhitelist whitelist = TokenWhitelist::kAllowed;
  CsvLimits limits;
};

/// Imports the tokens of `csv` into `tenant_id` through `tokens`. The first record is the header naming
/// the columns (any order; `uid`, `type` and `profile` required). Fails as a whole, writing nothing,
/// when the text is not CSV within `options.limits` (kInvalidArgument or kOutOfRange naming `csv`), the
/// header names an unknown or repeated column or lacks a required one (kInvalidArgument naming
/// `columns`), or `issuer` is empty (naming `issuer`). When the database fails (kUnavailable, kInternal)
/// the import stops with that error; the rows before it are stored, and a re-run completes it.
Result<TokenImportReport> ImportTokens(TokenRepository& tokens, TenantId tenant_id, std::string_view csv,
                                       const TokenImportOptions& options);

}  // namespace openmsp::domain
