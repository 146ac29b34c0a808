#include "pricing/cdr_json.h"

#include <algorithm>
#include <array>
#include <bit>
#include <boost/json/array.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/ids/ocpi_string.h"
#include "core/json.h"
#include "pricing/ocpi_field_json.h"
#include "pricing/pricing_json.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {

namespace {

constexpr std::array<ocpi_json::EnumName<CdrDimension>, 13> kDimensionNames = {{
    {"CURRENT", CdrDimension::kCurrent},
    {"ENERGY", CdrDimension::kEnergy},
    {"ENERGY_EXPORT", CdrDimension::kEnergyExport},
    {"ENERGY_IMPORT", CdrDimension::kEnergyImport},
    {"MAX_CURRENT", CdrDimension::kMaxCurrent},
    {"MIN_CURRENT", CdrDimension::kMinCurrent},
    {"MAX_POWER", CdrDimension::kMaxPower},
    {"MIN_POWER", CdrDimension::kMinPower},
    {"PARKING_TIME", CdrDimension::kParkingTime},
    {"POWER", CdrDimension::kPower},
    {"RESERVATION_TIME", CdrDimension::kReservationTime},
    {"STATE_OF_CHARGE", CdrDimension::kStateOfCharge},
    {"TIME", CdrDimension::kTime},
}};

// Where a value goes: a member of one of the objects read, an element of one of the arrays read, the
// document itself, or nowhere. The members of each object are listed in the order their faults are
// reported (their rank within the object is their distance from the object's first member).
enum class Target : std::uint8_t {
  kSkip,
  kCdr,
  kCountryCode,
  kPartyId,
  kId,
  kStartDateTime,
  kEndDateTime,
  kCurrency,
  kTariffs,
  kChargingPeriods,
  kTotalEnergy,
  kTotalTime,
  kTotalParkingTime,
  kTotalReservationTime,
  kTotalCost,
  kTotalFixedCost,
  kTotalEnergyCost,
  kTotalTimeCost,
  kTotalParkingCost,
  kTotalReservationCost,
  kCdrLocation,
  kPeriod,  // an element of charging_periods
  kPeriodStartDateTime,
  kPeriodDimensions,
  kPeriodTariffId,
  kDimension,  // an element of dimensions
  kDimensionType,
  kDimensionVolume,
  kExclVat,  // of a stated cost
  kInclVat,
  kTimeZone,  // of cdr_location
};

struct Member {
  std::string_view name;
  Target target;
};

constexpr Member kCdrMembers[] = {
    {"country_code", Target::kCountryCode},
    {"party_id", Target::kPartyId},
    {"id", Target::kId},
    {"start_date_time", Target::kStartDateTime},
    {"end_date_time", Target::kEndDateTime},
    {"currency", Target::kCurrency},
    {"tariffs", Target::kTariffs},
    {"charging_periods", Target::kChargingPeriods},
    {"total_energy", Target::kTotalEnergy},
    {"total_time", Target::kTotalTime},
    {"total_parking_time", Target::kTotalParkingTime},
    {"total_reservation_time", Target::kTotalReservationTime},
    {"total_cost", Target::kTotalCost},
    {"total_fixed_cost", Target::kTotalFixedCost},
    {"total_energy_cost", Target::kTotalEnergyCost},
    {"total_time_cost", Target::kTotalTimeCost},
    {"total_parking_cost", Target::kTotalParkingCost},
    {"total_reservation_cost", Target::kTotalReservationCost},
    {"cdr_location", Target::kCdrLocation},
};
constexpr Member kPeriodMembers[] = {
    {"start_date_time", Target::kPeriodStartDateTime},
    {"dimensions", Target::kPeriodDimensions},
    {"tariff_id", Target::kPeriodTariffId},
};
constexpr Member kDimensionMembers[] = {
    {"type", Target::kDimensionType},
    {"volume", Target::kDimensionVolume},
};
constexpr Member kPriceMembers[] = {
    {"excl_vat", Target::kExclVat},
    {"incl_vat", Target::kInclVat},
};
constexpr Member kLocationMembers[] = {
    {"time_zone", Target::kTimeZone},
};

// Member names are short: compared in place rather than through memcmp.
bool SameName(std::string_view name, std::string_view key) {
  if (name.size() != key.size() || name.back() != key.back()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != key[i]) return false;
  }
  return true;
}

