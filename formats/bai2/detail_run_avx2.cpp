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
//   reference, text; no blank to trim at any field's edge; '/' only in the text; a line under
//   128 bytes ending at its first '\n' or '\r' (no tab or other control byte before it), the
//   next line starting with "16,"; a text with no run of 13 digits, blanks or dashes (where a
//   card number could be).
//
// Records are decoded 16 at a time into a batch of details and then delivered, so the decoding
// loop has no call in it and keeps its state in registers: about 290 instructions a record
// (callgrind, on bench/bai2_bench's file), where a visitor call after each record made it 440.
// Anything else goes to the narrow take, one record at a time, which takes the record or stops the
// run before it. A record taken here is delivered exactly as the narrow take and the general path
// deliver it (tests/detail_run_test.cpp runs all of them on the same files).
//
// Reads stay inside the input: the reader starts a record only when kReach bytes remain, which
// covers the line's loads, the next line's start and the text's (the text starts within the
// first 64 bytes); the amount's 16-byte load (which ends where the amount ends) only from the
// input's 16th byte on. An AVX-512 version (one compare per class into a mask register)
// measured the same on a CPU that has both, twice (with a visitor call per record, and with
// batches), so there is one reader, for every AVX2 CPU.
#include "formats/bai2/detail_run.h"

#include <array>
#include <bit>
#include <cstddef>

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

[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t equal(const Bytes64& v, __m256i k) {
  return bits(_mm256_cmpeq_epi8(v.low, k), _mm256_cmpeq_epi8(v.high, k));
}

// Bytes at most k's, unsigned: min(x, k) == x.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline std::uint64_t at_most(const Bytes64& v, __m256i k) {
  return bits(_mm256_cmpeq_epi8(_mm256_min_epu8(v.low, k), v.low),
              _mm256_cmpeq_epi8(_mm256_min_epu8(v.high, k), v.high));
}

// The byte values the reader compares with, each in every lane. Built once per run and hidden
// from the optimizer by an empty asm: otherwise it builds each again where it is used (three
// instructions each, some twenty a record), where now a compare takes it from a register or
// the stack.
struct Constants {
  __m256i line_end = _mm256_set1_epi8('\r');  // at most this: a line end or another control
  __m256i comma = _mm256_set1_epi8(',');
  __m256i blank = _mm256_set1_epi8(' ');
  __m256i slash = _mm256_set1_epi8('/');
  __m256i dash = _mm256_set1_epi8('-');
  __m256i zero = _mm256_set1_epi8('0');
  __m256i nine = _mm256_set1_epi8(9);
  __m256i one_each = _mm256_set1_epi64x(1);  // in each 64-bit lane
  __m256i ones16 = _mm256_set1_epi16(1);     // in each 16-bit lane

  [[TALLY_BAI2_WIDE]] Constants() {
    asm(""
        : "+x"(line_end), "+x"(comma), "+x"(blank), "+x"(slash), "+x"(dash), "+x"(zero), "+x"(nine),
          "+x"(one_each), "+x"(ones16));
  }
};

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

// Bytes that are digits, blanks or dashes (all ones), what a card number is written with.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline __m256i pan_bytes(const Constants& k, __m256i x) {
  const __m256i digits = _mm256_sub_epi8(x, k.zero);
  const __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(digits, k.nine), digits);
  return _mm256_or_si256(
      digit, _mm256_or_si256(_mm256_cmpeq_epi8(x, k.blank), _mm256_cmpeq_epi8(x, k.dash)));
}

// Bit i of the result: bits i .. i+12 of `pan` (pan_bytes() bits) are all set, a run of 13
// bytes a card number could be written in. Rotates, not shifts: one instruction each (rorx),
// and a bit that wraps around can only add a run, never hide one.
inline std::uint64_t runs_of_13(std::uint64_t pan) {
  std::uint64_t run = pan & std::rotr(pan, 1);  // 2 in a row
  run &= std::rotr(run, 2);                     // 4
  run &= std::rotr(run, 4);                     // 8
  return run & std::rotr(run, 5);               // 13
}

// Whether the text may hold a card number: a run of 13 digits, blanks or dashes in it, as the
// StructuralIndex's `pan13` finds for the narrow take. Wider than may_hold_pan()'s chain (digits
// with single separators between them): the few texts the general path would find clean are
// declined, and the narrow take applies the exact test to them. Texts of 13 to 64 bytes are
// loaded (their 64 bytes must be readable); longer ones (rare) take the exact test here.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool text_may_hold_pan(const Constants& k,
                                                                      const char* text,
                                                                      std::size_t size) {
  constexpr std::size_t kMinPanDigits = 13;
  if (size < kMinPanDigits) return false;
  if (size > 64) return detail_line::text_may_hold_pan(std::string_view(text, size));
  const Bytes64 v = load64(text);
  return runs_of_13(bits(pan_bytes(k, v.low), pan_bytes(k, v.high)) &
                    _bzhi_u64(~std::uint64_t{0}, size)) != 0;
}

