// The HTTP/1.1 request loop of one connection, shared by every transport: plain TCP
// (beast::tcp_stream), TLS (beast::ssl_stream over it) and the local socket
// (beast::basic_stream over AF_UNIX). Internal to api/: HttpServer sets up the stream (the TLS
// handshake, the local peer check) and closes it; this reads requests, answers and enforces
// the limits.
//
// Two clocks per request, on the stream's lowest layer: waiting for a request's first byte is
// the idle (keep-alive) timeout; from that byte the whole request (headers and body) must
// arrive within the request timeout, else the connection is closed without an answer (a client
// that sends half a request is not reading one; the socket is closed by the timer, so nothing
// could be sent). Writing the answer gets the request timeout too.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstddef>
#include <optional>

#include "api/router.h"

namespace tally::api::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct ConnectionPolicy {
  std::size_t max_body_bytes = 0;
  std::size_t max_header_bytes = 0;           // request line and fields: past it 414 or 431
  std::size_t max_target_bytes = 0;           // past it 414
  std::chrono::milliseconds idle_timeout{0};  // until a request's first byte
  std::chrono::milliseconds request_timeout{
      0};                // from its first byte to its last; the answer's write
  int max_requests = 0;  // then the connection closes
};

using RequestParser = http::request_parser<http::string_body>;

// The answer to a request over a limit (413, 414, 431), sent before the connection closes; none
// for other read errors (closed, timed out, malformed), where the connection is just dropped.
std::optional<Response> refusal_for(const beast::error_code& read_error,
                                    const RequestParser& parser);

// Reads requests and writes `answer(request)` for each until the peer closes, a limit or timeout
// ends the connection, an answer is not keep-alive, or policy.max_requests are served. Closing
// the stream is the caller's.
template <class Stream, class Answer>
asio::awaitable<void> serve_requests(Stream& stream, ConnectionPolicy policy, Answer answer) {
  constexpr std::size_t kFirstReadBytes = 4096;
  const auto as_tuple = asio::as_tuple(asio::use_awaitable);
  auto& transport = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  for (int served = 0; served < policy.max_requests;) {
    if (buffer.size() == 0) {  // idle until the next request starts (a pipelined one already has)
      transport.expires_after(policy.idle_timeout);
      auto [idle_error, first_bytes] =
          co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), as_tuple);
      if (idle_error) co_return;
      buffer.commit(first_bytes);
    }
    transport.expires_after(policy.request_timeout);
    RequestParser parser;
    parser.body_limit(policy.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(policy.max_header_bytes));
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, as_tuple);
    (void)read_bytes;
    if (std::optional<Response> refusal = refusal_for(read_error, parser)) {
      transport.expires_after(policy.request_timeout);
      co_await http::async_write(stream, *refusal, as_tuple);
      co_return;
    }
    if (read_error) co_return;
    const Request& request = parser.get();
    Response response = request.target().size() > policy.max_target_bytes
                            ? error_response(request, http::status::uri_too_long, "uri_too_long",
                                             "the request target is over the limit")
                            : answer(request);
    if (++served >= policy.max_requests) response.keep_alive(false);
    const bool keep_alive = response.keep_alive();
    transport.expires_after(policy.request_timeout);
    auto [write_error, written] = co_await http::async_write(stream, response, as_tuple);
    (void)written;
    if (write_error || !keep_alive) co_return;
  }
}

}  // namespace tally::api::detail
