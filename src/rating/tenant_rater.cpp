#include "rating/tenant_rater.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/ids/ascii.h"
#include "rating/country_time_zone.h"
#include "rating/explanation.h"

namespace openmsp::rating {

namespace {

using domain::AttentionReason;
using domain::NewMspCdr;

bool IsNotFound(const Error& error) { return error.code == ErrorCode::kNotFound; }

// The MSP CDR of a CPO CDR whose body cannot be read: what the stored fields tell, and why.
NewMspCdr Unreadable(const domain::CpoCdr& cdr, const TenantBook& book, const Error& error, bool explain) {
  NewMspCdr out{.tenant_id = cdr.tenant_id,
                .cpo_cdr_id = cdr.id,
                .cpo = cdr.cpo,
                .session_start = cdr.start_date_time,
                .session_end = cdr.end_date_time,
                .attention = AttentionReason::kUnreadableCdr,
                .attention_detail = "the CDR cannot be read: " + error.ToString(),
                .currency = cdr.currency,
                .cpo_currency = cdr.currency,
                .cpo_cost_excl_vat = cdr.total_cost_excl_vat};
  if (explain) out.explanation = Explain(out, book);
  return out;
}

}  // namespace

Result<TenantRater> TenantRater::Load(const RatingStores& stores, domain::TenantId tenant_id) {
  TenantBook book;
  book.tenant_id = tenant_id;
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::TariffCode> codes, stores.tariff_codes.List(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::TariffPlanVersion> versions,
                           stores.tariff_plans.ListVersions(tenant_id));
  for (domain::TariffPlanVersion& version : versions) {
    OPENMSP_ASSIGN_OR_RETURN(CompiledPlanVersion compiled,
                             CompiledPlanVersion::Compile(std::move(version), codes));
    book.plan_versions.push_back(std::move(compiled));
  }
  OPENMSP_ASSIGN_OR_RETURN(book.vat_rates, stores.tenant_settings.VatRates(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(book.exchange_rates, stores.tenant_settings.ExchangeRates(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(book.settings, stores.tenant_settings.RatingSettingsOf(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::LocationGroup> groups, stores.location_groups.List(tenant_id));
  for (const domain::LocationGroup& group : groups) book.location_group_names.emplace(group.id, group.name);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::BusinessPartnerGroup> partner_groups,
                           stores.business_partner_groups.List(tenant_id));
  for (const domain::BusinessPartnerGroup& group : partner_groups) {
    book.business_partner_group_names.emplace(group.id, group.name);
  }
  TenantRater rater(stores, std::move(book), std::move(groups));
  rater.business_partner_groups_ = std::move(partner_groups);
  return rater;
}

Result<const domain::OrganisationUnit*> TenantRater::Unit(domain::OrganisationUnitId id) {
  if (const auto found = units_.find(id); found != units_.end()) return &found->second;
  OPENMSP_ASSIGN_OR_RETURN(domain::OrganisationUnit unit,
                           stores_->organisation_units.FindById(book_.tenant_id, id));
  return &units_.emplace(id, std::move(unit)).first->second;
}

Result<std::optional<Customer>> TenantRater::CustomerOf(const pricing::Cdr& cdr) {
  if (!cdr.token) return std::optional<Customer>();
  std::pair<std::string, std::string> key(ascii::ToUpper(cdr.token->uid), cdr.token->type);
  if (const auto found = customers_.find(key); found != customers_.end()) return found->second;

  std::optional<Customer> customer;
  if (const Result<domain::TokenType> type = domain::ParseTokenType(cdr.token->type)) {
    Result<domain::Token> token = stores_->tokens.FindByUid(book_.tenant_id, cdr.token->uid, *type);
    if (!token && !IsNotFound(token.error())) return token.error();
    if (token) {
      OPENMSP_ASSIGN_OR_RETURN(customer, CustomerOfProfile(token->profile_id, token->id));
    }
  }
  customers_.emplace(std::move(key), customer);
  return customer;
}

Result<Customer> TenantRater::CustomerOfProfile(domain::ProfileId profile_id, domain::TokenId token) {
  Result<domain::Profile> profile = stores_->profiles.FindById(book_.tenant_id, profile_id);
  if (!profile) {
    if (IsNotFound(profile.error())) return Error{ErrorCode::kNotFound, "profile_id", "no such profile"};
    return std::move(profile).error();
  }
  // The unit and its ancestors: what billing target and business partner groups are read from.
  std::vector<domain::OrganisationUnit> path;
  for (std::optional<domain::OrganisationUnitId> at = profile->organisation_unit_id; at;) {
    OPENMSP_ASSIGN_OR_RETURN(const domain::OrganisationUnit* unit, Unit(*at));
    path.push_back(*unit);
    at = unit->parent_id;
    if (path.size() > 1000) break;  // a cycle the store never holds
  }
  const domain::OrganisationUnit* billing = domain::NearestBillingTarget(path, profile->organisation_unit_id);
  Customer customer{.token = token,
                    .profile = profile->id,
                    .organisation_unit = profile->organisation_unit_id,
                    .billing_unit = billing ? std::optional(billing->id) : std::nullopt,
                    .business_partner_groups = domain::BusinessPartnerGroupsOf(
                        path, profile->organisation_unit_id, business_partner_groups_)};
  std::sort(customer.business_partner_groups.begin(), customer.business_partner_groups.end());
  return customer;
}

Result<Place> TenantRater::PlaceOfConnector(const domain::StoredLocation& location, std::string_view evse_uid,
                                            std::string_view connector_id) {
  const domain::Connector* connector = domain::FindConnector(location.location, evse_uid, connector_id);
  if (connector == nullptr) {
    return domain::FindEvse(location.location, evse_uid) != nullptr
               ? Error{ErrorCode::kNotFound, "connector_id", "the EVSE has no such connector"}
               : Error{ErrorCode::kNotFound, "evse_uid", "the location has no such EVSE"};
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::LocationGroupId group,
                           stores_->location_groups.GroupOfConnector(book_.tenant_id, location.location.key,
                                                                     evse_uid, connector_id));
  const Result<TimeZone> zone = TimeZone::Find(location.location.time_zone);
  return Place{.location_group = group,
               .country = location.location.country,
               .time_zone = zone ? std::optional<TimeZone>(*zone) : std::nullopt,
               .max_power_kw = domain::MaxPowerKw(*connector)};
}

Result<Place> TenantRater::PlaceOf(const domain::CpoCdr& stored, const pricing::Cdr& cdr) {
  const pricing::CdrLocation where = cdr.location.value_or(pricing::CdrLocation{});
  auto key = std::make_tuple(stored.cpo.ToString(), ascii::ToUpper(where.id), ascii::ToUpper(where.evse_uid),
                             ascii::ToUpper(where.connector_id));
  if (const auto found = places_.find(key); found != places_.end()) return found->second;

  std::optional<Place> place;
  const domain::LocationKey location_key{stored.cpo, where.id};
  Result<domain::StoredLocation> location =
      where.id.empty() ? Result<domain::StoredLocation>(Error{ErrorCode::kNotFound, "id", "no location"})
                       : stores_->locations.Find(book_.tenant_id, location_key);
  if (!location && !IsNotFound(location.error())) return location.error();
  if (location) {
    if (const domain::Connector* connector =
            domain::FindConnector(location->location, where.evse_uid, where.connector_id)) {
      Result<domain::LocationGroupId> group = stores_->location_groups.GroupOfConnector(
          book_.tenant_id, location_key, where.evse_uid, where.connector_id);
      if (!group && !IsNotFound(group.error())) return group.error();
      if (group) {
        const Result<TimeZone> zone = TimeZone::Find(location->location.time_zone);
        place = Place{.location_group = *group,
                      .country = location->location.country,
                      .time_zone = zone ? std::optional<TimeZone>(*zone) : std::nullopt,
                      .max_power_kw = domain::MaxPowerKw(*connector)};
      }
    }
  }
  if (!place) {
    // Never synced (or not this connector): classify from what the CDR says.
    domain::ConnectorPlace facts;
    if (const Result<Country> country = CountryFromAlpha3(where.country)) facts.country = *country;
    facts.party = stored.cpo;
    if (const Result<domain::PowerType> power = domain::ParsePowerType(where.connector_power_type)) {
      facts.power_type = *power;
    }
    if (const Result<EvseId> evse_id = EvseId::Parse(where.evse_id)) facts.evse_id = *evse_id;
    const std::optional<domain::LocationGroupId> group = domain::ClassifyConnector(groups_, facts);
    if (!group) {
      return Error{ErrorCode::kFailedPrecondition, "location_groups",
                   "the tenant has no default location group"};
    }
    place = Place{.location_group = *group,
                  .country = facts.country,
                  .time_zone = facts.country ? TimeZoneOfCountry(*facts.country) : std::nullopt,
                  .max_power_kw = std::nullopt};
  }
  places_.emplace(std::move(key), *place);
  return *place;
}

Result<NewMspCdr> TenantRater::Rate(const domain::CpoCdr& stored, bool explain) {
  const Result<std::reference_wrapper<const pricing::Cdr>> read = reader_->Read(stored.body);
  if (!read) return Unreadable(stored, book_, read.error(), explain);
  return Rate(stored, read->get(), explain);
}

Result<NewMspCdr> TenantRater::Rate(const domain::CpoCdr& stored, const pricing::Cdr& cdr, bool explain) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Customer> customer, CustomerOf(cdr));
  OPENMSP_ASSIGN_OR_RETURN(Place place, PlaceOf(stored, cdr));
  std::optional<domain::MspCdr> credited;
  if (cdr.credit && cdr.credit_reference_id) {
    Result<domain::MspCdr> original =
        stores_->msp_cdrs.FindByCpoCdrKey(book_.tenant_id, stored.cpo, *cdr.credit_reference_id);
    if (!original && !IsNotFound(original.error())) return original.error();
    if (original) credited = std::move(*original);
  }
  const RatingRequest request{.cpo_cdr_id = stored.id,
                              .cpo = stored.cpo,
                              .received_at = stored.received_at,
                              .cdr = &cdr,
                              .customer = std::move(customer),
                              .place = std::move(place),
                              .credited = credited ? &*credited : nullptr,
                              .explain = explain};
  return rating::Rate(request, book_);
}

namespace {

// The batches rated but not stored yet, handed from the rating thread to the storing one. Holds at
// most two, so the rating thread runs at most one batch ahead and memory stays bounded.
class BatchQueue {
 public:
  // Waits for room; false when the storing side gave up.
  bool Push(std::vector<NewMspCdr> batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return batches_.size() < 2 || abandoned_; });
    if (abandoned_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  // The next batch; nullopt once the rating side finished (or failed) and everything was taken.
  std::optional<std::vector<NewMspCdr>> Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !batches_.empty() || finished_; });
    if (batches_.empty()) return std::nullopt;
    std::vector<NewMspCdr> batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return batch;
  }

  void Finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

  void Abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<NewMspCdr>> batches_;
  bool finished_ = false;
  bool abandoned_ = false;
};

// The rating stage: reads the unrated CDRs after a cursor, batch by batch, rates them and queues the
// results.
Result<void> RateBatches(TenantRater& rater, const RatingStores& reading, const BacklogOptions& options,
                         BatchQueue& queue) {
  const domain::TenantId tenant_id = rater.book().tenant_id;
  domain::CpoCdrId after{0};
  for (;;) {
    if (options.stop_requested && options.stop_requested()) return Ok();
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::CpoCdr> cdrs,
                             reading.cpo_cdrs.ListUnrated(tenant_id, after, options.batch_size));
    if (cdrs.empty()) return Ok();
    after = cdrs.back().id;
    std::vector<NewMspCdr> rated;
    rated.reserve(cdrs.size());
    for (const domain::CpoCdr& cdr : cdrs) {
      OPENMSP_ASSIGN_OR_RETURN(NewMspCdr msp_cdr, rater.Rate(cdr));
      rated.push_back(std::move(msp_cdr));
    }
    if (!queue.Push(std::move(rated))) return Ok();  // the storing side failed and says why
  }
}

}  // namespace

