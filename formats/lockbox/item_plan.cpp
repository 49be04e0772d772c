#include "formats/lockbox/item_plan.h"

#include "formats/lockbox/classify_avx512.h"
#include "formats/lockbox/item_decode.h"

#if defined(TALLY_LOCKBOX_X86)
#include <cpuid.h>
#endif

namespace tally::formats::lockbox {

using item_decode::build_spans;
using item_decode::classify_line;
using item_decode::decode;
using item_decode::kStandardSpans;

#if defined(TALLY_LOCKBOX_X86)
// The classifiers' constants (item_decode.h, classify_avx512.h: why they are out of line).
namespace item_decode {
namespace {
template <class Splat>
constexpr Splat splat(char c) {
  Splat s{};
  for (char& x : s.b) x = c;
  return s;
}
}  // namespace
const Avx2Constants kAvx2Constants = {splat<Splat32>(static_cast<char>(0x80 - '0')),
                                      splat<Splat32>(static_cast<char>(-128 + 10)),
                                      splat<Splat32>(1), splat<Splat32>(0x21), splat<Splat32>(' '), splat<Splat32>('0')};
const Avx512Constants kAvx512Constants = {splat<Splat64>('0'), splat<Splat64>(10),
                                          splat<Splat64>(' '), splat<Splat64>('~' - ' ' + 1)};
}  // namespace item_decode

namespace {

// LZCNT by CPUID (leaf 0x80000001, ECX bit 5): clang's __builtin_cpu_supports has no name for
// it, and on a CPU without it the instruction silently runs as BSR.
bool has_lzcnt() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_LZCNT) != 0;
}

}  // namespace
#endif

ItemPlan::ItemPlan(const LockboxLayout& layout, Simd best) {
  const FieldSpec* const specs[9] = {
      layout.find('6', Field::kBatchNumber),     layout.find('6', Field::kItemNumber),
      layout.find('6', Field::kAmount),          layout.find('6', Field::kRemitterRouting),
      layout.find('6', Field::kRemitterAccount), layout.find('6', Field::kCheckNumber),
      layout.find('6', Field::kCheckDate),       layout.find('6', Field::kRemitterName),
      layout.find('6', Field::kPayeeName)};
  spans_ = build_spans(specs);
  standard_ = spans_ == kStandardSpans;
  max_length_ = layout.max_record_length();
  // The hot loop finds the line end inside its window, so the window holds the longest line and
  // its terminator; masks have 128 bits.
  window_ = spans_.enabled && max_length_ + 1 <= kWindow ? kWindow : 0;
  (void)best;
#if defined(TALLY_LOCKBOX_X86)
  // Each level's code is compiled for these (TALLY_LOCKBOX_AVX2_TARGET, ..._AVX512_TARGET).
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                    __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") &&
                    has_lzcnt();
  const bool avx512 =
      avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  if (best >= Simd::kAvx512 && avx512)
    simd_ = Simd::kAvx512;
  else if (best >= Simd::kAvx2 && avx2)
    simd_ = Simd::kAvx2;
#endif
}

bool ItemPlan::read(std::string_view line, const char* limit, Item& out, DateCache& dates,
                    Extra& extra) const {
  const std::size_t n = line.size();
  if (!spans_.enabled || n > kMaxColumns) return false;
  LineClasses c;
  classify_line(line.data(), n, limit, c);
  item_decode::Memo fresh;  // nothing remembered: every field decoded
  return decode(spans_, line, limit, c, out, dates, extra, fresh);
}

}  // namespace tally::formats::lockbox
