// The 6-record fast path's building blocks (internal; item_plan.cpp and the parser's hot loop,
// item_run.cpp): classifying a line into digit / blank / not-printable bit masks (SSE2, the
// x86-64 baseline, or AVX2 where the caller is compiled for it), framing a line by its first
// non-printable byte, and decoding a classified line into an Item. Everything is inline so
// each caller compiles it with its own instruction set and, for the standard layout, with the
// field positions as constants (kStandardSpans). Contracts: see item_plan.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#define TALLY_LOCKBOX_X86 1
// The AVX2 path's instruction set: every AVX2 CPU also has BMI1/2, POPCNT (a single
// instruction for the card-number digit count) and LZCNT (name trims; BSR is slower on AMD).
// ItemPlan checks each at run time.
#define TALLY_LOCKBOX_AVX2_TARGET gnu::target("avx2,bmi,bmi2,popcnt,lzcnt")
#endif

#include "formats/lockbox/field_scan.h"
#include "formats/lockbox/item_plan.h"

namespace tally::formats::lockbox::item_decode {

using Span = ItemSpans::Span;

// Bits [0, end) of one 64-bit word, end in 0..64.
constexpr std::uint64_t low_bits(std::size_t end) {
  return end >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << end) - 1;
}

// Sets bits [begin, begin + length) of a 128-bit mask (callers keep them below 128).
constexpr void set_range(Mask& m, std::size_t begin, std::size_t length) {
  const std::size_t end = begin + length;
  m.w[0] |= low_bits(end < 64 ? end : 64) & ~low_bits(begin < 64 ? begin : 64);
  m.w[1] |= low_bits(end > 64 ? end - 64 : 0) & ~low_bits(begin > 64 ? begin - 64 : 0);
}

constexpr bool covers(const Mask& have, const Mask& need) {
  return (((have.w[0] & need.w[0]) ^ need.w[0]) | ((have.w[1] & need.w[1]) ^ need.w[1])) == 0;
}

constexpr bool bit(const Mask& m, std::size_t i) {
  return ((m.w[i / 64] >> (i % 64)) & 1) != 0;
}

// ---- The spans, from the layout (or, for the standard layout, at compile time). ----

constexpr Span span_of(const FieldSpec* spec) {
  Span s;
  if (!spec) return s;
  s.placed = true;
  s.digits = spec->type != FieldType::kText && spec->type != FieldType::kTimeHhmm;
  s.optional = spec->optional;
  s.mmddyy = spec->type == FieldType::kDateMmddyy;
  s.begin = spec->position - 1u;
  s.length = spec->length;
  if (s.begin + s.length <= ItemPlan::kMaxColumns) set_range(s.mask, s.begin, s.length);
  return s;
}

// specs: batch, item, amount, routing, account, check, check date, remitter, payee (nullptr:
// not in the layout).
constexpr ItemSpans build_spans(const FieldSpec* const (&specs)[9]) {
  ItemSpans t;
  t.batch = span_of(specs[0]);
  t.item = span_of(specs[1]);
  t.amount = span_of(specs[2]);
  t.routing = span_of(specs[3]);
  t.account = span_of(specs[4]);
  t.check = span_of(specs[5]);
  t.check_date = span_of(specs[6]);
  t.remitter = span_of(specs[7]);
  t.payee = span_of(specs[8]);
  t.enabled = t.batch.placed && t.item.placed && t.amount.placed;
  for (const Span* s : {&t.batch, &t.item, &t.amount, &t.routing, &t.account, &t.check,
                        &t.check_date, &t.remitter, &t.payee}) {
    if (!s->placed) continue;
    if (s->begin + s->length > ItemPlan::kMaxColumns || s->length == 0 ||
        (s->digits && s->length > 18))
      t.enabled = false;
  }
  if (t.check_date.placed && t.check_date.length != 6) t.enabled = false;  // layouts ensure it
  if (!t.enabled) return t;
  // Batch, item and amount identify and count the check: all digits, or the general path.
  for (const Span* s : {&t.batch, &t.item, &t.amount}) {
    set_range(t.must_digit, s->begin, s->length);
    set_range(t.digit_fields, s->begin, s->length);
    if (s->length > 1) set_range(t.field_inside, s->begin + 1, s->length - 1);
  }
  for (const Span* s : {&t.routing, &t.account, &t.check, &t.check_date, &t.remitter, &t.payee}) {
    if (!s->placed) continue;
    if (s->digits) {
      set_range(t.digit_fields, s->begin, s->length);
      if (s->length > 1) set_range(t.field_inside, s->begin + 1, s->length - 1);
      if (!s->optional) set_range(t.must_digit, s->begin, s->length);
    } else if (!s->optional) {
      t.required_text[t.required_texts++] = s->mask;
    }
  }
  t.names.w[0] = t.remitter.mask.w[0] | t.payee.mask.w[0];
  t.names.w[1] = t.remitter.mask.w[1] | t.payee.mask.w[1];
  return t;
}

