#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace openmsp::test {

/// A JSON Schema (draft-07) validator of exactly the subset the OCPI 2.2.1 schemas in
/// `../shared/ocpi/schemas/2.2.1/` use, for tests that check what OpenMSP emits. Test support only: it is
/// written for clear messages, not speed.
///
/// Keywords: `type` (one name or a list; `integer` is a number without a fraction), `enum`, `anyOf`,
/// `not`, `properties`, `additionalProperties` (`false` or a schema), `required`, `items` (one schema for
/// every element), `minItems`, `minLength` and `maxLength` (in Unicode code points), `pattern` (ECMAScript,
/// matched anywhere in the string, as the standard says), `minimum`, `maximum` and `multipleOf` (compared
/// as exact decimals), `format` `date-time` (RFC 3339 §5.6: an offset or `Z` is required) and `uri`
/// (RFC 3986 absolute URI), `$ref` to a JSON pointer inside the same document (`#/definitions/…`; its
/// siblings are ignored, as draft-07 says), and the boolean schemas `true` and `false`. `$schema`,
/// `definitions`, `$id`, `title`, `description` and `$comment` carry no constraint.
///
/// Any other keyword, format or `$ref` makes loading fail, so a schema never passes because a rule in it
/// was silently skipped.
class JsonSchema {
 public:
  /// A validator of `document` (the whole file: `$ref`s resolve against it). kInvalidArgument naming the
  /// path of the first unsupported keyword, format or unresolvable `$ref`.
  static Result<JsonSchema> FromJson(boost::json::value document);

  /// `FromJson` of the file at `path` (read with `ParseJson`).
  static Result<JsonSchema> Load(const std::string& path);

  /// Every violation of `instance`, each `path: reason` with the path written as `$.roles[0].party_id`;
  /// empty when the instance is valid. Inside `anyOf` and `not` the alternatives' own violations are
  /// summarised, not listed.
  std::vector<std::string> Validate(const boost::json::value& instance) const;

 private:
  explicit JsonSchema(boost::json::value document) : document_(std::move(document)) {}

  boost::json::value document_;
};

}  // namespace openmsp::test
