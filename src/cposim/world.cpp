#include "cposim/world.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <utility>

#include "core/json.h"

namespace openmsp::cposim {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMillionths = 1'000'000;

// Every Decimal the generator writes has at most a dozen digits, which `DecimalToJson` always takes.
json::value Number(const Decimal& value) { return DecimalToJson(value.Normalized()).value(); }

Decimal Cents(const Decimal& value) { return value.Rounded(2, RoundingMode::kHalfUp); }

std::string Padded(std::int64_t number, int width) {
  std::string text = std::to_string(number);
  if (text.size() < static_cast<std::size_t>(width))
    text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
  return text;
}

// `value` (a count of 10^-scale) as a decimal string, e.g. (52370216, 6) -> "52.370216".
std::string Fixed(std::int64_t value, int scale) { return Decimal::FromCoefficient(value, scale).ToString(); }

Decimal Kwh(std::int64_t wh) { return Decimal::FromCoefficient(wh, 3); }
// Minutes are multiples of 3, so hours have at most two decimals and are exact.
Decimal Hours(std::int64_t minutes) {
  return Decimal(minutes).Divide(Decimal(60), 2, RoundingMode::kHalfUp).value();
}

json::object Price(const char* type, const Decimal& price, const Decimal& vat, std::int64_t step_size) {
  return json::object{
      {"type", type}, {"price", Number(price)}, {"vat", Number(vat)}, {"step_size", step_size}};
}

json::object TokenObject(const SimToken& token) {
  return json::object{{"country_code", token.country_code},
                      {"party_id", token.party_id},
                      {"uid", token.uid},
                      {"type", token.type},
                      {"contract_id", token.contract_id}};
}

json::object Amount(const Decimal& excl, const Decimal& incl) {
  return json::object{{"excl_vat", Number(excl)}, {"incl_vat", Number(incl)}};
}

constexpr std::array<std::string_view, 6> kCities = {"Amsterdam", "Utrecht", "Rotterdam",
                                                     "Den Haag",  "Zwolle",  "Eindhoven"};
constexpr std::array<std::string_view, 6> kStreets = {"Stationsplein", "Marktstraat", "Havenweg",
                                                      "Parklaan",      "Kerkstraat",  "Dorpsstraat"};

Result<Decimal> DecimalMember(const json::object& object, std::string_view name, std::string_view field) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr) return InvalidArgument(std::string(field), "missing");
  Result<Decimal> number = DecimalFromJson(*value);
  if (!number) return number.error().Nested(field);
  return number;
}

Result<Instant> InstantMember(const json::object& object, std::string_view name, std::string_view field) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return InvalidArgument(std::string(field), "missing");
  Result<Instant> instant = ParseOcpiDateTime(value->as_string());
  if (!instant) return instant.error().Nested(field);
  return instant;
}

Result<void> Expect(const Decimal& stated, const Decimal& computed, const std::string& field) {
  if (stated == computed) return Ok();
  return InvalidArgument(
      field, "states " + stated.ToString() + ", the CDR's own figures give " + computed.ToString());
}

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::int64_t Rng::Between(std::int64_t low, std::int64_t high) {
  const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<std::int64_t>(Next() % span);
}

bool Rng::Chance(double rate) {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return Between(0, kMillionths - 1) < static_cast<std::int64_t>(rate * static_cast<double>(kMillionths));
}

