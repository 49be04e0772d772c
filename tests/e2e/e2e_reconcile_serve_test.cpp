// tally serve reconciles a day by itself once its files are in, and answers the reports over
// HTTP: the demo day dropped into the inbox ends reconciled, bank:<id> equal to the bank's
// closing balance, with nothing open.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/http_client.h"
#include "tools/demo/demo.h"

using namespace e2e;

namespace {

// A finance user's token, added before the server starts (the command prints it once).
std::string finance_token(const Workspace& w) {
  const Run added = w.tally({"users", "add", "fin", "--role", "finance", "--json"});
  REQUIRE(added.exit_code == 0);
  return str_of(json_object(added.out).at("token"));
}

std::string token;  // the finance user's, for get()

// GET as the finance user, or status 0 while the server is not up yet.
tally::testing::HttpResult get(std::uint16_t port, const std::string& target) {
  try {
    return tally::testing::http_get(port, target, token);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

TEST_CASE("tally serve reconciles the demo day by itself and reports it over HTTP", "[e2e][reconcile][serve]") {
  Workspace w;
  const auto date = *tally::BusinessDate::parse_iso("2026-12-04");
  const auto files = tally::demo::make_demo_day(date);
  REQUIRE(files.ok());
  token = finance_token(w);
  const std::uint16_t port = free_port();
  const pid_t server = w.spawn_tally({"serve", "--port", std::to_string(port)});
  const std::string inbox = w.data_dir() + "/inbox";
  REQUIRE(wait_until_exists(inbox, 30));
  for (const auto& f : *files) {
    const std::string tmp = w.write(f.name + ".part", f.content);
    REQUIRE(std::rename(tmp.c_str(), (inbox + "/" + f.name).c_str()) == 0);
  }
  const std::string statement = "/api/v1/reconcile/reports/statement?date=2026-12-04";
  boost::json::object summary;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto res = get(port, statement);
    if (res.status == 200) {
      summary = boost::json::parse(res.body).at("summary").as_object();
      if (str_of(summary.at("reconciled")) == "yes") break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  REQUIRE(!summary.empty());
  CHECK(str_of(summary.at("reconciled")) == "yes");
  CHECK(str_of(summary.at("difference")) == "0.00");
  CHECK(str_of(summary.at("bank_balance")) == str_of(summary.at("book_balance")));
  const auto open = get(port, "/api/v1/discrepancies?status=open");
  REQUIRE(open.status == 200);
  CHECK(boost::json::parse(open.body).at("discrepancies").as_array().empty());
  const auto csv = get(port, "/api/v1/reconcile/reports/deposits?date=2026-12-04&format=csv");
  CHECK(csv.status == 200);
  CHECK(csv.content_type.starts_with("text/csv"));
  const auto health = get(port, "/healthz");
  REQUIRE(health.status == 200);
  CHECK_THAT(health.body, Catch::Contains("\"reconcile\":\"running\""));

  ::kill(server, SIGTERM);
  CHECK(wait_for(server) == 0);
  // The books after the server stopped say the same: the bank account holds what the bank does.
  const std::string closing = str_of(summary.at("bank_balance"));
  CHECK(balance(w, "bank:8765") == std::stoll(closing.substr(0, closing.find('.'))) * 100 +
                                      std::stoll(closing.substr(closing.find('.') + 1)));
  CHECK(balance(w, "transit:lockbox") == 0);
  CHECK(balance(w, "transit:ach") == 0);
  CHECK(balance(w, "transit:card") == 0);
  CHECK(verify(w).ok);
}
