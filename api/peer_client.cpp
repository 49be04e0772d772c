#include "api/peer_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/x509v3.h>

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

// What one exchange came to: the answer, or why there is none.
struct Outcome {
  std::optional<PeerAnswer> answer;
  std::string failure = "no answer in time";
};

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const http::request<http::empty_body>& request,
                               std::size_t max_body, Outcome& out) {
  auto [write_error, written] = co_await http::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
  if (write_error) {
    out.failure = "sending: " + write_error.message();
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  auto [read_error, read] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  if (read_error) {
    out.failure = "reading the answer: " + read_error.message();
    co_return;
  }
  auto response = parser.release();
  out.answer = PeerAnswer{response.result_int(), std::move(response.body()),
                          std::string(response[http::field::content_type])};
}

}  // namespace

std::optional<PeerUrl> parse_peer_url(std::string_view url) {
  PeerUrl out;
  if (url.starts_with("https://")) {
    out.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  while (url.ends_with('/')) url.remove_suffix(1);
  if (url.empty() || url.find('/') != std::string_view::npos) return std::nullopt;
  std::string_view host = url, port;
  if (url.front() == '[') {  // [::1]:8080
    const std::size_t close = url.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = url.substr(1, close - 1);
    const std::string_view rest = url.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || rest.size() == 1)) return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
  } else if (const std::size_t colon = url.rfind(':'); colon != std::string_view::npos) {
    host = url.substr(0, colon);
    port = url.substr(colon + 1);
    if (port.empty()) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  out.host = std::string(host);
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
  return out;
}

struct PeerClient::Impl {
  PeerClientOptions options;
  asio::ssl::context tls{asio::ssl::context::tls_client};

  asio::awaitable<void> run(const PeerUrl& url, const http::request<http::empty_body>& request,
                            Outcome& out) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_error, found] =
        co_await resolver.async_resolve(url.host, url.port, asio::as_tuple(asio::use_awaitable));
    if (resolve_error) {
      out.failure = fmt::format("resolving {}: {}", url.host, resolve_error.message());
      co_return;
    }
    beast::tcp_stream tcp_stream(executor);
    tcp_stream.expires_after(milliseconds(options.timeout_ms));
    auto [connect_error, where] = co_await tcp_stream.async_connect(found, asio::as_tuple(asio::use_awaitable));
    if (connect_error) {
      out.failure = fmt::format("connecting to {}:{}: {}", url.host, url.port, connect_error.message());
      co_return;
    }
    if (!url.tls) {
      co_await exchange(tcp_stream, request, options.max_body_bytes, out);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), tls);
    // The certificate must name the host: its address (an IP SAN) or its name (SNI too).
    boost::system::error_code not_ip;
    asio::ip::make_address(url.host, not_ip);
    if (!not_ip) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), url.host.c_str());
    } else {
      // SSL_set_tlsext_host_name without its C cast.
      SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(url.host.c_str()));
      SSL_set1_host(stream.native_handle(), url.host.c_str());
    }
    auto [handshake_error] =
        co_await stream.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (handshake_error) {
      out.failure = fmt::format("TLS with {}: {}", url.host, handshake_error.message());
      co_return;
    }
    co_await exchange(stream, request, options.max_body_bytes, out);
  }
};

Result<std::unique_ptr<PeerClient>> PeerClient::make(PeerClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  boost::system::error_code ec;
  impl->tls.set_verify_mode(asio::ssl::verify_peer, ec);
  if (!ec) {
    if (impl->options.ca_file.empty()) impl->tls.set_default_verify_paths(ec);
    else impl->tls.load_verify_file(impl->options.ca_file, ec);
  }
  if (ec)
    return core_error(CoreErrc::bad_config,
                      fmt::format("the CA for other nodes' certificates ({}): {}",
                                  impl->options.ca_file.empty() ? "the system's" : impl->options.ca_file,
                                  ec.message()));
  return std::unique_ptr<PeerClient>(new PeerClient(std::move(impl)));
}

PeerClient::PeerClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PeerClient::~PeerClient() = default;

Result<PeerAnswer> PeerClient::get(const std::string& base_url, const std::string& target,
                                   const std::string& bearer) const {
  const std::optional<PeerUrl> url = parse_peer_url(base_url);
  if (!url) return core_error(CoreErrc::invalid_argument, fmt::format("{} is not a node's URL", base_url));
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, url->host);
  request.set(http::field::authorization, "Bearer " + bearer);
  request.set(http::field::connection, "close");
  Outcome out;
  asio::io_context io;
  asio::co_spawn(io, impl_->run(*url, request, out), asio::detached);
  // The stream's own timer bounds connect and each exchange; this bounds the whole, resolving
  // included.
  io.run_for(milliseconds(impl_->options.timeout_ms));
  if (!io.stopped()) {
    io.stop();
    out.answer.reset();
    out.failure = fmt::format("no answer within {} ms", impl_->options.timeout_ms);
  }
  if (!out.answer)
    return core_error(CoreErrc::log_unavailable, fmt::format("asking {}: {}", base_url, out.failure));
  return std::move(*out.answer);
}

}  // namespace tally::api
