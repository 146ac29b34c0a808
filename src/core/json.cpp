#include "core/json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

namespace openmsp {
namespace {

constexpr int kMaxExactDigits = 15;

// The decimal with the fewest significant digits that reads back as `d` (the shortest round trip).
Result<Decimal> DecimalFromDouble(double d) {
  if (d == 0) return Decimal(0);  // also for -0.0, which JSON readers would otherwise keep apart from 0
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
  if (ec != std::errc()) return InvalidArgument("", "is not a finite number");
  return Decimal::Parse(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

// Plain notation for a double that came from a Decimal; JSON `null` for what is no finite number.
std::string JsonNumberText(double d) {
  if (!std::isfinite(d)) return "null";
  if (Result<Decimal> exact = DecimalFromDouble(d)) return exact->Normalized().ToString();
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
  return std::string(buffer, end);
}

int SignificantDigits(const Decimal& value) {
  const Decimal normalized = value.Normalized();
  Int128 rest = normalized.coefficient() < 0 ? -normalized.coefficient() : normalized.coefficient();
  int digits = 0;
  for (; rest != 0; rest /= 10) ++digits;
  return digits;
}

// Significant digits of a JSON number's text: from the first to the last non-zero digit before any
// exponent (`0.2500` has 2, `100` has 1, `1.05e3` has 3).
int MantissaDigits(std::string_view number) {
  int digits = 0;
  int pending_zeros = 0;
  for (char c : number) {
    if (c == 'e' || c == 'E') break;
    if (c == '0') {
      if (digits > 0) ++pending_zeros;
    } else if (c >= '1' && c <= '9') {
      digits += pending_zeros + 1;
      pending_zeros = 0;
    }
  }
  return digits;
}

}  // namespace

namespace {

// DecimalFromJsonNumber for the common case, `-?(0|[1-9][0-9]*)\.[0-9]+` with at most 18 digits, in 64-bit
// arithmetic. No value for anything else (an exponent, more digits, a malformed text), which takes the
// general path. For these texts Decimal::Parse keeps every digit, so normalising is stripping zeros.
std::optional<Decimal> PlainDecimal(std::string_view text) {
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++pos;
  std::uint64_t coefficient = 0;
  int digits = 0;
  int scale = 0;
  bool point = false;
  const std::size_t int_start = pos;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c >= '0' && c <= '9') {
      coefficient = coefficient * 10 + static_cast<std::uint64_t>(c - '0');
      ++digits;
      if (point) ++scale;
    } else if (c == '.' && !point && pos > int_start) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!point || scale == 0 || digits > 18) return std::nullopt;
  if (text[int_start] == '0' && text[int_start + 1] != '.') return std::nullopt;  // leading zeros
  while (scale > 0 && coefficient % 10 == 0) {
    coefficient /= 10;
    --scale;
  }
  if (coefficient >= 1'000'000'000'000'000) return std::nullopt;  // more than 15 significant digits
  const auto value = static_cast<std::int64_t>(coefficient);
  return Decimal::FromCoefficient(negative ? -value : value, scale);
}

}  // namespace

Result<Decimal> DecimalFromJsonNumber(std::string_view text) {
  if (std::optional<Decimal> plain = PlainDecimal(text)) return *plain;
  Result<Decimal> exact = Decimal::Parse(text);
  if (!exact) return InvalidArgument("", exact.error().message);
  if (MantissaDigits(text) > kMaxExactDigits) {
    return InvalidArgument("", "'" + std::string(text) + "' has more than " +
                                   std::to_string(kMaxExactDigits) +
                                   " significant digits and cannot be held exactly");
  }
  // At most 15 significant digits: the double ParseJson stores reads back as exactly this value, through
  // its shortest representation, which has no trailing zeros.
  return exact->Normalized();
}

namespace {

// A Boost.JSON parse handler that builds a value like boost::json::parser does, and additionally
// checks every number for exactness and tracks the path of the current value for error messages.
class ExactNumberHandler {
 public:
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  using string_view = boost::json::string_view;
  using error_code = boost::json::error_code;

  ExactNumberHandler() { stack_.reset(); }

  /// Prepares for the next document, whose values are allocated from `storage`.
  void Reset(boost::json::storage_ptr storage) {
    stack_.reset(std::move(storage));
    depth_ = 0;
    key_started_ = false;
    number_.clear();
    failure_.reset();
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) {
    PushFrame(false);
    return true;
  }
  bool on_object_end(std::size_t n, error_code&) {
    --depth_;
    stack_.push_object(n);
    return ValueDone();
  }
  bool on_array_begin(error_code&) {
    PushFrame(true);
    return true;
  }
  bool on_array_end(std::size_t n, error_code&) {
    --depth_;
    stack_.push_array(n);
    return ValueDone();
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    stack_.push_chars(s);
    if (!key_started_) frames_[depth_ - 1].key.clear();
    frames_[depth_ - 1].key.append(s.data(), s.size());
    key_started_ = true;
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    stack_.push_key(s);
    if (!key_started_) frames_[depth_ - 1].key.clear();
    frames_[depth_ - 1].key.append(s.data(), s.size());
    key_started_ = false;
    return true;
  }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    stack_.push_string(s);
    return ValueDone();
  }
  bool on_number_part(string_view s, error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, string_view, error_code&) {
    number_.clear();
    stack_.push_int64(i);
    return ValueDone();
  }
  bool on_uint64(std::uint64_t u, string_view, error_code&) {
    number_.clear();
    stack_.push_uint64(u);
    return ValueDone();
  }
  bool on_double(double, string_view s, error_code& ec) {
    number_.append(s.data(), s.size());
    Result<Decimal> exact = DecimalFromJsonNumber(number_);
    if (!exact) return Fail(exact.error().message, ec);
    // Boost.JSON 1.81 does not always round to the nearest double (and reads 0e400 as NaN), so the
    // carrier is converted here, correctly rounded. A decimal of at most 15 significant digits within
    // Decimal's parse limits always comes back exactly out of its nearest double.
    double carrier = 0;
    if (!exact->IsZero()) std::from_chars(number_.data(), number_.data() + number_.size(), carrier);
    number_.clear();
    stack_.push_double(carrier);
    return ValueDone();
  }
  bool on_bool(bool b, error_code&) {
    stack_.push_bool(b);
    return ValueDone();
  }
  bool on_null(error_code&) {
    stack_.push_null();
    return ValueDone();
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  boost::json::value Release() { return stack_.release(); }
  const std::optional<Error>& failure() const { return failure_; }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
  };

