// BusinessDate: a calendar day (no time, no zone), as banks and bills speak of dates.
// Stored as days since 1970-01-01 so it sorts and subtracts as an integer.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

class BusinessDate {
 public:
  constexpr BusinessDate() = default;
  static constexpr BusinessDate from_days(std::int32_t days) { return BusinessDate(days); }
  // Valid Gregorian dates only (month 1-12, day within the month, leap years).
  static std::optional<BusinessDate> from_ymd(int year, int month, int day);
  static std::optional<BusinessDate> parse_iso(std::string_view text);   // "2026-11-22"
  static std::optional<BusinessDate> parse_yyyymmdd(std::string_view text);  // "20261122"
  // Two-digit years, as NACHA, BAI2 and lockbox write them: YY < 70 is 20YY, else 19YY.
  static std::optional<BusinessDate> parse_yymmdd(std::string_view text);
  static std::optional<BusinessDate> parse_mmddyy(std::string_view text);
  // Today's date in UTC; or, when the environment sets TALLY_TODAY=YYYY-MM-DD, that date, so
  // a rehearsal (or a test) can run a later business day's work, such as posting the autopay
  // debits that settle on it. A TALLY_TODAY that is not a date is ignored.
  static BusinessDate today_utc();

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  std::string to_iso() const;  // "2026-11-22"
  BusinessDate plus_days(std::int32_t n) const { return BusinessDate(days_ + n); }
  // Same day n months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
  BusinessDate plus_months(int n) const;
  int weekday() const;  // 0 = Sunday ... 6 = Saturday

  constexpr auto operator<=>(const BusinessDate&) const = default;

 private:
  constexpr explicit BusinessDate(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

}  // namespace tally
