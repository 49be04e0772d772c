#include "api/web_responses.h"

#include <fmt/format.h>

namespace tally::api {

void set_page_security_headers(Response& response) {
  response.set("Content-Security-Policy", kPageContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  // same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with a form
  // post, and the sign-in's Origin check (web_signin.cpp) must see this site's origin.
  response.set("Referrer-Policy", "same-origin");
  response.set("X-Frame-Options", "DENY");
}

Response html_response(const Request& request, http::status status, std::string body) {
  Response response(status, request.version());
  response.set(http::field::content_type, "text/html; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  set_page_security_headers(response);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response redirect_response(const Request& request, std::string_view location) {
  Response response(http::status::see_other, request.version());
  response.set(http::field::location, location);
  response.set(http::field::cache_control, "no-store");
  set_page_security_headers(response);
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

Response forbidden_page(const Request& request, std::string_view user, Permission permission) {
  // Plain and self-contained: no stylesheet, so it shows even if the assets are missing.
  return html_response(
      request, http::status::forbidden,
      fmt::format(
          "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not "
          "allowed</title>"
          "</head><body><h1>Not allowed</h1><p>{}'s roles do not allow this page (it needs {}).</p>"
          "<p lang=\"es\">Sus funciones no permiten abrir esta página.</p>"
          "<p><a href=\"/web/\">Home</a></p></body></html>\n",
          html_escape(user), permission_name(permission)));
}


}  // namespace tally::api
