// Metrics: what GET /metrics shows, in the Prometheus text exposition format 0.0.4.
//
// Two kinds of figures:
// - Requests, counted here as they are answered: the router calls observe() once per request
//   (router.h, RequestObserver) with the route's pattern ("unmatched" for none), the status and
//   the latency. Counted by (route, status), with a latency histogram per route.
// - What the services already count (events applied, files ingested and refused, open
//   discrepancies, log lag per partition, ...), read at scrape time from sources the server
//   registers, so nothing is counted twice and the services' own paths carry no extra work.
//   Values are integers: these are counts. Latency in seconds is the only non-integer, and it
//   is printed exactly from whole microseconds.
//
// Threads: observe() from any thread, concurrently with render(). Once a (route, status) pair
// has been seen, observe() takes no lock: a few relaxed atomic increments. The first sight of a
// pair takes a mutex once. render() from any thread; it calls the sources on its own thread,
// one scrape at a time, and a source must not call back into this object. add_*() may be called
// at any time, but are meant for start-up.
// Bounds: routes are fixed by the router, statuses by the handlers, so the pairs are few; past
// kMaxRequestCells pairs, requests are still counted, under route="other", status="other".
// Lifetime: the router (Router::guard) and the /metrics route hold references to a Metrics; it
// must outlive both, and every object its sources read.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/router.h"

namespace tally::api {

// One value of a registered metric, with its labels (names [a-zA-Z_][a-zA-Z0-9_]*, not
// starting "__"; values any bytes, escaped when rendered). Each sample of one metric needs a
// label set of its own.
struct Sample {
  std::vector<std::pair<std::string, std::string>> labels;
  std::int64_t value = 0;
};

// Called at each scrape, on the scraping thread. Expected failures are not exceptions here
// either: a source that cannot read its figure gives no samples (the metric is then absent,
// which an alert can see).
using SampleSource = std::function<std::vector<Sample>()>;

// A source of one unlabelled value.
SampleSource single_value(std::function<std::int64_t()> read);

enum class MetricType { kCounter, kGauge };

// Upper bounds of the latency histogram's buckets, in microseconds (rendered in seconds:
// 0.0001 .. 10). The API's budget is p99 <= 0.3 ms, so the small end is fine-grained.
inline constexpr std::array<std::int64_t, 16> kLatencyBucketBoundsUs = {
    100,    250,     500,     1'000,   2'500,     5'000,     10'000,    25'000,
    50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};

// How many (route, status) pairs are counted apart; more than enough for every route with
// every status it answers.
inline constexpr std::size_t kMaxRequestCells = 256;

class Metrics final : public RequestObserver {
 public:
  Metrics();
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The hot path: one request answered.
  void observe(std::string_view route, unsigned status, std::int64_t latency_us) override;

  // A metric read from `source` at each scrape. The name matches [a-zA-Z_:][a-zA-Z0-9_:]* and
  // is not taken (by this object's own metrics or an earlier add); a counter's ends in
  // "_total". These are constants in the code, so a bad one is a bug: asserted.
  void add(std::string name, std::string help, MetricType type, SampleSource source);
  void add_counter(std::string name, std::string help, SampleSource source);
  void add_gauge(std::string name, std::string help, SampleSource source);

  // Every metric in the text format 0.0.4. A source that throws, or gives a sample with a bad
  // label name or a label set it already gave, loses those samples (never the scrape) and is
  // counted in tally_metrics_source_errors_total.
  std::string render() const;

 private:
  struct Cell;
  struct Family;
  Cell& cell(std::string_view route, unsigned status);
  Cell& add_cell(std::string_view route, unsigned status);
  void render_requests(std::string& out) const;
  void render_family(std::string& out, const Family& family) const;

  // Open addressing over (route, status): a slot is written once, under cells_mutex_, and read
  // without a lock. Twice as many slots as cells, so a probe always meets an empty slot.
  static constexpr std::size_t kSlots = 2 * kMaxRequestCells;
  std::array<std::atomic<Cell*>, kSlots> slots_{};
  mutable std::mutex cells_mutex_;
  std::vector<std::unique_ptr<Cell>> cells_;  // guarded by cells_mutex_; owns what slots_ point to
  std::unique_ptr<Cell> other_;               // past kMaxRequestCells
  std::atomic<bool> cells_full_{false};

  mutable std::mutex families_mutex_;  // guards families_, and one scrape at a time
  std::vector<Family> families_;
  mutable std::atomic<std::uint64_t> source_errors_{0};
};

// GET /metrics, public (Prometheus scrapes without a token), Content-Type
// "text/plain; version=0.0.4; charset=utf-8". `metrics` must outlive the router.
void add_metrics_route(Router& router, const Metrics& metrics);

}  // namespace tally::api
