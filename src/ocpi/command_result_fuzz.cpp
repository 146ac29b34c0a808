// libFuzzer target: ParseCommandResult, ParseCommandResponse, ParseLocationReferences and ParseClientInfo
// on arbitrary JSON. Invariants: nothing crashes; failures are kInvalidArgument; accepted display texts
// keep OCPI's lengths.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "ocpi/commands.h"
#include "ocpi/hub_client_info.h"
#include "ocpi/tokens.h"

namespace {

void CheckTexts(const std::vector<openmsp::ocpi::DisplayText>& texts) {
  for (const openmsp::ocpi::DisplayText& text : texts) {
    if (!openmsp::ocpi::ValidateDisplayText(text).ok()) std::abort();
  }
}

template <class T>
void CheckFailure(const openmsp::Result<T>& result) {
  if (!result.ok() && result.error().code != openmsp::ErrorCode::kInvalidArgument) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openmsp::Result<boost::json::value> document = openmsp::ParseJson(text);
  if (!document) return 0;
  const auto result = openmsp::ocpi::ParseCommandResult(*document);
  CheckFailure(result);
  if (result.ok()) CheckTexts(result->message);
  const auto response = openmsp::ocpi::ParseCommandResponse(*document);
  CheckFailure(response);
  if (response.ok()) {
    CheckTexts(response->message);
    if (response->timeout_seconds < 0) std::abort();
  }
  CheckFailure(openmsp::ocpi::ParseLocationReferences(*document));
  CheckFailure(openmsp::ocpi::ParseClientInfo(*document));
  return 0;
}