Result<std::size_t> RateBacklog(const RatingStores& reading, domain::MspCdrRepository& writing,
                                domain::TenantId tenant_id, const BacklogOptions& options) {
  if (options.batch_size < 1 || options.batch_size > 1000) {
    return Error{ErrorCode::kInvalidArgument, "batch_size", "must be 1 to 1000"};
  }
  OPENMSP_ASSIGN_OR_RETURN(TenantRater rater, TenantRater::Load(reading, tenant_id));
  BatchQueue queue;
  Result<void> rating = Ok();
  std::thread rating_thread([&] {
    try {
      rating = RateBatches(rater, reading, options, queue);
    } catch (const std::exception& e) {
      rating = Error{ErrorCode::kInternal, "", std::string("rating failed: ") + e.what()};
    }
    queue.Finish();
  });
  std::size_t stored = 0;
  Result<void> storing = Ok();
  while (std::optional<std::vector<NewMspCdr>> batch = queue.Pop()) {
    Result<std::size_t> written = writing.RecordMany(*batch);
    if (!written) {
      storing = written.error();
      queue.Abandon();
      break;
    }
    stored += *written;
  }
  rating_thread.join();
  OPENMSP_RETURN_IF_ERROR(storing);
  OPENMSP_RETURN_IF_ERROR(rating);
  // A credit held because its original had no MSP CDR yet — the original was later in this backlog, or
  // arrived after the credit and was rated only now — finds it now. (The reading side's connection is
  // idle by now; its repositories write these few.)
  if (stored > 0) {
    OPENMSP_RETURN_IF_ERROR(RerateNeedsAttention(rater, reading, AttentionReason::kUnknownCreditReference));
  }
  return stored;
}

