// BAI2 field values (internal): amounts, integers, dates and times as the specification
// writes them. Pure functions on one field's text; the parser decides which are required.
// The number readers are inline: every 16 record goes through them.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "formats/bai2/bai2.h"

namespace tally::formats::bai2 {

enum class NumberStatus { kEmpty, kOk, kBad, kOverflow };

struct NumberValue {
  NumberStatus status = NumberStatus::kEmpty;
  std::int64_t value = 0;
  bool negative = false;  // a '-' sign was written (the caller checks it is allowed there)
};

// Blanks at either end, the rare case of trim_field(): out of line, so the hot loops that
// trim every field stay small.
std::string_view trim_blanks(std::string_view s);

inline std::string_view trim_field(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (s.empty() || (!blank(s.front()) && !blank(s.back()))) [[likely]] return s;  // the usual
  return trim_blanks(s);
}

namespace detail {

// Eight ASCII digits as a number, x loaded from memory (the first byte is the most
// significant digit); false if any byte is not a digit. Byte-parallel: subtracting '0'
// borrows, adding 0x46 carries into the high bit of a byte for anything outside '0'..'9'.
inline bool eight_digits_word(std::uint64_t x, std::uint64_t& out) {
  const std::uint64_t sub = x - 0x3030303030303030ULL;
  const std::uint64_t add = x + 0x4646464646464646ULL;
  if (((sub | add) & 0x8080808080808080ULL) != 0) return false;
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  x = __builtin_bswap64(sub);
#else
  x = sub;
#endif
  x = x * 10 + (x >> 8);  // adjacent pairs
  x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  out = x;
  return true;
}

inline bool eight_digits(const char* p, std::uint64_t& out) {
  std::uint64_t x = 0;
  std::memcpy(&x, p, sizeof x);
  return eight_digits_word(x, out);
}

// Up to 18 digits cannot overflow int64, so they need no per-digit overflow checks.
inline constexpr std::size_t kSafeDigits = 18;

NumberStatus long_digits(std::string_view digits, std::int64_t& value);  // > kSafeDigits

// Results go through out-parameters: returning a small struct made GCC spill and reload it
// with mismatched widths (a store-forwarding stall on every amount).
inline NumberStatus digits_into(std::string_view digits, std::int64_t& value) {
  if (digits.empty()) return NumberStatus::kBad;
  if (digits.size() > kSafeDigits) return long_digits(digits, value);
  std::uint64_t v = 0;
  std::size_t i = 0;
  for (std::uint64_t eight = 0; i + 8 <= digits.size(); i += 8) {
    if (!eight_digits(digits.data() + i, eight)) return NumberStatus::kBad;
    v = v * 100000000ULL + eight;
  }
  for (; i < digits.size(); ++i) {
    const char c = digits[i];
    if (c < '0' || c > '9') return NumberStatus::kBad;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  value = static_cast<std::int64_t>(v);
  return NumberStatus::kOk;
}

}  // namespace detail

// Optional '+' or '-', then ASCII digits (implied decimals: the digits are the minor units).
// Surrounding blanks are ignored; an empty field is kEmpty. `negative`: a '-' was written
// (the caller checks it is allowed there).
inline NumberStatus read_signed(std::string_view field, std::int64_t& value, bool& negative) {
  field = trim_field(field);
  negative = false;
  if (field.empty()) return NumberStatus::kEmpty;
  if (field.front() == '+' || field.front() == '-') {
    negative = field.front() == '-';
    field.remove_prefix(1);
  }
  const NumberStatus status = detail::digits_into(field, value);
  if (negative && status == NumberStatus::kOk) value = -value;  // |value| <= INT64_MAX
  return status;
}

// ASCII digits only (item counts, record counts, number of distributions, ...).
inline NumberStatus read_unsigned(std::string_view field, std::int64_t& value) {
  field = trim_field(field);
  if (field.empty()) return NumberStatus::kEmpty;
  return detail::digits_into(field, value);
}

inline NumberValue parse_signed(std::string_view field) {
  NumberValue v;
  v.status = read_signed(field, v.value, v.negative);
  return v;
}

inline NumberValue parse_unsigned(std::string_view field) {
  NumberValue v;
  v.status = read_unsigned(field, v.value);
  return v;
}

// Exactly three digits inside a range of the specification.
inline bool read_type_code(std::string_view field, TypeCodeInfo& out) {
  field = trim_field(field);
  if (field.size() != 3) return false;
  const int a = field[0] - '0';
  const int b = field[1] - '0';
  const int c = field[2] - '0';
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return false;
  return classify_type_code(a * 100 + b * 10 + c, out);
}

// The same, as a pointer to the table entry (null: not a valid type code).
inline const TypeCodeInfo* find_type_code(std::string_view field) {
  if (field.size() != 3) field = trim_field(field);  // three bytes: no blank to trim, or bad
  if (field.size() != 3) return nullptr;
  const int a = field[0] - '0';
  const int b = field[1] - '0';
  const int c = field[2] - '0';
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return nullptr;
  return find_type_code(a * 100 + b * 10 + c);
}

inline std::optional<TypeCodeInfo> parse_type_code(std::string_view field) {
  TypeCodeInfo info;
  if (!read_type_code(field, info)) return std::nullopt;
  return info;
}

// Card numbers (pan.h) are 13-19 digits in one chain of digit groups joined by single
// blanks or dashes. These helpers decide cheaply whether a text could hold one, so the exact
// scan (mask_pans) runs only on the rare text that might: a necessary condition, never a
// sufficient one.
__extension__ typedef unsigned __int128 Bits128;  // one bit per byte of a text

// Digit and separator bits -> is there a chain with room for 13 digits: 13 consecutive
// positions each a digit or a separator between two digits.
inline bool chain_of_13(Bits128 digits, Bits128 separators) {
  const Bits128 chain = digits | (separators & (digits << 1) & (digits >> 1));
  Bits128 run = chain & (chain >> 1);  // 2 in a row
  run &= run >> 2;                     // 4
  run &= run >> 4;                     // 8
  run &= run >> 5;                     // 13
  return run != 0;
}

namespace detail {

// One bit per byte: the high bits of `h` (bit 7 of each byte) gathered into 8 bits.
inline std::uint64_t gather_high_bits(std::uint64_t h) {
  return (h * 0x0002040810204081ULL) >> 56;
}

// High bit set in each byte of y that is zero; exact (no borrows between bytes).
inline std::uint64_t zero_bytes(std::uint64_t y) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((y & kLow7) + kLow7) | y | kLow7);
}

// High bit set in each byte of x that is an ASCII digit; exact.
inline std::uint64_t digit_bytes(std::uint64_t x) {
  const std::uint64_t t = x & 0x7F7F7F7F7F7F7F7FULL;  // + 0x50 reaches 0x80 iff >= '0'
  return (t + 0x5050505050505050ULL) & ~(t + 0x4646464646464646ULL) & ~x & 0x8080808080808080ULL;
}

}  // namespace detail

