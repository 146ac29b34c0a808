#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/result.h"
#include "domain/location.h"

/// The OCPI locations module as the eMSP (interface role RECEIVER) reads it (ocpi-2.2.1-emsp.md §5): the
/// Location, EVSE and Connector objects a CPO pushes, read into `domain::Location`, `domain::Evse` and
/// `domain::Connector`, and written back for a CPO that GETs our copy (§5.1 L5).
namespace openmsp::ocpi {

/// Reads an OCPI 2.2.1 Location (§5.2, with its EVSEs and connectors, §5.3, §5.4) from a document parsed
/// with `openmsp::ParseJson`; `raw_json` is the text it was parsed from, kept as the location's
/// `raw_json`. Each EVSE's and connector's `raw_json` is its part of the document, written compactly
/// (`SerializeJson`: same members, same order, same numbers; no blanks).
///
/// Every member OCPI defines is checked, also those OpenMSP does not keep as fields (they stay in
/// `raw_json` and are answered on a GET): required members present, CiString and string lengths (string
/// in code points), enums exactly as OCPI spells them (case-sensitive), DateTimes strictly
/// (`ParseOcpiDateTime`: `Z` or nothing, never an offset), URLs, integers without a fraction, numbers
/// exact, `HH:MM` times, coordinates (`domain::ValidateLocation`'s rule), sub-objects (opening hours,
/// images, business details, energy mix, publish tokens, status schedules, display texts) member by
/// member. Then `domain::ValidateLocation`. `null` counts as absent; members OCPI does not define are
/// ignored. `address` may be 255 code points (the 2.2.1 errata; d2 said 45), `state` 45.
///
/// Every error is kInvalidArgument (OCPI 2001) naming the path of the field:
/// `evses[0].connectors[1].max_voltage`, `opening_times.regular_hours[2].weekday`, `country_code`.
Result<domain::Location> ParseLocation(const boost::json::value& json, std::string raw_json);

/// Reads an OCPI 2.2.1 EVSE (§5.3) with its connectors, as `ParseLocation` reads one of a location's
/// EVSEs; errors name the path inside the EVSE (`connectors[0].power_type`).
Result<domain::Evse> ParseEvse(const boost::json::value& json, std::string raw_json);

/// Reads an OCPI 2.2.1 Connector (§5.4), as `ParseLocation` reads one; errors name the member
/// (`max_amperage`).
Result<domain::Connector> ParseConnector(const boost::json::value& json, std::string raw_json);

/// The Location we answer a CPO's GET with: the stored object as received (`raw_json`), its `evses`
/// replaced by the stored EVSEs (each assembled as `EvseJson`), `last_updated` the stored (effective)
/// one. Only the members OCPI defines are written (the schema of a Location allows no others), DateTimes
/// in the canonical form (`FormatOcpiDateTime`). kInternal when a stored `raw_json` does not read back.
Result<boost::json::object> LocationJson(const domain::Location& location);

/// The EVSE we answer a GET with: as `LocationJson`, its `connectors` replaced by the stored connectors.
Result<boost::json::object> EvseJson(const domain::Evse& evse);

/// The Connector we answer a GET with: its `raw_json` with the stored `last_updated`, as `LocationJson`.
Result<boost::json::object> ConnectorJson(const domain::Connector& connector);

/// The current object a PATCH applies to (§2.6), with every member as received (none dropped): the
/// location's `raw_json` with its `evses` replaced by each stored EVSE's document, and each EVSE's
/// `connectors` by its connectors' `raw_json`. kInternal when a stored `raw_json` does not read back.
Result<boost::json::object> LocationDocument(const domain::Location& location);
Result<boost::json::object> EvseDocument(const domain::Evse& evse);
Result<boost::json::object> ConnectorDocument(const domain::Connector& connector);

/// `stored` with every member of `patch` put in its place (OCPI PATCH replaces the members it names and
/// leaves the others, §2.6; a list is replaced whole). A member patched to `null` stays as stored: OCPI
/// reads `null` as absent, and a PATCH cannot delete information.
boost::json::object ApplyPatch(boost::json::object stored, const boost::json::object& patch);

}  // namespace openmsp::ocpi