// The member `key` of an object of kind `object`, kSkip when it is not one that is read. The candidates
// are those whose name has the key's length (at most three of them).
Target Find(Target object, std::string_view key);

constexpr bool IsPrice(Target target) {
  return target >= Target::kTotalCost && target <= Target::kTotalReservationCost;
}

constexpr std::span<const Member> MembersOf(Target object) {
  switch (object) {
    case Target::kCdr:
      return kCdrMembers;
    case Target::kPeriod:
      return kPeriodMembers;
    case Target::kDimension:
      return kDimensionMembers;
    case Target::kCdrLocation:
      return kLocationMembers;
    default:
      return IsPrice(object) ? std::span<const Member>(kPriceMembers) : std::span<const Member>();
  }
}

// The object a member belongs to, and its rank there.
constexpr Target ObjectOf(Target member) {
  if (member < Target::kPeriod) return Target::kCdr;
  if (member < Target::kDimension) return Target::kPeriod;
  if (member < Target::kExclVat) return Target::kDimension;
  if (member < Target::kTimeZone) return Target::kTotalCost;  // any stated cost
  return Target::kCdrLocation;
}

// The rank of every member target (and 0 for the others).
constexpr auto kRanks = [] {
  std::array<std::int8_t, static_cast<std::size_t>(Target::kTimeZone) + 1> ranks{};
  for (std::size_t i = static_cast<std::size_t>(Target::kCountryCode); i < ranks.size(); ++i) {
    const auto target = static_cast<Target>(i);
    if (target == Target::kPeriod || target == Target::kDimension) continue;
    ranks[i] =
        static_cast<std::int8_t>(i - static_cast<std::size_t>(MembersOf(ObjectOf(target)).front().target));
  }
  return ranks;
}();

constexpr int RankOf(Target member) { return kRanks[static_cast<std::size_t>(member)]; }

std::string_view NameOf(Target member) {
  return MembersOf(ObjectOf(member))[static_cast<std::size_t>(RankOf(member))].name;
}

struct MemberIndex {
  // Per name length: the indices into the member list of the names of that length, -1 after the last.
  std::array<std::array<std::int8_t, 4>, 24> by_length;
};

constexpr MemberIndex IndexOf(std::span<const Member> members) {
  MemberIndex index{};
  for (auto& candidates : index.by_length) candidates.fill(-1);
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::array<std::int8_t, 4>& candidates = index.by_length.at(members[i].name.size());
    std::size_t slot = 0;
    while (candidates.at(slot) >= 0) ++slot;
    candidates.at(slot) = static_cast<std::int8_t>(i);
  }
  return index;
}

constexpr MemberIndex kCdrIndex = IndexOf(kCdrMembers);
constexpr MemberIndex kPeriodIndex = IndexOf(kPeriodMembers);
constexpr MemberIndex kDimensionIndex = IndexOf(kDimensionMembers);
constexpr MemberIndex kPriceIndex = IndexOf(kPriceMembers);
constexpr MemberIndex kLocationIndex = IndexOf(kLocationMembers);

Target Find(Target object, std::string_view key) {
  if (key.empty() || key.size() >= kCdrIndex.by_length.size()) return Target::kSkip;
  const MemberIndex* index = &kPriceIndex;
  switch (object) {
    case Target::kCdr:
      index = &kCdrIndex;
      break;
    case Target::kPeriod:
      index = &kPeriodIndex;
      break;
    case Target::kDimension:
      index = &kDimensionIndex;
      break;
    case Target::kCdrLocation:
      index = &kLocationIndex;
      break;
    default:
      break;
  }
  const std::span<const Member> members = MembersOf(object);
  for (const std::int8_t candidate : index->by_length[key.size()]) {
    if (candidate < 0) break;
    const Member& member = members[static_cast<std::size_t>(candidate)];
    if (SameName(member.name, key)) return member.target;
  }
  return Target::kSkip;
}

// The members an object must have (not absent, not null), by rank.
std::uint32_t RequiredOf(Target object) {
  const auto bit = [](Target member) { return std::uint32_t{1} << RankOf(member); };
  switch (object) {
    case Target::kCdr:
      return bit(Target::kStartDateTime) | bit(Target::kEndDateTime) | bit(Target::kCurrency) |
             bit(Target::kChargingPeriods) | bit(Target::kTotalEnergy) | bit(Target::kTotalTime);
    case Target::kPeriod:
      return bit(Target::kPeriodStartDateTime) | bit(Target::kPeriodDimensions);
    case Target::kDimension:
      return bit(Target::kDimensionType) | bit(Target::kDimensionVolume);
    case Target::kCdrLocation:
      return 0;
    default:
      return bit(Target::kExclVat);
  }
}