World GenerateWorld(Rng& rng, const std::vector<PartyId>& parties, int locations_per_party, Instant now) {
  World world;
  for (const PartyId& party : parties) {
    const std::string ac_id = "AC-" + std::string(party.party_id());
    const std::string dc_id = "DC-" + std::string(party.party_id());
    world.tariffs.push_back(SimTariff{.party = party,
                                      .id = ac_id,
                                      .energy_price = Decimal::FromCoefficient(rng.Between(25, 45), 2),
                                      .time_price = Decimal::FromCoefficient(rng.Between(0, 12) * 10, 2),
                                      .flat_price = Decimal::FromCoefficient(rng.Between(0, 4) * 25, 2),
                                      .vat = Decimal(21),
                                      .last_updated = now});
    world.tariffs.push_back(SimTariff{.party = party,
                                      .id = dc_id,
                                      .energy_price = Decimal::FromCoefficient(rng.Between(49, 69), 2),
                                      .time_price = Decimal::FromCoefficient(rng.Between(0, 24) * 10, 2),
                                      .flat_price = Decimal::FromCoefficient(rng.Between(0, 4) * 25, 2),
                                      .vat = Decimal(21),
                                      .last_updated = now});
    for (int i = 1; i <= locations_per_party; ++i) {
      const bool dc = rng.Chance(0.3);
      SimLocation location{
          .party = party,
          .id = "LOC-" + Padded(i, 4),
          .name = std::string(kStreets[static_cast<std::size_t>(rng.Between(0, kStreets.size() - 1))]) + " " +
                  std::to_string(i),
          .address = std::string(kStreets[static_cast<std::size_t>(rng.Between(0, kStreets.size() - 1))]) +
                     " " + std::to_string(rng.Between(1, 200)),
          .city = std::string(kCities[static_cast<std::size_t>(rng.Between(0, kCities.size() - 1))]),
          .postal_code = std::to_string(rng.Between(1000, 9999)) + " AB",
          .latitude = Fixed(rng.Between(51'000'000, 53'400'000), 6),
          .longitude = Fixed(rng.Between(3'400'000, 7'200'000), 6),
          .tariff_id = dc ? dc_id : ac_id,
          .evses = {},
          .last_updated = now};
      const std::int64_t evses = rng.Between(1, 4);
      for (std::int64_t e = 1; e <= evses; ++e) {
        const std::string serial = Padded(i, 4) + Padded(e, 3);
        SimEvse evse{.uid = "EVSE-" + serial,
                     .evse_id = std::string(party.country_code()) + "*" + std::string(party.party_id()) +
                                "*E" + serial,
                     .standard = dc ? "IEC_62196_T2_COMBO" : "IEC_62196_T2",
                     .format = dc ? "CABLE" : "SOCKET",
                     .power_type = dc ? "DC" : "AC_3_PHASE",
                     .max_voltage = dc ? 920 : 400,
                     .max_amperage = dc ? 200 : 32,
                     .max_power_w = dc ? 50'000 * rng.Between(1, 3) : 11'000 * rng.Between(1, 2)};
        location.evses.push_back(std::move(evse));
      }
      world.locations.push_back(std::move(location));
    }
  }
  return world;
}

SimSession GenerateSession(Rng& rng, const SimLocation& location, const SimToken& token, Instant start,
                           std::int64_t sequence) {
  const SimEvse& evse = location.evses[static_cast<std::size_t>(
      rng.Between(0, static_cast<std::int64_t>(location.evses.size()) - 1))];
  SimSession session{.party = location.party,
                     .id = "SES-" + location.id + "-" + Padded(sequence, 6),
                     .token = token,
                     .location_id = location.id,
                     .evse_uid = evse.uid,
                     .start = start,
                     .periods = {}};
  Instant at = start;
  const std::int64_t periods = rng.Between(2, 4);
  for (std::int64_t p = 0; p < periods; ++p) {
    const std::int64_t minutes = 3 * rng.Between(1, 15);
    // Power in W, a multiple of 20: Wh = W × minutes / 60 is whole when minutes are multiples of 3.
    const std::int64_t power = 20 * (evse.max_power_w * rng.Between(40, 100) / 100 / 20);
    session.periods.push_back(SimPeriod{.start = at, .minutes = minutes, .energy_wh = power * minutes / 60});
    at += std::chrono::minutes(minutes);
  }
  return session;
}

SimTotals PriceSession(const SimSession& session, const SimTariff& tariff) {
  SimTotals totals;
  std::int64_t wh = 0;
  std::int64_t minutes = 0;
  for (const SimPeriod& period : session.periods) {
    wh += period.energy_wh;
    minutes += period.minutes;
  }
  totals.energy_kwh = Kwh(wh);
  totals.time_hours = Hours(minutes);
  totals.end = session.start + std::chrono::minutes(minutes);
  totals.energy_cost = Cents(totals.energy_kwh * tariff.energy_price);
  totals.time_cost = Cents(totals.time_hours * tariff.time_price);
  totals.fixed_cost = Cents(tariff.flat_price);
  totals.total_excl_vat = totals.energy_cost + totals.time_cost + totals.fixed_cost;
  const Decimal factor = Decimal(1) + Decimal::FromCoefficient(1, 2) * tariff.vat;
  totals.total_incl_vat = Cents(totals.energy_cost * factor) + Cents(totals.time_cost * factor) +
                          Cents(totals.fixed_cost * factor);
  return totals;
}

