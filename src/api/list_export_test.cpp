// The CSV export of lists: columns from the item schema, rows as the JSON pages show them, and the
// streamed export through the real router on real SQLite — every page, in the caller's scope only, with
// refusals still answered as problem documents before anything streams.

#include "api/list_export.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "api/representations.h"
#include "core/json.h"

namespace openmsp::api::test {
namespace {

std::vector<std::string> Names(const std::vector<CsvColumn>& columns) {
  std::vector<std::string> names;
  for (const CsvColumn& column : columns) names.push_back(column.name);
  return names;
}

ApiRoute ListRoute(std::string response_schema) {
  return Route("test", "GET", "/things", "things", domain::Permission::kProfilesRead, "",
               std::move(response_schema), 200, nullptr);
}

TEST(ExportColumnsTest, AreTheItemSchemasPropertiesWithObjectsFlattened) {
  const std::string item = R"({"type": "object", "properties": {"id": {"type": "integer"},
      "actor": {"type": "object", "properties": {"kind": {"type": "string"}, "user_id": {"type": "integer"}}},
      "tariff_ids": {"type": "array", "items": {"type": "string"}}, "before": {"description": "any JSON"}}})";
  EXPECT_EQ(Names(ExportColumns(ListRoute(PageSchema(item))).value()),
            (std::vector<std::string>{"id", "actor.kind", "actor.user_id", "tariff_ids", "before"}));
  EXPECT_EQ(Names(ExportColumns(ListRoute(ItemsSchema(item))).value()),
            (std::vector<std::string>{"id", "actor.kind", "actor.user_id", "tariff_ids", "before"}));
  // Not a list: one object, a POST, no schema.
  EXPECT_FALSE(ExportColumns(ListRoute(item)).has_value());
  ApiRoute post = ListRoute(PageSchema(item));
  post.method = "POST";
  EXPECT_FALSE(ExportColumns(post).has_value());
  EXPECT_FALSE(ExportColumns(ListRoute("")).has_value());
}

TEST(WriteCsvRowsTest, WritesEachKindOfValueAsTheJsonShowsIt) {
  const std::vector<CsvColumn> columns = {{.name = "id", .path = {"id"}},
                                          {.name = "name", .path = {"name"}},
                                          {.name = "actor.kind", .path = {"actor", "kind"}},
                                          {.name = "hidden", .path = {"hidden"}},
                                          {.name = "ids", .path = {"ids"}},
                                          {.name = "missing", .path = {"missing"}}};
  const boost::json::array items = ParseJson(R"json([
      {"id": 7, "name": "Smith, Jo", "actor": {"kind": "user"}, "hidden": true, "ids": ["a", "b"]},
      {"id": -2, "name": "=HYPERLINK(\"x\")", "actor": null, "hidden": false, "ids": [], "missing": null}])json")
                                       .value()
                                       .as_array();
  CsvWriter csv;
  WriteCsvHeader(columns, csv);
  WriteCsvRows(columns, items, csv);
  EXPECT_EQ(csv.Take(),
            "id,name,actor.kind,hidden,ids,missing\r\n"
            "7,\"Smith, Jo\",user,true,\"[\"\"a\"\",\"\"b\"\"]\",\r\n"
            "-2,\"'=HYPERLINK(\"\"x\"\")\",,false,[],\r\n");
}

TEST(QueryWithoutTest, DropsTheNamedParametersAndKeepsTheRestAsSent) {
  EXPECT_EQ(QueryWithout("q=a%20b&format=csv&after=XYZ&limit=2", {"format", "after"}), "q=a%20b&limit=2");
  EXPECT_EQ(QueryWithout("form%61t=csv&&status=active", {"format"}), "status=active");
  EXPECT_EQ(QueryWithout("", {"format"}), "");
}

class ListExportTest : public ::testing::Test {
 protected:
  // The whole body of a response, streamed or not.
  static std::string Drain(http::HttpResponse response) {
    std::string body = response.body;
    if (!response.producer) return body;
    for (int call = 0; call < 1000; ++call) {
      std::string chunk;
      Result<bool> more = response.producer(chunk);
      EXPECT_TRUE(more.ok()) << more.error().ToString();
      body += chunk;
      if (!more.ok() || !*more) break;
    }
    return body;
  }

