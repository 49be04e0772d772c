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

inline HttpResult http_request(std::uint16_t port, boost::beast::http::verb method,
                               const std::string& target, const std::string& body = {},
                               const std::vector<std::pair<std::string, std::string>>& headers = {}) {
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
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  HttpResult out;
  if (ec) return out;
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