// What a target holds, for the message of a value of another kind.
std::string_view ExpectedKind(Target target) {
  switch (target) {
    case Target::kCdr:
    case Target::kPeriod:
    case Target::kDimension:
    case Target::kCdrLocation:
      return "must be an object";
    case Target::kTariffs:
    case Target::kChargingPeriods:
    case Target::kPeriodDimensions:
      return "must be an array";
    case Target::kTotalEnergy:
    case Target::kTotalTime:
    case Target::kTotalParkingTime:
    case Target::kTotalReservationTime:
    case Target::kDimensionVolume:
    case Target::kExclVat:
    case Target::kInclVat:
      return "must be a number";
    default:
      return IsPrice(target) ? "must be an object" : "must be a string";
  }
}

// What `cdr_location` says of the time zone.
enum class ZoneState : std::uint8_t { kAbsent, kNamed, kLocationNotAnObject, kZoneNotAString };

// An object or array being read.
struct Frame {
  Target kind = Target::kSkip;    // the object (kCdr, kPeriod, …) or the array (kChargingPeriods, …)
  Target member = Target::kSkip;  // objects: where the current member's value goes
  std::uint32_t present = 0;      // objects: members with a value other than null, by rank
  std::size_t count = 0;          // arrays: elements begun so far
  std::size_t index = 0;          // elements: the index in their array
  std::vector<std::pair<int, Error>> errors;  // objects: faults by member rank; arrays: the first element's
};

// A string, key or number that may arrive in parts (escapes, numbers split across writes).
class Pieces {
 public:
  void Part(boost::json::string_view part) { text_.append(part.data(), part.size()); }
  // The whole text, given its last part; valid until `Clear`.
  std::string_view Whole(boost::json::string_view last) {
    if (text_.empty()) return {last.data(), last.size()};
    text_.append(last.data(), last.size());
    return text_;
  }
  void Clear() { text_.clear(); }

 private:
  std::string text_;
};

// The Boost.JSON parser handler that reads a CDR from the parser's events.
class CdrHandler {
 public:
  // ParseJson's limits, those of a Boost.JSON document.
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  using string_view = boost::json::string_view;
  using error_code = boost::json::error_code;

  void Start(CdrTariffs tariffs) {
    tariffs_ = tariffs;
    depth_ = 0;
    skip_ = 0;
    capture_ = 0;
    document_error_.reset();
    zone_state_ = ZoneState::kAbsent;
    zone_.clear();
    key_.Clear();
    string_.Clear();
    number_.Clear();
    cdr_.country_code.clear();
    cdr_.party_id.clear();
    cdr_.id.clear();
    cdr_.tariffs.clear();
    cdr_.total_parking_time.reset();
    cdr_.total_reservation_time.reset();
    cdr_.stated = StatedCosts();
  }

  const std::optional<Error>& document_error() const { return document_error_; }
  const Cdr& cdr() const { return cdr_; }

