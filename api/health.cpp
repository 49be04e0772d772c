#include "api/health.h"

namespace tally::api {

void add_health_routes(Router& router, HealthInfo info) {
  router.add(http::verb::get, "/healthz", kPublic, [info = std::move(info)](const Request& req, const RouteParams&) {
    boost::json::object body{{"status", "ok"}, {"version", info.version}, {"log", info.log}};
    bool healthy = true;
    if (info.details) {
      boost::json::object details = info.details();
      if (const auto* problem = details.if_contains("problem");
          problem && problem->is_string() && !problem->as_string().empty()) {
        healthy = false;
        body["status"] = "degraded";
        body["problem"] = *problem;
      }
      body["details"] = std::move(details);
    }
    return json_response(req, healthy ? http::status::ok : http::status::service_unavailable, body);
  });
}

}  // namespace tally::api
