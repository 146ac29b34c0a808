#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/result.h"
#include "domain/repositories.h"
#include "pricing/cdr_json.h"
#include "rating/rating.h"

namespace openmsp::rating {

/// The repositories rating reads and writes (ports of src/domain; src/store implements them).
struct RatingStores {
  domain::TokenRepository& tokens;
  domain::ProfileRepository& profiles;
  domain::OrganisationUnitRepository& organisation_units;
  domain::BusinessPartnerGroupRepository& business_partner_groups;
  domain::LocationRepository& locations;
  domain::LocationGroupRepository& location_groups;
  domain::TariffCodeRepository& tariff_codes;
  domain::TariffPlanRepository& tariff_plans;
  domain::TenantSettingsRepository& tenant_settings;
  domain::CpoCdrRepository& cpo_cdrs;
  domain::MspCdrRepository& msp_cdrs;
};

/// The stores of `repositories`, anything with one accessor per port named like the fields above
/// (`store::Repositories`), which must outlive them.
template <class Repositories>
RatingStores RatingStoresOf(Repositories& repositories) {
  return RatingStores{.tokens = repositories.tokens(),
                      .profiles = repositories.profiles(),
                      .organisation_units = repositories.organisation_units(),
                      .business_partner_groups = repositories.business_partner_groups(),
                      .locations = repositories.locations(),
                      .location_groups = repositories.location_groups(),
                      .tariff_codes = repositories.tariff_codes(),
                      .tariff_plans = repositories.tariff_plans(),
                      .tenant_settings = repositories.tenant_settings(),
                      .cpo_cdrs = repositories.cpo_cdrs(),
                      .msp_cdrs = repositories.msp_cdrs()};
}

/// Rates the stored CPO CDRs of one tenant (domain.md §3): reads the body, finds the customer by the
/// CDR's token and the place by its location (or, for a location never synced, by the CDR's own
/// `cdr_location`), and runs `Rate` with the tenant's book.
///
/// Loads the book (every plan version compiled, VAT and exchange rates, settings, group names) once, and
/// remembers each customer and place it found, so that rating a batch costs one lookup per new token and
/// connector. A loaded rater reflects the tenant as it was when loaded: load a new one after a change
/// (the rating job does, per batch). Not thread-safe: one per worker.
class TenantRater {
 public:
  /// Loads the tenant's book. Fails only when the stores do.
  static Result<TenantRater> Load(const RatingStores& stores, domain::TenantId tenant_id);

  const TenantBook& book() const { return book_; }

  /// Rates instead with `versions` (compiled by the caller): a what-if re-rating with a draft or
  /// scheduled version, whatever was in force.
  void UsePlanVersions(std::vector<CompiledPlanVersion> versions) {
    book_.plan_versions = std::move(versions);
  }

  /// The customer of profile `profile_id` as rating finds a CDR's (unit, billing target, business partner
  /// groups), with `token` as its token (0 when a price preview names the profile, not a token): who a
  /// price preview prices for. kNotFound naming `profile_id`.
  Result<Customer> CustomerOfProfile(domain::ProfileId profile_id, domain::TokenId token = {});

  /// The place of connector `connector_id` of EVSE `evse_uid` at the synced `location`, as rating places a
  /// CDR there (its location group, country, time zone and power): where a price preview prices.
  /// kNotFound naming `evse_uid` or `connector_id` when the location has no such EVSE or connector.
  Result<Place> PlaceOfConnector(const domain::StoredLocation& location, std::string_view evse_uid,
                                 std::string_view connector_id);

  /// The MSP CDR for `cdr`. Whatever is wrong with the CDR itself (unreadable, unknown token,
  /// implausible…) is in the result's `attention`; an error means a store failed.
  Result<domain::NewMspCdr> Rate(const domain::CpoCdr& cdr, bool explain = true);

  /// As `Rate`, with the body read already: `cdr` is `stored.body` as a `pricing::CdrReader` read it
  /// (the what-if rates every CDR twice and reads it once).
  Result<domain::NewMspCdr> Rate(const domain::CpoCdr& stored, const pricing::Cdr& cdr, bool explain);

 private:
  TenantRater(const RatingStores& stores, TenantBook book, std::vector<domain::LocationGroup> groups)
      : stores_(&stores), book_(std::move(book)), groups_(std::move(groups)) {}

  Result<std::optional<Customer>> CustomerOf(const pricing::Cdr& cdr);
  Result<Place> PlaceOf(const domain::CpoCdr& stored, const pricing::Cdr& cdr);
  Result<const domain::OrganisationUnit*> Unit(domain::OrganisationUnitId id);

  const RatingStores* stores_;
  TenantBook book_;
  std::vector<domain::LocationGroup> groups_;
  std::vector<domain::BusinessPartnerGroup> business_partner_groups_;
  std::unique_ptr<pricing::CdrReader> reader_ = std::make_unique<pricing::CdrReader>();
  std::map<std::pair<std::string, std::string>, std::optional<Customer>> customers_;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Place> places_;
  std::map<domain::OrganisationUnitId, domain::OrganisationUnit> units_;
};

/// How `RateBacklog` goes through a tenant's unrated CPO CDRs.
struct BacklogOptions {
  /// CDRs read, rated and stored together (1..1000): one transaction each.
  int batch_size = 1000;
  /// Checked before every batch: once true, the run ends after the batch in hand is stored (a job
  /// runner stopping, a lease lost). What is stored stays; the rest waits for the next run.
  std::function<bool()> stop_requested;
};

/// What the rating job does for a tenant: rates every CPO CDR of the tenant that has no MSP CDR yet,
/// oldest first, and stores them batch by batch. Two stages overlap, so that a backlog (a new tenant's
/// history, what arrived while rating was stopped) is rated at the speed of the slower one instead of
/// their sum: a thread of its own reads and rates with `reading`, and the calling thread stores the
/// previous batch through `writing`. `reading` and `writing` are two connections to the same database
/// (one connection serves one thread at a time). Loads the tenant's book once, at the start.
///
/// A credit whose original had no MSP CDR when the credit was rated — the original was later in the
/// backlog, or arrived after the credit and is rated by a later run — is held (kUnknownCreditReference);
/// once a run has stored anything, the tenant's held credits are rated again (`RerateNeedsAttention`
/// through `reading`), so a credit never waits for an original that is rated by now. Answers how many MSP
/// CDRs were stored; 0 when nothing was left. A store's failure ends the run with that error after the
/// batches before it were stored.
Result<std::size_t> RateBacklog(const RatingStores& reading, domain::MspCdrRepository& writing,
                                domain::TenantId tenant_id, const BacklogOptions& options = {});

/// Rates again every MSP CDR of the tenant that needs attention (`reason`, or all), once its cause may
/// be fixed (a token added, a rule or VAT rate set). Those that can now be rated replace their
/// needs-attention record; the others stay, with the reason as it is now. Answers how many got rated.
Result<std::size_t> RerateNeedsAttention(TenantRater& rater, const RatingStores& stores,
                                         std::optional<domain::AttentionReason> reason = std::nullopt);

}  // namespace openmsp::rating
