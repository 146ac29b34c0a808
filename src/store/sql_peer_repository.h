#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The OCPI peer repository over either back end: peers, their roles, endpoints, credentials and sync
/// state.
class SqlPeerRepository final : public domain::PeerRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlPeerRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::PeerRepository` documents them.
  Result<domain::PeerWithToken> Create(domain::TenantId tenant_id, const domain::NewPeer& peer) override;
  Result<domain::Peer> FindById(domain::TenantId tenant_id, domain::PeerId id) override;
  Result<std::vector<domain::Peer>> List(domain::TenantId tenant_id) override;
  Result<domain::PeerAuthentication> FindByIncomingToken(const domain::TokenDigest& digest) override;
  Result<domain::OutgoingCredentials> FindOutgoingCredentials(domain::TenantId tenant_id,
                                                              domain::PeerId id) override;
  Result<domain::PeerWithToken> Register(domain::TenantId tenant_id, domain::PeerId id,
                                         const domain::TokenDigest& authenticated_with,
                                         const domain::PeerRegistration& registration) override;
  Result<domain::Peer> SetStatus(domain::TenantId tenant_id, domain::PeerId id,
                                 domain::PeerStatus status) override;
  Result<domain::PeerSyncState> RecordSync(domain::TenantId tenant_id, domain::PeerId id,
                                           const domain::SyncOutcome& outcome) override;
  Result<std::vector<domain::PeerSyncState>> ListSyncStates(domain::TenantId tenant_id,
                                                            domain::PeerId id) override;
  Result<domain::Peer> RegisterInitiated(domain::TenantId tenant_id, domain::PeerId id,
                                         const domain::PeerRegistration& registration) override;

 private:
  Result<std::vector<domain::Peer>> Load(std::string_view where, std::span<const SqlParam> params);
  // The status and incoming token digest (empty when none) of peer `id` of `tenant_id`, after locking the
  // tenant; kNotFound naming `id`.
  struct Locked {
    domain::PeerStatus status = domain::PeerStatus::kPending;
    std::string incoming_token_digest;
  };
  Result<Locked> LockedPeer(domain::TenantId tenant_id, domain::PeerId id);
  // Inside a transaction holding the tenant's lock: writes `registration` over peer `id` and makes it
  // connected, with `incoming_token_digest` as the token it calls us with when given (else it stays).
  Result<void> StoreRegistration(domain::TenantId tenant_id, domain::PeerId id,
                                 const domain::PeerRegistration& registration,
                                 const std::optional<std::string>& incoming_token_digest, Instant now);
  Result<std::vector<domain::PeerSyncState>> LoadSyncStates(std::string_view where,
                                                            std::span<const SqlParam> params);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
