#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/location.h"
#include "domain/token.h"

namespace openmsp::domain {

// Charging sessions as a CPO reports them while they run, over OCPI 2.2.1 (`mod_sessions`: the CPO PUTs
// and PATCHes Session objects to the eMSP). A session is kept as received — the JSON text exactly as it
// arrived (`raw_json`) beside the fields queries need, parsed and validated — plus what the eMSP itself
// adds: the token, profile and organisation unit it resolved the session to. Charging periods are kept
// only in `raw_json`: the live view needs none of them, and rating works on the CDR.

/// A stored session's id: the 64-bit integer its database row was given, unique across tenants. Not the
/// CPO's id (that is `SessionKey`).
struct SessionId {
  std::int64_t value = 0;

  friend auto operator<=>(const SessionId&, const SessionId&) = default;
};

/// OCPI `SessionStatus`. The 2.2.1 prose about reservations says `RESERVED`; the enum value, and the only
/// spelling accepted, is `RESERVATION` (ocpi/ocpi#533).
enum class SessionStatus { kActive, kCompleted, kInvalid, kPending, kReservation };

/// OCPI `AuthMethod`: how the session was authorised (it may change while the session runs).
enum class AuthMethod { kAuthRequest, kCommand, kWhitelist };

/// The OCPI spellings: `ACTIVE`, `COMPLETED`, `INVALID`, `PENDING`, `RESERVATION`; `AUTH_REQUEST`,
/// `COMMAND`, `WHITELIST`.
std::string_view SessionStatusName(SessionStatus status);
std::string_view AuthMethodName(AuthMethod method);

/// The value spelled `name` exactly as the `...Name` functions spell it (OCPI enums are case-sensitive);
/// kInvalidArgument with an empty field, for the caller to `Nested`, otherwise.
Result<SessionStatus> ParseSessionStatus(std::string_view name);
Result<AuthMethod> ParseAuthMethod(std::string_view name);

/// Whether a session in `status` is live: `ACTIVE` or `PENDING`, what the Control Centre's live view
/// shows. `RESERVATION` is a booking, not charging; `COMPLETED` and `INVALID` are over.
bool IsLive(SessionStatus status);

/// What identifies a session across OCPI: the CPO's party and its session id (CiString(36), compared
/// ignoring ASCII case, as OCPI compares CiStrings).
struct SessionKey {
  PartyId party;
  std::string session_id;

  friend bool operator==(const SessionKey&, const SessionKey&) = default;
};

/// OCPI `CdrToken`: the token that started the session, as the CPO names it. The party is the eMSP's
/// (normally one of the tenant's own party ids).
struct CdrToken {
  PartyId party;
  /// CiString(36), as received (not normalised: it is what the CPO sent).
  std::string uid;
  TokenType type = TokenType::kRfid;
  /// CiString(36), as received. OCPI calls it a contract id; it is not required to be a valid EMA-ID here,
  /// because a session is never refused over the way a peer spells it.
  std::string contract_id;

  friend bool operator==(const CdrToken&, const CdrToken&) = default;
};

/// OCPI `Price`: an amount excluding VAT and, when the CPO states it, including VAT. Exact decimals.
struct OcpiPrice {
  Decimal excl_vat;
  std::optional<Decimal> incl_vat;

  friend bool operator==(const OcpiPrice&, const OcpiPrice&) = default;
};

/// Whom the eMSP resolved a session to, from its `cdr_token`: the token, its profile and the profile's
/// organisation unit, all of the session's tenant. Resolving is the caller's job (the store only checks
/// that the ids are the tenant's); a session whose token is unknown is stored without one, never dropped.
struct SessionCustomer {
  TokenId token_id;
  ProfileId profile_id;
  OrganisationUnitId organisation_unit_id;