  Result<std::optional<std::string_view>> LocationTimeZone() const {
    switch (zone_state_) {
      case ZoneState::kAbsent:
        return std::optional<std::string_view>();
      case ZoneState::kNamed:
        return std::optional<std::string_view>(zone_);
      case ZoneState::kLocationNotAnObject:
        return InvalidArgument("cdr_location", "must be an object");
      case ZoneState::kZoneNotAString:
        break;
    }
    return InvalidArgument("cdr_location.time_zone", "must be a string");
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_object_begin(error_code&) {
    if (skip_ > 0) return ++skip_, true;
    if (capture_ > 0) return CaptureOpen('{'), true;
    const Target target = NextValue();
    switch (target) {
      case Target::kSkip:
        skip_ = 1;
        return true;
      case Target::kCdr:
      case Target::kPeriod:
      case Target::kDimension:
      case Target::kCdrLocation:
        break;
      default:
        if (!IsPrice(target)) {
          Refuse(target);
          skip_ = 1;
          return true;
        }
    }
    Present(target);
    Push(target);
    return true;
  }

  bool on_object_end(std::size_t, error_code&) {
    if (skip_ > 0) return --skip_, true;
    if (capture_ > 0) return CaptureClose('}'), true;
    EndObject();
    return true;
  }

  bool on_array_begin(error_code&) {
    if (skip_ > 0) return ++skip_, true;
    if (capture_ > 0) return CaptureOpen('['), true;
    const Target target = NextValue();
    switch (target) {
      case Target::kSkip:
        skip_ = 1;
        return true;
      case Target::kChargingPeriods:
      case Target::kPeriodDimensions:
        Present(target);
        Push(target);
        return true;
      case Target::kTariffs:
        Present(target);
        capture_ = 1;
        capture_text_ = '[';
        comma_ = false;
        return true;
      default:
        Refuse(target);
        skip_ = 1;
        return true;
    }
  }

  bool on_array_end(std::size_t, error_code&) {
    if (skip_ > 0) return --skip_, true;
    if (capture_ > 0) return CaptureClose(']'), true;
    EndArray();
    return true;
  }

  bool on_key_part(string_view part, std::size_t, error_code&) {
    if (skip_ == 0) key_.Part(part);
    return true;
  }

  bool on_key(string_view last, std::size_t, error_code&) {
    if (skip_ > 0) return true;
    const std::string_view key = key_.Whole(last);
    if (capture_ > 0) {
      Comma();
      AppendJsonString(key, capture_text_);
      capture_text_ += ':';
      comma_ = false;
    } else {
      Frame& object = frames_[depth_ - 1];
      object.member = Find(object.kind, key);
      if (object.member == Target::kTariffs && tariffs_ == CdrTariffs::kIgnore) object.member = Target::kSkip;
      if (object.member != Target::kSkip) Forget(object, object.member);
    }
    key_.Clear();
    return true;
  }

  bool on_string_part(string_view part, std::size_t, error_code&) {
    if (skip_ == 0) string_.Part(part);
    return true;
  }

  bool on_string(string_view last, std::size_t, error_code&) {
    if (skip_ > 0) return true;
    const std::string_view text = string_.Whole(last);
    if (capture_ > 0) {
      Comma();
      AppendJsonString(text, capture_text_);
      comma_ = true;
    } else {
      String(NextValue(), text);
    }
    string_.Clear();
    return true;
  }

  bool on_number_part(string_view part, error_code&) {
    number_.Part(part);
    return true;
  }

  bool on_int64(std::int64_t value, string_view last, error_code&) {
    if (skip_ == 0) Number(Decimal(value), number_.Whole(last));
    number_.Clear();
    return true;
  }

  bool on_uint64(std::uint64_t value, string_view last, error_code&) {
    if (skip_ == 0) Number(DecimalFromJson(boost::json::value(value)), number_.Whole(last));
    number_.Clear();
    return true;
  }

  // Every number with a fraction or an exponent, read or not, must be exact (ParseJson's rule).
  bool on_double(double, string_view last, error_code& ec) {
    const std::string_view text = number_.Whole(last);
    Result<Decimal> exact = DecimalFromJsonNumber(text);
    if (!exact) {
      ec = boost::json::error::exception;
      return false;
    }
    if (skip_ == 0) Number(exact, text);
    number_.Clear();
    return true;
  }

  bool on_bool(bool value, error_code&) {
    if (skip_ > 0) return true;
    if (capture_ > 0) return CaptureScalar(value ? "true" : "false"), true;
    const Target target = NextValue();
    if (target != Target::kSkip) Refuse(target);
    return true;
  }

  bool on_null(error_code&) {
    if (skip_ > 0) return true;
    if (capture_ > 0) return CaptureScalar("null"), true;
    // A member that is null is absent (Forget has made it so); an element or the document is refused.
    const Target target = NextValue();
    if (target == Target::kCdr || target == Target::kPeriod || target == Target::kDimension) Refuse(target);
    return true;
  }

  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

 private:
  // Where the value that begins now goes; counts array elements.
  Target NextValue() {
    if (depth_ == 0) return Target::kCdr;
    Frame& top = frames_[depth_ - 1];
    if (top.kind == Target::kChargingPeriods) return ++top.count, Target::kPeriod;
    if (top.kind == Target::kPeriodDimensions) return ++top.count, Target::kDimension;
    return top.member;
  }

  void Push(Target kind) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& frame = frames_[depth_++];
    frame.kind = kind;
    frame.member = Target::kSkip;
    frame.present = 0;
    frame.count = 0;
    frame.errors.clear();
    if (depth_ == 1) return;
    const Frame& parent = frames_[depth_ - 2];
    frame.index = parent.count - 1;
    switch (kind) {
      case Target::kPeriod: {
        period_ = frame.index;
        if (cdr_.charging_periods.size() <= period_) cdr_.charging_periods.resize(period_ + 1);
        cdr_.charging_periods[period_].tariff_id.reset();
        break;
      }
      case Target::kDimension: {
        dimension_ = frame.index;
        std::vector<CdrDimensionVolume>& dimensions = cdr_.charging_periods[period_].dimensions;
        if (dimensions.size() <= dimension_) dimensions.resize(dimension_ + 1);
        break;
      }
      case Target::kCdrLocation:
        zone_state_ = ZoneState::kAbsent;
        break;
      default:
        if (IsPrice(kind)) price_ = Price();
        break;
    }
  }

