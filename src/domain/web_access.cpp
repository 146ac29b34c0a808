#include "domain/web_access.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {

Result<void> ValidateApiKeyName(std::string_view name) {
  if (name.empty()) return InvalidArgument("name", "must not be empty");
  if (Result<void> valid = ValidateOcpiString(name, kMaxApiKeyNameBytes); !valid) {
    return valid.error().Nested("name");
  }
  return Ok();
}

std::string_view LoginFailureSubjectName(LoginFailureSubject subject) {
  return subject == LoginFailureSubject::kEmail ? "email" : "client_address";
}

}  // namespace openmsp::domain
