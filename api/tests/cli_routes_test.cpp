// The routes the CLI goes through while `tally serve` runs (app/remote.h): a balance as of a
// date, the books verified, a kept file read back, autopay originated. Each answers what the
// CLI prints when it runs alone.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "api/tests/api_world.h"
#include "core/sha256.h"
#include "ingest/autopay_dates.h"
#include "tools/demo/demo.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;

namespace {

namespace http = boost::beast::http;

const BusinessDate kDay = BusinessDate::parse_iso("2026-03-02").value();

// The demo day's billing export, uploaded and posted: every customer owes from kDay.
boost::json::object billed(ApiWorld& w) {
  const auto day = demo::make_demo_day(kDay).value();
  const demo::DemoFile& bills = day.front();
  const auto up = w.call(http::verb::post, "/api/v1/files?name=" + bills.name, w.token(Role::ingest), bills.content,
                         "bills");
  REQUIRE(up.status == 200);
  w.settle();
  return boost::json::parse(up.body).as_object();
}

}  // namespace

TEST_CASE("accounts: a balance as of a date counts the postings on or before it", "[api][cli]") {
  ApiWorld w;
  billed(w);
  const std::string reader = w.token(Role::read_only);
  const std::string account = "/api/v1/accounts/" + demo::demo_sample_account();
  const auto now = w.call(http::verb::get, account, reader);
  REQUIRE(now.status == 200);
  const auto owed = boost::json::parse(now.body).at("balance_minor").as_int64();
  CHECK(owed > 0);
  const auto on_the_day = w.call(http::verb::get, account + "?as_of=" + kDay.to_iso(), reader);
  REQUIRE(on_the_day.status == 200);
  const auto day = boost::json::parse(on_the_day.body).as_object();
  CHECK(day.at("balance_minor").as_int64() == owed);
  CHECK(day.at("as_of").as_string() == kDay.to_iso());
  CHECK_FALSE(day.contains("entries"));
  // The day before the bill: nothing owed (or nothing posted yet, a 404).
  const auto before = w.call(http::verb::get, account + "?as_of=2026-03-01", reader);
  CHECK((before.status == 404 || boost::json::parse(before.body).at("balance_minor").as_int64() == 0));
  const auto bad = w.call(http::verb::get, account + "?as_of=March", reader);
  CHECK(bad.status == 400);
  CHECK(error_code(bad.body) == "bad_date");
}

TEST_CASE("ledger verify: the books and the log check out, for those who may read the audit", "[api][cli]") {
  ApiWorld w;
  billed(w);
  const auto verified = w.call(http::verb::get, "/api/v1/ledger/verify", w.token(Role::finance));
  REQUIRE(verified.status == 200);
  const auto v = boost::json::parse(verified.body).as_object();
  CHECK(v.at("ok").as_bool());
  CHECK(v.at("entries").as_int64() > 0);
  CHECK(v.at("log").at("ok").as_bool());
  CHECK(w.call(http::verb::get, "/api/v1/ledger/verify", w.token(Role::cashier)).status == 403);
}

TEST_CASE("a kept file is read back as it arrived, for those who may read the audit", "[api][cli]") {
  ApiWorld w;
  const std::string junk = "not a bank file\n";  // refused: kept in quarantine
  const auto up = w.call(http::verb::post, "/api/v1/files?name=junk.txt", w.token(Role::ingest), junk, "junk");
  REQUIRE(up.status == 422);
  const std::string sha = to_hex(sha256(junk));
  const auto read = w.call(http::verb::get, "/api/v1/files/" + sha + "/content", w.token(Role::supervisor));
  REQUIRE(read.status == 200);
  CHECK(read.body == junk);
  CHECK(read.content_type == "application/octet-stream");
  CHECK(w.call(http::verb::get, "/api/v1/files/" + sha + "/content", w.token(Role::read_only)).status == 403);
  const auto missing = w.call(http::verb::get, "/api/v1/files/" + std::string(64, 'a') + "/content",
                              w.token(Role::supervisor));
  CHECK(missing.status == 404);
  const auto bad = w.call(http::verb::get, "/api/v1/files/ABC/content", w.token(Role::supervisor));
  CHECK(bad.status == 400);
  CHECK(error_code(bad.body) == "bad_sha256");
}

TEST_CASE("autopay generate: nothing due writes nothing, the date is checked, a retry answers the same",
          "[api][cli]") {
  ApiWorld w;
  const std::string billing = w.token(Role::billing);
  const std::string date = ingest::earliest_effective_date(BusinessDate::today_utc(), 1).to_iso();
  const std::string body = R"({"effective_date": ")" + date + R"("})";
  const auto first = w.call(http::verb::post, "/api/v1/autopay/generate", billing, body, "gen-1");
  REQUIRE(first.status == 200);
  const auto generated = boost::json::parse(first.body).as_object();
  CHECK(generated.at("file") == "");
  CHECK(generated.at("entries").as_int64() == 0);
  CHECK(generated.at("effective_date").as_string() == date);
  const auto again = w.call(http::verb::post, "/api/v1/autopay/generate", billing, body, "gen-1");
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  const auto bad = w.call(http::verb::post, "/api/v1/autopay/generate", billing, R"({"effective_date": "soon"})",
                          "gen-2");
  CHECK(bad.status == 400);
  CHECK(boost::json::parse(bad.body).at("error").at("field") == "effective_date");
  // A Saturday is not a banking day: refused, naming the next one.
  const auto weekend = w.call(http::verb::post, "/api/v1/autopay/generate", billing,
                              R"({"effective_date": "2031-01-04"})", "gen-4");
  CHECK(weekend.status == 400);
  CHECK(weekend.body.find("2031-01-06") != std::string::npos);
  CHECK(w.call(http::verb::post, "/api/v1/autopay/generate", w.token(Role::cashier), body, "gen-3").status == 403);
}

TEST_CASE("autopay settle posts nothing early and lists the runs", "[api][cli]") {
  ApiWorld w;
  const std::string billing = w.token(Role::billing);
  const std::string tomorrow = BusinessDate::today_utc().plus_days(1).to_iso();
  const auto early = w.call(http::verb::post, "/api/v1/autopay/settle", billing,
                            R"({"through": ")" + tomorrow + R"("})", "settle-1");
  CHECK(early.status == 400);
  CHECK(boost::json::parse(early.body).at("error").at("field") == "through");
  const auto today = w.call(http::verb::post, "/api/v1/autopay/settle", billing, "{}", "settle-2");
  REQUIRE(today.status == 200);
  CHECK(boost::json::parse(today.body).at("posted").as_array().empty());
  const auto runs = w.call(http::verb::get, "/api/v1/autopay/runs", billing);
  REQUIRE(runs.status == 200);
  CHECK(boost::json::parse(runs.body).at("runs").as_array().empty());
  CHECK(w.call(http::verb::post, "/api/v1/autopay/settle", w.token(Role::cashier), "{}", "settle-3").status == 403);
  CHECK(w.call(http::verb::get, "/api/v1/autopay/runs", w.token(Role::finance)).status == 403);
}
