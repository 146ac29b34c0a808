#pragma once

#include <string>

#include "core/result.h"

namespace openmsp::app {

/// How peers reach this OpenMSP: `--public-url`, else `OPENMSP_PUBLIC_URL`, else `http://127.0.0.1:8080`.
/// Every URL handed to a peer (the versions URL of `peer invite`, the endpoints `serve` lists, a stored
/// CDR's `Location`) starts with it. Read the environment once, when the command is set up; `Source`
/// names where the value came from, for error messages.
struct PublicUrlSetting {
  static constexpr const char* kVariable = "OPENMSP_PUBLIC_URL";
  static constexpr const char* kDefault = "http://127.0.0.1:8080";

  std::string url;
  bool from_environment = false;

  static PublicUrlSetting FromEnvironment();
  std::string Source(bool given_as_option) const;
  static std::string Help();
};

/// `url` without trailing `/`s. kInvalidArgument naming `source` unless it is an `http://` or `https://`
/// URL with a host, printable ASCII without blanks, query or fragment, short enough that our longest
/// endpoint URLs fit OCPI's 255 characters.
Result<std::string> NormalisePublicUrl(std::string url, const std::string& source);

}  // namespace openmsp::app
