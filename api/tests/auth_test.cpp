// Who may call what: tokens, users, and every route checked for every role.
#include <catch2/catch.hpp>

#include <regex>

#include "api/errors.h"
#include "core/errors.h"
#include "api/tests/api_world.h"
#include "api/tokens.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;
namespace http = boost::beast::http;

namespace {

// A concrete target for a pattern: each {name} becomes "x".
std::string target_of(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{[a-z_]+\\}"), "x");
}

}  // namespace

TEST_CASE("tokens: the id is public, the secret is 256 random bits, only the hash matches", "[api][auth]") {
  const IssuedToken a = issue_token(), b = issue_token();
  CHECK(a.token != b.token);
  CHECK(token_id_of(a.token) == a.token_id);
  CHECK(a.token.size() == std::string("tally_").size() + 16 + 1 + 64);
  CHECK(token_matches(a.token, a.hash));
  CHECK_FALSE(token_matches(b.token, a.hash));
  std::string altered = a.token;
  altered.back() = altered.back() == '0' ? '1' : '0';
  CHECK(token_id_of(altered) == a.token_id);
  CHECK_FALSE(token_matches(altered, a.hash));
  CHECK_FALSE(token_id_of("tally_xyz").has_value());
  CHECK_FALSE(token_id_of(a.token + "0").has_value());
}

TEST_CASE("users: add, authenticate, rotate, disable, and names that are refused", "[api][auth]") {
  ApiWorld w;
  Users& users = *w.access().users;
  const events::Actor admin{.user = "ada"};
  auto added = users.add("maria", std::array{Role::billing, Role::cashier}, admin);
  REQUIRE(added.ok());
  const auto who = users.authenticate(added->token);
  REQUIRE(who.has_value());
  CHECK(who->user == "maria");
  CHECK(bits_allow(who->roles, Permission::suspense_apply));
  CHECK_FALSE(bits_allow(who->roles, Permission::users_manage));

  CHECK(users.add("maria", std::array{Role::admin}, admin).error().code == ApiErrc::exists);
  for (const char* bad : {"", "Maria", "ma ria", "-maria", "local:root", "a/b"}) {
    INFO(bad);
    CHECK(users.add(bad, std::array{Role::admin}, admin).error().code == ApiErrc::invalid_argument);
  }
  CHECK(users.add("nobody", std::span<const Role>(), admin).error().code == ApiErrc::invalid_argument);
  CHECK(users.add("eve", std::array{Role::admin}, {.user = ""}).error().code == CoreErrc::invalid_argument);

  auto rotated = users.rotate("maria", admin);
  REQUIRE(rotated.ok());
  CHECK_FALSE(users.authenticate(added->token).has_value());
  CHECK(users.authenticate(rotated->token).has_value());
  REQUIRE(users.disable("maria", admin).ok());
  CHECK_FALSE(users.authenticate(rotated->token).has_value());
  CHECK(users.rotate("nobody", admin).error().code == ApiErrc::not_found);

  // What is stored holds the hash, never the token.
  auto stored = w.access().store->scan("user/maria", 1).value();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].second.find(rotated->token) == std::string::npos);
  CHECK(stored[0].second.find(to_hex(sha256(rotated->token))) != std::string::npos);
}

TEST_CASE("users: a restart authenticates the same tokens from the store", "[api][auth]") {
  ApiWorld w;
  const std::string token = w.token(Role::finance);
  auto reopened = Users::open(*w.access().store, w.node().log());
  REQUIRE(reopened.ok());
  const auto who = (*reopened)->authenticate(token);
  REQUIRE(who.has_value());
  CHECK(who->user == "user-finance");
}

TEST_CASE("every route: no token 401, a bad or disabled token 401, another role 403, its roles pass",
          "[api][auth][roles]") {
  ApiWorld w;
  const auto routes = w.router().routes();
  REQUIRE(routes.size() >= 10);
  const std::string disabled = w.access().users->add("gone", std::array{Role::admin}, {.user = "setup"}).value().token;
  REQUIRE(w.access().users->disable("gone", {.user = "setup"}).ok());
  int key = 0;
  for (const RouteInfo& route : routes) {
    if (!route.permission || route.page) continue;  // pages answer a browser: web_sessions_test.cpp
    const std::string target = target_of(route.pattern);
    INFO(route.pattern << " " << http::to_string(route.method));
    const auto none = w.call(route.method, target, "", "{}", "k" + std::to_string(++key));
    CHECK(none.status == 401);
    CHECK(error_code(none.body) == "unauthenticated");
    const auto forged = w.call(route.method, target, "tally_0000000000000000_" + std::string(64, '0'), "{}",
                               "k" + std::to_string(++key));
    CHECK(forged.status == 401);
    CHECK(error_code(forged.body) == "bad_token");
    const auto off = w.call(route.method, target, disabled, "{}", "k" + std::to_string(++key));
    CHECK(off.status == 401);
    for (Role role : kAllRoles) {
      INFO(role_name(role));
      const auto res = w.call(route.method, target, w.token(role), "{}", "k" + std::to_string(++key));
      if (role_allows(role, *route.permission)) {
        CHECK(res.status != 401);
        CHECK(res.status != 403);
      } else {
        CHECK(res.status == 403);
        CHECK(error_code(res.body) == "forbidden");
      }
    }
  }
}
