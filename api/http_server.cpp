#include "api/http_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <cstring>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/http_connection.h"
#include "api/listen_policy.h"
#include "api/local_socket.h"
#include "api/tls_context.h"
#include "core/errors.h"

namespace tally::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using local_protocol = asio::local::stream_protocol;
using milliseconds = std::chrono::milliseconds;

struct HttpServer::Impl {
  static constexpr int kMaxOverCapConnections = 64;
  static constexpr int kOverCapReadMs = 2000;
  static constexpr int kTlsShutdownMs = 1000;  // waiting for the client's close_notify
  static constexpr int kAcceptRetryMs = 50;    // after a failed accept (out of descriptors)
  static constexpr int kUnlimitedRequests = std::numeric_limits<int>::max();
  static constexpr int kLocalBacklog = 64;

  // Everything a connection's coroutine uses is declared before io: when io is destroyed it
  // destroys the coroutines still pending, and they must find these alive.
  const Router& router;
  ServerLimits limits;
  TlsOptions tls;
  std::unique_ptr<asio::ssl::context> tls_context;  // set by start() when TLS is configured
  std::atomic<int> open_connections{0};
  std::atomic<int> over_cap_connections{0};
  std::uint16_t bound_port = 0;
  std::string local_path;  // the socket file start_local() made; removed by stop()
  asio::io_context io;
  // After io: a listener is closed before the io_context it belongs to.
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<local_protocol::acceptor> local_acceptor;
  std::vector<std::thread> threads;

  Impl(const Router& r, ServerLimits l, TlsOptions t) : router(r), limits(l), tls(std::move(t)) {}

  // Counts a connection out when its coroutine ends, however it ends.
  struct Leaving {
    std::atomic<int>& count;
    ~Leaving() { --count; }
  };

  detail::ConnectionPolicy policy(bool over_cap) const {
    detail::ConnectionPolicy p;
    p.max_body_bytes = limits.max_body_bytes;
    p.max_header_bytes = limits.max_header_bytes;
    p.max_target_bytes = limits.max_target_bytes;
    // Past the connection cap: one request, read briefly, then closed.
    p.idle_timeout = milliseconds(over_cap ? kOverCapReadMs : limits.idle_timeout_ms);
    p.request_timeout = milliseconds(over_cap ? kOverCapReadMs : limits.request_timeout_ms);
    p.max_requests = over_cap ? 1 : kUnlimitedRequests;
    return p;
  }

  // Past the connection cap the answer is 503 unless the request is for /healthz (so a monitor
  // sees the server alive).
  Response answer_over_cap(const Request& request, const Peer& peer) {
    Response response = request.target() == "/healthz"
                            ? dispatch_safely(request, peer)
                            : error_response(request, http::status::service_unavailable, "busy",
                                             "too many connections; try again shortly");
    response.set(http::field::retry_after, "1");
    return response;
  }

  template <class Stream>
  asio::awaitable<void> serve_http(Stream& stream, const Peer& peer, bool over_cap) {
    // The answer is named, not a temporary in the co_await (GCC 12 may destroy those twice);
    // serve_requests keeps its own copies of it and of the policy.
    if (over_cap) {
      const auto answer = [this, &peer](const Request& r) { return answer_over_cap(r, peer); };
      co_await detail::serve_requests(stream, policy(true), answer);
    } else {
      const auto answer = [this, &peer](const Request& r) { return dispatch_safely(r, peer); };
      co_await detail::serve_requests(stream, policy(false), answer);
    }
  }

  asio::awaitable<void> serve_tcp(tcp::socket socket, bool over_cap) {
    const Leaving leaving{over_cap ? over_cap_connections : open_connections};
    const Peer peer = peer_of(socket);
    if (!tls_context) {
      beast::tcp_stream stream(std::move(socket));
      co_await serve_http(stream, peer, over_cap);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_context);
    stream.next_layer().expires_after(policy(over_cap).request_timeout);  // the handshake's time
    auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                             asio::as_tuple(asio::use_awaitable));
    if (handshake_error) {  // plain HTTP to this port, an old TLS version, a client that gave up
      spdlog::debug("TLS handshake with {} failed: {}", peer.address, handshake_error.message());
      co_return;
    }
    co_await serve_http(stream, peer, over_cap);
    stream.next_layer().expires_after(milliseconds(kTlsShutdownMs));
    co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  }

  asio::awaitable<void> serve_local(local_protocol::socket socket, bool over_cap) {
    const Leaving leaving{over_cap ? over_cap_connections : open_connections};
    const Result<LocalPeer> who = local_peer_of(socket.native_handle());
    beast::basic_stream<local_protocol> stream(std::move(socket));
    // The socket file's mode already keeps other users out; this holds even if it is changed.
    if (!who || who->uid != geteuid()) {
      const std::string them = who ? who->user : "an unknown user";
      spdlog::warn("local socket: refused {}: only {} may use it", them, user_name_of(geteuid()));
      const auto forbidden = [](const Request& r) {
        return error_response(r, http::status::forbidden, "forbidden",
                              "only the user running the server may use its local socket");
      };
      co_await detail::serve_requests(stream, policy(true), forbidden);
    } else {
      // Named, not a temporary in the co_await: GCC 12 destroyed that one twice (a crash).
      const Peer peer{"local", true, who->user};
      co_await serve_http(stream, peer, over_cap);
    }
    beast::error_code ignored;
    stream.socket().shutdown(local_protocol::socket::shutdown_send, ignored);
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
      return error_response(request, http::status::internal_server_error, "internal",
                            "internal error");
    }
  }

  // Accepts until the acceptor closes; `serve(socket, over_cap)` is the connection's coroutine.
  template <class Acceptor, class Serve>
  asio::awaitable<void> accept_loop(Acceptor& listener, Serve serve) {
    for (;;) {
      auto [error, socket] = co_await listener.async_accept(asio::as_tuple(asio::use_awaitable));
      if (error == asio::error::operation_aborted) co_return;
      if (error) {  // out of descriptors, say: pause rather than spin on the same failure
        asio::steady_timer pause(io, milliseconds(kAcceptRetryMs));
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      bool over_cap = false;
      if (open_connections.load() >= limits.max_connections) {
        if (over_cap_connections.load() >= kMaxOverCapConnections) {
          beast::error_code ignored;
          socket.close(ignored);  // far over the cap: refuse rather than queue without bound
          continue;
        }
        over_cap = true;
        ++over_cap_connections;
      } else {
        ++open_connections;
      }
      asio::co_spawn(io, serve(std::move(socket), over_cap), asio::detached);
    }
  }

  void start_threads() {
    if (!threads.empty()) return;  // the listeners share the I/O threads
    for (int i = 0; i < limits.io_threads; ++i) threads.emplace_back([this] { io.run(); });
  }
};

