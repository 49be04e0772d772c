#include "api/metrics.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/assert.h"
#include "core/utf8.h"

namespace tally::api {
namespace {

constexpr std::string_view kRequestsName = "tally_http_requests_total";
constexpr std::string_view kLatencyName = "tally_http_request_duration_seconds";
constexpr std::string_view kSourceErrorsName = "tally_metrics_source_errors_total";
constexpr std::size_t kLatencyBuckets = kLatencyBucketBoundsUs.size() + 1;  // and +Inf
constexpr std::int64_t kMicrosPerSecond = 1'000'000;

bool is_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool is_label_name(std::string_view name) {
  // Like a metric name without ':'; "__" starts names Prometheus keeps for itself.
  return is_metric_name(name) && name.find(':') == std::string_view::npos &&
         !name.starts_with("__");
}

// Exact decimal seconds from whole microseconds: "0.00025", "2.5", "10". No floating point,
// so a bucket's le and the sum print the same on every machine.
std::string seconds_text(std::uint64_t us) {
  const std::uint64_t per_second = static_cast<std::uint64_t>(kMicrosPerSecond);
  std::string out = fmt::format("{}", us / per_second);
  if (const std::uint64_t fraction = us % per_second; fraction != 0) {
    std::string digits = fmt::format("{:06}", fraction);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += '.';
    out += digits;
  }
  return out;
}

// Where a (route, status) pair's probe starts; `slots` is a power of two.
std::size_t slot_of(std::string_view route, unsigned status, std::size_t slots) {
  const std::size_t h = std::hash<std::string_view>{}(route) ^ (status * 0x9E3779B97F4A7C15ull);
  return h & (slots - 1);
}

// HELP text escapes backslash and newline; a label value escapes the double quote too.
std::string escaped(std::string_view text, bool quote) {
  const std::string valid = is_valid_utf8(text) ? std::string(text) : to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escaped(help, false), name, type);
}

// `{a="x",b="y"}`, or nothing for no labels.
std::string label_text(const std::vector<std::pair<std::string, std::string>>& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ',';
    out += fmt::format("{}=\"{}\"", name, escaped(value, true));
  }
  out += '}';
  return out;
}

}  // namespace

// One (route, status) pair's requests. The latency buckets are not cumulative here (one
// increment per request); the count is their sum, so the histogram's +Inf bucket and _count
// always agree with the requests counter of the same scrape.
struct alignas(64) Metrics::Cell {
  std::string route;
  std::string status;  // the label: "200", or "other"
  unsigned status_code = 0;
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets> buckets{};
  std::atomic<std::uint64_t> latency_sum_us{0};
};

struct Metrics::Family {
  std::string name;
  std::string help;
  MetricType type;
  SampleSource source;
};

SampleSource single_value(std::function<std::int64_t()> read) {
  return [read = std::move(read)] { return std::vector<Sample>{Sample{{}, read()}}; };
}

Metrics::Metrics() : other_(std::make_unique<Cell>()) {
  other_->route = "other";
  other_->status = "other";
}

Metrics::~Metrics() = default;

void Metrics::observe(std::string_view route, unsigned status, std::int64_t latency_us) {
  Cell& c = cell(route, status);
  const std::int64_t us = std::max<std::int64_t>(latency_us, 0);
  // First bound at or above the latency: a bucket counts what is <= its le.
  const auto bound =
      std::lower_bound(kLatencyBucketBoundsUs.begin(), kLatencyBucketBoundsUs.end(), us);
  const auto bucket = static_cast<std::size_t>(bound - kLatencyBucketBoundsUs.begin());
  c.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  c.latency_sum_us.fetch_add(static_cast<std::uint64_t>(us), std::memory_order_relaxed);
}

Metrics::Cell& Metrics::cell(std::string_view route, unsigned status) {
  static_assert((kSlots & (kSlots - 1)) == 0, "slots are a power of two");
  for (std::size_t i = slot_of(route, status, kSlots);; i = (i + 1) & (kSlots - 1)) {
    Cell* c = slots_[i].load(std::memory_order_acquire);
    if (c == nullptr) return add_cell(route, status);
    if (c->status_code == status && c->route == route) return *c;
  }
}

Metrics::Cell& Metrics::add_cell(std::string_view route, unsigned status) {
  // Once full, every new pair would come here: answer without the lock.
  if (cells_full_.load(std::memory_order_relaxed)) return *other_;
  std::lock_guard lock(cells_mutex_);
  std::size_t i = slot_of(route, status, kSlots);
  for (; slots_[i].load(std::memory_order_relaxed) != nullptr; i = (i + 1) & (kSlots - 1)) {
    Cell* c = slots_[i].load(std::memory_order_relaxed);
    if (c->status_code == status && c->route == route) return *c;  // another thread's, meanwhile
  }
  if (cells_.size() >= kMaxRequestCells) {
    cells_full_.store(true, std::memory_order_relaxed);
    return *other_;
  }
  auto made = std::make_unique<Cell>();
  made->route = std::string(route);
  made->status = std::to_string(status);
  made->status_code = status;
  Cell* c = made.get();
  cells_.push_back(std::move(made));
  slots_[i].store(c, std::memory_order_release);  // published whole: readers load with acquire
  return *c;
}

