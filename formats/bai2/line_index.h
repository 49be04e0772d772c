// LineIndex (internal): where the ',' and '/' of one physical line are, found in one pass of
// 16-byte steps. The parser's fast path reads a 16 record that sits on a single line from it
// without rescanning per field; anything unusual (long line, continuation, wrap, a '/' inside
// the text) is left to the general lexer path, which is the reference behaviour.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::formats::bai2 {

struct LineIndex {
  static constexpr std::size_t kMaxBytes = 128;  // longer lines take the general path
  static constexpr std::size_t kMaxCommas = 12;  // a V-dated 16 needs 7 before its text
  static constexpr std::size_t kMaxSlashes = 4;
  static constexpr std::size_t kNone = ~std::size_t{0};

  const char* base = nullptr;  // first byte indexed
  std::size_t size = 0;        // bytes before the line end (or the end of the data)
  std::uint8_t comma[kMaxCommas] = {};
  std::size_t commas = 0;  // recorded in comma[], at most kMaxCommas
  std::uint8_t slash[kMaxSlashes] = {};
  std::size_t slashes = 0;  // all of them, though only kMaxSlashes are recorded
  // One bit per byte: digits, and blanks or dashes (what joins the groups of a card number).
  std::uint64_t digit_bits[2] = {0, 0};
  std::uint64_t separator_bits[2] = {0, 0};

  // Indexes data[p ..) up to the first '\n' or '\r' (or the end of the data). False if the
  // line is longer than kMaxBytes.
  bool build(const char* data, std::size_t p, std::size_t n) {
    base = data + p;
    commas = 0;
    slashes = 0;
    digit_bits[0] = digit_bits[1] = separator_bits[0] = separator_bits[1] = 0;
    std::size_t off = 0;
#if defined(__SSE2__)
    const __m128i vcomma = _mm_set1_epi8(',');
    const __m128i vslash = _mm_set1_epi8('/');
    const __m128i vlf = _mm_set1_epi8('\n');
    const __m128i vcr = _mm_set1_epi8('\r');
    const __m128i vspace = _mm_set1_epi8(' ');
    const __m128i vdash = _mm_set1_epi8('-');
    const __m128i below0 = _mm_set1_epi8('0' - 1);
    const __m128i above9 = _mm_set1_epi8('9' + 1);
    while (off < kMaxBytes && p + off + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + off));
      const auto bits = [&v](__m128i c) {
        return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)));
      };
      const unsigned eol = bits(vlf) | bits(vcr);
      unsigned c = bits(vcomma);
      unsigned s = bits(vslash);
      const unsigned d = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, below0), _mm_cmplt_epi8(v, above9))));
      const unsigned sep = bits(vspace) | bits(vdash);
      if (eol != 0) {
        const unsigned keep = (eol & (0u - eol)) - 1;  // bits below the first line end
        add(off, c & keep, s & keep);
        classes(off, d & keep, sep & keep);
        size = off + static_cast<std::size_t>(__builtin_ctz(eol));
        return true;
      }
      add(off, c, s);
      classes(off, d, sep);
      off += 16;
    }
#endif
    for (; off < kMaxBytes && p + off < n; ++off) {
      const char ch = base[off];
      if (ch == '\n' || ch == '\r') {
        size = off;
        return true;
      }
      add(off, ch == ',' ? 1u : 0u, ch == '/' ? 1u : 0u);
      classes(off, ch >= '0' && ch <= '9' ? 1u : 0u, ch == ' ' || ch == '-' ? 1u : 0u);
    }
    if (p + off >= n) {  // the data ends inside this line
      size = off;
      return true;
    }
    return false;
  }

 private:
  void classes(std::size_t off, unsigned digits, unsigned separators) {
    digit_bits[off / 64] |= static_cast<std::uint64_t>(digits) << (off % 64);
    separator_bits[off / 64] |= static_cast<std::uint64_t>(separators) << (off % 64);
  }
  void add(std::size_t off, unsigned c, unsigned s) {
    for (; c != 0 && commas < kMaxCommas; c &= c - 1)
      comma[commas++] = static_cast<std::uint8_t>(off + static_cast<std::size_t>(__builtin_ctz(c)));
    for (; s != 0; s &= s - 1, ++slashes)
      if (slashes < kMaxSlashes)
        slash[slashes] =
            static_cast<std::uint8_t>(off + static_cast<std::size_t>(__builtin_ctz(s)));
  }
};

}  // namespace tally::formats::bai2
