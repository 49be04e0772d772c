#include "api/router.h"

#include "api/error_mapping.h"
#include "core/utf8.h"

namespace tally::api {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < q.size()) {
    std::size_t amp = q.find('&', start);
    if (amp == std::string_view::npos) amp = q.size();
    const std::string_view pair = q.substr(start, amp - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty())
      out[percent_decode(pair.substr(0, eq))] =
          eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    start = amp + 1;
  }
  return out;
}

}  // namespace

void Router::add(http::verb method, std::string pattern, Handler handler) {
  routes_.push_back({method, split_path(pattern), std::move(handler)});
}

Response Router::dispatch(const Request& request) const {
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t question = target.find('?');
  const std::vector<std::string> segments = split_path(target.substr(0, question));
  bool path_matched = false;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    RouteParams params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}')
        params.path[want.substr(1, want.size() - 2)] = percent_decode(segments[i]);
      else
        match = want == segments[i];
    }
    if (!match) continue;
    path_matched = true;
    if (route.method != request.method()) continue;
    if (question != std::string_view::npos) params.query = parse_query(target.substr(question + 1));
    return route.handler(request, params);
  }
  if (path_matched)
    return error_response(request, http::status::method_not_allowed, "method_not_allowed",
                          "this resource does not support that method");
  return error_response(request, http::status::not_found, "not_found", "no such resource");
}

Response json_response(const Request& request, http::status status, const boost::json::value& body) {
  Response response(status, request.version());
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  // JSON is UTF-8: bytes a client sent that are not (a path, a query) are shown as U+FFFD.
  if (!is_valid_utf8(response.body())) response.body() = to_valid_utf8(response.body());
  response.body().push_back('\n');
  response.prepare_payload();
  return response;
}

Response error_response(const Request& request, http::status status, std::string_view code,
                        std::string_view message) {
  return json_response(request, status, {{"error", {{"code", code}, {"message", message}}}});
}

Response error_response(const Request& request, const Error& error) {
  const HttpError mapped = http_error_for(error);
  // A server-side failure says what failed but not how: the details go to the log.
  const bool server_side = static_cast<int>(mapped.status) >= 500;
  return error_response(request, mapped.status, mapped.code,
                        server_side ? std::string(error.code.message()) : error.message);
}

}  // namespace tally::api
