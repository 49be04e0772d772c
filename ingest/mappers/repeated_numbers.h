// Sequence numbers a file must not use twice: a NACHA trace number, a lockbox's batch and
// item. The key of a payment holds more than its number (events/event_ids.h), so two entries
// that share a number still get two ids; but a bank that numbers two entries of one file alike
// has made a mistake a person must look at, so the file is refused ("repeated_trace",
// "repeated_item"; `tally ingest --override-conflicts` accepts it, recorded with who did).
//
// Bounded: at most kMaxTracked numbers per file are remembered (~48 MB worst case); past that
// a repeat is not noticed (counted in untracked()).
// Header-only; not thread-safe (one per mapped file).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

namespace tally::ingest {

template <typename Number>
class RepeatedNumbers {
 public:
  static constexpr std::size_t kMaxTracked = std::size_t{1} << 21;

  // The line that used `number` first, when `line` uses it again; nullopt the first time.
  std::optional<std::int64_t> earlier_line(const Number& number, std::int64_t line) {
    if (seen_.size() >= kMaxTracked) {
      if (auto it = seen_.find(number); it != seen_.end()) return it->second;
      ++untracked_;
      return std::nullopt;
    }
    auto [it, inserted] = seen_.emplace(number, line);
    if (inserted) return std::nullopt;
    return it->second;
  }

  std::int64_t untracked() const { return untracked_; }

 private:
  std::unordered_map<Number, std::int64_t> seen_;
  std::int64_t untracked_ = 0;
};

}  // namespace tally::ingest
