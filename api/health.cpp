#include "api/health.h"

namespace tally::api {

void add_health_routes(Router& router, HealthInfo info) {
  router.add(http::verb::get, "/healthz", kPublic, [info = std::move(info)](const Request& req, const RouteParams&) {
    boost::json::object body{{"status", "ok"}, {"version", info.version}, {"log", info.log}};
    if (info.details) body["details"] = info.details();
    return json_response(req, http::status::ok, body);
  });
}

}  // namespace tally::api
