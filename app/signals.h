// Clean shutdown on SIGINT/SIGTERM: block both before any thread starts (so every thread
// inherits the mask), then wait for one on the main thread with sigwait.
#pragma once

#include <csignal>

namespace tally::app {

inline void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// Returns the signal that arrived.
inline int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace tally::app
