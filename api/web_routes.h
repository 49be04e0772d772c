// The web pages for cashiers, billing technicians and finance, on the authenticated API.
//
//   GET  /                     303 to /web/
//   GET  /web/signin           the sign-in page (public); 303 to /web/ when already signed in
//   POST /web/signin           token=... (a form) or {"token": ...} (JSON): a session cookie and
//                              303 to /web/ (JSON: 200 with the user and the CSRF token). A
//                              wrong token sends a form back to /web/signin?error=1 (JSON: 401
//                              "unknown or disabled token"). Rate limited per client address
//                              like any token; a post from another site's page is refused.
//   POST /web/signout          ends the session (X-CSRF-Token, as every state change)
//   GET  /web/static/{file}    the pages' scripts, styles and images (public)
//   GET  /web/...              each page behind the permission its work needs (kWebPages)
//
// Pages are files under api/web/pages, built into the binary (web_assets.h). Serving one fills
// its placeholders: {{csrf}} with the session's CSRF token (the page's script sends it as
// X-CSRF-Token) and {{lang}} with the person's language (en, es); values are HTML-escaped. A
// page without a session goes to the sign-in page (with ?expired=1 when the browser's session
// has ended); one the person's roles do not allow is an HTML 403 (router.h).
#pragma once

#include <string_view>

#include "api/router.h"
#include "api/user_languages.h"
#include "api/web_sessions.h"

namespace tally::api {

struct WebPage {
  std::string_view pattern;  // the route
  std::string_view file;     // under api/web/
  Permission permission;
};

// /web/finance needs discrepancy_work: finance and supervisors work the discrepancy queue, a
// cashier does not. /web/accounts (a search) and /web/accounts/{id} are both pages/account.html.
inline constexpr WebPage kWebPages[] = {
    {"/web/", "pages/home.html", Permission::read},
    {"/web/counter", "pages/counter.html", Permission::counter_operate},
    {"/web/supervisor", "pages/supervisor.html", Permission::counter_supervise},
    {"/web/accounts", "pages/account.html", Permission::read},
    {"/web/accounts/{id}", "pages/account.html", Permission::read},
    {"/web/suspense", "pages/suspense.html", Permission::suspense_apply},
    {"/web/files", "pages/files.html", Permission::read},
    {"/web/adjustments", "pages/adjustments.html", Permission::adjust_request},
    {"/web/finance", "pages/finance.html", Permission::discrepancy_work},
};
inline constexpr std::string_view kSignInFile = "pages/signin.html";

struct WebServices {
  WebSessions& sessions;
  const UserLanguages& languages;
  bool secure_cookies = false;  // the server runs TLS: the cookie is Secure
};

// Also makes the router accept the session cookie (Router::accept_sessions). `web`'s objects
// must outlive the router.
void add_web_routes(Router& router, const WebServices& web);

// The text of a page with each {{name}} in `values` replaced; other text, and placeholders
// not in `values`, stay as they are. Values are put in as given: escape them first.
std::string fill_placeholders(
    std::string_view page,
    std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace tally::api
