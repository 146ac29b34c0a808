#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/token.h"

namespace openmsp::domain {

/// A stored CPO CDR's id: the 64-bit integer its database row was given, unique across tenants. Not
/// the OCPI `id`, which is only unique per CPO (`NewCpoCdr::cdr_id`).
struct CpoCdrId {
  std::int64_t value = 0;

  friend auto operator<=>(const CpoCdrId&, const CpoCdrId&) = default;
};

/// The largest body accepted: far above any real CDR (~2 KB typical, tens of KB with signed data and
/// tariffs), small enough that one CPO cannot fill the database with one request.
inline constexpr std::size_t kMaxCpoCdrBodyBytes = 4 * 1024 * 1024;

/// A CDR as a CPO sent it to the tenant (OCPI 2.2.1 `CDR`, pushed to the eMSP's `cdrs` endpoint): the raw
/// JSON body, kept byte for byte because it is what the CPO invoices, plus the fields that listings,
/// settlement and rating read without parsing the body again.
///
/// Turning the JSON into a `NewCpoCdr` belongs to the OCPI module; storing it to store::CpoCdrIngestor.
/// `ValidateNewCpoCdr` checks only what storing needs: plausibility (end before start, absurd energy, a
/// CDR from the future) is judged after the CDR is stored, since a CDR is never dropped for it.
struct NewCpoCdr {
  /// The tenant (eMSP) the CDR was sent to.
  TenantId tenant_id;
  /// The CPO: the CDR's `country_code` and `party_id`.
  PartyId cpo;
  /// OCPI `id`: CiString(39), 1 to 39 printable ASCII characters, unique per CPO. Kept as given; two ids
  /// that differ only in ASCII case are the same CDR, as OCPI compares CiStrings.
  std::string cdr_id;
  /// The body as received: well-formed UTF-8 (RFC 8259 JSON text), 1 byte to `kMaxCpoCdrBodyBytes`, no
  /// NUL byte. Never normalised: blanks, key order and number spellings stay as the CPO wrote them.
  std::string body;
  /// `start_date_time` and `end_date_time` of the session.
  Instant start_date_time;
  Instant end_date_time;
  /// `currency` (ISO 4217) of every amount.
  Currency currency;
  /// `total_cost.excl_vat` and `total_cost.incl_vat` (optional in OCPI): what the CPO will invoice.
  /// Negative in credit CDRs.
  Decimal total_cost_excl_vat;
  std::optional<Decimal> total_cost_incl_vat;
  /// `total_energy` in kWh and `total_time` in hours, as the CPO stated them.
  Decimal total_energy;
  Decimal total_time;
  /// `cdr_token.uid` (CiString(36), as given) and `cdr_token.type`: who charged.
  std::string token_uid;
  TokenType token_type = TokenType::kRfid;
  /// `cdr_token.contract_id` (the auth id, CiString(36), as given: not necessarily a valid EMA-ID).
  std::string contract_id;
  /// `cdr_location.id` and `cdr_location.evse_uid` (CiString(36) each; `#NA` for an unused reservation).
  std::string location_id;
  std::string evse_uid;
  /// `last_updated`.
  Instant last_updated;
  /// The organisation unit the CDR belongs to, resolved by the caller from the token; nullopt when the
  /// token is unknown (the CDR is still stored).
  std::optional<OrganisationUnitId> organisation_unit_id = {};
  /// `session_id` (CiString(36), as given; empty when the CDR names no session) and `credit`: a CDR that
  /// is not a credit closes the CPO's session of that id, which is then no longer live (`StoreCpoCdrs`
  /// links them in the transaction that stores the CDR).
  std::string session_id = {};
  bool credit = false;
};

/// A stored CPO CDR: what was received, its digest and when it arrived. Never changes.
struct CpoCdr {
  CpoCdrId id;
  TenantId tenant_id;
  PartyId cpo;
  std::string cdr_id;
  std::string body;
  /// SHA-256 of `body`, 64 lower-case hex digits: what tells a repeated CDR from a conflicting one.
  std::string body_sha256;
  Instant start_date_time;
  Instant end_date_time;
  Currency currency;
  Decimal total_cost_excl_vat;
  std::optional<Decimal> total_cost_incl_vat;
  Decimal total_energy;
  Decimal total_time;
  std::string token_uid;
  TokenType token_type = TokenType::kRfid;
  std::string contract_id;
  std::string location_id;
  std::string evse_uid;
  Instant last_updated;
  std::optional<OrganisationUnitId> organisation_unit_id;
  /// When OpenMSP received it, from the ingestor's clock.
  Instant received_at;

  friend bool operator==(const CpoCdr&, const CpoCdr&) = default;
};

/// Checks the rules of `NewCpoCdr` that need no stored state. The error (kInvalidArgument) names the
/// field by its OCPI path: `id`, `body`, `start_date_time`, `end_date_time`, `last_updated`,
/// `total_cost.excl_vat`, `total_cost.incl_vat`, `total_energy`, `total_time`, `cdr_token.uid`,
/// `cdr_token.contract_id`, `cdr_location.id`, `cdr_location.evse_uid`. Instants must lie in the years
/// 0001–9999 and decimals must have at most `Decimal::kMaxParsedDigits` digits, so that they read back.
Result<void> ValidateNewCpoCdr(const NewCpoCdr& cdr);

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
/// without a NUL byte; control characters such as LF and TAB are allowed, as in JSON text.
bool IsUtf8WithoutNul(std::string_view text);

}  // namespace openmsp::domain
