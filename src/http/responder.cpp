#include "http/responder.h"

#include <utility>

namespace openmsp::http {

HttpResponder::HttpResponder(HttpResponder&& other) noexcept
    : deliver_(std::exchange(other.deliver_, nullptr)) {}

HttpResponder& HttpResponder::operator=(HttpResponder&& other) noexcept {
  if (this != &other) {
    AnswerUnanswered();
    deliver_ = std::exchange(other.deliver_, nullptr);
  }
  return *this;
}

HttpResponder::~HttpResponder() { AnswerUnanswered(); }

void HttpResponder::Respond(HttpResponse response) {
  Delivery deliver = std::exchange(deliver_, nullptr);
  if (deliver) deliver(std::move(response));
}

void HttpResponder::AnswerUnanswered() noexcept {
  try {
    Respond(HttpResponse::Text(500, "internal server error\n"));
  } catch (...) {
    // Nothing more can be done for a request whose delivery fails while its responder is destroyed.
  }
}

}  // namespace openmsp::http
