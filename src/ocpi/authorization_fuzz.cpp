// libFuzzer target: ParseAuthorization on arbitrary header values. Invariants: nothing crashes; failures
// are kUnauthenticated naming the header; every candidate is a well-formed credentials token, and the
// header we would write for it reads back to it first.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ocpi/authorization.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto candidates = openmsp::ocpi::ParseAuthorization(text);
  if (!candidates) {
    if (candidates.error().code != openmsp::ErrorCode::kUnauthenticated ||
        candidates.error().field != "Authorization") {
      std::abort();
    }
    return 0;
  }
  const std::vector<std::string> tokens = candidates->InOrder();
  if (tokens.empty()) std::abort();
  for (const std::string& token : tokens) {
    if (token.empty() || token.size() > openmsp::ocpi::kMaxCredentialsTokenLength) std::abort();
    for (bool base64 : {true, false}) {
      const auto reread = openmsp::ocpi::ParseAuthorization(
          openmsp::ocpi::AuthorizationHeaderValue({.token = token, .token_base64 = base64}));
      if (!reread.ok() || reread->InOrder().empty()) std::abort();
      if (base64 && reread->InOrder().front() != token) std::abort();
      if (!base64 && reread->raw != token) std::abort();
    }
  }
  return 0;
}
