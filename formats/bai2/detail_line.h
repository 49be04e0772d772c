// The shape of a 16 record that sits on one line, read from the line's bitmasks (internal).
// Shared by the one-record fast path (detail.cpp) and the detail run (detail_run.cpp), so
// both decide in one place which lines they may read without the lexer.
//
// A line qualifies when its fields are: type, amount, a funds type of nothing, 0, 1, 2, Z or
// V (with its date and time), bank reference, customer reference, then text to the line end.
// No '/' before the text; in the text, a '/' followed only by blanks to the line end closes
// it, and a '/' followed by blanks and "DD," may start another record on the line, so such
// lines are left to the lexer. Only positions are computed here, no value is checked: the
// callers read the values and report (or stop on) bad ones. Inline: on every 16 record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "formats/bai2/field_values.h"
#include "formats/bai2/line_index.h"

namespace tally::formats::bai2::detail_line {

struct Shape {
  static constexpr int kCommasUsed = 7;  // a V-dated 16 has 7 before its text
  std::size_t comma[kCommasUsed];        // the first commas of the line, in order
  char funds;              // the trimmed funds type: ' ' when empty, '?' when longer than 1
  std::size_t refs;        // field number of the bank reference (3, or 5 after V's two)
  std::size_t text_begin;  // the text is [text_begin, text_end) of the line, untrimmed
  std::size_t text_end;

