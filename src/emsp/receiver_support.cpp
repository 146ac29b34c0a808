#include "emsp/receiver_support.h"

namespace openmsp::emsp {

Result<std::optional<domain::SessionCustomer>> FindCustomer(store::Repositories& db, domain::TenantId tenant_id,
                                                            std::string_view uid, domain::TokenType type) {
  Result<domain::Token> token = db.tokens().FindByUid(tenant_id, uid, type);
  if (!token) {
    if (token.error().code == ErrorCode::kNotFound) return std::optional<domain::SessionCustomer>();
    return token.error();
  }
  OPENMSP_ASSIGN_OR_RETURN(const domain::Profile profile, db.profiles().FindById(tenant_id, token->profile_id));
  return std::optional<domain::SessionCustomer>(domain::SessionCustomer{
      .token_id = token->id, .profile_id = profile.id, .organisation_unit_id = profile.organisation_unit_id});
}

}  // namespace openmsp::emsp
