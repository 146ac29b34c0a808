#include "emsp/ocpi_pull.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "ocpi/authorization.h"
#include "ocpi/envelope.h"
#include "ocpi/pagination.h"

namespace openmsp::emsp {
namespace {

Error PeerError(std::string field, std::string message) {
  return Error{ErrorCode::kPeerError, std::move(field), std::move(message)};
}

// `scheme://authority` of an absolute URL, lower-cased (the port as written; an explicit default port
// counts as another origin, which only makes the check stricter).
std::string OriginOf(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const std::size_t authority_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin(url.substr(0, authority_end));
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return origin;
}

void Keep(std::vector<std::string>& messages, std::string message, std::size_t max) {
  if (messages.size() < max) messages.push_back(std::move(message));
}

// One page: the GET, its status, its envelope and its pagination headers.
struct Page {
  boost::json::array objects;
  ocpi::PageHeaders headers;
};

Result<Page> FetchPage(http::HttpClient& client, const PagedGet& get, const std::string& url,
                       const ocpi::RequestIds& ids) {
  http::HttpClientRequest request{.method = "GET", .url = url, .headers = {}, .body = {}, .retry_safe = true};
  request.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(get.credentials));
  ocpi::SetRequestIds(request.headers, ids);
  const std::string what = "GET " + url;
  Result<http::HttpClientResponse> response = client.Send(request);
  if (!response) {
    Error error = std::move(response).error();
    error.message = what + ": " + error.message;
    return error;
  }
  if (response->status == 401)
    return PeerError("Authorization", "the peer refused the token (HTTP 401 to " + what + ")");
  Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response->body);
  if (response->status < 200 || response->status > 299) {
    std::string message = what + " answered HTTP " + std::to_string(response->status);
    if (envelope) {
      Result<boost::json::value> data = ocpi::SuccessData(*std::move(envelope));
      if (!data) message += " (" + data.error().message + ")";
    }
    return PeerError("status", std::move(message));
  }
  if (!envelope) {
    return PeerError("body", what + " answered without an OCPI envelope: " + envelope.error().ToString());
  }
  Result<boost::json::value> data = ocpi::SuccessData(*std::move(envelope));
  if (!data) return PeerError(data.error().field, what + ": " + data.error().message);
  if (!data->is_array()) return PeerError("data", what + ": the data of a list must be a JSON array");
  Result<ocpi::PageHeaders> headers = ocpi::ReadPageHeaders(response->headers);
  if (!headers) {
    Error error = std::move(headers).error();
    error.message = what + ": " + error.message;
    return error;
  }
  return Page{.objects = std::move(data->as_array()), .headers = *std::move(headers)};
}

}  // namespace

PullReport PullList(http::HttpClient& client, ocpi::RandomSource& random, const PagedGet& get,
                    const PullLimits& limits, const PageApplier& apply) {
  PullReport report;
  const ocpi::RequestIds first_ids = ocpi::NewRequestIds(random);
  const std::string origin = OriginOf(get.endpoint_url);
  std::optional<std::string> url = ocpi::PageUrl(
      get.endpoint_url,
      ocpi::PageRequest{
          .offset = 0, .limit = limits.page_size, .date_from = get.date_from, .date_to = get.date_to});
  std::set<std::string> fetched;
  std::optional<std::int64_t> last_total;
  while (url) {
    if (report.pages > 0 && limits.stop_requested && limits.stop_requested()) {
      report.error = Error{ErrorCode::kUnavailable, "stop",
                           "stopped after " + std::to_string(report.pages) + " pages: OpenMSP is stopping"};
      return report;
    }
    if (report.pages >= limits.max_pages) {
      report.error = PeerError("Link", "the list goes on after " + std::to_string(limits.max_pages) +
                                           " pages, the most one pull follows");
      return report;
    }
    if (!fetched.insert(*url).second) {
      report.error =
          PeerError("Link", "the next page " + *url + " was fetched before in this pull: it would loop");
      return report;
    }
    const ocpi::RequestIds ids = report.pages == 0 ? first_ids : ocpi::RequestIdsFollowing(first_ids, random);
    Result<Page> page = FetchPage(client, get, *url, ids);
    if (!page) {
      report.error = std::move(page).error();
      return report;
    }
    const std::int64_t count = static_cast<std::int64_t>(page->objects.size());
    const ocpi::PageHeaders& headers = page->headers;
    if (headers.limit && count > *headers.limit) {
      Keep(report.warnings,
           "page " + std::to_string(report.pages + 1) + " held " + std::to_string(count) +
               " objects, more than its X-Limit " + std::to_string(*headers.limit),
           limits.max_messages);
    }
    if (headers.total_count) {
      if (!report.total_count) report.total_count = headers.total_count;
      if (last_total && *headers.total_count < *last_total) {
        report.complete = false;
        Keep(report.warnings,
             "X-Total-Count dropped from " + std::to_string(*last_total) + " to " +
                 std::to_string(*headers.total_count) + " during the pull: objects may have been skipped",
             limits.max_messages);
      }
      last_total = headers.total_count;
    }
    Result<PageTally> tally = apply(page->objects, report.received);
    ++report.pages;
    report.received += count;
    if (!tally) {
      report.error = std::move(tally).error();
      return report;
    }
    report.applied += tally->applied;
    report.skipped += tally->skipped;
    report.failed += tally->failed;
    for (std::string& failure : tally->failures)
      Keep(report.failures, std::move(failure), limits.max_messages);

    url = headers.next_url;
    if (url && OriginOf(*url) != origin) {
      report.error = PeerError("Link", "the next page " + *url + " is not at " + origin +
                                           ", the peer's endpoint: our token goes to the peer only");
      return report;
    }
    if (url && count == 0) {
      report.complete = false;
      Keep(report.warnings, "an empty page announced a next one; the pull stopped there",
           limits.max_messages);
      url.reset();
    }
  }
  if (last_total && report.received < *last_total) {
    report.complete = false;
    Keep(report.warnings,
         "the last page came after " + std::to_string(report.received) + " objects of the " +
             std::to_string(*last_total) + " X-Total-Count announced",
         limits.max_messages);
  }
  return report;
}

}  // namespace openmsp::emsp
