#pragma once

#include <string>

#include "core/time.h"

namespace openmsp::store {

/// `instant` as an OCPI DateTime that always has three fractional digits (`2026-01-01T00:00:00.000Z`):
/// the form the users, peers and audit tables write instants in. On SQLite, where an instant is text,
/// every value then has the same width, so comparing and ordering the text compares and orders the
/// instants (`FormatOcpiDateTime` leaves out `.000`, and `…:00Z` sorts after `…:00.500Z`). PostgreSQL
/// reads either form into TIMESTAMPTZ.
inline std::string SortableInstant(Instant instant) {
  std::string text = FormatOcpiDateTime(instant);
  if (text.find('.') == std::string::npos) text.insert(text.size() - 1, ".000");
  return text;
}

}  // namespace openmsp::store
