#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/job.h"
#include "domain/repositories.h"
#include "http/client.h"
#include "ocpi/headers.h"
#include "store/repositories.h"

/// Pushing the tenant's tokens to its peers (ocpi-2.2.1-emsp.md §10.1 K3, docs/ocpi.md "## tokens"): when a
/// token changes, every connected peer with a tokens RECEIVER endpoint gets a PUT of the whole Token,
/// durably through the job queue.
namespace openmsp::emsp {

/// The job kind of one push of one token to one peer. Payload `{"token_id":N,"peer_id":M}`.
inline constexpr std::string_view kTokenPushJob = "token.push";

/// What a `token.push` job refers to.
struct TokenPush {
  domain::TokenId token_id;
  domain::PeerId peer_id;

  friend bool operator==(const TokenPush&, const TokenPush&) = default;
};

/// The payload of the push of `push`: `{"token_id":N,"peer_id":M}`.
std::string TokenPushPayload(const TokenPush& push);

/// Reads a `token.push` payload: both ids required, positive integers. kInvalidArgument naming
/// `payload`, `token_id` or `peer_id` otherwise.
Result<TokenPush> ParseTokenPushPayload(std::string_view payload);

/// The dedupe key of the push of `push`: `token:N/peer:M`. While a push of that pair is queued, changing
/// the token again queues nothing more: the queued push reads the token when it runs, so a burst of
/// changes is one PUT of the latest state.
std::string TokenPushDedupeKey(const TokenPush& push);

/// Queues a push of token `token_id` of `tenant_id` to every peer of the tenant that is connected and has
/// a `tokens` endpoint with role RECEIVER (one job per peer, `kTokenPushJob`, due `now`, deduplicated
/// per token and peer). What the Control Centre calls after it created or changed a token (the token's
/// status included). Returns how many peers will get it (a push already queued counts). The token is
/// not read here: a token that is not the tenant's makes jobs that end without sending anything.
Result<int> QueueTokenPushes(domain::PeerRepository& peers, domain::JobQueue& jobs,
                             domain::TenantId tenant_id, domain::TokenId token_id, Instant now);

/// What one run of a `token.push` job did.
struct TokenPushResult {
  /// PUTs the peer accepted: 0 when there was nothing to send (the peer is no longer connected, has no
  /// tokens RECEIVER endpoint, or the token cannot be written as a 2.2.1 Token), 1 normally, more when
  /// the token changed again while it was being sent (then its latest state went too).
  int sent = 0;
};

/// Runs one `token.push` job of tenant `job.tenant_id`: reads the token and the peer now (so the latest
/// state goes, whatever changed since the job was queued) and sends
/// `PUT {tokens endpoint}/{country_code}/{party_id}/{uid}?type={type}` (the party the token is published
/// under, `ocpi::TokenParty`; the uid percent-encoded) with the Token (`ocpi::TokenJson` at the clock's
/// now), the peer's outgoing credentials (`Authorization`, Base64 or raw per peer), new `X-Request-ID` and
/// `X-Correlation-ID`, and the routing headers from our party to the peer's when the peer has exactly one
/// role. Success is a 2xx answer whose envelope has a 1xxx status. After a success the token is read again
/// and, when it changed meanwhile, sent again (at most three PUTs per run).
///
/// Failures are errors, so the job queue tries again with backoff: kUnavailable (the peer cannot be
/// reached), kPeerError (it answered with another HTTP status, a non-success OCPI status or no envelope),
/// or the database's error. A job without tenant or with a broken payload is kInvalidArgument.
Result<TokenPushResult> RunTokenPush(store::Repositories& db, http::HttpClient& client,
                                     ocpi::RandomSource& random, const Clock& clock, const domain::Job& job);

}  // namespace openmsp::emsp
