// The finance page's reads over HTTP: the deposit report of a range of days (what its 30-day
// chart draws) equals the daily reports of those days, and the day's matches come as a list,
// each as GET /reconcile/matches/{id} gives it. Bad ranges are 400s with their own code.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <array>
#include <map>
#include <set>

#include "api/http_server.h"
#include "api/reconcile_routes.h"
#include "ledger/tests/test_support.h"
#include "reconcile/tests/deposit_week.h"
#include "reconcile/tests/world.h"
#include "tests/support/http_client.h"

using namespace tally;
using namespace tally::api;
using namespace tally::reconcile::testing;
using tally::testing::HttpResult;

namespace {

constexpr std::string_view kReader = "reader-token", kNobody = "nobody-token";

// A reader, and someone signed in whose roles allow nothing.
struct Tokens final : Authenticator {
  std::optional<Identity> authenticate(std::string_view token) const override {
    if (token == kReader) return Identity{"reader", "0123456789abcdef", role_bits(std::array{Role::read_only})};
    if (token == kNobody) return Identity{"nobody", "fedcba9876543210", 0};
    return std::nullopt;
  }
};

// The week of deposit_week.h reconciled on its Friday, its reconcile routes on a free port.
struct WeekServed {
  Tokens tokens;
  World world;
  ledger::testing::TempDir books_dir;
  std::unique_ptr<ledger::Ledger> ledger = ledger::testing::open_ledger(books_dir.path());
  Router router;
  HttpServer server{router};
  WeekServed() {
    world.publish(deposit_week());
    world.run(kWeekFriday);
    router.guard(&tokens, nullptr, nullptr);
    add_reconcile_routes(router, *ledger, *world.reconciler);
    REQUIRE(server.start("127.0.0.1", 0).ok());
  }
  HttpResult get(const std::string& target, std::string_view token = kReader) {
    return tally::testing::http_get(server.port(), target, std::string(token));
  }
  boost::json::value get_json(const std::string& target) {
    const HttpResult res = get(target);
    INFO(target << " " << res.body);
    REQUIRE(res.status == 200);
    return boost::json::parse(res.body);
  }
};

std::string code_of(const HttpResult& res) {
  return std::string(boost::json::parse(res.body).at("error").at("code").as_string());
}

// "declared", "matched", ... of a daily report's By channel table, keyed "channel column".
std::map<std::string, std::string> daily_cells(const boost::json::value& report) {
  std::map<std::string, std::string> out;
  const auto& table = report.at("tables").at(0);
  const auto& columns = table.at("columns").as_array();
  for (const auto& row : table.at("rows").as_array()) {
    const std::string channel(row.at(0).as_string());
    if (channel == "total") continue;
    for (std::size_t c = 1; c < columns.size(); ++c)
      out[channel + " " + std::string(columns[c].as_string())] = std::string(row.at(c).as_string());
  }
  return out;
}

}  // namespace

TEST_CASE("deposits by range: each day is its daily report in JSON and CSV", "[api][reconcile_range]") {
  WeekServed s;
  const auto range = s.get_json("/api/v1/reconcile/reports/deposits?from=2026-11-30&to=2026-12-04");
  CHECK(range.at("from").as_string() == "2026-11-30");
  CHECK(range.at("to").as_string() == "2026-12-04");
  const auto& days = range.at("days").as_array();
  REQUIRE(days.size() == 5);
  std::int64_t declared_sum = 0;
  for (const auto& day : days) {
    const std::string date(day.at("date").as_string());
    INFO(date);
    std::map<std::string, std::string> cells;
    for (const auto& ch : day.at("channels").as_array()) {
      const std::string channel(ch.at("channel").as_string());
      cells[channel + " deposits"] = std::to_string(ch.at("deposits").as_int64());
      for (const char* column : {"declared", "matched", "proposed", "open"})
        cells[channel + " " + column] = std::string(ch.at(column).as_string());
      declared_sum += ch.at("declared_minor").as_int64();
    }
    CHECK(cells == daily_cells(s.get_json("/api/v1/reconcile/reports/deposits?date=" + date)));
  }
  CHECK(declared_sum == 1666233);
  CHECK(days.at(1).at("channels").as_array().empty());  // Tuesday: nothing, still listed
  const auto& wednesday = days.at(2).at("channels").as_array();
  REQUIRE(wednesday.size() == 2);
  CHECK(wednesday.at(0).at("channel").as_string() == "ach");
  CHECK(wednesday.at(0).at("open_minor").as_int64() == 5000);
  CHECK(wednesday.at(1).at("proposed").as_string() == "30.00");

  const HttpResult csv = s.get("/api/v1/reconcile/reports/deposits?from=2026-11-30&to=2026-12-04&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.starts_with("\"Deposits by day, 2026-11-30 to 2026-12-04\"\r\n"));
  CHECK(csv.body.find("2026-12-02,lockbox,2,30.00,0.00,30.00,0.00\r\n") != std::string::npos);

  // date= alone answers as it always has: the daily report.
  CHECK(s.get_json("/api/v1/reconcile/reports/deposits?date=2026-12-02").at("title").as_string() ==
        "Daily deposit report, 2026-12-02");
}

