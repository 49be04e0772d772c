// Passwords end to end, through the real `tally` binary: a password set with `tally users
// password` (read from stdin) signs a person in to the web pages; a wrong one is refused as a
// wrong token is; a disabled user and an old password's session are refused; and a supervisor
// approves a void at the cashier's screen with their password (void-here), the books showing
// the void with the supervisor as its approver.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "tests/e2e/e2e_server.h"
#include "tests/support/http_client.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

constexpr int kServerStartSeconds = 30;
constexpr int kPostedWithinSeconds = 10;

// `tally users password NAME` with `password` as the one line of its stdin.
Run set_password(const Workspace& w, const std::string& name, const std::string& password) {
  const std::string out = w.root() + "/password.out";
  const std::string err = w.root() + "/password.err";
  // The password goes through a file, never on a command line.
  const std::string input = w.write("password-" + name + ".txt", password + "\n");
  const pid_t pid = spawn({"/bin/sh", "-c", "exec \"$0\" --data-dir \"$1\" users password \"$2\" < \"$3\"",
                           TALLY_BINARY, w.data_dir(), name, input},
                          out, err);
  Run run;
  run.exit_code = wait_for(pid);
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

using WebResponse = tally::testing::HttpResponse;

WebResponse sign_in(std::uint16_t port, const std::string& form) {
  return tally::testing::http_exchange(port, http::verb::post, "/web/signin", form,
                                       {{"Content-Type", "application/x-www-form-urlencoded"}});
}

std::string cookie_of(const WebResponse& res) {
  const std::string set(res[http::field::set_cookie]);
  return set.substr(0, set.find(';'));
}

int me_status(std::uint16_t port, const std::string& cookie) {
  return tally::testing::http_request(port, http::verb::get, "/api/v1/me", "", {{"Cookie", cookie}}).status;
}

std::string balance(std::uint16_t port, const std::string& token, const std::string& account) {
  const auto res = get(port, token, "/api/v1/accounts/" + account);
  return res.status == 200 ? str_of(json::parse(res.body).at("balance")) : "(" + std::to_string(res.status) + ")";
}

// The balance once the ledger has posted what was logged: `expected`, or what it still is.
std::string balance_becomes(std::uint16_t port, const std::string& token, const std::string& account,
                            const std::string& expected) {
  std::string now = balance(port, token, account);
  for (int i = 0; i < kPostedWithinSeconds * 10 && now != expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    now = balance(port, token, account);
  }
  return now;
}

}  // namespace

TEST_CASE("a password set with the CLI signs in and its mistakes are refused like a wrong token",
          "[e2e][signin]") {
  Workspace w;
  const std::string ana = add_user(w, "ana", "cashier");
  const std::string admin = add_user(w, "root", "admin");
  REQUIRE(!ana.empty());
  // Too short: refused, and the password is not echoed.
  const Run short_one = set_password(w, "ana", "too short");
  CHECK(short_one.exit_code == 2);
  CHECK(short_one.err.find("too short") == std::string::npos);
  const Run set = set_password(w, "ana", "ana's counter password");
  INFO(set.out << set.err);
  REQUIRE(set.exit_code == 0);
  CHECK(set.out.find("password set for ana by local:") != std::string::npos);
  CHECK(set.out.find("ana's counter password") == std::string::npos);

  const std::uint16_t port = free_port();
  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(port)})};
  REQUIRE(wait_until_serving(port, kServerStartSeconds));

  const WebResponse in = sign_in(port, "name=ana&password=ana%27s+counter+password");
  CHECK(in.result_int() == 303);
  CHECK(std::string(in[http::field::location]) == "/web/");
  const std::string first = cookie_of(in);
  REQUIRE(first.starts_with("tally_session="));
  CHECK(me_status(port, first) == 200);

  const WebResponse wrong_token = sign_in(port, "token=tally_0123456789abcdef_nope");
  for (const std::string& form : {std::string("name=ana&password=not+her+password"),
                                  std::string("name=nobody&password=ana%27s+counter+password")}) {
    INFO(form);
    const WebResponse res = sign_in(port, form);
    CHECK(res.result_int() == wrong_token.result_int());
    CHECK(std::string(res[http::field::location]) == "/web/signin?error=1");
    CHECK(res.body() == wrong_token.body());
    CHECK(cookie_of(res).empty());
  }

  // With the server running the CLI goes to it: a new password ends the old one's session.
  const Run again = set_password(w, "ana", "ana's second password");
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(me_status(port, first) == 401);
  CHECK(std::string(sign_in(port, "name=ana&password=ana%27s+counter+password")[http::field::location]) ==
        "/web/signin?error=1");
  const std::string second = cookie_of(sign_in(port, "name=ana&password=ana%27s+second+password"));
  REQUIRE(second.starts_with("tally_session="));
  CHECK(me_status(port, second) == 200);

  // Disabled: the session ends and the password signs in no more.
  REQUIRE(post(port, admin, "/api/v1/users/ana/disable", "{}", "disable-ana").status == 200);
  CHECK(me_status(port, second) == 401);
  const WebResponse disabled = sign_in(port, "name=ana&password=ana%27s+second+password");
  CHECK(std::string(disabled[http::field::location]) == "/web/signin?error=1");
  CHECK(cookie_of(disabled).empty());
  CHECK(server.stop() == 0);
}

