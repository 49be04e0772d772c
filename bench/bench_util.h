// Shared benchmark helpers. Every figure is printed as one line that scripts can read:
//   NAME value=V unit=U baseline=B ratio=R
// where the baseline is measured in the same run on the same data (ratio = value/baseline).
// The machine is shared and noisy, so figures are medians over repeated runs.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace tally::bench {

// Runs fn `runs` times and returns the median wall time in seconds.
inline double median_seconds(int runs, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// decimals: of value and baseline (2 unless a unit needs more, e.g. latencies in ms).
inline void print_line(const std::string& name, double value, const std::string& unit,
                       double baseline, int decimals = 2) {
  std::printf("%s value=%.*f unit=%s baseline=%.*f ratio=%.3f\n", name.c_str(), decimals, value,
              unit.c_str(), decimals, baseline, baseline > 0 ? value / baseline : 0.0);
  std::fflush(stdout);
}

// Peak resident set size of this process so far, in KiB.
inline long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Keeps the optimizer from deleting work whose result is otherwise unused.
template <class T>
inline void do_not_optimize(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

}  // namespace tally::bench
