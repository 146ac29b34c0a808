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

#include "core/ids/ascii.h"
#include "core/ids/country.h"
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

// The enums of cdr_token and cdr_location are checked, and kept as the text that names them.
enum class TokenType : std::uint8_t { kAdHocUser, kAppUser, kOther, kRfid };
constexpr std::array<ocpi_json::EnumName<TokenType>, 4> kTokenTypeNames = {{
    {"AD_HOC_USER", TokenType::kAdHocUser},
    {"APP_USER", TokenType::kAppUser},
    {"OTHER", TokenType::kOther},
    {"RFID", TokenType::kRfid},
}};

enum class PowerType : std::uint8_t { kAc1Phase, kAc2Phase, kAc2PhaseSplit, kAc3Phase, kDc };
constexpr std::array<ocpi_json::EnumName<PowerType>, 5> kPowerTypeNames = {{
    {"AC_1_PHASE", PowerType::kAc1Phase},
    {"AC_2_PHASE", PowerType::kAc2Phase},
    {"AC_2_PHASE_SPLIT", PowerType::kAc2PhaseSplit},
    {"AC_3_PHASE", PowerType::kAc3Phase},
    {"DC", PowerType::kDc},
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
  kCdrToken,
  kCdrLocation,
  kCredit,
  kCreditReferenceId,
  kPeriod,  // an element of charging_periods
  kPeriodStartDateTime,
  kPeriodDimensions,
  kPeriodTariffId,
  kDimension,  // an element of dimensions
  kDimensionType,
  kDimensionVolume,
  kExclVat,  // of a stated cost
  kInclVat,
  kTokenUid,  // of cdr_token
  kTokenType,
  kTokenContractId,
  kLocationId,  // of cdr_location
  kLocationCountry,
  kLocationEvseUid,
  kLocationEvseId,
  kLocationConnectorId,
  kLocationPowerType,
  kTimeZone,  // not OCPI's: our test vectors'
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
    {"cdr_token", Target::kCdrToken},
    {"cdr_location", Target::kCdrLocation},
    {"credit", Target::kCredit},
    {"credit_reference_id", Target::kCreditReferenceId},
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
constexpr Member kTokenMembers[] = {
    {"uid", Target::kTokenUid},
    {"type", Target::kTokenType},
    {"contract_id", Target::kTokenContractId},
};
constexpr Member kLocationMembers[] = {
    {"id", Target::kLocationId},
    {"country", Target::kLocationCountry},
    {"evse_uid", Target::kLocationEvseUid},
    {"evse_id", Target::kLocationEvseId},
    {"connector_id", Target::kLocationConnectorId},
    {"connector_power_type", Target::kLocationPowerType},
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
    case Target::kCdrToken:
      return kTokenMembers;
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
  if (member < Target::kTokenUid) return Target::kTotalCost;  // any stated cost
  if (member < Target::kLocationId) return Target::kCdrToken;
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

// Each member list is in the order of its targets, so that a member's rank is its index in the list, and
// short enough for the bits of Frame::present.
constexpr bool ListsMatchTargets() {
  for (const Target object : {Target::kCdr, Target::kPeriod, Target::kDimension, Target::kTotalCost,
                              Target::kCdrToken, Target::kCdrLocation}) {
    const std::span<const Member> members = MembersOf(object);
    if (members.size() > 32) return false;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (ObjectOf(members[i].target) != object || RankOf(members[i].target) != static_cast<int>(i))
        return false;
    }
  }
  return true;
}
static_assert(ListsMatchTargets());

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
constexpr MemberIndex kTokenIndex = IndexOf(kTokenMembers);
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
    case Target::kCdrToken:
      index = &kTokenIndex;
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
    case Target::kCdrToken:
      return bit(Target::kTokenUid) | bit(Target::kTokenType) | bit(Target::kTokenContractId);
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
    case Target::kCdrToken:
    case Target::kCdrLocation:
      return "must be an object";
    case Target::kCredit:
      return "must be a boolean";
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

// What `cdr_location` says of the time zone (a `cdr_location` that is no object fails the CDR).
enum class ZoneState : std::uint8_t { kAbsent, kNamed, kZoneNotAString };

// An optional member of the Cdr that gives its strings' buffers to `spare` when it becomes absent and
// takes them back when it is present again, so that a run of CDRs does not allocate them anew.
template <class T>
void Vacate(std::optional<T>& member, T& spare) {
  if (!member) return;
  spare = std::move(*member);
  member.reset();
}

template <class T>
T& Occupy(std::optional<T>& member, T& spare) {
  if (!member) member.emplace(std::move(spare));
  return *member;
}

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
    Vacate(cdr_.token, spare_token_);
    Vacate(cdr_.location, spare_location_);
    cdr_.credit = false;
    Vacate(cdr_.credit_reference_id, spare_reference_);
  }

  const std::optional<Error>& document_error() const { return document_error_; }
  const Cdr& cdr() const { return cdr_; }

  Result<std::optional<std::string_view>> LocationTimeZone() const {
    switch (zone_state_) {
      case ZoneState::kAbsent:
        return std::optional<std::string_view>();
      case ZoneState::kNamed:
        return std::optional<std::string_view>(zone_);
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
      case Target::kCdrToken:
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
      // Only a member given before has something to forget (every value read or refused marks it present).
      if (object.member != Target::kSkip && (object.present >> RankOf(object.member) & 1) != 0) {
        Forget(object, object.member);
      }
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
    if (target == Target::kCredit) {
      Present(target);
      cdr_.credit = value;
    } else if (target != Target::kSkip) {
      Refuse(target);
    }
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
      case Target::kCdrToken: {
        CdrToken& token = Occupy(cdr_.token, spare_token_);
        token.uid.clear();
        token.type.clear();
        token.contract_id.clear();
        break;
      }
      case Target::kCdrLocation: {
        zone_state_ = ZoneState::kAbsent;
        CdrLocation& location = Occupy(cdr_.location, spare_location_);
        location.id.clear();
        location.country.clear();
        location.evse_uid.clear();
        location.evse_id.clear();
        location.connector_id.clear();
        location.connector_power_type.clear();
        break;
      }
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
      case Target::kCdrToken:
        Vacate(cdr_.token, spare_token_);
        break;
      case Target::kCdrLocation:
        zone_state_ = ZoneState::kAbsent;
        Vacate(cdr_.location, spare_location_);
        break;
      case Target::kCredit:
        cdr_.credit = false;
        break;
      case Target::kCreditReferenceId:
        Vacate(cdr_.credit_reference_id, spare_reference_);
        break;
      case Target::kTokenUid:
        cdr_.token->uid.clear();
        break;
      case Target::kTokenType:
        cdr_.token->type.clear();
        break;
      case Target::kTokenContractId:
        cdr_.token->contract_id.clear();
        break;
      case Target::kLocationId:
        cdr_.location->id.clear();
        break;
      case Target::kLocationCountry:
        cdr_.location->country.clear();
        break;
      case Target::kLocationEvseUid:
        cdr_.location->evse_uid.clear();
        break;
      case Target::kLocationEvseId:
        cdr_.location->evse_id.clear();
        break;
      case Target::kLocationConnectorId:
        cdr_.location->connector_id.clear();
        break;
      case Target::kLocationPowerType:
        cdr_.location->connector_power_type.clear();
        break;
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
    const Target kind = object.kind;
    if (kind == Target::kCdr && cdr_.credit &&
        (object.present & std::uint32_t{1} << RankOf(Target::kCreditReferenceId)) == 0) {
      // OCPI: on a credit CDR it "needs to be set". Reported in its own place, after the required members.
      object.errors.emplace_back(RankOf(Target::kCreditReferenceId),
                                 InvalidArgument("credit_reference_id", "is required when credit is true"));
    }
    if (object.errors.empty() && (RequiredOf(kind) & ~object.present) == 0) {
      // The usual case, without an optional Error to build and destroy.
      if (kind == Target::kCdr) {
        document_error_.reset();
      } else if (IsPrice(kind)) {
        Stated(kind) = price_;
      }
      return;
    }
    std::optional<Error> fault = FaultOf(object);
    if (kind == Target::kCdr) {
      document_error_ = std::move(fault);
    } else if (kind == Target::kPeriod || kind == Target::kDimension) {
      if (fault) ElementFault(frames_[depth_ - 1], object.index, std::move(*fault));
    } else if (fault) {
      Fault(kind, std::move(*fault));  // a stated cost, cdr_token or cdr_location
    } else if (IsPrice(kind)) {
      Stated(kind) = price_;
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
        if (!IsCiString(text, 36)) return Fault(target, ValidateCiString(text, 36).error());
        cdr_.charging_periods[period_].tariff_id.emplace(text);
        return;
      }
      case Target::kDimensionType: {
        Present(target);
        const CdrDimension* type = Lookup(text, kDimensionNames);
        if (type == nullptr) return Fault(target, ocpi_json::EnumFrom(text, kDimensionNames).error());
        cdr_.charging_periods[period_].dimensions[dimension_].type = *type;
        return;
      }
      case Target::kTokenUid:
        return Identity(target, text, 36, cdr_.token->uid, kNotEmpty);
      case Target::kTokenType:
        return Enum(target, text, kTokenTypeNames, cdr_.token->type);
      case Target::kTokenContractId:
        return Identity(target, text, 36, cdr_.token->contract_id, kNotEmpty);
      case Target::kLocationId:
        return Identity(target, text, 36, cdr_.location->id);
      case Target::kLocationCountry: {
        Present(target);
        // The CDRs of a run are mostly from one country: it is looked up once.
        if (country_.empty() || !SameName(country_, text)) {
          Result<std::string_view> country = Alpha3Of(text);
          if (!country) return Fault(target, std::move(country).error());
          country_ = *country;
        }
        cdr_.location->country.assign(text);
        return;
      }
      case Target::kLocationEvseUid:
        return Identity(target, text, 36, cdr_.location->evse_uid);
      case Target::kLocationEvseId:
        return Identity(target, text, 48, cdr_.location->evse_id);
      case Target::kLocationConnectorId:
        return Identity(target, text, 36, cdr_.location->connector_id);
      case Target::kLocationPowerType:
        return Enum(target, text, kPowerTypeNames, cdr_.location->connector_power_type);
      case Target::kTimeZone:
        Present(target);
        zone_state_ = ZoneState::kNamed;
        zone_.assign(text);
        return;
      case Target::kCreditReferenceId:
        return Identity(target, text, 39, Occupy(cdr_.credit_reference_id, spare_reference_), kNotEmpty);
      default:
        return Refuse(target);
    }
  }

  static constexpr bool kNotEmpty = true;

  void Identity(Target target, std::string_view text, std::size_t max_length, std::string& into,
                bool not_empty = false) {
    Present(target);
    if (IsCiString(text, max_length) && !(not_empty && text.empty())) return into.assign(text), void();
    Fault(target, text.empty() ? InvalidArgument("", "must not be empty")
                               : ValidateCiString(text, max_length).error());
  }

  // ValidateCiString's answer without its Result, for the many strings that pass.
  static bool IsCiString(std::string_view text, std::size_t max_length) {
    if (text.size() > max_length) return false;
    for (const char c : text) {
      if (!ascii::IsPrintable(c)) return false;
    }
    return true;
  }

  template <class Kind, std::size_t N>
  void Enum(Target target, std::string_view text, const std::array<ocpi_json::EnumName<Kind>, N>& names,
            std::string& into) {
    Present(target);
    if (Lookup(text, names) == nullptr) return Fault(target, ocpi_json::EnumFrom(text, names).error());
    into.assign(text);
  }

  // The value `names` gives `text`, compared in place; nullptr when none (EnumFrom then words the error).
  template <class Kind, std::size_t N>
  static const Kind* Lookup(std::string_view text, const std::array<ocpi_json::EnumName<Kind>, N>& names) {
    for (const ocpi_json::EnumName<Kind>& entry : names) {
      if (SameName(entry.name, text)) return &entry.value;
    }
    return nullptr;
  }

  // The assigned ISO 3166-1 alpha-3 code `text`, in upper case as OCPI writes it (CountryFromAlpha3 alone
  // would take `bel`), as a view of core's table.
  static Result<std::string_view> Alpha3Of(std::string_view text) {
    OPENMSP_ASSIGN_OR_RETURN(const Country country, CountryFromAlpha3(text));
    if (text != country.alpha3) {
      return InvalidArgument(
          "", ascii::Quote(text) + " must be written in upper case: '" + std::string(country.alpha3) + "'");
    }
    return country.alpha3;
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
  CdrToken spare_token_;  // the buffers of absent optional members (see Vacate)
  CdrLocation spare_location_;
  std::string spare_reference_;
  std::string_view country_;  // the last country accepted, in core's table
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
