// Counts the heap a benchmark's process holds, by replacing the global operator new/delete:
// the parser-memory figures ("peak heap while parsing 100k vs 1M records") come from here.
// Include from exactly one source file of a benchmark executable (it defines the operators).
// Single-threaded use: the counters are plain integers.
#pragma once

#include <malloc.h>

#include <cstdlib>
#include <new>

#include "bench/bench_util.h"

namespace tally::bench::heap {
inline std::size_t live_bytes = 0;
inline std::size_t peak_bytes = 0;

// Starts a measurement: the peak from now on, relative to what is live now.
inline std::size_t begin() {
  peak_bytes = live_bytes;
  return live_bytes;
}
inline std::size_t peak_since(std::size_t start) { return peak_bytes - start; }

inline void* allocate(std::size_t size) {
  void* p = std::malloc(size ? size : 1);
  if (!p) throw std::bad_alloc();
  live_bytes += malloc_usable_size(p);
  if (live_bytes > peak_bytes) peak_bytes = live_bytes;
  return p;
}
inline void release(void* p) noexcept {
  if (!p) return;
  live_bytes -= malloc_usable_size(p);
  std::free(p);
}
}  // namespace tally::bench::heap

void* operator new(std::size_t size) { return tally::bench::heap::allocate(size); }
void* operator new[](std::size_t size) { return tally::bench::heap::allocate(size); }
void operator delete(void* p) noexcept { tally::bench::heap::release(p); }
void operator delete[](void* p) noexcept { tally::bench::heap::release(p); }
void operator delete(void* p, std::size_t) noexcept { tally::bench::heap::release(p); }
void operator delete[](void* p, std::size_t) noexcept { tally::bench::heap::release(p); }

namespace tally::bench {

struct ParseMemory {
  long rss_growth_kib = 0;      // rise of peak RSS while `parse` ran
  std::size_t heap_peak_kib = 0;  // the most heap it held at once
};

// What one parse costs in memory; build the input before, so only the parse is counted.
template <class Parse>
ParseMemory measure_parse_memory(Parse&& parse) {
  const long rss_before = peak_rss_kib();
  const std::size_t live_before = heap::begin();
  parse();
  ParseMemory m;
  m.heap_peak_kib = heap::peak_since(live_before) / 1024;
  m.rss_growth_kib = peak_rss_kib() - rss_before;
  return m;
}

}  // namespace tally::bench
