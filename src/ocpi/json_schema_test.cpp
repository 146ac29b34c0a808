// Tests of the JSON Schema validator of tests/support, on hand-written schemas and documents: the
// conformance tests (schema_conformance_test.cpp) are only as good as it is.
#include "support/json_schema.h"

#include <gtest/gtest.h>

#include "ocpi/ocpi_test_support.h"

namespace openmsp::test {
namespace {

using ::openmsp::ocpi::test::Json;

JsonSchema Schema(std::string_view text) { return JsonSchema::FromJson(Json(text)).value(); }

std::vector<std::string> Errors(const JsonSchema& schema, std::string_view instance) {
  return schema.Validate(Json(instance));
}

TEST(JsonSchemaTest, TypesIncludingIntegerAndTypeLists) {
  const JsonSchema integer = Schema(R"({"type": "integer"})");
  EXPECT_TRUE(Errors(integer, "7").empty());
  EXPECT_TRUE(Errors(integer, "7.0").empty());
  EXPECT_EQ(Errors(integer, "7.5"), (std::vector<std::string>{R"($: 7.5 is not of type "integer")"}));
  EXPECT_FALSE(Errors(integer, R"("7")").empty());
  const JsonSchema nullable = Schema(R"({"type": ["string", "null"]})");
  EXPECT_TRUE(Errors(nullable, "null").empty());
  EXPECT_TRUE(Errors(nullable, R"("x")").empty());
  EXPECT_FALSE(Errors(nullable, "true").empty());
  EXPECT_TRUE(Errors(Schema(R"({"type": "number"})"), "1.25").empty());
  EXPECT_FALSE(Errors(Schema(R"({"type": "boolean"})"), "0").empty());
}

TEST(JsonSchemaTest, ObjectsRequiredPropertiesAndNoAdditionalOnes) {
  const JsonSchema schema = Schema(R"({"type": "object", "required": ["a"], "additionalProperties": false,
    "properties": {"a": {"type": "string", "maxLength": 2}, "b": {"type": "integer"}}})");
  EXPECT_TRUE(Errors(schema, R"({"a": "xy", "b": 1})").empty());
  EXPECT_EQ(
      Errors(schema, R"({"b": "1", "c": 2})"),
      (std::vector<std::string>{"$: lacks the required member a", R"($.b: "1" is not of type "integer")",
                                "$.c: is not a member this object may have"}));
  EXPECT_EQ(Errors(schema, R"({"a": "x\u00e9z"})"),
            (std::vector<std::string>{"$.a: is 3 characters long, longer than 2"}));
  EXPECT_TRUE(Errors(schema, R"({"a": "\u00e9\u00e9"})").empty());  // code points, not bytes
}

TEST(JsonSchemaTest, ArraysWithItemsAndMinItems) {
  const JsonSchema schema = Schema(R"({"type": "array", "minItems": 1, "items": {"enum": ["A", "B"]}})");
  EXPECT_TRUE(Errors(schema, R"(["A", "B", "A"])").empty());
  EXPECT_EQ(Errors(schema, "[]"), (std::vector<std::string>{"$: has 0 items, fewer than 1"}));
  EXPECT_EQ(Errors(schema, R"(["A", "C"])"),
            (std::vector<std::string>{R"($[1]: "C" is not one of ["A","B"])"}));
}

TEST(JsonSchemaTest, AnyOfNotAndBooleanSchemas) {
  const JsonSchema schema =
      Schema(R"({"anyOf": [{"anyOf": [{"not": {}}, {"type": "string"}]}, {"type": "null"}]})");
  EXPECT_TRUE(Errors(schema, R"("x")").empty());
  EXPECT_TRUE(Errors(schema, "null").empty());
  EXPECT_EQ(Errors(schema, "1"),
            (std::vector<std::string>{"$: matches none of the 2 alternatives of anyOf"}));
  EXPECT_FALSE(Errors(Schema("false"), "1").empty());
  EXPECT_TRUE(Errors(Schema("true"), "1").empty());
  EXPECT_EQ(Errors(Schema(R"({"not": {"type": "string"}})"), R"("x")"),
            (std::vector<std::string>{"$: matches the schema of not"}));
}

TEST(JsonSchemaTest, NumbersComparedExactly) {
  const JsonSchema schema =
      Schema(R"({"type": "number", "minimum": 0, "maximum": 99999, "multipleOf": 0.1})");
  EXPECT_TRUE(Errors(schema, "0").empty());
  EXPECT_TRUE(Errors(schema, "99999").empty());
  EXPECT_TRUE(Errors(schema, "12.3").empty());
  EXPECT_EQ(Errors(schema, "12.34"), (std::vector<std::string>{"$: 12.34 is not a multiple of 0.1"}));
  EXPECT_EQ(Errors(schema, "-0.1"), (std::vector<std::string>{"$: -0.1 is less than 0"}));
  EXPECT_EQ(Errors(schema, "99999.1"), (std::vector<std::string>{"$: 99999.1 is more than 99999"}));
}

TEST(JsonSchemaTest, PatternsMatchAnywhereUnlessAnchored) {
  EXPECT_TRUE(Errors(Schema(R"({"pattern": "[0-9]{2}"})"), R"("ab12cd")").empty());
  const JsonSchema anchored = Schema(R"({"pattern": "^([0-1][0-9]|2[0-3]):[0-5][0-9]$"})");
  EXPECT_TRUE(Errors(anchored, R"("23:59")").empty());
  EXPECT_FALSE(Errors(anchored, R"("24:00")").empty());
  EXPECT_FALSE(Errors(anchored, R"(" 23:59")").empty());
}

TEST(JsonSchemaTest, DateTimeAndUriFormats) {
  const JsonSchema date_time = Schema(R"({"format": "date-time"})");
  for (std::string_view good : {R"("2015-06-29T20:39:09Z")", R"("2015-06-29T20:39:09.123Z")",
                                R"("2015-06-29T20:39:09+02:00")", R"("2016-02-29T00:00:00Z")"}) {
    EXPECT_TRUE(Errors(date_time, good).empty()) << good;
  }
  // OCPI allows the missing designator; RFC 3339 (and so the schema) does not: we always write Z.
  for (std::string_view bad : {R"("2015-06-29T20:39:09")", R"("2015-06-29 20:39:09Z")",
                               R"("2015-02-29T20:39:09Z")", R"("2015-06-29T24:00:00Z")", R"("2015-06-29")"}) {
    EXPECT_FALSE(Errors(date_time, bad).empty()) << bad;
  }
  const JsonSchema uri = Schema(R"({"format": "uri"})");
  EXPECT_TRUE(Errors(uri, R"("https://example.com/ocpi/versions?x=1")").empty());
  for (std::string_view bad : {R"("/ocpi/versions")", R"("https://exa mple.com")", R"("example.com")"}) {
    EXPECT_FALSE(Errors(uri, bad).empty()) << bad;
  }
  EXPECT_TRUE(Errors(uri, "7").empty());  // formats apply to strings only
}

TEST(JsonSchemaTest, RefsFollowJsonPointersAndIgnoreTheirSiblings) {
  const JsonSchema schema = Schema(R"({"$ref": "#/definitions/a~1b", "type": "null",
    "definitions": {"a/b": {"type": "object", "properties": {"p": {"$ref": "#/definitions/a~1b/properties/q"},
                                                             "q": {"type": "integer"}}}}})");
  EXPECT_TRUE(Errors(schema, R"({"p": 1, "q": 2})").empty());
  EXPECT_EQ(Errors(schema, R"({"p": "1"})"),
            (std::vector<std::string>{R"($.p: "1" is not of type "integer")"}));
}

TEST(JsonSchemaTest, RefusesWhatItDoesNotImplement) {
  EXPECT_EQ(JsonSchema::FromJson(Json(R"({"properties": {"a": {"oneOf": [true]}}})")).error().field,
            "#/properties/a");
  EXPECT_FALSE(JsonSchema::FromJson(Json(R"({"format": "email"})")).ok());
  EXPECT_FALSE(JsonSchema::FromJson(Json(R"({"$ref": "#/definitions/missing"})")).ok());
  EXPECT_FALSE(JsonSchema::FromJson(Json(R"({"$ref": "other.json#/x"})")).ok());
  EXPECT_FALSE(JsonSchema::FromJson(Json(R"({"items": [true, false]})")).ok());
  EXPECT_FALSE(JsonSchema::FromJson(Json(R"({"type": "decimal"})")).ok());
  EXPECT_FALSE(JsonSchema::FromJson(Json("7")).ok());
}

}  // namespace
}  // namespace openmsp::test