// The standard layout's 6 record (layout.cpp, README.md). A layout whose spans come out
// equal to these decodes with them as constants; any other uses its own, at run time.
inline constexpr FieldSpec kStandardItem[9] = {
    {'6', Field::kBatchNumber, 2, 3, FieldType::kDigits, false},
    {'6', Field::kItemNumber, 5, 3, FieldType::kDigits, false},
    {'6', Field::kAmount, 8, 10, FieldType::kAmount, false},
    {'6', Field::kRemitterRouting, 18, 9, FieldType::kDigits, true},
    {'6', Field::kRemitterAccount, 27, 10, FieldType::kDigits, true},
    {'6', Field::kCheckNumber, 37, 10, FieldType::kDigits, true},
    {'6', Field::kCheckDate, 47, 6, FieldType::kDateMmddyy, true},
    {'6', Field::kRemitterName, 53, 30, FieldType::kText, true},
    {'6', Field::kPayeeName, 83, 20, FieldType::kText, true},
};
constexpr ItemSpans make_standard_spans() {
  const FieldSpec* const specs[9] = {&kStandardItem[0], &kStandardItem[1], &kStandardItem[2],
                                     &kStandardItem[3], &kStandardItem[4], &kStandardItem[5],
                                     &kStandardItem[6], &kStandardItem[7], &kStandardItem[8]};
  return build_spans(specs);
}
inline constexpr ItemSpans kStandardSpans = make_standard_spans();
static_assert(kStandardSpans.enabled && kStandardSpans.required_texts == 0);

// ---- Classification. ----

inline void put(std::uint64_t (&w)[2], std::size_t off, unsigned bits) {
  w[off / 64] |= static_cast<std::uint64_t>(bits) << (off % 64);
}

// Columns at or past `n` (the line end): blank, not digits, not bad (an unpadded line).
[[gnu::always_inline]] inline void cut(LineClasses& c, std::size_t n) {
  Mask tail;
  if (n < 128) set_range(tail, n, 128 - n);
  for (int i = 0; i < 2; ++i) {
    c.digit.w[i] &= ~tail.w[i];
    c.bad.w[i] &= ~tail.w[i];
    c.blank.w[i] |= tail.w[i];
  }
}

inline void classify_byte(char ch, std::size_t off, LineClasses& c) {
  if (ch >= '0' && ch <= '9') put(c.digit.w, off, 1);
  if (ch == ' ') put(c.blank.w, off, 1);
  if (!scan::printable(ch)) put(c.bad.w, off, 1);
}

#if defined(__SSE2__)
// One 16-byte step: digits, blanks, and bytes that are not printable ASCII. Signed bytes:
// c + 1 < 0x21 exactly for c below ' ', c = 0x7f (DEL, +1 wraps to -128) and c >= 0x80
// (negative); '0'..'9' shifted by 0x80 - '0' are the ten smallest signed values.
[[gnu::always_inline]] inline void classify16(const char* p, std::size_t off, LineClasses& c) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + off));
  const __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                   _mm_set1_epi8(static_cast<char>(-128 + 10)));
  const __m128i b = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(1)), _mm_set1_epi8(0x21));
  put(c.digit.w, off, static_cast<unsigned>(_mm_movemask_epi8(d)));
  put(c.blank.w, off,
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')))));
  put(c.bad.w, off, static_cast<unsigned>(_mm_movemask_epi8(b)));
}
#endif

// Classes of line[0, n), n <= 128, loading 16 bytes at a time while inside the buffer.
inline void classify_line(const char* p, std::size_t n, const char* limit, LineClasses& c) {
  std::size_t off = 0;
#if defined(__SSE2__)
  for (; off < n && p + off + 16 <= limit; off += 16) classify16(p, off, c);
#endif
  for (; off < n; ++off) classify_byte(p[off], off, c);
  cut(c, n);
}

// Classes of the kWindow bytes from p (inside the buffer), 16 bytes at a time.
[[gnu::always_inline]] inline void classify_window_base(const char* p, LineClasses& c) {
#if defined(__SSE2__)
  for (std::size_t off = 0; off < ItemPlan::kWindow; off += 16) classify16(p, off, c);
#else
  for (std::size_t off = 0; off < ItemPlan::kWindow; ++off) classify_byte(p[off], off, c);
#endif
}

