#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/time.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// What a charging period's volume measures (OCPI `CdrDimensionType`).
enum class CdrDimension {
  kCurrent,          ///< A, average
  kEnergy,           ///< kWh charged in the period
  kEnergyExport,     ///< kWh
  kEnergyImport,     ///< kWh
  kMaxCurrent,       ///< A
  kMinCurrent,       ///< A
  kMaxPower,         ///< kW
  kMinPower,         ///< kW
  kParkingTime,      ///< hours not requesting power
  kPower,            ///< kW, average
  kReservationTime,  ///< hours reserved
  kStateOfCharge,    ///< percent
  kTime,             ///< hours charging
};

/// One measured value of a charging period.
struct CdrDimensionVolume {
  CdrDimension type = CdrDimension::kEnergy;
  Decimal volume;
};

/// A part of a session in which nothing cost-relevant changed (OCPI `ChargingPeriod`). It lasts until the
/// next period's start, the last one until the CDR's end.
struct ChargingPeriod {
  Instant start_date_time;
  std::vector<CdrDimensionVolume> dimensions;
  std::optional<std::string> tariff_id;  ///< the tariff that prices this period, among the CDR's tariffs
};

/// The costs a CPO states in its CDR, when it does (all optional here, so that a CDR without costs can be
/// priced too).
struct StatedCosts {
  std::optional<Price> total_cost;
  std::optional<Price> total_fixed_cost;
  std::optional<Price> total_energy_cost;
  std::optional<Price> total_time_cost;
  std::optional<Price> total_parking_cost;
  std::optional<Price> total_reservation_cost;
};

/// OCPI `CdrToken`: who charged. Pricing does not look at it; rating (src/rating) finds the customer by it.
/// `CdrReader` fills all three (they are required in a `cdr_token`); its `country_code` and `party_id`
/// (the eMSP's) are not kept.
struct CdrToken {
  std::string uid;          ///< CiString(1..36), as given (not case-folded)
  std::string type;         ///< OCPI 2.2.1 `TokenType`: `AD_HOC_USER`, `APP_USER`, `OTHER` or `RFID`
  std::string contract_id;  ///< CiString(1..36), as given (not necessarily a valid EMA-ID)
};

/// The members of OCPI `CdrLocation` that tell where the session took place: what rating classifies a
/// connector by when the location was never synced. Absent (or `null`) members stay empty; OCPI requires
/// them all, but `CdrReader` does not, and checks each one's form when present.
struct CdrLocation {
  std::string id;                    ///< CiString(36)
  std::string country;               ///< ISO 3166-1 alpha-3, assigned, upper case as OCPI writes it (`NLD`)
  std::string evse_uid;              ///< CiString(36)
  std::string evse_id;               ///< CiString(48): eMI3 form when the CPO follows it (not checked)
  std::string connector_id;          ///< CiString(36)
  std::string connector_power_type;  ///< OCPI `PowerType`: `AC_1_PHASE`, `AC_2_PHASE`, `AC_2_PHASE_SPLIT`,
                                     ///< `AC_3_PHASE` or `DC`
};

/// The parts of an OCPI CDR (or a session's running state) that determine its cost.
struct Cdr {
  std::string country_code;  ///< the CPO's
  std::string party_id;      ///< the CPO's
  std::string id;
  Instant start_date_time;
  Instant end_date_time;
  Currency currency = Currency::Find("EUR").value();
  std::vector<Tariff> tariffs;  ///< the tariffs as at session start, as the CDR carries them
  std::vector<ChargingPeriod> charging_periods;
  Decimal total_energy;                       ///< kWh
  Decimal total_time;                         ///< hours, whole session
  std::optional<Decimal> total_parking_time;  ///< hours
  std::optional<Decimal> total_reservation_time;  ///< hours
  StatedCosts stated;
  std::optional<CdrToken> token;        ///< `cdr_token`, when present
  std::optional<CdrLocation> location;  ///< `cdr_location`, when present
  bool credit = false;                  ///< `credit`: a credit CDR cancels the CDR it references
  /// `credit_reference_id` (CiString 1..39): the `id` of that CDR. Always set when `credit` is; may be set
  /// without it (kept as given, meaning nothing).
  std::optional<std::string> credit_reference_id;
};

}  // namespace openmsp::pricing
