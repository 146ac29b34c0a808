#include "ocpi/pagination.h"

#include <array>
#include <vector>

#include "core/ids/ascii.h"
#include "http/query.h"
#include "ocpi/fields.h"

namespace openmsp::ocpi {
namespace {

constexpr std::size_t kMaxLinkUrlLength = 2048;

Error PeerError(std::string field, std::string message) {
  return Error{ErrorCode::kPeerError, std::move(field), std::move(message)};
}

// The value of the only parameter called `name`, or nothing; two of them are refused.
Result<std::optional<std::string_view>> SingleValue(const std::vector<http::QueryParameter>& parameters,
                                                    std::string_view name) {
  std::optional<std::string_view> value;
  for (const http::QueryParameter& parameter : parameters) {
    if (parameter.name != name) continue;
    if (value) return InvalidArgument(std::string(name), "must be given at most once");
    value = parameter.value;
  }
  return value;
}

Result<std::optional<Instant>> DateParameter(const std::vector<http::QueryParameter>& parameters,
                                             std::string_view name) {
  OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> text, SingleValue(parameters, name));
  if (!text) return std::optional<Instant>();
  Result<Instant> instant = ParseOcpiDateTime(*text);
  if (!instant) return instant.error().Nested(name);
  return std::optional<Instant>(*instant);
}

// One link-value of a Link header: `<target>` and its parameters, up to the next top-level comma.
struct LinkValue {
  std::string_view target;
  bool next = false;
};

bool RelationsIncludeNext(std::string_view relations) {
  while (!relations.empty()) {
    const std::size_t blank = relations.find(' ');
    if (ascii::EqualsIgnoringCase(relations.substr(0, blank), "next")) return true;
    if (blank == std::string_view::npos) break;
    relations.remove_prefix(blank + 1);
  }
  return false;
}

// Parses `<url>; rel="next"; title="a, b", <url2>; rel=prev` (RFC 8288 §3) into its link-values.
Result<std::vector<LinkValue>> ParseLinks(std::string_view text) {
  std::vector<LinkValue> links;
  std::size_t i = 0;
  const auto skip_blanks = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  while (true) {
    skip_blanks();
    while (i < text.size() && text[i] == ',') {
      ++i;
      skip_blanks();
    }
    if (i == text.size()) return links;
    if (text[i] != '<') return InvalidArgument("", "must be a list of <URL> links");
    const std::size_t close = text.find('>', i);
    if (close == std::string_view::npos) return InvalidArgument("", "has a '<' without its '>'");
    LinkValue link{.target = text.substr(i + 1, close - i - 1)};
    i = close + 1;
    while (true) {
      skip_blanks();
      if (i == text.size() || text[i] == ',') break;
      if (text[i] != ';') return InvalidArgument("", "must separate link parameters with ';'");
      ++i;
      skip_blanks();
      const std::size_t name_start = i;
      while (i < text.size() && text[i] != '=' && text[i] != ';' && text[i] != ',' && text[i] != ' ') ++i;
      const std::string_view name = text.substr(name_start, i - name_start);
      skip_blanks();
      std::string value;
      if (i < text.size() && text[i] == '=') {
        ++i;
        skip_blanks();
        if (i < text.size() && text[i] == '"') {
          ++i;
          while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            value += text[i++];
          }
          if (i == text.size()) return InvalidArgument("", "has a quoted parameter without its closing '\"'");
          ++i;
        } else {
          while (i < text.size() && text[i] != ';' && text[i] != ',' && text[i] != ' ') value += text[i++];
        }
      }
      if (ascii::EqualsIgnoringCase(name, "rel") && RelationsIncludeNext(value)) link.next = true;
    }
    links.push_back(link);
  }
}

