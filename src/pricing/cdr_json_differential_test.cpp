// The event-driven CdrReader against the DOM-based ParseCdr it replaced (kept here verbatim, in
// `old_dom`, as the oracle): the same Cdr or the same error, to the character, for every CDR of the shared
// fixtures and tens of thousands of mutations of them (truncations, stray bytes, duplicate members, values
// of every kind in every place, deep nesting, exponents and huge numbers).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/json.h"
#include "pricing/cdr_json.h"
#include "pricing/ocpi_field_json.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {
namespace old_dom {

namespace {

using ocpi_json::EnumName;
using ocpi_json::ReadDecimal;
using ocpi_json::ReadMember;
using ocpi_json::ReadOptionalMember;

constexpr std::array<EnumName<CdrDimension>, 13> kDimensionNames = {{
    {"CURRENT", CdrDimension::kCurrent},
    {"ENERGY", CdrDimension::kEnergy},
    {"ENERGY_EXPORT", CdrDimension::kEnergyExport},
    {"ENERGY_IMPORT", CdrDimension::kEnergyImport},
    {"MAX_CURRENT", CdrDimension::kMaxCurrent},
    {"MIN_CURRENT", CdrDimension::kMinCurrent},
    {"MAX_POWER", CdrDimension::kMaxPower},
    {"MIN_POWER", CdrDimension::kMinPower},
    {"PARKING_TIME", CdrDimension::kParkingTime},
    {"POWER", CdrDimension::kPower},
    {"RESERVATION_TIME", CdrDimension::kReservationTime},
    {"STATE_OF_CHARGE", CdrDimension::kStateOfCharge},
    {"TIME", CdrDimension::kTime},
}};

Result<CdrDimension> ReadDimensionType(const boost::json::value& value) {
  return ocpi_json::ReadEnum(value, kDimensionNames);
}

Result<CdrDimensionVolume> ReadDimension(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required, ocpi_json::RequiredMembers<2>(*object, {"type", "volume"}));
  const auto& [type, volume] = required;
  CdrDimensionVolume dimension;
  OPENMSP_ASSIGN_OR_RETURN(dimension.type, ReadMember(*type, "type", ReadDimensionType));
  OPENMSP_ASSIGN_OR_RETURN(dimension.volume, ReadMember(*volume, "volume", ReadDecimal));
  return dimension;
}

Result<std::string> ReadTariffId(const boost::json::value& value) {
  return ocpi_json::ReadCiString(value, 36);
}

Result<ChargingPeriod> ReadChargingPeriod(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required,
                           ocpi_json::RequiredMembers<2>(*object, {"start_date_time", "dimensions"}));
  const auto& [start, dimensions] = required;
  ChargingPeriod period;
  OPENMSP_ASSIGN_OR_RETURN(period.start_date_time,
                           ReadMember(*start, "start_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(period.dimensions,
                           ReadMember(*dimensions, "dimensions", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadDimension, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(period.tariff_id, ReadOptionalMember(*object, "tariff_id", ReadTariffId));
  return period;
}

Result<std::string> ReadIdentity(const boost::json::object& object, std::string_view key,
                                 std::size_t max_length) {
  const boost::json::value* value = ocpi_json::FindMember(object, key);
  if (value == nullptr) return std::string();
  Result<std::string> text = ocpi_json::ReadCiString(*value, max_length);
  if (!text) return std::move(text).error().Nested(key);
  return text;
}

Result<StatedCosts> ReadStatedCosts(const boost::json::object& object) {
  StatedCosts stated;
  OPENMSP_ASSIGN_OR_RETURN(stated.total_cost, ReadOptionalMember(object, "total_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_fixed_cost,
                           ReadOptionalMember(object, "total_fixed_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_energy_cost,
                           ReadOptionalMember(object, "total_energy_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_time_cost,
                           ReadOptionalMember(object, "total_time_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_parking_cost,
                           ReadOptionalMember(object, "total_parking_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_reservation_cost,
                           ReadOptionalMember(object, "total_reservation_cost", ocpi_json::ReadPrice));
  return stated;
}

}  // namespace

Result<Cdr> ParseCdr(const boost::json::value& json, CdrTariffs tariffs) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(json));
  OPENMSP_ASSIGN_OR_RETURN(
      const auto required,
      ocpi_json::RequiredMembers<6>(*object, {"start_date_time", "end_date_time", "currency",
                                              "charging_periods", "total_energy", "total_time"}));
  const auto& [start, end, currency, periods, total_energy, total_time] = required;
  Cdr cdr;
  OPENMSP_ASSIGN_OR_RETURN(cdr.country_code, ReadIdentity(*object, "country_code", 2));
  OPENMSP_ASSIGN_OR_RETURN(cdr.party_id, ReadIdentity(*object, "party_id", 3));
  OPENMSP_ASSIGN_OR_RETURN(cdr.id, ReadIdentity(*object, "id", 39));
  OPENMSP_ASSIGN_OR_RETURN(cdr.start_date_time,
                           ReadMember(*start, "start_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(cdr.end_date_time, ReadMember(*end, "end_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(cdr.currency, ReadMember(*currency, "currency", ocpi_json::ReadCurrency));
  const boost::json::value* own_tariffs = ocpi_json::FindMember(*object, "tariffs");
  if (own_tariffs != nullptr && tariffs == CdrTariffs::kRead) {
    OPENMSP_ASSIGN_OR_RETURN(cdr.tariffs,
                             ReadMember(*own_tariffs, "tariffs", [](const boost::json::value& list) {
                               return ocpi_json::ReadArray(list, ParseTariff);
                             }));
  }
  OPENMSP_ASSIGN_OR_RETURN(cdr.charging_periods,
                           ReadMember(*periods, "charging_periods", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadChargingPeriod, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_energy, ReadMember(*total_energy, "total_energy", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_time, ReadMember(*total_time, "total_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_parking_time,
                           ReadOptionalMember(*object, "total_parking_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_reservation_time,
                           ReadOptionalMember(*object, "total_reservation_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.stated, ReadStatedCosts(*object));
  return cdr;
}

Result<std::optional<std::string_view>> CdrLocationTimeZone(const boost::json::value& json) {
  const boost::json::object* object = json.if_object();
  if (object == nullptr) return InvalidArgument("", "must be an object");
  const boost::json::value* location = ocpi_json::FindMember(*object, "cdr_location");
  if (location == nullptr) return std::optional<std::string_view>();
  if (!location->is_object()) return InvalidArgument("cdr_location", "must be an object");
  const boost::json::value* zone = ocpi_json::FindMember(location->get_object(), "time_zone");
  if (zone == nullptr) return std::optional<std::string_view>();
  if (!zone->is_string()) return InvalidArgument("cdr_location.time_zone", "must be a string");
  return std::optional<std::string_view>(
      std::string_view(zone->get_string().data(), zone->get_string().size()));
}


}  // namespace old_dom

namespace {

const std::filesystem::path kShared = OPENMSP_SHARED_DIR;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Describe(const Decimal& value) { return value.ToString(); }
std::string Describe(const std::optional<Decimal>& value) { return value ? value->ToString() : "-"; }
std::string Describe(const std::optional<Price>& price) {
  if (!price) return "-";
  return price->excl_vat.ToString() + "/" + Describe(price->incl_vat);
}

// Every member of a Cdr, scales included, as text.
std::string Describe(const Cdr& cdr) {
  std::string text = cdr.country_code + "|" + cdr.party_id + "|" + cdr.id + "|" +
                     FormatOcpiDateTime(cdr.start_date_time) + "|" + FormatOcpiDateTime(cdr.end_date_time) +
                     "|" + std::string(cdr.currency.code()) + "|tariffs:";
  for (const Tariff& tariff : cdr.tariffs) {
    text += tariff.id + "/" + std::string(tariff.currency.code()) + "/" + std::to_string(tariff.elements.size()) + ",";
  }
  text += "|periods:";
  for (const ChargingPeriod& period : cdr.charging_periods) {
    text += FormatOcpiDateTime(period.start_date_time) + "/" + period.tariff_id.value_or("-") + "[";
    for (const CdrDimensionVolume& dimension : period.dimensions) {
      text += std::to_string(static_cast<int>(dimension.type)) + "=" + dimension.volume.ToString() + ",";
    }
    text += "]";
  }
  text += "|" + Describe(cdr.total_energy) + "|" + Describe(cdr.total_time) + "|" + Describe(cdr.total_parking_time) +
          "|" + Describe(cdr.total_reservation_time) + "|" + Describe(cdr.stated.total_cost) + "|" +
          Describe(cdr.stated.total_fixed_cost) + "|" + Describe(cdr.stated.total_energy_cost) + "|" +
          Describe(cdr.stated.total_time_cost) + "|" + Describe(cdr.stated.total_parking_cost) + "|" +
          Describe(cdr.stated.total_reservation_cost);
  return text;
}

std::string Describe(const Error& error) {
  return "error " + std::string(ErrorCodeName(error.code)) + " [" + error.field + "] " + error.message;
}

std::string Describe(const Result<std::optional<std::string_view>>& zone) {
  if (!zone) return Describe(zone.error());
  return zone->has_value() ? std::string(**zone) : "-";
}

std::string Old(std::string_view text, CdrTariffs tariffs) {
  const Result<boost::json::value> document = ParseJson(text);
  if (!document) return Describe(document.error());
  const Result<Cdr> cdr = old_dom::ParseCdr(*document, tariffs);
  if (!cdr) return Describe(cdr.error());
  return Describe(*cdr) + " zone " + Describe(old_dom::CdrLocationTimeZone(*document));
}

std::string New(CdrReader& reader, std::string_view text, CdrTariffs tariffs) {
  const Result<std::reference_wrapper<const Cdr>> cdr = reader.Read(text, tariffs);
  if (!cdr) return Describe(cdr.error());
  return Describe(cdr->get()) + " zone " + Describe(reader.LocationTimeZone());
}

std::vector<std::string> Corpus() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kShared / "ocpi/examples")) {
    if (entry.path().filename().string().starts_with("cdr") && entry.path().extension() == ".json") {
      texts.push_back(ReadFile(entry.path()));
    }
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kShared / "fixtures/tariffs")) {
    if (entry.path().extension() != ".json") continue;
    const Result<boost::json::value> vector = ParseJson(ReadFile(entry.path()));
    if (vector && vector->is_object() && vector->as_object().contains("cdr")) {
      texts.push_back(SerializeJson(vector->at("cdr")));
    }
  }
  return texts;
}

TEST(CdrReaderAgainstTheDomReader, AgreeOnEveryFixture) {
  const std::vector<std::string> corpus = Corpus();
  ASSERT_GT(corpus.size(), 40u);
  CdrReader reader;
  for (const std::string& text : corpus) {
    for (CdrTariffs tariffs : {CdrTariffs::kRead, CdrTariffs::kIgnore}) {
      EXPECT_EQ(New(reader, text, tariffs), Old(text, tariffs)) << text;
    }
  }
}

const std::vector<std::string_view> kKeys = {
    "country_code", "party_id", "id", "start_date_time", "end_date_time", "currency", "tariffs",
    "charging_periods", "total_energy", "total_time", "total_parking_time", "total_reservation_time",
    "total_cost", "total_fixed_cost", "total_energy_cost", "total_time_cost", "total_parking_cost",
    "total_reservation_cost", "cdr_location", "time_zone", "dimensions", "tariff_id", "type", "volume",
    "excl_vat", "incl_vat", "unknown", "elements", "price_components", "price", "step_size", "cdr_token"};

const std::vector<std::string_view> kValues = {
    "null", "1", "-0", "-0.0", "1e2", "0.2500", "2.5E-3", "true", "false", "\"x\"", "\"ENERGY\"",
    "\"energy\"", "\"2026-03-01T10:00:00Z\"", "\"2026-03-01T09:00:00Z\"", "\"EUR\"", "\"Europe/Amsterdam\"",
    "\"Mars/Base\"", "[]", "{}", "[1]", "[null]", "[{}]", R"([{"type":"TIME","volume":1}])",
    R"([{"start_date_time":"2026-03-01T10:00:00Z","dimensions":[{"type":"ENERGY","volume":2}]}])",
    R"({"excl_vat":1,"incl_vat":1.21})", R"({"excl_vat":"1"})", R"({"time_zone":"UTC"})",
    R"([{"id":"T9","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":1,"step_size":1}]}]}])",
    "123456789012345678901234", "0.12345678901234567", "18446744073709551615", "9223372036854775807",
    "1234567890123456789", "12345678901234567890", "1e400", "0e400", "1E-30", "999999999999999e3",
    "[[[[[[[[[[1]]]]]]]]]]", "\"T\\n1\"", "\"\\u0045UR\"", "\"0123456789012345678901234567890123456789\""};

// A random edit of `text`: a member inserted after some `{`, a value replaced, bytes cut or garbled.
std::string Mutate(std::string text, std::mt19937_64& random) {
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  switch (pick(6)) {
    case 0: {  // a member, maybe a duplicate, first in some object
      std::vector<std::size_t> braces;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') braces.push_back(i);
      }
      if (braces.empty()) return text;
      const std::size_t at = braces[pick(braces.size())] + 1;
      const bool empty = text[at] == '}';
      return text.insert(at, "\"" + std::string(kKeys[pick(kKeys.size())]) + "\":" +
                                 std::string(kValues[pick(kValues.size())]) + (empty ? "" : ","));
    }
    case 1: {  // a member, maybe a duplicate, last in some object
      std::vector<std::size_t> braces;
      for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '}' && text[i - 1] != '{') braces.push_back(i);
      }
      if (braces.empty()) return text;
      return text.insert(braces[pick(braces.size())], ",\"" + std::string(kKeys[pick(kKeys.size())]) +
                                                          "\":" + std::string(kValues[pick(kValues.size())]));
    }
    case 2: {  // the value after some colon replaced by another
      std::vector<std::size_t> colons;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ':') colons.push_back(i);
      }
      if (colons.empty()) return text;
      const std::size_t at = colons[pick(colons.size())] + 1;
      const boost::json::string_view rest(text.data() + at, text.size() - at);
      // The old value ends where a parser of the rest stops.
      boost::json::stream_parser parser;
      boost::json::error_code ec;
      const std::size_t length = parser.write_some(rest.data(), rest.size(), ec);
      std::size_t end = at + length;
      if (ec || !parser.done()) {
        end = text.find_first_of(",}]", at);
        if (end == std::string::npos) end = text.size();
      }
      return text.replace(at, end - at, std::string(kValues[pick(kValues.size())]));
    }
    case 3:  // truncated
      return text.substr(0, pick(text.size() + 1));
    case 4: {  // a byte removed
      if (!text.empty()) text.erase(pick(text.size()), 1);
      return text;
    }
    default: {  // a byte replaced
      constexpr std::string_view kBytes = "{}[]\",:0123456789.eE-+tfnul aZ\\\n\x01\xff";
      if (!text.empty()) text[pick(text.size())] = kBytes[pick(kBytes.size())];
      return text;
    }
  }
}

// Every value of every kind in every member the reader knows, alone and duplicated, in one CDR.
TEST(CdrReaderAgainstTheDomReader, AgreeOnEveryValueInEveryMember) {
  const std::string base = Corpus().front();
  CdrReader reader;
  int compared = 0;
  for (std::size_t brace = 0; brace < base.size(); ++brace) {
    if (base[brace] != '{') continue;
    for (std::string_view key : kKeys) {
      for (std::string_view value : kValues) {
        for (const std::string& text : {std::string(base).insert(brace + 1, "\"" + std::string(key) + "\":" + std::string(value) + ","),
                                        std::string(base).insert(brace + 1, "\"" + std::string(key) + "\":" + std::string(value) + ",\"" + std::string(key) + "\":null,")}) {
          for (CdrTariffs tariffs : {CdrTariffs::kRead, CdrTariffs::kIgnore}) {
            ASSERT_EQ(New(reader, text, tariffs), Old(text, tariffs)) << text;
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 10000);
}

TEST(CdrReaderAgainstTheDomReader, AgreeOnMutatedFixtures) {
  const std::vector<std::string> corpus = Corpus();
  std::mt19937_64 random(3);
  CdrReader reader;
  int accepted = 0;
  int refused = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text = corpus[static_cast<std::size_t>(random() % corpus.size())];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int edit = 0; edit < edits; ++edit) text = Mutate(std::move(text), random);
    for (CdrTariffs tariffs : {CdrTariffs::kRead, CdrTariffs::kIgnore}) {
      const std::string expected = Old(text, tariffs);
      ASSERT_EQ(New(reader, text, tariffs), expected) << text;
      (expected.starts_with("error") ? refused : accepted) += 1;
    }
  }
  EXPECT_GT(accepted, 5000);
  EXPECT_GT(refused, 5000);
}

}  // namespace
}  // namespace openmsp::pricing
