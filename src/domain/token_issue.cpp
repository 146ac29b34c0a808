#include "domain/token_issue.h"

#include <utility>

namespace openmsp::domain {

Result<EmaId> IssuedContractId(const PartyId& party, std::int64_t number) {
  if (number < 1 || number > kMaxContractNumber) {
    return Error{ErrorCode::kOutOfRange, "contract_id",
                 "contract number " + std::to_string(number) + " is outside 1 to 99999999"};
  }
  std::string digits = std::to_string(number);
  digits.insert(0, 8 - digits.size(), '0');
  Result<EmaId> id = EmaId::Complete(std::string(party.country_code()) + "-" + std::string(party.party_id()) +
                                     "-C" + digits);
  if (!id) return InvalidArgument("party", party.ToString() + " cannot issue EMA-IDs: " + id.error().message);
  return id;
}

NewToken WithContractId(const TokenToIssue& token, EmaId contract_id) {
  return NewToken{.profile_id = token.profile_id,
                  .uid = token.uid,
                  .type = token.type,
                  .contract_id = std::move(contract_id),
                  .visual_number = token.visual_number,
                  .issuer = token.issuer,
                  .group_id = token.group_id,
                  .whitelist = token.whitelist,
                  .language = token.language,
                  .valid_from = token.valid_from,
                  .valid_until = token.valid_until,
                  .cost_centre = token.cost_centre};
}

}  // namespace openmsp::domain