  // A member of the current object has a value other than null.
  void Present(Target target) {
    if (depth_ == 0 || target == Target::kPeriod || target == Target::kDimension) return;
    frames_[depth_ - 1].present |= std::uint32_t{1} << RankOf(target);
  }

  // A member key begins anew: what an earlier member of the same name said no longer counts.
  void Forget(Frame& object, Target member) {
    object.present &= ~(std::uint32_t{1} << RankOf(member));
    if (!object.errors.empty()) {
      std::erase_if(object.errors, [&](const auto& error) { return error.first == RankOf(member); });
    }
    switch (member) {
      case Target::kCountryCode:
        cdr_.country_code.clear();
        break;
      case Target::kPartyId:
        cdr_.party_id.clear();
        break;
      case Target::kId:
        cdr_.id.clear();
        break;
      case Target::kTariffs:
        cdr_.tariffs.clear();
        break;
      case Target::kTotalParkingTime:
        cdr_.total_parking_time.reset();
        break;
      case Target::kTotalReservationTime:
        cdr_.total_reservation_time.reset();
        break;
      case Target::kCdrLocation:
      case Target::kTimeZone:
        zone_state_ = ZoneState::kAbsent;
        break;
      case Target::kPeriodTariffId:
        cdr_.charging_periods[period_].tariff_id.reset();
        break;
      case Target::kInclVat:
        price_.incl_vat.reset();
        break;
      default:
        if (IsPrice(member)) Stated(member).reset();
        break;
    }
  }

  // A value of the wrong kind for `target`.
  void Refuse(Target target) {
    Present(target);
    Fault(target, InvalidArgument("", std::string(ExpectedKind(target))));
  }

  // Records a fault of the value for `target`, its field relative to that value.
  void Fault(Target target, Error error) {
    switch (target) {
      case Target::kCdr:
        document_error_ = std::move(error);
        return;
      case Target::kCdrLocation:
        zone_state_ = ZoneState::kLocationNotAnObject;
        return;
      case Target::kTimeZone:
        zone_state_ = ZoneState::kZoneNotAString;
        return;
      case Target::kPeriod:
      case Target::kDimension:
        ElementFault(frames_[depth_ - 1], frames_[depth_ - 1].count - 1, std::move(error));
        return;
      default:
        frames_[depth_ - 1].errors.emplace_back(RankOf(target), std::move(error).Nested(NameOf(target)));
        return;
    }
  }

  static void ElementFault(Frame& array, std::size_t index, Error error) {
    if (array.errors.empty())
      array.errors.emplace_back(0, std::move(error).Nested(ocpi_json::internal::IndexStep(index)));
  }

  // The fault an object reports: its missing members, else the fault of the lowest rank.
  static std::optional<Error> FaultOf(const Frame& object) {
    const std::uint32_t missing = RequiredOf(object.kind) & ~object.present;
    const std::span<const Member> members = MembersOf(object.kind);
    if (missing != 0) {
      const auto first = static_cast<std::size_t>(std::countr_zero(missing));
      std::vector<std::string_view> others;
      for (std::size_t rank = first + 1; rank < members.size(); ++rank) {
        if ((missing >> rank & 1) != 0) others.push_back(members[rank].name);
      }
      return ocpi_json::internal::MissingMembers(members[first].name, others);
    }
    if (object.errors.empty()) return std::nullopt;
    return std::min_element(object.errors.begin(), object.errors.end(),
                            [](const auto& a, const auto& b) { return a.first < b.first; })
        ->second;
  }

