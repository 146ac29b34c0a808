#pragma once

#include <string>

#include "domain/msp_cdr.h"
#include "rating/rating.h"

namespace openmsp::rating {

/// The explanation of `cdr` a person reads (domain.md §3 step 6: "anyone allowed to see it can see why it
/// costs what it costs"): the customer and place it was rated for, the plan version, each line with its
/// arithmetic (measured, grace and free units, steps, quantity × unit price) and the rule that produced
/// it with that rule's conditions, the session bounds, VAT, the CPO's cost and the margin. Names come from
/// `book`; ids stand in for names it lacks. English, one fact per line; `Rate` stores it with the MSP CDR.
std::string Explain(const domain::NewMspCdr& cdr, const TenantBook& book);

}  // namespace openmsp::rating