HttpServer::HttpServer(const Router& router, ServerLimits limits, TlsOptions tls)
    : impl_(std::make_unique<Impl>(router, limits, std::move(tls))) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start(const std::string& address, std::uint16_t port) {
  if (impl_->acceptor)
    return core_error(CoreErrc::invalid_argument, "the HTTP server is already listening");
  beast::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return core_error(CoreErrc::bad_config, fmt::format("bad listen address '{}'", address));
  TALLY_TRY_STATUS(check_listen_policy(address, impl_->tls.enabled()));
  std::unique_ptr<asio::ssl::context> tls_context;
  if (impl_->tls.enabled()) {
    TALLY_TRY(tls_context, make_server_tls_context(impl_->tls.cert_path, impl_->tls.key_path));
  }
  try {
    impl_->acceptor = std::make_unique<tcp::acceptor>(impl_->io, tcp::endpoint(ip, port), true);
  } catch (const boost::system::system_error& e) {
    return core_error(CoreErrc::bad_config,
                      fmt::format("cannot listen on {}:{}: {}", address, port, e.code().message()));
  }
  impl_->bound_port = impl_->acceptor->local_endpoint().port();
  impl_->tls_context = std::move(tls_context);
  asio::co_spawn(impl_->io,
                 impl_->accept_loop(*impl_->acceptor,
                                    [this](tcp::socket s, bool over_cap) {
                                      return impl_->serve_tcp(std::move(s), over_cap);
                                    }),
                 asio::detached);
  impl_->start_threads();
  return ok_status();
}

Status HttpServer::start_local(const std::string& socket_path) {
  if (impl_->local_acceptor)
    return core_error(CoreErrc::invalid_argument,
                      "the HTTP server already listens on a local socket");
  TALLY_TRY_STATUS(clear_stale_socket(socket_path));
  auto listener = std::make_unique<local_protocol::acceptor>(impl_->io);
  boost::system::error_code ec;
  bool bound = false;
  const auto failed = [&](std::string_view step, const std::string& reason) -> Status {
    boost::system::error_code ignored;
    listener->close(ignored);
    if (bound) ::unlink(socket_path.c_str());
    return core_error(CoreErrc::bad_config, fmt::format("cannot {} the local socket '{}': {}", step,
                                                        socket_path, reason));
  };
  listener->open(local_protocol(), ec);
  if (ec) return failed("open", ec.message());
  listener->bind(local_protocol::endpoint(socket_path), ec);
  if (ec) return failed("bind", ec.message());
  bound = true;
  // Owner-only before listen(): until then a connect is refused, so no one else gets in between.
  if (::chmod(socket_path.c_str(), S_IRUSR | S_IWUSR) != 0)
    return failed("restrict", std::strerror(errno));
  listener->listen(Impl::kLocalBacklog, ec);
  if (ec) return failed("listen on", ec.message());
  impl_->local_acceptor = std::move(listener);
  impl_->local_path = socket_path;
  asio::co_spawn(impl_->io,
                 impl_->accept_loop(*impl_->local_acceptor,
                                    [this](local_protocol::socket s, bool over_cap) {
                                      return impl_->serve_local(std::move(s), over_cap);
                                    }),
                 asio::detached);
  impl_->start_threads();
  return ok_status();
}

std::uint16_t HttpServer::port() const {
  return impl_->bound_port;
}

bool HttpServer::serves_tls() const {
  return impl_->tls_context != nullptr;
}

void HttpServer::stop() {
  if (!impl_ || impl_->threads.empty()) return;
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  // No thread runs now: the listeners close here, so the port and the path are free at once.
  beast::error_code ignored;
  if (impl_->acceptor) impl_->acceptor->close(ignored);
  if (impl_->local_acceptor) impl_->local_acceptor->close(ignored);
  if (!impl_->local_path.empty()) {
    ::unlink(impl_->local_path.c_str());
    impl_->local_path.clear();
  }
}

}  // namespace tally::api
