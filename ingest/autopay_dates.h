// The effective entry date an autopay file may carry: a banking day (no weekend, no Federal
// Reserve holiday: core/bank_calendar.h), not in the past, and at least the ODFI's lead time
// (AutopaySettings::lead_banking_days) after the day the file is made.
//
// Pure; thread-safe.
#pragma once

#include "core/business_date.h"
#include "core/result.h"

namespace tally::ingest {

// bad_input naming the date, why it cannot be used, and the first date that can.
Status check_effective_date(BusinessDate effective, BusinessDate made_on, int lead_banking_days);

// The first effective date a file made on `made_on` may carry.
BusinessDate earliest_effective_date(BusinessDate made_on, int lead_banking_days);

}  // namespace tally::ingest
