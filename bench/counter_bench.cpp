// counter_bench: a cashier's payment (one cash tender with change) through the authenticated
// API of a real `tally serve` process on loopback, durable (the log's synced append) before
// its 201 answer, beside the same command through the module function (Counter::pay) in this
// process on a data folder of its own (DESIGN.md: counter payments, p99 at 200 payments/s; a
// busy counter takes a few a minute, so the figure is headroom).
//
// Load: open loop at 200 payments/s on one keep-alive connection (a cashier's terminal), each
// request with its own Idempotency-Key. Each payment has an intended time (start + i / rate)
// and its latency runs from that time to its answer, so a slow answer delays the ones behind
// it and is counted. The module path is paced the same way. Rounds alternate between the two
// (4 rounds of 2 s each, 1 s with --quick) so that the shared machine's noise falls on both;
// percentiles are over every payment of a path. Each round is a drawer session of its own,
// opened for it: 400 payments, a busy counter's day (a command folds its session's events,
// so its cost grows with the session; stderr prints the first and the last 50 of a round).
//
// Lines printed (latencies in ms):
//   counter_pay_api_p50/p99     baseline: the module function's p50/p99
//   counter_pay_module_p50/p99  baseline: none (0)
//   counter_pay_api_rate        achieved payments/s, baseline the target
//   counter_pay_errors          answers other than 201; must be 0
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_util.h"
#include "core/config.h"
#include "node/node.h"

namespace {

using namespace tally;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr double kRate = 200;
constexpr int kRounds = 4;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "counter_bench: %s\n", what.c_str());
  std::exit(1);
}

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "tally-counter-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) die("mkdtemp");
  return pattern;
}

