#include "app/remote.h"

#include <openssl/rand.h>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "api/error_mapping.h"
#include "core/errors.h"
#include "core/sha256.h"

namespace tally::app {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using local = boost::asio::local::stream_protocol;

constexpr std::size_t kMaxAnswerBytes = 256u << 20;  // a report of a busy month, with room

std::string fresh_key() {
  std::array<unsigned char, 16> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  return "cli-" + to_hex(bytes.data(), bytes.size());
}

}  // namespace

std::string RemoteAnswer::error_message() const {
  if (json.is_object())
    if (const auto* error = json.as_object().if_contains("error"); error && error->is_object())
      if (const auto* message = error->as_object().if_contains("message"); message && message->is_string())
        return std::string(message->as_string());
  return fmt::format("the server answered {}: {}", status, body);
}

bool server_running(const Config& config) {
  std::error_code ec;
  if (!std::filesystem::is_socket(config.api_socket(), ec)) return false;
  boost::asio::io_context io;
  local::socket socket(io);
  boost::system::error_code connect_error;
  socket.connect(local::endpoint(config.api_socket()), connect_error);
  return !connect_error;
}

Result<RemoteAnswer> call_server(const Config& config, const RemoteCall& call) {
  boost::asio::io_context io;
  beast::basic_stream<local> stream(io);
  boost::system::error_code ec;
  stream.socket().connect(local::endpoint(config.api_socket()), ec);
  if (ec)
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("the running server does not answer on {}: {}", config.api_socket(), ec.message()));
  http::request<http::string_body> req{call.method, call.target, 11};
  req.set(http::field::host, "localhost");
  req.set(http::field::content_type, call.content_type);
  if (!call.user.empty()) req.set("X-Tally-User", call.user);
  if (call.method != http::verb::get)
    req.set("Idempotency-Key", call.idempotency_key.empty() ? fresh_key() : call.idempotency_key);
  req.body() = call.body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return core_error(CoreErrc::log_unavailable, fmt::format("sending to the server: {}", ec.message()));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  http::read(stream, buffer, parser, ec);
  if (ec) return core_error(CoreErrc::log_unavailable, fmt::format("reading the server's answer: {}", ec.message()));
  RemoteAnswer answer;
  answer.status = parser.get().result_int();
  answer.body = std::move(parser.get().body());
  boost::system::error_code parse_error;
  answer.json = boost::json::parse(answer.body, parse_error);
  if (parse_error) answer.json = nullptr;
  return answer;
}

int exit_code_for(const RemoteAnswer& answer, std::string_view command) {
  if (answer.ok()) return 0;
  fmt::print(stderr, "tally {}: {}\n", command, answer.error_message());
  return answer.status == 400 ? 2 : 1;
}

std::string url_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~')
      out.push_back(c);
    else
      out += fmt::format("%{:02X}", byte);
  }
  return out;
}

Reply ask_server(const Config& config, const RemoteCall& call, std::string_view command,
                 std::initializer_list<unsigned> answers) {
  auto answer = call_server(config, call);
  if (!answer) {
    fmt::print(stderr, "tally {}: {}\n", command, answer.error().describe());
    return Reply{.exit_code = 1};
  }
  const bool an_answer = std::find(answers.begin(), answers.end(), answer->status) != answers.end();
  if (!answer->ok() && !an_answer) return Reply{.exit_code = exit_code_for(*answer, command)};
  return Reply{.status = answer->status, .json = std::move(answer->json), .body = std::move(answer->body)};
}

namespace {

Reply failed_here(const Error& error, std::string_view command) {
  fmt::print(stderr, "tally {}: {}\n", command, error.describe());
  return Reply{.exit_code = api::http_error_for(error).status == boost::beast::http::status::bad_request ? 2 : 1};
}

}  // namespace

Reply local_reply(Result<boost::json::object> answer, std::string_view command) {
  if (!answer) return failed_here(answer.error(), command);
  return Reply{.status = 200, .json = std::move(answer).value()};
}

Reply local_text_reply(Result<std::string> answer, std::string_view command) {
  if (!answer) return failed_here(answer.error(), command);
  return Reply{.status = 200, .body = std::move(answer).value()};
}

int print_or_write(const Reply& reply, const std::string& out, std::string_view command) {
  const std::string body = reply.body.empty() && !reply.json.is_null() ? boost::json::serialize(reply.json) : reply.body;
  if (out.empty()) {
    std::fwrite(body.data(), 1, body.size(), stdout);
    return 0;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << body;
  file.close();
  if (!file) {
    fmt::print(stderr, "tally {}: cannot write {}\n", command, out);
    return 1;
  }
  fmt::print("{}: {} written\n", command, out);
  return 0;
}

}  // namespace tally::app
