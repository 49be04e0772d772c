// tally users add NAME --role R... | list | disable NAME | rotate NAME | password NAME: who may
// use the HTTP API. add and rotate print the new bearer token once; only its hash is kept.
// password reads the web pages' password from stdin (one line; never from the command line,
// where other users of the machine see it in the process list) and keeps only its scrypt
// hash. With `tally serve` running, the command goes to it (app/remote.h).
#include <boost/json.hpp>
#include <fmt/format.h>

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>

#include "api/access_store.h"
#include "api/errors.h"
#include "api/users.h"
#include "api/users_routes.h"
#include "app/commands.h"
#include "app/remote.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct UsersOptions {
  std::string name;
  std::vector<std::string> roles;
  std::string by;
  bool json = false;
  std::string password{};  // read from stdin, for `password` only
};

int fail(std::string_view what) {
  fmt::print(stderr, "tally users: {}\n", what);
  return 1;
}

std::string os_user() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(::geteuid());
}

std::string who(const UsersOptions& o) { return o.by.empty() ? "local:" + os_user() : o.by; }

void print_user(const boost::json::object& u) {
  std::string roles;
  for (const auto& r : u.at("roles").as_array()) roles += (roles.empty() ? "" : ",") + std::string(r.as_string());
  fmt::print("{:<24} {:<36} {:<9} token {}\n", std::string(u.at("name").as_string()), roles,
             u.at("disabled").as_bool() ? "disabled" : "enabled", std::string(u.at("token_id").as_string()));
}

int print_answer(const boost::json::object& body, const UsersOptions& o) {
  if (o.json) {
    std::puts(boost::json::serialize(body).c_str());
    return 0;
  }
  if (const auto* users = body.if_contains("users")) {
    if (users->as_array().empty()) fmt::print("no users: add one with `tally users add NAME --role admin`\n");
    for (const auto& u : users->as_array()) print_user(u.as_object());
    return 0;
  }
  print_user(body);
  if (o.password.size() > 0)
    fmt::print("password set for {} by {}\n", std::string(body.at("name").as_string()),
               std::string(body.at("changed_by").as_string()));
  if (const auto* token = body.if_contains("token"))
    fmt::print("token (shown once; keep it secret): {}\n", std::string(token->as_string()));
  return 0;
}

enum class Change { add, list, disable, rotate, password };

