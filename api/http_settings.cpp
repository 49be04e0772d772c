#include "api/http_settings.h"

namespace tally::api {

ServerLimits server_limits(const HttpSettings& http) {
  ServerLimits limits;
  limits.max_body_bytes = static_cast<std::size_t>(http.max_body_bytes);
  limits.max_connections = http.max_connections;
  limits.request_timeout_ms = http.request_timeout_ms;
  return limits;
}

TlsOptions tls_options(const HttpSettings& http) {
  return TlsOptions{http.tls_cert, http.tls_key};
}

RateLimiterOptions rate_limiter_options(const HttpSettings& http) {
  RateLimiterOptions options;
  options.rate_per_second = http.rate_per_second;
  options.burst = http.rate_burst;
  return options;
}

}  // namespace tally::api
