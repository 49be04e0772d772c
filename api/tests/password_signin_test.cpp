// Passwords for the web pages (users.h, web_sessions.h, web_signin.h): set by those who manage
// users, signing in by name and password answering a mistake exactly as a wrong token, the
// sessions of an old password ending, and a supervisor approving a void at the cashier's
// screen with their password (counter_routes.h: void-here).
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "api/command.h"
#include "api/counter_routes.h"
#include "api/http_server.h"
#include "api/tests/api_world.h"
#include "tests/support/http_client.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;
namespace http = boost::beast::http;

namespace {

using WebResponse = tally::testing::HttpResponse;
constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

WebResponse web_post(std::uint16_t port, const std::string& target, std::string_view type,
                     const std::string& body) {
  return tally::testing::http_exchange(port, http::verb::post, target, body,
                                       {{"Content-Type", std::string(type)}});
}

WebResponse form_sign_in(ApiWorld& w, const std::string& form) {
  return web_post(w.port(), "/web/signin", kFormType, form);
}

// The session cookie ("tally_session=...") a sign-in answer sets, or "".
std::string cookie_of(const WebResponse& res) {
  const std::string set(res[http::field::set_cookie]);
  return set.substr(0, set.find(';'));
}

int me_status(ApiWorld& w, const std::string& cookie) {
  return tally::testing::http_request(w.port(), http::verb::get, "/api/v1/me", "", {{"Cookie", cookie}})
      .status;
}

const std::string kCashier = "user-cashier";
const std::string kCashierPassword = "cashier's long password";

tally::testing::HttpResult set_password(ApiWorld& w, Role as, const std::string& name,
                                        const std::string& password, const std::string& key) {
  return w.call(http::verb::post, "/api/v1/users/" + name + "/password", w.token(as),
                boost::json::serialize(boost::json::object{{"password", password}}), key);
}

}  // namespace

