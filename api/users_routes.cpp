#include "api/users_routes.h"

#include "api/command.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxRoles = 7;
constexpr std::size_t kMaxRoleBytes = 20;

// A new token is shown once: the kept answer of its command says so instead.
std::string without_token(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return body;
  if (auto* token = v.as_object().if_contains("token")) *token = "(shown once, to the first answer)";
  return boost::json::serialize(v);
}

Response issued(const Request& req, http::status status, const IssuedUser& issued) {
  boost::json::object body = user_json(issued.user);
  body["token"] = issued.token;
  return json_response(req, status, body);
}

}  // namespace

boost::json::object user_json(const UserView& user) {
  boost::json::array roles;
  for (Role r : user.roles) roles.emplace_back(role_name(r));
  return {{"name", user.name},         {"roles", roles},
          {"disabled", user.disabled}, {"token_id", user.token_id},
          {"created_us", user.created_us}, {"changed_us", user.changed_us},
          {"changed_by", user.changed_by}, {"has_password", user.has_password}};
}

void add_user_routes(Router& router, Users& users, Idempotency& idempotency) {
  router.add(http::verb::get, "/api/v1/users", Permission::users_manage, [&users](const Request& req, const RouteParams&) {
    auto all = users.list();
    if (!all) return error_response(req, all.error());
    boost::json::array out;
    for (const UserView& u : *all) out.push_back(user_json(u));
    return json_response(req, http::status::ok, boost::json::object{{"users", out}});
  });
  router.add(http::verb::post, "/api/v1/users", Permission::users_manage, command(idempotency,
      [&users](const Request& req, const RouteParams&, const events::Actor& actor) {
        Fields f(req);
        const auto name = f.text("name", kMaxUserNameBytes, true);
        const auto role_names = f.texts("roles", kMaxRoles, kMaxRoleBytes, true);
        if (f.failed()) return f.error(req);
        std::vector<Role> roles;
        for (const std::string& r : *role_names) {
          const auto role = parse_role(r);
          if (!role)
            return bad_field(req, "roles", "'" + r + "' is not a role: cashier, supervisor, finance, billing, admin, ingest, read-only");
          roles.push_back(*role);
        }
        auto added = users.add(*name, roles, actor);
        if (!added) return error_response(req, added.error());
        return issued(req, http::status::created, *added);
      }, without_token));
  router.add(http::verb::post, "/api/v1/users/{name}/rotate", Permission::users_manage, command(idempotency,
      [&users](const Request& req, const RouteParams& p, const events::Actor& actor) {
        if (Fields f(req); f.failed()) return f.error(req);
        auto rotated = users.rotate(p.path.at("name"), actor);
        if (!rotated) return error_response(req, rotated.error());
        return issued(req, http::status::ok, *rotated);
      }, without_token));
  router.add(http::verb::post, "/api/v1/users/{name}/disable", Permission::users_manage, command(idempotency,
      [&users](const Request& req, const RouteParams& p, const events::Actor& actor) {
        if (Fields f(req); f.failed()) return f.error(req);
        auto disabled = users.disable(p.path.at("name"), actor);
        if (!disabled) return error_response(req, disabled.error());
        return json_response(req, http::status::ok, user_json(*disabled));
      }));
  // The kept answer's fingerprint is of the request as command() sees it: here without the
  // password (a fast unsalted hash of it must never be stored). So the same Idempotency-Key
  // again is the same command whatever password it carries: a new password, a new key.
  router.add(http::verb::post, "/api/v1/users/{name}/password", Permission::users_manage,
      [&users, &idempotency](const Request& req, const RouteParams& p) {
        Fields f(req);
        const auto password = f.text("password", kMaxPasswordBytes, true);
        if (f.failed()) return f.error(req);
        Request kept = req;
        kept.body() = "{}";
        const Handler run = command(idempotency,
            [&users, &password](const Request& r, const RouteParams& rp, const events::Actor& actor) {
              auto changed = users.set_password(rp.path.at("name"), *password, actor);
              if (!changed) return error_response(r, changed.error());
              return json_response(r, http::status::ok, user_json(*changed));
            });
        return run(kept, p);
      });
}

}  // namespace tally::api
