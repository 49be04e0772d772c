// GET /healthz: liveness and what the process runs on. For load balancers and operators:
// 200 with "status": "ok", or, when the details name a "problem" (Kafka brokers unreachable,
// a partition stopped, the ledger stopped), 503 with "status": "degraded" and the problem.
#pragma once

#include <functional>
#include <string>

#include "api/router.h"

namespace tally::api {

struct HealthInfo {
  std::string version;
  std::string log;  // EventLog::describe()
  // Extra status fields filled at request time (ledger lag, inbox counts...); may be empty.
  // A non-empty string "problem" among them makes the answer 503 "degraded".
  std::function<boost::json::object()> details;
};

void add_health_routes(Router& router, HealthInfo info);

}  // namespace tally::api
