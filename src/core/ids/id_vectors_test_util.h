#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace openmsp::test {

/// The elements of the array at `path` (keys separated by '.') in shared/fixtures/ids/`file`, read when the
/// tests are registered. Empty when the file is missing or malformed, which each suite's `Loads…` test
/// turns into a failure, so a broken fixture can never make a suite pass by running no vector.
inline std::vector<boost::json::value> LoadIdVectors(std::string_view file, std::string_view path) {
  std::ifstream in(std::string(OPENMSP_SHARED_DIR "/fixtures/ids/") + std::string(file), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code error;
  boost::json::value document = boost::json::parse(text, error);
  if (error) return {};
  const boost::json::value* node = &document;
  while (!path.empty()) {
    const std::string_view key = path.substr(0, path.find('.'));
    path.remove_prefix(key.size() == path.size() ? key.size() : key.size() + 1);
    const boost::json::object* object = node->if_object();
    if (object == nullptr || !object->contains(key)) return {};
    node = &object->at(key);
  }
  const boost::json::array* array = node->if_array();
  if (array == nullptr) return {};
  return {array->begin(), array->end()};
}

/// The string member `key` of a vector, or "" when it is absent or not a string.
inline std::string StringField(const boost::json::value& vector, std::string_view key) {
  const boost::json::object* object = vector.if_object();
  if (object == nullptr) return {};
  const boost::json::value* value = object->if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

/// The boolean member `key` of a vector; false when absent.
inline bool BoolField(const boost::json::value& vector, std::string_view key) {
  const boost::json::value* value = vector.as_object().if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

/// Whether the vector has a member `key` at all (even null).
inline bool HasField(const boost::json::value& vector, std::string_view key) {
  return vector.as_object().contains(key);
}

}  // namespace openmsp::test
