#include "api/router.h"

#include <openssl/rand.h>

#include <array>
#include <atomic>
#include <cctype>
#include <chrono>

#include <fmt/format.h>

#include "api/cookies.h"
#include "api/error_mapping.h"
#include "api/web_responses.h"
#include "core/printable.h"
#include "core/sha256.h"
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


// A request id unique in this process's life and across restarts: a random prefix drawn once,
// and a counter.
std::string next_request_id() {
  static const std::string prefix = [] {
    std::array<unsigned char, 4> bytes{};
    RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
    return to_hex(bytes.data(), bytes.size());
  }();
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{}-{:x}", prefix, counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

// The token of "Authorization: Bearer <token>"; empty when there is none.
std::string_view bearer_token(const Request& request) {
  const auto it = request.find(http::field::authorization);
  if (it == request.end()) return {};
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
  return value.substr(kScheme.size());
}

// Whether a request with a session cookie carries that session's CSRF token. Both are 64 hex
// digits; compared in time that does not depend on where they differ.
bool carries_csrf_token(const Request& request, std::string_view expected) {
  const auto it = request.find(kCsrfHeader);
  if (it == request.end() || expected.empty()) return false;
  const std::string_view sent(it->value().data(), it->value().size());
  if (sent.size() != expected.size()) return false;
  unsigned char differ = 0;
  for (std::size_t i = 0; i < sent.size(); ++i)
    differ = static_cast<unsigned char>(
        differ | (static_cast<unsigned char>(sent[i]) ^ static_cast<unsigned char>(expected[i])));
  return differ == 0;
}

bool changes_state(http::verb method) {
  return method != http::verb::get && method != http::verb::head;
}

}  // namespace

events::Actor Caller::actor(std::string idempotency_key) const {
  return events::Actor{user, std::move(idempotency_key), token_id, request_id, client_address};
}

void Router::add(http::verb method, std::string pattern, std::optional<Permission> permission,
                 Handler handler) {
  std::vector<std::string> segments = split_path(pattern);
  routes_.push_back(
      {method, std::move(pattern), std::move(segments), permission, std::move(handler), false});
}

void Router::add_page(std::string pattern, Permission permission, Handler handler) {
  std::vector<std::string> segments = split_path(pattern);
  routes_.push_back({http::verb::get, std::move(pattern), std::move(segments), permission,
                     std::move(handler), true});
}

void Router::accept_sessions(SessionAuthenticator* sessions) {
  sessions_ = sessions;
}

void Router::guard(const Authenticator* authenticator, Admission* admission, RequestObserver* observer) {
  authenticator_ = authenticator;
  admission_ = admission;
  observer_ = observer;
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : routes_) out.push_back({r.method, r.pattern, r.permission, r.page});
  return out;
}

std::optional<Response> Router::authenticate(const Route& route, const Request& request,
                                             Caller& caller) const {
  const std::string_view token = bearer_token(request);
  const bool has_authorization = request.find(http::field::authorization) != request.end();
  // A page the browser opens without a session goes to the sign-in page, not to JSON.
  const auto refused = [&](std::string_view code, std::string_view message) -> Response {
    if (route.page)
      return redirect_response(request, code == "bad_session" ? kSessionEndedPage : kSignInPage);
    return error_response(request, http::status::unauthorized, code, message);
  };
  if (!has_authorization && sessions_ != nullptr) {
    if (const std::optional<std::string_view> id = cookie_value(request, kSessionCookie)) {
      std::optional<SessionIdentity> session = sessions_->authenticate_session(*id);
      if (!session)
        return refused("bad_session",
                       "the session is not valid: signed out, idle too long, or its user disabled");
      // The browser sends the cookie with any site's form; only our pages know the token.
      if (changes_state(request.method()) && !carries_csrf_token(request, session->csrf_token))
        return error_response(
            request, http::status::forbidden, "csrf",
            "a request from a signed-in browser must carry the page's X-CSRF-Token");
      caller.user = std::move(session->identity.user);
      caller.token_id = std::move(session->identity.token_id);
      caller.roles = session->identity.roles;
      caller.csrf_token = std::move(session->csrf_token);
      return std::nullopt;
    }
  }
  if (token.empty())
    return refused("unauthenticated",
                   "this needs a bearer token (Authorization: Bearer ...) or a signed-in session");
  const std::optional<Identity> who =
      authenticator_ ? authenticator_->authenticate(token) : std::nullopt;
  if (!who) return refused("bad_token", "the token is not valid: unknown, rotated or disabled");
  caller.user = who->user;
  caller.token_id = who->token_id;
  caller.roles = who->roles;
  return std::nullopt;
}

Response Router::guarded(const Route& route, const Request& request, const Peer& peer,
                         RouteParams& params, const std::string& request_id) const {
  Caller& caller = params.caller;
  caller.request_id = request_id;
  caller.client_address = peer.address;
  if (route.permission) {
    if (peer.local_socket) {  // only the data folder's owner can reach that socket
      // The CLI names the person it acts for (--user/--by), as it does without a server.
      const auto named = request.find(kLocalUserHeader);
      caller.user = named != request.end() && !named->value().empty()
                        ? std::string(named->value())
                        : "local:" + (peer.local_user.empty() ? std::string("unknown") : peer.local_user);
      caller.client_address = "local:" + (peer.local_user.empty() ? std::string("unknown") : peer.local_user);
      caller.roles = role_bits(std::array{Role::admin});
    } else {
      if (std::optional<Response> refused = authenticate(route, request, caller))
        return std::move(*refused);
      if (admission_)
        if (const std::optional<int> wait = admission_->admit(caller.token_id)) {
          Response busy = error_response(request, http::status::too_many_requests, "rate_limited",
                                         "too many requests for this token; slow down");
          busy.set(http::field::retry_after, std::to_string(*wait));
          return busy;
        }
    }
    if (!bits_allow(caller.roles, *route.permission)) {
      if (route.page) return forbidden_page(request, caller.user, *route.permission);
      return error_response(request, http::status::forbidden, "forbidden",
                            fmt::format("{}'s roles do not allow {}", printable(caller.user),
                                        permission_name(*route.permission)));
    }
  }
  return route.handler(request, params);
}

Response Router::dispatch(const Request& request, const Peer& peer) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t question = target.find('?');
  const std::vector<std::string> segments = split_path(target.substr(0, question));
  const std::string request_id = next_request_id();
  bool path_matched = false;
  const Route* found = nullptr;
  RouteParams params;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    params.path.clear();
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
    found = &route;
    break;
  }
  Response response;
  if (found != nullptr) {
    if (question != std::string_view::npos) params.query = parse_query(target.substr(question + 1));
    response = guarded(*found, request, peer, params, request_id);
  } else if (path_matched) {
    response = error_response(request, http::status::method_not_allowed, "method_not_allowed",
                              "this resource does not support that method");
  } else {
    response = error_response(request, http::status::not_found, "not_found", "no such resource");
  }
  response.set("X-Request-Id", request_id);
  if (observer_) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started).count();
    observer_->observe(found ? std::string_view(found->pattern) : std::string_view("unmatched"),
                       response.result_int(), us);
  }
  return response;
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

Response text_response(const Request& request, std::string_view content_type, std::string body) {
  Response response(http::status::ok, request.version());
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string query_or(const RouteParams& params, const std::string& name, std::string fallback) {
  auto it = params.query.find(name);
  return it == params.query.end() ? fallback : it->second;
}

}  // namespace tally::api
