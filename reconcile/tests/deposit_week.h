// A week of deposits on two channels for the range report's tests (reconcile and api): one
// deposit of each kind of standing, a day with nothing in the middle and one at the end.
//
//   Mon 2026-11-30  lockbox 4,512.33 and ach 12,000.00, both shown by the bank (matched)
//   Tue             nothing
//   Wed             lockbox 10.00 + 20.00 against one bank credit of 30.00 (proposed);
//                   ach 50.00 the bank has not shown (open)
//   Thu             ach 70.00, shown by the bank under the deposit's reference (matched)
//   Fri 2026-12-04  nothing; the reconciler runs that day
#pragma once

#include <vector>

#include "reconcile/tests/fixtures.h"

namespace tally::reconcile::testing {

inline const BusinessDate kWeekMonday = day(2026, 11, 30);
inline const BusinessDate kWeekFriday = day(2026, 12, 4);

inline std::vector<events::Envelope> deposit_week() {
  const BusinessDate mon = kWeekMonday, wed = mon.plus_days(2), thu = mon.plus_days(3);
  return {deposit_event("mon-lockbox", 451233, mon, "lockbox:0004417:2026-11-30"),
          deposit_event("mon-ach", 1200000, mon, "ach:1946000123:1:2026-11-30", events::ACH),
          bank_event("mon-line-lbx", 451233, mon, "LBX01", "0004417"),
          bank_event("mon-line-ach", 1200000, mon, "ACH01", "1946000123"),
          deposit_event("wed-lockbox-1", 1000, wed, "wed-a"),
          deposit_event("wed-lockbox-2", 2000, wed, "wed-b"),
          bank_event("wed-line", 3000, wed, "B1", ""),
          deposit_event("wed-ach", 5000, wed, "wed-ach-unseen", events::ACH),
          deposit_event("thu-ach", 7000, thu, "THU-ACH-7000", events::ACH),
          bank_event("thu-line", 7000, thu, "THU-ACH-7000", "")};
}

}  // namespace tally::reconcile::testing
