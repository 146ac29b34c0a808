#pragma once

// For the tests of src/emsp: a migrated database (SQLite unless given another) with a tenant (`demo`,
// party NL-DEM), one peer (a CPO, party NL-CPO) invited and registered, and the OCPI endpoint frame on a
// router. Requests go through `Send` (the router, without sockets) with the peer's token C, as a CPO would
// send them.

#include <boost/json/parse.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/base64.h"
#include "emsp/ocpi_endpoints.h"
#include "store/migrations.h"
#include "support/temp_directory.h"

namespace openmsp::emsp::testing {

/// A deterministic `RandomSource`: 0, 1, 2, … byte after byte.
class CountingRandom final : public ocpi::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override {
    for (std::uint8_t& byte : bytes) byte = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

class OcpiTestWorld {
 public:
  /// The world on a SQLite database of its own.
  OcpiTestWorld() : OcpiTestWorld(std::nullopt) {}

  /// The world on the database `url` names (e.g. a `store::PostgresBackend`'s), migrated here; on a
  /// SQLite database of its own when nullopt.
  explicit OcpiTestWorld(std::optional<store::DatabaseUrl> url)
      : url_(url ? std::move(*url)
                 : store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value()) {
    (void)store::OpenAndMigrate(url_).value();
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    tenant_ = db->tenants()
                  .Create(domain::NewTenant{.slug = "demo",
                                            .name = "Demo",
                                            .default_currency = Currency::Find("EUR").value(),
                                            .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    const domain::PeerWithToken invited = db->peers().Create(tenant_, domain::NewPeer{.name = "CPO"}).value();
    peer_ = invited.peer.id;
    token_a_ = invited.token;
    token_c_ =
        db->peers().Register(tenant_, peer_, domain::TokenDigest::Of(token_a_), Registration()).value().token;
  }

  /// What the peer registered with: token B `token-b`, versions at https://cpo.example, party NL-CPO.
  static domain::PeerRegistration Registration() {
    return domain::PeerRegistration{
        .token = "token-b",
        .token_base64 = true,
        .versions_url = "https://cpo.example/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {domain::PeerEndpoint{.module = "locations",
                                           .role = domain::InterfaceRole::kSender,
                                           .url = "https://cpo.example/ocpi/2.2.1/locations"},
                      domain::PeerEndpoint{.module = "tokens",
                                           .role = domain::InterfaceRole::kReceiver,
                                           .url = "https://cpo.example/ocpi/2.2.1/tokens"}},
        .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                   .party = PartyId::Parse("NL-CPO").value(),
                                   .business_name = "CPO"}}};
  }

  /// Another peer of the tenant, invited and registered as a CPO with `parties` (each its own role);
  /// returns its token C, for `Send`.
  std::string ConnectPeer(const std::string& name, const std::vector<std::string>& parties) {
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    const domain::PeerWithToken invited = db->peers().Create(tenant_, domain::NewPeer{.name = name}).value();
    domain::PeerRegistration registration = Registration();
    registration.token = "token-b-of-" + name;
    registration.roles.clear();
    for (const std::string& party : parties) {
      registration.roles.push_back(domain::PeerRole{
          .role = domain::OcpiRole::kCpo, .party = PartyId::Parse(party).value(), .business_name = name});
    }
    std::string token_c =
        db->peers().Register(tenant_, invited.peer.id, domain::TokenDigest::Of(invited.token), registration).value().token;
    endpoints_.ForgetCallers();
    return token_c;
  }

  /// Registers the peer again with `registration` (an OCPI credentials PUT: e.g. endpoints on a loopback
  /// server playing the CPO); its new token C replaces the old one in `Send`.
  void Reregister(const domain::PeerRegistration& registration) {
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    token_c_ = db->peers().Register(tenant_, peer_, domain::TokenDigest::Of(token_c_), registration).value().token;
    endpoints_.ForgetCallers();
  }

  /// Sets the peer's status straight in the database, as `openmsp peer suspend` does from another
  /// process, and forgets the remembered callers (as if their lifetime had passed).
  void SetPeerStatus(domain::PeerStatus status) {
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    (void)db->peers().SetStatus(tenant_, peer_, status).value();
    endpoints_.ForgetCallers();
  }

  /// `method path?query` with `body`, authorised with `token` (default: token C, Base64 as 2.2.1 wants).
  http::HttpResponse Send(std::string method, std::string path, std::string body = "",
                          std::optional<std::string> token = std::nullopt,
                          std::vector<http::HttpHeaderField> headers = {}) const {
    http::HttpRequest request;
    request.method = std::move(method);
    if (const std::size_t question = path.find('?'); question != std::string::npos) {
      request.query = path.substr(question + 1);
      path.resize(question);
    }
    request.path = std::move(path);
    request.body = std::move(body);
    request.headers.Set("Authorization", "Token " + EncodeBase64(token.value_or(token_c_)));
    if (!request.body.empty()) request.headers.Set("Content-Type", "application/json");
    for (http::HttpHeaderField& field : headers) request.headers.Set(field.name, field.value);
    return router_.Dispatch(std::move(request));
  }

  /// The response's body as a JSON object (the envelope).
  static boost::json::object Envelope(const http::HttpResponse& response) {
    return boost::json::parse(response.body).as_object();
  }

  ManualClock& clock() { return clock_; }
  store::RepositoryPool& pool() { return pool_; }
  const store::DatabaseUrl& url() const { return url_; }
  OcpiContext& context() { return context_; }
  http::Router& router() { return router_; }
  OcpiEndpoints& endpoints() { return endpoints_; }
  domain::TenantId tenant() const { return tenant_; }
  domain::PeerId peer() const { return peer_; }
  const std::string& token_a() const { return token_a_; }
  const std::string& token_c() const { return token_c_; }

 private:
  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  test::TempDirectory directory_{"openmsp_emsp"};
  store::DatabaseUrl url_;
  store::RepositoryPool pool_{url_, clock_, 4};
  CountingRandom random_;
  OcpiContext context_{
      .pool = pool_, .clock = clock_, .random = random_, .public_url = "http://127.0.0.1:8080"};
  http::Router router_;
  OcpiEndpoints endpoints_{router_, context_};
  domain::TenantId tenant_;
  domain::PeerId peer_;
  std::string token_a_;
  std::string token_c_;
};

}  // namespace openmsp::emsp::testing
