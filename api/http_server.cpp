#include "api/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  const Router& router;
  ServerLimits limits;
  asio::io_context io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<int> open_connections{0};
  std::atomic<int> over_cap_connections{0};
  static constexpr int kMaxOverCapConnections = 64;
  static constexpr int kOverCapReadMs = 2000;
  std::uint16_t bound_port = 0;

  Impl(const Router& r, ServerLimits l) : router(r), limits(l) {}

  // Counts a connection out when its coroutine ends, however it ends.
  struct Leaving {
    std::atomic<int>& count;
    ~Leaving() { --count; }
  };

  asio::awaitable<void> serve_connection(tcp::socket socket) {
    const Leaving leaving{open_connections};
    const Peer peer = peer_of(socket);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(limits.max_body_bytes);
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      stream.expires_after(std::chrono::milliseconds(limits.idle_timeout_ms));
      auto [read_error, read_bytes] =
          co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      (void)read_bytes;
      if (auto refusal = refusal_for(read_error, parser)) {  // answered, then closed
        co_await http::async_write(stream, *refusal, asio::as_tuple(asio::use_awaitable));
        break;
      }
      if (read_error) break;  // closed, timed out or malformed: drop the connection
      const Request& request = parser.get();
      Response response = request.target().size() > limits.max_target_bytes
                              ? error_response(request, http::status::uri_too_long, "uri_too_long",
                                               "the request target is over the limit")
                              : dispatch_safely(request, peer);
      const bool keep_alive = response.keep_alive();
      auto [write_error, written] =
          co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
      (void)written;
      if (write_error || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // The answer to a request that is over a limit, sent before the connection closes; none for
  // other read errors (closed, timed out, malformed), where the connection is just dropped.
  std::optional<Response> refusal_for(const beast::error_code& read_error,
                                      const http::request_parser<http::string_body>& parser) const {
    Request none;
    std::optional<Response> out;
    if (read_error == http::error::body_limit) {
      out = error_response(none, http::status::payload_too_large, "too_large",
                           "request body over the limit");
    } else if (read_error == http::error::header_limit) {
      // Over the header limit in the request line (no target parsed yet) or in the fields.
      if (parser.get().target().empty())
        out = error_response(none, http::status::uri_too_long, "uri_too_long",
                             "the request target is over the limit");
      else
        out = error_response(none, http::status::request_header_fields_too_large,
                             "headers_too_large", "the request's header fields are over the limit");
    }
    if (out) out->keep_alive(false);
    return out;
  }

  // Past the connection cap: one request, answered 503 unless it is for /healthz (so a
  // monitor sees the server alive), then the connection closes. These are capped too.
  asio::awaitable<void> serve_over_cap(tcp::socket socket) {
    const Leaving leaving{over_cap_connections};
    const Peer peer = peer_of(socket);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(limits.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    stream.expires_after(std::chrono::milliseconds(kOverCapReadMs));
    auto [read_error, read_bytes] =
        co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    (void)read_bytes;
    if (!read_error) {
      const Request& request = parser.get();
      Response response = request.target() == "/healthz"
                              ? dispatch_safely(request, peer)
                              : error_response(request, http::status::service_unavailable, "busy",
                                               "too many connections; try again shortly");
      response.set(http::field::retry_after, "1");
      response.keep_alive(false);
      co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  static Peer peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    Peer peer;
    peer.address = ec ? std::string("unknown") : fmt::format("{}:{}", remote.address().to_string(), remote.port());
    return peer;
  }

  Response dispatch_safely(const Request& request, const Peer& peer) {
    try {
      return router.dispatch(request, peer);
    } catch (const std::exception& e) {  // a handler bug must not take the server down
      spdlog::error("http handler for {} failed: {}", std::string(request.target()), e.what());
      return error_response(request, http::status::internal_server_error, "internal", "internal error");
    }
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [error, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (error == asio::error::operation_aborted) co_return;
      if (error) continue;
      if (open_connections.load() >= limits.max_connections) {
        if (over_cap_connections.load() >= kMaxOverCapConnections) {
          beast::error_code ignored;
          socket.close(ignored);  // far over the cap: refuse rather than queue without bound
          continue;
        }
        ++over_cap_connections;
        asio::co_spawn(io, serve_over_cap(std::move(socket)), asio::detached);
        continue;
      }
      ++open_connections;
      asio::co_spawn(io, serve_connection(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(const Router& router, ServerLimits limits)
    : impl_(std::make_unique<Impl>(router, limits)) {}

HttpServer::~HttpServer() { stop(); }

Status HttpServer::start(const std::string& address, std::uint16_t port) {
  beast::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return core_error(CoreErrc::bad_config, fmt::format("bad listen address '{}'", address));
  try {
    impl_->acceptor = std::make_unique<tcp::acceptor>(impl_->io, tcp::endpoint(ip, port), true);
  } catch (const boost::system::system_error& e) {
    return core_error(CoreErrc::bad_config,
                      fmt::format("cannot listen on {}:{}: {}", address, port, e.code().message()));
  }
  impl_->bound_port = impl_->acceptor->local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  for (int i = 0; i < impl_->limits.io_threads; ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  return ok_status();
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop() {
  if (!impl_ || impl_->threads.empty()) return;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor->close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace tally::api
