#include "billing/invoice_document.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

#include "rating/country_time_zone.h"

namespace openmsp::billing {

LocalDateTime SessionLocalStart(Instant start, const Country& country) {
  return rating::TimeZoneOfCountry(country).value_or(TimeZone::Utc()).ToLocal(start);
}

std::string OneLine(std::string_view address) {
  std::string line;
  for (const char c : address) {
    if (c == '\n') {
      line += ", ";
    } else {
      line += c;
    }
  }
  return line;
}

std::string UtcDate(Instant instant) {
  const std::chrono::year_month_day day(std::chrono::floor<std::chrono::days>(instant.sys_time()));
  return FormatIsoDate(LocalDate{static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
                                 static_cast<int>(static_cast<unsigned>(day.day()))});
}

Result<InvoiceDocument> LoadInvoiceDocument(const DocumentStores& stores, domain::TenantId tenant_id,
                                            domain::InvoiceId id) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Invoice invoice, stores.invoices.FindById(tenant_id, id));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, stores.tenants.FindById(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Branding> branding, stores.tenant_settings.FindBranding(tenant_id));
  InvoiceDocument document{.invoice = std::move(invoice),
                           .branding = branding ? std::move(*branding) : domain::DefaultBranding(tenant),
                           .issuer = {},
                           .customer = {},
                           .credited_invoice_number = ""};
  OPENMSP_ASSIGN_OR_RETURN(domain::IssuerDetails issuer, stores.issuer_details.Find(tenant_id));
  document.issuer = InvoiceParty{.name = issuer.legal_name.empty() ? tenant.name : std::move(issuer.legal_name),
                                 .address = std::move(issuer.address), .vat_number = std::move(issuer.vat_number),
                                 .email = document.branding.support_email, .reference = ""};
  const domain::BillingTarget& target = document.invoice.invoice.target;
  if (target.unit) {
    OPENMSP_ASSIGN_OR_RETURN(domain::OrganisationUnit unit, stores.organisation_units.FindById(tenant_id, *target.unit));
    if (unit.billing) {
      document.customer = InvoiceParty{.name = unit.billing->legal_name, .address = unit.billing->address,
                                       .vat_number = unit.billing->vat_number, .email = unit.billing->email,
                                       .reference = unit.billing->cost_centre};
    } else {
      document.customer.name = unit.name;
    }
  } else if (target.profile) {
    OPENMSP_ASSIGN_OR_RETURN(domain::Profile profile, stores.profiles.FindById(tenant_id, *target.profile));
    document.customer = InvoiceParty{.name = profile.name, .address = "", .vat_number = "", .email = profile.email,
                                     .reference = ""};
  }
  if (document.invoice.invoice.credited_invoice) {
    OPENMSP_ASSIGN_OR_RETURN(domain::Invoice credited,
                             stores.invoices.FindById(tenant_id, *document.invoice.invoice.credited_invoice));
    document.credited_invoice_number = credited.number;
  }
  return document;
}

std::string HoursAndMinutes(const Decimal& hours) {
  const Decimal minutes = (hours * Decimal(60)).Rounded(0, RoundingMode::kHalfUp);
  const auto total = static_cast<std::int64_t>(minutes.Abs().coefficient());
  return fmt::format("{}{}:{:02}", minutes.Sign() < 0 ? "-" : "", total / 60, total % 60);
}

}  // namespace openmsp::billing
