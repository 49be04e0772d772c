// GET /metrics: what render() writes must be valid Prometheus text format 0.0.4, counts must be
// exact (also under concurrent requests), and bytes from outside (a label value) must not break
// the format. A small checker below reads the text as a scraper would and lists every problem.
#include <catch2/catch.hpp>

#include <atomic>
#include <barrier>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/metrics.h"

using namespace tally::api;

namespace {

using Labels = std::map<std::string, std::string>;

struct Parsed {
  std::string name;
  Labels labels;  // unescaped values
  std::string value;
};

struct Exposition {
  std::vector<Parsed> samples;
  std::map<std::string, std::string> types;  // family -> type
  std::vector<std::string> problems;

  std::optional<std::string> value(const std::string& name, const Labels& labels = {}) const {
    for (const Parsed& s : samples)
      if (s.name == name && s.labels == labels) return s.value;
    return std::nullopt;
  }
};

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
const std::regex kNumber(R"([-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?Inf|NaN)");

// Reads `{name="value",...}` from text[i] on; false on any malformation.
bool parse_labels(const std::string& text, std::size_t& i, Labels& out, std::string& problem) {
  ++i;  // '{'
  while (i < text.size() && text[i] != '}') {
    const std::size_t eq = text.find('=', i);
    if (eq == std::string::npos) return (problem = "label without '='"), false;
    const std::string name = text.substr(i, eq - i);
    if (!std::regex_match(name, kLabelName)) return (problem = "bad label name " + name), false;
    if (out.count(name)) return (problem = "label twice: " + name), false;
    i = eq + 1;
    if (i >= text.size() || text[i] != '"') return (problem = "label value not quoted"), false;
    std::string value;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\n') return (problem = "raw newline in a label value"), false;
      if (text[i] != '\\') {
        value += text[i];
        continue;
      }
      if (++i >= text.size()) return (problem = "escape at the end"), false;
      if (text[i] == '\\' || text[i] == '"') {
        value += text[i];
      } else if (text[i] == 'n') {
        value += '\n';
      } else {
        return (problem = std::string("bad escape \\") + text[i]), false;
      }
    }
    if (i >= text.size()) return (problem = "unterminated label value"), false;
    out[name] = value;
    ++i;  // '"'
    if (i < text.size() && text[i] == ',') ++i;
  }
  if (i >= text.size()) return (problem = "unterminated label set"), false;
  ++i;  // '}'
  return true;
}

// The family a sample belongs to: a histogram's _bucket, _sum and _count are its own.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    const std::string base = name.substr(0, name.size() - suffix.size());
    if (auto it = types.find(base); it != types.end() && it->second == "histogram") return base;
  }
  return name;
}

void check_histograms(Exposition& e) {
  struct Series {
    std::vector<std::pair<std::string, std::string>> buckets;  // le, count, in order
    std::optional<std::string> count, sum;
  };
  std::map<std::pair<std::string, Labels>, Series> series;
  for (const Parsed& s : e.samples) {
    const std::string family = family_of(s.name, e.types);
    if (e.types[family] != "histogram") continue;
    Labels rest = s.labels;
    rest.erase("le");
    Series& h = series[{family, rest}];
    if (s.name == family + "_bucket") {
      if (!s.labels.count("le"))
        e.problems.push_back(s.name + ": a bucket without le");
      else
        h.buckets.emplace_back(s.labels.at("le"), s.value);
    } else if (s.name == family + "_count") {
      h.count = s.value;
    } else if (s.name == family + "_sum") {
      h.sum = s.value;
    }
  }
  for (const auto& [key, h] : series) {
    const std::string name = key.first;
    if (h.buckets.empty() || h.buckets.back().first != "+Inf")
      e.problems.push_back(name + ": buckets do not end with le=\"+Inf\"");
    if (!h.count || !h.sum) e.problems.push_back(name + ": _count or _sum missing");
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
      if (std::stod(h.buckets[i].first) <= std::stod(h.buckets[i - 1].first))
        e.problems.push_back(name + ": le not increasing at " + h.buckets[i].first);
      if (std::stoull(h.buckets[i].second) < std::stoull(h.buckets[i - 1].second))
        e.problems.push_back(name + ": buckets not cumulative at " + h.buckets[i].first);
    }
    if (!h.buckets.empty() && h.count && h.buckets.back().second != *h.count)
      e.problems.push_back(name + ": +Inf bucket " + h.buckets.back().second + " != _count " +
                           *h.count);
  }
}

