#include "core/business_date.h"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

namespace tally {
namespace {

std::optional<int> digits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::chrono::year_month_day ymd_of(std::int32_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

}  // namespace

std::optional<BusinessDate> BusinessDate::from_ymd(int year, int month, int day) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return BusinessDate(static_cast<std::int32_t>(days));
}

std::optional<BusinessDate> BusinessDate::parse_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto y = digits(t.substr(0, 4)), m = digits(t.substr(5, 2)), d = digits(t.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y, *m, *d);
}

std::optional<BusinessDate> BusinessDate::parse_yyyymmdd(std::string_view t) {
  if (t.size() != 8) return std::nullopt;
  auto y = digits(t.substr(0, 4)), m = digits(t.substr(4, 2)), d = digits(t.substr(6, 2));
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y, *m, *d);
}

std::optional<BusinessDate> BusinessDate::parse_yymmdd(std::string_view t) {
  if (t.size() != 6) return std::nullopt;
  auto y = digits(t.substr(0, 2)), m = digits(t.substr(2, 2)), d = digits(t.substr(4, 2));
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y < 70 ? 2000 + *y : 1900 + *y, *m, *d);
}

std::optional<BusinessDate> BusinessDate::parse_mmddyy(std::string_view t) {
  if (t.size() != 6) return std::nullopt;
  auto m = digits(t.substr(0, 2)), d = digits(t.substr(2, 2)), y = digits(t.substr(4, 2));
  if (!y || !m || !d) return std::nullopt;
  return from_ymd(*y < 70 ? 2000 + *y : 1900 + *y, *m, *d);
}

BusinessDate BusinessDate::today_utc() {
  if (const char* set = std::getenv("TALLY_TODAY"); set != nullptr)
    if (auto date = parse_iso(set)) return *date;
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return BusinessDate(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

int BusinessDate::year() const { return static_cast<int>(ymd_of(days_).year()); }
int BusinessDate::month() const { return static_cast<int>(static_cast<unsigned>(ymd_of(days_).month())); }
int BusinessDate::day() const { return static_cast<int>(static_cast<unsigned>(ymd_of(days_).day())); }

std::string BusinessDate::to_iso() const {
  return fmt::format("{:04}-{:02}-{:02}", year(), month(), day());
}

BusinessDate BusinessDate::plus_months(int n) const {
  using namespace std::chrono;
  const year_month_day ymd = ymd_of(days_);
  const year_month target = year_month{ymd.year(), ymd.month()} + months{n};
  const auto last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  const std::chrono::day d = ymd.day() > last ? last : ymd.day();
  return BusinessDate(static_cast<std::int32_t>(
      sys_days{year_month_day{target.year(), target.month(), d}}.time_since_epoch().count()));
}

int BusinessDate::weekday() const {
  return static_cast<int>(
      std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days_}}}.c_encoding());
}

}  // namespace tally
