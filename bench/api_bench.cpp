// api_bench: an authenticated balance lookup over HTTP, on loopback, with 1M accounts in the
// books (DESIGN.md, Performance budgets: p99 <= 0.3 ms at 5k requests/s).
//
// The books: 1,000,000 customer accounts with one payment each, posted durably (synced, the
// bulk path of `tally ingest`: Ledger::submit_bulk, then flush) in a fresh temporary folder,
// by a child process; this one then opens them, as `tally serve` does after `tally ingest`.
// The same GET /api/v1/accounts/{id} handlers (api/accounts.h) are served by two HttpServers
// with the default ServerLimits (io_threads included), as `tally serve` wires them:
//   auth:   routes needing Permission::read, guarded by Users (a read-only user's real token:
//           token id lookup + SHA-256 + constant-time compare on every request);
//   noauth: the very same handlers added with kPublic (no Authorization header sent).
// Load: open loop at a fixed 5,000 requests/s over 4 keep-alive connections per server,
// accounts drawn at random (uniform, fixed seed) among the 1M. Each request has an intended
// send time (start + i / rate) and its latency runs from that time to the last byte of its
// answer, so a stall delays the requests behind it and is counted (no coordinated omission).
// After a 1 s warm-up of each server, measurement alternates between the two servers in 5
// rounds (2 s each, 10 s per server in all; each goes first in turn) so that noise from the
// shared machine falls on both alike; the percentiles are over every request of a server.
// Each measurement reads its own stretch of the same random draw, so none is answered from
// blocks that another has just brought into the cache.
// Baseline of the baseline: the raw ledger lookup the handler makes (Ledger::account_view with
// the route's default 20 lines), called directly in a loop.
//
// Lines printed (latencies in ms):
//   api_balance_auth_p50/p99     baseline: the same lookup without auth
//   api_balance_noauth_p50/p99   baseline: the raw ledger lookup
//   api_balance_raw_p50/p99      baseline: none (0)
//   api_balance_auth_rate / api_balance_noauth_rate: achieved requests/s, baseline the target
//   api_balance_errors: answers other than 200; must be 0 (a closed connection stops the run)
// stderr says how long the books took, the per-round p99s, p99.9 and max, CPU per request,
// where a request's time goes in-process (the token check, the ledger read, Router::dispatch),
// and the floor: the same server and load answering a fixed body (2 s), what HTTP costs on the
// machine as it is during the run (a busy shared machine shows there first).
//
// The load generator and CPU: the machine has 2 cores, and the server's 2 I/O threads must
// have them. The client is one thread with non-blocking sockets and ppoll() (nanosecond
// timeouts, timer slack set to 1 ns), sleeping until the next intended send time or answer:
// it never spins (its CPU per request is printed beside the server's), and at most one request
// is in flight per connection (no pipelining; a request whose connection is busy waits for it, and
// the wait is part of its latency).
//
// --quick: 100k accounts, 3 s per server (a fast check that it works).
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/access_store.h"
#include "api/accounts.h"
#include "api/http_server.h"
#include "api/router.h"
#include "api/users.h"
#include "bench/bench_util.h"
#include "bench/payment_events.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/embedded_log.h"
#include "core/log/partitioner.h"
#include "ledger/ledger.h"

namespace {

using namespace tally;
using Clock = std::chrono::steady_clock;
namespace http = boost::beast::http;

constexpr std::uint32_t kPartitions = 8;
constexpr std::size_t kChunk = 100'000;  // records per submit_bulk
constexpr std::uint64_t kFirstCustomer = 100'000;
constexpr double kRate = 5000;           // requests/s per server, all connections together
constexpr int kConnections = 4;
constexpr double kWarmupS = 1;
constexpr std::size_t kRounds = 5;
constexpr std::size_t kPartsLookups = 20'000;  // time_parts(), each part
constexpr std::size_t kHistoryLimit = 20;  // the route's default (accounts.cpp)

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "api_bench: %s\n", what.c_str());
  std::exit(1);
}

