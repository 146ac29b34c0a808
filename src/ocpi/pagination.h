#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "http/message.h"

/// OCPI pagination (ocpi-2.2.1-emsp.md §2.5, pitfall 6 of §18): the `offset`, `limit`, `date_from` and
/// `date_to` of a GET that returns a list, and the `Link`, `X-Total-Count` and `X-Limit` headers of its
/// answer, on both sides: as the server of our Tokens list and as the client pulling a CPO's lists.
namespace openmsp::ocpi {

/// The window of one page request.
struct PageRequest {
  /// Index of the first object, 0 by default.
  std::int64_t offset = 0;
  /// How many objects at most: the client's `limit`, capped at the server's maximum (which is also the
  /// default when the client gives none).
  std::int64_t limit = 0;
  /// Objects with `last_updated >= date_from` (inclusive) only.
  std::optional<Instant> date_from;
  /// Objects with `last_updated < date_to` (exclusive) only.
  std::optional<Instant> date_to;

  friend bool operator==(const PageRequest&, const PageRequest&) = default;
};

/// Reads the pagination parameters of a request's query string (`http::ParseQuery`: percent-decoded),
/// for a server whose page size is at most `max_limit` (≥ 1):
///
/// - `offset`: a whole number ≥ 0 (default 0); `limit`: a whole number ≥ 1 (default and cap `max_limit`:
///   a larger one is lowered to it, and `X-Limit` tells the client so). `limit=0` is refused: a page of
///   nothing has no next page, so a client following `Link` would never end;
/// - `date_from`, `date_to`: OCPI DateTimes (`ParseOcpiDateTime`: UTC, `Z` or nothing, no offsets);
///   `date_to` before `date_from` is refused (equal ones give an empty window);
/// - each at most once (`offset=1&offset=2` is ambiguous); other parameters are left to the module.
///
/// kInvalidArgument naming the parameter (`limit`, `date_from`, or `query` for broken percent-encoding),
/// which the envelope answers with 2001.
Result<PageRequest> ParsePageRequest(std::string_view query, std::int64_t max_limit);

/// `endpoint_url` (absolute, without a query) with the request's parameters as its query: `offset` and
/// `limit` always, `date_from` and `date_to` when set (as `FormatOcpiDateTime` writes them). The URL of a
/// first pull (`offset` 0) or of a next page.
std::string PageUrl(std::string_view endpoint_url, const PageRequest& request);

/// The URL of the page after one that answered `request` with `returned` objects out of `total_count`
/// matching the filters: same filters and limit, `offset` moved on by `returned`. Nothing on the last
/// page (`offset + returned >= total_count`), nor after an empty page, so a client cannot loop.
std::optional<std::string> NextPageUrl(std::string_view endpoint_url, const PageRequest& request,
                                       std::int64_t returned, std::int64_t total_count);

/// Sets the pagination headers of one page on a response, on every page: `Link: <next>; rel="next"`
/// unless it is the last one (`NextPageUrl`), `X-Total-Count: total_count`, `X-Limit: max_limit`.
void SetPageHeaders(http::HttpHeaders& headers, std::string_view endpoint_url, const PageRequest& request,
                    std::int64_t returned, std::int64_t total_count, std::int64_t max_limit);

/// What a page of a peer's list says about the rest, read from its response headers.
struct PageHeaders {
  /// The `Link` target with relation `next`: absent on the last page. Follow it verbatim; never compute
  /// offsets yourself (§2.5).
  std::optional<std::string> next_url;
  /// `X-Total-Count`, when sent.
  std::optional<std::int64_t> total_count;
  /// `X-Limit` (the server's maximum page size, not this page's count), when sent.
  std::optional<std::int64_t> limit;

  friend bool operator==(const PageHeaders&, const PageHeaders&) = default;
};

/// Reads `Link` (RFC 8288: every `Link` field and every comma-separated link in it; the relation `next`
/// among space-separated relation types, quoted or not, in any case; other links and parameters are
/// ignored), `X-Total-Count` (a whole number ≥ 0) and `X-Limit` (a whole number ≥ 1). The next URL must
/// be an absolute http(s) URL of at most 2,048 characters. kPeerError naming the header otherwise.
Result<PageHeaders> ReadPageHeaders(const http::HttpHeaders& headers);

}  // namespace openmsp::ocpi
