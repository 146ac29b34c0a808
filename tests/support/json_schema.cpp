#include "support/json_schema.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/decimal.h"
#include "core/json.h"

namespace openmsp::test {
namespace {

namespace json = boost::json;

const std::set<std::string, std::less<>> kKeywords = {
    "type",        "enum",    "anyOf",      "not",         "properties", "additionalProperties",
    "required",    "items",   "minItems",   "minLength",   "maxLength",  "pattern",
    "minimum",     "maximum", "multipleOf", "format",      "$ref",       "$schema",
    "definitions", "$id",     "title",      "description", "$comment"};
const std::set<std::string, std::less<>> kTypes = {"null",   "boolean", "object", "array",
                                                   "number", "integer", "string"};
const std::set<std::string, std::less<>> kFormats = {"date-time", "uri"};

// Follows a `#/a/b~1c` JSON pointer from the root of `document`; nullptr when it leads nowhere.
const json::value* Resolve(const json::value& document, std::string_view ref) {
  if (!ref.starts_with('#')) return nullptr;
  std::string_view pointer = ref.substr(1);
  const json::value* current = &document;
  while (!pointer.empty()) {
    if (pointer.front() != '/') return nullptr;
    pointer.remove_prefix(1);
    const std::size_t end = pointer.find('/');
    std::string token;
    for (std::size_t i = 0; i < std::min(end, pointer.size()); ++i) {
      if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
        token += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    pointer.remove_prefix(std::min(end, pointer.size()));
    if (const json::object* object = current->if_object()) {
      current = object->if_contains(token);
    } else if (const json::array* array = current->if_array()) {
      std::size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') return nullptr;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      current = token.empty() || index >= array->size() ? nullptr : &(*array)[index];
    } else {
      return nullptr;
    }
    if (current == nullptr) return nullptr;
  }
  return current;
}

// Checks that `schema` uses only what `Check` implements.
Result<void> CheckSupported(const json::value& document, const json::value& schema, const std::string& path) {
  if (schema.is_bool()) return Ok();
  const json::object* object = schema.if_object();
  if (object == nullptr) return InvalidArgument(path, "a schema must be an object or a boolean");
  for (const auto& [key, value] : *object) {
    if (!kKeywords.contains(key)) return InvalidArgument(path, "unsupported keyword " + std::string(key));
    const std::string child = path + "/" + std::string(key);
    if (key == "$ref") {
      if (!value.is_string() || Resolve(document, value.get_string()) == nullptr) {
        return InvalidArgument(child, "does not resolve inside the document");
      }
    } else if (key == "format") {
      if (!value.is_string() || !kFormats.contains(value.get_string())) {
        return InvalidArgument(child, "unsupported format");
      }
    } else if (key == "type") {
      const json::array single{value};
      for (const json::value& name : value.is_array() ? value.get_array() : single) {
        if (!name.is_string() || !kTypes.contains(name.get_string()))
          return InvalidArgument(child, "unknown type");
      }
    } else if (key == "properties" || key == "definitions") {
      if (!value.is_object()) return InvalidArgument(child, "must be an object");
      for (const auto& [name, sub] : value.get_object()) {
        OPENMSP_RETURN_IF_ERROR(CheckSupported(document, sub, child + "/" + std::string(name)));
      }
    } else if (key == "anyOf") {
      if (!value.is_array() || value.get_array().empty())
        return InvalidArgument(child, "must be a non-empty array");
      for (std::size_t i = 0; i < value.get_array().size(); ++i) {
        OPENMSP_RETURN_IF_ERROR(
            CheckSupported(document, value.get_array()[i], child + "/" + std::to_string(i)));
      }
    } else if (key == "not" || key == "items" || key == "additionalProperties") {
      if (key == "items" && value.is_array()) return InvalidArgument(child, "tuple items are not supported");
      OPENMSP_RETURN_IF_ERROR(CheckSupported(document, value, child));
    } else if (key == "required" || key == "enum") {
      if (!value.is_array()) return InvalidArgument(child, "must be an array");
    } else if (key == "pattern") {
      if (!value.is_string()) return InvalidArgument(child, "must be a string");
    } else if (key == "minimum" || key == "maximum" || key == "multipleOf" || key == "minLength" ||
               key == "maxLength" || key == "minItems") {
      if (!value.is_number()) return InvalidArgument(child, "must be a number");
    }
  }
  return Ok();
}

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

bool HasType(const json::value& instance, std::string_view type) {
  if (type == "null") return instance.is_null();
  if (type == "boolean") return instance.is_bool();
  if (type == "object") return instance.is_object();
  if (type == "array") return instance.is_array();
  if (type == "string") return instance.is_string();
  if (type == "number") return instance.is_number();
  if (instance.is_int64() || instance.is_uint64()) return true;  // integer
  if (!instance.is_double()) return false;
  Result<Decimal> number = DecimalFromJson(instance);
  return number.ok() && number->IsInteger();
}

bool IsDateTime(std::string_view text) {
  static const std::regex kForm(
      R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, kForm)) return false;
  const auto number = [&](std::size_t group) { return std::stoi(match[group].str()); };
  const std::chrono::year_month_day date{std::chrono::year(number(1)),
                                         std::chrono::month(static_cast<unsigned>(number(2))),
                                         std::chrono::day(static_cast<unsigned>(number(3)))};
  if (!date.ok() || number(4) > 23 || number(5) > 59 || number(6) > 60) return false;
  return !match[9].matched || (number(9) <= 23 && number(10) <= 59);
}

bool IsUri(std::string_view text) { return boost::urls::parse_uri(text).has_value(); }

class Checker {
 public:
  Checker(const json::value& document, std::vector<std::string>& errors)
      : document_(document), errors_(errors) {}

