#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/secret.h"

namespace openmsp::domain {

// An OCPI peer: a CPO or hub a tenant is connected to (ocpi-2.2.1-emsp.md §4). The credentials
// handshake, seen from the tenant as the receiving side: the tenant's staff create a pending peer, which
// issues token A; they hand token A and the tenant's versions URL to the peer out of band; the peer
// POSTs its credentials (its token B, its versions URL, its roles) authenticated with A; OpenMSP fetches
// the peer's versions and endpoints with B, stores them and answers with token C, which replaces A. From
// then on the peer calls OpenMSP with C and OpenMSP calls the peer with B.
//
// Of the token the peer calls us with (A, then C) only a SHA-256 digest is stored (`TokenDigest`); the
// token we call the peer with (B) is needed in clear and is kept apart from the peer's other data
// (`PeerRepository::FindOutgoingCredentials`).

/// A peer's id: the 64-bit integer its database row was given, unique across tenants.
struct PeerId {
  std::int64_t value = 0;

  friend auto operator<=>(const PeerId&, const PeerId&) = default;
};

/// Where a peer is in its lifecycle: `pending → connected ↔ suspended`, and `unregistered` (final) from
/// any of them.
enum class PeerStatus {
  kPending,       ///< token A issued; the peer has not registered yet
  kConnected,     ///< registered: traffic both ways
  kSuspended,     ///< registered, but no traffic either way until resumed; its token is refused
  kUnregistered,  ///< credentials deleted by either side; both tokens are forgotten
};

/// OCPI `Role` of a party behind a peer.
enum class OcpiRole { kCpo, kEmsp, kHub, kNap, kNsp, kOther, kScsp };

/// OCPI `InterfaceRole` of an endpoint.
enum class InterfaceRole { kSender, kReceiver };

/// The stored spelling of `status`: `pending`, `connected`, `suspended`, `unregistered`.
std::string_view PeerStatusName(PeerStatus status);
/// The OCPI spelling of `role`: `CPO`, `EMSP`, `HUB`, `NAP`, `NSP`, `OTHER`, `SCSP`.
std::string_view OcpiRoleName(OcpiRole role);
/// The OCPI spelling of `role`: `SENDER` or `RECEIVER`.
std::string_view InterfaceRoleName(InterfaceRole role);
/// The value spelled `name` (as the functions above spell it); kInvalidArgument with an empty field
/// otherwise.
Result<PeerStatus> ParsePeerStatus(std::string_view name);
Result<OcpiRole> ParseOcpiRole(std::string_view name);
Result<InterfaceRole> ParseInterfaceRole(std::string_view name);

/// One OCPI `CredentialsRole` of a peer: a party it acts as, and the name of its business.
struct PeerRole {
  OcpiRole role = OcpiRole::kCpo;
  PartyId party;
  /// `business_details.name`: OCPI string(100), required.
  std::string business_name;

  friend bool operator==(const PeerRole&, const PeerRole&) = default;
};

/// One endpoint from the peer's version details.
struct PeerEndpoint {
  /// OCPI `ModuleID` (`cdrs`, `locations`, … or a custom `nltnm-tokens`): 1 to 64 of `a-z0-9_-`.
  std::string module;
  InterfaceRole role = InterfaceRole::kSender;
  /// An `http://` or `https://` URL of at most 255 printable ASCII characters.
  std::string url;