pid_t spawn_tally(const std::vector<std::string>& args, const std::string& out_path) {
  const pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    std::FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    if (out == nullptr) _exit(126);
    std::vector<char*> argv{const_cast<char*>(TALLY_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(TALLY_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

std::string run_tally(const std::vector<std::string>& args, const std::string& out_path) {
  const pid_t pid = spawn_tally(args, out_path);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("tally " + args.at(2) + " failed");
  std::FILE* f = std::fopen(out_path.c_str(), "r");
  std::string out;
  char buffer[4096];
  for (std::size_t n; f && (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) out.append(buffer, n);
  if (f) std::fclose(f);
  return out;
}

std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::tcp::v4(), 0});
  return acceptor.local_endpoint().port();
}

std::string payment_body(std::size_t i) {
  return json::serialize(json::object{{"account", std::to_string(500'000 + i)},
                                      {"amount", "42.17"},
                                      {"tenders", json::array{json::object{{"type", "cash"}, {"amount", "50.00"}}}}});
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// One cashier's terminal: a keep-alive connection to the server.
class Terminal {
 public:
  Terminal(std::uint16_t port, std::string token) : stream_(io_), token_(std::move(token)) {
    boost::asio::ip::tcp::resolver resolver(io_);
    stream_.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true));
  }
  http::response<http::string_body> post(const std::string& target, const std::string& body, const std::string& key) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + token_);
    req.set(http::field::content_type, "application/json");
    req.set("Idempotency-Key", key);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    http::write(stream_, req);
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    return res;
  }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string token_;
};

// Paces `count` calls of fn(i) at kRate from now; the latency of each from its intended time.
template <class Fn>
void paced(std::size_t first, std::size_t count, std::vector<double>& latencies_ms, Fn&& fn) {
  const auto start = Clock::now();
  for (std::size_t k = 0; k < count; ++k) {
    const auto intended = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(static_cast<double>(k) / kRate));
    std::this_thread::sleep_until(intended);
    fn(first + k);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - intended).count());
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const double round_s = quick ? 1 : 2;
  const auto per_round = static_cast<std::size_t>(round_s * kRate);
  const std::string dir = make_temp_dir();

  // The server: a cashier's token, `tally serve`, a drawer opened through the API.
  const std::string served = dir + "/served";
  const std::string added = run_tally({"--data-dir", served, "users", "add", "cashier", "--role", "cashier", "--json"},
                                      dir + "/users.out");
  const std::string token = json::value_to<std::string>(json::parse(added).at("token"));
  const std::uint16_t port = free_port();
  // 200 payments/s from one token is above the default per-token rate (100/s): the office
  // raises it for this load, as an operator would.
  const std::string config_path = dir + "/tally.toml";
  {
    std::FILE* f = std::fopen(config_path.c_str(), "w");
    if (f == nullptr) die("writing the configuration");
    std::fputs("[http]\nrate_per_second = 1000\nrate_burst = 1000\n", f);
    std::fclose(f);
  }
  const pid_t server = spawn_tally({"--config", config_path, "--data-dir", served, "serve", "--port", std::to_string(port)},
                                   dir + "/serve.out");
  for (int i = 0; i < 300 && !fs::exists(served + "/api.sock"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (!fs::exists(served + "/api.sock")) die("tally serve did not start");
  Terminal terminal(port, token);
  const json::object float_count{{"2000", 10}, {"500", 20}, {"100", 50}, {"25", 40}};
  const auto open_over_http = [&](int round) {
    auto opened = terminal.post(fmt::format("/api/v1/counter/drawers/A{}/open", round),
                                json::serialize(json::object{{"float", float_count}}), fmt::format("open-{}", round));
    if (opened.result_int() != 201) die("open over HTTP: " + opened.body());
    return json::value_to<std::string>(json::parse(opened.body()).at("id"));
  };

  // The module: the same command on a Node of its own.
  Config config;
  config.data_dir = dir + "/direct";
  auto node = node::Node::open(config);
  if (!node) die(node.error().describe());
  counter::Counter& counter = (*node)->counter();
  const auto open_directly = [&](int round) {
    auto opened = counter.open({fmt::format("M{}", round), {{2000, 10}, {500, 20}, {100, 50}, {25, 40}}, std::nullopt},
                               events::Actor{.user = "cashier"});
    if (!opened) die(opened.error().describe());
    return opened->session.id;
  };

  std::vector<double> api_ms, module_ms;
  std::size_t errors = 0, next = 0;
  double api_seconds = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string target = "/api/v1/counter/sessions/" + open_over_http(round) + "/payments";
    const std::string direct_session = open_directly(round);
    const auto started = Clock::now();
    paced(next, per_round, api_ms, [&](std::size_t i) {
      const auto res = terminal.post(target, payment_body(i), fmt::format("pay-{}", i));
      if (res.result_int() != 201) {
        if (errors++ == 0) std::fprintf(stderr, "first error: %u %s\n", res.result_int(), res.body().c_str());
      }
    });
    api_seconds += std::chrono::duration<double>(Clock::now() - started).count();
    paced(next, per_round, module_ms, [&](std::size_t i) {
      counter::PaymentInput p{.account = std::to_string(500'000 + i), .amount_minor = 4217,
                              .tenders = {counter::TenderInput{.kind = counter::TenderKind::cash, .amount_minor = 5000}}};
      auto paid = counter.pay(direct_session, p, events::Actor{.user = "cashier", .idempotency_key = fmt::format("pay-{}", i)});
      if (!paid && errors++ == 0) std::fprintf(stderr, "first error: %s\n", paid.error().describe().c_str());
    });
    next += per_round;
    const auto tail = [&](const std::vector<double>& v, std::size_t from) {
      return percentile(std::vector<double>(v.end() - static_cast<std::ptrdiff_t>(from), v.end()), 0.5);
    };
    std::fprintf(stderr, "round %d: api p99 %.2f ms, module p99 %.2f ms; median of the last 50: api %.2f, module %.2f ms\n",
                 round + 1, percentile(api_ms, 0.99), percentile(module_ms, 0.99), tail(api_ms, 50), tail(module_ms, 50));
  }
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);

  const double module_p50 = percentile(module_ms, 0.50), module_p99 = percentile(module_ms, 0.99);
  bench::print_line("counter_pay_api_p50", percentile(api_ms, 0.50), "ms", module_p50, 3);
  bench::print_line("counter_pay_api_p99", percentile(api_ms, 0.99), "ms", module_p99, 3);
  bench::print_line("counter_pay_module_p50", module_p50, "ms", 0, 3);
  bench::print_line("counter_pay_module_p99", module_p99, "ms", 0, 3);
  bench::print_line("counter_pay_api_rate", static_cast<double>(api_ms.size()) / api_seconds, "payments/s", kRate);
  bench::print_line("counter_pay_errors", static_cast<double>(errors), "count", 0, 0);
  fs::remove_all(dir);
  return errors == 0 ? 0 : 1;
}
