#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/error.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "store/sql_connection.h"

namespace openmsp::store {

// What every repository over `SqlConnection` needs to read rows and run transactions. Internal to
// src/store: rows come back as text, and a value the store wrote but cannot read back is corrupt data
// (kInternal naming `database`), never a user error.

/// `column` read as an OCPI DateTime in `dialect`'s spelling.
std::string InstantColumn(const SqlDialect& dialect, std::string_view column);

/// Stored data that do not read back: kInternal naming `database`.
Error Corrupt(std::string message);

/// kNotFound naming `field`.
Error NotFound(std::string field, std::string message);

/// A stored integer; NULL or anything else is `Corrupt`.
Result<std::int64_t> ParseInteger(const std::optional<std::string>& text);

/// The text, "" for NULL.
std::string TextOf(const std::optional<std::string>& text);

/// NULL for "", the text otherwise.
SqlParam OptionalText(const std::string& text);

/// `instant` as the store writes every instant: an OCPI DateTime with exactly three fractional digits
/// (`2026-03-01T10:00:00.000Z`). The fixed width makes the text order the time order, which SQLite, where
/// instants are text, relies on in comparisons, ORDER BY and indexes; PostgreSQL reads it as TIMESTAMPTZ.
std::string InstantParam(Instant instant);

/// NULL or the instant as `InstantParam` writes it.
SqlParam OptionalInstant(const std::optional<Instant>& instant);

/// NULL as nullopt, an OCPI DateTime as its instant, anything else `Corrupt`.
Result<std::optional<Instant>> ParseOptionalInstant(const std::optional<std::string>& text);

/// A stored instant that must be there: NULL or anything but an OCPI DateTime is `Corrupt`.
Result<Instant> ParseRequiredInstant(const std::optional<std::string>& text);

/// NULL or the decimal's text (`Decimal::ToString`, scale kept).
SqlParam DecimalParam(const std::optional<Decimal>& value);

/// A stored decimal; NULL or anything `Decimal::Parse` refuses is `Corrupt`.
Result<Decimal> ParseDecimal(const std::optional<std::string>& text);

/// NULL as nullopt, a decimal as its value, anything else `Corrupt`.
Result<std::optional<Decimal>> ParseOptionalDecimal(const std::optional<std::string>& text);

/// A party stored as its two columns; anything `PartyId::FromFields` refuses is `Corrupt`.
Result<PartyId> ParseParty(const std::optional<std::string>& country_code,
                           const std::optional<std::string>& party_id);

/// A stored enum value read with `parse` (e.g. `domain::ParseTokenStatus`); one it refuses is `Corrupt`.
template <class Parse>
auto ParseStored(Parse parse, const std::optional<std::string>& text) -> decltype(parse("")) {
  auto value = parse(TextOf(text));
  if (!value) return Corrupt("unexpected stored value '" + TextOf(text) + "'");
  return value;
}

/// Runs `body` between the dialect's BEGIN and COMMIT and rolls back when it fails, so a failed
/// multi-row write leaves nothing behind.
template <class Body>
auto InTransaction(SqlConnection& connection, Body body) -> decltype(body()) {
  OPENMSP_RETURN_IF_ERROR(connection.Query(connection.dialect().begin, {}));
  auto result = body();
  if (!result) {
    (void)connection.Query("ROLLBACK", {});
    return result;
  }
  OPENMSP_RETURN_IF_ERROR(connection.Query("COMMIT", {}));
  return result;
}

}  // namespace openmsp::store
