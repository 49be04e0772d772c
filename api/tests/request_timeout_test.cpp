#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "api/health.h"
#include "api/http_server.h"
#include "api/tests/test_certificate.h"
#include "tests/support/temp_dir.h"

using namespace tally::api;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kRequestTimeoutMs = 200;
constexpr int kIdleTimeoutMs = 5000;
constexpr milliseconds kClientBound{
    1500};  // far past the request timeout, well inside a test's budget
constexpr std::string_view kRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

Router health_router() {
  Router router;
  add_health_routes(router, {"9.9.9", "embedded:/x", nullptr});
  return router;
}

ServerLimits short_request_timeout() {
  ServerLimits limits;
  limits.request_timeout_ms = kRequestTimeoutMs;
  limits.idle_timeout_ms = kIdleTimeoutMs;
  return limits;
}

// A raw TCP client: bytes exactly as the test says, every wait bounded by poll().
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  }
  ~RawClient() { close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // False once the server has closed the connection.
  bool send(std::string_view bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

  // Reads what arrives within `wait`; true when the server closed the connection meanwhile.
  bool closed_within(milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) return true;  // end of stream or reset: closed either way
      received_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  // Waits up to `wait` for a whole response (headers, then Content-Length bytes of body).
  bool response_within(milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    while (!whole_response()) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) return whole_response();
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }

  std::string take_received() { return std::exchange(received_, {}); }

 private:
  bool whole_response() const {
    const std::size_t end = received_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const std::size_t length_at = received_.find("Content-Length: ");
    if (length_at == std::string::npos || length_at > end) return true;
    const std::size_t length =
        std::stoul(received_.substr(length_at + std::string_view("Content-Length: ").size()));
    return received_.size() >= end + 4 + length;
  }

  int fd_;
  std::string received_;
};

}  // namespace

TEST_CASE("a client that sends half a request is cut off at the request timeout",
          "[api][timeout]") {
  const Router router = health_router();
  HttpServer server(router, short_request_timeout());
  REQUIRE(server.start("127.0.0.1", 0).ok());
  RawClient client(server.port());
  const auto sent_at = Clock::now();
  REQUIRE(client.send(kRequest.substr(0, kRequest.size() / 2)));
  CHECK(client.closed_within(kClientBound));
  const auto after = std::chrono::duration_cast<milliseconds>(Clock::now() - sent_at);
  CHECK(after.count() >= kRequestTimeoutMs * 3 / 4);  // not before its time (allowing for clocks)
  CHECK(after < kClientBound);
  CHECK(client.take_received().empty());  // closed without an answer, as documented
}

TEST_CASE("a request trickled a byte at a time is cut off at the request timeout",
          "[api][timeout]") {
  constexpr milliseconds kByteGap{20};
  const Router router = health_router();
  HttpServer server(router, short_request_timeout());
  REQUIRE(server.start("127.0.0.1", 0).ok());
  RawClient client(server.port());
  // A long header keeps the client sending well past the timeout: each byte is progress, none
  // of it may extend the request's time.
  const std::string slow = "GET /healthz HTTP/1.1\r\nX-Slow: " + std::string(200, 'x') + "\r\n\r\n";
  const auto started = Clock::now();
  bool closed = false;
  for (char c : slow) {
    if (!client.send(std::string_view(&c, 1)) || client.closed_within(kByteGap)) {
      closed = true;
      break;
    }
  }
  const auto after = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  CHECK(closed);
  CHECK(after < kClientBound);
}

TEST_CASE("waiting between requests is the idle timeout, not the request timeout",
          "[api][timeout]") {
  const Router router = health_router();
  HttpServer server(router, short_request_timeout());
  REQUIRE(server.start("127.0.0.1", 0).ok());
  RawClient client(server.port());
  const milliseconds pause{kRequestTimeoutMs * 2};
  std::this_thread::sleep_for(pause);  // idle before the first request
  REQUIRE(client.send(kRequest));
  REQUIRE(client.response_within(kClientBound));
  CHECK(client.take_received().rfind("HTTP/1.1 200", 0) == 0);
  std::this_thread::sleep_for(pause);  // idle between kept-alive requests
  REQUIRE(client.send(kRequest));
  REQUIRE(client.response_within(kClientBound));
  CHECK(client.take_received().rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("a TLS handshake that never comes is cut off at the request timeout",
          "[api][timeout][tls]") {
  tally::testing::TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const Router router = health_router();
  HttpServer server(router, short_request_timeout(), TlsOptions{cert.cert_path, cert.key_path});
  REQUIRE(server.start("127.0.0.1", 0).ok());
  RawClient client(server.port());
  const auto connected_at = Clock::now();
  CHECK(client.closed_within(kClientBound));
  CHECK(Clock::now() - connected_at < kClientBound);
}
