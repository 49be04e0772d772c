#include "formats/bai2/field_values.h"

#include "core/money.h"

namespace tally::formats::bai2 {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int two_digits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

}  // namespace

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace detail {

NumberStatus long_digits(std::string_view digits, std::int64_t& value) {
  for (char c : digits)
    if (!is_digit(c)) return NumberStatus::kBad;
  const auto parsed = parse_implied_minor(digits);
  if (!parsed) return NumberStatus::kOverflow;
  value = *parsed;
  return NumberStatus::kOk;
}

}  // namespace detail

std::optional<TimeOfDay> parse_time(std::string_view field) {
  field = trim_field(field);
  if (field == "9999") return TimeOfDay{TimeOfDay::kEndOfDay};
  // Accepted shapes, written as patterns: 'd' a digit, ':' itself.
  std::string_view shape;
  switch (field.size()) {
    case 4:
      shape = "dddd";
      break;
    case 6:
      shape = "dddddd";
      break;
    case 5:
      shape = "dd:dd";
      break;
    case 8:
      shape = "dd:dd:dd";
      break;
    default:
      return std::nullopt;
  }
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (shape[i] == 'd' ? !is_digit(field[i]) : field[i] != ':') return std::nullopt;
  }
  const bool colons = field.size() == 5 || field.size() == 8;
  const int hh = two_digits(field, 0);
  const int mm = two_digits(field, colons ? 3 : 2);
  const int ss = field.size() >= 6 ? two_digits(field, colons ? 6 : 4) : 0;
  if (hh == 24 && mm == 0 && ss == 0) return TimeOfDay{TimeOfDay::kEndOfDay};
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return TimeOfDay{hh * 3600 + mm * 60 + ss};
}

}  // namespace tally::formats::bai2
