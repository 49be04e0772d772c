// The web pages' sign-in: session cookies, CSRF tokens, idle timeout, sign-out, pages behind
// permissions and their security headers, and the embedded static files (web_routes.h).
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>

#include "api/rate_limiter.h"
#include "api/tests/api_world.h"
#include "tests/support/http_client.h"
#include "api/web_assets.h"
#include "api/web_responses.h"
#include "api/web_routes.h"
#include "api/web_signin.h"

using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;
namespace http = boost::beast::http;

namespace {

using Headers = tally::testing::HttpHeaders;
using WebResponse = tally::testing::HttpResponse;

WebResponse web_request(ApiWorld& w, http::verb method, const std::string& target,
                        const Headers& headers, const std::string& body = {}) {
  return tally::testing::http_exchange(w.port(), method, target, body, headers);
}

std::string header(const WebResponse& res, http::field field) {
  return std::string(res[field]);
}
std::string header(const WebResponse& res, std::string_view name) {
  return std::string(res[name]);
}

// A browser signed in: its cookie header and the CSRF token its pages carry.
struct Browser {
  std::string cookie;  // "tally_session=..."
  std::string csrf;
};

Browser sign_in(ApiWorld& w, Role role) {
  const WebResponse res =
      web_request(w, http::verb::post, "/web/signin", {{"Content-Type", "application/json"}},
                  boost::json::serialize(boost::json::object{{"token", w.token(role)}}));
  REQUIRE(res.result_int() == 200);
  const std::string set_cookie = header(res, http::field::set_cookie);
  REQUIRE(set_cookie.starts_with("tally_session="));
  return {set_cookie.substr(0, set_cookie.find(';')),
          std::string(boost::json::parse(res.body()).at("csrf_token").as_string())};
}

WebResponse get(ApiWorld& w, const std::string& target, const Browser& browser) {
  return web_request(w, http::verb::get, target, {{"Cookie", browser.cookie}});
}

// A state change from the browser: with its cookie, and its CSRF token when `with_csrf`.
WebResponse post(ApiWorld& w, const std::string& target, const Browser& browser,
                 const std::string& body, bool with_csrf,
                 const std::string& idempotency_key = "k-1") {
  Headers headers{{"Cookie", browser.cookie},
                  {"Content-Type", "application/json"},
                  {"Idempotency-Key", idempotency_key}};
  if (with_csrf) headers.emplace_back("X-CSRF-Token", browser.csrf);
  return web_request(w, http::verb::post, target, headers, body);
}

std::string language_of(ApiWorld& w, const Browser& browser) {
  const WebResponse me = get(w, "/api/v1/me", browser);
  REQUIRE(me.result_int() == 200);
  return std::string(boost::json::parse(me.body()).at("language").as_string());
}

// Who last changed a user; nullopt when there is no such user.
std::optional<std::string> changed_by(ApiWorld& w, const std::string& name) {
  const std::vector<UserView> users = w.access().users->list().value();
  for (const UserView& user : users)
    if (user.name == name) return user.changed_by;
  return std::nullopt;
}

constexpr std::int64_t kMinuteUs = 60'000'000;

}  // namespace

