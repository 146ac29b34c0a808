#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/ids/ascii.h"
#include "core/ids/emaid.h"
#include "core/ids/evse_id.h"
#include "core/ids/ocpi_string.h"
#include "core/ids/party_id.h"
#include "core/ids/rfid_uid.h"

// Feeds every input to all identifier parsers: none may crash, and whatever one accepts must satisfy the
// invariants below. A broken invariant aborts, which libFuzzer reports with the input.
namespace openmsp {
namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

template <class T>
bool ParsesBackTo(const Result<T>& reparsed, const T& original) {
  return reparsed.ok() && *reparsed == original;
}

void CheckEmaId(std::string_view text) {
  const Result<EmaId> parsed = EmaId::Parse(text);
  const Result<EmaId> completed = EmaId::Complete(text);
  if (!parsed.ok()) {
    Require(!completed.ok());
    return;
  }
  const EmaId& id = *parsed;
  if (completed.ok()) {
    Require(*completed == id);
  } else {
    Require(completed.error().field == "check_digit");
  }

  const std::string& canonical = id.ToString();
  Require(ParsesBackTo(EmaId::Parse(canonical), id));
  Require(ParsesBackTo(EmaId::Complete(std::string_view(canonical).substr(0, canonical.size() - 2)), id));
  const std::string body =
      std::string(id.country_code()) + std::string(id.provider_id()) + std::string(id.instance());
  const Result<char> check_digit =
      id.standard() == EmaIdStandard::kDin ? ComputeDinCheckDigit(body) : ComputeIsoCheckDigit(body);
  Require(check_digit.ok() && *check_digit == id.check_digit());

  const Result<EmaId> din = id.ToDin();
  if (din.ok()) {
    Require(din->standard() == EmaIdStandard::kDin);
    switch (id.standard()) {
      case EmaIdStandard::kIso: Require(ParsesBackTo(din->ToIso(), id)); break;
      case EmaIdStandard::kEmi3: Require(ParsesBackTo(din->ToEmi3(), id)); break;
      case EmaIdStandard::kDin: Require(*din == id); break;
    }
  }
  if (id.standard() == EmaIdStandard::kDin) {
    const Result<EmaId> iso = id.ToIso();
    Require(iso.ok() && iso->standard() == EmaIdStandard::kIso && ParsesBackTo(iso->ToDin(), id));
    const Result<EmaId> emi3 = id.ToEmi3();
    Require(emi3.ok() && emi3->standard() == EmaIdStandard::kEmi3 && ParsesBackTo(emi3->ToDin(), id));
  }
}

void CheckEvseId(std::string_view text) {
  const Result<EvseId> parsed = EvseId::Parse(text);
  if (!parsed.ok()) return;
  Require(ParsesBackTo(EvseId::Parse(parsed->ToString()), *parsed));
  Require(ParsesBackTo(EvseOperatorId::Parse(parsed->operator_id().ToString()), parsed->operator_id()));
  const Result<EvseId> iso = parsed->ToIso();
  if (iso.ok()) {
    Require(iso->standard() == EvseIdStandard::kIso);
    Require(ParsesBackTo(EvseId::Parse(iso->ToString()), *iso));
  }
}

void CheckPartyId(std::string_view text) {
  const Result<PartyId> parsed = PartyId::Parse(text);
  if (!parsed.ok()) return;
  Require(ParsesBackTo(PartyId::Parse(parsed->ToString()), *parsed));
  Require(ParsesBackTo(PartyId::FromFields(parsed->country_code(), parsed->party_id()), *parsed));
}

void CheckRfidUid(std::string_view text) {
  const Result<RfidUid> parsed = RfidUid::Parse(text);
  if (!parsed.ok()) return;
  Require(ParsesBackTo(RfidUid::Parse(parsed->ToString()), *parsed));
  Require(parsed->ToString() == ascii::ToUpper(parsed->ToString()));
}

void CheckOcpiStrings(std::string_view text) {
  if (ValidateCiString(text, text.size()).ok()) Require(ValidateOcpiString(text, text.size()).ok());
  if (!text.empty()) Require(!ValidateCiString(text, text.size() - 1).ok());
  Require(CiStringEquals(text, ascii::ToUpper(text)));
}

void CheckCheckDigitFunctions(std::string_view text) {
  const Result<char> iso = ComputeIsoCheckDigit(text);
  if (iso.ok()) Require(text.size() == 14 && ascii::IsAlnum(*iso) && ascii::ToUpper(*iso) == *iso);
  const Result<char> din = ComputeDinCheckDigit(text);
  if (din.ok()) Require(text.size() == 11 && (ascii::IsDigit(*din) || *din == 'X'));
}

}  // namespace
}  // namespace openmsp

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  openmsp::CheckEmaId(text);
  openmsp::CheckEvseId(text);
  openmsp::CheckPartyId(text);
  openmsp::CheckRfidUid(text);
  openmsp::CheckOcpiStrings(text);
  openmsp::CheckCheckDigitFunctions(text);
  return 0;
}
