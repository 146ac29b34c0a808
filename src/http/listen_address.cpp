#include "http/listen_address.h"

#include <algorithm>

namespace openmsp::http {
namespace {

constexpr std::string_view kExample = "expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080";

bool IsHostNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool IsIpv6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

Error Invalid(std::string_view text, std::string_view problem) {
  return InvalidArgument("", "'" + std::string(text) + "': " + std::string(problem));
}

}  // namespace

std::string ListenAddress::ToString() const {
  std::string bracketed_host = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return bracketed_host + ":" + std::to_string(port);
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return Invalid(text, kExample);
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);

  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.find(':') == std::string_view::npos || !std::all_of(host.begin(), host.end(), IsIpv6Char)) {
      return Invalid(text, "the host in brackets is not an IPv6 address");
    }
  } else if (host.find(':') != std::string_view::npos) {
    return Invalid(text, "write an IPv6 address in brackets, e.g. [::1]:8080");
  } else if (host.empty() || !std::all_of(host.begin(), host.end(), IsHostNameChar)) {
    return Invalid(text, "the host must be an IP address or a host name; " + std::string(kExample));
  }

  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Invalid(text, "the port must be a number from 0 to 65535");
  }
  unsigned long port = std::stoul(std::string(port_text));
  if (port > 65535) return Invalid(text, "the port must be a number from 0 to 65535");

  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

}  // namespace openmsp::http
