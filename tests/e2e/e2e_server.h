// `tally serve` in an end-to-end test: a free port, the server process killed if a failed
// REQUIRE leaves it running, and authenticated requests to it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/verb.hpp>

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "tests/e2e/e2e_support.h"
#include "tests/support/http_client.h"

namespace e2e {

// A port nothing listens on now: bound by the kernel's choice, then let go.
inline std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::tcp::v4(), 0});
  return acceptor.local_endpoint().port();
}

// The server, killed if a failed REQUIRE leaves it running; stop() ends it as an operator would.
struct ServerGuard {
  pid_t pid;
  bool reaped = false;
  int stop() {
    ::kill(pid, SIGTERM);
    reaped = true;
    return wait_for(pid);
  }
  int kill_hard() {
    ::kill(pid, SIGKILL);
    reaped = true;
    return wait_for(pid);
  }
  ~ServerGuard() {
    if (reaped) return;
    ::kill(pid, SIGKILL);
    wait_for(pid);
  }
};

// A user added with `tally users add` before the server starts; returns the token printed once.
inline std::string add_user(const Workspace& w, const std::string& name, const std::string& role) {
  const Run added = w.tally({"users", "add", name, "--role", role, "--json"});
  if (added.exit_code != 0) return {};
  return str_of(json_object(added.out).at("token"));
}

// A command over HTTP as `token`, with its idempotency key. Status 0: no answer (the server
// is down or died mid-request).
inline tally::testing::HttpResult post(std::uint16_t port, const std::string& token, const std::string& target,
                                       const std::string& body, const std::string& key) {
  try {
    return tally::testing::http_request(port, boost::beast::http::verb::post, target, body,
                                        {{"Authorization", "Bearer " + token},
                                         {"Idempotency-Key", key},
                                         {"Content-Type", "application/json"}});
  } catch (const std::exception&) {
    return {};
  }
}

inline tally::testing::HttpResult get(std::uint16_t port, const std::string& token, const std::string& target) {
  try {
    return tally::testing::http_get(port, target, token);
  } catch (const std::exception&) {
    return {};
  }
}

// Waits up to `seconds` for the server on `port` to answer /healthz; whether it does. (The data
// folder's api.sock outlives a killed server, so its existence says nothing after a SIGKILL.)
inline bool wait_until_serving(std::uint16_t port, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    try {
      if (tally::testing::http_get(port, "/healthz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace e2e
