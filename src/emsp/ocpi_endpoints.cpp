#include "emsp/ocpi_endpoints.h"

#include <exception>
#include <memory>
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

// Everything before the handler: ids, the caller and the routing headers. On failure, the answer to send.
Result<OcpiRequest> Prepare(http::HttpRequest request, OcpiAccess access, OcpiContext& context,
                            ocpi::RequestIds& ids) {
  OPENMSP_ASSIGN_OR_RETURN(ids, ocpi::RequestIdsToEcho(request.headers, context.random));
  OPENMSP_ASSIGN_OR_RETURN(OcpiCaller caller, Authenticate(request, access, context.pool));
  OPENMSP_ASSIGN_OR_RETURN(ocpi::Routing routing, ocpi::ParseRouting(request.headers));
  return OcpiRequest{.http = std::move(request), .caller = std::move(caller), .ids = ids, .routing = routing};
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
    return OcpiCaller{.tenant_id = found->tenant_id,
                      .peer_id = found->peer_id,
                      .status = found->status,
                      .token_digest = std::move(digest)};
  }
  return Unauthenticated("the token is unknown");
}

void OcpiEndpoints::Add(std::string method, std::string_view pattern, OcpiAccess access,
                        OcpiHandler handler) {
  router_.Add(std::move(method), pattern,
              [this, access, handler = std::move(handler)](const http::HttpRequest& http) {
                ocpi::RequestIds ids;
                Result<OcpiRequest> request = Prepare(http, access, context_, ids);
                if (!request) return Answer(context_, ids, request.error());
                return Answer(context_, ids, handler(*request));
              });
}

void OcpiEndpoints::AddAsync(std::string method, std::string_view pattern, OcpiAccess access,
                             OcpiAsyncHandler handler) {
  router_.AddAsync(
      std::move(method), pattern,
      [this, access, handler = std::move(handler)](http::HttpRequest http, http::HttpResponder responder) {
        ocpi::RequestIds ids;
        Result<OcpiRequest> request = Prepare(std::move(http), access, context_, ids);
        if (!request) {
          responder.Respond(Answer(context_, ids, request.error()));
          return;
        }
        auto shared = std::make_shared<http::HttpResponder>(std::move(responder));
        handler(std::move(*request), [this, ids, shared](Result<OcpiReply> reply) {
          shared->Respond(Answer(context_, ids, std::move(reply)));
        });
      });
}

}  // namespace openmsp::emsp
