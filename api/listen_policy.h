// Where plain HTTP may be served: loopback addresses only. Bearer tokens and customers' data
// must not cross a network in clear, so any other address needs TLS (http.tls_cert/tls_key).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::api {

// 127.0.0.0/8, ::1 and ::ffff:127.x.y.z. Only numeric addresses (what the server binds);
// anything that does not parse is not loopback.
bool is_loopback_address(std::string_view address);

// ok when `address` may be served over plain HTTP, or when TLS is on; else a bad_config error
// that says why and what to configure.
Status check_listen_policy(const std::string& address, bool tls);

}  // namespace tally::api