  // Frames are reused rather than popped, so that key strings keep their capacity between objects.
  void PushFrame(bool is_array) {
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& frame = frames_[depth_++];
    frame.is_array = is_array;
    frame.index = 0;
    frame.key.clear();
  }

  bool ValueDone() {
    if (depth_ > 0 && frames_[depth_ - 1].is_array) ++frames_[depth_ - 1].index;
    return true;
  }

  bool Fail(std::string message, error_code& ec) {
    failure_ = Error{ErrorCode::kInvalidArgument, Path(), std::move(message)};
    ec = boost::json::error::exception;
    return false;
  }

  std::string Path() const {
    std::string path;
    for (std::size_t i = 0; i < depth_; ++i) {
      const Frame& frame = frames_[i];
      if (frame.is_array) {
        path += "[" + std::to_string(frame.index) + "]";
      } else {
        if (!path.empty()) path += ".";
        path += frame.key;
      }
    }
    return path;
  }

  boost::json::value_stack stack_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
  bool key_started_ = false;
  std::string number_;
  std::optional<Error> failure_;
};

void Serialize(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out += boost::json::serialize(boost::json::string_view(member.key()));
        out.push_back(':');
        Serialize(member.value(), out);
      }
      out.push_back('}');
      return;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Serialize(element, out);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::double_:
      out += JsonNumberText(value.get_double());
      return;
    default:
      out += boost::json::serialize(value);
      return;
  }
}

}  // namespace

namespace {

boost::json::parse_options JsonOptions() {
  boost::json::parse_options options;
  options.max_depth = 64;
  return options;
}

using ExactParser = boost::json::basic_parser<ExactNumberHandler>;

Result<boost::json::value> Parse(ExactParser& parser, std::string_view text) {
  boost::json::error_code ec;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (parser.handler().failure()) return *parser.handler().failure();
  if (ec) {
    return InvalidArgument("", "invalid JSON at byte " + std::to_string(consumed) + ": " + ec.message());
  }
  if (consumed != text.size()) {
    return InvalidArgument("", "invalid JSON at byte " + std::to_string(consumed) + ": extra data after the document");
  }
  return parser.handler().Release();
}

}  // namespace

Result<boost::json::value> ParseJson(std::string_view text) {
  ExactParser parser(JsonOptions());
  return Parse(parser, text);
}

struct JsonReader::State {
  // A new arena per document over one reused buffer: Boost 1.81's monotonic_resource::release() keeps
  // growing its next block size, so an arena released per document would soon ask for gigabytes.
  static constexpr std::size_t kBufferBytes = 64 * 1024;
  std::unique_ptr<unsigned char[]> buffer = std::make_unique<unsigned char[]>(kBufferBytes);
  std::optional<boost::json::monotonic_resource> arena;
  ExactParser parser{JsonOptions()};
  std::optional<boost::json::value> document;  // constructed in place: assignment would copy out of the arena
};

JsonReader::JsonReader() : state_(std::make_unique<State>()) {}
JsonReader::~JsonReader() = default;

Result<std::reference_wrapper<const boost::json::value>> JsonReader::Read(std::string_view text) {
  state_->document.reset();
  state_->arena.reset();
  state_->arena.emplace(state_->buffer.get(), State::kBufferBytes);
  state_->parser.reset();
  state_->parser.handler().Reset(boost::json::storage_ptr(&*state_->arena));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::value parsed, Parse(state_->parser, text));
  return std::cref(state_->document.emplace(std::move(parsed)));
}

Result<Decimal> DecimalFromJson(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::int64:
      return Decimal(value.get_int64());
    case boost::json::kind::uint64:
      return Decimal::Parse(std::to_string(value.get_uint64()));
    case boost::json::kind::double_: {
      Result<Decimal> exact = DecimalFromDouble(value.get_double());
      if (!exact) return InvalidArgument("", exact.error().message);
      return exact;
    }
    default:
      return InvalidArgument("", "must be a number");
  }
}

Result<boost::json::value> DecimalToJson(const Decimal& value) {
  const Decimal normalized = value.Normalized();
  if (normalized.scale() == 0 && normalized.coefficient() <= INT64_MAX && normalized.coefficient() >= INT64_MIN) {
    return boost::json::value(static_cast<std::int64_t>(normalized.coefficient()));
  }
  if (SignificantDigits(normalized) > kMaxExactDigits) {
    return Error{ErrorCode::kOutOfRange, "",
                 value.ToString() + " has more than " + std::to_string(kMaxExactDigits) +
                     " significant digits; round it before writing it as JSON"};
  }
  const std::string text = normalized.ToString();
  double carrier = 0;
  std::from_chars(text.data(), text.data() + text.size(), carrier);
  return boost::json::value(carrier);
}

std::string SerializeJson(const boost::json::value& value) {
  std::string out;
  Serialize(value, out);
  return out;
}

}  // namespace openmsp
