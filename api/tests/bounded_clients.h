// Test clients for the transports (HTTPS with certificate checks, the local socket, raw bytes)
// whose every wait is bounded: a server bug fails a test instead of hanging it.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <future>
#include <optional>
#include <string>

namespace tally::testing {

namespace bc {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
}  // namespace bc

inline constexpr std::chrono::milliseconds kClientWait{5000};

struct ClientResult {
  bool connected = false;  // TCP, TLS handshake included
  std::string error;       // the first failure
  int status = 0;          // 0: no answer
  std::string body;
};

// Runs a client coroutine on its own io_context for at most kClientWait.
template <class Coroutine>
ClientResult run_client(bc::asio::io_context& io, Coroutine coroutine) {
  std::future<ClientResult> result =
      bc::asio::co_spawn(io, std::move(coroutine), bc::asio::use_future);
  io.run_for(kClientWait);
  if (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return ClientResult{false, "the client timed out", 0, {}};
  return result.get();
}

// One GET on an open stream; the answer read until the server's response is whole.
template <class Stream>
bc::asio::awaitable<ClientResult> exchange(Stream& stream, std::string target, ClientResult out) {
  const auto as_tuple = bc::asio::as_tuple(bc::asio::use_awaitable);
  bc::http::request<bc::http::string_body> request{bc::http::verb::get, target, 11};
  request.set(bc::http::field::host, "127.0.0.1");
  request.keep_alive(false);
  auto [write_error, written] = co_await bc::http::async_write(stream, request, as_tuple);
  (void)written;
  if (write_error) {
    out.error = write_error.message();
    co_return out;
  }
  bc::beast::flat_buffer buffer;
  bc::http::response<bc::http::string_body> response;
  auto [read_error, read] = co_await bc::http::async_read(stream, buffer, response, as_tuple);
  (void)read;
  if (read_error) {
    out.error = read_error.message();
    co_return out;
  }
  out.status = static_cast<int>(response.result_int());
  out.body = response.body();
  co_return out;
}

struct HttpsClientOptions {
  std::string trust_pem;      // the only trust anchor: the test's own certificate
  std::string expected_name;  // checked against the certificate: a host name or an IP address
  std::optional<int> max_tls_version;  // e.g. TLS1_1_VERSION to offer an old protocol only
};

// GET `target` over HTTPS on 127.0.0.1:port, verifying the server's certificate.
inline ClientResult https_get(std::uint16_t port, const std::string& target,
                              const HttpsClientOptions& options) {
  bc::asio::io_context io;
  bc::ssl::context context(bc::ssl::context::tls_client);
  context.load_verify_file(options.trust_pem);
  context.set_verify_mode(bc::ssl::verify_peer);
  if (options.max_tls_version) {
    // Offer only the old protocol, and let this client's own policy allow it: the refusal
    // must come from the server.
    SSL_CTX_set_security_level(context.native_handle(), 0);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(context.native_handle(), *options.max_tls_version);
    SSL_CTX_set_cipher_list(context.native_handle(), "ALL:@SECLEVEL=0");
  }
  bc::beast::ssl_stream<bc::beast::tcp_stream> stream(io, context);
  stream.set_verify_callback(bc::ssl::host_name_verification(options.expected_name));
  return run_client(io, [&]() -> bc::asio::awaitable<ClientResult> {
    const auto as_tuple = bc::asio::as_tuple(bc::asio::use_awaitable);
    ClientResult out;
    bc::beast::get_lowest_layer(stream).expires_after(kClientWait);
    auto [connect_error] = co_await bc::beast::get_lowest_layer(stream).async_connect(
        bc::tcp::endpoint(bc::asio::ip::make_address("127.0.0.1"), port), as_tuple);
    if (connect_error) {
      out.error = connect_error.message();
      co_return out;
    }
    auto [handshake_error] =
        co_await stream.async_handshake(bc::ssl::stream_base::client, as_tuple);
    if (handshake_error) {
      out.error = handshake_error.message();
      co_return out;
    }
    out.connected = true;
    out = co_await exchange(stream, target, out);
    co_await stream.async_shutdown(as_tuple);
    co_return out;
  }());
}

// GET `target` over the server's local socket at `path`.
inline ClientResult local_get(const std::string& path, const std::string& target) {
  bc::asio::io_context io;
  bc::beast::basic_stream<bc::asio::local::stream_protocol> stream(io);
  return run_client(io, [&]() -> bc::asio::awaitable<ClientResult> {
    ClientResult out;
    stream.expires_after(kClientWait);
    auto [connect_error] =
        co_await stream.async_connect(bc::asio::local::stream_protocol::endpoint(path),
                                      bc::asio::as_tuple(bc::asio::use_awaitable));
    if (connect_error) {
      out.error = connect_error.message();
      co_return out;
    }
    out.connected = true;
    co_return co_await exchange(stream, target, out);
  }());
}

}  // namespace tally::testing
