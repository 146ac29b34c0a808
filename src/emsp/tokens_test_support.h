#pragma once

// For the tests of the tokens module and the token push: a driver of the OcpiTestWorld's tenant and the
// tokens it carries, created through the real repositories.

#include <string>

#include "core/ids/emaid.h"
#include "domain/token.h"
#include "emsp/ocpi_test_world.h"

namespace openmsp::emsp::testing {

/// A driver profile in a new root unit of the world's tenant, to hang tokens on.
inline domain::ProfileId AddDriver(OcpiTestWorld& world) {
  store::RepositoryPool::Lease db = world.pool().Borrow().value();
  const domain::OrganisationUnit root =
      db->organisation_units()
          .Create(world.tenant(),
                  domain::NewOrganisationUnit{.parent_id = std::nullopt, .name = "Demo", .billing = {}})
          .value();
  return db->profiles()
      .Create(world.tenant(), domain::NewProfile{.organisation_unit_id = root.id,
                                                 .name = "Ada",
                                                 .kind = domain::ProfileKind::kDriver,
                                                 .email = "",
                                                 .prices_hidden = false})
      .value()
      .id;
}

/// A card (RFID unless `type` says otherwise) of the tenant's party NL-DEM, created `pending`.
inline domain::NewToken DemoCard(domain::ProfileId profile, std::string uid,
                                 domain::TokenType type = domain::TokenType::kRfid) {
  return domain::NewToken{.profile_id = profile,
                          .uid = std::move(uid),
                          .type = type,
                          .contract_id = EmaId::Parse("NL-DEM-C00122045").value(),
                          .visual_number = "",
                          .issuer = "Demo MSP",
                          .group_id = "",
                          .whitelist = domain::TokenWhitelist::kAllowed,
                          .language = "",
                          .valid_from = std::nullopt,
                          .valid_until = std::nullopt,
                          .cost_centre = ""};
}

/// Creates `card` in the world's tenant and moves it to `status` (`pending` stays as created; `lost`,
/// `blocked` and `expired` go through `active`).
inline domain::Token AddToken(OcpiTestWorld& world, const domain::NewToken& card,
                              domain::TokenStatus status = domain::TokenStatus::kActive) {
  store::RepositoryPool::Lease db = world.pool().Borrow().value();
  domain::Token token = db->tokens().Create(world.tenant(), card).value();
  if (status == domain::TokenStatus::kPending) return token;
  token = db->tokens().SetStatus(world.tenant(), token.id, domain::TokenStatus::kActive).value();
  if (status == domain::TokenStatus::kActive) return token;
  return db->tokens().SetStatus(world.tenant(), token.id, status).value();
}

}  // namespace openmsp::emsp::testing