// What a scraper would make of `text`, with every way it breaks the format.
Exposition parse_exposition(const std::string& text) {
  Exposition e;
  std::set<std::string> helped, closed, series;
  std::string current;  // the family whose lines are being read
  if (!text.empty() && text.back() != '\n')
    e.problems.push_back("the text does not end with a newline");
  std::size_t start = 0;
  for (int line_no = 1; start < text.size(); ++line_no) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    const auto problem = [&](const std::string& what) {
      e.problems.push_back("line " + std::to_string(line_no) + ": " + what + ": " + line);
    };
    // A family's lines come together: moving to another closes the one before.
    const auto enter = [&](const std::string& family) {
      if (family == current) return true;
      if (closed.count(family)) return false;
      if (!current.empty()) closed.insert(current);
      current = family;
      return true;
    };
    if (line.empty()) continue;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const std::size_t space = line.find(' ', 7);
      const std::string name = line.substr(7, space - 7);
      const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
      if (!std::regex_match(name, kMetricName)) problem("bad metric name");
      if (!enter(name)) problem("the family's lines are not together");
      if (line[2] == 'H') {
        if (!helped.insert(name).second) problem("HELP twice");
        for (std::size_t i = 0; i < rest.size(); ++i)
          if (rest[i] == '\\' && (++i >= rest.size() || (rest[i] != '\\' && rest[i] != 'n')))
            problem("bad escape in HELP");
      } else {
        if (e.types.count(name)) problem("TYPE twice");
        if (!std::regex_match(rest, std::regex("counter|gauge|histogram|summary|untyped")))
          problem("unknown type");
        for (const Parsed& s : e.samples)
          if (family_of(s.name, {{name, rest}}) == name) problem("TYPE after the family's samples");
        e.types[name] = rest;
      }
      continue;
    }
    if (line.starts_with("#")) continue;  // a comment
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    Parsed s{line.substr(0, i), {}, {}};
    if (!std::regex_match(s.name, kMetricName)) problem("bad metric name");
    std::string why;
    if (i < line.size() && line[i] == '{' && !parse_labels(line, i, s.labels, why)) {
      problem(why);
      continue;
    }
    if (i >= line.size() || line[i] != ' ') {
      problem("no space before the value");
      continue;
    }
    s.value = line.substr(i + 1);
    if (!std::regex_match(s.value, kNumber)) problem("bad value");
    const std::string family = family_of(s.name, e.types);
    if (!e.types.count(family) || !helped.count(family))
      problem("a sample before its HELP and TYPE");
    if (!enter(family)) problem("the family's lines are not together");
    if (e.types[family] == "counter" && s.value.starts_with("-")) problem("a negative counter");
    std::string key = s.name;
    for (const auto& [k, v] : s.labels) key += "\x1f" + k + "=" + v;
    if (!series.insert(key).second) problem("the same series twice");
    e.samples.push_back(std::move(s));
  }
  check_histograms(e);
  return e;
}

Exposition checked(const Metrics& metrics) {
  const std::string text = metrics.render();
  Exposition e = parse_exposition(text);
  INFO(text);
  for (const std::string& p : e.problems) FAIL_CHECK(p);
  REQUIRE(e.problems.empty());
  return e;
}

std::string bucket(const Exposition& e, const std::string& route, const std::string& le) {
  return e.value("tally_http_request_duration_seconds_bucket", {{"route", route}, {"le", le}})
      .value_or("absent");
}

