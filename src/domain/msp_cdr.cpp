#include "domain/msp_cdr.h"

#include "core/enum_names.h"

namespace openmsp::domain {

namespace {

constexpr EnumNames<AttentionReason, 13> kReasonNames = {{
    {AttentionReason::kUnreadableCdr, "UNREADABLE_CDR"},
    {AttentionReason::kUnknownToken, "UNKNOWN_TOKEN"},
    {AttentionReason::kUnknownTimeZone, "UNKNOWN_TIME_ZONE"},
    {AttentionReason::kNoPlanVersion, "NO_PLAN_VERSION"},
    {AttentionReason::kNoMatchingRule, "NO_MATCHING_RULE"},
    {AttentionReason::kNoExchangeRate, "NO_EXCHANGE_RATE"},
    {AttentionReason::kNoVatRate, "NO_VAT_RATE"},
    {AttentionReason::kUnknownCreditReference, "UNKNOWN_CREDIT_REFERENCE"},
    {AttentionReason::kEndBeforeStart, "END_BEFORE_START"},
    {AttentionReason::kEnergyOutOfRange, "ENERGY_OUT_OF_RANGE"},
    {AttentionReason::kDurationTooLong, "DURATION_TOO_LONG"},
    {AttentionReason::kTotalsInconsistent, "TOTALS_INCONSISTENT"},
    {AttentionReason::kInFuture, "IN_FUTURE"},
}};

}  // namespace

std::string_view AttentionReasonName(AttentionReason reason) { return NameOf(kReasonNames, reason); }

Result<AttentionReason> ParseAttentionReason(std::string_view name) { return ValueOf(kReasonNames, name); }

}  // namespace openmsp::domain