TEST_CASE(
    "signing in with a good token sets an HttpOnly SameSite=Strict cookie and a bad one sets none",
    "[api][web]") {
  ApiWorld w;
  const Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  const WebResponse good =
      web_request(w, http::verb::post, "/web/signin", form, "token=" + w.token(Role::cashier));
  CHECK(good.result_int() == 303);
  CHECK(header(good, http::field::location) == "/web/");
  const std::string cookie = header(good, http::field::set_cookie);
  CHECK(cookie.starts_with("tally_session="));
  CHECK(cookie.find("; HttpOnly") != std::string::npos);
  CHECK(cookie.find("; SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("; Path=/") != std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP on loopback
  // 256 bits of id, as hex.
  CHECK(cookie.substr(0, cookie.find(';')).size() == std::string("tally_session=").size() + 64);

  const WebResponse bad =
      web_request(w, http::verb::post, "/web/signin", form, "token=tally_0123456789abcdef_nope");
  CHECK(bad.result_int() == 303);
  CHECK(header(bad, http::field::location) == "/web/signin?error=1");
  CHECK(header(bad, http::field::set_cookie).empty());

  const WebResponse bad_json =
      web_request(w, http::verb::post, "/web/signin", {{"Content-Type", "application/json"}},
                  R"({"token": "not a token"})");
  CHECK(bad_json.result_int() == 401);
  CHECK(header(bad_json, http::field::set_cookie).empty());
  CHECK(boost::json::parse(bad_json.body()).at("error").at("message") ==
        "unknown or disabled token");
}

TEST_CASE("the session is kept hashed and outlives a restart of the sessions", "[api][web]") {
  ApiWorld w;
  const Browser browser = sign_in(w, Role::billing);
  const std::string id = browser.cookie.substr(browser.cookie.find('=') + 1);
  const auto kept = w.access().store->scan("w/", 10).value();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].first == "w/" + tally::to_hex(tally::sha256(id)));
  CHECK(kept[0].second.find(id) == std::string::npos);
  auto reopened = WebSessions::open(*w.access().store, *w.access().users).value();
  const auto found = reopened->authenticate_session(id);
  REQUIRE(found);
  CHECK(found->identity.user == "user-billing");
  CHECK(found->identity.token_id.starts_with("web:"));
  CHECK(found->csrf_token == browser.csrf);
}

TEST_CASE("a page without a session redirects to the sign-in page", "[api][web]") {
  ApiWorld w;
  const WebResponse none = web_request(w, http::verb::get, "/web/", {});
  CHECK(none.result_int() == 303);
  CHECK(header(none, http::field::location) == "/web/signin");
  const WebResponse ended = web_request(w, http::verb::get, "/web/counter",
                                        {{"Cookie", "tally_session=" + std::string(64, 'a')}});
  CHECK(ended.result_int() == 303);
  CHECK(header(ended, http::field::location) == "/web/signin?expired=1");
  // The API itself answers JSON, as before.
  const WebResponse api =
      web_request(w, http::verb::get, "/api/v1/me", {{"Cookie", "tally_session=junk"}});
  CHECK(api.result_int() == 401);
  CHECK(error_code(api.body()) == "bad_session");
  CHECK(web_request(w, http::verb::get, "/api/v1/me", {}).result_int() == 401);
}

TEST_CASE("with the session cookie GET /api/v1/me answers the person", "[api][web]") {
  ApiWorld w;
  const Browser cashier = sign_in(w, Role::cashier);
  const WebResponse me = get(w, "/api/v1/me", cashier);
  REQUIRE(me.result_int() == 200);
  const boost::json::value body = boost::json::parse(me.body());
  CHECK(body.at("user") == "user-cashier");
  CHECK(body.at("roles") == boost::json::array{"cashier"});
  CHECK(body.at("language") == "en");
  CHECK(body.at("permissions") == boost::json::array{"read", "counter_operate"});
  // A bearer token still works alone, and needs no CSRF token.
  const auto by_token = w.call(http::verb::get, "/api/v1/me", w.token(Role::finance));
  CHECK(by_token.status == 200);
}

TEST_CASE(
    "a forged form post with the cookie but without X-CSRF-Token is 403 csrf and changes nothing",
    "[api][web]") {
  ApiWorld w;
  const Browser admin = sign_in(w, Role::admin);
  const std::uint64_t records = w.log_records();
  // What another site's hidden form would send: the browser adds the cookie, not the header.
  const WebResponse forged = web_request(w, http::verb::post, "/api/v1/users",
                                         {{"Cookie", admin.cookie},
                                          {"Content-Type", "application/x-www-form-urlencoded"},
                                          {"Idempotency-Key", "forged"}},
                                         "name=mallory&roles=admin");
  CHECK(forged.result_int() == 403);
  CHECK(error_code(forged.body()) == "csrf");
  const std::string add = R"({"name": "mallory", "roles": ["admin"]})";
  const WebResponse no_header = post(w, "/api/v1/users", admin, add, false);
  CHECK(no_header.result_int() == 403);
  CHECK(error_code(no_header.body()) == "csrf");
  Browser wrong = admin;
  wrong.csrf = std::string(64, '0');
  CHECK(post(w, "/api/v1/users", wrong, add, true).result_int() == 403);
  CHECK(w.log_records() == records);
  CHECK_FALSE(changed_by(w, "mallory"));

  const WebResponse with_header = post(w, "/api/v1/users", admin, add, true);
  CHECK(with_header.result_int() == 201);
  CHECK(w.log_records() == records + 1);
  // The command names the person who signed in.
  CHECK(changed_by(w, "mallory") == "user-admin");
}