std::string requests(const Exposition& e, const std::string& route, const std::string& status) {
  return e.value("tally_http_requests_total", {{"route", route}, {"status", status}})
      .value_or("absent");
}

}  // namespace

TEST_CASE("metrics: the checker finds what breaks the format", "[api][metrics]") {
  CHECK(parse_exposition("# HELP a x\n# TYPE a gauge\na 1\n").problems.empty());
  CHECK_FALSE(parse_exposition("a 1\n").problems.empty());  // no HELP or TYPE
  CHECK_FALSE(parse_exposition("# HELP a x\n# TYPE a gauge\na{l=\"x\\q\"} 1\n").problems.empty());
  CHECK_FALSE(parse_exposition("# HELP 1a x\n# TYPE 1a gauge\n1a 1\n").problems.empty());
  CHECK_FALSE(parse_exposition("# HELP a x\n# TYPE a gauge\na 1\na 2\n").problems.empty());
  CHECK_FALSE(parse_exposition("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                               "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                  .problems.empty());
  CHECK_FALSE(parse_exposition("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\n"
                               "h_sum 1\nh_count 3\n")
                  .problems.empty());
}

TEST_CASE("metrics: an empty registry renders valid text", "[api][metrics]") {
  Metrics metrics;
  const Exposition e = checked(metrics);
  CHECK(e.types.at("tally_http_requests_total") == "counter");
  CHECK(e.types.at("tally_http_request_duration_seconds") == "histogram");
  CHECK(e.value("tally_metrics_source_errors_total") == "0");
}

TEST_CASE("metrics: requests are counted by route and status, latency in exact second buckets",
          "[api][metrics]") {
  Metrics metrics;
  const std::string account = "/api/v1/accounts/{id}";
  metrics.observe(account, 200, 50);              // <= 0.0001
  metrics.observe(account, 200, 100);             // exactly on a bound: in it
  metrics.observe(account, 200, 300);             // <= 0.0005
  metrics.observe(account, 404, 2'000);           // <= 0.0025
  metrics.observe("unmatched", 404, 20'000'000);  // beyond 10 s: +Inf only
  metrics.observe("unmatched", 404, -5);          // a clock step backwards counts as 0

  const Exposition e = checked(metrics);
  CHECK(requests(e, account, "200") == "3");
  CHECK(requests(e, account, "404") == "1");
  CHECK(requests(e, "unmatched", "404") == "2");
  CHECK(requests(e, account, "500") == "absent");

  CHECK(bucket(e, account, "0.0001") == "2");
  CHECK(bucket(e, account, "0.00025") == "2");
  CHECK(bucket(e, account, "0.0005") == "3");
  CHECK(bucket(e, account, "0.001") == "3");
  CHECK(bucket(e, account, "0.0025") == "4");
  CHECK(bucket(e, account, "10") == "4");
  CHECK(bucket(e, account, "+Inf") == "4");
  CHECK(e.value("tally_http_request_duration_seconds_sum", {{"route", account}}) == "0.00245");
  CHECK(e.value("tally_http_request_duration_seconds_count", {{"route", account}}) == "4");

  CHECK(bucket(e, "unmatched", "0.0001") == "1");
  CHECK(bucket(e, "unmatched", "10") == "1");
  CHECK(bucket(e, "unmatched", "+Inf") == "2");
  CHECK(e.value("tally_http_request_duration_seconds_sum", {{"route", "unmatched"}}) == "20");

  // Every bound, printed exactly from microseconds.
  std::vector<std::string> les;
  for (const Parsed& s : e.samples)
    if (s.name == "tally_http_request_duration_seconds_bucket" && s.labels.at("route") == account)
      les.push_back(s.labels.at("le"));
  CHECK(les == std::vector<std::string>{"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005",
                                        "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
                                        "5", "10", "+Inf"});
}

TEST_CASE("metrics: sources are read at each scrape, as counters, gauges and labelled gauges",
          "[api][metrics]") {
  Metrics metrics;
  std::int64_t applied = 7;
  metrics.add_counter("tally_ledger_events_applied_total", "Events the ledger applied.",
                      single_value([&] { return applied; }));
  metrics.add_gauge(
      "tally_log_lag_records", "Records in the log not yet applied, by partition.", [] {
        return std::vector<Sample>{{{{"partition", "0"}}, 3}, {{{"partition", "1"}}, 0}};
      });
  metrics.add("tally_discrepancies_open", "Open discrepancies.", MetricType::kGauge,
              single_value([] { return std::int64_t{-1}; }));

  Exposition e = checked(metrics);
  CHECK(e.types.at("tally_ledger_events_applied_total") == "counter");
  CHECK(e.types.at("tally_log_lag_records") == "gauge");
  CHECK(e.value("tally_ledger_events_applied_total") == "7");
  CHECK(e.value("tally_log_lag_records", {{"partition", "0"}}) == "3");
  CHECK(e.value("tally_log_lag_records", {{"partition", "1"}}) == "0");
  CHECK(e.value("tally_discrepancies_open") == "-1");

  applied = 9;
  e = checked(metrics);
  CHECK(e.value("tally_ledger_events_applied_total") == "9");
}

TEST_CASE("metrics: label values and help escape quotes, backslashes and newlines",
          "[api][metrics]") {
  Metrics metrics;
  const std::string nasty = "a\"b\\c\nd}{,=";
  metrics.add_gauge("tally_test_escaped", "help with a \\ and a\nnewline", [&] {
    return std::vector<Sample>{{{{"file", nasty}}, 1}};
  });
  metrics.observe("/r/\"{id}\"\\\n", 200, 1);

  const Exposition e = checked(metrics);
  CHECK(e.value("tally_test_escaped", {{"file", nasty}}) == "1");
  CHECK(requests(e, "/r/\"{id}\"\\\n", "200") == "1");
  const std::string text = metrics.render();
  CHECK(text.find(R"(file="a\"b\\c\nd}{,=")") != std::string::npos);
  CHECK(text.find("# HELP tally_test_escaped help with a \\\\ and a\\nnewline\n") !=
        std::string::npos);
}

TEST_CASE("metrics: a broken source loses its own samples, not the scrape", "[api][metrics]") {
  Metrics metrics;
  metrics.add_gauge("tally_test_throws", "A source that throws.",
                    []() -> std::vector<Sample> { throw std::runtime_error("store closed"); });
  metrics.add_gauge("tally_test_repeats", "A source that repeats a label set and names one badly.",
                    [] {
                      return std::vector<Sample>{{{{"p", "0"}}, 1},
                                                 {{{"p", "0"}}, 2},
                                                 {{{"__p", "1"}}, 3},
                                                 {{{"0p", "1"}}, 4},
                                                 {{{"p", "1"}, {"p", "2"}}, 5},
                                                 {{{"p", "3"}}, 6}};
                    });
  metrics.add_gauge("tally_test_fine", "After them.", single_value([] { return std::int64_t{5}; }));

  const Exposition e = checked(metrics);
  CHECK(e.value("tally_test_repeats", {{"p", "0"}}) == "1");
  CHECK(e.value("tally_test_repeats", {{"p", "3"}}) == "6");
  CHECK(e.value("tally_test_fine") == "5");
  CHECK(e.value("tally_metrics_source_errors_total") == "5");  // 1 throw + 4 bad samples
}

TEST_CASE("metrics: observe from 4 threads at once sums exactly", "[api][metrics]") {
  Metrics metrics;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 60'000;
  const std::vector<std::string> routes = {"/a", "/b/{id}", "unmatched"};
  const std::vector<unsigned> statuses = {200, 404};
  // Every thread observes the same sequence, so each cell's expected figures are 4x one thread's.
  std::map<std::pair<std::string, unsigned>, std::uint64_t> count_of;
  std::map<std::string, std::uint64_t> sum_us_of;
  for (int i = 0; i < kPerThread; ++i) {
    const std::string& route = routes[static_cast<std::size_t>(i) % routes.size()];
    count_of[{route, statuses[static_cast<std::size_t>(i / 3) % 2]}] += kThreads;
    sum_us_of[route] += static_cast<std::uint64_t>(i % 700) * kThreads;
  }
  std::barrier start(kThreads);  // all at once, so they race to create the same cells
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i)
        metrics.observe(routes[static_cast<std::size_t>(i) % routes.size()],
                        statuses[static_cast<std::size_t>(i / 3) % 2], i % 700);
    });
  // Meanwhile a scraper: every scrape taken mid-run is valid text too.
  std::atomic<bool> done{false};
  std::atomic<int> scrapes{0}, bad_scrapes{0};
  std::thread scraper([&] {
    do {
      if (!parse_exposition(metrics.render()).problems.empty()) ++bad_scrapes;
      ++scrapes;
    } while (!done);
  });
  for (std::thread& t : threads) t.join();
  done = true;
  scraper.join();
  CHECK(scrapes > 0);
  CHECK(bad_scrapes == 0);

  const Exposition e = checked(metrics);
  std::uint64_t total = 0;
  for (const auto& [cell, count] : count_of) {
    CHECK(requests(e, cell.first, std::to_string(cell.second)) == std::to_string(count));
    total += count;
  }
  CHECK(total == static_cast<std::uint64_t>(kThreads * kPerThread));
  for (const auto& [route, sum_us] : sum_us_of) {
    std::string seconds = std::to_string(sum_us / 1'000'000);
    if (sum_us % 1'000'000 != 0) {  // as written: no trailing zeros
      std::string fraction = std::to_string(1'000'000 + sum_us % 1'000'000).substr(1);
      seconds += "." + fraction.erase(fraction.find_last_not_of('0') + 1);
    }
    CHECK(e.value("tally_http_request_duration_seconds_sum", {{"route", route}}) == seconds);
    CHECK(bucket(e, route, "+Inf") == std::to_string(kThreads * kPerThread / 3));
  }
}

