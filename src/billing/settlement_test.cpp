#include "billing/settlement.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace openmsp::billing {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

domain::CpoCdr Cdr(const char* cpo, const char* currency, const char* excl, std::optional<const char*> incl) {
  return domain::CpoCdr{.id = {},
                        .tenant_id = {},
                        .cpo = PartyId::Parse(cpo).value(),
                        .cdr_id = "CDR",
                        .body = "{}",
                        .body_sha256 = "",
                        .start_date_time = {},
                        .end_date_time = {},
                        .currency = Currency::Find(currency).value(),
                        .total_cost_excl_vat = Number(excl),
                        .total_cost_incl_vat = incl ? std::optional(Number(*incl)) : std::nullopt,
                        .total_energy = Number("10"),
                        .total_time = Number("1"),
                        .token_uid = "04A22B5A",
                        .token_type = domain::TokenType::kRfid,
                        .contract_id = "",
                        .location_id = "LOC1",
                        .evse_uid = "1",
                        .last_updated = {},
                        .organisation_unit_id = std::nullopt,
                        .received_at = {}};
}

TEST(Settle, SumsWhatTheMspOwesEachCpoPerCurrencyCreditsIncluded) {
  const std::vector<domain::CpoCdr> cdrs = {
      Cdr("NL-CPO", "EUR", "9.876", "11.95"),  Cdr("BE-BEC", "EUR", "4.10", "4.96"),
      Cdr("NL-CPO", "EUR", "12.50", "15.13"),  Cdr("NL-CPO", "EUR", "-9.876", "-11.95"),
      Cdr("CH-SWI", "CHF", "20.00", std::nullopt), Cdr("NL-CPO", "CHF", "1.00", "1.08"),
  };
  const std::vector<CpoSettlement> settled = Settle(cdrs);
  ASSERT_EQ(settled.size(), 4u);
  // BE-BEC < CH-SWI < NL-CPO; NL-CPO's CHF before its EUR.
  EXPECT_EQ(settled[0], (CpoSettlement{PartyId::Parse("BE-BEC").value(), Currency::Find("EUR").value(), 1, 0,
                                       Number("4.10"), Number("4.96")}));
  // CH-SWI stated no incl. VAT: no incl. sum.
  EXPECT_EQ(settled[1].total_excl_vat, Number("20.00"));
  EXPECT_FALSE(settled[1].total_incl_vat.has_value());
  EXPECT_EQ(settled[2].currency, Currency::Find("CHF").value());
  // NL-CPO in EUR: 9.876 + 12.50 − 9.876 = 12.50 excl.; 11.95 + 15.13 − 11.95 = 15.13 incl.; one credit.
  EXPECT_EQ(settled[3], (CpoSettlement{PartyId::Parse("NL-CPO").value(), Currency::Find("EUR").value(), 3, 1,
                                       Number("12.50"), Number("15.13")}));
  EXPECT_TRUE(Settle({}).empty());
}

}  // namespace
}  // namespace openmsp::billing