void Metrics::add(std::string name, std::string help, MetricType type, SampleSource source) {
  TALLY_ASSERT(is_metric_name(name), "a metric name matches [a-zA-Z_:][a-zA-Z0-9_:]*");
  TALLY_ASSERT(type != MetricType::kCounter || name.ends_with("_total"),
               "a counter's name ends in _total");
  TALLY_ASSERT(source != nullptr, "a metric has a source");
  TALLY_ASSERT(!name.starts_with(kRequestsName) && !name.starts_with(kLatencyName) &&
                   name != kSourceErrorsName,
               "a metric's name is not one of Metrics' own");
  std::lock_guard lock(families_mutex_);
  for (const Family& f : families_) TALLY_ASSERT(f.name != name, "a metric name is added once");
  families_.push_back({std::move(name), std::move(help), type, std::move(source)});
}

void Metrics::add_counter(std::string name, std::string help, SampleSource source) {
  add(std::move(name), std::move(help), MetricType::kCounter, std::move(source));
}

void Metrics::add_gauge(std::string name, std::string help, SampleSource source) {
  add(std::move(name), std::move(help), MetricType::kGauge, std::move(source));
}

void Metrics::render_requests(std::string& out) const {
  // A snapshot of each cell, read once, so the counter and the histogram agree.
  struct Seen {
    const Cell* cell;
    std::array<std::uint64_t, kLatencyBuckets> buckets{};
    std::uint64_t sum_us = 0;
    std::uint64_t count = 0;
  };
  std::vector<const Cell*> cells;
  {
    std::lock_guard lock(cells_mutex_);
    for (const auto& c : cells_) cells.push_back(c.get());
  }
  cells.push_back(other_.get());
  std::vector<Seen> seen;
  for (const Cell* c : cells) {
    Seen s{c};
    for (std::size_t b = 0; b < kLatencyBuckets; ++b) {
      s.buckets[b] = c->buckets[b].load(std::memory_order_relaxed);
      s.count += s.buckets[b];
    }
    s.sum_us = c->latency_sum_us.load(std::memory_order_relaxed);
    if (s.count > 0) seen.push_back(s);
  }
  std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    return std::tie(a.cell->route, a.cell->status_code) <
           std::tie(b.cell->route, b.cell->status_code);
  });

  append_header(out, kRequestsName, "HTTP requests answered, by route pattern and status.",
                "counter");
  for (const Seen& s : seen)
    out += fmt::format("{}{} {}\n", kRequestsName,
                       label_text({{"route", s.cell->route}, {"status", s.cell->status}}), s.count);

  // The histogram is by route only: statuses would multiply its series for little insight.
  std::map<std::string_view, Seen> by_route;
  for (const Seen& s : seen) {
    Seen& r = by_route.try_emplace(s.cell->route, Seen{s.cell}).first->second;
    for (std::size_t b = 0; b < kLatencyBuckets; ++b) r.buckets[b] += s.buckets[b];
    r.sum_us += s.sum_us;
    r.count += s.count;
  }
  append_header(out, kLatencyName,
                "Time from a request's dispatch to its response being ready, by route pattern.",
                "histogram");
  for (const auto& [route, r] : by_route) {
    const std::string quoted = escaped(route, true);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kLatencyBuckets; ++b) {
      cumulative += r.buckets[b];
      const std::string le =
          b < kLatencyBucketBoundsUs.size()
              ? seconds_text(static_cast<std::uint64_t>(kLatencyBucketBoundsUs[b]))
              : std::string("+Inf");
      out += fmt::format("{}_bucket{{route=\"{}\",le=\"{}\"}} {}\n", kLatencyName, quoted, le,
                         cumulative);
    }
    out += fmt::format("{}_sum{{route=\"{}\"}} {}\n", kLatencyName, quoted, seconds_text(r.sum_us));
    out += fmt::format("{}_count{{route=\"{}\"}} {}\n", kLatencyName, quoted, r.count);
  }
}

void Metrics::render_family(std::string& out, const Family& family) const {
  std::vector<Sample> samples;
  try {
    samples = family.source();
  } catch (...) {  // a broken source costs its own samples, never the scrape or the server
    source_errors_.fetch_add(1, std::memory_order_relaxed);
    samples.clear();
  }
  append_header(out, family.name, family.help,
                family.type == MetricType::kCounter ? "counter" : "gauge");
  std::set<std::string> label_sets;  // the text format allows each label set once
  for (Sample& sample : samples) {
    std::sort(sample.labels.begin(), sample.labels.end());
    bool ok = true;
    for (std::size_t i = 0; i < sample.labels.size() && ok; ++i)
      ok = is_label_name(sample.labels[i].first) &&
           (i == 0 || sample.labels[i].first != sample.labels[i - 1].first);
    std::string labels = label_text(sample.labels);
    if (!ok || !label_sets.insert(labels).second) {
      source_errors_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    out += fmt::format("{}{} {}\n", family.name, labels, sample.value);
  }
}

std::string Metrics::render() const {
  std::string out;
  render_requests(out);
  {
    std::lock_guard lock(families_mutex_);
    for (const Family& family : families_) render_family(out, family);
  }
  append_header(out, kSourceErrorsName,
                "Samples left out of scrapes: all of a source's when it threw, or one that had a "
                "bad label name or a label set already given.",
                "counter");
  out += fmt::format("{} {}\n", kSourceErrorsName, source_errors_.load(std::memory_order_relaxed));
  return out;
}

void add_metrics_route(Router& router, const Metrics& metrics) {
  router.add(http::verb::get, "/metrics", kPublic,
             [&metrics](const Request& req, const RouteParams&) {
               Response response(http::status::ok, req.version());
               response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
               response.set(http::field::cache_control, "no-store");
               response.keep_alive(req.keep_alive());
               response.body() = metrics.render();
               response.prepare_payload();
               return response;
             });
}

}  // namespace tally::api
