#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "api/health.h"
#include "api/http_server.h"
#include "tests/support/http_client.h"

using namespace tally::api;
using tally::testing::http_get;
using tally::testing::http_request;

TEST_CASE("http server answers /healthz with JSON", "[api]") {
  Router router;
  add_health_routes(router, {"9.9.9", "embedded:/x", nullptr});
  HttpServer server(router);
  REQUIRE(server.start("127.0.0.1", 0).ok());
  const auto res = http_get(server.port(), "/healthz");
  CHECK(res.status == 200);
  CHECK(res.content_type == "application/json");
  const auto body = boost::json::parse(res.body).as_object();
  CHECK(body.at("status").as_string() == "ok");
  CHECK(body.at("version").as_string() == "9.9.9");
  server.stop();
}

TEST_CASE("router captures path parameters and query strings", "[api]") {
  Router router;
  router.add(http::verb::get, "/api/v1/accounts/{id}", kPublic, [](const Request& req, const RouteParams& p) {
    return json_response(req, http::status::ok,
                         {{"id", p.path.at("id")}, {"limit", p.query.count("limit") ? p.query.at("limit") : ""}});
  });
  HttpServer server(router);
  REQUIRE(server.start("127.0.0.1", 0).ok());
  const auto res = http_get(server.port(), "/api/v1/accounts/customer%3A1001?limit=5");
  REQUIRE(res.status == 200);
  const auto body = boost::json::parse(res.body).as_object();
  CHECK(body.at("id").as_string() == "customer:1001");
  CHECK(body.at("limit").as_string() == "5");
  CHECK(http_get(server.port(), "/api/v1/nothing").status == 404);
  CHECK(http_request(server.port(), http::verb::delete_, "/api/v1/accounts/1").status == 405);
}

TEST_CASE("http server refuses a body over the limit with 413", "[api]") {
  Router router;
  router.add(http::verb::post, "/echo", kPublic, [](const Request& req, const RouteParams&) {
    return json_response(req, http::status::ok, {{"size", req.body().size()}});
  });
  ServerLimits limits;
  limits.max_body_bytes = 100;
  HttpServer server(router, limits);
  REQUIRE(server.start("127.0.0.1", 0).ok());
  CHECK(http_request(server.port(), http::verb::post, "/echo", std::string(50, 'x')).status == 200);
  CHECK(http_request(server.port(), http::verb::post, "/echo", std::string(500, 'x')).status == 413);
}

TEST_CASE("http server reports a port it cannot bind", "[api]") {
  Router router;
  HttpServer first(router);
  REQUIRE(first.start("127.0.0.1", 0).ok());
  HttpServer second(router);
  auto status = second.start("127.0.0.1", first.port());
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message.find("cannot listen") != std::string::npos);
}
