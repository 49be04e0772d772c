#include "ingest/autopay_dates.h"

#include <fmt/format.h>

#include "core/bank_calendar.h"
#include "ingest/errors.h"

namespace tally::ingest {

BusinessDate earliest_effective_date(BusinessDate made_on, int lead_banking_days) {
  // From a non-banking day the lead time counts from the next banking day.
  return bank_calendar::plus_banking_days(bank_calendar::plus_banking_days(made_on, 0), lead_banking_days);
}

Status check_effective_date(BusinessDate effective, BusinessDate made_on, int lead_banking_days) {
  const BusinessDate earliest = earliest_effective_date(made_on, lead_banking_days);
  if (!bank_calendar::is_banking_day(effective)) {
    const char* why = bank_calendar::is_fed_holiday(effective) ? "a Federal Reserve holiday" : "a weekend day";
    const BusinessDate next = bank_calendar::plus_banking_days(effective, 0);
    return ingest_error(IngestErrc::bad_input,
                        fmt::format("effective date {} is {}, not a banking day; the next banking day is {}",
                                    effective.to_iso(), why, std::max(next, earliest).to_iso()));
  }
  if (effective < earliest)
    return ingest_error(IngestErrc::bad_input,
                        fmt::format("effective date {} is too soon: a file made on {} takes effect {} banking "
                                    "day(s) later at the earliest, on {}",
                                    effective.to_iso(), made_on.to_iso(), lead_banking_days, earliest.to_iso()));
  return ok_status();
}

}  // namespace tally::ingest
