// The hot loop's AVX-512 classifier (internal; item_run.cpp): the kWindow (128) bytes from a
// line's start as digit / blank / not-printable masks, one column per bit (LineClasses).
// AVX-512BW compares bytes straight into 64-bit mask registers, so 128 bytes are two loads
// and six compares, with none of the movemask, shift and merge steps the AVX2 classifier
// (item_decode.h) needs. Only called when the CPU has AVX-512BW (ItemPlan checks at run time,
// __builtin_cpu_supports); the rest of the library stays baseline x86-64.
#pragma once

#include <cstdint>

#include "formats/lockbox/item_plan.h"

#if defined(__x86_64__)
#include <immintrin.h>

// Every AVX-512BW CPU also has AVX2, BMI1/2, POPCNT and LZCNT; ItemPlan checks each anyway.
#define TALLY_LOCKBOX_AVX512_TARGET gnu::target("avx512f,avx512bw,avx2,bmi,bmi2,popcnt,lzcnt")

namespace tally::formats::lockbox::item_decode {

// 64 copies of a byte, in memory: the loop calls the visitor, which clobbers every vector
// register, so a constant is best a memory operand of its instruction. Defined out of line
// (item_plan.cpp): a value the compiler can see it rebuilds in a register every time (two
// instructions each).
struct alignas(64) Splat64 {
  char b[64];
};
struct Avx512Constants {
  Splat64 zero, ten, space, printable_count;  // '0', 10, ' ', '~' - ' ' + 1 (0x5f)
};
extern const Avx512Constants kAvx512Constants;

[[TALLY_LOCKBOX_AVX512_TARGET, gnu::always_inline]] inline __m512i load64(const Splat64& s) {
  return _mm512_load_si512(s.b);
}

// Unsigned bytes: c - '0' < 10 exactly for digits; c - ' ' < 0x5f exactly for printable
// ASCII (' '..'~'), so everything else (controls, DEL, bytes >= 0x80) is bad.
[[TALLY_LOCKBOX_AVX512_TARGET, gnu::always_inline]] inline void classify_window_avx512(
    const char* p, LineClasses& c) {
  static_assert(ItemPlan::kWindow == 128);
  const Avx512Constants& k = kAvx512Constants;
  for (int word = 0; word < 2; ++word) {
    const __m512i v = _mm512_loadu_si512(p + 64 * word);
    c.digit.w[word] = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, load64(k.zero)), load64(k.ten));
    c.blank.w[word] = _mm512_cmpeq_epi8_mask(v, load64(k.space));
    c.bad.w[word] =
        _mm512_cmpge_epu8_mask(_mm512_sub_epi8(v, load64(k.space)), load64(k.printable_count));
  }
}

}  // namespace tally::formats::lockbox::item_decode

#endif