TEST_CASE("deposits by range: bad ranges are 400 bad_range or bad_date with the daily report's permission", "[api][reconcile_range]") {
  WeekServed s;
  const std::string base = "/api/v1/reconcile/reports/deposits?";
  const HttpResult backwards = s.get(base + "from=2026-12-04&to=2026-11-30");
  CHECK(backwards.status == 400);
  CHECK(code_of(backwards) == "bad_range");
  CHECK(boost::json::parse(backwards.body).at("error").at("message").as_string() ==
        "from (2026-12-04) is after to (2026-11-30)");
  const HttpResult too_long = s.get(base + "from=2026-01-01&to=2026-04-03");  // 93 days; 92 is the most
  CHECK(too_long.status == 400);
  CHECK(code_of(too_long) == "bad_range");
  CHECK(s.get(base + "from=2026-01-01&to=2026-04-02").status == 200);
  for (const char* query : {"from=2026-11-30", "to=2026-11-30", "from=2026-13-01&to=2026-12-01", "from=yesterday&to=2026-12-01"}) {
    INFO(query);
    const HttpResult res = s.get(base + query);
    CHECK(res.status == 400);
    CHECK(code_of(res) == "bad_date");
  }
  const HttpResult both = s.get(base + "date=2026-11-30&from=2026-11-30&to=2026-12-01");
  CHECK(both.status == 400);
  CHECK(code_of(both) == "bad_range");
  const HttpResult outstanding = s.get("/api/v1/reconcile/reports/outstanding?from=2026-11-30&to=2026-12-01");
  CHECK(outstanding.status == 400);
  CHECK(code_of(outstanding) == "bad_range");
  CHECK(code_of(s.get(base + "from=2026-11-30&to=2026-12-01&format=pdf")) == "bad_format");
  // The same permission as the daily report.
  CHECK(tally::testing::http_get(s.server.port(), base + "from=2026-11-30&to=2026-12-01").status == 401);
  CHECK(s.get(base + "from=2026-11-30&to=2026-12-01", kNobody).status == 403);
}

TEST_CASE("matches of a day over HTTP: each as the single-match route gives it a page at a time", "[api][reconcile_range]") {
  WeekServed s;
  const auto listed = s.get_json("/api/v1/reconcile/matches?date=2026-12-04");
  CHECK(listed.at("date").as_string() == "2026-12-04");
  CHECK_FALSE(listed.as_object().contains("next_after"));
  const auto& matches = listed.at("matches").as_array();
  REQUIRE(matches.size() == 4);
  std::set<std::string> rules, ids;
  for (const auto& m : matches) {
    const std::string id(m.at("id").as_string());
    ids.insert(id);
    rules.insert(std::string(m.at("rule").as_string()));
    CHECK(m == s.get_json("/api/v1/reconcile/matches/" + id));
    CHECK_FALSE(m.at("explanation").as_string().empty());
    CHECK_FALSE(m.at("expected").as_array().empty());
    CHECK_FALSE(m.at("bank_lines").as_array().empty());
  }
  CHECK(rules.contains("REFERENCE"));

  const auto first = s.get_json("/api/v1/reconcile/matches?date=2026-12-04&limit=3");
  REQUIRE(first.at("matches").as_array().size() == 3);
  const std::string after(first.at("next_after").as_string());
  const auto second = s.get_json("/api/v1/reconcile/matches?date=2026-12-04&limit=3&after=" + after);
  REQUIRE(second.at("matches").as_array().size() == 1);
  CHECK_FALSE(second.as_object().contains("next_after"));
  std::set<std::string> paged;
  for (const auto* page : {&first, &second})
    for (const auto& m : page->at("matches").as_array()) paged.insert(std::string(m.at("id").as_string()));
  CHECK(paged == ids);

  CHECK(s.get_json("/api/v1/reconcile/matches?date=2026-11-30").at("matches").as_array().empty());
  CHECK(code_of(s.get("/api/v1/reconcile/matches?date=2026-02-30")) == "bad_date");
  CHECK(code_of(s.get("/api/v1/reconcile/matches?date=2026-12-04&limit=1001")) == "bad_limit");
  CHECK(code_of(s.get("/api/v1/reconcile/matches?date=2026-12-04&limit=0")) == "bad_limit");
  CHECK(code_of(s.get("/api/v1/reconcile/matches?date=2026-12-04&after=xyz")) == "bad_after");
  CHECK(tally::testing::http_get(s.server.port(), "/api/v1/reconcile/matches?date=2026-12-04").status == 401);
}