TEST_CASE("a person's language is kept with a CSRF-checked command and shown on the pages",
          "[api][web]") {
  ApiWorld w;
  const Browser cashier = sign_in(w, Role::cashier);
  CHECK(post(w, "/api/v1/me/language", cashier, R"({"language": "es"})", false).result_int() ==
        403);
  CHECK(language_of(w, cashier) == "en");
  const WebResponse no_key = web_request(
      w, http::verb::post, "/api/v1/me/language",
      {{"Cookie", cashier.cookie}, {"X-CSRF-Token", cashier.csrf}}, R"({"language": "es"})");
  CHECK(no_key.result_int() == 400);
  CHECK(error_code(no_key.body()) == "idempotency_key_required");
  const WebResponse french =
      post(w, "/api/v1/me/language", cashier, R"({"language": "fr"})", true, "k-fr");
  CHECK(french.result_int() == 400);
  CHECK(error_code(french.body()) == "bad_field");
  CHECK(
      post(w, "/api/v1/me/language", cashier, R"({"language": "es"})", true, "k-es").result_int() ==
      200);
  CHECK(language_of(w, cashier) == "es");
  // Remembered per person: another sign-in, and the bearer token, see it too.
  CHECK(language_of(w, sign_in(w, Role::cashier)) == "es");
  const auto by_token = w.call(http::verb::get, "/api/v1/me", w.token(Role::cashier));
  CHECK(boost::json::parse(by_token.body).at("language") == "es");
  const WebResponse home = get(w, "/web/", cashier);
  REQUIRE(home.result_int() == 200);
  CHECK(home.body().find("{{lang}}") == std::string::npos);
  CHECK(home.body().find("{{csrf}}") == std::string::npos);
  if (find_web_asset("pages/home.html")->bytes.find("{{csrf}}") != std::string_view::npos)
    CHECK(home.body().find(cashier.csrf) != std::string::npos);
}

TEST_CASE("a cashier's session gets 403 on the finance page and finance does not", "[api][web]") {
  ApiWorld w;
  const WebResponse cashier = get(w, "/web/finance", sign_in(w, Role::cashier));
  CHECK(cashier.result_int() == 403);
  CHECK(header(cashier, http::field::content_type).starts_with("text/html"));
  CHECK(header(cashier, "Content-Security-Policy") == kPageContentSecurityPolicy);
  CHECK(cashier.body().find("discrepancy_work") != std::string::npos);
  // Past the permission: a page the build holds is 200, one it does not yet hold is 500.
  CHECK(get(w, "/web/finance", sign_in(w, Role::finance)).result_int() != 403);
  CHECK(get(w, "/web/counter", sign_in(w, Role::cashier)).result_int() == 200);
  CHECK(get(w, "/web/counter", sign_in(w, Role::billing)).result_int() == 403);
}

TEST_CASE("every page: no session 303 to sign-in and a role that does not allow it an HTML 403",
          "[api][web][roles]") {
  ApiWorld w;
  std::map<Role, Browser> browsers;
  for (Role role : kAllRoles) browsers[role] = sign_in(w, role);
  int pages = 0;
  for (const RouteInfo& route : w.router().routes()) {
    if (!route.page) continue;
    ++pages;
    std::string target = route.pattern;
    if (const std::size_t open = target.find('{'); open != std::string::npos)
      target.replace(open, target.find('}') - open + 1, "x");
    INFO(target);
    const WebResponse none = web_request(w, http::verb::get, target, {});
    CHECK(none.result_int() == 303);
    CHECK(header(none, http::field::location) == "/web/signin");
    for (Role role : kAllRoles) {
      INFO(role_name(role));
      const WebResponse res = get(w, target, browsers[role]);
      if (role_allows(role, *route.permission)) {
        CHECK(res.result_int() != 303);
        CHECK(res.result_int() != 403);
      } else {
        CHECK(res.result_int() == 403);
        CHECK(header(res, http::field::content_type).starts_with("text/html"));
      }
    }
  }
  CHECK(pages == static_cast<int>(std::size(kWebPages)));
}

