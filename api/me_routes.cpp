#include "api/me_routes.h"

#include "api/command.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxLanguageBytes = 8;

boost::json::object me_json(const Caller& caller, std::string_view language) {
  boost::json::array roles, permissions;
  for (Role r : roles_of(caller.roles)) roles.emplace_back(role_name(r));
  for (Permission p : kAllPermissions)
    if (bits_allow(caller.roles, p)) permissions.emplace_back(permission_name(p));
  return {{"user", caller.user},
          {"roles", roles},
          {"language", language},
          {"permissions", permissions}};
}

}  // namespace

void add_me_routes(Router& router, UserLanguages& languages, Idempotency& idempotency) {
  router.add(http::verb::get, "/api/v1/me", Permission::read,
             [&languages](const Request& req, const RouteParams& p) {
               auto language = languages.language_of(p.caller.user);
               if (!language) return error_response(req, language.error());
               return json_response(req, http::status::ok, me_json(p.caller, *language));
             });
  router.add(http::verb::post, "/api/v1/me/language", Permission::read,
             command(idempotency, [&languages](const Request& req, const RouteParams& p,
                                               const events::Actor& actor) {
               Fields f(req);
               const auto language = f.text("language", kMaxLanguageBytes, true);
               if (f.failed()) return f.error(req);
               if (!is_supported_language(*language))
                 return bad_field(req, "language", "the language is en or es");
               if (Status set = languages.set(p.caller.user, *language, actor); !set)
                 return error_response(req, set.error());
               return json_response(req, http::status::ok, me_json(p.caller, *language));
             }));
}

}  // namespace tally::api