json::object LocationJson(const SimLocation& location) {
  json::array evses;
  for (const SimEvse& evse : location.evses) {
    json::object connector{{"id", "1"},
                           {"standard", evse.standard},
                           {"format", evse.format},
                           {"power_type", evse.power_type},
                           {"max_voltage", evse.max_voltage},
                           {"max_amperage", evse.max_amperage},
                           {"max_electric_power", evse.max_power_w},
                           {"tariff_ids", json::array{json::value(location.tariff_id)}},
                           {"last_updated", FormatOcpiDateTime(location.last_updated)}};
    evses.emplace_back(
        json::object{{"uid", evse.uid},
                     {"evse_id", evse.evse_id},
                     {"status", "AVAILABLE"},
                     {"capabilities", json::array{"RFID_READER", "REMOTE_START_STOP_CAPABLE", "RESERVABLE"}},
                     {"connectors", json::array{std::move(connector)}},
                     {"last_updated", FormatOcpiDateTime(location.last_updated)}});
  }
  return json::object{
      {"country_code", location.party.country_code()},
      {"party_id", location.party.party_id()},
      {"id", location.id},
      {"publish", true},
      {"name", location.name},
      {"address", location.address},
      {"city", location.city},
      {"postal_code", location.postal_code},
      {"country", "NLD"},
      {"coordinates", json::object{{"latitude", location.latitude}, {"longitude", location.longitude}}},
      {"parking_type", "ON_STREET"},
      {"evses", std::move(evses)},
      {"time_zone", "Europe/Amsterdam"},
      {"last_updated", FormatOcpiDateTime(location.last_updated)}};
}

json::object TariffJson(const SimTariff& tariff) {
  json::array components;
  components.emplace_back(Price("ENERGY", tariff.energy_price, tariff.vat, 1));
  components.emplace_back(Price("TIME", tariff.time_price, tariff.vat, 180));
  components.emplace_back(Price("FLAT", tariff.flat_price, tariff.vat, 1));
  return json::object{{"country_code", tariff.party.country_code()},
                      {"party_id", tariff.party.party_id()},
                      {"id", tariff.id},
                      {"currency", tariff.currency},
                      {"type", "REGULAR"},
                      {"elements", json::array{json::object{{"price_components", std::move(components)}}}},
                      {"last_updated", FormatOcpiDateTime(tariff.last_updated)}};
}

json::object PeriodJson(const SimPeriod& period, const std::string& tariff_id) {
  return json::object{
      {"start_date_time", FormatOcpiDateTime(period.start)},
      {"dimensions", json::array{json::object{{"type", "ENERGY"}, {"volume", Number(Kwh(period.energy_wh))}},
                                 json::object{{"type", "TIME"}, {"volume", Number(Hours(period.minutes))}}}},
      {"tariff_id", tariff_id}};
}

json::object SessionJson(const SimSession& session, const SimTariff& tariff, std::size_t periods_so_far,
                         bool completed, Instant last_updated) {
  const std::size_t count =
      completed ? session.periods.size() : std::min(periods_so_far, session.periods.size());
  json::array periods;
  std::int64_t wh = 0;
  for (std::size_t i = 0; i < count; ++i) {
    periods.emplace_back(PeriodJson(session.periods[i], tariff.id));
    wh += session.periods[i].energy_wh;
  }
  json::object object{{"country_code", session.party.country_code()},
                      {"party_id", session.party.party_id()},
                      {"id", session.id},
                      {"start_date_time", FormatOcpiDateTime(session.start)},
                      {"kwh", Number(Kwh(wh))},
                      {"cdr_token", TokenObject(session.token)},
                      {"auth_method", session.auth_method},
                      {"location_id", session.location_id},
                      {"evse_uid", session.evse_uid},
                      {"connector_id", session.connector_id},
                      {"currency", tariff.currency},
                      {"charging_periods", std::move(periods)},
                      {"status", completed ? "COMPLETED" : "ACTIVE"},
                      {"last_updated", FormatOcpiDateTime(last_updated)}};
  if (!session.authorization_reference.empty()) {
    object["authorization_reference"] = session.authorization_reference;
  }
  if (completed) {
    const SimTotals totals = PriceSession(session, tariff);
    object["end_date_time"] = FormatOcpiDateTime(totals.end);
    object["total_cost"] = Amount(totals.total_excl_vat, totals.total_incl_vat);
  }
  return object;
}

