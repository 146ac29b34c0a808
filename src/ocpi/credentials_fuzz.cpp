// libFuzzer target: ParseCredentials on arbitrary JSON. Invariants: nothing crashes; accepted credentials
// are registrable (ToPeerRegistration passes domain::ValidatePeerRegistration) and write back
// (CredentialsJson) to JSON that parses to the same credentials.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "ocpi/credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openmsp::Result<boost::json::value> document = openmsp::ParseJson(text);
  if (!document) return 0;
  const openmsp::Result<openmsp::ocpi::Credentials> credentials = openmsp::ocpi::ParseCredentials(*document);
  if (!credentials) {
    if (credentials.error().code != openmsp::ErrorCode::kInvalidArgument) std::abort();
    return 0;
  }
  const openmsp::ocpi::VersionDetails details{
      .version = "2.2.1", .endpoints = openmsp::ocpi::EmspEndpoints("https://cpo.example/ocpi/2.2.1")};
  if (!openmsp::ocpi::ToPeerRegistration(*credentials, details).ok()) std::abort();
  const openmsp::Result<boost::json::value> written = openmsp::ocpi::CredentialsJson(*credentials);
  if (!written.ok()) std::abort();
  const openmsp::Result<openmsp::ocpi::Credentials> reread = openmsp::ocpi::ParseCredentials(*written);
  if (!reread.ok() || *reread != *credentials) std::abort();
  return 0;
}
