// Reading a request's cookies (RFC 6265 "name=value; name2=value2"), for the web session's
// cookie (web_sessions.h). Read-only; nothing is allocated but the answer.
#pragma once

#include <optional>
#include <string_view>

#include "api/router.h"

namespace tally::api {

// The value of the first cookie called `name` over every Cookie header; nullopt when there is
// none. A value in double quotes is returned without them.
std::optional<std::string_view> cookie_value(const Request& request, std::string_view name);

}  // namespace tally::api