inline std::size_t count_digits(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, s.data() + i, sizeof x);
    n += static_cast<std::size_t>(((detail::digit_bytes(x) >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i)
    if (s[i] >= '0' && s[i] <= '9') ++n;
  return n;
}

// Could `s` hold a card number? 8 bytes at a time; texts over 128 bytes (rare) only by their
// digit count.
inline bool may_hold_pan(std::string_view s) {
  constexpr std::size_t kMinPanDigits = 13;
  if (s.size() < kMinPanDigits) return false;
  if (s.size() > 128) return count_digits(s) >= kMinPanDigits;
  std::uint64_t digits[2] = {0, 0};  // words, not a 128-bit value: shifts stay cheap
  std::uint64_t separators[2] = {0, 0};
  for (std::size_t i = 0; i < s.size(); i += 8) {
    std::uint64_t x = 0;  // bytes past the text stay 0: neither digit nor separator
    std::memcpy(&x, s.data() + i, s.size() - i < 8 ? s.size() - i : 8);
    const std::uint64_t sep = detail::zero_bytes(x ^ 0x2020202020202020ULL) |
                              detail::zero_bytes(x ^ 0x2D2D2D2D2D2D2D2DULL);
    digits[i / 64] |= detail::gather_high_bits(detail::digit_bytes(x)) << (i % 64);
    separators[i / 64] |= detail::gather_high_bits(sep) << (i % 64);
  }
  return chain_of_13((static_cast<Bits128>(digits[1]) << 64) | digits[0],
                     (static_cast<Bits128>(separators[1]) << 64) | separators[0]);
}

// HHMM, HHMMSS, HH:MM or HH:MM:SS; 2400 and 9999 are end of day. nullopt if malformed.
std::optional<TimeOfDay> parse_time(std::string_view field);

}  // namespace tally::formats::bai2