TEST_CASE("a password set by a user manager signs in by name and password", "[api][web][password]") {
  ApiWorld w;
  const std::uint64_t records = w.log_records();
  const auto set = set_password(w, Role::admin, kCashier, kCashierPassword, "pw-1");
  INFO(set.body);
  REQUIRE(set.status == 200);
  CHECK(boost::json::parse(set.body).at("has_password").as_bool());
  CHECK(set.body.find(kCashierPassword) == std::string::npos);
  CHECK(w.log_records() == records + 1);  // the UserChanged event, which names no password

  const WebResponse in = form_sign_in(w, "name=" + kCashier + "&password=cashier%27s+long+password");
  CHECK(in.result_int() == 303);
  CHECK(std::string(in[http::field::location]) == "/web/");
  const std::string cookie = cookie_of(in);
  REQUIRE(cookie.starts_with("tally_session="));
  CHECK(me_status(w, cookie) == 200);

  // Nothing the store keeps holds the password: the user has its scrypt hash, the kept answer
  // of the command a fingerprint of the request without it.
  const auto kept = w.access().store->scan("", 10'000).value();
  for (const auto& [key, value] : kept) {
    INFO(key);
    CHECK(value.find(kCashierPassword) == std::string::npos);
  }
}

TEST_CASE("setting a password needs users_manage and a long enough one, and changes nothing else",
          "[api][web][password]") {
  ApiWorld w;
  const std::uint64_t records = w.log_records();
  const auto by_cashier = set_password(w, Role::cashier, kCashier, kCashierPassword, "pw-1");
  CHECK(by_cashier.status == 403);
  const auto short_one = set_password(w, Role::admin, kCashier, "eleven char", "pw-2");
  CHECK(short_one.status == 400);
  CHECK(short_one.body.find("eleven char") == std::string::npos);
  const auto nobody = set_password(w, Role::admin, "nobody-here", kCashierPassword, "pw-3");
  CHECK(nobody.status == 404);
  CHECK(w.log_records() == records);
  // A twelve-character password in characters, not bytes: "contraseña12" is 12 of them.
  CHECK(set_password(w, Role::admin, kCashier, "contraseña12", "pw-4").status == 200);
  CHECK(form_sign_in(w, "name=" + kCashier + "&password=contrase%C3%B1a12").result_int() == 303);
  CHECK(cookie_of(form_sign_in(w, "name=" + kCashier + "&password=contrase%C3%B1a12")).starts_with("tally_session="));
  // The token still works as before: a password is beside it, not instead of it.
  CHECK(w.call(http::verb::get, "/api/v1/me", w.token(Role::cashier)).status == 200);
}

TEST_CASE("a wrong name or password is refused exactly like a wrong token", "[api][web][password]") {
  ApiWorld w;
  REQUIRE(set_password(w, Role::admin, kCashier, kCashierPassword, "pw-1").status == 200);
  const WebResponse bad_token = form_sign_in(w, "token=tally_0123456789abcdef_nope");
  for (const std::string& form : {"name=" + kCashier + "&password=not+the+password",
                                  "name=" + kCashier + "&password=",
                                  std::string("name=no-such-user&password=cashier%27s+long+password"),
                                  // a user without a password
                                  std::string("name=user-finance&password=cashier%27s+long+password")}) {
    INFO(form);
    const WebResponse res = form_sign_in(w, form);
    CHECK(res.result_int() == bad_token.result_int());
    CHECK(std::string(res[http::field::location]) == "/web/signin?error=1");
    CHECK(std::string(res[http::field::location]) == std::string(bad_token[http::field::location]));
    CHECK(cookie_of(res).empty());
    CHECK(res.body() == bad_token.body());
  }
  // A script's sign-in: the same 401 and words as a wrong token.
  const WebResponse json_token = web_post(w.port(), "/web/signin", "application/json",
                                          R"({"token": "tally_0123456789abcdef_nope"})");
  const WebResponse json_password = web_post(
      w.port(), "/web/signin", "application/json",
      boost::json::serialize(boost::json::object{{"name", kCashier}, {"password", "wrong password!!"}}));
  CHECK(json_password.result_int() == 401);
  CHECK(json_password.body() == json_token.body());
  const WebResponse json_right = web_post(
      w.port(), "/web/signin", "application/json",
      boost::json::serialize(boost::json::object{{"name", kCashier}, {"password", kCashierPassword}}));
  CHECK(json_right.result_int() == 200);
  CHECK(boost::json::parse(json_right.body()).at("user").as_string() == kCashier);
}

TEST_CASE("a new password ends the old password's sessions and disabling ends every session",
          "[api][web][password]") {
  ApiWorld w;
  REQUIRE(set_password(w, Role::admin, kCashier, kCashierPassword, "pw-1").status == 200);
  const std::string by_password = cookie_of(form_sign_in(w, "name=" + kCashier + "&password=cashier%27s+long+password"));
  const std::string by_token = cookie_of(form_sign_in(w, "token=" + w.token(Role::cashier)));
  REQUIRE(me_status(w, by_password) == 200);
  REQUIRE(me_status(w, by_token) == 200);

  // Rotating the token ends its sessions, not the password's; the password still signs in.
  REQUIRE(w.call(http::verb::post, "/api/v1/users/" + kCashier + "/rotate", w.token(Role::admin), "{}", "rot-1").status == 200);
  CHECK(me_status(w, by_token) == 401);
  CHECK(me_status(w, by_password) == 200);
  const std::string after_rotate = cookie_of(form_sign_in(w, "name=" + kCashier + "&password=cashier%27s+long+password"));
  CHECK(me_status(w, after_rotate) == 200);

  // The same password set again is a new one: the sessions of the old one end.
  REQUIRE(set_password(w, Role::admin, kCashier, kCashierPassword, "pw-2").status == 200);
  CHECK(me_status(w, by_password) == 401);
  CHECK(me_status(w, after_rotate) == 401);
  const std::string newest = cookie_of(form_sign_in(w, "name=" + kCashier + "&password=cashier%27s+long+password"));
  CHECK(me_status(w, newest) == 200);

  // Disabled: the session ends and the password no longer signs in.
  REQUIRE(w.call(http::verb::post, "/api/v1/users/" + kCashier + "/disable", w.token(Role::admin), "{}", "dis-1").status == 200);
  CHECK(me_status(w, newest) == 401);
  const WebResponse refused = form_sign_in(w, "name=" + kCashier + "&password=cashier%27s+long+password");
  CHECK(std::string(refused[http::field::location]) == "/web/signin?error=1");
  CHECK(cookie_of(refused).empty());
}

TEST_CASE("a password session outlives a restart of the sessions and the users", "[api][web][password]") {
  ApiWorld w;
  REQUIRE(set_password(w, Role::admin, kCashier, kCashierPassword, "pw-1").status == 200);
  auto& users = *w.access().users;
  // What a restart reads: the user's stored hash, and a session kept under its credential id.
  auto reopened = Users::open(*w.access().store, w.node().log()).value();
  CHECK(reopened->authenticate_password(kCashier, kCashierPassword).has_value());
  CHECK_FALSE(reopened->authenticate_password(kCashier, "not the password at all").has_value());
  const auto identity = users.authenticate_password(kCashier, kCashierPassword).value();
  CHECK(identity.token_id.starts_with(kPasswordCredentialPrefix));
  CHECK(reopened->identity_of_credential(kCashier, identity.token_id).has_value());
  CHECK_FALSE(reopened->identity_of_credential("user-admin", identity.token_id).has_value());
}

namespace {

// The counter's routes with the supervisor check, as `tally serve` wires them: the API world's
// node and users behind a router of their own.
struct CounterDesk {
  explicit CounterDesk(ApiWorld& w) : world(w) {
    router.guard(w.access().users.get(), nullptr, nullptr);
    Idempotency& idempotency = *w.access().idempotency;
    add_counter_routes(router, {w.node(), [&idempotency](CommandBody body) { return command(idempotency, std::move(body)); },
                                {"Millbrook Utilities"}, w.access().users.get()});
    REQUIRE(server.start("127.0.0.1", 0).ok());
  }
  ~CounterDesk() { server.stop(); }

  tally::testing::HttpResult post(Role role, const std::string& target, const boost::json::value& body) {
    return tally::testing::http_request(server.port(), http::verb::post, target, boost::json::serialize(body),
                                        {{"Authorization", "Bearer " + world.token(role)},
                                         {"Idempotency-Key", "desk-" + std::to_string(++keys)},
                                         {"Content-Type", "application/json"}});
  }
  boost::json::object session(const std::string& id) {
    const auto res = tally::testing::http_request(server.port(), http::verb::get, "/api/v1/counter/sessions/" + id, "",
                                                  {{"Authorization", "Bearer " + world.token(Role::supervisor)}});
    REQUIRE(res.status == 200);
    return boost::json::parse(res.body).as_object();
  }

  ApiWorld& world;
  Router router;
  HttpServer server{router};
  int keys = 0;
};

boost::json::object receipt_void(const boost::json::object& session, std::int64_t n) {
  for (const auto& r : session.at("receipts").as_array())
    if (r.at("number").as_int64() == n) return r.at("void").is_object() ? r.at("void").as_object() : boost::json::object{};
  FAIL("no receipt " << n);
  return {};
}

}  // namespace

TEST_CASE("a supervisor approves a void at the cashier's screen with their password", "[api][counter][password]") {
  ApiWorld w;
  REQUIRE(set_password(w, Role::admin, kCashier, kCashierPassword, "pw-1").status == 200);
  REQUIRE(set_password(w, Role::admin, "user-supervisor", "supervisor's long password", "pw-2").status == 200);
  REQUIRE(set_password(w, Role::admin, "user-finance", "finance's long password", "pw-3").status == 200);
  CounterDesk desk(w);
  const auto opened = desk.post(Role::cashier, "/api/v1/counter/drawers/D1/open",
                                boost::json::object{{"float", boost::json::object{{"2000", 5}}}, {"declared_total", "100.00"}});
  REQUIRE(opened.status == 201);
  const std::string session(boost::json::parse(opened.body).at("id").as_string());
  const std::string receipts = "/api/v1/counter/sessions/" + session + "/receipts/1";
  REQUIRE(desk.post(Role::cashier, "/api/v1/counter/sessions/" + session + "/payments",
                    boost::json::object{{"account", "100017"}, {"amount", "12.00"},
                                        {"tenders", boost::json::array{{{"type", "cash"}, {"amount", "12.00"}}}}})
              .status == 201);
  REQUIRE(desk.post(Role::cashier, receipts + "/void-request", boost::json::object{{"reason", "wrong account"}}).status == 200);

  const std::uint64_t records = w.log_records();
  const auto here = [&](const boost::json::object& supervisor) {
    return desk.post(Role::cashier, receipts + "/void-here",
                     boost::json::object{{"reason", "seen it"}, {"supervisor", supervisor}});
  };
  for (const auto& refused : {
           boost::json::object{{"name", "user-supervisor"}, {"password", "not the password!!"}},
           boost::json::object{{"name", kCashier}, {"password", kCashierPassword}},       // the cashier
           boost::json::object{{"name", "user-finance"}, {"password", "finance's long password"}},  // no counter_supervise
           boost::json::object{{"name", "no-such-user"}, {"password", "supervisor's long password"}},
           boost::json::object{{"token", w.token(Role::cashier)}},
       }) {
    const auto res = here(refused);
    INFO(res.body);
    CHECK(res.status == 403);
    CHECK(error_code(res.body) == "supervisor_not_accepted");
    CHECK(res.body.find("password!!") == std::string::npos);
  }
  const auto shapeless = here(boost::json::object{{"password", "supervisor's long password"}});
  CHECK(shapeless.status == 400);
  CHECK(shapeless.body.find("supervisor's long password") == std::string::npos);
  CHECK(w.log_records() == records);  // nothing changed
  CHECK(receipt_void(desk.session(session), 1).at("state").as_string() == "requested");

  const auto approved = here(boost::json::object{{"name", "user-supervisor"}, {"password", "supervisor's long password"}});
  INFO(approved.body);
  REQUIRE(approved.status == 200);
  CHECK(approved.body.find("supervisor's long password") == std::string::npos);
  const boost::json::object v = receipt_void(desk.session(session), 1);
  CHECK(v.at("state").as_string() == "approved");
  CHECK(v.at("approved_by").as_string() == "user-supervisor");
  CHECK(v.at("requested_by").as_string() == kCashier);
  CHECK(v.at("approval_reason").as_string() == "seen it");
  // The kept answer remembers the supervisor, never their password.
  const auto kept = w.access().store->scan("", 10'000).value();
  for (const auto& [key, value] : kept) {
    INFO(key);
    CHECK(value.find("supervisor's long password") == std::string::npos);
  }
}

TEST_CASE("a supervisor's token approves at the cashier's screen too", "[api][counter][password]") {
  ApiWorld w;
  CounterDesk desk(w);
  const auto opened = desk.post(Role::cashier, "/api/v1/counter/drawers/D2/open",
                                boost::json::object{{"float", boost::json::object{{"2000", 5}}}, {"declared_total", "100.00"}});
  REQUIRE(opened.status == 201);
  const std::string session(boost::json::parse(opened.body).at("id").as_string());
  const std::string receipt = "/api/v1/counter/sessions/" + session + "/receipts/1";
  REQUIRE(desk.post(Role::cashier, "/api/v1/counter/sessions/" + session + "/payments",
                    boost::json::object{{"account", "100017"}, {"amount", "5.00"},
                                        {"tenders", boost::json::array{{{"type", "cash"}, {"amount", "5.00"}}}}})
              .status == 201);
  REQUIRE(desk.post(Role::cashier, receipt + "/void-request", boost::json::object{{"reason", "typo"}}).status == 200);
  const auto res = desk.post(Role::cashier, receipt + "/void-here",
                             boost::json::object{{"supervisor", boost::json::object{{"token", w.token(Role::supervisor)}}}});
  INFO(res.body);
  REQUIRE(res.status == 200);
  CHECK(receipt_void(desk.session(session), 1).at("approved_by").as_string() == "user-supervisor");
}
