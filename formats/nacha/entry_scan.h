// The per-record work of the reader's loop over runs of entry records (reader.cpp,
// run_entries), in two versions chosen at run time (entry_loop()), never by compiler flags:
//   scan(t):    is every byte of the 94-byte entry at `t` printable ASCII, and every byte that
//               a non-ADV entry needs as a digit (kEntryDigitMask) a digit?
//   numbers(t): after scan(t), the RDFI routing number, whether its check digit passes, and
//               the amount.
// BaselineEntryScanner works on every x86-64 CPU (SSE2 and 64-bit words; scalar elsewhere);
// Avx2EntryScanner is compiled with target("avx2"). Both give the same answers for every
// record (tests/entry_loop_test.cpp). Pure functions, thread-safe; the only global state is
// the test override at the end.
#pragma once

#include <cstdint>
#include <optional>

#include "formats/nacha/fields.h"
#include "formats/nacha/layout.h"
#include "formats/nacha/record_scan.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tally::formats::nacha {

// Bytes that must be digits in every non-ADV entry: transaction code, RDFI routing and
// check digit, amount, trace number.
constexpr DigitMask make_entry_digit_mask() {
  DigitMask mask{};
  for (const Field& f :
       {layout::entry::kTransactionCode, layout::entry::kRdfiRouting, layout::entry::kCheckDigit,
        layout::entry::kAmount, layout::entry::kTraceNumber})
    for (std::size_t i = 0; i < f.length; ++i) mask[f.start - 1 + i] = 0xFF;
  return mask;
}
inline constexpr DigitMask kEntryDigitMask = make_entry_digit_mask();
inline constexpr ByteRanges kEntryRanges = make_byte_ranges(kEntryDigitMask);

// The numbers every non-ADV entry needs, from a record that passed the scan.
struct EntryNumbers {
  std::uint64_t routing = 0;      // the 8-digit RDFI routing number
  std::int64_t amount_minor = 0;  // the 10-digit amount
  bool routing_ok = false;        // the check digit (position 12) matches the routing number
};

// The baseline: SSE2 (scalar where there is none) and 64-bit word arithmetic.
struct BaselineEntryScanner {
  // Every byte printable, every kEntryDigitMask byte a digit.
  static bool scan(const char* t) { return scan_record(t, kEntryRanges, kEntryDigitMask).ok(); }
  // Only after scan(t): the digits are not checked again.
  static EntryNumbers numbers(const char* t) {
    return {
        eight_digits(t + 3),
        static_cast<std::int64_t>(eight_digits(t + 29)) * 100 + (t[37] - '0') * 10 + (t[38] - '0'),
        routing_check_passes(t + 3)};
  }
};

#if defined(__x86_64__)
// The same with AVX2. Call only where the CPU has AVX2 (entry_loop()); the caller is
// compiled with target("avx2") too, so that these inline into it.
struct Avx2EntryScanner {
  [[gnu::target("avx2")]] static bool scan(const char* t);
  [[gnu::target("avx2")]] static EntryNumbers numbers(const char* t);
};

// Three 32-byte windows, at 0, 32 and 62. Per byte, (c - low) minus span, saturating at 0, is
// zero exactly when c is in its range [low, low + span].
[[gnu::target("avx2")]] inline bool Avx2EntryScanner::scan(const char* t) {
  const auto* low = kEntryRanges.low.data();
  const auto* span = kEntryRanges.span.data();
  __m256i bad = _mm256_setzero_si256();
  for (const std::size_t offset : {0UL, 32UL, 62UL}) {
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + offset));
    const __m256i l = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low + offset));
    const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(span + offset));
    bad = _mm256_or_si256(bad, _mm256_subs_epu8(_mm256_sub_epi8(c, l), s));
  }
  return _mm256_testz_si256(bad, bad) != 0;
}

// Routing number, check digit and amount in one pass: the routing digits (bytes 3-10) in the
// low 128-bit lane, the amount (bytes 29-38) at the end of the high lane, each lane turned
// from digits into numbers by multiply-adds (pairs, fours, eights), as for any digit string.
[[gnu::target("avx2")]] inline EntryNumbers Avx2EntryScanner::numbers(const char* t) {
  const __m128i routing_window = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + 3));
  const __m128i amount_window = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + 23));
  const __m256i digits = _mm256_sub_epi8(
      _mm256_inserti128_si256(_mm256_castsi128_si256(routing_window), amount_window, 1),
      _mm256_set1_epi8('0'));
  // Only the numbers' own digits count: lane 0 bytes 0-7, lane 1 bytes 6-15.
  const __m256i kept = _mm256_and_si256(
      digits, _mm256_setr_epi64x(-1, 0, static_cast<std::int64_t>(0xFFFF000000000000ULL), -1));
  const __m256i pairs = _mm256_maddubs_epi16(kept, _mm256_set1_epi16(0x010A));      // 10, 1
  const __m256i fours = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00010064));    // 100, 1
  const __m256i packed = _mm256_packus_epi32(fours, fours);                         // to 16-bit
  const __m256i eights = _mm256_madd_epi16(packed, _mm256_set1_epi32(0x00012710));  // 10^4, 1
  // Lane 0 starts with the routing number; lane 1 with digits 29-30, then digits 31-38.
  const auto amount_parts =
      static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm256_extracti128_si256(eights, 1)));
  // The check: 3-7-1 weights on the routing digits, 1 on the check digit; a multiple of 10.
  const __m128i weighted =
      _mm_maddubs_epi16(_mm256_castsi256_si128(digits),
                        _mm_setr_epi8(3, 7, 1, 3, 7, 1, 3, 7, 1, 0, 0, 0, 0, 0, 0, 0));
  const __m128i zero = _mm_setzero_si128();
  const auto check_sum = static_cast<std::uint32_t>(
      _mm_cvtsi128_si32(_mm_sad_epu8(_mm_packus_epi16(weighted, zero), zero)));
  EntryNumbers n;
  n.routing = static_cast<std::uint32_t>(_mm256_cvtsi256_si32(eights));
  n.amount_minor =
      static_cast<std::int64_t>((amount_parts & 0xFFFFFFFF) * 100'000'000 + (amount_parts >> 32));
  n.routing_ok = check_sum % 10 == 0;
  return n;
}
#endif

// How the reader reads runs of entry records: its loop with the AVX2 scanner where the CPU has
// it (detected once), else with the baseline one. kOff, for tests only, sends every record
// through the general path: the reference that both loops must agree with.
enum class EntryLoop : std::uint8_t { kOff, kBaseline, kAvx2 };

EntryLoop entry_loop();

// Tests only: force a mode (false, and no change, for kAvx2 on a CPU without AVX2), or with
// nullopt go back to detection. Not to be called while a parse runs on another thread.
bool set_entry_loop_for_testing(std::optional<EntryLoop> mode);

}  // namespace tally::formats::nacha
