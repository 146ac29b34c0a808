#include "store/sql_savepoint_connection.h"

namespace openmsp::store {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT openmsp_nested";
constexpr std::string_view kRelease = "RELEASE SAVEPOINT openmsp_nested";
constexpr std::string_view kRollback = "ROLLBACK TO SAVEPOINT openmsp_nested";

class SavepointConnection final : public SqlConnection {
 public:
  explicit SavepointConnection(SqlConnection& outer) : outer_(outer), dialect_(outer.dialect()) {
    dialect_.begin = kSavepoint;
  }

  const SqlDialect& dialect() const override { return dialect_; }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const SqlParam> params) override {
    if (sql == "COMMIT") return outer_.Query(kRelease, {});
    if (sql == "ROLLBACK") {
      // Rolling back to a savepoint keeps it; releasing it too leaves the outer transaction as it was.
      OPENMSP_RETURN_IF_ERROR(outer_.Query(kRollback, {}));
      return outer_.Query(kRelease, {});
    }
    return outer_.Query(sql, params);
  }

 private:
  SqlConnection& outer_;
  SqlDialect dialect_;
};

}  // namespace

std::unique_ptr<SqlConnection> MakeSavepointConnection(SqlConnection& outer) {
  return std::make_unique<SavepointConnection>(outer);
}

}  // namespace openmsp::store
