#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/rate_limiter.h"

using tally::api::RateLimiter;
using tally::api::RateLimiterOptions;

namespace {

constexpr std::int64_t kUsPerSecond = 1'000'000;

// A clock the test moves by hand; shared with the limiter.
struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> now_us =
      std::make_shared<std::atomic<std::int64_t>>(1'000'000'000);
  tally::api::MonotonicClockUs source() const {
    return [now = now_us] { return now->load(); };
  }
  void advance_us(std::int64_t us) const { *now_us += us; }
};

RateLimiterOptions options(std::int64_t rate_per_second, std::int64_t burst,
                           std::size_t max_keys = 1 << 16) {
  RateLimiterOptions o;
  o.rate_per_second = rate_per_second;
  o.burst = burst;
  o.max_keys = max_keys;
  return o;
}

int admitted_of(RateLimiter& limiter, std::string_view key, int attempts) {
  int admitted = 0;
  for (int i = 0; i < attempts; ++i) admitted += limiter.admit(key) ? 0 : 1;
  return admitted;
}

}  // namespace

TEST_CASE("rate limiter admits a burst, then asks to wait whole seconds", "[api][rate]") {
  FakeClock clock;
  RateLimiter limiter(options(2, 5), clock.source());
  for (int i = 0; i < 5; ++i) CHECK_FALSE(limiter.admit("tok-a").has_value());
  const std::optional<int> wait = limiter.admit("tok-a");
  REQUIRE(wait.has_value());
  CHECK(*wait == 1);  // at 2/s the next request is half a second away: rounded up to a whole second
  clock.advance_us(kUsPerSecond / 2);
  CHECK_FALSE(limiter.admit("tok-a").has_value());
  CHECK(limiter.admit("tok-a").has_value());
}

TEST_CASE("rate limiter sustains its rate and never more", "[api][rate]") {
  FakeClock clock;
  constexpr std::int64_t kRate = 5;
  constexpr std::int64_t kBurst = 3;
  constexpr int kSeconds = 10;
  constexpr int kTicksPerSecond = 100;
  RateLimiter limiter(options(kRate, kBurst), clock.source());
  int admitted = 0;
  for (int tick = 0; tick < kSeconds * kTicksPerSecond; ++tick) {
    admitted += admitted_of(limiter, "tok", 3);  // far more than the rate asks for
    clock.advance_us(kUsPerSecond / kTicksPerSecond);
  }
  // The burst, then the rate for the whole time (the last tick's refill is not spent).
  CHECK(admitted >= kBurst + kRate * kSeconds - 1);
  CHECK(admitted <= kBurst + kRate * kSeconds);
}

TEST_CASE("rate limiter counts each key on its own", "[api][rate]") {
  FakeClock clock;
  RateLimiter limiter(options(1, 2), clock.source());
  CHECK(admitted_of(limiter, "tok-a", 10) == 2);
  CHECK(admitted_of(limiter, "tok-b", 10) == 2);
  CHECK(limiter.admit("tok-a").has_value());
}

TEST_CASE("rate limiter refills a partial request exactly, in integers", "[api][rate]") {
  FakeClock clock;
  RateLimiter limiter(options(3, 1), clock.source());  // a third of a second per request
  CHECK_FALSE(limiter.admit("tok").has_value());
  clock.advance_us(333'333);  // a millionth of a request short
  CHECK(limiter.admit("tok").has_value());
  clock.advance_us(1);
  CHECK_FALSE(limiter.admit("tok").has_value());
}

TEST_CASE("rate limiter tolerates a clock read a little behind", "[api][rate]") {
  FakeClock clock;
  RateLimiter limiter(options(1, 1), clock.source());
  CHECK_FALSE(limiter.admit("tok").has_value());
  clock.advance_us(-1000);  // another thread read the clock before this one took the lock
  CHECK(limiter.admit("tok") == std::optional<int>(1));
}

TEST_CASE("rate limiter memory stays bounded however many keys it sees", "[api][rate]") {
  FakeClock clock;
  constexpr std::size_t kMaxKeys = 256;
  RateLimiter limiter(options(10, 10, kMaxKeys), clock.source());
  for (int i = 0; i < 100'000; ++i) {
    (void)limiter.admit("token-" + std::to_string(i));
    if (i % 1000 == 0) clock.advance_us(1000);
  }
  CHECK(limiter.tracked_keys() <= kMaxKeys);
  CHECK(limiter.tracked_keys() > 0);
}

TEST_CASE("rate limiter drops idle buckets first, and a dropped one answers as it would have",
          "[api][rate]") {
  FakeClock clock;
  constexpr std::size_t kMaxKeys = 64;
  RateLimiter limiter(options(1, 2, kMaxKeys), clock.source());
  CHECK(admitted_of(limiter, "busy", 5) == 2);  // exhausted
  for (int i = 0; i < 40; ++i) (void)limiter.admit("idle-" + std::to_string(i));
  clock.advance_us(3 * kUsPerSecond);  // every bucket is full again: all are idle
  for (int i = 0; i < 1000; ++i) (void)limiter.admit("new-" + std::to_string(i));
  CHECK(limiter.tracked_keys() <= kMaxKeys);
  // Whether "busy" was dropped or kept, it has refilled to its burst, no more.
  CHECK(admitted_of(limiter, "busy", 5) == 2);
}

TEST_CASE("rate limiter is exact under many threads on one key and on many", "[api][rate]") {
  FakeClock clock;  // never moves: exactly the burst may pass, however the threads interleave
  constexpr int kBurst = 1000;
  constexpr int kThreads = 8;
  constexpr int kAttemptsPerThread = 5000;
  constexpr int kKeys = 16;
  RateLimiter limiter(options(1, kBurst), clock.source());
  std::atomic<int> admitted_one_key{0};
  std::atomic<int> admitted_all_keys{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        if (!limiter.admit("shared")) ++admitted_one_key;
        if (!limiter.admit("key-" + std::to_string((t + i) % kKeys))) ++admitted_all_keys;
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(admitted_one_key == kBurst);
  CHECK(admitted_all_keys == kBurst * kKeys);
}