TEST_CASE("an idle session is refused and a used one lives at most a working day", "[api][web]") {
  std::atomic<std::int64_t> offset_us{0};
  ApiWorld w;
  w.access().sessions->set_clock([&offset_us] { return tally::now_us() + offset_us.load(); });
  const Browser browser = sign_in(w, Role::read_only);
  offset_us += (kWebIdleMinutes - 1) * kMinuteUs;
  CHECK(get(w, "/api/v1/me", browser).result_int() == 200);  // used: the idle time starts again
  offset_us += (kWebIdleMinutes - 1) * kMinuteUs;
  CHECK(get(w, "/web/", browser).result_int() == 200);
  offset_us += (kWebIdleMinutes + 1) * kMinuteUs;
  const WebResponse idle = get(w, "/api/v1/me", browser);
  CHECK(idle.result_int() == 401);
  CHECK(error_code(idle.body()) == "bad_session");
  CHECK(get(w, "/web/", browser).result_int() == 303);
  CHECK(w.access().sessions->live_sessions() == 0);

  // Used every ten minutes: never idle, but over at the end of the day all the same.
  const Browser busy = sign_in(w, Role::read_only);
  for (std::int64_t age_minutes = 10; age_minutes < kWebMaxSessionHours * 60; age_minutes += 10) {
    offset_us += 10 * kMinuteUs;
    REQUIRE(get(w, "/api/v1/me", busy).result_int() == 200);
  }
  offset_us += 11 * kMinuteUs;
  CHECK(get(w, "/api/v1/me", busy).result_int() == 401);
}

TEST_CASE("signing out needs the CSRF token and ends the session", "[api][web]") {
  ApiWorld w;
  const Browser browser = sign_in(w, Role::supervisor);
  const WebResponse forged =
      web_request(w, http::verb::post, "/web/signout", {{"Cookie", browser.cookie}});
  CHECK(forged.result_int() == 403);
  CHECK(get(w, "/api/v1/me", browser).result_int() == 200);
  const WebResponse out = web_request(w, http::verb::post, "/web/signout",
                                      {{"Cookie", browser.cookie}, {"X-CSRF-Token", browser.csrf}});
  CHECK(out.result_int() == 303);
  CHECK(header(out, http::field::location) == "/web/signin");
  CHECK(header(out, http::field::set_cookie).find("Max-Age=0") != std::string::npos);
  CHECK(get(w, "/api/v1/me", browser).result_int() == 401);
  CHECK(w.access().store->scan("w/", 10).value().empty());
}

TEST_CASE("a disabled user's or a rotated token's sessions stop working at once", "[api][web]") {
  ApiWorld w;
  const Browser billing = sign_in(w, Role::billing);
  const Browser finance = sign_in(w, Role::finance);
  const tally::events::Actor admin{.user = "admin"};
  REQUIRE(w.access().users->disable("user-billing", admin).ok());
  CHECK(get(w, "/api/v1/me", billing).result_int() == 401);
  CHECK(get(w, "/web/", billing).result_int() == 303);
  REQUIRE(w.access().users->rotate("user-finance", admin).ok());
  CHECK(get(w, "/api/v1/me", finance).result_int() == 401);
  // Signing in with the old token fails too; with the new one it works.
  const WebResponse old =
      web_request(w, http::verb::post, "/web/signin", {{"Content-Type", "application/json"}},
                  boost::json::serialize(boost::json::object{{"token", w.token(Role::finance)}}));
  CHECK(old.result_int() == 401);
}

TEST_CASE("pages carry the Content-Security-Policy and the other security headers", "[api][web]") {
  ApiWorld w;
  const Browser browser = sign_in(w, Role::admin);
  for (const WebResponse& res :
       {web_request(w, http::verb::get, "/web/signin", {}), get(w, "/web/", browser),
        get(w, "/web/counter", browser), web_request(w, http::verb::get, "/web/", {})}) {
    CHECK(header(res, "Content-Security-Policy") ==
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "frame-ancestors 'none'; form-action 'self'");
    CHECK(header(res, "X-Content-Type-Options") == "nosniff");
    CHECK(header(res, "Referrer-Policy") == "same-origin");
  }
  const WebResponse page = get(w, "/web/", browser);
  CHECK(header(page, http::field::content_type) == "text/html; charset=utf-8");
  CHECK(header(page, http::field::cache_control) == "no-store");
  // Signed in already: the sign-in page sends the browser on.
  CHECK(get(w, "/web/signin", browser).result_int() == 303);
}

