// GET /healthz: liveness and what the process runs on. For load balancers and operators.
#pragma once

#include <functional>
#include <string>

#include "api/router.h"

namespace tally::api {

struct HealthInfo {
  std::string version;
  std::string log;  // EventLog::describe()
  // Extra status fields filled at request time (ledger lag, inbox counts...); may be empty.
  std::function<boost::json::object()> details;
};

void add_health_routes(Router& router, HealthInfo info);

}  // namespace tally::api
