#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "http/message.h"

/// The OCPI request and response headers besides `Authorization` (ocpi-2.2.1-emsp.md §2.2, §2.8):
/// `X-Request-ID` and `X-Correlation-ID`, and the hub routing headers `OCPI-to-*` / `OCPI-from-*`.
namespace openmsp::ocpi {

/// Where the random bits of new request and correlation ids come from. Injected like the clock: the
/// composition root passes a CSPRNG-backed one, tests a fixed sequence, so ids are reproducible there.
class RandomSource {
 public:
  virtual ~RandomSource() = default;

  /// Fills `bytes` with random bytes.
  virtual void Fill(std::span<std::uint8_t> bytes) = 0;
};

/// A random (version 4, RFC 9562) UUID in lower case, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`: the form
/// OCPI advises for request ids.
std::string NewUuid(RandomSource& random);

/// The longest `X-Request-ID` / `X-Correlation-ID` accepted from a peer. OCPI sets no limit and advises
/// UUIDs (36 characters); 255 leaves room for other schemes and keeps logs bounded.
inline constexpr std::size_t kMaxRequestIdLength = 255;

/// The two ids of one OCPI exchange.
struct RequestIds {
  /// Unique per request; a hub forwarding a request makes a new one.
  std::string request_id;
  /// Unique per exchange across hops; a hub forwarding a request keeps it.
  std::string correlation_id;

  friend bool operator==(const RequestIds&, const RequestIds&) = default;
};

/// The ids to answer a request with: the request's own `X-Request-ID` and `X-Correlation-ID` (echoed, as
/// §2.2 requires), or a new UUID for one the request lacks (a peer breaking the SHALL still gets an answer
/// that can be traced). A value that is present but empty, longer than `kMaxRequestIdLength` or not
/// printable ASCII is refused with kInvalidArgument naming the header (2001), never echoed.
Result<RequestIds> RequestIdsToEcho(const http::HttpHeaders& request, RandomSource& random);

/// The ids of a new request we send: both new UUIDs.
RequestIds NewRequestIds(RandomSource& random);

/// The ids of a request we send on behalf of one we received (a call made while answering, or a
/// forward): a new request id, the same correlation id.
RequestIds RequestIdsFollowing(const RequestIds& received, RandomSource& random);

/// Sets `X-Request-ID` and `X-Correlation-ID` on a request or response.
void SetRequestIds(http::HttpHeaders& headers, const RequestIds& ids);

/// The routing headers of one message: the party it is for and the party it is from. Each is absent
/// when its two headers are (open routing leaves `to` out; a direct connection may leave both out).
struct Routing {
  std::optional<PartyId> to;
  std::optional<PartyId> from;

  friend bool operator==(const Routing&, const Routing&) = default;
};

/// Reads `OCPI-to-country-code`, `OCPI-to-party-id`, `OCPI-from-country-code` and `OCPI-from-party-id`
/// (names case-insensitive, values CiString(2)/CiString(3) read by `PartyId::FromFields`: an assigned ISO
/// 3166-1 alpha-2 code and three letters or digits, either case). One header of a pair without the other
/// is refused naming the missing one; a bad value naming its header. kInvalidArgument (2001).
Result<Routing> ParseRouting(const http::HttpHeaders& headers);

/// Sets the routing headers of `routing` (upper case), removing those of an absent party.
void SetRouting(http::HttpHeaders& headers, const Routing& routing);

/// The routing of the response to a request routed as `request`: from and to swapped (§2.8, every row of
/// the table: the response goes back to the requesting party, from the receiving one).
Routing ResponseRouting(const Routing& request);

/// Whether the routing headers belong on requests to `module` (an OCPI ModuleID): every functional module
/// takes them; `versions`, `credentials` and `hubclientinfo` (the configuration modules) SHALL NOT carry
/// them (§2.2).
bool ModuleTakesRouting(std::string_view module);

}  // namespace openmsp::ocpi
