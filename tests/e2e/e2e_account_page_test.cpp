// What the billing technician's account page reads, over HTTP from `tally serve` after a day
// of files: where each line came from (file and record), the customer's name and the search by
// it, the returns with their letters in English and Spanish, and the bank's notices of change.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace json = boost::json;

namespace {

constexpr int kServerStartSeconds = 30;

json::object read(std::uint16_t port, const std::string& token, const std::string& target) {
  const auto res = get(port, token, target);
  INFO("GET " << target << " -> " << res.status << " " << res.body);
  REQUIRE(res.status == 200);
  return json::parse(res.body).as_object();
}

std::string last_word(const std::string& name) { return name.substr(name.rfind(' ') + 1); }

}  // namespace

TEST_CASE("an account's page data: sources, name search, return letters and notices of change", "[e2e][accounts]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments),
             w.write("03-autopay.ach", f.autopay_ach), w.write("06-returns.ach", f.returns_ach),
             w.write("08-noc.ach", noc_file(f, 1))});
  const std::string token = add_user(w, "bea", "billing");
  const std::uint16_t port = free_port();
  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(port)})};
  REQUIRE(wait_until_serving(port, kServerStartSeconds));

  const auto autopay = f.autopay_customers();
  const demo::Customer& returned = *autopay.at(f.day.returned.at(0));  // R01: a fee and a letter
  const json::object account = read(port, token, "/api/v1/accounts/" + returned.account + "?limit=50");

  {  // each line says the file and record it came from
    bool debit_found = false;
    for (const auto& e : account.at("entries").as_array()) {
      const json::object& entry = e.as_object();
      REQUIRE(entry.contains("source"));
      const json::object& source = entry.at("source").as_object();
      REQUIRE(source.contains("file_name"));
      CHECK(str_of(source.at("file_sha256")).size() == 64);
      CHECK(source.at("record_ordinal").as_int64() > 0);
      if (str_of(source.at("file_name")) == "03-autopay.ach") debit_found = true;
    }
    CHECK(debit_found);
  }

  {  // the name the payments came with, and the search by it
    CHECK(str_of(account.at("name")).find(last_word(returned.name)) != std::string::npos);
    const json::object found = read(port, token, "/api/v1/search?name=" + last_word(returned.name) + "&limit=100");
    bool listed = false;
    for (const auto& a : found.at("accounts").as_array())
      if (str_of(a.as_object().at("account")) == "customer:" + returned.account) listed = true;
    CHECK(listed);
    CHECK(read(port, token, "/api/v1/search?name=Zzyzx").at("accounts").as_array().empty());
    CHECK(get(port, token, "/api/v1/search?name=%20-%20").status == 400);
    CHECK(get(port, token, "/api/v1/search?name=smith&customer=1").status == 400);
  }

  {  // the return, with its letter in English and in Spanish
    const json::array& returns = account.at("returns").as_array();
    REQUIRE(returns.size() == 1);
    const json::object& r = returns[0].as_object();
    CHECK(str_of(r.at("return_code")) == "R01");
    CHECK(r.at("amount_minor").as_int64() == returned.bill_minor);
    CHECK(r.at("fee_minor").as_int64() == 2500);
    const std::string letter = str_of(r.at("letter"));
    const auto en = get(port, token, letter + "?lang=en");
    REQUIRE(en.status == 200);
    CHECK(en.body.find("lang=\"en\"") != std::string::npos);
    CHECK(en.body.find("insufficient funds") != std::string::npos);
    CHECK(en.body.find("$25.00") != std::string::npos);
    const auto es = get(port, token, letter + "?lang=es");
    REQUIRE(es.status == 200);
    CHECK(es.body.find("Fondos insuficientes") != std::string::npos);
    CHECK(get(port, token, letter + "?lang=fr").status == 400);
    CHECK(get(port, token, "/api/v1/accounts/" + returned.account + "/letters/00112233445566778899aabbccddeeff").status == 404);
    CHECK(get(port, "", letter).status == 401);
  }

  {  // autopay and the bank's notice of change
    CHECK(str_of(account.at("autopay").as_object().at("status")) == "enrolled");
    const demo::Customer& noticed = *autopay.at(0);
    const json::object with_notice = read(port, token, "/api/v1/accounts/" + noticed.account);
    const json::array& notices = with_notice.at("notices").as_array();
    REQUIRE(notices.size() == 1);
    CHECK(str_of(notices[0].as_object().at("change_code")) == "C01");
    CHECK(notices[0].as_object().at("refused").as_bool() == false);
  }
  REQUIRE(server.stop() == 0);
}

TEST_CASE("autopay entries are scheduled on the account page until serve posts them on their date", "[e2e][accounts][autopay]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments)});
  const demo::Customer& enrolled = *f.autopay_customers().at(0);
  const std::int64_t bill = balance(w, customer(enrolled.account));
  const std::string day0 = f.day.date.plus_days(1).to_iso();
  const auto generated = w.tally_on(day0, {"autopay", "generate", "--json"});
  INFO(generated.out << generated.err);
  REQUIRE(generated.exit_code == 0);
  const std::string effective = str_of(json_object(generated.out).at("effective_date"));
  const std::string token = add_user(w, "bea", "billing");
  const std::string target = "/api/v1/accounts/" + enrolled.account;

  // Before the effective date: scheduled, listed, counted, and not in the balance.
  ::setenv("TALLY_TODAY", day0.c_str(), 1);
  std::uint16_t port = free_port();
  ServerGuard before{w.spawn_tally({"serve", "--port", std::to_string(port)})};
  ::unsetenv("TALLY_TODAY");
  REQUIRE(wait_until_serving(port, kServerStartSeconds));
  json::object account = read(port, token, target);
  CHECK(str_of(account.at("balance")) == fmt::format("{}.{:02}", bill / 100, bill % 100));
  const auto& scheduled = account.at("autopay_scheduled").as_array();
  REQUIRE(scheduled.size() == 1);
  CHECK(str_of(scheduled[0].at("kind")) == "debit");
  CHECK(scheduled[0].at("amount_minor").as_int64() == bill);
  CHECK(str_of(scheduled[0].at("effective_date")) == effective);
  const auto runs = read(port, token, "/api/v1/autopay/runs").at("runs").as_array();
  REQUIRE(runs.size() == 1);
  CHECK(str_of(runs[0].at("status")) == "scheduled");
  CHECK(get(port, token, "/metrics").body.find("tally_autopay_runs_scheduled 1") != std::string::npos);
  before.stop();

  // On the effective date the server posts the run by itself.
  ::setenv("TALLY_TODAY", effective.c_str(), 1);
  port = free_port();
  ServerGuard on_the_day{w.spawn_tally({"serve", "--port", std::to_string(port)})};
  ::unsetenv("TALLY_TODAY");
  REQUIRE(wait_until_serving(port, kServerStartSeconds));
  // Posted: out of the schedule (the registry) and into the balance (the ledger, a moment later).
  for (int i = 0; i < 300; ++i) {
    account = read(port, token, target);
    if (account.at("autopay_scheduled").as_array().empty() && str_of(account.at("balance")) == "0.00") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(account.at("autopay_scheduled").as_array().empty());
  CHECK(str_of(account.at("balance")) == "0.00");
  CHECK(str_of(read(port, token, "/api/v1/autopay/runs").at("runs").as_array()[0].at("status")) == "posted");
  CHECK(get(port, token, "/metrics").body.find("tally_autopay_runs_scheduled 0") != std::string::npos);
  on_the_day.stop();
}
