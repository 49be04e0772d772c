#include "api/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
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
  std::uint16_t bound_port = 0;

  Impl(const Router& r, ServerLimits l) : router(r), limits(l) {}

  asio::awaitable<void> serve_connection(tcp::socket socket) {
    struct Counter {
      std::atomic<int>& n;
      ~Counter() { --n; }
    } counter{open_connections};
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
      if (read_error == http::error::body_limit) {
        Request dummy;
        Response too_big = error_response(dummy, http::status::payload_too_large, "too_large",
                                          "request body over the limit");
        too_big.keep_alive(false);
        co_await http::async_write(stream, too_big, asio::as_tuple(asio::use_awaitable));
        break;
      }
      if (read_error) break;  // closed, timed out or malformed: drop the connection
      const Request& request = parser.get();
      Response response = dispatch_safely(request);
      const bool keep_alive = response.keep_alive();
      auto [write_error, written] =
          co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
      (void)written;
      if (write_error || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  Response dispatch_safely(const Request& request) {
    try {
      return router.dispatch(request);
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
        beast::error_code ignored;
        socket.close(ignored);  // over the cap: refuse rather than queue without bound
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