  // Field k (k <= refs + 1) of the line: from just after comma k-1 to comma k.
  std::string_view field(const LineIndex& li, std::size_t k) const {
    const std::size_t from = k == 0 ? 0 : comma[k - 1] + std::size_t{1};
    return std::string_view(li.base + from, comma[k] - from);
  }
};

// The first `want` commas of `bits` (a line's comma mask) into out[0, want), walking both
// words; false if it has fewer. Out of line: first_commas() needs it only for long fields.
[[gnu::noinline]] inline bool first_commas_wide(LineBits bits, std::size_t* out, int want) {
  int k = 0;
  for (auto w = static_cast<std::uint64_t>(bits); k < want && w != 0; ++k, w &= w - 1)
    out[k] = static_cast<std::size_t>(__builtin_ctzll(w));
  for (auto w = static_cast<std::uint64_t>(bits >> 64); k < want && w != 0; ++k, w &= w - 1)
    out[k] = 64 + static_cast<std::size_t>(__builtin_ctzll(w));
  return k == want;
}

// The same, for the usual case inline: the fields before the text are short, so their
// commas are nearly always in the low 64 bits, one bit scan and one reset per comma.
inline bool first_commas(LineBits bits, std::size_t* out, int want) {
  int k = 0;
  for (auto w = static_cast<std::uint64_t>(bits); k < want && w != 0; ++k, w &= w - 1)
    out[k] = static_cast<std::size_t>(__builtin_ctzll(w));
  return k == want || first_commas_wide(bits, out, want);
}

// Cuts the line into fields; false if it is not a shape the fast paths read.
inline bool cut(const LineIndex& li, Shape& s) {
  if (!first_commas(li.m.comma, s.comma, 5)) return false;
  // The funds type, as trim_field() would leave it: one byte, or nothing (' ').
  const std::size_t funds_begin = s.comma[1] + 1;
  const std::size_t funds_length = s.comma[2] - funds_begin;
  if (funds_length == 1) {
    s.funds = li.base[funds_begin] == '\t' ? ' ' : li.base[funds_begin];
  } else if (funds_length == 0) {
    s.funds = ' ';
  } else {
    const std::string_view trimmed = trim_field(s.field(li, 2));
    s.funds = trimmed.size() == 1 ? trimmed[0] : trimmed.empty() ? ' ' : '?';
  }
  s.refs = 3;
  if (s.funds == 'V') {
    if (!first_commas(li.m.comma, s.comma, 7)) return false;  // two more: date and time
    s.refs = 5;
  } else if (s.funds != ' ' && s.funds != '0' && s.funds != '1' && s.funds != '2' &&
             s.funds != 'Z') {
    return false;  // S, D or a bad funds type: the general path reads or reports it
  }
  s.text_begin = s.comma[s.refs + 1] + std::size_t{1};
  s.text_end = li.size;
  if (li.m.slash == 0) return true;
  if (li.m.slash == li.last_bit) {  // the usual: one '/', the line's last byte
    if (li.size - 1 < s.text_begin) return false;
    s.text_end = li.size - 1;
    return true;
  }
  const std::size_t last = static_cast<std::size_t>(LineIndex::highest(li.m.slash));
  if (static_cast<std::size_t>(LineIndex::lowest(li.m.slash)) < s.text_begin) return false;
  const auto after_blanks = [&li](std::size_t q) {
    while (q < li.size && (li.base[q] == ' ' || li.base[q] == '\t')) ++q;
    return q;
  };
  if (after_blanks(last + 1) == li.size) s.text_end = last;
  for (LineBits rest = li.m.slash; rest != 0; rest &= rest - 1) {
    const std::size_t q = after_blanks(static_cast<std::size_t>(LineIndex::lowest(rest)) + 1);
    if (q + 2 < li.size && li.base[q + 2] == ',' && li.base[q] >= '0' && li.base[q] <= '9' &&
        li.base[q + 1] >= '0' && li.base[q + 1] <= '9')
      return false;  // maybe another record on this line
  }
  return true;
}

// digits_into() out of line, for the fields digits16() does not take (rare).
[[gnu::noinline]] inline bool long_digits_ok(std::string_view field, std::int64_t& value) {
  return field.size() - 1 < detail::kSafeDigits &&
         detail::digits_into(field, value) == NumberStatus::kOk;
}

// Bare digits [p, p + length), 1 <= length <= 16, as two 8-byte words with '0' put in place
// of the bytes around the field, so there is no loop per digit; false if any byte of the
// field is not a digit. The caller guarantees the 8 bytes from p and the 8 bytes up to
// p + length are inside its buffer (they may lie outside the field).
inline bool digits16(const char* p, std::size_t length, std::int64_t& value) {
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  return detail::digits_into(std::string_view(p, length), value) == NumberStatus::kOk;
#endif
  constexpr std::uint64_t kZeros = 0x3030303030303030ULL;
  const std::size_t low_length = length < 8 ? length : 8;  // the last digits, up to 8
  std::uint64_t word = 0;
  std::memcpy(&word, p + length - 8, sizeof word);
  const unsigned pad = static_cast<unsigned>(8 - low_length) * 8;  // bits before the field
  const std::uint64_t keep = ~std::uint64_t{0} << pad;
  std::uint64_t low = 0;
  if (!detail::eight_digits_word((word & keep) | (kZeros & ~keep), low)) return false;
  std::uint64_t high = 0;  // the first length - 8 digits
  if (length > 8) {
    std::memcpy(&word, p, sizeof word);
    const unsigned shift = static_cast<unsigned>(16 - length) * 8;  // 0..56
    const std::uint64_t zeros = shift == 0 ? 0 : kZeros >> (64 - shift);
    if (!detail::eight_digits_word((word << shift) | zeros, high)) return false;
  }
  value = static_cast<std::int64_t>(high * 100000000ULL + low);
  return true;
}

// may_hold_pan() out of line: the fast paths need it only when the masks show a run.
[[gnu::noinline]] inline bool text_may_hold_pan(std::string_view text) {
  return may_hold_pan(text);
}

// Could the text hold a card number? Only if a run of 13 digits, blanks or dashes (the
// line's `pan13` bits) starts in it; then the exact prefilter of the general path. A run that
// goes on past the text (blanks after a closing '/') only costs that second test.
inline bool may_hold_card(const LineIndex& li, const Shape& s, std::string_view trimmed_text) {
  if (li.m.pan13 == 0 || s.text_begin >= s.text_end) return false;  // the usual: no such run
  const auto low = static_cast<std::uint64_t>(li.m.pan13);
  const auto high = static_cast<std::uint64_t>(li.m.pan13 >> 64);
  // Runs from text_begin on, with 64-bit shifts (text_begin < text_end <= 128).
  const bool in_text = s.text_begin < 64 ? ((low >> s.text_begin) | high) != 0
                                         : (high >> (s.text_begin - 64)) != 0;
  return in_text && text_may_hold_pan(trimmed_text);
}

}  // namespace tally::formats::bai2::detail_line
