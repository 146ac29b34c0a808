#include "http/router.h"

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "http/percent_encoding.h"

namespace openmsp::http {
namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A pattern's segments; a `{name}` segment is kept with its braces.
std::vector<std::string_view> SplitPattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + std::string(pattern));
  }
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = pattern.find('/', start);
    segments.push_back(pattern.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

// The name of a `{name}` segment, or nothing for a literal one.
std::optional<std::string_view> ParameterName(std::string_view segment, std::string_view pattern) {
  bool braced = segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
  std::string_view name = braced ? segment.substr(1, segment.size() - 2) : segment;
  bool has_brace = name.find_first_of("{}") != std::string_view::npos;
  if (!braced && !has_brace) return std::nullopt;
  if (has_brace || name.empty() || !std::all_of(name.begin(), name.end(), IsNameCharacter)) {
    throw std::logic_error(
        "route pattern segment '" + std::string(segment) +
        "' must be a literal or {name} with letters, digits and '_': " + std::string(pattern));
  }
  return name;
}

}  // namespace

// One method of a pattern; exactly one of the handlers is set.
struct Router::Route {
  std::string method;
  HttpHandler handler;
  AsyncHttpHandler async_handler;
  std::string pattern;
};

// One position in the tree of patterns: children by literal segment, at most one child for a `{name}`,
// and the routes of the patterns that end here (all with the same parameter names).
struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> parameter;
  std::vector<std::string> parameter_names;
  std::vector<Route> routes;
};

namespace {

// Calls `visit(node, captured)` for each node where `path` ends and routes exist, best first (at each
// segment the literal child before the `{name}` child) until `visit` answers true. `start` is where the
// next segment begins, npos when the path is used up; `captured` holds the `{name}` segments so far.
template <class Node, class Visit>
bool Walk(const Node& node, std::string_view path, std::size_t start, std::vector<std::string_view>& captured,
          Visit& visit) {
  if (start == std::string_view::npos) return !node.routes.empty() && visit(node, captured);
  std::size_t slash = path.find('/', start);
  std::string_view segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
  std::size_t next = slash == std::string_view::npos ? slash : slash + 1;
  if (auto literal = node.literals.find(segment);
      literal != node.literals.end() && Walk(*literal->second, path, next, captured, visit)) {
    return true;
  }
  if (node.parameter && !segment.empty()) {
    captured.push_back(segment);
    if (Walk(*node.parameter, path, next, captured, visit)) return true;
    captured.pop_back();
  }
  return false;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(std::string method, std::string_view pattern, HttpHandler handler) {
  AddRoute(pattern, Route{std::move(method), std::move(handler), nullptr, std::string(pattern)});
}

void Router::AddAsync(std::string method, std::string_view pattern, AsyncHttpHandler handler) {
  AddRoute(pattern, Route{std::move(method), nullptr, std::move(handler), std::string(pattern)});
}

void Router::SetFallback(std::string name, HttpHandler handler) {
  if (fallback_) throw std::logic_error("router fallback set twice: " + name);
  fallback_ = std::make_unique<Route>(Route{"GET", std::move(handler), nullptr, std::move(name)});
}

void Router::AddRoute(std::string_view pattern, Route route) {
  const std::string& method = route.method;
  if (method.empty()) throw std::logic_error("route method is empty: " + std::string(pattern));
  Node* node = root_.get();
  std::vector<std::string> names;
  for (std::string_view segment : SplitPattern(pattern)) {
    if (std::optional<std::string_view> name = ParameterName(segment, pattern)) {
      if (std::find(names.begin(), names.end(), *name) != names.end()) {
        throw std::logic_error("route pattern names {" + std::string(*name) +
                               "} twice: " + std::string(pattern));
      }
      names.emplace_back(*name);
      if (!node->parameter) node->parameter = std::make_unique<Node>();
      node = node->parameter.get();
    } else {
      std::unique_ptr<Node>& child = node->literals[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (!node->routes.empty() && node->parameter_names != names) {
    throw std::logic_error("route pattern " + std::string(pattern) +
                           " differs from an earlier one only in its parameter names");
  }
  for (const Route& existing : node->routes) {
    if (existing.method == method) {
      throw std::logic_error("route registered twice: " + method + " " + std::string(pattern));
    }
  }
  node->parameter_names = std::move(names);
  node->routes.push_back(std::move(route));
}

RouteMatch Router::Find(HttpRequest& request) const {
  RouteMatch match;
  std::string_view path = request.path;
  if (path.empty() || path.front() != '/') {
    match.refusal = HttpResponse::Text(404, "not found\n");
    return match;
  }

  const Route* found = nullptr;
  const Node* found_node = nullptr;
  std::vector<std::string_view> captured;
  bool head = request.method == "HEAD";
  // When it answers true, `Walk` returns at once and `captured` keeps the winning route's values.
  auto find_method = [&](const Node& node, const std::vector<std::string_view>&) {
    const Route* candidate = nullptr;
    for (const Route& route : node.routes) {
      if (route.method == request.method) {
        candidate = &route;
        break;
      }
      if (head && route.method == "GET") candidate = &route;
    }
    if (candidate == nullptr) return false;
    found = candidate;
    found_node = &node;
    return true;
  };
  Walk(*root_, path, 1, captured, find_method);

  if (found == nullptr) {
    std::vector<std::string_view> allowed;
    auto collect_methods = [&](const Node& node, const std::vector<std::string_view>&) {
      auto allow_method = [&allowed](std::string_view method) {
        if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) allowed.push_back(method);
      };
      for (const Route& route : node.routes) {
        allow_method(route.method);
        if (route.method == "GET") allow_method("HEAD");
      }
      return false;
    };
    captured.clear();
    Walk(*root_, path, 1, captured, collect_methods);
    if (allowed.empty()) {
      if (fallback_ && (request.method == "GET" || head)) {
        request.path_parameters.clear();
        match.pattern = &fallback_->pattern;
        match.handler = &fallback_->handler;
        return match;
      }
      match.refusal = HttpResponse::Text(404, "not found\n");
      return match;
    }
    std::string allow;
    for (std::string_view method : allowed) allow.append(allow.empty() ? "" : ", ").append(method);
    match.refusal = HttpResponse::Text(405, "method not allowed\n");
    match.refusal.headers.Set("Allow", std::move(allow));
    return match;
  }

  request.path_parameters.clear();
  request.path_parameters.reserve(captured.size());
  for (std::size_t i = 0; i < captured.size(); ++i) {
    const std::string& name = found_node->parameter_names[i];
    Result<std::string> value = PercentDecode(captured[i], name, false);
    if (!value) {
      request.path_parameters.clear();
      match.refusal = HttpResponse::Text(400, "invalid path: " + value.error().ToString() + "\n");
      return match;
    }
    request.path_parameters.push_back({name, std::move(*value)});
  }
  match.pattern = &found->pattern;
  if (found->async_handler) {
    match.async_handler = &found->async_handler;
  } else {
    match.handler = &found->handler;
  }
  return match;
}

HttpResponse Router::Dispatch(HttpRequest request) const {
  RouteMatch match = Find(request);
  if (match.handler != nullptr) return (*match.handler)(request);
  if (match.async_handler == nullptr) return std::move(match.refusal);
  auto answer = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> response = answer->get_future();
  (*match.async_handler)(std::move(request), HttpResponder([answer](HttpResponse given) {
                           answer->set_value(std::move(given));
                         }));
  return response.get();
}

}  // namespace openmsp::http
