// The composite Funds Type field of 03 and 16 records, read through the lexer.
#include <algorithm>

#include <fmt/format.h>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

// Funds Type: Z, 0, 1, 2 stand alone; S takes three amounts, V a date and an optional time,
// D a count and that many (days, amount) pairs. None of these amounts is in a control total.
bool Parser::funds(std::string_view field, Availability& out) {
  out = Availability{};
  const std::string_view f = trim_field(field);
  if (f.empty()) return true;
  out.defaulted = false;
  if (f.size() != 1) {
    error("funds_type", "bad_funds_type", fmt::format("'{}' is not a funds type", f));
    return false;
  }
  std::string_view date, time;
  switch (f[0]) {
    case 'Z':
    case '0':
    case '1':
    case '2':
      out.type = static_cast<FundsType>(f[0]);
      return true;
    case 'S':
      return distributed(out);
    case 'V':
      next(date);
      next(time);
      return value_dated(date, time, out);
    case 'D':
      return distributed_days(out);
    default:
      error("funds_type", "bad_funds_type",
            fmt::format("'{}' is not a funds type (0, 1, 2, S, V, D, Z)", f));
      return false;
  }
}

// S: immediate, one-day and two-or-more-days amounts; an empty one is zero.
bool Parser::distributed(Availability& out) {
  out.type = FundsType::kDistributed;
  std::string_view a, b, c;
  std::optional<std::int64_t> v;
  next(a);
  next(b);
  next(c);
  if (!amount_field(a, true, "funds_type", v)) return false;
  out.immediate_minor = v.value_or(0);
  if (!amount_field(b, true, "funds_type", v)) return false;
  out.one_day_minor = v.value_or(0);
  if (!amount_field(c, true, "funds_type", v)) return false;
  out.two_or_more_days_minor = v.value_or(0);
  return true;
}

// D: a count, then that many (days, amount) pairs. The pairs go into distributions_, which
// was reserved at kMaxDistributions: the count is checked against what is left of it so the
// spans already handed out for this record stay valid.
bool Parser::distributed_days(Availability& out) {
  out.type = FundsType::kDistributedDays;
  std::string_view a, b, c;
  std::optional<std::int64_t> count, v;
  next(a);
  if (!count_field(a, "funds_type", true, count)) return false;
  const std::size_t first = distributions_.size();
  if (*count > static_cast<std::int64_t>(kMaxDistributions - first)) {
    error("funds_type", "too_many_fields",
          fmt::format("{} availability distributions; the limit per record is {}", *count,
                      kMaxDistributions));
    return false;
  }
  for (std::int64_t i = 0; i < *count; ++i) {
    Distribution d;
    std::optional<std::int64_t> days;
    next(b);
    next(c);
    if (!count_field(b, "funds_type", true, days)) return false;
    if (!amount_field(c, true, "funds_type", v)) return false;
    if (!v) {
      error("funds_type", "missing_field", "availability distribution without its amount");
      return false;
    }
    d.days = *days;
    d.amount_minor = *v;
    distributions_.push_back(d);
  }
  out.distributions = std::span<const Distribution>(distributions_.data() + first,
                                                    static_cast<std::size_t>(*count));
  return true;
}

// V: a value date (YYMMDD, required) and a value time (optional).
bool Parser::value_dated(std::string_view date, std::string_view time, Availability& out) {
  out.type = FundsType::kValueDated;
  out.value_date = value_date(date);
  if (!out.value_date) {
    error("value_date", "bad_date", fmt::format("value date '{}' is not YYMMDD", date));
    return false;
  }
  if (!trim_field(time).empty()) {
    out.value_time = parse_time(time);
    if (!out.value_time) {
      error("value_time", "bad_time", fmt::format("value time '{}' is not a time", time));
      return false;
    }
  }
  return true;
}

// Value dates of one file are mostly the same few days: remember the last one parsed.
std::optional<BusinessDate> Parser::value_date(std::string_view field) {
  field = trim_field(field);
  if (field.size() == last_date_text_.size() &&
      std::equal(field.begin(), field.end(), last_date_text_.begin()))
    return last_date_;
  last_date_ = BusinessDate::parse_yymmdd(field);
  if (field.size() == last_date_text_.size()) {
    std::copy(field.begin(), field.end(), last_date_text_.begin());
  } else {
    last_date_text_.fill(' ');  // never equal to a trimmed six-character field
  }
  return last_date_;
}

}  // namespace tally::formats::bai2