  void Check(const json::value& schema, const json::value& instance, const std::string& path) {
    if (schema.is_bool()) {
      if (!schema.get_bool()) Fail(path, "no value is allowed here");
      return;
    }
    const json::object& rules = schema.get_object();
    if (const json::value* ref = rules.if_contains("$ref")) {
      Check(*Resolve(document_, ref->get_string()), instance, path);
      return;
    }
    if (const json::value* type = rules.if_contains("type")) CheckType(*type, instance, path);
    if (const json::value* values = rules.if_contains("enum")) {
      bool found = false;
      for (const json::value& value : values->get_array()) found = found || value == instance;
      if (!found) Fail(path, SerializeJson(instance) + " is not one of " + SerializeJson(*values));
    }
    if (const json::value* alternatives = rules.if_contains("anyOf")) {
      bool matched = false;
      for (const json::value& alternative : alternatives->get_array())
        matched = matched || Valid(alternative, instance);
      if (!matched) {
        Fail(path, "matches none of the " + std::to_string(alternatives->get_array().size()) +
                       " alternatives of anyOf");
      }
    }
    if (const json::value* negated = rules.if_contains("not"); negated && Valid(*negated, instance)) {
      Fail(path, "matches the schema of not");
    }
    if (instance.is_object()) CheckObject(rules, instance.get_object(), path);
    if (instance.is_array()) CheckArray(rules, instance.get_array(), path);
    if (instance.is_string()) CheckString(rules, instance.get_string(), path);
    if (instance.is_number()) CheckNumber(rules, instance, path);
  }

 private:
  bool Valid(const json::value& schema, const json::value& instance) {
    std::vector<std::string> errors;
    Checker(document_, errors).Check(schema, instance, "");
    return errors.empty();
  }

  void Fail(const std::string& path, std::string reason) {
    errors_.push_back(path + ": " + std::move(reason));
  }

  void CheckType(const json::value& type, const json::value& instance, const std::string& path) {
    const json::array single{type};
    for (const json::value& name : type.is_array() ? type.get_array() : single) {
      if (HasType(instance, name.get_string())) return;
    }
    Fail(path, SerializeJson(instance) + " is not of type " + SerializeJson(type));
  }

