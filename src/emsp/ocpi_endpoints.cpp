#include "emsp/ocpi_endpoints.h"

#include <exception>
#include <memory>
#include <mutex>
#include <utility>

#include "ocpi/authorization.h"
#include "ocpi/envelope.h"

namespace openmsp::emsp {
namespace {

Error Unauthenticated(std::string reason) {
  return Error{ErrorCode::kUnauthenticated, "Authorization", std::move(reason)};
}

http::HttpResponse Answer(const OcpiContext& context, const ocpi::RequestIds& ids, Result<OcpiReply> reply) {
  http::HttpResponse response;
  if (reply) {
    response =
        ocpi::EnvelopeResponse(reply->http_status, ocpi::Envelope{.data = std::move(reply->data),
                                                                  .status_code = reply->status_code,
                                                                  .status_message = reply->status_message,
                                                                  .timestamp = context.clock.Now()});
    for (const http::HttpHeaderField& field : reply->headers.fields())
      response.headers.Add(field.name, field.value);
  } else {
    response = ocpi::ErrorResponse(reply.error(), context.clock.Now());
  }
  if (!ids.request_id.empty())
    ocpi::SetRequestIds(response.headers, ids);  // empty: the request's were refused
  return response;
}

// Whether a request to an endpoint may change a peer's registration (a credentials POST, PUT or DELETE):
// remembered callers are forgotten once it is handled.
bool ChangesRegistration(OcpiAccess access, std::string_view method) {
  return access == OcpiAccess::kRegistration && method != "GET" && method != "HEAD";
}

}  // namespace

Result<OcpiCaller> Authenticate(const http::HttpRequest& request, OcpiAccess access,
                                store::RepositoryPool& pool) {
  OPENMSP_ASSIGN_OR_RETURN(ocpi::CredentialsTokenCandidates candidates,
                           ocpi::ParseAuthorization(request.headers.Get("Authorization")));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, pool.Borrow());
  for (const std::string& token : candidates.InOrder()) {
    domain::TokenDigest digest = domain::TokenDigest::Of(token);
    Result<domain::PeerAuthentication> found = db->peers().FindByIncomingToken(digest);
    if (!found) {
      if (found.error().code == ErrorCode::kUnauthenticated) continue;
      if (found.error().code == ErrorCode::kUnavailable) db.Discard();
      return found.error();
    }
    switch (found->status) {
      case domain::PeerStatus::kConnected:
        break;
      case domain::PeerStatus::kPending:
        if (access != OcpiAccess::kRegistration) {
          return Unauthenticated("token A only opens the versions and credentials modules; register first");
        }
        break;
      case domain::PeerStatus::kSuspended:
        return Unauthenticated("the connection is suspended by the eMSP");
      case domain::PeerStatus::kUnregistered:
        return Unauthenticated("the token is unknown");
    }
    OcpiCaller caller{.tenant_id = found->tenant_id,
                      .peer_id = found->peer_id,
                      .status = found->status,
                      .token_digest = std::move(digest),
                      .roles = {}};
    if (caller.status == domain::PeerStatus::kConnected) {
      Result<domain::Peer> peer = db->peers().FindById(caller.tenant_id, caller.peer_id);
      if (!peer) {
        if (peer.error().code == ErrorCode::kUnavailable) db.Discard();
        return peer.error();
      }
      caller.roles = std::move(peer->roles);
    }
    return caller;
  }
  return Unauthenticated("the token is unknown");
}

Result<OcpiCaller> OcpiEndpoints::Caller(const http::HttpRequest& request, OcpiAccess access) {
  const std::string_view authorization = request.headers.Get("Authorization").value_or("");
  Remembered<OcpiCaller>::Generation generation = 0;
  if (std::optional<OcpiCaller> remembered = callers_.Find(authorization, generation)) {
    return *std::move(remembered);
  }
  OPENMSP_ASSIGN_OR_RETURN(OcpiCaller caller, Authenticate(request, access, context_.pool));
  if (caller.status == domain::PeerStatus::kConnected) {
    callers_.Remember(std::string(authorization), caller, generation);
  }
  return caller;
}

Result<OcpiRequest> OcpiEndpoints::Prepare(http::HttpRequest request, OcpiAccess access, ocpi::RequestIds& ids) {
  OPENMSP_ASSIGN_OR_RETURN(ids, ocpi::RequestIdsToEcho(request.headers, context_.random));
  OPENMSP_ASSIGN_OR_RETURN(OcpiCaller caller, Caller(request, access));
  OPENMSP_ASSIGN_OR_RETURN(ocpi::Routing routing, ocpi::ParseRouting(request.headers));
  return OcpiRequest{.http = std::move(request), .caller = std::move(caller), .ids = ids, .routing = routing};
}

void OcpiEndpoints::Add(std::string method, std::string_view pattern, OcpiAccess access,
                        OcpiHandler handler) {
  const bool changes_registration = ChangesRegistration(access, method);
  router_.Add(std::move(method), pattern,
              [this, access, changes_registration, handler = std::move(handler)](const http::HttpRequest& http) {
                ocpi::RequestIds ids;
                Result<OcpiRequest> request = Prepare(http, access, ids);
                if (!request) return Answer(context_, ids, request.error());
                Result<OcpiReply> reply = handler(*request);
                if (changes_registration) callers_.ForgetAll();
                return Answer(context_, ids, std::move(reply));
              });
}

void OcpiEndpoints::AddAsync(std::string method, std::string_view pattern, OcpiAccess access,
                             OcpiAsyncHandler handler) {
  const bool changes_registration = ChangesRegistration(access, method);
  router_.AddAsync(
      std::move(method), pattern,
      [this, access, changes_registration, handler = std::move(handler)](http::HttpRequest http,
                                                                         http::HttpResponder responder) {
        ocpi::RequestIds ids;
        Result<OcpiRequest> request = Prepare(std::move(http), access, ids);
        if (!request) {
          responder.Respond(Answer(context_, ids, request.error()));
          return;
        }
        auto shared = std::make_shared<http::HttpResponder>(std::move(responder));
        handler(std::move(*request), [this, ids, shared, changes_registration](Result<OcpiReply> reply) {
          if (changes_registration) callers_.ForgetAll();
          shared->Respond(Answer(context_, ids, std::move(reply)));
        });
      });
}

}  // namespace openmsp::emsp
