// libFuzzer target: ParseOcpiDateTime on arbitrary bytes. Invariants: nothing crashes; every accepted
// DateTime formats within string(25) to text that parses to the same instant; its local time in
// Europe/Amsterdam converts back to it under one of the two choices.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openmsp::Result<openmsp::Instant> instant = openmsp::ParseOcpiDateTime(text);
  if (!instant) return 0;
  const std::string written = openmsp::FormatOcpiDateTime(*instant);
  if (written.size() > openmsp::kMaxOcpiDateTimeLength) std::abort();
  const openmsp::Result<openmsp::Instant> reread = openmsp::ParseOcpiDateTime(written);
  if (!reread.ok() || *reread != *instant) std::abort();

  static const openmsp::TimeZone amsterdam = openmsp::TimeZone::Find("Europe/Amsterdam").value();
  const openmsp::LocalDateTime local = amsterdam.ToLocal(*instant);
  const auto earliest = amsterdam.ToInstant(local, openmsp::LocalTimeChoice::kEarliest);
  const auto latest = amsterdam.ToInstant(local, openmsp::LocalTimeChoice::kLatest);
  const bool at_the_edge = !earliest.ok() || !latest.ok();
  if (!at_the_edge && *earliest != *instant && *latest != *instant) std::abort();
  return 0;
}
