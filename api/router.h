// Router: maps a method and a path pattern ("/api/v1/accounts/{id}") to a handler, and
// guards it: every route names the permission it needs (roles.h) or is public (/healthz,
// /metrics, the OpenAPI document). Before a guarded handler runs the router authenticates the
// bearer token (401), checks the caller's roles (403) and the token's rate (429), and gives
// the handler who is asking (RouteParams::caller). Each answer carries an X-Request-Id.
//
// A browser signs in instead (web_sessions.h): without an Authorization header the router
// takes the session cookie. A cookie is sent by the browser on its own, even with a form
// another site posts, so with a cookie every method but GET and HEAD must also carry the
// session's CSRF token in X-CSRF-Token (403 csrf otherwise): only the session's own pages know
// it. Page routes (add_page) answer a missing session with a redirect to the sign-in page and
// a role that does not allow them with an HTML 403.
//
// Handlers run on the server's I/O threads and must be thread-safe; they return a complete
// response. The one place where module errors become HTTP statuses is error_mapping.h.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/roles.h"
#include "core/events/actor.h"
#include "core/result.h"

namespace tally::api {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// On the data folder's socket only: the person the CLI acts for (its --user or --by).
inline constexpr std::string_view kLocalUserHeader = "X-Tally-User";

// The other end of a connection, as the server saw it.
struct Peer {
  std::string address;        // "127.0.0.1:51234"; "local" for the data folder's socket
  bool local_socket = false;  // the owner-only socket in the data folder: the CLI, as admin
  std::string local_user;     // the operating-system user at the other end of that socket
};

// Who a bearer token belongs to.
struct Identity {
  std::string user;
  std::string token_id;  // the token's public id (never the token)
  RoleBits roles = 0;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The identity of an enabled user's current token; nullopt for any other text.
  virtual std::optional<Identity> authenticate(std::string_view token) const = 0;
};

// The cookie a signed-in browser carries, and the header its state-changing requests add.
inline constexpr std::string_view kSessionCookie = "tally_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::string_view kSignInPage = "/web/signin";
inline constexpr std::string_view kSessionEndedPage = "/web/signin?expired=1";  // says why

// Who a web session belongs to, and the token that proves a request came from its pages.
struct SessionIdentity {
  Identity identity;
  std::string csrf_token;
};

class SessionAuthenticator {
 public:
  virtual ~SessionAuthenticator() = default;
  // The session a cookie's id names while it is live and its user enabled with the token they
  // signed in with; nullopt for anything else. A found session counts as used (idle timeout).
  virtual std::optional<SessionIdentity> authenticate_session(std::string_view session_id) = 0;
};

// Admission per token (rate_limiter.h): nullopt admits; a value is the seconds to wait.
class Admission {
 public:
  virtual ~Admission() = default;
  virtual std::optional<int> admit(std::string_view key) = 0;
};

// Requests by route and status, and their latency (metrics.h).
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void observe(std::string_view route, unsigned status, std::int64_t latency_us) = 0;
};

// Who is asking, for a guarded route's handler.
struct Caller {
  std::string user;
  std::string token_id;
  std::string request_id;
  std::string client_address;
  RoleBits roles = 0;
  std::string csrf_token;  // a web session's, for its pages to embed; empty for a bearer token
  // The command's actor: the caller with the request's Idempotency-Key.
  events::Actor actor(std::string idempotency_key) const;
};

struct RouteParams {
  std::map<std::string, std::string> path;   // {name} captures
  std::map<std::string, std::string> query;  // ?a=b&c=d, percent-decoded
  Caller caller;                             // empty on public routes
};

using Handler = std::function<Response(const Request&, const RouteParams&)>;

// A route open to anyone who can reach the port.
inline constexpr std::nullopt_t kPublic = std::nullopt;

struct RouteInfo {
  http::verb method;
  std::string pattern;
  std::optional<Permission> permission;
  bool page = false;  // added with add_page
};

class Router {
 public:
  void add(http::verb method, std::string pattern, std::optional<Permission> permission, Handler handler);
  // A browser page (GET): without a valid session it answers 303 to the sign-in page rather
  // than 401 JSON, and a role that does not allow it gets a small HTML page with the 403.
  void add_page(std::string pattern, Permission permission, Handler handler);
  // What guards the routes; each may be null (no authenticator: every guarded route is 401).
  // Set before serving; the objects must outlive the router's use.
  void guard(const Authenticator* authenticator, Admission* admission, RequestObserver* observer);
  // Web sessions, besides bearer tokens (null: cookies are ignored). Set before serving.
  void accept_sessions(SessionAuthenticator* sessions);
  // The admission guarded routes go through, for a public route that must be rate limited too
  // (signing in); null when there is none.
  Admission* admission() const { return admission_; }

  // 404 for an unknown path, 405 for a known path with another method.
  Response dispatch(const Request& request, const Peer& peer) const;
  std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;  // "{id}" segments capture
    std::optional<Permission> permission;
    Handler handler;
    bool page = false;
  };
  // Fills the caller from the bearer token or the session cookie; an answer when it cannot.
  std::optional<Response> authenticate(const Route& route, const Request& request,
                                       Caller& caller) const;
  Response guarded(const Route& route, const Request& request, const Peer& peer, RouteParams& params,
                   const std::string& request_id) const;
  std::vector<Route> routes_;
  const Authenticator* authenticator_ = nullptr;
  Admission* admission_ = nullptr;
  RequestObserver* observer_ = nullptr;
  SessionAuthenticator* sessions_ = nullptr;
};

// JSON responses, always with Content-Type and the request's keep-alive.
Response json_response(const Request& request, http::status status, const boost::json::value& body);
Response error_response(const Request& request, http::status status, std::string_view code,
                        std::string_view message);
// A module's error as its status and stable code (error_mapping.h), with its message.
Response error_response(const Request& request, const Error& error);
// A 200 answer of another type (CSV, HTML, plain text), never cached: reports, receipts, slips.
Response text_response(const Request& request, std::string_view content_type, std::string body);
// A query parameter, or `fallback` when the request has none.
std::string query_or(const RouteParams& params, const std::string& name, std::string fallback);

}  // namespace tally::api
