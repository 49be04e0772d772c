// Answers to a browser: HTML pages, redirects, and the security headers every page carries.
// The router's page routes (router.h) and the web routes (web_routes.h) answer through these
// so no page goes out without its Content-Security-Policy.
#pragma once

#include "core/html.h"

#include <string>
#include <string_view>

#include "api/router.h"

namespace tally::api {

// Everything a page uses comes from this server: no inline script or style, no framing, forms
// post only here. An injected <script> or style attribute does not run.
inline constexpr std::string_view kPageContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'";

// Content-Security-Policy, X-Content-Type-Options nosniff, Referrer-Policy no-referrer and
// X-Frame-Options DENY (for browsers that predate frame-ancestors).
void set_page_security_headers(Response& response);

// text/html, never cached (a page holds its session's CSRF token), with the security headers.
Response html_response(const Request& request, http::status status, std::string body);
// 303 See Other: the browser follows with a GET whatever the method was.
Response redirect_response(const Request& request, std::string_view location);
// A small page for a person whose roles do not allow a page (403).
Response forbidden_page(const Request& request, std::string_view user, Permission permission);

using tally::html_escape;  // core/html.h

}  // namespace tally::api