double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string customer_id(std::uint64_t i) { return std::to_string(kFirstCustomer + i); }

// One payment for each of customers [first, first + count), at consecutive positions of their
// partitions (next holds each partition's next position).
std::vector<log::LogRecord> payments(std::size_t first, std::size_t count, std::vector<std::int64_t>& next) {
  std::vector<log::LogRecord> out;
  out.reserve(count);
  for (std::size_t i = first; i < first + count; ++i) {
    const std::string account = customer_id(i);
    const PartitionId part = log::partition_for(account, kPartitions);
    out.push_back({part, LogPosition(next[part.value()]++), account, bench::encoded_ach_payment(account, i)});
  }
  return out;
}

// The books, durable: bulk posting as `tally ingest` does, flushed (synced) at the end, in a
// process of its own that then exits, as `tally ingest` does before `tally serve` opens the
// books: the server's process starts clean (not beside a million-record batch still being
// freed on another thread).
std::unique_ptr<ledger::Ledger> build_books(const std::string& path, std::size_t accounts) {
  ledger::LedgerOptions options;
  options.path = path;
  options.sync = true;
  const auto start = Clock::now();
  std::fflush(nullptr);
  const pid_t child = ::fork();  // no thread runs yet
  if (child < 0) die("fork failed");
  if (child == 0) {
    auto opened = ledger::Ledger::open(options);
    if (!opened) die(opened.error().describe());
    std::unique_ptr<ledger::Ledger> ledger = std::move(opened).value();
    std::vector<std::int64_t> next(kPartitions, 0);
    std::size_t applied = 0;
    for (std::size_t first = 0; first < accounts; first += kChunk) {
      auto written = ledger->submit_bulk(payments(first, std::min(kChunk, accounts - first), next));
      if (!written) die(written.error().describe());
      applied += written->applied;
    }
    auto last = ledger->flush();
    if (!last) die(last.error().describe());
    applied += last->applied;
    if (applied != accounts) die("not every payment was posted");
    std::fprintf(stderr, "books: %zu accounts posted durably in %.1f s", accounts,
                 std::chrono::duration<double>(Clock::now() - start).count());
    ledger.reset();
    std::fprintf(stderr, ", closed at %.1f s\n", std::chrono::duration<double>(Clock::now() - start).count());
    std::fflush(nullptr);
    ::_exit(0);
  }
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("building the books failed");
  auto opened = ledger::Ledger::open(options);
  if (!opened) die(opened.error().describe());
  return std::move(opened).value();
}

events::Actor bench_actor() {
  events::Actor actor;
  actor.user = "bench-setup";
  return actor;
}

// ---- the load generator ----

struct Connection {
  int fd = -1;
  std::string in;
  std::deque<std::pair<Clock::time_point, std::size_t>> queued;  // intended time, account index
  bool busy = false;
  Clock::time_point busy_intended;
};

int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) die("connect failed");
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// One complete answer at the front of `in`: its status and length; 0 length when incomplete.
struct Answer {
  int status = 0;
  std::size_t bytes = 0;
};

Answer complete_answer(const std::string& in) {
  const std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos || in.size() < 12) return {};
  const int status = std::atoi(in.c_str() + 9);  // "HTTP/1.1 200 OK"
  std::size_t content_length = 0;
  for (std::size_t line = in.find("\r\n"); line < head_end; line = in.find("\r\n", line + 2)) {
    constexpr std::string_view kName = "content-length:";
    if (line + 2 + kName.size() > head_end) break;
    bool match = true;
    for (std::size_t i = 0; i < kName.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(in[line + 2 + i])) == kName[i];
    if (match) content_length = std::strtoull(in.c_str() + line + 2 + kName.size(), nullptr, 10);
  }
  const std::size_t total = head_end + 4 + content_length;
  if (in.size() < total) return {};
  return {status, total};
}

