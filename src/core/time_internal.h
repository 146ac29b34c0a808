#pragma once

#include <string>

#include "core/time.h"

/// Calendar arithmetic shared by `time.cpp` (UTC) and `time_zone.cpp` (local wall-clock time), so that both
/// validate dates and word their errors the same way. Not part of core's API: include only from core.
namespace openmsp::time_internal {

/// A proleptic Gregorian date and a time of day, in no particular zone: UTC in `time.cpp`, a wall clock in
/// `time_zone.cpp`.
struct CivilTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
};

/// Why `civil` is not a date and time OpenMSP accepts (year outside 0001–9999, a day the month lacks,
/// hour 24, the leap second :60, …), as a phrase for an error message; empty when it is fine.
std::string CivilTimeProblem(const CivilTime& civil);

/// Milliseconds from 1970-01-01T00:00:00 to `civil` on the same clock. `civil` must have no problem.
Duration SinceEpoch(const CivilTime& civil);

/// The date and time `since_epoch` after 1970-01-01T00:00:00, the inverse of `SinceEpoch`.
CivilTime FromSinceEpoch(Duration since_epoch);

/// `YYYY-MM-DDThh:mm:ss`, followed by `.mmm` when the milliseconds are not zero. Years must be 0–9999.
std::string FormatCivilTime(const CivilTime& civil);

}  // namespace openmsp::time_internal
