#include "core/bank_calendar.h"

namespace tally::bank_calendar {
namespace {

constexpr int kSunday = 0, kMonday = 1, kThursday = 4, kSaturday = 6;

// The n-th (1-based) given weekday of a month; n = -1: the last.
BusinessDate nth_weekday(int year, int month, int weekday, int n) {
  if (n > 0) {
    const BusinessDate first = *BusinessDate::from_ymd(year, month, 1);
    const int offset = (weekday - first.weekday() + 7) % 7;
    return first.plus_days(offset + 7 * (n - 1));
  }
  const BusinessDate next_month =
      month == 12 ? *BusinessDate::from_ymd(year + 1, 1, 1) : *BusinessDate::from_ymd(year, month + 1, 1);
  const BusinessDate last = next_month.plus_days(-1);
  return last.plus_days(-((last.weekday() - weekday + 7) % 7));
}

// A fixed-date holiday falling on a Sunday is observed on Monday; on a Saturday, not at all.
bool fixed_holiday(BusinessDate date, int year, int month, int day) {
  const auto holiday = BusinessDate::from_ymd(year, month, day);
  if (!holiday) return false;
  if (holiday->weekday() == kSunday) return date == holiday->plus_days(1);
  return date == *holiday;
}

}  // namespace

bool is_fed_holiday(BusinessDate date) {
  const int y = date.year();
  if (fixed_holiday(date, y, 1, 1) || fixed_holiday(date, y, 7, 4) ||
      fixed_holiday(date, y, 11, 11) || fixed_holiday(date, y, 12, 25))
    return true;
  if (y >= 2022 && fixed_holiday(date, y, 6, 19)) return true;
  return date == nth_weekday(y, 1, kMonday, 3)      // Martin Luther King Jr.
         || date == nth_weekday(y, 2, kMonday, 3)   // Washington's Birthday
         || date == nth_weekday(y, 5, kMonday, -1)  // Memorial Day
         || date == nth_weekday(y, 9, kMonday, 1)   // Labor Day
         || date == nth_weekday(y, 10, kMonday, 2)  // Columbus Day
         || date == nth_weekday(y, 11, kThursday, 4);  // Thanksgiving
}

bool is_banking_day(BusinessDate date) {
  const int wd = date.weekday();
  return wd != kSunday && wd != kSaturday && !is_fed_holiday(date);
}

namespace {
BusinessDate roll_forward(BusinessDate date) {
  while (!is_banking_day(date)) date = date.plus_days(1);
  return date;
}
}  // namespace

std::int32_t banking_days_between(BusinessDate from, BusinessDate to) {
  BusinessDate a = roll_forward(from), b = roll_forward(to);
  const bool negative = b < a;
  if (negative) std::swap(a, b);
  std::int32_t n = 0;
  // Whole weeks first: five banking days a week less the holidays in them.
  while (b.days() - a.days() >= 7) {
    for (int i = 0; i < 7; ++i)
      if (is_banking_day(a.plus_days(i))) ++n;
    a = a.plus_days(7);
  }
  for (; a < b; a = a.plus_days(1))
    if (is_banking_day(a)) ++n;
  return negative ? -n : n;
}

BusinessDate plus_banking_days(BusinessDate date, std::int32_t n) {
  date = roll_forward(date);
  while (n > 0) {
    date = date.plus_days(1);
    if (is_banking_day(date)) --n;
  }
  while (n < 0) {
    date = date.plus_days(-1);
    if (is_banking_day(date)) ++n;
  }
  return date;
}

}  // namespace tally::bank_calendar
