// Wall-clock time as events and records keep it: microseconds since the Unix epoch, UTC.
#pragma once

#include <chrono>
#include <cstdint>

namespace tally {

inline std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tally
