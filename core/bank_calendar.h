// Banking days: Monday to Friday except the Federal Reserve's holidays, the days on which ACH
// settles and banks post deposits. Rules as the Federal Reserve publishes them: a holiday on
// a Sunday is observed on the Monday after; one on a Saturday is not moved (the Fed is open
// the Friday before). Juneteenth from 2022.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>

#include "core/business_date.h"

namespace tally::bank_calendar {

bool is_fed_holiday(BusinessDate date);
bool is_banking_day(BusinessDate date);

// Banking days from `from` to `to`: 0 on the same day, 1 from a Friday to the Monday after,
// negative when `to` is earlier. A non-banking day counts as the banking day after it.
std::int32_t banking_days_between(BusinessDate from, BusinessDate to);

// The banking day n banking days after `date` (n may be negative; n = 0 gives `date` itself
// when it is a banking day, else the next one).
BusinessDate plus_banking_days(BusinessDate date, std::int32_t n);

}  // namespace tally::bank_calendar
