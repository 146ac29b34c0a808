#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace openmsp::test {

/// A fresh directory under the system's temporary directory, removed with everything in it when this
/// object goes. Throws `std::runtime_error` when it cannot be made, so that a test fails rather than
/// runs somewhere unexpected.
class TempDirectory {
 public:
  /// `prefix` names the directory (`/tmp/<prefix>_XXXXXX`), so a leftover tells which test left it.
  explicit TempDirectory(std::string_view prefix);
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// The path of `name` inside the directory.
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace openmsp::test
