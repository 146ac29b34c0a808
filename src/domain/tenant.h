#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// What it takes to create a tenant: an eMSP operating OpenMSP for its customers.
struct NewTenant {
  /// The short name in host names and URLs: 2 to 40 of `a-z`, `0-9` and `-`, not starting or ending
  /// with `-`. Unique across tenants.
  std::string slug;
  /// The name people see, 1 to 200 bytes.
  std::string name;
  /// The currency prices and invoices are in unless a plan says otherwise.
  Currency default_currency;
  /// The OCPI party ids the tenant acts as an eMSP under: at least one, each unique across tenants.
  std::vector<PartyId> parties;
};

/// A stored tenant.
struct Tenant {
  TenantId id;
  std::string slug;
  std::string name;
  Currency default_currency;
  /// In the order they were given at creation.
  std::vector<PartyId> parties;
  /// When the tenant was created, from the injected clock.
  Instant created_at;

  friend bool operator==(const Tenant&, const Tenant&) = default;
};

/// A change to a tenant's own fields (`PATCH /api/v1/tenant`); an absent member stays as it is. The slug
/// and the OCPI parties never change: host names, URLs and every peer know the tenant by them.
struct TenantChanges {
  /// As `NewTenant::name`.
  std::optional<std::string> name;
  /// What invoices are in from the next billing run on; invoices already drafted or issued keep theirs.
  std::optional<Currency> default_currency;
};

/// Checks the members `changes` has; kInvalidArgument naming `name` and the reason.
Result<void> ValidateTenantChanges(const TenantChanges& changes);

/// The longest tenant name (and branding display name) accepted, in bytes.
inline constexpr std::size_t kMaxTenantNameLength = 200;

/// The longest slug accepted.
inline constexpr std::size_t kMaxSlugLength = 40;

/// Checks a slug against the rule of `NewTenant::slug`. The error has no field (the caller names it).
Result<void> ValidateSlug(std::string_view slug);

/// Checks every rule of `NewTenant`; the error names the field at fault (`slug`, `name`, `parties`,
/// `parties[1]` for a party given twice).
Result<void> ValidateNewTenant(const NewTenant& tenant);

/// One row of a tenant's VAT table: the rate of `country` from `valid_from` on, until the next row of the
/// same country. Rates follow the country of charging and the date of the session there (domain.md §3).
struct VatRate {
  Country country;
  LocalDate valid_from;
  /// Percent, e.g. 21 or 5.5: at least 0, below 100, at most 4 decimals.
  Decimal percent;

  friend bool operator==(const VatRate&, const VatRate&) = default;
};

/// Checks a whole VAT table; the error names the row at fault: `vat_rates[2].percent` for a rate out of
/// range, `vat_rates[2]` for a second row with the same country and date.
Result<void> ValidateVatRates(std::span<const VatRate> rates);

/// The rate `rates` give `country` on `date`: the row with the latest `valid_from` not after `date`.
/// kNotFound naming `vat_rates` when there is none: a missing rate is an error to fix, never 0 %.
Result<Decimal> VatRateOn(std::span<const VatRate> rates, const Country& country, LocalDate date);

/// How the Control Centre and the driver app look for one tenant (white label), and what invoices show.
struct Branding {
  /// The name people see; 1 to 200 bytes.
  std::string display_name;
  /// Colours as `#rrggbb` (lower case after `NormaliseBranding`).
  std::string primary_colour;
  std::string accent_colour;
  /// Where drivers and fleet managers write for help; empty when not given.
  std::string support_email;
  /// `image/png`, `image/jpeg`, `image/webp` or `image/svg+xml`; empty when there is no logo.
  std::string logo_media_type;
  /// The logo file's bytes, at most `kMaxLogoBytes`; empty exactly when `logo_media_type` is.
  std::string logo;

  friend bool operator==(const Branding&, const Branding&) = default;
};

/// The largest logo accepted.
inline constexpr std::size_t kMaxLogoBytes = 256 * 1024;

/// OpenMSP's own look: what a page shows before login when its host name names no tenant.
Branding OpenMspBranding();

/// What a tenant that never chose a branding looks like: its own name and OpenMSP's colours.
Branding DefaultBranding(const Tenant& tenant);

/// Checks `branding` and lower-cases its colours; the error names the field (`display_name`,
/// `primary_colour`, `support_email`, `logo_media_type`, `logo`).
Result<Branding> NormaliseBranding(Branding branding);

/// The longest host name (RFC 1035).
inline constexpr std::size_t kMaxHostNameLength = 253;

/// A custom host name under which a tenant's portal is served (`portal.example-msp.com`), lower-cased and
/// without a trailing dot. Refuses anything but two or more labels of `a-z`, `0-9` and `-` (1 to 63
/// each, not starting or ending with `-`), and names that are all digits and dots (IP addresses). The
/// error has no field.
Result<std::string> NormaliseHostName(std::string_view host_name);

}  // namespace openmsp::domain
