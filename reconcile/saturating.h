// Sums of report amounts. Each item is at most kMaxAmountMinor, so a sum only overflows with
// millions of extreme items: it stops at the int64 bounds rather than wrap.
#pragma once

#include <cstdint>
#include <limits>

namespace tally::reconcile {

inline void add_to(std::int64_t& sum, std::int64_t value) {
  if (__builtin_add_overflow(sum, value, &sum))
    sum = value > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

inline void subtract_from(std::int64_t& sum, std::int64_t value) {
  if (__builtin_sub_overflow(sum, value, &sum))
    sum = value < 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

}  // namespace tally::reconcile
