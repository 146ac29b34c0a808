#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"

namespace openmsp::domain {

/// What EU invoices must say about their issuer beyond its name (Directive 2006/112/EC, art. 226): the
/// tenant's legal name, its address and its VAT number, printed on every invoice and credit note
/// (docs/billing.md, "Documents"). Each is optional and empty when not given; a tenant that gave none
/// issues documents with its display name only, as before.
struct IssuerDetails {
  /// The registered name (`Stroom & Co B.V.`), shown instead of the tenant's name when given; at most
  /// `kMaxIssuerLegalNameLength` bytes of UTF-8, one line.
  std::string legal_name = {};
  /// The postal address as lines separated by `\n` (street, postcode and town, country); at most
  /// `kMaxIssuerAddressLength` bytes of UTF-8.
  std::string address = {};
  /// As registered (`NL001234567B01`): at most `kMaxIssuerVatNumberLength` printable ASCII characters.
  std::string vat_number = {};

  /// Whether nothing is given.
  bool empty() const { return legal_name.empty() && address.empty() && vat_number.empty(); }

  friend bool operator==(const IssuerDetails&, const IssuerDetails&) = default;
};

inline constexpr std::size_t kMaxIssuerLegalNameLength = 200;
inline constexpr std::size_t kMaxIssuerAddressLength = 500;
inline constexpr std::size_t kMaxIssuerVatNumberLength = 30;

/// `details` as stored: blanks around each field and around each address line removed, CRLF and CR line
/// ends turned into `\n`, empty address lines dropped. kInvalidArgument naming the field (`legal_name`,
/// `address`, `vat_number`) and the reason: too long (counted after normalising), not UTF-8, a control
/// character (a line break in the legal name), a VAT number with anything but printable ASCII.
Result<IssuerDetails> NormaliseIssuerDetails(IssuerDetails details);

}  // namespace openmsp::domain
