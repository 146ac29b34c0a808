#include "api/problem.h"

#include <boost/json.hpp>

#include "core/json.h"

namespace openmsp::api {
namespace {

// "invalid_argument" → "Invalid argument".
std::string TitleOf(std::string_view name) {
  std::string title(name);
  for (char& c : title) {
    if (c == '_') c = ' ';
  }
  if (!title.empty() && title.front() >= 'a' && title.front() <= 'z') {
    title.front() = static_cast<char>(title.front() - 'a' + 'A');
  }
  return title;
}

}  // namespace

http::HttpResponse ProblemResponse(const Error& error) {
  const std::string_view name = ErrorCodeName(error.code);
  return ProblemResponse(HttpStatus(error.code), name, TitleOf(name), error.field, error.ToString());
}

http::HttpResponse ProblemResponse(int status, std::string_view name, std::string_view title,
                                   std::string field, std::string detail) {
  boost::json::object problem{{"type", "urn:openmsp:problem:" + std::string(name)},
                              {"title", title},
                              {"status", status},
                              {"detail", detail}};
  boost::json::array errors;
  if (!field.empty()) {
    std::string reason = detail;
    if (reason.starts_with(field + ": ")) reason.erase(0, field.size() + 2);
    errors.push_back(boost::json::object{{"field", field}, {"reason", reason}});
  }
  problem["errors"] = std::move(errors);
  return http::HttpResponse::WithBody(status, std::string(kProblemMediaType), SerializeJson(problem));
}

}  // namespace openmsp::api