Result<std::optional<std::int64_t>> CountHeader(const http::HttpHeaders& headers, std::string_view name,
                                                std::int64_t minimum) {
  const std::optional<std::string_view> text = headers.Get(name);
  if (!text) return std::optional<std::int64_t>();
  Result<std::int64_t> count = ParseCount(ascii::TrimBlanks(*text));
  if (!count || *count < minimum) {
    return PeerError(std::string(name), "must be a whole number of at least " + std::to_string(minimum));
  }
  return std::optional<std::int64_t>(*count);
}

}  // namespace

Result<PageRequest> ParsePageRequest(std::string_view query, std::int64_t max_limit) {
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<http::QueryParameter> parameters, http::ParseQuery(query));
  PageRequest request{.offset = 0, .limit = max_limit, .date_from = std::nullopt, .date_to = std::nullopt};

  OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> offset, SingleValue(parameters, "offset"));
  if (offset) {
    Result<std::int64_t> value = ParseCount(*offset);
    if (!value) return value.error().Nested("offset");
    request.offset = *value;
  }
  OPENMSP_ASSIGN_OR_RETURN(const std::optional<std::string_view> limit, SingleValue(parameters, "limit"));
  if (limit) {
    Result<std::int64_t> value = ParseCount(*limit);
    if (!value) return value.error().Nested("limit");
    if (*value == 0) return InvalidArgument("limit", "must be at least 1");
    request.limit = std::min(*value, max_limit);
  }
  OPENMSP_ASSIGN_OR_RETURN(request.date_from, DateParameter(parameters, "date_from"));
  OPENMSP_ASSIGN_OR_RETURN(request.date_to, DateParameter(parameters, "date_to"));
  if (request.date_from && request.date_to && *request.date_to < *request.date_from) {
    return InvalidArgument("date_to", "must not be before date_from");
  }
  return request;
}

std::string PageUrl(std::string_view endpoint_url, const PageRequest& request) {
  std::string url(endpoint_url);
  url += "?offset=" + std::to_string(request.offset) + "&limit=" + std::to_string(request.limit);
  if (request.date_from) url += "&date_from=" + FormatOcpiDateTime(*request.date_from);
  if (request.date_to) url += "&date_to=" + FormatOcpiDateTime(*request.date_to);
  return url;
}

std::optional<std::string> NextPageUrl(std::string_view endpoint_url, const PageRequest& request,
                                       std::int64_t returned, std::int64_t total_count) {
  if (returned <= 0 || request.offset + returned >= total_count) return std::nullopt;
  PageRequest next = request;
  next.offset += returned;
  return PageUrl(endpoint_url, next);
}

void SetPageHeaders(http::HttpHeaders& headers, std::string_view endpoint_url, const PageRequest& request,
                    std::int64_t returned, std::int64_t total_count, std::int64_t max_limit) {
  if (std::optional<std::string> next = NextPageUrl(endpoint_url, request, returned, total_count)) {
    headers.Set("Link", "<" + *next + ">; rel=\"next\"");
  }
  headers.Set("X-Total-Count", std::to_string(total_count));
  headers.Set("X-Limit", std::to_string(max_limit));
}

Result<PageHeaders> ReadPageHeaders(const http::HttpHeaders& headers) {
  PageHeaders page;
  for (const http::HttpHeaderField& field : headers.fields()) {
    if (!ascii::EqualsIgnoringCase(field.name, "Link")) continue;
    Result<std::vector<LinkValue>> links = ParseLinks(field.value);
    if (!links) return PeerError("Link", links.error().message);
    for (const LinkValue& link : *links) {
      if (!link.next) continue;
      if (page.next_url && *page.next_url != link.target) {
        return PeerError("Link", "names two different next pages");
      }
      if (Result<void> url = ValidateUrl(link.target, kMaxLinkUrlLength); !url) {
        return PeerError("Link", "next " + url.error().message);
      }
      page.next_url = std::string(link.target);
    }
  }
  OPENMSP_ASSIGN_OR_RETURN(page.total_count, CountHeader(headers, "X-Total-Count", 0));
  OPENMSP_ASSIGN_OR_RETURN(page.limit, CountHeader(headers, "X-Limit", 1));
  return page;
}

}  // namespace openmsp::ocpi