#if defined(TALLY_LOCKBOX_X86)
// The same 32 bytes at a time. Only called when the CPU has AVX2 (__builtin_cpu_supports);
// the rest of the library stays baseline x86-64. Three classes from two movemasks:
// low = digit or bad, high = blank or bad; bad is where both are set.
struct Classes32 {
  std::uint64_t low, high;
};

[[TALLY_LOCKBOX_AVX2_TARGET, gnu::always_inline]] inline std::uint64_t bits32(__m256i m) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(m)));
}

// 32 copies of a byte, in memory: the loop calls the visitor, which clobbers every vector
// register, so a constant is best an operand loaded from memory (one instruction). Defined out
// of line (item_plan.cpp): a value the compiler can see it rebuilds in a register each time
// (three instructions).
struct alignas(32) Splat32 {
  char b[32];
};
struct Avx2Constants {
  Splat32 digit_shift, digit_bound, ones, bad_bound, spaces;  // see classify32
  Splat32 zeros;                                               // '0', for sixteen_digits
};
extern const Avx2Constants kAvx2Constants;

[[TALLY_LOCKBOX_AVX2_TARGET, gnu::always_inline]] inline __m256i load32(const Splat32& s) {
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(s.b));
}

[[TALLY_LOCKBOX_AVX2_TARGET, gnu::always_inline]] inline Classes32 classify32(const char* p) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const Avx2Constants& k = kAvx2Constants;
  const __m256i d =
      _mm256_cmpgt_epi8(load32(k.digit_bound), _mm256_add_epi8(v, load32(k.digit_shift)));
  const __m256i b = _mm256_cmpgt_epi8(load32(k.bad_bound), _mm256_add_epi8(v, load32(k.ones)));
  const __m256i s = _mm256_cmpeq_epi8(v, load32(k.spaces));
  return {bits32(_mm256_or_si256(d, b)), bits32(_mm256_or_si256(s, b))};
}

[[TALLY_LOCKBOX_AVX2_TARGET, gnu::always_inline]] inline void classify_window_avx2(const char* p,
                                                                            LineClasses& c) {
  static_assert(ItemPlan::kWindow == 128);
  for (int word = 0; word < 2; ++word) {
    const Classes32 lo = classify32(p + 64 * word);
    const Classes32 hi = classify32(p + 64 * word + 32);
    const std::uint64_t low = lo.low | hi.low << 32;
    const std::uint64_t high = lo.high | hi.high << 32;
    const std::uint64_t bad = low & high;
    c.bad.w[word] = bad;
    c.digit.w[word] = low ^ bad;
    c.blank.w[word] = high ^ bad;
  }
}
#endif

// ---- Decoding a classified line. ----

// The 64 bits of m from bit `begin` (0..127) on; bits past 127 read as 0.
[[gnu::always_inline]] inline std::uint64_t bits_from(const Mask& m, std::size_t begin) {
  if (begin >= 64) return m.w[1] >> (begin - 64);
  if (begin == 0) return m.w[0];
  return (m.w[0] >> begin) | (m.w[1] << (64 - begin));
}

// Trimmed text: the columns from the first to the last non-blank one. A field of at most 64
// columns (every standard one) is taken as one word of its own bits: no branch per word.
[[gnu::always_inline]] inline std::string_view trimmed(const Span& s, std::string_view line,
                                                       const Mask& blank) {
  if (!s.placed) return {};
  if (s.length <= 64) {
    const std::uint64_t text = ~bits_from(blank, s.begin) & low_bits(s.length);
    if (text == 0) return {};
    const auto first = static_cast<std::size_t>(__builtin_ctzll(text));
    const auto end = 64 - static_cast<std::size_t>(__builtin_clzll(text));
    return std::string_view(line.data() + s.begin + first, end - first);
  }
  const std::uint64_t text[2] = {s.mask.w[0] & ~blank.w[0], s.mask.w[1] & ~blank.w[1]};
  if ((text[0] | text[1]) == 0) return {};
  const std::size_t first = text[0] != 0 ? static_cast<std::size_t>(__builtin_ctzll(text[0]))
                                         : 64 + static_cast<std::size_t>(__builtin_ctzll(text[1]));
  const std::size_t last = text[1] != 0 ? 127 - static_cast<std::size_t>(__builtin_clzll(text[1]))
                                        : 63 - static_cast<std::size_t>(__builtin_clzll(text[0]));
  return std::string_view(line.data() + first, last - first + 1);
}

