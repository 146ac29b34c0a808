#include "http/listen_address.h"

#include <gtest/gtest.h>

namespace openmsp::http {
namespace {

TEST(ListenAddressTest, ParsesHostAndPort) {
  EXPECT_EQ(*ParseListenAddress("127.0.0.1:8080"), (ListenAddress{"127.0.0.1", 8080}));
  EXPECT_EQ(*ParseListenAddress("localhost:80"), (ListenAddress{"localhost", 80}));
  EXPECT_EQ(*ParseListenAddress("0.0.0.0:0"), (ListenAddress{"0.0.0.0", 0}));
  EXPECT_EQ(*ParseListenAddress("my-host.example.com:65535"), (ListenAddress{"my-host.example.com", 65535}));
}

TEST(ListenAddressTest, ParsesIpv6InBrackets) {
  EXPECT_EQ(*ParseListenAddress("[::1]:8080"), (ListenAddress{"::1", 8080}));
  EXPECT_EQ(*ParseListenAddress("[::]:0"), (ListenAddress{"::", 0}));
  EXPECT_EQ(*ParseListenAddress("[::ffff:127.0.0.1]:1"), (ListenAddress{"::ffff:127.0.0.1", 1}));
}

TEST(ListenAddressTest, ToStringRoundTrips) {
  for (const char* text : {"127.0.0.1:8080", "[::1]:8080", "localhost:0"}) {
    EXPECT_EQ(ParseListenAddress(text)->ToString(), text);
  }
}

TEST(ListenAddressTest, RefusesMalformedText) {
  for (const char* text :
       {"", "8080", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:http", "127.0.0.1:65536",
        "127.0.0.1:123456", "127.0.0.1:-1", "127.0.0.1:+80", "::1:8080", "[::1]", "[]:80", "[localhost]:80",
        "[::1:80", "host name:80", "host/x:80", " 127.0.0.1:80"}) {
    Result<ListenAddress> address = ParseListenAddress(text);
    ASSERT_FALSE(address.ok()) << text;
    EXPECT_EQ(address.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(address.error().field, "") << text;
    EXPECT_NE(address.error().message.find(std::string("'") + text + "'"), std::string::npos)
        << address.error().message;
  }
}

}  // namespace
}  // namespace openmsp::http
