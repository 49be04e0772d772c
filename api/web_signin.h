// Signing in and out of the web pages (web_routes.h lists the routes): a person's API token
// becomes a session cookie (web_sessions.h) that is HttpOnly (page scripts cannot read it),
// SameSite=Strict (another site's page does not send it) and Secure under TLS.
#pragma once

#include "api/router.h"
#include "api/web_routes.h"

namespace tally::api {

void add_signin_routes(Router& router, const WebServices& web);

// The Set-Cookie value that holds a session, and the one that removes it.
std::string session_cookie(std::string_view session_id, bool secure);
std::string expired_session_cookie(bool secure);

}  // namespace tally::api
