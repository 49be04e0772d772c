// Business keys a file uses more than once. An event id is its business key, so two rows of
// one file with the same key would be one event and the second row's money would vanish as a
// "duplicate". Within one file that is never a re-send: it is two events the key does not tell
// apart (two partial refunds of one payment in a layout without modification references, a
// bank that reuses a reference). The mapper asks occurrence() and appends "#n" to the key of
// the n-th use (n >= 2): every row gets its own id, and the ids stay the same when the same
// file, or a corrected one with rows in the same order, arrives again.
//
// Bounded: at most kMaxTracked keys per file are remembered (~64 MB worst case); past that a
// repeat is not noticed (counted in untracked()).
// Header-only; not thread-safe (one per mapped file).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/ids.h"

namespace tally::ingest {

class RepeatedKeys {
 public:
  static constexpr std::size_t kMaxTracked = std::size_t{1} << 20;

  // 1 the first time `key` is seen in this file, 2 the second time, ...
  std::uint32_t occurrence(const EventId& key) {
    auto it = seen_.find(key);
    if (it != seen_.end()) {
      ++repeats_;
      return ++it->second;
    }
    if (seen_.size() < kMaxTracked)
      seen_.emplace(key, 1);
    else
      ++untracked_;
    return 1;
  }

  // "" for the first occurrence, "#n" after.
  static std::string suffix(std::uint32_t occurrence) {
    return occurrence <= 1 ? std::string() : "#" + std::to_string(occurrence);
  }

  // Forgets the keys seen so far (the counts stay).
  void clear() { seen_.clear(); }

  std::int64_t repeats() const { return repeats_; }
  std::int64_t untracked() const { return untracked_; }

 private:
  std::unordered_map<EventId, std::uint32_t> seen_;
  std::int64_t repeats_ = 0, untracked_ = 0;
};

}  // namespace tally::ingest