json::object CdrJson(const SimSession& session, const SimLocation& location, const SimTariff& tariff,
                     const std::string& cdr_id, Instant last_updated) {
  const SimTotals totals = PriceSession(session, tariff);
  const SimEvse* evse = &location.evses.front();
  for (const SimEvse& candidate : location.evses) {
    if (candidate.uid == session.evse_uid) evse = &candidate;
  }
  json::array periods;
  for (const SimPeriod& period : session.periods) periods.emplace_back(PeriodJson(period, tariff.id));
  const Decimal factor = Decimal(1) + Decimal::FromCoefficient(1, 2) * tariff.vat;
  json::object cdr{
      {"country_code", session.party.country_code()},
      {"party_id", session.party.party_id()},
      {"id", cdr_id},
      {"start_date_time", FormatOcpiDateTime(session.start)},
      {"end_date_time", FormatOcpiDateTime(totals.end)},
      {"session_id", session.id},
      {"cdr_token", TokenObject(session.token)},
      {"auth_method", session.auth_method},
      {"cdr_location", json::object{{"id", location.id},
                                    {"name", location.name},
                                    {"address", location.address},
                                    {"city", location.city},
                                    {"postal_code", location.postal_code},
                                    {"country", "NLD"},
                                    {"coordinates", json::object{{"latitude", location.latitude},
                                                                 {"longitude", location.longitude}}},
                                    {"evse_uid", evse->uid},
                                    {"evse_id", evse->evse_id},
                                    {"connector_id", session.connector_id},
                                    {"connector_standard", evse->standard},
                                    {"connector_format", evse->format},
                                    {"connector_power_type", evse->power_type}}},
      {"currency", tariff.currency},
      {"tariffs", json::array{TariffJson(tariff)}},
      {"charging_periods", std::move(periods)},
      {"total_cost", Amount(totals.total_excl_vat, totals.total_incl_vat)},
      {"total_fixed_cost", Amount(totals.fixed_cost, Cents(totals.fixed_cost * factor))},
      {"total_energy", Number(totals.energy_kwh)},
      {"total_energy_cost", Amount(totals.energy_cost, Cents(totals.energy_cost * factor))},
      {"total_time", Number(totals.time_hours)},
      {"total_time_cost", Amount(totals.time_cost, Cents(totals.time_cost * factor))},
      {"last_updated", FormatOcpiDateTime(last_updated)}};
  if (!session.authorization_reference.empty())
    cdr["authorization_reference"] = session.authorization_reference;
  return cdr;
}

json::object CreditCdrJson(const json::object& original, const std::string& credit_id, Instant last_updated) {
  json::object credit = original;
  credit["id"] = credit_id;
  credit["credit"] = true;
  credit["credit_reference_id"] = original.at("id");
  credit["last_updated"] = FormatOcpiDateTime(last_updated);
  for (const char* member : {"total_cost", "total_fixed_cost", "total_energy_cost", "total_time_cost"}) {
    json::value* amount = credit.if_contains(member);
    if (amount == nullptr || !amount->is_object()) continue;
    for (auto& [name, value] : amount->as_object()) {
      const Result<Decimal> number = DecimalFromJson(value);
      if (number) value = Number(-*number);
    }
  }
  return credit;
}