  friend bool operator==(const PeerEndpoint&, const PeerEndpoint&) = default;
};

/// What it takes to invite a peer inside a tenant (the tenant id is passed beside it).
struct NewPeer {
  /// What the tenant's staff call it, 1 to 200 characters of UTF-8 text without control characters.
  std::string name;
};

/// What the credentials handshake (POST, or a later PUT) learned from the peer.
struct PeerRegistration {
  /// The token the peer issued to us (B), to call it with: OCPI `token`, 1 to 64 printable ASCII
  /// characters other than space.
  std::string token;
  /// Whether to send it Base64-encoded in the `Authorization` header (OCPI 2.2.1) or raw (older peers).
  bool token_base64 = true;
  /// The peer's versions endpoint (same rule as `PeerEndpoint::url`).
  std::string versions_url;
  /// The negotiated OCPI version, e.g. `2.2.1`: digits separated by dots, at most 16 characters.
  std::string version;
  /// The peer's endpoints of that version: at least one, no (module, role) twice.
  std::vector<PeerEndpoint> endpoints;
  /// The peer's credential roles: at least one, no (role, party) twice.
  std::vector<PeerRole> roles;
};

/// A stored peer. Neither token is part of it.
struct Peer {
  PeerId id;
  TenantId tenant_id;
  std::string name;
  PeerStatus status = PeerStatus::kPending;
  /// From the last registration; empty, false or none while pending.
  std::string versions_url;
  std::string version;
  bool token_base64 = true;
  /// In the order of the last registration.
  std::vector<PeerRole> roles;
  std::vector<PeerEndpoint> endpoints;
  /// From the injected clock.
  Instant created_at;
  std::optional<Instant> registered_at;

  friend bool operator==(const Peer&, const Peer&) = default;
};

/// A peer together with the token just issued to it (A on creation, C on registration), in clear. The
/// only time OpenMSP has it: the caller hands it to the peer and forgets it.
struct PeerWithToken {
  Peer peer;
  std::string token;
};

/// What the lookup of an incoming credentials token finds: enough to authenticate an OCPI request. A
/// `kPending` peer's token is token A, valid only for the versions and credentials modules.
struct PeerAuthentication {
  TenantId tenant_id;
  PeerId peer_id;
  PeerStatus status = PeerStatus::kPending;

  friend bool operator==(const PeerAuthentication&, const PeerAuthentication&) = default;
};

/// The token to call a peer with, and how to send it.
struct OutgoingCredentials {
  std::string token;
  bool token_base64 = true;
};

/// The outcome of one pull (or push run) of a module from a peer, as the sync job reports it.
struct SyncOutcome {
  /// OCPI `ModuleID`, same rule as `PeerEndpoint::module`.
  std::string module;
  bool succeeded = false;
  /// After a success: the `date_from` to ask with next time (absent: keep the stored one).
  std::optional<Instant> next_date_from;
  /// After a failure: what went wrong, required; longer than `kMaxSyncErrorLength` bytes is cut there.
  std::string error;
};

/// The longest error text a sync state keeps, in bytes.
inline constexpr std::size_t kMaxSyncErrorLength = 2000;

/// The sync state of one module of one peer.
struct PeerSyncState {
  PeerId peer_id;
  std::string module;
  /// When the last attempt, the last success and the last failure were recorded (injected clock).
  std::optional<Instant> last_attempt_at;
  std::optional<Instant> last_success_at;
  std::optional<Instant> last_error_at;
  /// The `date_from` of the next pull; none before the first success.
  std::optional<Instant> date_from;
  /// The last failure's text, empty after a success.
  std::string last_error;

  friend bool operator==(const PeerSyncState&, const PeerSyncState&) = default;
};

/// Checks `NewPeer`; the error names `name`.
Result<void> ValidateNewPeer(const NewPeer& peer);

/// Checks `PeerRegistration`; the error names the field (`token`, `versions_url`, `version`,
/// `endpoints`, `endpoints[2].url`, `roles[1]`, `roles[0].business_name`). Never quotes the token.
Result<void> ValidatePeerRegistration(const PeerRegistration& registration);

/// Checks a `SyncOutcome` and returns it with its error text cut to `kMaxSyncErrorLength` bytes (at a
/// UTF-8 character boundary). The error names `module` or `error`.
Result<SyncOutcome> ValidateSyncOutcome(const SyncOutcome& outcome);

/// Whether a peer in `status` may register: a pending peer (OCPI POST) or a connected one (OCPI PUT:
/// new version, endpoints or token). kFailedPrecondition naming `status` otherwise (OCPI answers 405).
Result<void> CheckRegistrationAllowed(PeerStatus status);

/// The status a peer moves to from `current` when asked for `target` outside of registration:
/// `connected → suspended`, `suspended → connected` (resume), and anything but `unregistered` →
/// `unregistered`. Anything else, including staying put, is kFailedPrecondition naming `status`.
Result<PeerStatus> TransitionPeer(PeerStatus current, PeerStatus target);

}  // namespace openmsp::domain