  // The `name` column (the third) of each data row of an export of profiles.
  static std::vector<std::string> ProfileNames(const std::string& csv) {
    std::vector<std::string> names;
    std::size_t start = csv.find("\r\n") + 2;  // after the header
    while (start < csv.size()) {
      const std::size_t end = csv.find("\r\n", start);
      const std::string row = csv.substr(start, end - start);
      std::size_t first = row.find(',');
      std::size_t second = row.find(',', first + 1);
      names.push_back(row.substr(second + 1, row.find(',', second + 1) - second - 1));
      start = end + 2;
    }
    return names;
  }

  void AddProfile(const std::string& name, domain::OrganisationUnitId unit) {
    const http::HttpResponse created = world_.Call(
        "POST", "/profiles",
        R"({"name": ")" + name + R"(", "organisation_unit_id": )" + std::to_string(unit.value) + "}",
        &world_.tenant_admin);
    ASSERT_EQ(created.status, 201) << created.body;
  }

  ApiWorld world_;
};

TEST_F(ListExportTest, ExportsEveryPageOfTheListInTheCallersScope) {
  AddProfile("Van 1", world_.a1);
  AddProfile("Van 2", world_.a);
  AddProfile("Hidden in B", world_.b);

  // One profile per page: the export still holds all of them, header first, after a byte order mark.
  const http::HttpResponse all = world_.Call("GET", "/profiles?format=csv&limit=1", "", &world_.tenant_admin);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.headers.Get("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(all.headers.Get("Content-Disposition"), "attachment; filename=\"profiles.csv\"");
  ASSERT_TRUE(all.producer);
  const std::string csv = Drain(all);
  ASSERT_TRUE(csv.starts_with(CsvWriter::kUtf8ByteOrderMark));
  EXPECT_EQ(csv.substr(3, csv.find("\r\n") - 3),
            "id,organisation_unit_id,name,kind,email,prices_hidden,created_at");
  EXPECT_EQ(ProfileNames(csv.substr(3)),
            (std::vector<std::string>{"Dana Driver", "Van 1", "Van 2", "Hidden in B"}));

  // A fleet manager of A sees A's subtree only; a filter applies to every page.
  EXPECT_EQ(
      ProfileNames(
          Drain(world_.Call("GET", "/profiles?format=csv&limit=1", "", &world_.fleet_manager)).substr(3)),
      (std::vector<std::string>{"Dana Driver", "Van 1", "Van 2"}));
  EXPECT_EQ(
      ProfileNames(Drain(world_.Call("GET", "/profiles?q=van&limit=1&format=csv", "", &world_.tenant_admin))
                       .substr(3)),
      (std::vector<std::string>{"Van 1", "Van 2"}));
  // From a cursor on: what follows the first page.
  const boost::json::value first = BodyOf(world_.Call("GET", "/profiles?limit=2", "", &world_.tenant_admin));
  EXPECT_EQ(
      ProfileNames(
          Drain(world_.Call("GET", "/profiles?format=csv&after=" + std::string(first.at("next").as_string()),
                            "", &world_.tenant_admin))
              .substr(3)),
      (std::vector<std::string>{"Van 2", "Hidden in B"}));
  // `format=json` is the JSON page.
  EXPECT_EQ(BodyOf(world_.Call("GET", "/profiles?format=json&limit=2", "", &world_.tenant_admin)), first);
}

TEST_F(ListExportTest, RefusalsAreProblemsBeforeAnythingStreams) {
  const http::HttpResponse unknown = world_.Call("GET", "/profiles?format=xml", "", &world_.tenant_admin);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find(R"("field":"format")"), std::string::npos) << unknown.body;
  const http::HttpResponse anonymous = world_.Call("GET", "/profiles?format=csv", "", nullptr);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_FALSE(anonymous.producer);
  const http::HttpResponse bad_filter =
      world_.Call("GET", "/profiles?format=csv&limit=0", "", &world_.tenant_admin);
  EXPECT_EQ(bad_filter.status, 400);
  EXPECT_FALSE(bad_filter.producer);
  const http::HttpResponse out_of_scope =
      world_.Call("GET", "/profiles?format=csv&organisation_unit_id=" + std::to_string(world_.b.value), "",
                  &world_.fleet_manager);
  EXPECT_EQ(out_of_scope.status, 403);
  // The other tenant's admin exports its own (empty) list: a header only.
  const std::string other = Drain(world_.Call("GET", "/profiles?format=csv", "", &world_.other_admin));
  EXPECT_EQ(other, std::string(CsvWriter::kUtf8ByteOrderMark) +
                       "id,organisation_unit_id,name,kind,email,prices_hidden,created_at\r\n");
}

}  // namespace
}  // namespace openmsp::api::test