Result<std::size_t> RerateNeedsAttention(TenantRater& rater, const RatingStores& stores,
                                         std::optional<domain::AttentionReason> reason) {
  const domain::TenantId tenant_id = rater.book().tenant_id;
  domain::MspCdrQuery query{.needs_attention = true, .reason = reason};
  std::size_t rated = 0;
  for (;;) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::MspCdr> page, stores.msp_cdrs.List(tenant_id, query));
    for (const domain::MspCdr& held : page) {
      OPENMSP_ASSIGN_OR_RETURN(domain::CpoCdr cdr,
                               stores.cpo_cdrs.FindById(tenant_id, held.rating.cpo_cdr_id));
      OPENMSP_ASSIGN_OR_RETURN(NewMspCdr again, rater.Rate(cdr));
      // Stored again only when something changed: rated now, or held for another reason.
      if (!again.attention || again.attention != held.rating.attention ||
          again.attention_detail != held.rating.attention_detail) {
        OPENMSP_RETURN_IF_ERROR(stores.msp_cdrs.Record(again));
        if (!again.attention) ++rated;
      }
    }
    if (page.size() < static_cast<std::size_t>(query.limit)) return rated;
    query.after = std::make_pair(page.back().rating.session_start, page.back().id);
  }
}

}  // namespace openmsp::rating
