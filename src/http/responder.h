#pragma once

#include <functional>

#include "http/message.h"

namespace openmsp::http {

/// How an asynchronous handler answers its request: once, later, from any thread. Move-only, so that
/// exactly one owner can answer; hand it to the thread that finishes the work (e.g. the database thread
/// whose group commit makes a CDR durable) and call `Respond` there.
///
/// - `Respond` sends the response; the connection goes on with its next request only after that
///   response is written, and the I/O thread never waits for it meanwhile.
/// - A responder destroyed without having answered sends `500 internal server error`, so a request
///   cannot be forgotten (an exception escaping the handler does this too).
/// - Answering again, or answering with a moved-from or default-constructed responder, does nothing:
///   the first answer is the one sent.
/// - Answering after the server has stopped (its shutdown timeout passed, or it was destroyed) does
///   nothing either; the client's connection is gone by then.
///
/// One responder is not for several threads at once; moving it between threads is what it is for.
class HttpResponder {
 public:
  /// What the server does with the response; called at most once.
  using Delivery = std::function<void(HttpResponse)>;

  /// A responder that answers nothing (a placeholder, or for a request nobody waits for).
  HttpResponder() = default;
  /// A responder that hands its one response to `deliver` (the server makes these; tests may too).
  explicit HttpResponder(Delivery deliver) : deliver_(std::move(deliver)) {}
  HttpResponder(HttpResponder&& other) noexcept;
  /// Sends the 500 of a responder that is replaced before it answered, then takes over `other`'s request.
  HttpResponder& operator=(HttpResponder&& other) noexcept;
  HttpResponder(const HttpResponder&) = delete;
  HttpResponder& operator=(const HttpResponder&) = delete;
  ~HttpResponder();

  /// Sends `response` (once; later calls are ignored).
  void Respond(HttpResponse response);

  /// Whether a request still waits for this responder's answer.
  bool pending() const { return static_cast<bool>(deliver_); }

 private:
  void AnswerUnanswered() noexcept;

  Delivery deliver_;
};

}  // namespace openmsp::http
