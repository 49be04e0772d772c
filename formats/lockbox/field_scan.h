// Field scanning for the lockbox reader's hot path (internal): trimming and validating a
// fixed-position field 16 bytes at a time (SSE2, baseline on x86-64), and reading digits 8
// at a time. A detail record is mostly blank-padded text, so this is most of the work.
// Never reads outside [p, limit): `limit` is the end of the whole input, so a load may look
// past the field (the bits are masked off) but never past the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::formats::lockbox::scan {

inline bool printable(char c) {
  return c >= ' ' && c <= '~';
}

// Trims blanks (' ') from both ends of [p, p + len) into [first, end) (offsets; first == end
// when all blank) and says whether every byte of the field is printable ASCII.
inline bool trim_printable(const char* p, std::size_t len, const char* limit, std::size_t& first,
                           std::size_t& end) {
  first = len;
  end = 0;
  bool ok = true;
  std::size_t off = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i del = _mm_set1_epi8(0x7f);
  for (; off < len && p + off + 16 <= limit; off += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + off));
    const std::size_t n = len - off < 16 ? len - off : 16;
    const unsigned valid = n == 16 ? 0xffffu : (1u << n) - 1;
    const unsigned blank = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
    // Signed bytes: below ' ' or >= 0x80 compare less than ' '; 0x7f is DEL.
    const __m128i bad = _mm_or_si128(_mm_cmpgt_epi8(space, v), _mm_cmpeq_epi8(v, del));
    if ((static_cast<unsigned>(_mm_movemask_epi8(bad)) & valid) != 0) ok = false;
    const unsigned text = ~blank & valid;
    if (text != 0) {
      if (first == len) first = off + static_cast<std::size_t>(__builtin_ctz(text));
      end = off + 32 - static_cast<std::size_t>(__builtin_clz(text));
    }
  }
#endif
  for (; off < len; ++off) {
    const char c = p[off];
    if (!printable(c)) ok = false;
    if (c != ' ') {
      if (first == len) first = off;
      end = off + 1;
    }
  }
  if (first == len) first = end = 0;
  return ok;
}

// Eight ASCII digits at p as a number; false if any byte is not a digit. Byte-parallel:
// subtracting '0' borrows, adding 0x46 carries into the high bit, for anything outside '0'-'9'.
inline bool eight_digits(const char* p, std::uint64_t& out) {
  std::uint64_t x = 0;
  std::memcpy(&x, p, sizeof x);
  const std::uint64_t sub = x - 0x3030303030303030ULL;
  const std::uint64_t add = x + 0x4646464646464646ULL;
  if (((sub | add) & 0x8080808080808080ULL) != 0) return false;
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  x = __builtin_bswap64(sub);
#else
  x = sub;
#endif
  x = x * 10 + (x >> 8);
  x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  out = x;
  return true;
}

// 1-18 ASCII digits (layouts allow no more, so no overflow is possible).
inline bool digits_value(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  std::uint64_t v = 0;
  std::size_t i = 0;
  for (std::uint64_t eight = 0; i + 8 <= s.size(); i += 8) {
    if (!eight_digits(s.data() + i, eight)) return false;
    v = v * 100000000ULL + eight;
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = static_cast<std::int64_t>(v);
  return true;
}

// The value of len (1-18) bytes at p that are already known to be ASCII digits, 8 at a time
// without a loop per digit. Loads 8 bytes from p and from p + len - 8 (when len > 8), so
// p + max(len, 8) must lie inside the buffer; bytes past the field are shifted out.
inline std::uint64_t up_to_eight_known_digits(const char* p, std::size_t len) {
  std::uint64_t x = 0;
  std::memcpy(&x, p, sizeof x);
  // No byte of the field borrows (each is >= '0'); borrows from the bytes past it only move
  // towards the high bytes, which the shift drops (little-endian: the field is the low end).
  x = (x - 0x3030303030303030ULL) << (8 * (8 - len));
  x = x * 10 + (x >> 8);
  x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  return x;
}

inline std::int64_t known_digits_value(const char* p, std::size_t len) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (len <= 8) return static_cast<std::int64_t>(up_to_eight_known_digits(p, len));
  const std::uint64_t low = up_to_eight_known_digits(p + len - 8, 8);
  if (len <= 16)
    return static_cast<std::int64_t>(up_to_eight_known_digits(p, len - 8) * 100000000ULL + low);
  const std::uint64_t mid = up_to_eight_known_digits(p + len - 16, 8);
  return static_cast<std::int64_t>(
      (up_to_eight_known_digits(p, len - 16) * 100000000ULL + mid) * 100000000ULL + low);
#else
  std::int64_t v = 0;
  digits_value(std::string_view(p, len), v);
  return v;
#endif
}

// How many ASCII digits `s` holds, 8 bytes at a time without carries between bytes. A PAN has
// at least 13 digits, so a text with fewer needs no PAN scan (pan.h): this keeps the scan off
// the hot path.
inline std::size_t count_digits(std::string_view s) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, s.data() + i, sizeof x);
    const std::uint64_t t = x & kLow7;  // byte + 0x50 >= 0x80 iff byte >= '0'; no carries
    const std::uint64_t d = (t + 0x5050505050505050ULL) & ~(t + 0x4646464646464646ULL) & ~x & kHigh;
    n += static_cast<std::size_t>(((d >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i)
    if (s[i] >= '0' && s[i] <= '9') ++n;
  return n;
}

}  // namespace tally::formats::lockbox::scan
