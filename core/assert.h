// Always-on invariant checks (release builds too). A failed invariant means the process's
// state can no longer be trusted, so it stops at once instead of writing wrong books.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace tally::detail {
[[noreturn]] inline void assertion_failed(const char* expr, const char* msg, const char* file,
                                          int line) noexcept {
  std::fprintf(stderr, "tally: invariant broken at %s:%d: %s (%s)\n", file, line, msg, expr);
  std::fflush(stderr);
  std::abort();
}
}  // namespace tally::detail

// TALLY_ASSERT(cond, "what must hold"): checked in every build type.
#define TALLY_ASSERT(cond, msg)                                                   \
  do {                                                                            \
    if (!(cond)) [[unlikely]]                                                     \
      ::tally::detail::assertion_failed(#cond, msg, __FILE__, __LINE__);          \
  } while (false)