TEST_CASE("metrics: past the bound on (route, status) pairs, requests still count, as other",
          "[api][metrics]") {
  Metrics metrics;
  const unsigned pairs = static_cast<unsigned>(kMaxRequestCells) + 10;
  for (unsigned status = 0; status < pairs; ++status) metrics.observe("/x", status, 1);
  metrics.observe("/x", 0, 1);  // a pair counted apart stays so

  const Exposition e = checked(metrics);
  CHECK(requests(e, "/x", "0") == "2");
  CHECK(requests(e, "other", "other") == "10");
  CHECK(bucket(e, "/x", "+Inf") == std::to_string(kMaxRequestCells + 1));
  CHECK(bucket(e, "other", "+Inf") == "10");
}

TEST_CASE("metrics: GET /metrics is public, in the exposition content type, and counts itself",
          "[api][metrics]") {
  Metrics metrics;
  Router router;
  add_metrics_route(router, metrics);
  router.guard(nullptr, nullptr, &metrics);  // no authenticator: a guarded route would be 401

  Peer peer;
  peer.address = "127.0.0.1:1";
  const Request request{http::verb::get, "/metrics", 11};
  const Response first = router.dispatch(request, peer);
  CHECK(first.result() == http::status::ok);
  CHECK(first[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  // The router counts a request once it is answered: the second scrape sees the first.
  const Response second = router.dispatch(request, peer);
  const Exposition e = parse_exposition(second.body());
  CHECK(e.problems.empty());
  CHECK(requests(e, "/metrics", "200") == "1");
  router.dispatch(Request{http::verb::get, "/nowhere", 11}, peer);
  CHECK(requests(checked(metrics), "unmatched", "404") == "1");
}
