#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/peer.h"

/// The OCPI `Authorization: Token …` header (ocpi-2.2.1-emsp.md §2.1, pitfall 1 of §18): reading the
/// credentials token out of a request a peer sent us, and writing the header for a request we send.
namespace openmsp::ocpi {

/// The longest credentials token OCPI allows (`Credentials.token` is string(64)).
inline constexpr std::size_t kMaxCredentialsTokenLength = 64;

/// What an `Authorization` header may mean. Since 2.2-d2 the value after `Token ` is the Base64 of the
/// token, but many 2.1.1/2.2 peers still send the token itself, and the spec tells implementers to cope;
/// the header alone cannot say which a peer meant. So both readings are offered, the decoded one first
/// (§2.1: "match the decoded value first, then the raw value"), and the caller looks each up in turn.
/// Each candidate is a well-formed credentials token (1 to 64 printable ASCII characters, no blanks); a
/// reading that is not one is left out.
struct CredentialsTokenCandidates {
  /// The Base64-decoded token, when the text after `Token ` is valid padded standard Base64 of a
  /// well-formed token. One trailing line feed (or CR LF) inside the encoding is dropped: the spec's own
  /// header examples encode `example-token\n`, and peers copied them.
  std::optional<std::string> decoded;
  /// The text after `Token ` as it is, when it is a well-formed token itself.
  std::optional<std::string> raw;

  /// The candidates in the order to try them: decoded, then raw (never the same string twice).
  std::vector<std::string> InOrder() const;
};

/// Reads the value of an `Authorization` header (`header` is absent when the request has none).
///
/// - The scheme is `Token`, compared without regard to case (RFC 9110 §11.1), then one or more spaces
///   (OCPI writes exactly one; more are tolerated), then the token text; blanks around it are ignored.
/// - `Bearer …`, `Basic …`, an empty token, or a header of which neither reading is a well-formed token
///   is refused.
///
/// Every failure is kUnauthenticated naming `Authorization` (HTTP 401, never 200 with a 2xxx code), and the
/// message never repeats the token.
Result<CredentialsTokenCandidates> ParseAuthorization(std::optional<std::string_view> header);

/// The value of the `Authorization` header to call a peer with: `Token ` followed by the Base64 of the
/// token (OCPI 2.2.1, the default), or by the token itself for a peer configured for raw tokens
/// (`OutgoingCredentials::token_base64` false). No trailing newline is encoded.
std::string AuthorizationHeaderValue(const domain::OutgoingCredentials& credentials);

}  // namespace openmsp::ocpi