  void CheckObject(const json::object& rules, const json::object& object, const std::string& path) {
    if (const json::value* required = rules.if_contains("required")) {
      for (const json::value& name : required->get_array()) {
        if (!object.contains(name.get_string()))
          Fail(path, "lacks the required member " + std::string(name.get_string()));
      }
    }
    const json::value* properties = rules.if_contains("properties");
    const json::value* additional = rules.if_contains("additionalProperties");
    for (const auto& [key, value] : object) {
      const std::string child = path + "." + std::string(key);
      const json::value* property = properties ? properties->get_object().if_contains(key) : nullptr;
      if (property != nullptr) {
        Check(*property, value, child);
      } else if (additional != nullptr) {
        if (additional->is_bool() && !additional->get_bool()) {
          Fail(child, "is not a member this object may have");
        } else {
          Check(*additional, value, child);
        }
      }
    }
  }

  void CheckArray(const json::object& rules, const json::array& array, const std::string& path) {
    if (const json::value* min_items = rules.if_contains("minItems");
        min_items && array.size() < min_items->to_number<std::size_t>()) {
      Fail(path, "has " + std::to_string(array.size()) + " items, fewer than " + SerializeJson(*min_items));
    }
    if (const json::value* items = rules.if_contains("items")) {
      for (std::size_t i = 0; i < array.size(); ++i)
        Check(*items, array[i], path + "[" + std::to_string(i) + "]");
    }
  }

  void CheckString(const json::object& rules, std::string_view text, const std::string& path) {
    const std::size_t length = CodePoints(text);
    if (const json::value* min = rules.if_contains("minLength");
        min && length < min->to_number<std::size_t>()) {
      Fail(path, "is " + std::to_string(length) + " characters long, shorter than " + SerializeJson(*min));
    }
    if (const json::value* max = rules.if_contains("maxLength");
        max && length > max->to_number<std::size_t>()) {
      Fail(path, "is " + std::to_string(length) + " characters long, longer than " + SerializeJson(*max));
    }
    if (const json::value* pattern = rules.if_contains("pattern")) {
      const std::regex regex(std::string(pattern->get_string()), std::regex::ECMAScript);
      if (!std::regex_search(text.begin(), text.end(), regex))
        Fail(path, "does not match " + SerializeJson(*pattern));
    }
    if (const json::value* format = rules.if_contains("format")) {
      const bool valid = format->get_string() == "date-time" ? IsDateTime(text) : IsUri(text);
      if (!valid) Fail(path, "'" + std::string(text) + "' is not a " + std::string(format->get_string()));
    }
  }

  void CheckNumber(const json::object& rules, const json::value& instance, const std::string& path) {
    Result<Decimal> number = DecimalFromJson(instance);
    if (!number) {
      Fail(path, "is a number outside what the validator compares exactly");
      return;
    }
    if (const json::value* min = rules.if_contains("minimum");
        min && *number < DecimalFromJson(*min).value()) {
      Fail(path, number->ToString() + " is less than " + SerializeJson(*min));
    }
    if (const json::value* max = rules.if_contains("maximum");
        max && *number > DecimalFromJson(*max).value()) {
      Fail(path, number->ToString() + " is more than " + SerializeJson(*max));
    }
    if (const json::value* step = rules.if_contains("multipleOf")) {
      const Decimal divisor = DecimalFromJson(*step).value();
      if (number->Abs().RoundedUpToMultipleOf(divisor) != number->Abs()) {
        Fail(path, number->ToString() + " is not a multiple of " + SerializeJson(*step));
      }
    }
  }

  const json::value& document_;
  std::vector<std::string>& errors_;
};

}  // namespace

Result<JsonSchema> JsonSchema::FromJson(json::value document) {
  OPENMSP_RETURN_IF_ERROR(CheckSupported(document, document, "#"));
  return JsonSchema(std::move(document));
}

Result<JsonSchema> JsonSchema::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return InvalidArgument(path, "cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  Result<json::value> document = ParseJson(text.str());
  if (!document) return document.error().Nested(path);
  return FromJson(*std::move(document));
}

std::vector<std::string> JsonSchema::Validate(const json::value& instance) const {
  std::vector<std::string> errors;
  Checker(document_, errors).Check(document_, instance, "$");
  return errors;
}

}  // namespace openmsp::test
