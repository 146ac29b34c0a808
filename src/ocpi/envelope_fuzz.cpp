// libFuzzer target: ParseEnvelope on arbitrary bytes. Invariants: nothing crashes; an accepted envelope
// written back (EnvelopeJson) reads back to the same code, message, timestamp and data — the same data as
// JSON text: a number written `0e0` or `1e2` is kept as a double and written back `0` or `100`, which reads
// back as an integer of the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "ocpi/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openmsp::Result<openmsp::ocpi::Envelope> envelope = openmsp::ocpi::ParseEnvelope(text);
  if (!envelope) {
    if (envelope.error().code != openmsp::ErrorCode::kPeerError || envelope.error().field.empty())
      std::abort();
    return 0;
  }
  const openmsp::Result<openmsp::ocpi::Envelope> reread =
      openmsp::ocpi::ParseEnvelope(openmsp::SerializeJson(openmsp::ocpi::EnvelopeJson(*envelope)));
  if (!reread.ok() || reread->status_code != envelope->status_code ||
      reread->status_message != envelope->status_message || reread->timestamp != envelope->timestamp ||
      openmsp::SerializeJson(reread->data) != openmsp::SerializeJson(envelope->data)) {
    std::abort();
  }
  (void)openmsp::ocpi::SuccessData(*envelope);
  return 0;
}
