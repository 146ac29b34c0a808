#include "store/sql_location_rows.h"

#include "store/sql_support.h"

namespace openmsp::store {

Result<domain::StoredLocation> PlaceLocationFromRow(const SqlRow& row, std::size_t first) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[first]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[first + 1]));
  const std::string what = "location " + std::to_string(id);
  Result<PartyId> party = PartyId::FromFields(TextOf(row[first + 2]), TextOf(row[first + 3]));
  if (!party) return Corrupt(what + " has a bad party id");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t publish, ParseInteger(row[first + 5]));
  Result<Country> country = CountryFromAlpha3(TextOf(row[first + 6]));
  if (!country) return Corrupt(what + " has the country '" + TextOf(row[first + 6]) + "'");
  std::optional<domain::ParkingType> parking_type;
  if (row[first + 7]) {
    OPENMSP_ASSIGN_OR_RETURN(parking_type, ParseStored(domain::ParseParkingType, row[first + 7]));
  }
  std::optional<domain::Accessibility> accessibility_override;
  if (row[first + 9]) {
    OPENMSP_ASSIGN_OR_RETURN(accessibility_override, ParseStored(domain::ParseAccessibility, row[first + 9]));
  }
  return domain::StoredLocation{
      .id = domain::LocationId{id},
      .tenant_id = domain::TenantId{tenant_id},
      .location =
          domain::Location{.key = domain::LocationKey{.party = *party, .location_id = TextOf(row[first + 4])},
                           .publish = publish != 0,
                           .name = {},
                           .address = {},
                           .city = {},
                           .postal_code = {},
                           .country = *country,
                           .coordinates = {},
                           .time_zone = {},
                           .parking_type = parking_type,
                           .facilities = Split(row[first + 8], ' '),
                           .last_updated = {},
                           .evses = {},
                           .raw_json = {}},
      .accessibility_override = accessibility_override};
}

SqlParam JoinedOrNull(const std::vector<std::string>& values, char separator) {
  if (values.empty()) return nullptr;
  std::string joined;
  for (const std::string& value : values) {
    if (!joined.empty()) joined += separator;
    joined += value;
  }
  return joined;
}

std::vector<std::string> Split(const std::optional<std::string>& text, char separator) {
  std::vector<std::string> values;
  if (!text) return values;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text->find(separator, start);
    values.push_back(text->substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return values;
}

}  // namespace openmsp::store
