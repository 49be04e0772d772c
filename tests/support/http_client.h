// A minimal blocking HTTP/1.1 client for tests (Boost.Beast), one connection per request.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <string>
#include <utility>
#include <vector>

namespace tally::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The whole response, headers too (Set-Cookie, Location); status 0 when none could be read.
inline HttpResponse http_exchange(std::uint16_t port, boost::beast::http::verb method, const std::string& target,
                                  const std::string& body = {}, const HttpHeaders& headers = {}) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  HttpResponse res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  if (ec) {
    HttpResponse none;
    none.result(0u);
    return none;
  }
  return res;
}

inline HttpResult http_request(std::uint16_t port, boost::beast::http::verb method,
                               const std::string& target, const std::string& body = {},
                               const HttpHeaders& headers = {}) {
  namespace http = boost::beast::http;
  const HttpResponse res = http_exchange(port, method, target, body, headers);
  HttpResult out;
  if (res.result_int() == 0) return out;
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  out.content_type = std::string(res[http::field::content_type]);
  return out;
}

inline HttpResult http_get(std::uint16_t port, const std::string& target) {
  return http_request(port, boost::beast::http::verb::get, target);
}

// With a bearer token.
inline HttpResult http_get(std::uint16_t port, const std::string& target, const std::string& token) {
  return http_request(port, boost::beast::http::verb::get, target, {}, {{"Authorization", "Bearer " + token}});
}

}  // namespace tally::testing
