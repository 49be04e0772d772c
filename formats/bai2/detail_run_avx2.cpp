// The detail run on CPUs with AVX2 and BMI2: the usual 16 record read straight from its
// bytes (the "wide" reader).
//
// The narrow take (detail_run.cpp) cuts every record out of the StructuralIndex windows as
// 128-bit masks and handles every one-line shape: about 600 instructions per record
// (callgrind), where a line split costs about 130. Here four 32-byte loads cover the line,
// each class of byte is two compares and two movemasks into a 64-bit mask, the amount is one
// vector multiply-add chain, and only the shape nearly every bank writes is decoded:
//
//   type (3 digits, not a status code), amount (1-16 bare digits), funds type (empty, 0, 1, 2,
//   Z, or V with the date read last and no time or an HHMM one), bank reference, customer
//   reference, text; no blank to trim at any field's edge; '/' only in the text; a line under 128
//   bytes ending at its first '\n' or '\r' (no tab or other control byte before it), the next line
//   starting with "16,"; no running sum overflowing; a text that cannot hold a card number.
//
// Anything else goes to the narrow take, one record at a time, which takes the record or stops
// the run before it. A record taken here is delivered exactly as the narrow take and the
// general path deliver it (tests/detail_run_test.cpp runs all of them on the same files).
// Reads stay inside the input: the reader starts a record only when 128 bytes remain, which
// covers the line's loads and the text's (the text starts within the first 64 bytes); the
// amount's 16-byte load (which ends where the amount ends) only from the input's 16th byte on.
// An AVX-512 version (one compare per class into a mask register, masked loads) measured the
// same on a CPU that has both, so there is one reader, for every AVX2 CPU.
#include "formats/bai2/detail_run.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "formats/bai2/detail_line.h"

namespace tally::formats::bai2 {

#if defined(__x86_64__)
namespace {

#define TALLY_BAI2_WIDE gnu::target("avx2,bmi,bmi2")

// 64 bytes in two AVX2 registers, and the classes of their bytes as 64-bit masks (bit i for
// byte i).
struct Bytes64 {
  __m256i low, high;
};

[[TALLY_BAI2_WIDE, gnu::always_inline]] inline Bytes64 load64(const char* p) {
  return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
}

[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t bits(__m256i low, __m256i high) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
         std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32;
}

[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t equal(const Bytes64& v, char c) {
  const __m256i k = _mm256_set1_epi8(c);
  return bits(_mm256_cmpeq_epi8(v.low, k), _mm256_cmpeq_epi8(v.high, k));
}

// Bytes at most c, unsigned: min(x, c) == x.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t at_most(const Bytes64& v, char c) {
  const __m256i k = _mm256_set1_epi8(c);
  return bits(_mm256_cmpeq_epi8(_mm256_min_epu8(v.low, k), v.low),
              _mm256_cmpeq_epi8(_mm256_min_epu8(v.high, k), v.high));
}

[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t digits(const Bytes64& v) {
  const __m256i zero = _mm256_set1_epi8('0');
  return at_most({_mm256_sub_epi8(v.low, zero), _mm256_sub_epi8(v.high, zero)}, 9);
}

// Lane i of the 16 bytes at kFieldLanes + n is all ones when i >= 16 - n: the last n lanes.
alignas(32) constexpr std::int8_t kFieldLanes[32] = {0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
                                                     0,  0,  0,  0,  0,  -1, -1, -1, -1, -1, -1,
                                                     -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

// The end of the text when the line has a '/' other than one closing it: cut()'s rules (a '/'
// followed by blanks only closes the text; one followed by blanks and "DD," may start another
// record on the line, which only the lexer reads). False for the latter. Texts with a '/'
// inside (a date, a fraction) are common enough to keep here.
[[gnu::always_inline]] inline bool text_end_past_slashes(const char* p, std::size_t size,
                                                         std::uint64_t s0, std::uint64_t s1,
                                                         std::size_t& text_end) {
  const auto after_blanks = [p, size](std::size_t q) {
    while (q < size && (p[q] == ' ' || p[q] == '\t')) ++q;
    return q;
  };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const std::size_t last = s1 != 0 ? 127 - static_cast<std::size_t>(__builtin_clzll(s1))
                                   : 63 - static_cast<std::size_t>(__builtin_clzll(s0));
  text_end = after_blanks(last + 1) == size ? last : size;
  for (std::size_t half = 0; half < 2; ++half) {
    for (std::uint64_t w = half == 0 ? s0 : s1; w != 0; w &= w - 1) {
      const std::size_t q =
          after_blanks(half * 64 + static_cast<std::size_t>(__builtin_ctzll(w)) + 1);
      if (q + 2 < size && p[q + 2] == ',' && digit(p[q]) && digit(p[q + 1])) return false;
    }
  }
  return true;
}

// may_hold_pan() for a text of at most 64 bytes whose 64 bytes from its start are readable: a
// chain of 13 digits or single separators between digits. Longer texts (rare) take the
// general prefilter.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool text_may_hold_pan(const char* text,
                                                                      std::size_t size) {
  constexpr std::size_t kMinPanDigits = 13;
  if (size < kMinPanDigits) return false;
  if (size > 64) return detail_line::text_may_hold_pan(std::string_view(text, size));
  const Bytes64 v = load64(text);
  const std::uint64_t in_text = _bzhi_u64(~std::uint64_t{0}, size);
  const std::uint64_t digit = digits(v) & in_text;
  const std::uint64_t separator = (equal(v, ' ') | equal(v, '-')) & in_text;
  const std::uint64_t chain = digit | (separator & (digit << 1) & (digit >> 1));
  std::uint64_t run = chain & (chain >> 1);  // 2 in a row
  run &= run >> 2;                           // 4
  run &= run >> 4;                           // 8
  run &= run >> 5;                           // 13
  return run != 0;
}

// The amount: 1 to 16 bare digits ending just before `end`, whose 16 bytes before it are
// readable. One load, the field's lanes checked and the others zeroed, then digit pairs,
// fours and eights summed with multiply-adds.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool amount_digits(const char* end,
                                                                  std::size_t length,
                                                                  std::int64_t& value) {
  if (length - 1 >= 16) return false;  // none, or more than 16
  const __m128i field = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kFieldLanes + length));
  const __m128i digits =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16)), _mm_set1_epi8('0'));
  const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(digits, _mm_set1_epi8(9)), digits);
  if (_mm_movemask_epi8(_mm_andnot_si128(digit, field)) != 0) return false;
  const __m128i pairs =
      _mm_maddubs_epi16(_mm_and_si128(field, digits),
                        _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
  const __m128i fours = _mm_madd_epi16(pairs, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
  const __m128i eights = _mm_madd_epi16(_mm_packus_epi32(fours, fours),
                                        _mm_setr_epi16(10000, 1, 10000, 1, 0, 0, 0, 0));
  const auto both = static_cast<std::uint64_t>(_mm_cvtsi128_si64(eights));
  value = static_cast<std::int64_t>((both & 0xFFFFFFFF) * 100'000'000 + (both >> 32));
  return true;
}

// parse_time() for its usual shape, HHMM: seconds since midnight, TimeOfDay::kEndOfDay for
// 2400; false for any other time (the narrow take reads it, the general path reports a bad
// one).
inline bool hhmm(const char* p, std::int32_t& seconds) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(p[0]) || !digit(p[1]) || !digit(p[2]) || !digit(p[3])) return false;
  const int hh = (p[0] - '0') * 10 + (p[1] - '0');
  const int mm = (p[2] - '0') * 10 + (p[3] - '0');
  if (hh == 24 && mm == 0) {
    seconds = TimeOfDay::kEndOfDay;
    return true;
  }
  if (hh > 23 || mm > 59) return false;
  seconds = hh * 3600 + mm * 60;
  return true;
}