// A field decode() proved all digits or all blank (a number field): the whole field or
// nothing; text is trimmed.
[[gnu::always_inline]] inline std::string_view whole_or_blank(const Span& s, std::string_view line,
                                                              const Mask& blank) {
  if (!s.digits) return trimmed(s, line, blank);
  if (!s.placed) return {};
  const bool absent = bit(blank, s.begin);  // selects, not branches: MICR fields vary
  return std::string_view(absent ? nullptr : line.data() + s.begin, absent ? 0 : s.length);
}

#if defined(TALLY_LOCKBOX_X86)
// The len (1-16) known digits ending at `end` in one 16-byte load (end - 16 inside the line):
// bytes before the field are masked to zero, then digits are paired, paired again and again
// (10, 100, 10000 times the left one) into two 8-digit halves. Not always_inline: it is
// inlined into the AVX2 loop, which is flattened (item_run.cpp).
[[TALLY_LOCKBOX_AVX2_TARGET]] inline std::uint64_t sixteen_digits(const char* end, std::size_t len) {
  alignas(32) static constexpr std::uint8_t kLast[32] = {
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const __m128i zeros = _mm_load_si128(reinterpret_cast<const __m128i*>(kAvx2Constants.zeros.b));
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
  v = _mm_and_si128(_mm_sub_epi8(v, zeros),
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(kLast + len)));
  v = _mm_maddubs_epi16(v, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
  v = _mm_madd_epi16(v, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
  v = _mm_packus_epi32(v, v);
  v = _mm_madd_epi16(v, _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1));
  const auto halves = static_cast<std::uint64_t>(_mm_cvtsi128_si64(v));
  return (halves & 0xffffffffULL) * 100000000ULL + (halves >> 32);
}
#endif

// A number field decode() proved all digits and inside the line.
template <bool kSimd>
[[gnu::always_inline]] inline std::int64_t value(const Span& s, std::string_view line,
                                                 const char* limit) {
  const char* p = line.data() + s.begin;
  if (s.length <= 4) {  // batch and item numbers: a few multiply-adds, unsigned (no sign
    std::uint64_t v = 0;  // extension per byte)
    for (std::size_t i = 0; i < s.length; ++i)
      v = v * 10 + (static_cast<unsigned char>(p[i]) - std::uint64_t{'0'});
    return static_cast<std::int64_t>(v);
  }
#if defined(TALLY_LOCKBOX_X86)
  if constexpr (kSimd) {
    if (s.length <= 16 && s.begin + s.length >= 16)
      return static_cast<std::int64_t>(sixteen_digits(p + s.length, s.length));
  }
#endif
  if (limit - p >= 8) return scan::known_digits_value(p, s.length);  // reads p .. p + max(8, len)
  std::int64_t v = 0;
  scan::digits_value(std::string_view(p, s.length), v);
  return v;
}

// What the hot loop remembers between records (item_run.cpp; one per run, as the item it
// fills is only written by that run meanwhile). Check dates repeat from one check to the next,
// so a check date whose six bytes equal the previous record's is already in the item, decoded
// exactly as this one would be: nothing is looked up or stored. A blank (absent) date has key
// 0, which six digits never are. ItemPlan::read passes a fresh one: every date is decoded.
struct Memo {
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};  // no key (six bytes are 48 bits)
  std::uint64_t date_key = kNone;
};

