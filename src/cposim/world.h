#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"

/// The generated world of the CPO simulator: locations with EVSEs and connectors, tariffs, sessions and
/// the CDRs that close them, as OCPI 2.2.1 objects (ocpi-2.2.1-emsp.md §5, §6, §7, §8). Pure: the same
/// seed and the same instants give the same objects byte for byte; no clock, no socket.
namespace openmsp::cposim {

/// A small deterministic generator (SplitMix64): the simulator's only source of variety, so that a run
/// is repeated by repeating its `--seed`. Not for secrets.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t Next();
  /// A whole number from `low` to `high`, both included (`low` ≤ `high`).
  std::int64_t Between(std::int64_t low, std::int64_t high);
  /// True with probability `rate` (0: never, 1 or more: always), drawn in millionths.
  bool Chance(double rate);

 private:
  std::uint64_t state_;
};

/// A CPO tariff the simulator prices its CDRs with: a price per kWh, per hour and per session, excl. VAT,
/// with one VAT rate. Energy is billed per Wh (`step_size` 1) and time per 3 minutes (`step_size` 180),
/// and the generator only makes volumes that are whole steps, so no volume is rounded.
struct SimTariff {
  PartyId party;
  std::string id;
  std::string currency = "EUR";
  Decimal energy_price;  ///< per kWh
  Decimal time_price;    ///< per hour
  Decimal flat_price;    ///< per session
  Decimal vat;           ///< percent
  Instant last_updated;
};

/// One connector of a simulated EVSE (one connector per EVSE).
struct SimEvse {
  std::string uid;         ///< CiString(36), `EVSE-1`
  std::string evse_id;     ///< eMI3 EVSE id, `NL*CPO*E0001001`
  std::string standard;    ///< `IEC_62196_T2` or `IEC_62196_T2_COMBO`
  std::string format;      ///< `SOCKET` or `CABLE`
  std::string power_type;  ///< `AC_3_PHASE` or `DC`
  std::int64_t max_voltage = 0;
  std::int64_t max_amperage = 0;
  std::int64_t max_power_w = 0;  ///< max_electric_power, W; a multiple of 20
};

/// One simulated charging site.
struct SimLocation {
  PartyId party;
  std::string id;  ///< `LOC-0001`
  std::string name;
  std::string address;
  std::string city;
  std::string postal_code;
  std::string latitude;   ///< `52.370216`
  std::string longitude;  ///< `4.895168`
  std::string tariff_id;
  std::vector<SimEvse> evses;
  Instant last_updated;
};

/// The token a session is charged to, as the eMSP published it (`cdr_token` of Session and CDR).
struct SimToken {
  std::string country_code;
  std::string party_id;
  std::string uid;
  std::string type = "RFID";
  std::string contract_id;
};

/// One charging period: `minutes` long (a multiple of 3), `energy_wh` charged in it.
struct SimPeriod {
  Instant start;
  std::int64_t minutes = 0;
  std::int64_t energy_wh = 0;
};

/// A simulated session at one EVSE of one location, for one token, priced with one tariff.
struct SimSession {
  PartyId party;
  std::string id;  ///< CiString(36); the CDR of a completed session has the id `CDR-` + this id
  SimToken token;
  std::string location_id;
  std::string evse_uid;
  std::string connector_id = "1";
  std::string authorization_reference =
      {};  ///< from the real-time authorization or the START_SESSION; may be empty
  std::string auth_method = "AUTH_REQUEST";  ///< `AUTH_REQUEST` (authorized in real time) or `COMMAND`
  Instant start;
  std::vector<SimPeriod> periods;
};

/// A generated world: the locations and tariffs of every party the simulator speaks for.
struct World {
  std::vector<SimTariff> tariffs;
  std::vector<SimLocation> locations;
};

/// `locations_per_party` locations (1 to 4 EVSEs each, AC or DC) and one tariff per party (plus a
/// second, dearer one for DC), all `last_updated` at `now`. The same seed gives the same world.
World GenerateWorld(Rng& rng, const std::vector<PartyId>& parties, int locations_per_party, Instant now);

/// A session of `token` at a random EVSE of `location`, starting at `start`, of 2 to 4 periods of 3 to 45
/// minutes at 40–100 % of the EVSE's power (whole Wh per period). `sequence` makes its id unique.
SimSession GenerateSession(Rng& rng, const SimLocation& location, const SimToken& token, Instant start,
                           std::int64_t sequence);

/// The totals of a session priced with `tariff`, exactly as its CDR states them.
struct SimTotals {
  Decimal energy_kwh;  ///< Σ periods' ENERGY
  Decimal time_hours;  ///< Σ periods' TIME, = (end - start) in hours
  Instant end;
  Decimal energy_cost;  ///< energy × price, rounded half-up to cents, excl. VAT
  Decimal time_cost;
  Decimal fixed_cost;
  Decimal total_excl_vat;  ///< the sum of the three
  Decimal total_incl_vat;  ///< each of the three with VAT, rounded to cents, summed
};

/// Prices `session` with `tariff` (excl. VAT: volume × price, rounded half-up to cents per dimension;
/// incl. VAT: each dimension × (1 + vat/100) rounded to cents).
SimTotals PriceSession(const SimSession& session, const SimTariff& tariff);

/// The OCPI objects (§5.3, §8.2, §6.3, §7.3); every one validates against its 2.2.1 JSON Schema.
boost::json::object LocationJson(const SimLocation& location);
boost::json::object TariffJson(const SimTariff& tariff);
/// The Session: ACTIVE with the periods so far (`periods_so_far` of them; `kwh` their energy), or
/// COMPLETED with all, its end and total cost.
boost::json::object SessionJson(const SimSession& session, const SimTariff& tariff,
                                std::size_t periods_so_far, bool completed, Instant last_updated);
/// One charging period (`ChargingPeriod`: ENERGY in kWh, TIME in hours, the tariff id).
boost::json::object PeriodJson(const SimPeriod& period, const std::string& tariff_id);
/// The CDR `cdr_id` of a completed session, its tariff embedded, its totals from `PriceSession`.
boost::json::object CdrJson(const SimSession& session, const SimLocation& location, const SimTariff& tariff,
                            const std::string& cdr_id, Instant last_updated);
/// The credit CDR `credit_id` for `original` (§7.1: `credit: true`, `credit_reference_id` the original's
/// id, every cost negated, volumes kept).
boost::json::object CreditCdrJson(const boost::json::object& original, const std::string& credit_id,
                                  Instant last_updated);

/// Checks a CDR as the simulator promises it (the property its tests hold it to, and what a receiver
/// rating it may rely on): `total_energy` is the sum of the periods' ENERGY, `total_time` the sum of
/// their TIME and equal to the time from `start_date_time` to `end_date_time`, each period starts when the
/// previous one ended, each cost component is the volume times the embedded tariff's price rounded to
/// cents, and `total_cost` is their sum (negated for a credit CDR). kInvalidArgument naming the member that
/// disagrees.
Result<void> CheckCdrConsistency(const boost::json::object& cdr);

}  // namespace openmsp::cposim
