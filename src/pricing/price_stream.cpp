#include "pricing/price_stream.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "pricing/cdr_json.h"
#include "pricing/pricing.h"
#include "pricing/pricing_json.h"

namespace openmsp::pricing {

namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;

Result<TimeZone> ZoneFor(const CdrReader& reader, const PriceOptions& options) {
  if (options.time_zone) return *options.time_zone;
  OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> name, reader.LocationTimeZone());
  if (!name) return TimeZone::Utc();
  Result<TimeZone> zone = TimeZone::Find(*name);
  if (!zone) return InvalidArgument("cdr_location.time_zone", zone.error().message);
  return zone;
}

// The members of the priced CDR's JSON, without braces; `out` is left as it was on failure.
Result<void> AppendPricedMembers(CdrReader& reader, std::string_view text, const PriceOptions& options,
                                 std::string& out) {
  OPENMSP_ASSIGN_OR_RETURN(
      const Cdr& cdr, reader.Read(text, options.tariffs.empty() ? CdrTariffs::kRead : CdrTariffs::kIgnore));
  OPENMSP_ASSIGN_OR_RETURN(const TimeZone zone, ZoneFor(reader, options));
  const std::span<const Tariff> tariffs =
      options.tariffs.empty() ? std::span<const Tariff>(cdr.tariffs) : options.tariffs;
  OPENMSP_ASSIGN_OR_RETURN(const PricingResult result, PriceCdr(cdr, tariffs, zone));
  return AppendPricingResultMembers(result, cdr, zone, out);
}

void AppendLineNumber(std::size_t line_number, std::string& out) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, line_number);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Prices the lines of a stream into an output buffer that is written out in blocks.
class LinePricer {
 public:
  LinePricer(std::ostream& out, const PriceOptions& options) : out_(out), options_(options) {
    buffer_.reserve(kBlockSize + kBlockSize / 4);
  }

  // Returns false once the output has failed.
  bool Line(std::string_view line) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) return true;
    const std::size_t start = buffer_.size();
    buffer_ += "{\"line\":";
    AppendLineNumber(line_number_, buffer_);
    buffer_ += ',';
    const Result<void> priced = AppendPricedMembers(reader_, line, options_, buffer_);
    if (priced) {
      buffer_ += '}';
      ++summary_.priced;
    } else {
      buffer_.resize(start);
      buffer_ += "{\"line\":";
      AppendLineNumber(line_number_, buffer_);
      buffer_ += ",\"error\":{\"field\":";
      AppendJsonString(priced.error().field, buffer_);
      buffer_ += ",\"message\":";
      AppendJsonString(priced.error().message, buffer_);
      buffer_ += "}}";
      ++summary_.failed;
    }
    buffer_ += '\n';
    return buffer_.size() < kBlockSize || Flush();
  }

  bool Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) summary_.write_failed = true;
    return !summary_.write_failed;
  }

  StreamSummary& summary() { return summary_; }

 private:
  std::ostream& out_;
  const PriceOptions& options_;
  CdrReader reader_;
  std::string buffer_;
  std::size_t line_number_ = 0;
  StreamSummary summary_;
};

}  // namespace

Result<void> PriceCdrJson(CdrReader& reader, std::string_view text, const PriceOptions& options,
                          std::string& out) {
  const std::size_t start = out.size();
  out += '{';
  const Result<void> priced = AppendPricedMembers(reader, text, options, out);
  if (!priced) {
    out.resize(start);
    return priced;
  }
  out += '}';
  return Ok();
}

Result<void> PriceCdrJson(std::string_view text, const PriceOptions& options, std::string& out) {
  CdrReader reader;
  return PriceCdrJson(reader, text, options, out);
}

StreamSummary PriceStream(std::istream& in, std::ostream& out, const PriceOptions& options) {
  LinePricer pricer(out, options);
  std::string input(2 * kBlockSize, '\0');
  std::size_t begin = 0;  // the first byte not yet handed to the pricer
  std::size_t end = 0;    // the end of the bytes read
  bool writing = true;
  while (writing) {
    if (input.size() - end < kBlockSize) {
      std::memmove(input.data(), input.data() + begin, end - begin);
      end -= begin;
      begin = 0;
      if (input.size() - end < kBlockSize) input.resize(end + kBlockSize);
    }
    in.read(input.data() + end, static_cast<std::streamsize>(kBlockSize));
    const auto got = static_cast<std::size_t>(in.gcount());
    end += got;
    const std::string_view unread(input.data() + begin, end - begin);
    std::size_t line_start = 0;
    for (std::size_t newline = unread.find('\n'); writing && newline != std::string_view::npos;
         newline = unread.find('\n', line_start)) {
      writing = pricer.Line(unread.substr(line_start, newline - line_start));
      line_start = newline + 1;
    }
    begin += line_start;
    if (got == 0) {
      if (writing && begin < end) writing = pricer.Line(std::string_view(input.data() + begin, end - begin));
      break;
    }
  }
  if (writing) pricer.Flush();
  pricer.summary().read_failed = in.bad();
  return pricer.summary();
}

}  // namespace openmsp::pricing