// The checks, all on the masks, then the values:
//  - the line holds no byte that is not printable ASCII;
//  - must_digit (batch, item, amount, required number fields): all digits (so inside the line);
//  - every number field all digits or all blank: each column is one or the other, and no
//    digit/blank change happens inside a field (field_inside); a blank optional field is
//    absent, and a field cut by the line end changes to blank inside, so it is refused;
//  - a required text field is not blank;
//  - the check date, when present, is a real date (or 000000 when optional).
// These are exactly the cases in which RecordReader reads the fields without an issue.
template <bool kSimd = false>
[[gnu::always_inline]] inline bool decode(const ItemSpans& t, std::string_view line,
                                          const char* limit, const LineClasses& c, Item& out,
                                          DateCache& dates, ItemPlan::Extra& extra, Memo& memo) {
  if ((c.bad.w[0] | c.bad.w[1]) != 0) return false;
  if (!covers(c.digit, t.must_digit)) return false;
  const Mask either{{c.digit.w[0] | c.blank.w[0], c.digit.w[1] | c.blank.w[1]}};
  if (!covers(either, t.digit_fields)) return false;
  const std::uint64_t change0 = c.digit.w[0] ^ (c.digit.w[0] << 1);
  const std::uint64_t change1 = c.digit.w[1] ^ ((c.digit.w[1] << 1) | (c.digit.w[0] >> 63));
  if (((change0 & t.field_inside.w[0]) | (change1 & t.field_inside.w[1])) != 0) return false;
  for (int i = 0; i < t.required_texts; ++i)
    if (covers(c.blank, t.required_text[i])) return false;
  if (t.check_date.placed && !bit(c.blank, t.check_date.begin)) {
    const char* d = line.data() + t.check_date.begin;  // six digits inside the line
    BusinessDate date;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (limit - d >= 8) {  // the key is the six characters' word (DateCache::key)
      std::uint64_t word = 0;
      std::memcpy(&word, d, sizeof word);
      word &= 0xffffffffffffULL;
      if (word == memo.date_key) {
        // The previous record's date, already in `out` (Memo).
      } else if (t.check_date.optional && word == 0x303030303030ULL) {
        out.check_date.reset();  // 000000: no date
        memo.date_key = word;
      } else {
        const std::uint64_t key =
            word | (t.check_date.mmddyy ? DateCache::kMmddyyKey : DateCache::kYymmddKey);
        if (!dates.parse_key(key, d, t.check_date.mmddyy, date)) return false;  // as below
        out.check_date = date;
        memo.date_key = word;
      }
    } else
#endif
    if (t.check_date.optional && std::memcmp(d, "000000", 6) == 0) {
      out.check_date.reset();
    } else {
      if (!dates.parse(std::string_view(d, 6), t.check_date.mmddyy, date))
        return false;  // not a date: the general path says why
      out.check_date = date;
    }
  } else if (memo.date_key != 0) {
    out.check_date.reset();
    memo.date_key = 0;
  }
  out.batch_number = value<kSimd>(t.batch, line, limit);
  out.item_number = value<kSimd>(t.item, line, limit);
  out.amount_minor = value<kSimd>(t.amount, line, limit);
  out.remitter_routing = whole_or_blank(t.routing, line, c.blank);
  out.remitter_account = whole_or_blank(t.account, line, c.blank);
  out.check_number = whole_or_blank(t.check, line, c.blank);
  out.remitter_name = trimmed(t.remitter, line, c.blank);
  out.payee_name = trimmed(t.payee, line, c.blank);
  // A card number has at least 13 digits (Parser::masked counts them per name).
  constexpr int kMinPanDigits = 13;
  extra.may_hold_pan = __builtin_popcountll(c.digit.w[0] & t.names.w[0]) +
                           __builtin_popcountll(c.digit.w[1] & t.names.w[1]) >=
                       kMinPanDigits;
  return true;
}

// The first byte that is not printable ends the line if it is a line break; anything else
// (a tab, a byte >= 0x80, no break within the longest record) is for the general path.
// `c` holds the classes of the kWindow bytes from p.
template <bool kSimd = false>
[[gnu::always_inline]] inline bool framed_line(const ItemSpans& t, std::size_t max_length,
                                               const char* p, const char* limit, LineClasses& c,
                                               Item& out, DateCache& dates,
                                               ItemPlan::Framed& framed, ItemPlan::Extra& extra,
                                               Memo& memo) {
  const std::uint64_t bad0 = c.bad.w[0], bad1 = c.bad.w[1];
  if ((bad0 | bad1) == 0) return false;
  const std::size_t n = bad0 != 0 ? static_cast<std::size_t>(__builtin_ctzll(bad0))
                                  : 64 + static_cast<std::size_t>(__builtin_ctzll(bad1));
  if (n > max_length) return false;
  std::size_t consumed = n + 1;
  if (p[n] == '\r') {
    if (p + n + 1 < limit && p[n + 1] == '\n') ++consumed;  // as LineSplitter: CRLF
  } else if (p[n] != '\n') {
    return false;
  }
  // As cut(c, n), from the bad masks without a branch: the columns before the first bad byte
  // ((x - 1) & ~x: the bits below the lowest set one, all of them when x is 0). Before it no
  // byte is bad, by its definition.
  const std::uint64_t before0 = (bad0 - 1) & ~bad0;
  const std::uint64_t before1 = bad0 != 0 ? 0 : (bad1 - 1) & ~bad1;
  c.digit.w[0] &= before0;
  c.digit.w[1] &= before1;
  c.blank.w[0] |= ~before0;
  c.blank.w[1] |= ~before1;
  c.bad = Mask{};
  framed.length = n;
  framed.consumed = consumed;
  // The window is inside the buffer: number fields may load 8 bytes up to its end.
  return decode<kSimd>(t, std::string_view(p, n), p + ItemPlan::kWindow, c, out, dates, extra,
                       memo);
}

}  // namespace tally::formats::lockbox::item_decode
