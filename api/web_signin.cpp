#include "api/web_signin.h"

#include <fmt/format.h>

#include "api/command.h"
#include "api/cookies.h"
#include "api/web_assets.h"
#include "api/web_responses.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxSignInBodyBytes = 4096;
constexpr std::size_t kMaxTokenBytes = 200;
// All a failed sign-in says: not which of unknown, rotated or disabled it was, nor whether the
// name or the password was wrong.
constexpr std::string_view kSignInFailed = "unknown or disabled token";

bool header_has(const Request& req, http::field field, std::string_view text) {
  const auto it = req.find(field);
  return it != req.end() && std::string_view(it->value().data(), it->value().size()).find(text) !=
                                std::string_view::npos;
}

// A script's fetch asks for JSON; a browser's form posts form-encoded and wants a page.
bool wants_json(const Request& req) {
  return header_has(req, http::field::content_type, "application/json") ||
         header_has(req, http::field::accept, "application/json");
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A field of an application/x-www-form-urlencoded body, decoded.
std::optional<std::string> form_field(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string out;
    const std::string_view value = pair.substr(eq + 1);
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '%' && i + 2 < value.size() && hex_digit(value[i + 1]) >= 0 &&
          hex_digit(value[i + 2]) >= 0) {
        out.push_back(static_cast<char>(hex_digit(value[i + 1]) * 16 + hex_digit(value[i + 2])));
        i += 2;
      } else {
        out.push_back(value[i] == '+' ? ' ' : value[i]);
      }
    }
    return out;
  }
  return std::nullopt;
}

// "10.0.0.7:51234" -> "10.0.0.7": sign-in attempts are counted per address, not connection.
std::string_view client_host(std::string_view address) {
  const std::size_t colon = address.rfind(':');
  return colon == std::string_view::npos ? address : address.substr(0, colon);
}

// A browser names the page a form was posted from. One of another site (or "null") is refused,
// so no other site can sign a person in under someone else's token. Clients that are not
// browsers send no Origin.
bool same_origin(const Request& req) {
  const auto origin = req.find(http::field::origin);
  if (origin == req.end()) return true;
  const std::string_view host(req[http::field::host].data(), req[http::field::host].size());
  const std::string_view from(origin->value().data(), origin->value().size());
  return !host.empty() &&
         (from == fmt::format("http://{}", host) || from == fmt::format("https://{}", host));
}

// ?lang=es, else the browser's first choice, else English: nobody is known before signing in.
std::string page_language(const Request& req, const RouteParams& p) {
  if (const auto it = p.query.find("lang");
      it != p.query.end() && is_supported_language(it->second))
    return it->second;
  const std::string_view accepted(req[http::field::accept_language].data(),
                                  req[http::field::accept_language].size());
  if (accepted.starts_with("es")) return "es";
  return std::string(kDefaultLanguage);
}

Response signin_page(const Request& req, std::string_view lang) {
  const WebAsset* asset = find_web_asset(kSignInFile);
  if (asset == nullptr)
    return html_response(req, http::status::internal_server_error,
                         "<!doctype html>\n<title>Missing page</title><p>This build of Tally has "
                         "no sign-in page.</p>\n");
  return html_response(req, http::status::ok,
                       fill_placeholders(asset->bytes, {{"csrf", ""}, {"lang", lang}}));
}

Response signed_in(const Request& req, const SignedIn& who, bool secure) {
  Response response = redirect_response(req, "/web/");
  if (wants_json(req)) {
    boost::json::array roles;
    for (Role r : roles_of(who.identity.roles)) roles.emplace_back(role_name(r));
    response = json_response(
        req, http::status::ok,
        {{"user", who.identity.user}, {"roles", roles}, {"csrf_token", who.csrf_token}});
  }
  response.set(http::field::set_cookie, session_cookie(who.session_id, secure));
  return response;
}

}  // namespace

// Rate limit and Origin: an answer when the attempt is refused before the credentials are read.
// Counted before the token is looked at, so guessing costs the same as signing in.
std::optional<Response> refused_credential_attempt(const Router& router, const Request& req,
                                                   const RouteParams& p) {
  if (Admission* admission = router.admission())
    if (const std::optional<int> wait =
            admission->admit(fmt::format("signin:{}", client_host(p.caller.client_address)))) {
      Response busy = error_response(req, http::status::too_many_requests, "rate_limited",
                                     "too many sign-in attempts from this address; slow down");
      busy.set(http::field::retry_after, std::to_string(*wait));
      return busy;
    }
  if (!same_origin(req))
    return error_response(req, http::status::forbidden, "csrf",
                          "sign in from this server's own page");
  return std::nullopt;
}