// One line of stdin, without its line end. On a terminal it asks on stderr and does not echo.
std::optional<std::string> read_password_line() {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    fmt::print(stderr, "new password (at least {} characters): ", api::kMinPasswordChars);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fmt::print(stderr, "\n");
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int run_remote(const Config& config, Change change, const UsersOptions& o) {
  RemoteCall call;
  call.user = who(o);
  if (change == Change::list) {
    call.target = "/api/v1/users";
  } else if (change == Change::add) {
    call.method = boost::beast::http::verb::post;
    call.target = "/api/v1/users";
    boost::json::array roles;
    for (const auto& r : o.roles) roles.emplace_back(r);
    call.body = boost::json::serialize(boost::json::object{{"name", o.name}, {"roles", roles}});
  } else if (change == Change::password) {
    call.method = boost::beast::http::verb::post;
    call.target = fmt::format("/api/v1/users/{}/password", o.name);
    call.body = boost::json::serialize(boost::json::object{{"password", o.password}});
  } else {
    call.method = boost::beast::http::verb::post;
    call.target = fmt::format("/api/v1/users/{}/{}", o.name, change == Change::rotate ? "rotate" : "disable");
  }
  auto answer = call_server(config, call);
  if (!answer) return fail(answer.error().describe());
  if (!answer->ok()) return exit_code_for(*answer, "users");
  return print_answer(answer->json.as_object(), o);
}

int run(const GlobalOptions& global, Change change, const UsersOptions& o) {
  const Config config = resolve_config(global);
  if (server_running(config)) return run_remote(config, change, o);
  std::vector<api::Role> roles;
  for (const auto& r : o.roles) {
    const auto role = api::parse_role(r);
    if (!role) {
      fmt::print(stderr, "tally users: '{}' is not a role: cashier, supervisor, finance, billing, admin, ingest, read-only\n", r);
      return 2;
    }
    roles.push_back(*role);
  }
  auto node = node::Node::open(config);
  if (!node) return fail(node.error().describe());
  auto store = api::AccessStore::open(config.api_dir());
  if (!store) return fail(store.error().describe());
  auto users = api::Users::open(**store, (*node)->log());
  if (!users) return fail(users.error().describe());
  const events::Actor actor{.user = who(o)};
  Result<boost::json::object> body = [&]() -> Result<boost::json::object> {
    switch (change) {
      case Change::list: {
        TALLY_TRY(auto all, (*users)->list());
        boost::json::array out;
        for (const auto& u : all) out.push_back(api::user_json(u));
        return boost::json::object{{"users", out}};
      }
      case Change::add:
      case Change::rotate: {
        TALLY_TRY(auto issued, change == Change::add ? (*users)->add(o.name, roles, actor) : (*users)->rotate(o.name, actor));
        boost::json::object out = api::user_json(issued.user);
        out["token"] = issued.token;
        return out;
      }
      case Change::disable: {
        TALLY_TRY(auto disabled, (*users)->disable(o.name, actor));
        return api::user_json(disabled);
      }
      case Change::password: {
        TALLY_TRY(auto set, (*users)->set_password(o.name, o.password, actor));
        return api::user_json(set);
      }
    }
    return boost::json::object{};
  }();
  if (!body) {
    fmt::print(stderr, "tally users: {}\n", body.error().describe());
    return body.error().code == api::ApiErrc::invalid_argument ? 2 : 1;
  }
  if (auto posted = (*node)->post_pending(); !posted) return fail(posted.error().describe());
  return print_answer(*body, o);
}

}  // namespace

void register_users(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("users", "Who may use the HTTP API, with which roles, and their tokens.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<UsersOptions>();
  const auto by = [&](CLI::App* sub) {
    sub->add_option("--by", o->by, "who makes the change (recorded; default local:<your login>)");
    sub->add_flag("--json", o->json, "JSON on stdout");
  };
  CLI::App* add = cmd->add_subcommand("add", "Add a user and print their bearer token (once).");
  add->add_option("NAME", o->name, "a-z 0-9 . _ - (up to 64)")->required();
  add->add_option("--role", o->roles, "cashier, supervisor, finance, billing, admin, ingest or read-only (repeatable)")
      ->required();
  by(add);
  add->callback([&global, o] { exit_code = run(global, Change::add, *o); });
  CLI::App* list = cmd->add_subcommand("list", "Every user with their roles and token id.");
  list->add_flag("--json", o->json, "JSON on stdout");
  list->callback([&global, o] { exit_code = run(global, Change::list, *o); });
  CLI::App* disable = cmd->add_subcommand("disable", "Stop a user's token working.");
  disable->add_option("NAME", o->name, "the user")->required();
  by(disable);
  disable->callback([&global, o] { exit_code = run(global, Change::disable, *o); });
  CLI::App* rotate = cmd->add_subcommand("rotate", "Give a user a new token (printed once); the old one stops working.");
  rotate->add_option("NAME", o->name, "the user")->required();
  by(rotate);
  rotate->callback([&global, o] { exit_code = run(global, Change::rotate, *o); });
  CLI::App* password = cmd->add_subcommand(
      "password", "Set a user's password for the web pages, read as one line from stdin.");
  password->add_option("NAME", o->name, "the user")->required();
  by(password);
  password->callback([&global, o] {
    std::optional<std::string> typed = read_password_line();
    if (!typed || typed->empty()) {
      fmt::print(stderr, "tally users: no password on stdin (one line, at least {} characters)\n",
                 api::kMinPasswordChars);
      exit_code = 2;
      return;
    }
    o->password = std::move(*typed);
    exit_code = run(global, Change::password, *o);
  });
}

}  // namespace tally::app