Result<void> CheckCdrConsistency(const json::object& cdr) {
  OPENMSP_ASSIGN_OR_RETURN(const Instant start, InstantMember(cdr, "start_date_time", "start_date_time"));
  OPENMSP_ASSIGN_OR_RETURN(const Instant end, InstantMember(cdr, "end_date_time", "end_date_time"));
  const json::value* periods = cdr.if_contains("charging_periods");
  if (periods == nullptr || !periods->is_array() || periods->as_array().empty()) {
    return InvalidArgument("charging_periods", "missing or empty");
  }
  Decimal energy;
  Decimal hours;
  Instant expected_start = start;
  std::size_t index = 0;
  for (const json::value& period : periods->as_array()) {
    const std::string field = "charging_periods[" + std::to_string(index++) + "]";
    if (!period.is_object()) return InvalidArgument(field, "not an object");
    OPENMSP_ASSIGN_OR_RETURN(const Instant period_start, InstantMember(period.as_object(), "start_date_time",
                                                                       field + ".start_date_time"));
    if (period_start != expected_start) {
      return InvalidArgument(field + ".start_date_time", "does not start where the previous period ended");
    }
    Decimal period_hours;
    for (const json::value& dimension : period.as_object().at("dimensions").as_array()) {
      const json::object& object = dimension.as_object();
      OPENMSP_ASSIGN_OR_RETURN(const Decimal volume, DecimalMember(object, "volume", field + ".volume"));
      if (object.at("type") == "ENERGY") energy += volume;
      if (object.at("type") == "TIME") period_hours += volume;
    }
    hours += period_hours;
    // Hours are whole multiples of 3 minutes (0.05 h): back to milliseconds exactly.
    const Decimal milliseconds = period_hours * Decimal(3'600'000);
    if (!milliseconds.IsInteger())
      return InvalidArgument(field + ".TIME", "not a whole number of milliseconds");
    expected_start +=
        Duration(static_cast<std::int64_t>(milliseconds.Rounded(0, RoundingMode::kDown).coefficient()));
  }
  if (expected_start != end) return InvalidArgument("end_date_time", "is not where the last period ends");

  OPENMSP_ASSIGN_OR_RETURN(const Decimal total_energy, DecimalMember(cdr, "total_energy", "total_energy"));
  OPENMSP_RETURN_IF_ERROR(Expect(total_energy, energy, "total_energy"));
  OPENMSP_ASSIGN_OR_RETURN(const Decimal total_time, DecimalMember(cdr, "total_time", "total_time"));
  OPENMSP_RETURN_IF_ERROR(Expect(total_time, hours, "total_time"));

  const json::value* tariffs = cdr.if_contains("tariffs");
  if (tariffs == nullptr || !tariffs->is_array() || tariffs->as_array().size() != 1) {
    return InvalidArgument("tariffs", "must hold the one tariff the CDR was priced with");
  }
  Decimal energy_price;
  Decimal time_price;
  Decimal flat_price;
  for (const json::value& component :
       tariffs->as_array()[0].at("elements").as_array()[0].at("price_components").as_array()) {
    OPENMSP_ASSIGN_OR_RETURN(const Decimal price,
                             DecimalMember(component.as_object(), "price", "tariffs[0].price"));
    if (component.at("type") == "ENERGY") energy_price = price;
    if (component.at("type") == "TIME") time_price = price;
    if (component.at("type") == "FLAT") flat_price = price;
  }
  const json::value* credit = cdr.if_contains("credit");
  const Decimal sign =
      (credit != nullptr && credit->is_bool() && credit->as_bool()) ? Decimal(-1) : Decimal(1);
  const auto excl = [&cdr](const char* member) -> Result<Decimal> {
    const json::value* amount = cdr.if_contains(member);
    if (amount == nullptr || !amount->is_object()) return InvalidArgument(member, "missing");
    return DecimalMember(amount->as_object(), "excl_vat", std::string(member) + ".excl_vat");
  };
  OPENMSP_ASSIGN_OR_RETURN(const Decimal energy_cost, excl("total_energy_cost"));
  OPENMSP_RETURN_IF_ERROR(
      Expect(energy_cost, sign * Cents(energy * energy_price), "total_energy_cost.excl_vat"));
  OPENMSP_ASSIGN_OR_RETURN(const Decimal time_cost, excl("total_time_cost"));
  OPENMSP_RETURN_IF_ERROR(Expect(time_cost, sign * Cents(hours * time_price), "total_time_cost.excl_vat"));
  OPENMSP_ASSIGN_OR_RETURN(const Decimal fixed_cost, excl("total_fixed_cost"));
  OPENMSP_RETURN_IF_ERROR(Expect(fixed_cost, sign * Cents(flat_price), "total_fixed_cost.excl_vat"));
  OPENMSP_ASSIGN_OR_RETURN(const Decimal total, excl("total_cost"));
  return Expect(total, energy_cost + time_cost + fixed_cost, "total_cost.excl_vat");
}

}  // namespace openmsp::cposim
