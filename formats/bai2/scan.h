// Byte scanning for the BAI2 lexer's hot path (internal). Finding the next delimiter is most
// of the work of reading a record, so it looks at 16 bytes per step with SSE2 (baseline on
// x86-64) and falls back to a byte loop elsewhere and for the last bytes of the buffer.
// Never reads outside [data, data + size).
#pragma once

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::formats::bai2::scan {

inline bool is_eol(char c) {
  return c == '\n' || c == '\r';
}

// First position >= p holding ',', '/', '\n' or '\r'; size if none.
inline std::size_t field_stop(const char* data, std::size_t p, std::size_t size) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i slash = _mm_set1_epi8('/');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (p + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, slash)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + static_cast<std::size_t>(__builtin_ctz(mask));
    p += 16;
  }
#endif
  while (p < size) {
    const char c = data[p];
    if (c == ',' || c == '/' || is_eol(c)) return p;
    ++p;
  }
  return size;
}

// First position >= p holding '/', '\n' or '\r'; size if none. Text may hold ','.
inline std::size_t text_stop(const char* data, std::size_t p, std::size_t size) {
#if defined(__SSE2__)
  const __m128i slash = _mm_set1_epi8('/');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (p + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, slash),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + static_cast<std::size_t>(__builtin_ctz(mask));
    p += 16;
  }
#endif
  while (p < size) {
    const char c = data[p];
    if (c == '/' || is_eol(c)) return p;
    ++p;
  }
  return size;
}

// First position >= p holding '\n' or '\r'; size if none.
inline std::size_t line_end(const char* data, std::size_t p, std::size_t size) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  while (p + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + static_cast<std::size_t>(__builtin_ctz(mask));
    p += 16;
  }
#endif
  while (p < size && !is_eol(data[p])) ++p;
  return p;
}

}  // namespace tally::formats::bai2::scan
