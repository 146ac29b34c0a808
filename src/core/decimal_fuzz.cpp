// libFuzzer target: Decimal::Parse and ParseJson on arbitrary bytes. Invariants: nothing crashes, and
// every accepted number prints back to text that parses to the same coefficient and scale; every
// accepted document is written as JSON that reads back and is written the same way again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/decimal.h"
#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (openmsp::Result<openmsp::Decimal> value = openmsp::Decimal::Parse(text)) {
    const openmsp::Decimal again = openmsp::Decimal::Parse(value->ToString()).value();
    if (again.coefficient() != value->coefficient() || again.scale() != value->scale()) std::abort();
    for (auto mode : {openmsp::RoundingMode::kHalfUp, openmsp::RoundingMode::kHalfEven}) {
      const openmsp::Decimal rounded = value->Rounded(2, mode);
      if (rounded.Rounded(2, mode) != rounded) std::abort();
    }
  }
  if (openmsp::Result<boost::json::value> document = openmsp::ParseJson(text)) {
    const std::string written = openmsp::SerializeJson(*document);
    openmsp::Result<boost::json::value> reread = openmsp::ParseJson(written);
    if (!reread.ok() || openmsp::SerializeJson(*reread) != written) std::abort();
  }
  return 0;
}