std::optional<Identity> check_credentials(const Users& users, const Credentials& c) {
  if (!c.name.empty()) return users.authenticate_password(c.name, c.password);
  if (!c.token.empty() && c.token.size() <= kMaxTokenBytes) return users.authenticate(c.token);
  return std::nullopt;
}

namespace {

// The credentials of a sign-in body: JSON {"token"} or {"name", "password"}, or the same fields
// form-encoded. nullopt and `answer` set: a JSON body with a mistake named like any command's.
std::optional<Credentials> read_credentials(const Request& req, std::optional<Response>& answer) {
  Credentials c;
  if (header_has(req, http::field::content_type, "application/json")) {
    // A JSON client gets its mistakes named like any command's (a wrong token is not one).
    Fields fields(req);
    const auto token = fields.text("token", kMaxTokenBytes, false);
    const auto name = fields.text("name", kMaxUserNameBytes, false);
    // The password's own mistakes are not named: it is never quoted, and a wrong one is not
    // a mistake of the body.
    const auto password = fields.text("password", kMaxSignInBodyBytes, false);
    if (fields.failed()) {
      answer = fields.error(req);
      return std::nullopt;
    }
    if (!token && !name) {
      answer = bad_field(req, "token", "token (or name and password) is required");
      return std::nullopt;
    }
    c = {name.value_or(""), password.value_or(""), token.value_or("")};
  } else {
    c = {form_field(req.body(), "name").value_or(""), form_field(req.body(), "password").value_or(""),
         form_field(req.body(), "token").value_or("")};
  }
  return c;
}

Response sign_in(WebSessions& sessions, bool secure, const Router& router, const Request& req,
                 const RouteParams& p) {
  if (std::optional<Response> refused = refused_credential_attempt(router, req, p))
    return std::move(*refused);
  // The sign-in page shows kSignInFailed, in the person's language, for ?error=1.
  const auto failed = [&] {
    if (wants_json(req))
      return error_response(req, http::status::unauthorized, "bad_token", kSignInFailed);
    return redirect_response(req, "/web/signin?error=1");
  };
  if (req.body().size() > kMaxSignInBodyBytes) return failed();
  std::optional<Response> mistake;
  const std::optional<Credentials> c = read_credentials(req, mistake);
  if (!c) return std::move(*mistake);
  // A name means a password sign-in, even with an empty password: an unknown name, a wrong
  // password and a wrong token all take the same way out, and a name always costs the hash.
  const bool by_password = !c->name.empty();
  if (!by_password && (c->token.empty() || c->token.size() > kMaxTokenBytes)) return failed();
  auto opened = by_password ? sessions.sign_in_password(c->name, c->password) : sessions.sign_in(c->token);
  if (!opened) return error_response(req, opened.error());
  if (!*opened) return failed();
  // The session the browser held before ends: one browser, one session, never one that
  // someone else chose for it.
  if (const auto previous = cookie_value(req, kSessionCookie)) (void)sessions.sign_out(*previous);
  return signed_in(req, **opened, secure);
}

Response sign_out(WebSessions& sessions, bool secure, const Request& req) {
  if (Fields f(req); f.failed()) return f.error(req);  // no fields: "{}" or nothing
  if (const auto id = cookie_value(req, kSessionCookie))
    if (Status ended = sessions.sign_out(*id); !ended) return error_response(req, ended.error());
  Response response = wants_json(req) ? json_response(req, http::status::ok, {{"signed_out", true}})
                                      : redirect_response(req, kSignInPage);
  response.set(http::field::set_cookie, expired_session_cookie(secure));
  return response;
}

}  // namespace

std::string session_cookie(std::string_view session_id, bool secure) {
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/{}", kSessionCookie, session_id,
                     secure ? "; Secure" : "");
}

std::string expired_session_cookie(bool secure) {
  return fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", kSessionCookie,
                     secure ? "; Secure" : "");
}

void add_signin_routes(Router& router, const WebServices& web) {
  WebSessions& sessions = web.sessions;
  const bool secure = web.secure_cookies;
  router.add(http::verb::get, std::string(kSignInPage), kPublic,
             [&sessions](const Request& req, const RouteParams& p) {
               const auto id = cookie_value(req, kSessionCookie);
               if (id && sessions.authenticate_session(*id)) return redirect_response(req, "/web/");
               return signin_page(req, page_language(req, p));
             });
  router.add(http::verb::post, std::string(kSignInPage), kPublic,
             [&router, &sessions, secure](const Request& req, const RouteParams& p) {
               return sign_in(sessions, secure, router, req, p);
             });
  router.add(http::verb::post, "/web/signout", Permission::read,
             [&sessions, secure](const Request& req, const RouteParams&) {
               return sign_out(sessions, secure, req);
             });
}

}  // namespace tally::api
