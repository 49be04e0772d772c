// GET /api/v1/reports/{name} (api/period_report_routes.h) as `tally serve` wires it: a reader
// gets each report in each format; an unknown report is a 404, a bad range or format a 400, and
// no token a 401. The figures themselves: node/tests/report_tallies_test.cpp and the e2e test.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "api/tests/api_world.h"

using namespace tally;
using namespace tally::api;
using namespace tally::api::testing;
namespace http = boost::beast::http;

TEST_CASE("the period reports are served to a reader in each format", "[api][reports]") {
  ApiWorld w;
  const std::string& reader = w.token(Role::read_only);
  for (const char* name :
       {"payments", "returns", "nsf-fees", "autopay", "suspense", "files", "trial-balance"}) {
    const auto res =
        w.call(http::verb::get,
               fmt::format("/api/v1/reports/{}?from=2026-11-01&to=2026-11-30", name), reader);
    INFO(name << ": " << res.body);
    REQUIRE(res.status == 200);
    const auto body = boost::json::parse(res.body).as_object();
    CHECK(body.contains("title"));
    CHECK(body.at("summary").as_object().size() >= 2);
  }
  const auto tb =
      w.call(http::verb::get, "/api/v1/reports/trial-balance?to=2026-11-30&format=json", reader);
  REQUIRE(tb.status == 200);
  CHECK(boost::json::parse(tb.body).at("summary").at("difference") == "0.00");
  const auto csv = w.call(
      http::verb::get, "/api/v1/reports/payments?from=2026-11-01&to=2026-11-30&format=csv", reader);
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find("\r\npayments,0\r\n") != std::string::npos);
  const auto html =
      w.call(http::verb::get, "/api/v1/reports/suspense?to=2026-11-30&format=html", reader);
  REQUIRE(html.status == 200);
  CHECK(html.body.rfind("<!doctype html>", 0) == 0);
}

TEST_CASE("a period report refuses an unknown name a backwards range a bad format and no token",
          "[api][reports]") {
  ApiWorld w;
  const std::string& reader = w.token(Role::read_only);
  const auto unknown = w.call(http::verb::get, "/api/v1/reports/profits", reader);
  CHECK(unknown.status == 404);
  CHECK(error_code(unknown.body) == "no_such_report");
  const auto backwards =
      w.call(http::verb::get, "/api/v1/reports/payments?from=2026-11-30&to=2026-11-01", reader);
  CHECK(backwards.status == 400);
  const auto bad_date = w.call(http::verb::get, "/api/v1/reports/payments?from=2026-11-31", reader);
  CHECK(bad_date.status == 400);
  const auto bad_format = w.call(http::verb::get, "/api/v1/reports/payments?format=pdf", reader);
  CHECK(bad_format.status == 400);
  CHECK(error_code(bad_format.body) == "bad_format");
  const auto anonymous = w.call(http::verb::get, "/api/v1/reports/payments", "");
  CHECK(anonymous.status == 401);
}
