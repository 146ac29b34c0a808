#include "ocpi/headers.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace openmsp::ocpi {
namespace {

// Bytes 0, 1, 2, … in order: ids the tests can predict.
class CountingRandom final : public RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override {
    for (std::uint8_t& byte : bytes) byte = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

http::HttpHeaders Headers(std::initializer_list<std::pair<std::string, std::string>> fields) {
  http::HttpHeaders headers;
  for (const auto& [name, value] : fields) headers.Add(name, value);
  return headers;
}

TEST(NewUuidTest, IsAVersion4UuidFromTheInjectedBytes) {
  CountingRandom random;
  EXPECT_EQ(NewUuid(random), "00010203-0405-4607-8809-0a0b0c0d0e0f");
  EXPECT_EQ(NewUuid(random), "10111213-1415-4617-9819-1a1b1c1d1e1f");
}

TEST(RequestIdsTest, EchoesThePeersIds) {
  CountingRandom random;
  Result<RequestIds> ids =
      RequestIdsToEcho(Headers({{"x-request-id", "req-1"}, {"X-Correlation-ID", "corr-1"}}), random);
  ASSERT_TRUE(ids.ok()) << ids.error().ToString();
  EXPECT_EQ(*ids, (RequestIds{"req-1", "corr-1"}));
}

TEST(RequestIdsTest, GeneratesWhatThePeerLeftOut) {
  CountingRandom random;
  Result<RequestIds> ids = RequestIdsToEcho(Headers({{"X-Correlation-ID", "corr-1"}}), random);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (RequestIds{"00010203-0405-4607-8809-0a0b0c0d0e0f", "corr-1"}));
}

TEST(RequestIdsTest, RefusesIdsThatCannotBeEchoedNamingTheHeader) {
  CountingRandom random;
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"X-Request-ID", ""},
                                    {"X-Request-ID", std::string(256, 'a')},
                                    {"X-Correlation-ID", "caf\xC3\xA9"}}) {
    Result<RequestIds> ids = RequestIdsToEcho(Headers({{name, value}}), random);
    ASSERT_FALSE(ids.ok()) << name;
    EXPECT_EQ(ids.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(ids.error().field, name);
  }
  EXPECT_TRUE(RequestIdsToEcho(Headers({{"X-Request-ID", std::string(255, 'a')}}), random).ok());
}

TEST(RequestIdsTest, OutgoingRequestsGetNewIdsAndKeepTheCorrelationWhenFollowing) {
  CountingRandom random;
  const RequestIds fresh = NewRequestIds(random);
  EXPECT_NE(fresh.request_id, fresh.correlation_id);
  const RequestIds following = RequestIdsFollowing(RequestIds{"req-1", "corr-1"}, random);
  EXPECT_EQ(following.correlation_id, "corr-1");
  EXPECT_NE(following.request_id, "req-1");
  http::HttpHeaders headers = Headers({{"x-request-id", "old"}});
  SetRequestIds(headers, following);
  EXPECT_EQ(headers.Get("X-Request-ID"), following.request_id);
  EXPECT_EQ(headers.Get("X-Correlation-ID"), "corr-1");
  EXPECT_EQ(headers.fields().size(), 2U);
}

TEST(RoutingTest, ReadsBothPartiesInAnyCase) {
  Result<Routing> routing = ParseRouting(Headers({{"ocpi-to-country-code", "nl"},
                                                  {"OCPI-to-party-id", "tnm"},
                                                  {"OCPI-FROM-COUNTRY-CODE", "DE"},
                                                  {"OCPI-from-party-id", "AB7"}}));
  ASSERT_TRUE(routing.ok()) << routing.error().ToString();
  EXPECT_EQ(routing->to, PartyId::Parse("NL-TNM").value());
  EXPECT_EQ(routing->from, PartyId::Parse("DE-AB7").value());
}

TEST(RoutingTest, AbsentHeadersMeanNoRouting) {
  Result<Routing> routing =
      ParseRouting(Headers({{"OCPI-from-country-code", "DE"}, {"OCPI-from-party-id", "AB7"}}));
  ASSERT_TRUE(routing.ok());
  EXPECT_EQ(routing->to, std::nullopt);  // open routing
  EXPECT_TRUE(ParseRouting(http::HttpHeaders{}).ok());
}

TEST(RoutingTest, RefusesHalfAPairAndBadValuesNamingTheHeader) {
  const struct {
    http::HttpHeaders headers;
    std::string_view field;
  } cases[] = {
      {Headers({{"OCPI-to-country-code", "NL"}}), "OCPI-to-party-id"},
      {Headers({{"OCPI-from-party-id", "TNM"}}), "OCPI-from-country-code"},
      {Headers({{"OCPI-to-country-code", "NLD"}, {"OCPI-to-party-id", "TNM"}}), "OCPI-to-country-code"},
      {Headers({{"OCPI-to-country-code", "ZZ"}, {"OCPI-to-party-id", "TNM"}}), "OCPI-to-country-code"},
      {Headers({{"OCPI-to-country-code", "NL"}, {"OCPI-to-party-id", "TN"}}), "OCPI-to-party-id"},
      {Headers({{"OCPI-from-country-code", "NL"}, {"OCPI-from-party-id", "T*M"}}), "OCPI-from-party-id"},
  };
  for (const auto& c : cases) {
    Result<Routing> routing = ParseRouting(c.headers);
    ASSERT_FALSE(routing.ok()) << c.field;
    EXPECT_EQ(routing.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(routing.error().field, c.field) << routing.error().ToString();
  }
}

TEST(RoutingTest, ResponseSwapsToAndFromAndIsWrittenUpperCase) {
  const Routing request{.to = PartyId::Parse("nl-tnm").value(), .from = PartyId::Parse("DE-AB7").value()};
  const Routing response = ResponseRouting(request);
  EXPECT_EQ(response.to, request.from);
  EXPECT_EQ(response.from, request.to);

  http::HttpHeaders headers = Headers({{"ocpi-to-country-code", "XX"}});
  SetRouting(headers, response);
  EXPECT_EQ(headers.Get("OCPI-to-country-code"), "DE");
  EXPECT_EQ(headers.Get("OCPI-to-party-id"), "AB7");
  EXPECT_EQ(headers.Get("OCPI-from-country-code"), "NL");
  EXPECT_EQ(headers.Get("OCPI-from-party-id"), "TNM");
  EXPECT_EQ(ParseRouting(headers).value(), response);

  SetRouting(headers, Routing{.to = std::nullopt, .from = response.from});
  EXPECT_FALSE(headers.Contains("OCPI-to-country-code"));
  EXPECT_FALSE(headers.Contains("OCPI-to-party-id"));
  EXPECT_EQ(headers.fields().size(), 2U);
}

TEST(RoutingTest, ConfigurationModulesTakeNoRoutingHeaders) {
  for (std::string_view module : {"versions", "credentials", "hubclientinfo"}) {
    EXPECT_FALSE(ModuleTakesRouting(module)) << module;
  }
  for (std::string_view module : {"locations", "sessions", "cdrs", "tariffs", "tokens", "commands"}) {
    EXPECT_TRUE(ModuleTakesRouting(module)) << module;
  }
}

}  // namespace
}  // namespace openmsp::ocpi
