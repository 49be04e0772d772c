#include "api/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/assert.h"

namespace tally::api {
namespace {

constexpr std::int64_t kMicroPerRequest = 1'000'000;  // a bucket counts millionths of a request
constexpr std::int64_t kUsPerSecond = 1'000'000;
constexpr std::int64_t kMaxRatePerSecond = 1'000'000;  // keeps rate x time and burst x 1e6 in int64
constexpr std::int64_t kMaxBurst = 1'000'000;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

}  // namespace

std::int64_t steady_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RateLimiter::RateLimiter(RateLimiterOptions options, MonotonicClockUs now_us)
    : rate_per_second_(options.rate_per_second),
      capacity_micro_(options.burst * kMicroPerRequest),
      // At `rate` requests per second a bucket gains `rate` millionths of a request per
      // microsecond, so it fills from empty in capacity / rate microseconds.
      fill_us_(ceil_div(options.burst * kMicroPerRequest,
                        std::max<std::int64_t>(1, options.rate_per_second))),
      keys_per_shard_(std::max<std::size_t>(1, options.max_keys / kShards)),
      now_us_(std::move(now_us)) {
  TALLY_ASSERT(options.rate_per_second >= 1 && options.rate_per_second <= kMaxRatePerSecond,
               "rate_per_second is 1..1,000,000");
  TALLY_ASSERT(options.burst >= 1 && options.burst <= kMaxBurst, "burst is 1..1,000,000");
  TALLY_ASSERT(now_us_ != nullptr, "a rate limiter needs a clock");
}

RateLimiter::Shard& RateLimiter::shard_for(std::size_t key_hash) {
  // The high bits pick the shard; the map inside uses the hash modulo its bucket count, so the
  // two choices stay independent.
  constexpr std::size_t kHashBits = sizeof(std::size_t) * 8;
  return shards_[key_hash >> (kHashBits - kShardBits)];
}

std::optional<int> RateLimiter::admit(std::string_view key) {
  const std::int64_t now = now_us_();  // read outside the lock: a clock may be slow
  Shard& shard = shard_for(KeyHash{}(key));
  const std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= keys_per_shard_) make_room(shard, now);
    it = shard.buckets.emplace(std::string(key), Bucket{capacity_micro_, now}).first;
  }
  Bucket& bucket = it->second;
  // Threads read the clock before the lock, so `now` may be a little behind the bucket's time:
  // such a request gets no refill rather than a negative one.
  if (now > bucket.updated_us) {
    const std::int64_t elapsed_us = std::min(now - bucket.updated_us, fill_us_);
    bucket.tokens_micro =
        std::min(capacity_micro_, bucket.tokens_micro + elapsed_us * rate_per_second_);
    bucket.updated_us = now;
  }
  if (bucket.tokens_micro >= kMicroPerRequest) {
    bucket.tokens_micro -= kMicroPerRequest;
    return std::nullopt;
  }
  const std::int64_t wait_us = ceil_div(kMicroPerRequest - bucket.tokens_micro, rate_per_second_);
  return static_cast<int>(std::max<std::int64_t>(1, ceil_div(wait_us, kUsPerSecond)));
}

void RateLimiter::make_room(Shard& shard, std::int64_t now_us) const {
  // A bucket idle for fill_us_ is full: dropping it changes no answer.
  std::erase_if(shard.buckets,
                [&](const auto& entry) { return now_us - entry.second.updated_us >= fill_us_; });
  // Still crowded with active keys: drop the least recently used until a quarter of the shard
  // is free, so the next sweep is that many new keys away (constant time per admit, amortized).
  const std::size_t keep = std::min(keys_per_shard_ - 1, keys_per_shard_ - keys_per_shard_ / 4);
  if (shard.buckets.size() <= keep) return;
  if (keep == 0) return shard.buckets.clear();
  std::vector<std::int64_t> times;
  times.reserve(shard.buckets.size());
  for (const auto& [key, bucket] : shard.buckets) times.push_back(bucket.updated_us);
  const std::size_t drop = shard.buckets.size() - keep;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                   times.end());
  const std::int64_t oldest_kept_us = times[drop - 1];
  std::erase_if(shard.buckets,
                [&](const auto& entry) { return entry.second.updated_us <= oldest_kept_us; });
}

std::size_t RateLimiter::tracked_keys() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace tally::api
