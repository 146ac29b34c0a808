#pragma once

#include <string>

#include "core/ids/country.h"
#include "core/result.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "domain/invoice.h"
#include "domain/repositories.h"
#include "domain/tenant.h"

namespace openmsp::billing {

/// Who an invoice is from or addressed to, as the store has them (docs/billing.md, "Documents"). Any
/// field but `name` may be empty: the store keeps no address for a private profile, and none for the
/// tenant itself yet.
struct InvoiceParty {
  /// The unit's legal name, the profile's name, or the tenant's name.
  std::string name;
  /// One line as stored (`Dam 1, Amsterdam`).
  std::string address;
  std::string vat_number;
  std::string email;
  /// The customer's own reference for us (an organisation unit's `billing.cost_centre`).
  std::string reference;

  friend bool operator==(const InvoiceParty&, const InvoiceParty&) = default;
};

/// Everything an invoice document (CSV, PDF) shows: the stored invoice and what it names, looked up. A
/// value, so that rendering is a function of it alone.
struct InvoiceDocument {
  domain::Invoice invoice;
  /// The tenant's branding, or `DefaultBranding` when it chose none.
  domain::Branding branding;
  InvoiceParty issuer;
  InvoiceParty customer;
  /// A credit note: the number of the invoice it credits (issued or paid, so it has one).
  std::string credited_invoice_number;

  friend bool operator==(const InvoiceDocument&, const InvoiceDocument&) = default;
};

/// The repositories an invoice document is read from (ports of src/domain; src/store implements them).
struct DocumentStores {
  domain::TenantRepository& tenants;
  domain::TenantSettingsRepository& tenant_settings;
  domain::OrganisationUnitRepository& organisation_units;
  domain::ProfileRepository& profiles;
  domain::InvoiceRepository& invoices;
};

/// The stores of `repositories` (`store::Repositories`), which must outlive them.
template <class Repositories>
DocumentStores DocumentStoresOf(Repositories& repositories) {
  return DocumentStores{.tenants = repositories.tenants(),
                        .tenant_settings = repositories.tenant_settings(),
                        .organisation_units = repositories.organisation_units(),
                        .profiles = repositories.profiles(),
                        .invoices = repositories.invoices()};
}

/// Invoice `id` of `tenant_id` with what its document shows, as the store has it now:
///
/// - the issuer: the tenant's name and its branding's support e-mail (the store keeps no legal address or
///   VAT number of a tenant yet);
/// - the customer: a unit's billing details (legal name, address, VAT number, e-mail, and its cost centre
///   as the customer's reference) — the unit's name when it has none any more; a private profile's name
///   and e-mail;
/// - a credit note's credited invoice number.
///
/// kNotFound naming `id` for an invoice that is not the tenant's; other store errors as they come.
Result<InvoiceDocument> LoadInvoiceDocument(const DocumentStores& stores, domain::TenantId tenant_id,
                                            domain::InvoiceId id);

/// Where and when a line's session started as the customer lived it: in the country of charging's time
/// zone (rating's `TimeZoneOfCountry`), UTC for a country that table does not know — the same local date
/// `SessionDate` dates VAT and exchange rates by.
LocalDateTime SessionLocalStart(Instant start, const Country& country);

/// `YYYY-MM-DD` of an instant in UTC: the date an invoice was issued.
std::string UtcDate(Instant instant);

/// A duration in decimal hours as `h:mm`, rounded half-up to the minute (`1.5` → `1:30`, `0.0083` →
/// `0:00`, `-0.25` → `-0:15` on a credit note): for people; the CSV keeps the exact hours.
std::string HoursAndMinutes(const Decimal& hours);

}  // namespace openmsp::billing
