#include "domain/cpo_tariff.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {

Result<void> ValidateCpoTariff(const CpoTariff& tariff) {
  if (tariff.key.tariff_id.empty()) return InvalidArgument("tariff_id", "must not be empty");
  if (Result<void> valid = ValidateCiString(tariff.key.tariff_id, 36); !valid) {
    return valid.error().Nested("tariff_id");
  }
  if (tariff.raw_json.empty()) return InvalidArgument("raw_json", "must hold the tariff as received");
  return Ok();
}

}  // namespace openmsp::domain
