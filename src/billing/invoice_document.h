#pragma once

#include <string>
#include <string_view>

#include "core/ids/country.h"
#include "core/result.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "domain/invoice.h"
#include "domain/repositories.h"
#include "domain/tenant.h"

namespace openmsp::billing {

/// Who an invoice is from or addressed to, as the store has them (docs/billing.md, "Documents"). Any
/// field but `name` may be empty: the store keeps no address for a private profile, and a tenant may not
/// have given its legal details.
struct InvoiceParty {
  /// The unit's legal name, the profile's name, or the tenant's legal name (its name when it gave none).
  std::string name;
  /// As stored: a unit's one line (`Dam 1, Amsterdam`), the tenant's lines separated by `\n`.
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
  domain::IssuerDetailsRepository& issuer_details;
};

/// The stores of `repositories` (`store::Repositories`), which must outlive them.
template <class Repositories>
DocumentStores DocumentStoresOf(Repositories& repositories) {
  return DocumentStores{.tenants = repositories.tenants(),
                        .tenant_settings = repositories.tenant_settings(),
                        .organisation_units = repositories.organisation_units(),
                        .profiles = repositories.profiles(),
                        .invoices = repositories.invoices(),
                        .issuer_details = repositories.issuer_details()};
}

/// Invoice `id` of `tenant_id` with what its document shows, as the store has it now:
///
/// - the issuer: the tenant's legal details (`IssuerDetailsRepository`: its legal name — its name when it
///   gave none —, its address lines and VAT number) and its branding's support e-mail;
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

/// An address of several lines on one line, its lines separated by `, ` (`Dam 1\n1012 JS Amsterdam` →
/// `Dam 1, 1012 JS Amsterdam`): for a footer or a spreadsheet cell.
std::string OneLine(std::string_view address);

/// `YYYY-MM-DD` of an instant in UTC: the date an invoice was issued.
std::string UtcDate(Instant instant);

/// A duration in decimal hours as `h:mm`, rounded half-up to the minute (`1.5` → `1:30`, `0.0083` →
/// `0:00`, `-0.25` → `-0:15` on a credit note): for people; the CSV keeps the exact hours.
std::string HoursAndMinutes(const Decimal& hours);

}  // namespace openmsp::billing
