#include "core/bank_calendar.h"

#include <catch2/catch.hpp>

using tally::BusinessDate;
namespace cal = tally::bank_calendar;

namespace {
BusinessDate d(int y, int m, int day) { return *BusinessDate::from_ymd(y, m, day); }
}  // namespace

TEST_CASE("the Federal Reserve's holidays of 2026 are not banking days", "[core][calendar]") {
  CHECK(cal::is_fed_holiday(d(2026, 1, 1)));
  CHECK(cal::is_fed_holiday(d(2026, 1, 19)));   // MLK: third Monday
  CHECK(cal::is_fed_holiday(d(2026, 2, 16)));   // Washington's Birthday
  CHECK(cal::is_fed_holiday(d(2026, 5, 25)));   // Memorial Day: last Monday
  CHECK(cal::is_fed_holiday(d(2026, 6, 19)));   // Juneteenth, a Friday
  CHECK(cal::is_fed_holiday(d(2026, 9, 7)));    // Labor Day
  CHECK(cal::is_fed_holiday(d(2026, 10, 12)));  // Columbus Day
  CHECK(cal::is_fed_holiday(d(2026, 11, 11)));  // Veterans Day, a Wednesday
  CHECK(cal::is_fed_holiday(d(2026, 11, 26)));  // Thanksgiving: fourth Thursday
  CHECK(cal::is_fed_holiday(d(2026, 12, 25)));
  // July 4th 2026 is a Saturday: the Fed does not move it, so Friday the 3rd is a banking day.
  CHECK_FALSE(cal::is_fed_holiday(d(2026, 7, 3)));
  CHECK(cal::is_banking_day(d(2026, 7, 3)));
  CHECK_FALSE(cal::is_banking_day(d(2026, 7, 4)));
  // Juneteenth before 2022 was not a holiday.
  CHECK_FALSE(cal::is_fed_holiday(d(2021, 6, 18)));
}

TEST_CASE("a holiday on a Sunday is observed on the Monday after", "[core][calendar]") {
  // Christmas 2022 and New Year 2023 fell on Sundays.
  CHECK(cal::is_fed_holiday(d(2022, 12, 26)));
  CHECK(cal::is_fed_holiday(d(2023, 1, 2)));
  CHECK_FALSE(cal::is_banking_day(d(2023, 1, 2)));
  CHECK(cal::is_banking_day(d(2023, 1, 3)));
}

TEST_CASE("banking days are counted across weekends and holidays", "[core][calendar]") {
  CHECK(cal::banking_days_between(d(2026, 12, 4), d(2026, 12, 7)) == 1);   // Fri -> Mon
  CHECK(cal::banking_days_between(d(2026, 12, 7), d(2026, 12, 4)) == -1);
  CHECK(cal::banking_days_between(d(2026, 12, 5), d(2026, 12, 7)) == 0);   // Sat rolls to Mon
  CHECK(cal::banking_days_between(d(2026, 11, 25), d(2026, 11, 27)) == 1); // over Thanksgiving
  CHECK(cal::banking_days_between(d(2026, 12, 1), d(2026, 12, 31)) == 21); // December, Christmas off
  CHECK(cal::plus_banking_days(d(2026, 12, 24), 1) == d(2026, 12, 28));
  CHECK(cal::plus_banking_days(d(2026, 12, 28), -1) == d(2026, 12, 24));
  CHECK(cal::plus_banking_days(d(2026, 12, 26), 0) == d(2026, 12, 28));
}
