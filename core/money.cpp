#include "core/money.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace tally {

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
  return out;
}
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<std::int64_t> parse_implied_minor(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    auto times_ten = checked_mul(value, 10);
    if (!times_ten) return std::nullopt;
    auto next = checked_add(*times_ten, c - '0');
    if (!next) return std::nullopt;
    value = *next;
  }
  return value;
}

namespace {

Error bad(std::string_view text, std::string_view why) {
  return core_error(CoreErrc::bad_amount, fmt::format("'{}' is not an amount: {}", text, why));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Checks ',' grouping in the integer part: first group 1-3 digits, then groups of exactly 3.
bool valid_grouping(std::string_view integer_part) {
  if (integer_part.find(',') == std::string_view::npos) return true;
  std::size_t group = 0;
  bool first = true;
  for (char c : integer_part) {
    if (c == ',') {
      if (group == 0 || (first && group > 3) || (!first && group != 3)) return false;
      first = false;
      group = 0;
    } else {
      ++group;
    }
  }
  return group == 3;
}

}  // namespace

Result<Money> Money::parse(std::string_view text, Currency currency) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return bad(text, "empty");

  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  } else if (s.back() == '-') {  // "123.45-": trailing sign, as some bank reports print
    negative = true;
    s.remove_suffix(1);
  }
  if (s.empty()) return bad(text, "no digits");

  const std::size_t dot = s.find('.');
  std::string_view integer_part = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (dot != std::string_view::npos && fraction.find('.') != std::string_view::npos)
    return bad(text, "more than one decimal point");
  if (integer_part.empty() && fraction.empty()) return bad(text, "no digits");
  if (!valid_grouping(integer_part)) return bad(text, "thousands groups must have three digits");
  for (char c : integer_part)
    if (!is_digit(c) && c != ',') return bad(text, fmt::format("unexpected character '{}'", c));
  for (char c : fraction)
    if (!is_digit(c)) return bad(text, fmt::format("unexpected character '{}'", c));

  const int precision = currency.minor_digits();
  std::int64_t value = 0;
  auto push_digit = [&](char c) -> bool {
    auto times_ten = checked_mul(value, 10);
    if (!times_ten) return false;
    auto next = checked_add(*times_ten, c - '0');
    if (!next) return false;
    value = *next;
    return true;
  };
  auto overflow = [&] {
    return core_error(CoreErrc::amount_overflow,
                      fmt::format("'{}' does not fit in 64-bit minor units", text));
  };
  for (char c : integer_part)
    if (c != ',' && !push_digit(c)) return overflow();
  for (std::size_t i = 0; i < static_cast<std::size_t>(precision); ++i)
    if (!push_digit(i < fraction.size() ? fraction[i] : '0')) return overflow();
  for (std::size_t i = static_cast<std::size_t>(precision); i < fraction.size(); ++i) {
    if (fraction[i] != '0')
      return core_error(CoreErrc::excess_precision,
                        fmt::format("'{}' has more than {} decimals for {}; refusing to round",
                                    text, precision, currency.code()));
  }
  return Money(negative ? -value : value, currency);
}

std::string Money::to_string() const {
  const int digits = currency_.minor_digits();
  // Work in unsigned so INT64_MIN has a magnitude.
  const bool negative = minor_ < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(minor_) : static_cast<std::uint64_t>(minor_);
  if (digits == 0) return fmt::format("{}{}", negative ? "-" : "", magnitude);
  const auto scale = static_cast<std::uint64_t>(currency_.minor_per_major());
  return fmt::format("{}{}.{:0{}}", negative ? "-" : "", magnitude / scale, magnitude % scale,
                     digits);
}

std::string Money::to_display() const {
  std::string plain = to_string();
  const std::size_t start = plain.front() == '-' ? 1 : 0;
  std::size_t end = plain.find('.');
  if (end == std::string::npos) end = plain.size();
  for (std::size_t pos = end; pos > start + 3; pos -= 3) plain.insert(pos - 3, 1, ',');
  return plain;
}

Result<Money> Money::plus(const Money& other) const {
  if (!(currency_ == other.currency_))
    return core_error(CoreErrc::currency_mismatch,
                      fmt::format("cannot add {} to {}", other.currency_.code(), currency_.code()));
  auto sum = checked_add(minor_, other.minor_);
  if (!sum) return core_error(CoreErrc::amount_overflow, "sum overflows 64-bit minor units");
  return Money(*sum, currency_);
}

Result<Money> Money::minus(const Money& other) const {
  TALLY_TRY(Money negative, other.negated());
  return plus(negative);
}

Result<Money> Money::negated() const {
  auto out = checked_sub(0, minor_);
  if (!out) return core_error(CoreErrc::amount_overflow, "negation overflows");
  return Money(*out, currency_);
}

}  // namespace tally