TEST_CASE("static assets are served with their content types and revalidated by ETag",
          "[api][web]") {
  ApiWorld w;
  bool css = false, js = false;
  for (const WebAsset& asset : web_assets()) {
    if (!asset.path.starts_with("static/")) continue;
    const std::string name(asset.path.substr(7));
    INFO(name);
    const WebResponse res = web_request(w, http::verb::get, "/web/static/" + name, {});
    REQUIRE(res.result_int() == 200);
    CHECK(res.body() == asset.bytes);
    CHECK(header(res, http::field::content_type) == web_content_type(name));
    CHECK_FALSE(header(res, http::field::cache_control).empty());
    CHECK(header(res, "X-Content-Type-Options") == "nosniff");
    const WebResponse again = web_request(w, http::verb::get, "/web/static/" + name,
                                          {{"If-None-Match", header(res, http::field::etag)}});
    CHECK(again.result_int() == 304);
    CHECK(again.body().empty());
    css = css || (name.ends_with(".css") &&
                  header(res, http::field::content_type) == "text/css; charset=utf-8");
    js = js || (name.ends_with(".js") &&
                header(res, http::field::content_type) == "text/javascript; charset=utf-8");
  }
  CHECK(css);
  CHECK(js);
  CHECK(web_request(w, http::verb::get, "/web/static/nothing.js", {}).result_int() == 404);
  CHECK(web_request(w, http::verb::get, "/web/static/..%2Fpages%2Fhome.html", {}).result_int() ==
        404);
  CHECK(web_request(w, http::verb::get, "/web/static/.hidden", {}).result_int() == 404);
}

TEST_CASE("signing in from another site's page is refused and attempts are rate limited",
          "[api][web]") {
  ApiWorld w;
  const std::string body =
      boost::json::serialize(boost::json::object{{"token", w.token(Role::cashier)}});
  const WebResponse cross =
      web_request(w, http::verb::post, "/web/signin",
                  {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}}, body);
  CHECK(cross.result_int() == 403);
  CHECK(header(cross, http::field::set_cookie).empty());
  const WebResponse own =
      web_request(w, http::verb::post, "/web/signin",
                  {{"Content-Type", "application/json"}, {"Origin", "http://127.0.0.1"}}, body);
  CHECK(own.result_int() == 200);

  RateLimiter limiter({.rate_per_second = 1, .burst = 3, .max_keys = 16});
  w.router().guard(w.access().users.get(), &limiter, nullptr);
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    const WebResponse res =
        web_request(w, http::verb::post, "/web/signin", {{"Content-Type", "application/json"}},
                    R"({"token": "guess"})");
    if (res.result_int() == 429) {
      ++limited;
      CHECK_FALSE(header(res, http::field::retry_after).empty());
    } else {
      CHECK(res.result_int() == 401);
    }
  }
  CHECK(limited >= 2);
  w.router().guard(w.access().users.get(), nullptr, nullptr);
}

TEST_CASE("placeholders are filled with escaped values and other braces are kept", "[api][web]") {
  CHECK(fill_placeholders("<meta content=\"{{csrf}}\"><html lang=\"{{lang}}\">{{other}} {{ x",
                          {{"csrf", "ab"}, {"lang", "es"}}) ==
        "<meta content=\"ab\"><html lang=\"es\">{{other}} {{ x");
  CHECK(html_escape("<script>\"&'") == "&lt;script&gt;&quot;&amp;&#39;");
}

TEST_CASE("under TLS the session cookie is Secure", "[api][web]") {
  CHECK(session_cookie("ab12", true) ==
        "tally_session=ab12; HttpOnly; SameSite=Strict; Path=/; Secure");
  CHECK(expired_session_cookie(true) ==
        "tally_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure");
}