class LoadGenerator {
 public:
  LoadGenerator(std::uint16_t port, std::string token, const std::vector<std::string>& ids)
      : token_(std::move(token)), ids_(ids) {
    for (int i = 0; i < kConnections; ++i) {
      conns_.emplace_back();
      conns_.back().fd = connect_to(port);
    }
  }
  ~LoadGenerator() {
    for (Connection& c : conns_) ::close(c.fd);
  }

  struct Phase {
    std::vector<double> latency_ms;
    double seconds = 0;       // first intended send to last answer
    std::size_t errors = 0;
    std::string first_error;  // the first answer that was not a 200, whole
    double client_cpu_s = 0;  // this thread
    double process_cpu_s = 0; // every thread: the server's and this one
  };

  // `count` requests at kRate, for accounts ids[first ...] (wrapping).
  Phase run(std::size_t first, std::size_t count) {
    Phase phase;
    phase.latency_ms.reserve(count);
    const double client_cpu = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    const double process_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    const auto interval = std::chrono::duration<double>(1.0 / kRate);
    const Clock::time_point start = Clock::now() + std::chrono::milliseconds(1);
    const auto intended = [&](std::size_t i) {
      return start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
    };
    std::size_t scheduled = 0, answered = 0, next_conn = 0;
    std::array<pollfd, kConnections> fds{};
    std::array<Connection*, kConnections> polled{};
    char buf[16384];
    while (answered < count) {
      Clock::time_point now = Clock::now();
      // Every request whose time has come goes to an idle connection, else waits on the one
      // with the fewest waiting (round robin among equals).
      for (; scheduled < count && intended(scheduled) <= now; ++scheduled) {
        Connection* best = nullptr;
        for (int k = 0; k < kConnections; ++k) {
          Connection& c = conns_[(next_conn + static_cast<std::size_t>(k)) % kConnections];
          const std::size_t load = c.queued.size() + (c.busy ? 1 : 0);
          if (!best || load < best->queued.size() + (best->busy ? 1 : 0)) best = &c;
        }
        next_conn = (next_conn + 1) % kConnections;
        best->queued.emplace_back(intended(scheduled), (first + scheduled) % ids_.size());
      }
      for (Connection& c : conns_) send_next(c);
      int n = 0;
      for (Connection& c : conns_)
        if (c.busy) {
          fds[static_cast<std::size_t>(n)] = {c.fd, POLLIN, 0};
          polled[static_cast<std::size_t>(n++)] = &c;
        }
      timespec timeout{10, 0};  // an answer that takes 10 s is a failure
      if (scheduled < count) {
        const auto wait = std::max(Clock::duration::zero(), intended(scheduled) - now);
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
        timeout = {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
      }
      const int ready = ::ppoll(fds.data(), static_cast<nfds_t>(n), &timeout, nullptr);
      if (ready < 0 && errno != EINTR) die("ppoll failed");
      if (ready == 0 && scheduled >= count) die("an answer took over 10 s");
      if (ready <= 0) continue;
      now = Clock::now();
      for (int k = 0; k < n; ++k) {
        if (!(fds[static_cast<std::size_t>(k)].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        Connection& c = *polled[static_cast<std::size_t>(k)];
        const ssize_t got = ::read(c.fd, buf, sizeof buf);
        if (got == 0) die("the server closed a keep-alive connection");
        if (got < 0) {
          if (errno == EAGAIN || errno == EINTR) continue;
          die(std::string("read failed: ") + std::strerror(errno));
        }
        c.in.append(buf, static_cast<std::size_t>(got));
        const Answer a = complete_answer(c.in);
        if (a.bytes == 0) continue;
        if (a.status != 200 && phase.errors++ == 0) phase.first_error = c.in.substr(0, a.bytes);
        c.in.erase(0, a.bytes);
        phase.latency_ms.push_back(std::chrono::duration<double, std::milli>(now - c.busy_intended).count());
        c.busy = false;
        ++answered;
        send_next(c);
      }
    }
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.client_cpu_s = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - client_cpu;
    phase.process_cpu_s = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - process_cpu;
    return phase;
  }

 private:
  void send_next(Connection& c) {
    if (c.busy || c.queued.empty()) return;
    const auto [when, index] = c.queued.front();
    c.queued.pop_front();
    request_.assign("GET /api/v1/accounts/");
    request_ += ids_[index];
    request_ += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token_.empty()) {
      request_ += "Authorization: Bearer ";
      request_ += token_;
      request_ += "\r\n";
    }
    request_ += "\r\n";
    // A request of ~150 bytes on an idle keep-alive socket: the kernel takes it whole.
    const ssize_t sent = ::send(c.fd, request_.data(), request_.size(), MSG_NOSIGNAL);
    if (sent != static_cast<ssize_t>(request_.size())) die("a request was not sent whole");
    c.busy = true;
    c.busy_intended = when;
  }

  std::string token_;
  const std::vector<std::string>& ids_;
  std::vector<Connection> conns_;
  std::string request_;
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

struct Totals {
  std::vector<double> latency_ms;
  std::vector<double> round_p99;
  double seconds = 0;
  std::size_t errors = 0, requests = 0;
  std::string first_error;
  double client_cpu_s = 0, process_cpu_s = 0;
  void add(LoadGenerator::Phase&& p) {
    round_p99.push_back(percentile(p.latency_ms, 0.99));
    requests += p.latency_ms.size();
    latency_ms.insert(latency_ms.end(), p.latency_ms.begin(), p.latency_ms.end());
    seconds += p.seconds;
    if (errors == 0 && p.errors > 0) first_error = p.first_error;
    errors += p.errors;
    client_cpu_s += p.client_cpu_s;
    process_cpu_s += p.process_cpu_s;
  }
};

void describe(const char* name, const Totals& t) {
  std::string rounds;
  for (double p : t.round_p99) rounds += " " + std::to_string(p).substr(0, 5);
  std::fprintf(stderr,
               "%s: %zu requests, p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms; p99 by round:%s; "
               "cpu per request: %.1f us server, %.1f us client\n",
               name, t.requests, percentile(t.latency_ms, 0.5), percentile(t.latency_ms, 0.9),
               percentile(t.latency_ms, 0.99), percentile(t.latency_ms, 0.999),
               percentile(t.latency_ms, 1.0), rounds.c_str(),
               1e6 * (t.process_cpu_s - t.client_cpu_s) / static_cast<double>(t.requests),
               1e6 * t.client_cpu_s / static_cast<double>(t.requests));
  if (t.errors > 0) std::fprintf(stderr, "%s: %zu errors; the first:\n%s\n", name, t.errors, t.first_error.c_str());
}

// Where a request's time goes, in-process, on the same accounts (stderr only): the token check,
// the ledger read, and the whole Router::dispatch (routing, guard, handler, JSON) of each server.
void time_parts(const api::Router& guarded, const api::Router& open, const api::Users& users,
                const std::string& token, const ledger::Ledger& ledger, std::span<const std::string> ids) {
  const std::size_t n = ids.size();
  const auto time_each = [&](const char* name, auto&& fn) {
    std::vector<double> us;
    us.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto t0 = Clock::now();
      fn(ids[i]);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::fprintf(stderr, "part %-22s p50 %7.2f p99 %7.2f us\n", name, percentile(us, 0.5), percentile(us, 0.99));
  };
  const auto request_for = [&](const std::string& id, bool with_token) {
    api::Request r(http::verb::get, "/api/v1/accounts/" + id, 11);
    r.set(http::field::host, "127.0.0.1");
    if (with_token) r.set(http::field::authorization, "Bearer " + token);
    return r;
  };
  const api::Peer peer{"127.0.0.1:1", false, ""};
  time_each("authenticate", [&](const std::string&) {
    if (!users.authenticate(token)) die("authenticate failed");
  });
  time_each("ledger balance", [&](const std::string& id) {
    if (!ledger.balance(accounts::customer(id))) die("balance failed");
  });
  time_each("ledger account_view", [&](const std::string& id) {
    if (!ledger.account_view(accounts::customer(id), kHistoryLimit)) die("account_view failed");
  });
  time_each("dispatch noauth", [&](const std::string& id) {
    const api::Request r = request_for(id, false);
    if (open.dispatch(r, peer).result_int() != 200) die("dispatch failed");
  });
  time_each("dispatch auth", [&](const std::string& id) {
    const api::Request r = request_for(id, true);
    if (guarded.dispatch(r, peer).result_int() != 200) die("dispatch failed");
  });
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const std::size_t accounts = quick ? 100'000 : 1'000'000;
  const double measure_s = quick ? 3 : 10;  // per server
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // ppoll wakes when asked, not up to 50 us late

  const auto dir = std::filesystem::temp_directory_path() / ("tally-api-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::unique_ptr<ledger::Ledger> ledger = build_books((dir / "ledger").string(), accounts);

    // A read-only user with a real token, as `tally users add bench --role read-only` makes.
    auto log = log::EmbeddedLog::open({(dir / "log").string(), kPartitions, true});
    if (!log) die(log.error().describe());
    auto store = api::AccessStore::open((dir / "api").string());
    if (!store) die(store.error().describe());
    auto users = api::Users::open(**store, **log);
    if (!users) die(users.error().describe());
    auto issued = (*users)->add("bench", std::array{api::Role::read_only}, bench_actor());
    if (!issued) die(issued.error().describe());

    api::Router guarded, open;
    api::add_account_routes(guarded, *ledger, nullptr);
    guarded.guard(users->get(), nullptr, nullptr);  // as cmd_serve.cpp
    api::add_account_routes(open, *ledger, nullptr, api::kPublic);
    api::HttpServer auth_server(guarded), open_server(open);
    if (auto s = auth_server.start("127.0.0.1", 0); !s.ok()) die(s.error().describe());
    if (auto s = open_server.start("127.0.0.1", 0); !s.ok()) die(s.error().describe());

    // One random draw of accounts (uniform over the books, fixed seed) for all three
    // measurements, each on a stretch of its own, so that none is answered from blocks another
    // has just read: warm-ups, then per round a stretch per server, then the raw lookups.
    const std::size_t per_round = static_cast<std::size_t>(kRate * measure_s / kRounds);
    const std::size_t warmup = static_cast<std::size_t>(kRate * kWarmupS);
    const std::size_t rounds_first = 2 * warmup, raw_first = rounds_first + 2 * kRounds * per_round;
    const std::size_t raw_count = kRounds * per_round, parts_first = raw_first + raw_count;
    std::mt19937_64 rng(42);
    std::vector<std::string> ids(parts_first + kPartsLookups);
    for (std::string& id : ids) id = customer_id(rng() % accounts);

    LoadGenerator with_auth(auth_server.port(), issued->token, ids);
    LoadGenerator without_auth(open_server.port(), "", ids);
    {  // the guard is really there: no token is a 401
      LoadGenerator anonymous(auth_server.port(), "", ids);
      if (anonymous.run(0, 1).errors != 1) die("the guarded server answered without a token");
    }
    if (with_auth.run(0, warmup).errors != 0 || without_auth.run(warmup, warmup).errors != 0)
      die("warm-up requests failed");
    Totals auth, noauth;
    for (std::size_t round = 0; round < kRounds; ++round) {
      const std::size_t first = rounds_first + 2 * round * per_round;
      if (round % 2 == 0) {  // each server goes first in turn
        auth.add(with_auth.run(first, per_round));
        noauth.add(without_auth.run(first + per_round, per_round));
      } else {
        noauth.add(without_auth.run(first, per_round));
        auth.add(with_auth.run(first + per_round, per_round));
      }
    }
    auth_server.stop();
    open_server.stop();

    // The floor under both, for reading the figures on a busy machine: the same server and
    // load with a handler that answers a fixed body (one account's real answer, the same
    // size), so no ledger read and no JSON building: what HTTP on this machine costs now.
    Totals floor;
    {
      api::Request sample(http::verb::get, "/api/v1/accounts/" + ids[0], 11);
      const std::string body = open.dispatch(sample, api::Peer{}).body();
      api::Router fixed;
      fixed.add(http::verb::get, "/api/v1/accounts/{id}", api::kPublic,
                [&body](const api::Request& req, const api::RouteParams&) {
                  api::Response r(http::status::ok, req.version());
                  r.set(http::field::content_type, "application/json");
                  r.keep_alive(req.keep_alive());
                  r.body() = body;
                  r.prepare_payload();
                  return r;
                });
      api::HttpServer floor_server(fixed);
      if (auto s = floor_server.start("127.0.0.1", 0); !s.ok()) die(s.error().describe());
      LoadGenerator to_floor(floor_server.port(), "", ids);
      to_floor.run(0, warmup);
      floor.add(to_floor.run(rounds_first, per_round));
      floor_server.stop();
    }

    // The raw ledger lookup the handler makes (the same call, the same limit), in a loop.
    for (std::size_t i = 0; i < warmup; ++i) {
      auto view = ledger->account_view(accounts::customer(ids[i]), kHistoryLimit);
      if (!view || view->balance.postings != 1) die("raw lookup failed");
    }
    std::vector<double> raw_ms;
    raw_ms.reserve(raw_count);
    for (std::size_t i = raw_first; i < raw_first + raw_count; ++i) {
      const auto t0 = Clock::now();
      auto view = ledger->account_view(accounts::customer(ids[i]), kHistoryLimit);
      const auto t1 = Clock::now();
      if (!view || view->balance.postings != 1) die("raw lookup failed");
      raw_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    time_parts(guarded, open, **users, issued->token, *ledger,
               std::span(ids).subspan(parts_first, kPartsLookups));

    describe("auth", auth);
    describe("noauth", noauth);
    describe("floor (fixed answer, no ledger)", floor);
    std::fprintf(stderr, "raw: p50 %.4f p99 %.4f p99.9 %.4f ms\n", percentile(raw_ms, 0.5),
                 percentile(raw_ms, 0.99), percentile(raw_ms, 0.999));
    const double raw_p50 = percentile(raw_ms, 0.5), raw_p99 = percentile(raw_ms, 0.99);
    const double noauth_p50 = percentile(noauth.latency_ms, 0.5), noauth_p99 = percentile(noauth.latency_ms, 0.99);
    bench::print_line("api_balance_auth_p50", percentile(auth.latency_ms, 0.5), "ms", noauth_p50, 3);
    bench::print_line("api_balance_auth_p99", percentile(auth.latency_ms, 0.99), "ms", noauth_p99, 3);
    bench::print_line("api_balance_noauth_p50", noauth_p50, "ms", raw_p50, 3);
    bench::print_line("api_balance_noauth_p99", noauth_p99, "ms", raw_p99, 3);
    bench::print_line("api_balance_raw_p50", raw_p50, "ms", 0, 3);
    bench::print_line("api_balance_raw_p99", raw_p99, "ms", 0, 3);
    bench::print_line("api_balance_auth_rate", static_cast<double>(auth.requests) / auth.seconds, "requests/s", kRate);
    bench::print_line("api_balance_noauth_rate", static_cast<double>(noauth.requests) / noauth.seconds, "requests/s", kRate);
    bench::print_line("api_balance_errors", static_cast<double>(auth.errors + noauth.errors), "requests", 0);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
