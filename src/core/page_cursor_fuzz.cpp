// libFuzzer target: PageCursor::DecodeAny on arbitrary text. Invariants: nothing crashes, every refusal
// names the field `cursor`, and every accepted token encodes back to itself (one token per position).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/page_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  openmsp::Result<openmsp::PageCursor> cursor = openmsp::PageCursor::DecodeAny(token);
  if (!cursor.ok()) {
    if (cursor.error().field != "cursor" || cursor.error().code != openmsp::ErrorCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  openmsp::Result<std::string> again = cursor->Encode();
  if (!again.ok() || *again != token) std::abort();
  return 0;
}