TEST_CASE("a supervisor approves a void on the cashier's screen with their password", "[e2e][signin][counter]") {
  Workspace w;
  const std::string ana = add_user(w, "ana", "cashier");
  const std::string sam = add_user(w, "sam", "supervisor");
  const std::string fin = add_user(w, "fin", "finance");
  for (const auto& [name, password] : {std::pair{"ana", "ana's counter password"},
                                       std::pair{"sam", "sam's supervisor password"},
                                       std::pair{"fin", "fin's finance password"}})
    REQUIRE(set_password(w, name, password).exit_code == 0);
  const std::uint16_t port = free_port();
  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(port)})};
  REQUIRE(wait_until_serving(port, kServerStartSeconds));

  const auto opened = post(port, ana, "/api/v1/counter/drawers/D1/open",
                           json::serialize(json::object{{"float", json::object{{"2000", 5}}}, {"declared_total", "100.00"}}),
                           "open");
  REQUIRE(opened.status == 201);
  const std::string session = str_of(json::parse(opened.body).at("id"));
  const std::string receipt = "/api/v1/counter/sessions/" + session + "/receipts/1";
  const auto paid = post(port, ana, "/api/v1/counter/sessions/" + session + "/payments",
                         json::serialize(json::object{{"account", "100017"}, {"amount", "12.00"},
                                                      {"tenders", json::array{json::object{{"type", "cash"}, {"amount", "12.00"}}}}}),
                         "pay");
  REQUIRE(paid.status == 201);
  CHECK(balance_becomes(port, fin, "100017", "-12.00") == "-12.00");
  REQUIRE(post(port, ana, receipt + "/void-request", R"({"reason": "wrong account"})", "ask").status == 200);

  int key = 0;
  const auto here = [&](const json::object& supervisor) {
    return post(port, ana, receipt + "/void-here",
                json::serialize(json::object{{"reason", "checked with the customer"}, {"supervisor", supervisor}}),
                "here-" + std::to_string(++key));
  };
  for (const json::object& refused : {
           json::object{{"name", "ana"}, {"password", "ana's counter password"}},  // the cashier herself
           json::object{{"name", "sam"}, {"password", "not sam's password"}},
           json::object{{"name", "fin"}, {"password", "fin's finance password"}},  // no counter_supervise
       }) {
    const auto res = here(refused);
    INFO(res.body);
    CHECK(res.status == 403);
    CHECK(res.body.find("supervisor_not_accepted") != std::string::npos);
    CHECK(res.body.find("password\"") == std::string::npos);
  }
  const auto still = get(port, sam, "/api/v1/counter/sessions/" + session);
  REQUIRE(still.status == 200);
  CHECK(str_of(json::parse(still.body).at("receipts").at(0).at("void").at("state")) == "requested");

  const auto approved = here(json::object{{"name", "sam"}, {"password", "sam's supervisor password"}});
  INFO(approved.body);
  REQUIRE(approved.status == 200);
  CHECK(approved.body.find("sam's supervisor password") == std::string::npos);
  const auto after = get(port, sam, "/api/v1/counter/sessions/" + session);
  REQUIRE(after.status == 200);
  const json::value v = json::parse(after.body).at("receipts").at(0).at("void");
  CHECK(str_of(v.at("state")) == "approved");
  CHECK(str_of(v.at("approved_by")) == "sam");
  CHECK(str_of(v.at("requested_by")) == "ana");
  // The books: the payment is voided, the customer owes again what they owed before.
  CHECK(balance_becomes(port, fin, "100017", "0.00") == "0.00");
  CHECK(server.stop() == 0);
}
