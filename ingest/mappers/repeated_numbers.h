// Sequence numbers a file must not use twice: a NACHA trace number, a lockbox's batch and
// item, a bill id. The key of a payment holds more than its number (events/event_ids.h), so
// two entries that share a number still get two ids; but a bank that numbers two entries of
// one file alike has made a mistake a person must look at, so the file is refused
// ("repeated_trace", "repeated_item", "repeated_bill"; `tally ingest --override-conflicts`
// accepts it, recorded with who did).
//
// Banks number ascending, so the usual file costs an append per number: only a number that is
// not above every number before it is looked up, in a set built from the numbers so far the
// first time that happens.
//
// Bounded: at most kMaxTracked numbers per file are remembered (~48 MB worst case); past that
// a repeat is not noticed (counted in untracked()).
// Header-only; not thread-safe (one per mapped file).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tally::ingest {

template <typename Number>
class RepeatedNumbers {
 public:
  static constexpr std::size_t kMaxTracked = std::size_t{1} << 21;

  // The line that used `number` first, when `line` uses it again; nullopt the first time.
  std::optional<std::int64_t> earlier_line(const Number& number, std::int64_t line) {
    if (seen_.empty() && (ascending_.empty() || ascending_.back().first < number)) {
      if (ascending_.size() < kMaxTracked) ascending_.emplace_back(number, line);
      else ++untracked_;
      return std::nullopt;
    }
    if (seen_.empty()) {  // the first number out of order: from now on, look each one up
      seen_.reserve(ascending_.size() * 2);
      for (const auto& [n, l] : ascending_) seen_.emplace(n, l);
      ascending_ = {};
    }
    if (auto it = seen_.find(number); it != seen_.end()) return it->second;
    if (seen_.size() < kMaxTracked) seen_.emplace(number, line);
    else ++untracked_;
    return std::nullopt;
  }

  std::int64_t untracked() const { return untracked_; }

 private:
  std::vector<std::pair<Number, std::int64_t>> ascending_;  // while every number rose
  std::unordered_map<Number, std::int64_t> seen_;
  std::int64_t untracked_ = 0;
};

}  // namespace tally::ingest
