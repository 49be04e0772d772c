#include "formats/nacha/entry_scan.h"

#include <atomic>

namespace tally::formats::nacha {
namespace {

bool cpu_has_avx2() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
#else
  return false;
#endif
}

// -1: detect; otherwise the EntryLoop a test forced.
std::atomic<int> forced_mode{-1};

}  // namespace

EntryLoop entry_loop() {
  static const bool avx2 = cpu_has_avx2();
  const int forced = forced_mode.load(std::memory_order_relaxed);
  if (forced >= 0) return static_cast<EntryLoop>(forced);
  return avx2 ? EntryLoop::kAvx2 : EntryLoop::kBaseline;
}

bool set_entry_loop_for_testing(std::optional<EntryLoop> mode) {
  if (mode == EntryLoop::kAvx2 && !cpu_has_avx2()) return false;
  forced_mode.store(mode ? static_cast<int>(*mode) : -1, std::memory_order_relaxed);
  return true;
}

}  // namespace tally::formats::nacha
