#include "domain/hub_client.h"

#include "core/enum_names.h"

namespace openmsp::domain {
namespace {

constexpr EnumNames<HubClientStatus, 4> kStatusNames = {{{HubClientStatus::kConnected, "CONNECTED"},
                                                         {HubClientStatus::kOffline, "OFFLINE"},
                                                         {HubClientStatus::kPlanned, "PLANNED"},
                                                         {HubClientStatus::kSuspended, "SUSPENDED"}}};

}  // namespace

std::string_view HubClientStatusName(HubClientStatus status) { return NameOf(kStatusNames, status); }
Result<HubClientStatus> ParseHubClientStatus(std::string_view name) { return ValueOf(kStatusNames, name); }

}  // namespace openmsp::domain