// The amount: 1 to 16 bare digits ending just before `end`, whose 16 bytes before it are
// readable. One load, the field's lanes checked and the others zeroed, then digit pairs,
// fours and eights summed with multiply-adds.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool amount_digits(const Constants& k,
                                                                  const char* end,
                                                                  std::size_t length,
                                                                  std::int64_t& value) {
  if (length - 1 >= 16) return false;  // none, or more than 16
  const __m128i field = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kFieldLanes + length));
  const __m128i digits = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16)),
                                      _mm256_castsi256_si128(k.zero));
  const __m128i digit =
      _mm_cmpeq_epi8(_mm_min_epu8(digits, _mm256_castsi256_si128(k.nine)), digits);
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

// The type codes the reader takes, one byte per code: 0 for a code it leaves to the narrow
// take (not in the table, or a status code, which a 16 may not carry), else the code's
// direction + 1. One load per record instead of the TypeCodeInfo's fields.
struct TakenTypes {
  std::uint8_t direction_plus_one[detail::kTypeCodeSpace];

  TakenTypes() {
    for (int code = 0; code < detail::kTypeCodeSpace; ++code) {
      const TypeCodeInfo* info = find_type_code(code);
      direction_plus_one[code] =
          info == nullptr || is_status(*info) ? 0 : static_cast<std::uint8_t>(info->direction) + 1;
    }
  }
};

const TakenTypes& taken_types() {
  static const TakenTypes types;
  return types;
}

// What the reader does with a funds type of one byte (' ' standing for an empty field), and what
// it stores for it: Availability's `type` and `defaulted`, side by side.
struct ReadFunds {
  enum Kind : std::uint8_t { kDeclined, kTaken, kValueDated };
  FundsType type = FundsType::kUnknown;
  bool defaulted = false;
  Kind kind = kDeclined;  // declined: S and D (more fields), a tab, anything else (an error)
};

constexpr std::array<ReadFunds, 256> read_funds() {
  std::array<ReadFunds, 256> table{};
  for (const FundsType type :
       {FundsType::kImmediate, FundsType::kOneDay, FundsType::kTwoOrMoreDays, FundsType::kUnknown})
    table[static_cast<unsigned char>(type)] = {type, false, ReadFunds::kTaken};
  table[' '] = {FundsType::kUnknown, true, ReadFunds::kTaken};  // empty: defaulted
  table['V'] = {FundsType::kValueDated, false, ReadFunds::kValueDated};
  return table;
}
constexpr std::array<ReadFunds, 256> kReadFunds = read_funds();

// Bytes the reader needs from a record's start: the line's loads (128 bytes), then, after a line
// of at most 127 bytes and its "\r\n", a 4-byte load of the next line's start.
constexpr std::size_t kReach = 136;

// For a line that does not end "\n16,": whether it ends with '\r' or "\r\n" and the next line
// starts "16,"; `next` becomes the next line's first byte. Reads at most 4 bytes past the '\r'.
inline bool line_ends_before_16(const char* p, std::size_t size, std::size_t& next) {
  if (p[size] != '\r') return false;  // another control byte, or '\n' and another record
  if (p[next] == '\n') ++next;
  std::uint32_t head = 0;
  std::memcpy(&head, p + next, 4);
  return (head & 0xFFFFFF) == ('1' | '6' << 8 | ',' << 16);
}

// The reader's running state while it decodes a batch, all in registers.
struct Cursor {
  const char* at;       // just after the current record's "16,"
  __m128i line_record;  // the current record's line and record number, as TransactionDetail
                        // keeps them (side by side): one store, one add for both
  std::int64_t account_total, credit, debit;
};

