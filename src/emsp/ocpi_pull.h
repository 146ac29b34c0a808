#pragma once

#include <boost/json/array.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/peer.h"
#include "http/client.h"
#include "ocpi/headers.h"

/// The client side of OCPI pagination (ocpi-2.2.1-emsp.md §2.5, §18 pitfall 6): a GET of a peer's list,
/// page after page, as the eMSP pulls a CPO's locations, tariffs, sessions and CDRs (docs/ocpi.md
/// "## Pullers"). What to do with each page's objects is the caller's (`emsp/peer_sync.h`).
namespace openmsp::emsp {

/// The bounds of one pull.
struct PullLimits {
  /// The `limit` of the first page (the CPO may answer fewer; `X-Limit` is its cap). 1 or more.
  std::int64_t page_size = 100;
  /// The most pages one pull follows: a CPO whose `Link` never ends fails the pull after this many.
  int max_pages = 10'000;
  /// How many failure texts and warnings a report keeps (the counts are always complete).
  std::size_t max_messages = 20;
  /// Asked before each page after the first: true ends the pull there with kUnavailable naming `stop`
  /// (a job runner stopping, or a job whose lease was lost). Empty: never.
  std::function<bool()> stop_requested = nullptr;
};

/// One paginated GET.
struct PagedGet {
  /// The peer's endpoint (from its version details, never a hard-coded path, §18 pitfall 3), absolute,
  /// without a query.
  std::string endpoint_url;
  /// Token B and its encoding (`ocpi::AuthorizationHeaderValue`: Base64 or raw, per peer, §2.1).
  domain::OutgoingCredentials credentials;
  /// The window on `last_updated`: `date_from` inclusive, `date_to` exclusive (§2.5). Absent: unbounded.
  std::optional<Instant> date_from;
  std::optional<Instant> date_to;
};

/// What a caller did with one page's objects.
struct PageTally {
  /// Stored (new, or newer than what we had).
  std::int64_t applied = 0;
  /// Nothing to do: older than the stored copy, or a CDR we have already.
  std::int64_t skipped = 0;
  /// Refused: malformed, or of a party that is not the peer's. Never fatal to the page.
  std::int64_t failed = 0;
  /// Why, one text per failed object (`[12] id 'LOC1': coordinates.latitude: …`).
  std::vector<std::string> failures;
};

/// Applies the objects of one page, the `index` of the first in the whole pull given (for messages). An
/// object at fault is counted in the tally; an error (the database is unreachable) ends the pull.
using PageApplier = std::function<Result<PageTally>(const boost::json::array& objects, std::int64_t index)>;

/// What a pull did, whether or not it finished.
struct PullReport {
  /// Pages received (each with a success envelope and a list).
  int pages = 0;
  /// Objects received, and what became of them (`PageTally`).
  std::int64_t received = 0;
  std::int64_t applied = 0;
  std::int64_t skipped = 0;
  std::int64_t failed = 0;
  /// `X-Total-Count` of the first page, when the CPO sent one.
  std::optional<std::int64_t> total_count;
  /// False when the list may have changed under the pull: `X-Total-Count` dropped between pages (an
  /// object left the window, so the offsets of the following pages skipped one, §2.5), or the pull ended
  /// with fewer objects than announced. A caller keeps its incremental cursor then, so the next pull
  /// repeats the window.
  bool complete = true;
  /// The first `max_messages` failures, then the warnings (a page larger than `X-Limit`, …).
  std::vector<std::string> failures;
  std::vector<std::string> warnings;
  /// Why the pull stopped before the last page; none when it reached the end. kUnavailable: the peer
  /// could not be reached (after `HttpClient`'s retries); kPeerError: it answered HTTP 401 or another
  /// non-2xx status, something that is not an OCPI envelope, an error status, `data` that is not a list,
  /// malformed pagination headers, a `Link` to another origin (it would get our token) or that repeats a
  /// page, or more than `max_pages` pages; kUnavailable naming `stop` when `stop_requested`; or the
  /// applier's error.
  std::optional<Error> error;
};

/// GETs the list at `get.endpoint_url` with `offset=0`, `limit`, `date_from` and `date_to`
/// (`ocpi::PageUrl`), then follows `Link: <…>; rel="next"` verbatim until it is absent (§2.5: offsets are
/// never computed here), each page with the peer's `Authorization` and new `X-Request-ID`s sharing one
/// `X-Correlation-ID`, each page's envelope checked (`ocpi::ParseEnvelope`, `SuccessData`, `data` an
/// array) before its objects go to `apply`. Timeouts and retries are `client`'s (a 502, 503, 504 or 429 is
/// retried there; a 500 ends the pull, for the caller's job to try again later). Never throws.
PullReport PullList(http::HttpClient& client, ocpi::RandomSource& random, const PagedGet& get,
                    const PullLimits& limits, const PageApplier& apply);

}  // namespace openmsp::emsp
