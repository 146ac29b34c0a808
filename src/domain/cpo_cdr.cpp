#include "domain/cpo_cdr.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxCdrIdLength = 39;
constexpr std::size_t kMaxCiString36 = 36;

Result<void> CheckCiString(std::string_view text, std::size_t max_length, const char* field) {
  if (text.empty()) return InvalidArgument(field, "must not be empty");
  if (Result<void> valid = ValidateCiString(text, max_length); !valid) return valid.error().Nested(field);
  return Ok();
}

Result<void> CheckInstant(Instant instant, const char* field) {
  if (instant < kMinInstant || instant > kMaxInstant) {
    return InvalidArgument(field, "must lie in the years 0001 to 9999");
  }
  return Ok();
}

Result<void> CheckDecimal(const Decimal& value, const char* field) {
  if (!Decimal::Parse(value.ToString())) {
    return InvalidArgument(
        field, "has more than " + std::to_string(Decimal::kMaxParsedDigits) + " digits or decimal places");
  }
  return Ok();
}

// The length of the UTF-8 sequence `lead` starts, 0 when `lead` cannot start one.
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

bool IsUtf8WithoutNul(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = bytes[i];
    if (lead == 0) return false;
    std::size_t length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
    }
    if (length >= 3) {
      unsigned char second = bytes[i + 1];
      // Overlong three- and four-byte forms, UTF-16 surrogates, and code points past U+10FFFF.
      if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
          (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

Result<void> ValidateNewCpoCdr(const NewCpoCdr& cdr) {
  OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.cdr_id, kMaxCdrIdLength, "id"));
  if (cdr.body.empty()) return InvalidArgument("body", "must not be empty");
  if (cdr.body.size() > kMaxCpoCdrBodyBytes) {
    return InvalidArgument("body", "is " + std::to_string(cdr.body.size()) + " bytes long, more than the " +
                                       std::to_string(kMaxCpoCdrBodyBytes) + " accepted");
  }
  if (!IsUtf8WithoutNul(cdr.body)) {
    return InvalidArgument("body", "must be UTF-8 text without NUL bytes");
  }
  OPENMSP_RETURN_IF_ERROR(CheckInstant(cdr.start_date_time, "start_date_time"));
  OPENMSP_RETURN_IF_ERROR(CheckInstant(cdr.end_date_time, "end_date_time"));
  OPENMSP_RETURN_IF_ERROR(CheckInstant(cdr.last_updated, "last_updated"));
  OPENMSP_RETURN_IF_ERROR(CheckDecimal(cdr.total_cost_excl_vat, "total_cost.excl_vat"));
  if (cdr.total_cost_incl_vat) {
    OPENMSP_RETURN_IF_ERROR(CheckDecimal(*cdr.total_cost_incl_vat, "total_cost.incl_vat"));
  }
  OPENMSP_RETURN_IF_ERROR(CheckDecimal(cdr.total_energy, "total_energy"));
  OPENMSP_RETURN_IF_ERROR(CheckDecimal(cdr.total_time, "total_time"));
  OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.token_uid, kMaxCiString36, "cdr_token.uid"));
  OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.contract_id, kMaxCiString36, "cdr_token.contract_id"));
  OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.location_id, kMaxCiString36, "cdr_location.id"));
  OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.evse_uid, kMaxCiString36, "cdr_location.evse_uid"));
  if (!cdr.session_id.empty()) {
    OPENMSP_RETURN_IF_ERROR(CheckCiString(cdr.session_id, kMaxCiString36, "session_id"));
  }
  return Ok();
}

}  // namespace openmsp::domain