  void EndObject() {
    Frame& object = frames_[--depth_];
    std::optional<Error> fault = FaultOf(object);
    const Target kind = object.kind;
    if (kind == Target::kCdr) {
      document_error_ = std::move(fault);
    } else if (kind == Target::kPeriod || kind == Target::kDimension) {
      if (fault) ElementFault(frames_[depth_ - 1], object.index, std::move(*fault));
    } else if (IsPrice(kind)) {
      if (fault) {
        Fault(kind, std::move(*fault));
      } else {
        Stated(kind) = price_;
      }
    }
  }

  void EndArray() {
    Frame& array = frames_[--depth_];
    std::optional<Error> fault;
    if (!array.errors.empty()) {
      fault = std::move(array.errors.front().second);
    } else if (array.count == 0) {
      fault = ocpi_json::internal::TooFewElements(1);
    }
    if (array.kind == Target::kChargingPeriods) {
      cdr_.charging_periods.resize(array.count);
    } else {
      cdr_.charging_periods[period_].dimensions.resize(array.count);
    }
    if (fault) Fault(array.kind, std::move(*fault));
  }

  void String(Target target, std::string_view text) {
    switch (target) {
      case Target::kSkip:
        return;
      case Target::kCountryCode:
        return Identity(target, text, 2, cdr_.country_code);
      case Target::kPartyId:
        return Identity(target, text, 3, cdr_.party_id);
      case Target::kId:
        return Identity(target, text, 39, cdr_.id);
      case Target::kStartDateTime:
        return DateTime(target, text, cdr_.start_date_time);
      case Target::kEndDateTime:
        return DateTime(target, text, cdr_.end_date_time);
      case Target::kPeriodStartDateTime:
        return DateTime(target, text, cdr_.charging_periods[period_].start_date_time);
      case Target::kCurrency: {
        Present(target);
        Result<Currency> currency = ocpi_json::CurrencyFrom(text);
        if (!currency) return Fault(target, std::move(currency).error());
        cdr_.currency = *currency;
        return;
      }
      case Target::kPeriodTariffId: {
        Present(target);
        Result<void> valid = ValidateCiString(text, 36);
        if (!valid) return Fault(target, std::move(valid).error());
        cdr_.charging_periods[period_].tariff_id.emplace(text);
        return;
      }
      case Target::kDimensionType: {
        Present(target);
        Result<CdrDimension> type = ocpi_json::EnumFrom(text, kDimensionNames);
        if (!type) return Fault(target, std::move(type).error());
        cdr_.charging_periods[period_].dimensions[dimension_].type = *type;
        return;
      }
      case Target::kTimeZone:
        zone_state_ = ZoneState::kNamed;
        zone_.assign(text);
        return;
      default:
        return Refuse(target);
    }
  }

  void Identity(Target target, std::string_view text, std::size_t max_length, std::string& into) {
    Present(target);
    Result<void> valid = ValidateCiString(text, max_length);
    if (!valid) return Fault(target, std::move(valid).error());
    into.assign(text);
  }

  void DateTime(Target target, std::string_view text, Instant& into) {
    Present(target);
    Result<Instant> instant = ParseOcpiDateTime(text);
    if (!instant) return Fault(target, std::move(instant).error());
    into = *instant;
  }

  void Number(const Result<Decimal>& value, std::string_view text) {
    if (capture_ > 0) return CaptureScalar(text);
    const Target target = NextValue();
    Decimal* into = nullptr;
    switch (target) {
      case Target::kSkip:
        return;
      case Target::kTotalEnergy:
        into = &cdr_.total_energy;
        break;
      case Target::kTotalTime:
        into = &cdr_.total_time;
        break;
      case Target::kTotalParkingTime:
        into = &cdr_.total_parking_time.emplace();
        break;
      case Target::kTotalReservationTime:
        into = &cdr_.total_reservation_time.emplace();
        break;
      case Target::kDimensionVolume:
        into = &cdr_.charging_periods[period_].dimensions[dimension_].volume;
        break;
      case Target::kExclVat:
        into = &price_.excl_vat;
        break;
      case Target::kInclVat:
        into = &price_.incl_vat.emplace();
        break;
      default:
        return Refuse(target);
    }
    Present(target);
    if (!value) return Fault(target, value.error());
    *into = *value;
  }

