#include "domain/issuer_details.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "domain/cpo_cdr.h"

namespace openmsp::domain {
namespace {

std::string_view Trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// One line of text: UTF-8 without control characters, at most `max_bytes`.
Result<void> CheckLine(std::string_view text, const std::string& field, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return InvalidArgument(field, "must be at most " + std::to_string(max_bytes) + " bytes, not " +
                                      std::to_string(text.size()));
  }
  if (!IsUtf8WithoutNul(text)) return InvalidArgument(field, "must be UTF-8 text");
  if (std::any_of(text.begin(), text.end(), IsControl)) {
    return InvalidArgument(field, "must be one line without control characters");
  }
  return Ok();
}

}  // namespace

Result<IssuerDetails> NormaliseIssuerDetails(IssuerDetails details) {
  details.legal_name = std::string(Trimmed(details.legal_name));
  OPENMSP_RETURN_IF_ERROR(CheckLine(details.legal_name, "legal_name", kMaxIssuerLegalNameLength));

  std::string address;
  std::string_view rest = details.address;
  while (!rest.empty()) {
    const std::size_t end = rest.find_first_of("\r\n");
    const std::string_view line = Trimmed(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty()) continue;
    if (!IsUtf8WithoutNul(line)) return InvalidArgument("address", "must be UTF-8 text");
    if (std::any_of(line.begin(), line.end(), IsControl)) {
      return InvalidArgument("address", "must be lines of text without control characters");
    }
    if (!address.empty()) address += '\n';
    address += line;
  }
  if (address.size() > kMaxIssuerAddressLength) {
    return InvalidArgument("address", "must be at most " + std::to_string(kMaxIssuerAddressLength) +
                                          " bytes, not " + std::to_string(address.size()));
  }
  details.address = std::move(address);

  details.vat_number = std::string(Trimmed(details.vat_number));
  if (details.vat_number.size() > kMaxIssuerVatNumberLength) {
    return InvalidArgument("vat_number", "must be at most " + std::to_string(kMaxIssuerVatNumberLength) +
                                             " characters, not " + std::to_string(details.vat_number.size()));
  }
  if (!std::all_of(details.vat_number.begin(), details.vat_number.end(),
                   [](char c) { return c >= 0x20 && c <= 0x7e; })) {
    return InvalidArgument("vat_number", "must be printable ASCII, as registered (NL001234567B01)");
  }
  return details;
}

}  // namespace openmsp::domain
