// From the configuration's [http] table (core/config.h) to the options of the server and of the
// per-token rate limiter, so `tally serve` and tests read them the same way.
#pragma once

#include "api/http_server.h"
#include "api/rate_limiter.h"
#include "core/config.h"

namespace tally::api {

ServerLimits server_limits(const HttpSettings& http);
TlsOptions tls_options(const HttpSettings& http);
RateLimiterOptions rate_limiter_options(const HttpSettings& http);

}  // namespace tally::api