// Reads the record at k.pos into t, advancing k to the next record; false (with k untouched,
// t perhaps half written) if it is not the usual shape.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool decode(Parser& ps, TransactionDetail& t,
                                                           const char* data, std::size_t n,
                                                           DetailRun::Counters& k) {
  if (n - k.pos < 128) return false;
  const char* const p = data + k.pos;
  const Bytes64 v0 = load64(p);
  const Bytes64 v1 = load64(p + 64);

  // The line: up to the first byte <= '\r', which must be '\n' or '\r' (a tab: not ours).
  std::size_t size = _tzcnt_u64(at_most(v0, '\r'));
  if (size == 64) size += _tzcnt_u64(at_most(v1, '\r'));
  if (size == 128 || (p[size] != '\n' && p[size] != '\r')) return false;
  std::size_t next = k.pos + size + 1;  // the next line's first byte
  if (p[size] == '\r' && next < n && data[next] == '\n') ++next;
  if (n - next < 3 || data[next] != '1' || data[next + 1] != '6' || data[next + 2] != ',')
    return false;  // only then does this record provably end with its line
  const std::uint64_t keep0 = _bzhi_u64(~std::uint64_t{0}, size);  // all of it from 64 on
  const std::uint64_t keep1 = size > 64 ? _bzhi_u64(~std::uint64_t{0}, size - 64) : 0;

  // Fields: the first seven commas, all in the first 64 bytes (64 when missing).
  std::uint64_t w = equal(v0, ',') & keep0;
  const std::uint64_t commas = w;
  std::size_t c[7];
  for (std::size_t& at : c) {
    at = _tzcnt_u64(w);
    w = _blsr_u64(w);
  }
  if (c[0] != 3) return false;  // the type code is 3 bytes
  const std::size_t funds_length = c[2] - c[1] - 1;
  const char funds = funds_length == 0 ? ' ' : funds_length == 1 ? p[c[1] + 1] : '?';
  const bool value_dated = funds == 'V';
  if (!value_dated && funds != '0' && funds != '1' && funds != 'Z' && funds != ' ' && funds != '2')
    return false;  // S, D, blanks or a bad funds type: the narrow take or the general path
  // The commas before the bank reference, the customer reference and the text.
  const std::size_t before_bank = value_dated ? c[4] : c[2];
  const std::size_t before_customer = value_dated ? c[5] : c[3];
  const std::size_t before_text = value_dated ? c[6] : c[4];
  if (before_text >= 63) return false;  // its commas past 64 bytes, or missing
  const std::size_t text_begin = before_text + 1;

  // Nothing to trim: no blank next to a comma up to the text's, none ending the text.
  const std::uint64_t field_commas = _bzhi_u64(commas, before_text + 1);
  const std::uint64_t blanks = equal(v0, ' ');
  if ((blanks & ((field_commas << 1) | (field_commas >> 1))) != 0) return false;

  // The text ends at the line end or at a closing '/'.
  const std::uint64_t s0 = equal(v0, '/') & keep0;
  const std::uint64_t s1 = equal(v1, '/') & keep1;
  std::size_t text_end = size;
  if ((s0 | s1) != 0) {
    const std::size_t first = s0 != 0 ? _tzcnt_u64(s0) : 64 + _tzcnt_u64(s1);
    if (first < text_begin) return false;  // a '/' in a field before the text
    if (first == size - 1) {               // the lowest '/' is the line's last byte: the only one
      text_end = size - 1;
    } else if (!text_end_past_slashes(p, size, s0, s1, text_end)) {
      return false;
    }
  }
  if (text_end > text_begin && p[text_end - 1] == ' ') return false;

  // Values.
  const unsigned a = static_cast<unsigned char>(p[0]) - '0';
  const unsigned b = static_cast<unsigned char>(p[1]) - '0';
  const unsigned d = static_cast<unsigned char>(p[2]) - '0';
  if (a > 9 || b > 9 || d > 9) return false;
  const TypeCodeInfo* type = find_type_code(static_cast<int>(a * 100 + b * 10 + d));
  if (type == nullptr || is_status(*type)) return false;
  std::int64_t amount = 0;
  if (k.pos < 16 || !amount_digits(p + c[1], c[1] - 4, amount)) return false;
  DetailRun::Counters::Sums sums;
  if (!k.add(type->direction, amount, sums)) return false;

  Availability& f = t.funds;
  f.value_date.reset();
  f.value_time.reset();
  if (value_dated) {
    // Only the date value_date() read last, and no time or HHMM: the narrow take reads the
    // others (and updates value_date()'s cache).
    const std::optional<BusinessDate>* date = nullptr;
    if (c[3] - c[2] != 7 || (date = DetailRun::last_value_date(ps, p + c[2] + 1)) == nullptr ||
        !*date)
      return false;
    f.value_date = *date;
    if (c[4] - c[3] != 1) {
      std::int32_t seconds = 0;
      if (c[4] - c[3] != 5 || !hhmm(p + c[3] + 1, seconds)) return false;
      f.value_time = TimeOfDay{seconds};
    }
  }
  const std::string_view text(p + text_begin, text_end - text_begin);
  if (text_may_hold_pan(text.data(), text.size())) return false;  // the general path masks it

  // Taken: nothing below can fail.
  f.defaulted = funds == ' ';
  f.type = funds == ' ' ? FundsType::kUnknown : static_cast<FundsType>(funds);
  t.type = *type;
  t.amount_minor = amount;
  t.bank_reference = std::string_view(p + before_bank + 1, before_customer - before_bank - 1);
  t.customer_reference =
      std::string_view(p + before_customer + 1, before_text - before_customer - 1);
  t.text = text;
  t.line = k.line;
  t.record = k.records;
  k.took(sums, next + 3);
  ++k.wide;
  return true;
}

