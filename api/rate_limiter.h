// RateLimiter: the router's Admission per bearer token (router.h) as a token bucket per key.
// A key may make `burst` requests at once and `rate_per_second` sustained; past that admit()
// answers the whole seconds to wait (at least 1) for the 429's Retry-After.
//
// Arithmetic is in integers: a bucket holds millionths of a request, refilled by the microsecond,
// so no rate or clock rounds a request away.
//
// Memory is bounded: at most about `max_keys` buckets. A bucket idle long enough to be full again
// is the same as no bucket, so it is dropped first; past the cap the least recently used are
// dropped too (such a key starts again with a full burst: the cap is a safety net, the keys are
// token ids and only valid tokens reach admit()).
//
// Threads: admit() may be called from any thread at once. Keys are spread over shards, each with
// its own mutex, so callers with different tokens rarely wait on each other.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/router.h"

namespace tally::api {

struct RateLimiterOptions {
  std::int64_t rate_per_second = 100;  // 1..1,000,000
  std::int64_t burst = 200;            // 1..1,000,000
  std::size_t max_keys = 1 << 16;
};

// A monotonic clock in microseconds; tests pass their own.
using MonotonicClockUs = std::function<std::int64_t()>;
std::int64_t steady_now_us();

class RateLimiter final : public Admission {
 public:
  explicit RateLimiter(RateLimiterOptions options, MonotonicClockUs now_us = steady_now_us);

  std::optional<int> admit(std::string_view key) override;

  // Buckets held now (for tests and metrics).
  std::size_t tracked_keys() const;

 private:
  struct Bucket {
    std::int64_t tokens_micro = 0;  // millionths of a request
    std::int64_t updated_us = 0;
  };
  // Finds a std::string key by std::string_view without building a string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  static constexpr std::size_t kCacheLineBytes = 64;
  struct alignas(kCacheLineBytes) Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets;
  };
  static constexpr std::size_t kShardBits = 5;
  static constexpr std::size_t kShards = std::size_t{1} << kShardBits;

  Shard& shard_for(std::size_t key_hash);
  void make_room(Shard& shard, std::int64_t now_us) const;

  const std::int64_t rate_per_second_;
  const std::int64_t capacity_micro_;  // burst, in millionths of a request
  const std::int64_t fill_us_;         // from empty to full: a bucket idle this long is full
  const std::size_t keys_per_shard_;
  const MonotonicClockUs now_us_;
  std::array<Shard, kShards> shards_;
};

}  // namespace tally::api
