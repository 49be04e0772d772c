// Signing in and out of the web pages (web_routes.h lists the routes): a person's API token, or
// their name and password, becomes a session cookie (web_sessions.h) that is HttpOnly (page scripts cannot read it),
// SameSite=Strict (another site's page does not send it) and Secure under TLS.
#pragma once

#include <optional>
#include <string>

#include "api/router.h"
#include "api/users.h"
#include "api/web_routes.h"

namespace tally::api {

// What a person types to prove who they are: a name and password, or an API token. Held only
// for the request that carries it: never logged, kept or answered.
struct Credentials {
  std::string name{};
  std::string password{};
  std::string token{};
};

// Who these credentials prove, checked as signing in checks them (a name with a password
// first; an unknown name takes the same slow path as a known one); nullopt for anything else.
// No session is made. Used by the counter's approve-here (counter_routes.h).
std::optional<Identity> check_credentials(const Users& users, const Credentials& credentials);

// An attempt to prove credentials is counted per client address, beside the sign-ins of that
// address: an answer (429, or 403 for a post from another site's page) when it is refused.
std::optional<Response> refused_credential_attempt(const Router& router, const Request& req,
                                                   const RouteParams& p);

void add_signin_routes(Router& router, const WebServices& web);

// The Set-Cookie value that holds a session, and the one that removes it.
std::string session_cookie(std::string_view session_id, bool secure);
std::string expired_session_cookie(bool secure);

}  // namespace tally::api