  friend bool operator==(const SessionCustomer&, const SessionCustomer&) = default;
};

/// An OCPI `Session` as the CPO sent it, plus the eMSP's `customer`.
struct Session {
  /// The owning CPO (`country_code`, `party_id`) and its session `id`.
  SessionKey key;
  /// When the session became ACTIVE; while PENDING, when it was created.
  Instant start_date_time;
  /// When the session ended (charging and any parking after it); absent while it runs.
  std::optional<Instant> end_date_time;
  /// Energy charged so far in kWh, exactly as received (never negative).
  Decimal kwh;
  CdrToken cdr_token;
  AuthMethod auth_method = AuthMethod::kWhitelist;
  /// CiString(36), the reference the eMSP last gave (authorisation, START_SESSION); empty when absent.
  std::string authorization_reference;
  /// CiStrings(36) naming where the session runs at the CPO. `evse_uid` and `connector_id` may be `#NA`
  /// for a reservation that has no EVSE yet.
  std::string location_id;
  std::string evse_uid;
  std::string connector_id;
  /// OCPI string(255), optional: empty when absent.
  std::string meter_id;
  /// ISO 4217 code (`EUR`), as `Currency::Find` knows it.
  std::string currency;
  /// What the eMSP will owe the CPO so far; absent when the CPO does not say (absent is not free).
  std::optional<OcpiPrice> total_cost;
  SessionStatus status = SessionStatus::kPending;
  Instant last_updated;
  /// The whole Session JSON exactly as received (charging periods included); stored byte for byte. After
  /// a PATCH it is the stored object with the patch merged in (`MergeSessionPatch`).
  std::string raw_json;
  /// Added by the eMSP: absent when the token is not (yet) known.
  std::optional<SessionCustomer> customer;

  friend bool operator==(const Session&, const Session&) = default;
};

/// What identifies a CPO CDR: the CPO's party and the CDR id (CiString(39), room for a credit suffix).
struct CdrKey {
  PartyId party;
  std::string cdr_id;

  friend bool operator==(const CdrKey&, const CdrKey&) = default;
};

/// A session as stored for a tenant.
struct StoredSession {
  SessionId id;
  TenantId tenant_id;
  Session session;
  /// The CDR that closed the session, once it arrived (`SessionRepository::LinkCdr`); kept when the CPO
  /// sends the session again.
  std::optional<CdrKey> cdr;

  friend bool operator==(const StoredSession&, const StoredSession&) = default;
};

/// Whether `session` shows in the live view: a live status (`IsLive`) and no CDR yet. A CDR is the CPO's
/// final word on a session, so a session whose CPO never sent the closing `COMPLETED` does not stay
/// "charging" for ever once its CDR is in.
bool IsShownLive(const StoredSession& session);

/// Checks a session; errors name the OCPI field: `id`, `start_date_time`, `end_date_time` (before the
/// start), `kwh` (negative), `cdr_token.uid`, `cdr_token.contract_id`, `authorization_reference`,
/// `location_id`, `evse_uid`, `connector_id`, `meter_id`, `currency`, `total_cost.excl_vat`,
/// `total_cost.incl_vat` (negative, or below `excl_vat`), `raw_json`.
Result<void> ValidateSession(const Session& session);

/// Checks a CDR key: `cdr_id` a non-empty CiString(39) (kInvalidArgument naming `cdr_id`).
Result<void> ValidateCdrKey(const CdrKey& cdr);

/// Maps the text of an OCPI 2.2.1 Session (the body of a PUT) to a `Session` and validates it
/// (`ValidateSession`): `raw_json` is `json` byte for byte, numbers are read exactly (`DecimalFromJson`),
/// `customer` is left empty for the caller to resolve. Unknown members are ignored (OCPI 2.3 asks
/// receivers not to refuse them); charging periods must be an array of objects when present but stay in
/// `raw_json`. Errors name the member (`cdr_token.type`, `total_cost.excl_vat`, `status`).
Result<Session> SessionFromOcpiJson(std::string_view json);

/// OCPI PATCH of a session: `stored_json` (a stored session's `raw_json`) with every member of
/// `patch_json` replacing the stored one, except `charging_periods`, whose elements are appended to the
/// stored list (an empty or absent list leaves it as it is). The patch must be an object, carry
/// `last_updated` (kInvalidArgument naming `last_updated`, as OCPI requires) and must not change
/// `country_code`, `party_id` or `id` (kInvalidArgument naming it; case aside). Returns the merged object
/// as compact JSON text, for `SessionFromOcpiJson` and the repository's upsert.
Result<std::string> MergeSessionPatch(std::string_view stored_json, std::string_view patch_json);

}  // namespace openmsp::domain