// A record the reader declines after most of its work costs about 20 ns on top of the narrow
// take's; in a file where most records are declined (value times as HH:MM, say) that made the
// run half as slow again. So after a decline the narrow take reads the declined record and
// then `backoff` more, doubling while the reader keeps declining; when that reaches
// kMaxBackoff the narrow take reads the rest of the run. A record the reader takes starts it
// over.
constexpr std::int64_t kMaxBackoff = 63;

[[TALLY_BAI2_WIDE]] void run(Parser& ps) {
  DetailRun::begin(ps);
  Lexer& lx = DetailRun::lexer(ps);
  const std::string_view bytes = DetailRun::data(lx);
  TransactionDetail& t = DetailRun::detail(ps);
  Visitor& visitor = DetailRun::visitor(ps);
  DetailRun::Counters k(ps, lx);
  std::int64_t backoff = 0;
  for (;;) {
    if (decode(ps, t, bytes.data(), bytes.size(), k)) {
      visitor.on_transaction(t);
      backoff = 0;
      continue;
    }
    k.store(ps, lx);
    if (backoff == kMaxBackoff) return DetailRun::take_rest_narrow(ps);
    const std::int64_t want = 1 + backoff;
    if (DetailRun::take_narrow(ps, want) < want) return;  // the general path reads the next
    k = DetailRun::Counters(ps, lx);
    backoff = backoff * 2 + 1;
  }
}

#undef TALLY_BAI2_WIDE

}  // namespace

void run_details_avx2(Parser& ps) {
  run(ps);
}

#else

void run_details_avx2(Parser& ps) {
  DetailRun::begin(ps);
  while (DetailRun::take_narrow(ps, 1) == 1) {
  }
}

#endif

}  // namespace tally::formats::bai2
