#include "pricing/price_stream.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "core/json.h"
#include "pricing/cdr_json.h"
#include "pricing/pricing.h"
#include "pricing/pricing_json.h"

namespace openmsp::pricing {

namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;

Result<TimeZone> ZoneFor(const boost::json::value& document, const PriceOptions& options) {
  if (options.time_zone) return *options.time_zone;
  OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> name, CdrLocationTimeZone(document));
  if (!name) return TimeZone::Utc();
  Result<TimeZone> zone = TimeZone::Find(*name);
  if (!zone) return InvalidArgument("cdr_location.time_zone", zone.error().message);
  return zone;
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
    const Result<void> priced = Price(line);
    if (priced) {
      // After the result's opening brace: `"line":N,`.
      std::string member = "\"line\":" + std::to_string(line_number_) + ',';
      buffer_.insert(start + 1, member);
      ++summary_.priced;
    } else {
      buffer_ += "{\"line\":";
      buffer_ += std::to_string(line_number_);
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
  Result<void> Price(std::string_view line) {
    OPENMSP_ASSIGN_OR_RETURN(const boost::json::value& document, reader_.Read(line));
    return PriceCdrDocument(document, options_, buffer_);
  }

  std::ostream& out_;
  const PriceOptions& options_;
  JsonReader reader_;
  std::string buffer_;
  std::size_t line_number_ = 0;
  StreamSummary summary_;
};

}  // namespace

Result<void> PriceCdrDocument(const boost::json::value& document, const PriceOptions& options,
                              std::string& out) {
  OPENMSP_ASSIGN_OR_RETURN(
      const Cdr cdr, ParseCdr(document, options.tariffs.empty() ? CdrTariffs::kRead : CdrTariffs::kIgnore));
  OPENMSP_ASSIGN_OR_RETURN(const TimeZone zone, ZoneFor(document, options));
  const std::span<const Tariff> tariffs =
      options.tariffs.empty() ? std::span<const Tariff>(cdr.tariffs) : options.tariffs;
  OPENMSP_ASSIGN_OR_RETURN(const PricingResult result, PriceCdr(cdr, tariffs, zone));
  return AppendPricingResultJson(result, cdr, zone, out);
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
