// Hot-path helpers of the reader: whole-record byte checks vectorized with SSE2 (part of
// every x86-64 CPU; a scalar version elsewhere), and branch-light digit and text helpers.
// A record is exactly 94 bytes: it is scanned as six 16-byte chunks at offsets 0, 16, 32,
// 48, 64 and 78 (the last overlaps), so no byte outside the record is ever read. Pure
// functions; thread-safe.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>

#include "formats/nacha/fields.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::formats::nacha {

// 0xFF at each byte that must be a digit.
using DigitMask = std::array<std::uint8_t, kRecordLength>;

struct RecordScan {
  bool printable = false;  // every byte printable ASCII (so no line break inside)
  bool digits = false;     // every byte under the digit mask a digit

  bool ok() const { return printable && digits; }
};

// Per byte, the allowed range as [low, low + span]: 0x20-0x7E for text, '0'-'9' for digits.
// One unsigned compare per byte, (c - low) <= span, checks both kinds at once.
struct ByteRanges {
  std::array<std::uint8_t, kRecordLength> low{};
  std::array<std::uint8_t, kRecordLength> span{};
};

constexpr ByteRanges make_byte_ranges(const DigitMask& digits) {
  ByteRanges r;
  for (std::size_t i = 0; i < kRecordLength; ++i) {
    r.low[i] = digits[i] ? '0' : 0x20;
    r.span[i] = digits[i] ? 9 : 0x7E - 0x20;
  }
  return r;
}

namespace detail {

inline RecordScan scan_scalar(const char* t, const DigitMask& digits) {
  unsigned unprintable = 0, not_digit = 0;
  for (std::size_t i = 0; i < kRecordLength; ++i) {
    const auto c = static_cast<std::uint8_t>(t[i]);
    not_digit |= (static_cast<std::uint8_t>(c - '0') > 9 ? 1u : 0u) & digits[i];
    unprintable |= (c < 0x20 || c > 0x7E) ? 1u : 0u;
  }
  return {unprintable == 0, not_digit == 0};
}

}  // namespace detail

// Scans a record against `ranges` (built from `digits`): on success both flags are true;
// otherwise a slower pass tells which of the two failed.
[[gnu::always_inline]] inline RecordScan scan_record(const char* t, const ByteRanges& ranges,
                                                     const DigitMask& digits) {
#if defined(__SSE2__)
  __m128i good = _mm_set1_epi8(-1);
  for (const std::size_t offset : {0UL, 16UL, 32UL, 48UL, 64UL, 78UL}) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + offset));
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&ranges.low[offset]));
    const __m128i span = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&ranges.span[offset]));
    const __m128i d = _mm_sub_epi8(c, low);
    good = _mm_and_si128(good, _mm_cmpeq_epi8(_mm_max_epu8(d, span), span));  // d <= span
  }
  if (_mm_movemask_epi8(good) == 0xFFFF) return {true, true};
#else
  (void)ranges;
#endif
  return detail::scan_scalar(t, digits);
}

// No byte needs to be a digit (records other than entries are decoded field by field).
inline constexpr DigitMask kNoDigits{};
inline constexpr ByteRanges kTextRanges = make_byte_ranges(kNoDigits);

// A text field without its trailing spaces, eight bytes at a time: each word XOR eight
// spaces is zero exactly where the bytes are spaces, and its leading zero bytes (the field's
// last bytes, on little-endian) are the trailing spaces.
[[gnu::always_inline]] inline std::string_view rtrim_fast(std::string_view field) {
  std::size_t n = field.size();
  if constexpr (std::endian::native == std::endian::little) {
    while (n >= 8) {
      std::uint64_t w;
      std::memcpy(&w, field.data() + n - 8, sizeof w);
      w ^= 0x2020202020202020ULL;
      if (w != 0) return {field.data(), n - static_cast<std::size_t>(std::countl_zero(w)) / 8};
      n -= 8;
    }
  }
  while (n > 0 && field[n - 1] == ' ') --n;
  return {field.data(), n};
}

// Eight ASCII digits (already checked) as a number, without a loop: the bytes are combined
// pairwise, then in fours, then in eights (a little-endian SWAR trick).
inline std::uint64_t eight_digits(const char* p) {
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    v -= 0x3030303030303030ULL;
    v = v * 10 + (v >> 8);  // byte 2k: digits 2k and 2k+1 as a number 0-99
    v = ((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
         ((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >>
        32;
    return v;
  } else {
    return static_cast<std::uint64_t>(unchecked_digits({p, 8}));
  }
}

// Does the 9-digit routing number at `p` (already checked to be digits) pass the ABA check:
// weights 3, 7, 1, 3, 7, 1, 3, 7 on the first eight, plus the ninth, a multiple of 10?
// On little-endian, the eight digits are one 64-bit word: weight each byte lane in place
// (no lane exceeds 63), then sum the lanes through 16-bit lanes (the total, at most 288,
// never carries out of its lane).
inline bool routing_check_passes(const char* p) {
#if defined(__SSE2__)
  // Widen the eight digits to 16-bit lanes and multiply-add them pairwise with the weights.
  const __m128i bytes =
      _mm_sub_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('0'));
  const __m128i words = _mm_unpacklo_epi8(bytes, _mm_setzero_si128());
  __m128i sums = _mm_madd_epi16(words, _mm_setr_epi16(3, 7, 1, 3, 7, 1, 3, 7));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, _MM_SHUFFLE(1, 0, 3, 2)));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, _MM_SHUFFLE(2, 3, 0, 1)));
  const auto total =
      static_cast<unsigned>(_mm_cvtsi128_si32(sums)) + static_cast<unsigned>(p[8] - '0');
  return total % 10 == 0;
#else
  return routing_check_digit_unchecked(p) == p[8] - '0';
#endif
}

// A 15-digit trace number as a key that orders like the digits: two overlapping big-endian
// 8-byte words (bytes 0-7 and 7-14).
struct TraceKey {
  std::uint64_t high = 0, low = 0;
  auto operator<=>(const TraceKey&) const = default;
};
inline TraceKey trace_key(const char* p) {
  std::uint64_t a, b;
  std::memcpy(&a, p, sizeof a);
  std::memcpy(&b, p + 7, sizeof b);
  if constexpr (std::endian::native == std::endian::little) {
    a = __builtin_bswap64(a);
    b = __builtin_bswap64(b);
  }
  return {a, b};
}

}  // namespace tally::formats::nacha
