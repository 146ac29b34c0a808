#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/time.h"
#include "domain/business_partner_group.h"
#include "domain/location.h"
#include "domain/location_group.h"
#include "domain/tariff_code.h"
#include "store/repositories.h"

// Stored objects for the tests of the location and pricing routes (pricing_routes_test.cpp and their
// cases in authorization_test.cpp), written straight through the repositories as OCPI and the CLI would.
namespace openmsp::api::test {

/// A location of one EVSE with one connector, as a CPO would push it.
struct LocationSpec {
  std::string cpo = "NL-CPO";
  std::string id;
  std::string name;
  std::string city = "Amsterdam";
  std::string country = "NLD";
  std::string latitude = "52.3700000";
  std::string longitude = "4.8900000";
  std::string evse_id = "NL*CPO*E1";
  domain::PowerType power_type = domain::PowerType::kAc3Phase;
  std::int64_t volts = 230;
  std::int64_t amperes = 16;
  std::optional<std::int64_t> watts = std::nullopt;
};

inline domain::LocationId StoreLocation(store::Repositories& db, domain::TenantId tenant,
                                        const LocationSpec& spec) {
  const Instant updated = ParseOcpiDateTime("2025-12-01T10:00:00Z").value();
  domain::Connector connector{
      .id = "1",
      .standard = spec.power_type == domain::PowerType::kDc ? "IEC_62196_T2_COMBO" : "IEC_62196_T2",
      .format = domain::ConnectorFormat::kCable,
      .power_type = spec.power_type,
      .max_voltage = spec.volts,
      .max_amperage = spec.amperes,
      .max_electric_power = spec.watts,
      .tariff_ids = {"T1"},
      .last_updated = updated,
      .raw_json = "{}"};
  domain::Evse evse{.uid = "EVSE-" + spec.id,
                    .evse_id = spec.evse_id,
                    .status = domain::EvseStatus::kAvailable,
                    .last_updated = updated,
                    .connectors = {connector},
                    .raw_json = "{}"};
  domain::Location location{.key = {.party = PartyId::Parse(spec.cpo).value(), .location_id = spec.id},
                            .publish = true,
                            .name = spec.name,
                            .address = spec.name + " street 1",
                            .city = spec.city,
                            .postal_code = "",
                            .country = CountryFromAlpha3(spec.country).value(),
                            .coordinates = {.latitude = spec.latitude, .longitude = spec.longitude},
                            .time_zone = "Europe/Amsterdam",
                            .parking_type = std::nullopt,
                            .facilities = {},
                            .last_updated = updated,
                            .evses = {evse},
                            .raw_json = "{}"};
  (void)db.locations().Upsert(tenant, location).value();
  return db.locations().Find(tenant, location.key).value().id;
}

/// A number not used before in this test binary: unique names and priorities.
inline int NextNumber() {
  static std::atomic<int> next{100};
  return ++next;
}

inline domain::LocationGroup StoreLocationGroup(store::Repositories& db, domain::TenantId tenant,
                                                const std::string& name) {
  domain::NewLocationGroup group;
  group.name = name + " " + std::to_string(NextNumber());
  group.priority = NextNumber();
  group.criteria.countries = {CountryFromAlpha3("DEU").value()};
  return db.location_groups().Create(tenant, group).value();
}

inline domain::BusinessPartnerGroup StoreBusinessPartnerGroup(store::Repositories& db,
                                                              domain::TenantId tenant,
                                                              const std::string& name,
                                                              domain::OrganisationUnitId unit) {
  return db.business_partner_groups()
      .Create(tenant, domain::NewBusinessPartnerGroup{.name = name + " " + std::to_string(NextNumber()),
                                                      .units = {unit}})
      .value();
}

inline domain::TariffCode StoreTariffCode(store::Repositories& db, domain::TenantId tenant,
                                          const std::string& code) {
  return db.tariff_codes()
      .Create(tenant, domain::NewTariffCode{.code = code + "-" + std::to_string(NextNumber()),
                                            .kind = domain::TariffCodeKind::kEnergy,
                                            .unit = domain::TariffUnit::kKwh,
                                            .step_size = Decimal(1),
                                            .free_units = Decimal(0),
                                            .grace_period = std::chrono::minutes(0),
                                            .description = "Energy"})
      .value();
}

}  // namespace openmsp::api::test
