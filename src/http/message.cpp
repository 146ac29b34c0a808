#include "http/message.h"

#include <algorithm>
#include <utility>

namespace openmsp::http {
namespace {

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

}  // namespace

std::optional<std::string_view> HttpHeaders::Get(std::string_view name) const {
  for (const HttpHeaderField& field : fields_) {
    if (EqualsIgnoringCase(field.name, name)) return field.value;
  }
  return std::nullopt;
}

void HttpHeaders::Set(std::string name, std::string value) {
  std::erase_if(fields_, [&](const HttpHeaderField& field) { return EqualsIgnoringCase(field.name, name); });
  Add(std::move(name), std::move(value));
}

void HttpHeaders::Add(std::string name, std::string value) {
  fields_.push_back({std::move(name), std::move(value)});
}

std::optional<std::string_view> HttpRequest::PathParameterValue(std::string_view name) const {
  for (const PathParameter& parameter : path_parameters) {
    if (parameter.name == name) return parameter.value;
  }
  return std::nullopt;
}

HttpResponse HttpResponse::WithBody(int status, std::string content_type, std::string body) {
  HttpResponse response{.status = status, .headers = {}, .body = std::move(body), .producer = {}};
  response.headers.Set("Content-Type", std::move(content_type));
  return response;
}

HttpResponse HttpResponse::Streamed(int status, std::string content_type, HttpBodyProducer producer) {
  HttpResponse response{.status = status, .headers = {}, .body = {}, .producer = std::move(producer)};
  response.headers.Set("Content-Type", std::move(content_type));
  return response;
}

HttpResponse HttpResponse::Json(int status, std::string json) {
  return WithBody(status, "application/json", std::move(json));
}

HttpResponse HttpResponse::Text(int status, std::string text) {
  return WithBody(status, "text/plain; charset=utf-8", std::move(text));
}

Result<std::string> CollectBody(const HttpResponse& response) {
  if (!response.streamed()) return response.body;
  std::string body;
  std::string chunk;
  for (bool more = true; more;) {
    chunk.clear();
    OPENMSP_ASSIGN_OR_RETURN(more, response.producer(chunk));
    body += chunk;
  }
  return body;
}

}  // namespace openmsp::http
