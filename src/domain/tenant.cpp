#include "domain/tenant.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/ids/ascii.h"
#include "domain/email.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMinSlugLength = 2;
constexpr int kMaxVatDecimals = 4;
constexpr std::array<std::string_view, 4> kLogoMediaTypes = {"image/png", "image/jpeg", "image/webp",
                                                             "image/svg+xml"};

bool IsSlugCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

Result<void> ValidateSlug(std::string_view slug) {
  if (slug.size() < kMinSlugLength || slug.size() > kMaxSlugLength) {
    return InvalidArgument("", "must be 2 to 40 characters long, not " + std::to_string(slug.size()));
  }
  if (!std::all_of(slug.begin(), slug.end(), IsSlugCharacter)) {
    return InvalidArgument("", "may only contain a-z, 0-9 and '-'");
  }
  if (slug.front() == '-' || slug.back() == '-') {
    return InvalidArgument("", "must not start or end with '-'");
  }
  return Ok();
}

namespace {
Result<void> ValidateTenantName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTenantNameLength) return InvalidArgument("name", "must be 1 to 200 bytes long");
  return Ok();
}
}  // namespace

Result<void> ValidateNewTenant(const NewTenant& tenant) {
  if (Result<void> slug = ValidateSlug(tenant.slug); !slug) return slug.error().Nested("slug");
  OPENMSP_RETURN_IF_ERROR(ValidateTenantName(tenant.name));
  if (tenant.parties.empty()) return InvalidArgument("parties", "a tenant needs at least one eMSP party id");
  for (std::size_t i = 1; i < tenant.parties.size(); ++i) {
    auto earlier = tenant.parties.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(tenant.parties.begin(), earlier, tenant.parties[i]) != earlier) {
      return InvalidArgument("parties[" + std::to_string(i) + "]",
                             tenant.parties[i].ToString() + " is given twice");
    }
  }
  return Ok();
}

Result<void> ValidateTenantChanges(const TenantChanges& changes) {
  if (changes.name) OPENMSP_RETURN_IF_ERROR(ValidateTenantName(*changes.name));
  return Ok();
}

Result<void> ValidateVatRates(std::span<const VatRate> rates) {
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const std::string row = "vat_rates[" + std::to_string(i) + "]";
    const Decimal& percent = rates[i].percent;
    if (percent < Decimal() || percent >= Decimal(100)) {
      return InvalidArgument(row + ".percent", "must be at least 0 and below 100, not " + percent.ToString());
    }
    if (percent.Rounded(kMaxVatDecimals, RoundingMode::kHalfUp) != percent) {
      return InvalidArgument(row + ".percent", "has more than 4 decimals: " + percent.ToString());
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (rates[j].country == rates[i].country && rates[j].valid_from == rates[i].valid_from) {
        return InvalidArgument(row, "repeats the rate of " + std::string(rates[i].country.alpha2) + " from " +
                                        FormatIsoDate(rates[i].valid_from) + " (row " + std::to_string(j) + ")");
      }
    }
  }
  return Ok();
}

Result<Decimal> VatRateOn(std::span<const VatRate> rates, const Country& country, LocalDate date) {
  const VatRate* found = nullptr;
  for (const VatRate& rate : rates) {
    if (rate.country == country && rate.valid_from <= date && (!found || rate.valid_from > found->valid_from)) {
      found = &rate;
    }
  }
  if (!found) {
    return Error{ErrorCode::kNotFound, "vat_rates",
                 "the VAT table has no rate for " + std::string(country.alpha2) + " on " + FormatIsoDate(date)};
  }
  return found->percent;
}

Branding OpenMspBranding() {
  Branding branding;
  branding.display_name = "OpenMSP";
  branding.primary_colour = "#0b6e4f";
  branding.accent_colour = "#f2a541";
  return branding;
}

Branding DefaultBranding(const Tenant& tenant) {
  Branding branding = OpenMspBranding();
  branding.display_name = tenant.name;
  return branding;
}

Result<Branding> NormaliseBranding(Branding branding) {
  if (branding.display_name.empty() || branding.display_name.size() > kMaxTenantNameLength) {
    return InvalidArgument("display_name", "must be 1 to 200 bytes long");
  }
  for (auto [field, colour] : {std::pair{"primary_colour", &branding.primary_colour},
                               std::pair{"accent_colour", &branding.accent_colour}}) {
    std::string& text = *colour;
    std::transform(text.begin(), text.end(), text.begin(), [](char c) { return ascii::ToLower(c); });
    if (text.size() != 7 || text[0] != '#' ||
        !std::all_of(text.begin() + 1, text.end(), [](char c) { return ascii::IsHexDigit(c); })) {
      return InvalidArgument(field, ascii::Quote(*colour) + " must be a colour #rrggbb");
    }
  }
  if (!branding.support_email.empty()) {
    if (Result<void> email = ValidateEmailAddress(branding.support_email); !email) {
      return email.error().Nested("support_email");
    }
  }
  if (branding.logo_media_type.empty() != branding.logo.empty()) {
    return InvalidArgument(branding.logo.empty() ? "logo" : "logo_media_type",
                           "a logo needs both its bytes and its media type");
  }
  if (!branding.logo_media_type.empty() &&
      std::find(kLogoMediaTypes.begin(), kLogoMediaTypes.end(), branding.logo_media_type) == kLogoMediaTypes.end()) {
    return InvalidArgument("logo_media_type", ascii::Quote(branding.logo_media_type) +
                                                  " must be image/png, image/jpeg, image/webp or image/svg+xml");
  }
  if (branding.logo.size() > kMaxLogoBytes) {
    return InvalidArgument("logo", "is " + std::to_string(branding.logo.size()) +
                                       " bytes; the largest logo accepted is 262144 bytes (256 KiB)");
  }
  return branding;
}

Result<std::string> NormaliseHostName(std::string_view host_name) {
  std::string name(host_name);
  if (!name.empty() && name.back() == '.') name.pop_back();
  std::transform(name.begin(), name.end(), name.begin(), [](char c) { return ascii::ToLower(c); });
  const std::string quoted = ascii::Quote(host_name);
  if (name.empty() || name.size() > kMaxHostNameLength) {
    return InvalidArgument("", quoted + " must be a host name of 1 to 253 characters");
  }
  if (std::all_of(name.begin(), name.end(), [](char c) { return ascii::IsDigit(c) || c == '.'; })) {
    return InvalidArgument("", quoted + " is an IP address; a tenant needs a host name");
  }
  std::size_t labels = 0;
  for (std::size_t start = 0; start <= name.size(); ++labels) {
    std::size_t end = std::min(name.find('.', start), name.size());
    std::string_view label = std::string_view(name).substr(start, end - start);
    if (label.empty() || label.size() > 63) {
      return InvalidArgument("", quoted + " has a label of " + std::to_string(label.size()) +
                                     " characters; each must have 1 to 63");
    }
    if (!std::all_of(label.begin(), label.end(), [](char c) { return ascii::IsAlnum(c) || c == '-'; }) ||
        label.front() == '-' || label.back() == '-') {
      return InvalidArgument("", quoted + " may only contain a-z, 0-9, '-' and '.', with no label starting "
                                          "or ending with '-'");
    }
    start = end + 1;
  }
  if (labels < 2) return InvalidArgument("", quoted + " must have at least two labels (portal.example.com)");
  return name;
}

}  // namespace openmsp::domain