// Reads the record at cur.at into t, advancing cur to the next record; false (with cur
// untouched, t perhaps half written) if it is not the usual shape. The caller has made sure no
// running sum can overflow (batch_cannot_overflow()) and that at least 16 bytes precede the
// record.
[[TALLY_BAI2_WIDE, gnu::always_inline]] inline bool decode(const Parser& ps, const Constants& ks,
                                                           const TakenTypes& types,
                                                           const char* last_start,
                                                           TransactionDetail& t, Cursor& cur) {
  if (cur.at > last_start) return false;  // too near the end for the loads below
  const char* const p = cur.at;
  const Bytes64 v0 = load64(p);
  const Bytes64 v1 = load64(p + 64);

  // The line: up to the first byte <= '\r', which must be '\n' or '\r' (a tab: not ours).
  std::size_t size = _tzcnt_u64(at_most(v0, ks.line_end));
  if (size == 64) size += _tzcnt_u64(at_most(v1, ks.line_end));
  if (size == 128) return false;
  // Only when the next line starts "16," does this record provably end with its line. The
  // usual: '\n' then "16,", one compare.
  std::size_t next = size + 1;  // the next line's first byte, from p
  std::uint32_t end_and_head = 0;
  std::memcpy(&end_and_head, p + size, 4);
  if (end_and_head != ('\n' | '1' << 8 | '6' << 16 | ',' << 24) &&
      !line_ends_before_16(p, size, next))
    return false;

  // Fields: the first seven commas of the 64 bytes (64 when missing). Those past the line end
  // (the next line's) are not masked off: the text's comma must come before the line end.
  std::uint64_t w = equal(v0, ks.comma);
  const std::uint64_t commas = w;
  std::size_t c[7];
  for (std::size_t& at : c) {
    at = _tzcnt_u64(w);
    w = _blsr_u64(w);
  }
  if (c[0] != 3) return false;  // the type code is 3 bytes
  Availability& f = t.funds;
  const std::size_t funds_length = c[2] - c[1] - 1;
  if (funds_length > 1) return false;  // blanks around it, or not a funds type
  const ReadFunds& funds =
      kReadFunds[static_cast<unsigned char>(funds_length == 0 ? ' ' : p[c[1] + 1])];
  if (funds.kind == ReadFunds::kDeclined) return false;  // S, D, a blank or a bad funds type
  const bool value_dated = funds.kind == ReadFunds::kValueDated;
  // The commas before the bank reference, the customer reference and the text.
  const std::size_t before_bank = value_dated ? c[4] : c[2];
  const std::size_t before_customer = value_dated ? c[5] : c[3];
  const std::size_t before_text = value_dated ? c[6] : c[4];
  if (before_text >= 63 || before_text >= size) return false;  // commas past 64 bytes, or missing
  const std::size_t text_begin = before_text + 1;
  // Stored as soon as known, so their positions need no register: a declined record leaves
  // them in a slot the next record overwrites.
  t.bank_reference = std::string_view(p + before_bank + 1, before_customer - before_bank - 1);
  t.customer_reference =
      std::string_view(p + before_customer + 1, before_text - before_customer - 1);
  static_assert(offsetof(Availability, defaulted) == offsetof(Availability, type) + 1 &&
                offsetof(ReadFunds, defaulted) == offsetof(ReadFunds, type) + 1);
  std::memcpy(&f.type, &funds.type, 2);  // type and defaulted, one store

  // Nothing to trim: no blank next to a comma up to the text's, none ending the text.
  const std::uint64_t field_commas = _bzhi_u64(commas, before_text + 1);
  const std::uint64_t blanks = equal(v0, ks.blank);
  if ((blanks & ((field_commas << 1) | (field_commas >> 1))) != 0) return false;

  // The text ends at the line end or at a closing '/'. Slashes past the line end (the next
  // line's) are masked off only when the line has one that does not close it.
  std::uint64_t s0 = equal(v0, ks.slash);
  std::uint64_t s1 = equal(v1, ks.slash);
  const std::size_t first = s0 != 0 ? _tzcnt_u64(s0) : 64 + _tzcnt_u64(s1);  // 128: none
  std::size_t text_end = size;
  if (first < text_begin) return false;  // a '/' in a field before the text
  if (first == size - 1) {               // the lowest '/' is the line's last byte: the only one
    text_end = size - 1;
  } else if (first < size) {
    s0 = _bzhi_u64(s0, size);
    s1 = size > 64 ? _bzhi_u64(s1, size - 64) : 0;
    if (!text_end_past_slashes(p, size, s0, s1, text_end)) return false;
  }
  if (text_end > text_begin && p[text_end - 1] == ' ') return false;

  // Values. The type code: three digits (the high bit of a byte is set below if it is not
  // one), their value by two multiply-adds, then the table.
  std::uint32_t type_bytes = 0;
  std::memcpy(&type_bytes, p, 4);
  if ((((type_bytes - 0x303030) | (type_bytes + 0x464646)) & 0x808080) != 0) return false;
  const __m128i type_digits =
      _mm_sub_epi8(_mm256_castsi256_si128(v0.low), _mm256_castsi256_si128(ks.zero));
  const __m128i hundreds_tens_and_ones = _mm_maddubs_epi16(  // a*100 + b*10, c (and 0 for ',')
      type_digits, _mm_setr_epi8(100, 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  const auto code = static_cast<unsigned>(
      _mm_cvtsi128_si32(_mm_madd_epi16(hundreds_tens_and_ones, _mm256_castsi256_si128(ks.ones16))));
  const unsigned direction_plus_one = types.direction_plus_one[code];
  if (direction_plus_one == 0) return false;
  std::memcpy(&t.type, &detail::kTypeCodeTable[code], sizeof t.type);  // one 32-byte copy
  std::int64_t amount = 0;
  if (!amount_digits(ks, p + c[1], c[1] - 4, amount)) return false;
  *t.amount_minor = amount;  // the batch's slots hold an amount from the start

  f.value_date.reset();
  f.value_time.reset();
  if (value_dated) {
    // Only the date value_date() read last, and no time or an HHMM one: the narrow take reads
    // the others (and updates value_date()'s cache).
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
  t.text = std::string_view(p + text_begin, text_end - text_begin);
  // A card number? The narrow take decides. The usual line's text lies within its bytes 32 to
  // 95, already loaded: the runs there need only the line end, so they are found while the
  // commas are still being walked, and then only the runs starting in the text count. (A run
  // cannot cross the comma before the text.)
  if (text_begin >= 32 && size <= 96) {
    const std::uint64_t runs = runs_of_13(bits(pan_bytes(ks, v0.high), pan_bytes(ks, v1.low)) &
                                          _bzhi_u64(~std::uint64_t{0}, size - 32));
    if ((runs & ~_bzhi_u64(~std::uint64_t{0}, text_begin - 32)) != 0) return false;
  } else if (text_may_hold_pan(ks, t.text.data(), t.text.size())) {
    return false;
  }

  // Taken: nothing below can fail.
  cur.account_total += amount;
  const auto direction = static_cast<Direction>(direction_plus_one - 1);
  if (direction == Direction::kCredit) {
    cur.credit += amount;
  } else if (direction == Direction::kDebit) {
    cur.debit += amount;
  }
  static_assert(offsetof(TransactionDetail, record) == offsetof(TransactionDetail, line) + 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&t.line), cur.line_record);
  cur.line_record = _mm_add_epi64(cur.line_record, _mm256_castsi256_si128(ks.one_each));
  cur.at = p + next + 3;
  return true;
}

// Records decoded before they are delivered. With no visitor call among them, the loop keeps
// its counters, pointers and vector constants in registers; a call after each record made the
// compiler save and reload them around it (batching alone took 440 instructions a record down
// to 384, callgrind).
constexpr int kBatch = 16;

// Whether no running sum can overflow in a batch, so its records need no check of their own:
// the reader takes amounts of at most 16 digits, under 2^54, so a batch adds under 2^58 to a
// sum, and a sum within 2^62 of zero stays within int64. Otherwise the narrow take, which
// checks each record, reads on.
bool batch_cannot_overflow(const Cursor& cur) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 62;
  const auto small = [](std::int64_t sum) {
    return static_cast<std::uint64_t>(sum) + kLimit < 2 * kLimit;
  };
  static_assert(kBatch * 10'000'000'000'000'000 < (std::int64_t{1} << 58));
  return small(cur.account_total) && small(cur.credit) && small(cur.debit);
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
  const TakenTypes& types = taken_types();
  const Constants ks;
  Lexer& lx = DetailRun::lexer(ps);
  const std::string_view bytes = DetailRun::data(lx);
  if (bytes.size() < kReach) return DetailRun::take_rest_narrow(ps);
  const char* const last_start = bytes.data() + bytes.size() - kReach;
  // Each slot starts as the parser's detail: the fields that stay the same for the run.
  TransactionDetail batch[kBatch];
  for (TransactionDetail& slot : batch) {
    slot = DetailRun::detail(ps);
    slot.amount_minor = 0;
  }
  DetailRun::Counters k(ps, lx);
  std::int64_t backoff = 0;
  for (;;) {
    Cursor cur{bytes.data() + k.pos, _mm_set_epi64x(k.records, k.line), k.account_total, k.credit,
               k.debit};
    TransactionDetail* slot = batch;
    // The amount's 16-byte load ends where the amount ends: from the 16th byte of the input on.
    if (k.pos >= 16 && batch_cannot_overflow(cur)) {
      while (slot != batch + kBatch && decode(ps, ks, types, last_start, *slot, cur)) ++slot;
    }
    const std::int64_t decoded = slot - batch;
    k.pos = static_cast<std::size_t>(cur.at - bytes.data());
    k.line += decoded;
    k.records += decoded;
    k.transactions += decoded;
    k.wide += decoded;
    k.account_total = cur.account_total;
    k.credit = cur.credit;
    k.debit = cur.debit;
    DetailRun::deliver(ps, batch, slot);
    if (decoded > 0) backoff = 0;
    if (decoded == kBatch) continue;
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
