// The OpenAPI document and the routes cannot drift: every route is documented with its
// method and permission, and every documented operation is a route.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <set>

#include "api/health.h"
#include "api/metrics.h"
#include "api/openapi.h"
#include "api/tests/api_world.h"

using namespace tally::api;

TEST_CASE("every route is in the OpenAPI document with its permission, and nothing else is", "[api][openapi]") {
  tally::api::testing::ApiWorld w;
  add_health_routes(w.router(), {"test", "test", {}});
  add_openapi_route(w.router());
  Metrics metrics;
  add_metrics_route(w.router(), metrics);
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(openapi_document(), ec);
  REQUIRE_FALSE(ec);
  CHECK(doc.at("openapi").as_string().starts_with("3."));
  std::set<std::string> documented, served;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, op] : item.as_object())
      documented.insert(std::string(method) + " " + std::string(path) + " " +
                        std::string(op.at("x-permission").as_string()));
  for (const RouteInfo& r : w.router().routes()) {
    std::string method(boost::beast::http::to_string(r.method));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    served.insert(method + " " + r.pattern + " " +
                  (r.permission ? std::string(permission_name(*r.permission)) : std::string("public")));
  }
  std::vector<std::string> only_documented, only_served;
  std::set_difference(documented.begin(), documented.end(), served.begin(), served.end(), std::back_inserter(only_documented));
  std::set_difference(served.begin(), served.end(), documented.begin(), documented.end(), std::back_inserter(only_served));
  INFO("documented, not served: " << boost::json::serialize(boost::json::value_from(only_documented)));
  INFO("served, not documented: " << boost::json::serialize(boost::json::value_from(only_served)));
  CHECK(only_documented.empty());
  CHECK(only_served.empty());
}

TEST_CASE("the document is served without a token", "[api][openapi]") {
  tally::api::testing::ApiWorld w;
  add_openapi_route(w.router());
  const auto res = tally::testing::http_get(w.port(), "/api/v1/openapi.json");
  CHECK(res.status == 200);
  CHECK(boost::json::parse(res.body).at("info").at("title") == "Tally");
}
