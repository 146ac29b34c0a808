#include "domain/location_search.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include "core/ids/ascii.h"

namespace openmsp::domain {
namespace {

constexpr double kEarthRadiusMetres = 6'371'008.8;
constexpr std::size_t kMaxTextBytes = 100;
constexpr int kMaxCoordinateDecimals = 7;
// How far the box is widened beyond the exact bounds, in degrees (about 1 cm): more than any rounding
// error of the double arithmetic, so the prefilter never drops a point the exact check keeps.
constexpr double kBoxSlackDegrees = 1e-7;

std::optional<double> Degrees(std::string_view text) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value) return std::nullopt;
  const std::string plain = value->ToString();
  double degrees = 0;
  auto [end, error] = std::from_chars(plain.data(), plain.data() + plain.size(), degrees);
  if (error != std::errc() || end != plain.data() + plain.size()) return std::nullopt;
  return degrees;
}

Result<void> ValidateDegrees(std::string_view text, int limit, std::string_view field) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value || value->scale() > kMaxCoordinateDecimals) {
    return InvalidArgument(std::string(field),
                           ascii::Quote(text) + " is not decimal degrees with at most 7 decimals");
  }
  if (value->Abs() > Decimal(limit)) {
    return InvalidArgument(std::string(field), ascii::Quote(text) + " is beyond ±" + std::to_string(limit));
  }
  return Ok();
}

// `degrees` as text with 7 decimals, rounded down (`up` false) or up.
std::string DegreesText(double degrees, bool up) {
  const double scaled = degrees * 1e7;
  const auto units = static_cast<std::int64_t>(up ? std::ceil(scaled) : std::floor(scaled));
  const std::int64_t magnitude = units < 0 ? -units : units;
  std::string fraction = std::to_string(magnitude % 10'000'000);
  fraction.insert(0, 7 - fraction.size(), '0');
  return std::string(units < 0 ? "-" : "") + std::to_string(magnitude / 10'000'000) + "." + fraction;
}

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }
double DegreesOf(double radians) { return radians * 180.0 / std::numbers::pi; }

}  // namespace

Result<void> ValidateLocationSearch(const LocationSearch& search) {
  if (search.text.size() > kMaxTextBytes) {
    return InvalidArgument("text", "must be at most 100 bytes, not " + std::to_string(search.text.size()));
  }
  if (std::any_of(search.text.begin(), search.text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return InvalidArgument("text", "must not hold control characters");
  }
  if (search.min_power_kw && (search.min_power_kw->Sign() < 0 || *search.min_power_kw > Decimal(1'000'000))) {
    return InvalidArgument("min_power_kw", "must be 0 to 1000000 kW, not " + search.min_power_kw->ToString());
  }
  if (search.near) {
    OPENMSP_RETURN_IF_ERROR(ValidateDegrees(search.near->centre.latitude, 90, "near.centre.latitude"));
    OPENMSP_RETURN_IF_ERROR(ValidateDegrees(search.near->centre.longitude, 180, "near.centre.longitude"));
    if (search.near->radius_m < 1 || search.near->radius_m > GeoRadius::kMaxRadiusMetres) {
      return InvalidArgument("near.radius_m",
                             "must be 1 to 1000000 metres, not " + std::to_string(search.near->radius_m));
    }
  }
  if (search.after.value < 0) return InvalidArgument("after", "must not be negative");
  if (search.limit < 1 || search.limit > LocationSearch::kMaxLimit) {
    return InvalidArgument("limit", "must be 1 to 100, not " + std::to_string(search.limit));
  }
  return Ok();
}

GeoBox BoxAround(const GeoRadius& radius) {
  const double latitude = Degrees(radius.centre.latitude).value_or(0);
  const double longitude = Degrees(radius.centre.longitude).value_or(0);
  const double angle = static_cast<double>(radius.radius_m) / kEarthRadiusMetres;
  const double reach = DegreesOf(angle) + kBoxSlackDegrees;
  GeoBox box{.min_latitude = DegreesText(std::max(-90.0, latitude - reach), false),
             .max_latitude = DegreesText(std::min(90.0, latitude + reach), true),
             .min_longitude = std::nullopt,
             .max_longitude = std::nullopt};
  if (latitude + reach >= 90.0 || latitude - reach <= -90.0) return box;
  const double spread =
      DegreesOf(std::asin(std::min(1.0, std::sin(angle) / std::cos(Radians(latitude))))) + kBoxSlackDegrees;
  if (longitude - spread < -180.0 || longitude + spread > 180.0) return box;
  box.min_longitude = DegreesText(longitude - spread, false);
  box.max_longitude = DegreesText(longitude + spread, true);
  return box;
}

std::optional<double> DistanceMetres(const GeoLocation& a, const GeoLocation& b) {
  const std::optional<double> latitude_a = Degrees(a.latitude);
  const std::optional<double> longitude_a = Degrees(a.longitude);
  const std::optional<double> latitude_b = Degrees(b.latitude);
  const std::optional<double> longitude_b = Degrees(b.longitude);
  if (!latitude_a || !longitude_a || !latitude_b || !longitude_b) return std::nullopt;
  const double phi_a = Radians(*latitude_a);
  const double phi_b = Radians(*latitude_b);
  const double half_dphi = (phi_b - phi_a) / 2;
  const double half_dlambda = Radians(*longitude_b - *longitude_a) / 2;
  const double h = std::sin(half_dphi) * std::sin(half_dphi) +
                   std::cos(phi_a) * std::cos(phi_b) * std::sin(half_dlambda) * std::sin(half_dlambda);
  return 2 * kEarthRadiusMetres * std::asin(std::min(1.0, std::sqrt(h)));
}

bool IsWithin(const GeoLocation& point, const GeoRadius& radius) {
  const std::optional<double> distance = DistanceMetres(point, radius.centre);
  return distance && *distance <= static_cast<double>(radius.radius_m);
}

std::int64_t MinimumWatts(const Decimal& kw) {
  const Decimal watts =
      (kw * Decimal(1000)).RoundedUpToMultipleOf(Decimal(1)).Rounded(0, RoundingMode::kDown);
  return static_cast<std::int64_t>(watts.coefficient());
}

}  // namespace openmsp::domain
