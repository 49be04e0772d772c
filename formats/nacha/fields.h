// Fixed-width field helpers for NACHA's 94-character records: 1-based positions as the
// Operating Rules (Appendix Three) number them, digit parsing without allocation, and the
// ABA routing-number check digit. Pure functions on string_views; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::formats::nacha {

inline constexpr std::size_t kRecordLength = 94;

// A field as the spec writes it: first position (1-based) and length.
struct Field {
  std::size_t start;
  std::size_t length;
  std::string_view name;  // the field as NACHA names it, snake_case: appears in issues
};

// The bytes of `f` in a record that is exactly kRecordLength long (RecordSource guarantees
// it; every Field lies within 94), so no bounds check on this hot path.
inline std::string_view at(std::string_view record, const Field& f) {
  return {record.data() + f.start - 1, f.length};
}

// Trailing spaces removed: alphanumeric fields are left-justified and space-filled.
inline std::string_view rtrim(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Leading and trailing spaces removed.
inline std::string_view strip(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return rtrim(s);
}

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// All ASCII digits and non-empty. No sign, no spaces: NACHA numeric fields are zero-filled.
inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  unsigned bad = 0;
  for (char c : s) bad |= static_cast<unsigned>(static_cast<unsigned char>(c - '0') > 9);
  return bad == 0;
}

// Value of an all-digit field of at most 18 digits (cannot overflow int64); nullopt if any
// byte is not a digit. Longer fields (the 20-digit ADV totals) go through parse_implied_minor.
inline std::optional<std::int64_t> digits_value(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  unsigned bad = 0;
  for (char c : s) {
    const auto d = static_cast<unsigned char>(c - '0');
    bad |= static_cast<unsigned>(d > 9);
    value = value * 10 + d;
  }
  if (bad) return std::nullopt;
  return value;
}

// Value of a field already known to be all digits (at most 18): no checks, for hot paths.
inline std::int64_t unchecked_digits(std::string_view s) {
  std::int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The check digit of 8 bytes already known to be digits (the hot path's version of
// routing_check_digit below).
inline int routing_check_digit_unchecked(const char* p) {
  const int sum = 3 * (p[0] - '0') + 7 * (p[1] - '0') + (p[2] - '0') + 3 * (p[3] - '0') +
                  7 * (p[4] - '0') + (p[5] - '0') + 3 * (p[6] - '0') + 7 * (p[7] - '0');
  return (10 - sum % 10) % 10;
}

// The ABA check digit of an 8-digit routing prefix: weights 3, 7, 1 repeating; the check
// digit brings the weighted sum up to a multiple of 10. -1 if `eight` is not 8 digits.
int routing_check_digit(std::string_view eight);

// True for a 9-digit routing number whose ninth digit is its check digit.
bool routing_number_valid(std::string_view nine);

// Every byte printable ASCII (0x20-0x7E)? Control bytes (NUL, tabs, stray CR) are never
// valid inside a record.
inline bool printable_ascii(std::string_view s) {
  unsigned bad = 0;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    bad |= static_cast<unsigned>(u < 0x20 || u > 0x7E);
  }
  return bad == 0;
}

// Bytes of the well-formed UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when there is
// none (a stray continuation byte, an overlong or out-of-range lead, a truncated sequence).
std::size_t utf8_sequence(std::string_view s, std::size_t i);
bool valid_utf8(std::string_view s);

// A text field as UTF-8: as it is when it already is (ASCII included), else read as Latin-1,
// one character per byte. Fields are given as received (lines.h, WideLine); what keeps them
// as UTF-8 text (an event's string) converts them with this.
std::string as_utf8(std::string_view text);

}  // namespace tally::formats::nacha
