// libFuzzer target: ParseVersions and ParseVersionDetails on arbitrary JSON. Invariants: nothing crashes;
// what is accepted writes back (VersionsJson, VersionDetailsJson) to JSON that parses to the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "ocpi/versions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openmsp::Result<boost::json::value> document = openmsp::ParseJson(text);
  if (!document) return 0;
  if (const auto versions = openmsp::ocpi::ParseVersions(*document); versions.ok()) {
    const auto reread = openmsp::ocpi::ParseVersions(openmsp::ocpi::VersionsJson(*versions));
    if (!reread.ok() || *reread != *versions) std::abort();
  }
  if (const auto details = openmsp::ocpi::ParseVersionDetails(*document); details.ok()) {
    const auto reread = openmsp::ocpi::ParseVersionDetails(openmsp::ocpi::VersionDetailsJson(*details));
    if (!reread.ok() || *reread != *details) std::abort();
  }
  return 0;
}
