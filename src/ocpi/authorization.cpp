#include "ocpi/authorization.h"

#include "core/base64.h"
#include "core/ids/ascii.h"

namespace openmsp::ocpi {
namespace {

constexpr std::string_view kScheme = "Token";

Error Unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, "Authorization", std::move(message)};
}

bool IsWellFormedToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxCredentialsTokenLength) return false;
  for (char c : token) {
    if (!ascii::IsPrintable(c) || c == ' ') return false;
  }
  return true;
}

std::optional<std::string> DecodedToken(std::string_view text) {
  Result<std::string> decoded = DecodeBase64(text);
  if (!decoded) return std::nullopt;
  std::string token = *std::move(decoded);
  if (token.ends_with('\n')) token.pop_back();
  if (token.ends_with('\r')) token.pop_back();
  if (!IsWellFormedToken(token)) return std::nullopt;
  return token;
}

}  // namespace

std::vector<std::string> CredentialsTokenCandidates::InOrder() const {
  std::vector<std::string> candidates;
  if (decoded) candidates.push_back(*decoded);
  if (raw && raw != decoded) candidates.push_back(*raw);
  return candidates;
}

Result<CredentialsTokenCandidates> ParseAuthorization(std::optional<std::string_view> header) {
  if (!header) return Unauthenticated("is required: 'Token' and the credentials token");
  const std::string_view value = ascii::TrimBlanks(*header);
  if (value.size() <= kScheme.size() ||
      !ascii::EqualsIgnoringCase(value.substr(0, kScheme.size()), kScheme) || value[kScheme.size()] != ' ') {
    return Unauthenticated("must use the scheme 'Token' followed by a space and the credentials token");
  }
  const std::string_view text = ascii::TrimBlanks(value.substr(kScheme.size()));
  if (text.empty()) return Unauthenticated("has no credentials token after 'Token'");

  CredentialsTokenCandidates candidates;
  candidates.decoded = DecodedToken(text);
  if (IsWellFormedToken(text)) candidates.raw = std::string(text);
  if (!candidates.decoded && !candidates.raw) {
    return Unauthenticated(
        "holds no credentials token: neither the text nor its Base64 decoding is 1 to 64 printable ASCII "
        "characters without blanks");
  }
  return candidates;
}

std::string AuthorizationHeaderValue(const domain::OutgoingCredentials& credentials) {
  return std::string(kScheme) + ' ' +
         (credentials.token_base64 ? EncodeBase64(credentials.token) : credentials.token);
}

}  // namespace openmsp::ocpi