  std::optional<Price>& Stated(Target price) {
    switch (price) {
      case Target::kTotalCost:
        return cdr_.stated.total_cost;
      case Target::kTotalFixedCost:
        return cdr_.stated.total_fixed_cost;
      case Target::kTotalEnergyCost:
        return cdr_.stated.total_energy_cost;
      case Target::kTotalTimeCost:
        return cdr_.stated.total_time_cost;
      case Target::kTotalParkingCost:
        return cdr_.stated.total_parking_cost;
      default:
        return cdr_.stated.total_reservation_cost;
    }
  }

  // The CDR's own tariffs are kept as JSON text and read with ParseJson and ParseTariff once their array
  // ends (a reader of tariff events would be a second way to read a tariff).
  void Comma() {
    if (comma_) capture_text_ += ',';
  }
  void CaptureOpen(char bracket) {
    Comma();
    capture_text_ += bracket;
    comma_ = false;
    ++capture_;
  }
  void CaptureScalar(std::string_view text) {
    Comma();
    capture_text_ += text;
    comma_ = true;
  }
  void CaptureClose(char bracket) {
    capture_text_ += bracket;
    comma_ = true;
    if (--capture_ > 0) return;
    // CDRs of one CPO often carry the same tariff, byte for byte: it is read once for a run of them.
    if (capture_text_ != tariffs_text_) {
      tariffs_text_ = capture_text_;
      tariffs_read_ = ReadTariffs(tariffs_text_);
    }
    if (!tariffs_read_) return Fault(Target::kTariffs, tariffs_read_.error());
    cdr_.tariffs = *tariffs_read_;
  }

  static Result<std::vector<Tariff>> ReadTariffs(std::string_view text) {
    OPENMSP_ASSIGN_OR_RETURN(const boost::json::value list, ParseJson(text));
    return ocpi_json::ReadArray(list, ParseTariff);
  }

  CdrTariffs tariffs_ = CdrTariffs::kRead;
  Cdr cdr_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;                // frames in use
  std::size_t skip_ = 0;                 // depth within a value that is not read
  std::size_t capture_ = 0;              // depth within the tariffs being kept as text
  std::size_t period_ = 0;               // the charging period being read
  std::size_t dimension_ = 0;            // its dimension being read
  Price price_;                          // the stated cost being read
  std::optional<Error> document_error_;  // the first fault of the CDR, or of a document that is no object
  ZoneState zone_state_ = ZoneState::kAbsent;
  std::string zone_;
  std::string capture_text_;
  std::string tariffs_text_;  // the last tariffs read, and what they gave
  Result<std::vector<Tariff>> tariffs_read_ = std::vector<Tariff>();
  bool comma_ = false;
  Pieces key_;
  Pieces string_;
  Pieces number_;
};

boost::json::parse_options JsonOptions() {
  boost::json::parse_options options;
  options.max_depth = 64;  // as ParseJson
  return options;
}

}  // namespace

struct CdrReader::State {
  boost::json::basic_parser<CdrHandler> parser{JsonOptions()};
};

CdrReader::CdrReader() : state_(std::make_unique<State>()) {}
CdrReader::~CdrReader() = default;

Result<std::reference_wrapper<const Cdr>> CdrReader::Read(std::string_view text, CdrTariffs tariffs) {
  boost::json::basic_parser<CdrHandler>& parser = state_->parser;
  parser.reset();
  parser.handler().Start(tariffs);
  boost::json::error_code ec;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (ec || consumed != text.size()) {
    // Not JSON by ParseJson's rules: ParseJson, which tracks the path of every value, names the fault.
    Result<boost::json::value> document = ParseJson(text);
    if (!document) return std::move(document).error();
    return Error{ErrorCode::kInternal, "", "the CDR reader refused JSON that ParseJson accepts"};
  }
  if (parser.handler().document_error()) return *parser.handler().document_error();
  return std::cref(parser.handler().cdr());
}

Result<std::optional<std::string_view>> CdrReader::LocationTimeZone() const {
  return state_->parser.handler().LocationTimeZone();
}

Result<Cdr> ParseCdr(std::string_view text, CdrTariffs tariffs) {
  CdrReader reader;
  OPENMSP_ASSIGN_OR_RETURN(const Cdr& cdr, reader.Read(text, tariffs));
  return cdr;
}

}  // namespace openmsp::pricing
