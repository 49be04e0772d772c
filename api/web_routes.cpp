#include "api/web_routes.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/web_assets.h"
#include "api/web_responses.h"
#include "api/web_signin.h"

namespace tally::api {
namespace {

// Scripts and styles are revalidated on each load (a 304 on the office network), so a page
// never runs with the script of another version after an upgrade.
constexpr std::string_view kAssetCacheControl = "no-cache";

Response missing_page(const Request& req, std::string_view file) {
  return html_response(
      req, http::status::internal_server_error,
      fmt::format(
          "<!doctype html>\n<title>Missing page</title><p>This build of Tally has no {}.</p>\n",
          html_escape(file)));
}

Response page(const Request& req, const RouteParams& p, std::string_view file,
              const UserLanguages& languages) {
  const WebAsset* asset = find_web_asset(file);
  if (asset == nullptr) return missing_page(req, file);
  // The page still shows when the store cannot be read, in the default language.
  const auto language = languages.language_of(p.caller.user);
  const std::string lang = language ? *language : std::string(kDefaultLanguage);
  const std::string csrf = html_escape(p.caller.csrf_token);
  return html_response(
      req, http::status::ok,
      fill_placeholders(asset->bytes, {{"csrf", csrf}, {"lang", html_escape(lang)}}));
}

bool safe_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      return false;
  return true;
}

Response static_file(const Request& req, const RouteParams& p) {
  const std::string& name = p.path.at("file");
  const WebAsset* asset = safe_file_name(name) ? find_web_asset("static/" + name) : nullptr;
  if (asset == nullptr)
    return error_response(req, http::status::not_found, "not_found", "no such file");
  Response response(http::status::ok, req.version());
  response.set(http::field::cache_control, kAssetCacheControl);
  response.set(http::field::etag, asset->etag);
  set_page_security_headers(response);
  response.keep_alive(req.keep_alive());
  if (const auto seen = req.find(http::field::if_none_match);
      seen != req.end() && seen->value() == asset->etag) {
    response.result(http::status::not_modified);
    response.prepare_payload();
    return response;
  }
  response.set(http::field::content_type, web_content_type(name));
  response.body() = std::string(asset->bytes);
  response.prepare_payload();
  return response;
}

}  // namespace

std::string fill_placeholders(
    std::string_view page,
    std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(page.size() + 64);
  std::size_t at = 0;
  while (at < page.size()) {
    const std::size_t open = page.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = page.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = page.substr(open + 2, close - open - 2);
    const auto value =
        std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
    out.append(page.substr(at, open - at));
    if (value != values.end()) {
      out.append(value->second);
      at = close + 2;
    } else {  // not ours (a script's own braces): keep the "{{" and read on after it
      out.append("{{");
      at = open + 2;
    }
  }
  out.append(page.substr(at));
  return out;
}

void add_web_routes(Router& router, const WebServices& web) {
  router.accept_sessions(&web.sessions);
  router.add(http::verb::get, "/", kPublic, [](const Request& req, const RouteParams&) {
    return redirect_response(req, "/web/");
  });
  router.add(http::verb::get, "/web/static/{file}", kPublic, static_file);
  add_signin_routes(router, web);
  const UserLanguages& languages = web.languages;
  for (const WebPage& p : kWebPages)
    router.add_page(std::string(p.pattern), p.permission,
                    [&languages, file = p.file](const Request& req, const RouteParams& params) {
                      return page(req, params, file, languages);
                    });
}

}  // namespace tally::api
