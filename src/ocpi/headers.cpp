#include "ocpi/headers.h"

#include <array>

#include "core/ids/ascii.h"

namespace openmsp::ocpi {
namespace {

constexpr std::string_view kRequestIdHeader = "X-Request-ID";
constexpr std::string_view kCorrelationIdHeader = "X-Correlation-ID";

struct RoutingHeaderNames {
  std::string_view country_code;
  std::string_view party_id;
};
constexpr RoutingHeaderNames kToHeaders{"OCPI-to-country-code", "OCPI-to-party-id"};
constexpr RoutingHeaderNames kFromHeaders{"OCPI-from-country-code", "OCPI-from-party-id"};

Result<std::optional<std::string>> ReadRequestId(const http::HttpHeaders& headers, std::string_view name) {
  const std::optional<std::string_view> value = headers.Get(name);
  if (!value) return std::optional<std::string>();
  if (value->empty() || value->size() > kMaxRequestIdLength) {
    return InvalidArgument(std::string(name), "must be 1 to 255 characters long");
  }
  for (char c : *value) {
    if (!ascii::IsPrintable(c)) return InvalidArgument(std::string(name), "must be printable ASCII");
  }
  return std::optional<std::string>(std::string(*value));
}

Result<std::optional<PartyId>> ReadParty(const http::HttpHeaders& headers, const RoutingHeaderNames& names) {
  const std::optional<std::string_view> country_code = headers.Get(names.country_code);
  const std::optional<std::string_view> party_id = headers.Get(names.party_id);
  if (!country_code && !party_id) return std::optional<PartyId>();
  if (!country_code) {
    return InvalidArgument(std::string(names.country_code),
                           "is required with " + std::string(names.party_id));
  }
  if (!party_id) {
    return InvalidArgument(std::string(names.party_id),
                           "is required with " + std::string(names.country_code));
  }
  Result<PartyId> party = PartyId::FromFields(*country_code, *party_id);
  if (!party) {
    const std::string_view header = party.error().field == "party_id" ? names.party_id : names.country_code;
    return InvalidArgument(std::string(header), party.error().message);
  }
  return std::optional<PartyId>(*party);
}

void SetParty(http::HttpHeaders& headers, const RoutingHeaderNames& names,
              const std::optional<PartyId>& party) {
  if (party) {
    headers.Set(std::string(names.country_code), std::string(party->country_code()));
    headers.Set(std::string(names.party_id), std::string(party->party_id()));
    return;
  }
  http::HttpHeaders kept;
  for (const http::HttpHeaderField& field : headers.fields()) {
    if (!ascii::EqualsIgnoringCase(field.name, names.country_code) &&
        !ascii::EqualsIgnoringCase(field.name, names.party_id)) {
      kept.Add(field.name, field.value);
    }
  }
  headers = std::move(kept);
}

}  // namespace

std::string NewUuid(RandomSource& random) {
  std::array<std::uint8_t, 16> bytes{};
  random.Fill(bytes);
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0FU) | 0x40U);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3FU) | 0x80U);  // variant 10
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string uuid;
  uuid.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += kHex[bytes[i] >> 4U];
    uuid += kHex[bytes[i] & 0x0FU];
  }
  return uuid;
}

Result<RequestIds> RequestIdsToEcho(const http::HttpHeaders& request, RandomSource& random) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> request_id, ReadRequestId(request, kRequestIdHeader));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> correlation_id,
                           ReadRequestId(request, kCorrelationIdHeader));
  RequestIds ids;
  ids.request_id = request_id ? *std::move(request_id) : NewUuid(random);
  ids.correlation_id = correlation_id ? *std::move(correlation_id) : NewUuid(random);
  return ids;
}

RequestIds NewRequestIds(RandomSource& random) {
  RequestIds ids;
  ids.request_id = NewUuid(random);
  ids.correlation_id = NewUuid(random);
  return ids;
}

RequestIds RequestIdsFollowing(const RequestIds& received, RandomSource& random) {
  return RequestIds{.request_id = NewUuid(random), .correlation_id = received.correlation_id};
}

void SetRequestIds(http::HttpHeaders& headers, const RequestIds& ids) {
  headers.Set(std::string(kRequestIdHeader), ids.request_id);
  headers.Set(std::string(kCorrelationIdHeader), ids.correlation_id);
}

Result<Routing> ParseRouting(const http::HttpHeaders& headers) {
  Routing routing;
  OPENMSP_ASSIGN_OR_RETURN(routing.to, ReadParty(headers, kToHeaders));
  OPENMSP_ASSIGN_OR_RETURN(routing.from, ReadParty(headers, kFromHeaders));
  return routing;
}

void SetRouting(http::HttpHeaders& headers, const Routing& routing) {
  SetParty(headers, kToHeaders, routing.to);
  SetParty(headers, kFromHeaders, routing.from);
}

Routing ResponseRouting(const Routing& request) { return Routing{.to = request.from, .from = request.to}; }

bool ModuleTakesRouting(std::string_view module) {
  return module != "versions" && module != "credentials" && module != "hubclientinfo";
}

}  // namespace openmsp::ocpi
