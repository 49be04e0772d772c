#include "api/backup_routes.h"

#include <mutex>

#include <spdlog/spdlog.h>

#include "api/command.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxPathBytes = 4096;

}  // namespace

boost::json::object backup_json(const node::BackupOutcome& outcome) {
  boost::json::array databases;
  for (const auto& d : outcome.databases)
    databases.push_back({{"name", d.name}, {"backup_id", d.backup_id}, {"bytes", d.bytes}});
  return {{"dir", outcome.dir},
          {"databases", std::move(databases)},
          {"files_copied", outcome.files_copied},
          {"manifest_files", outcome.manifest_files},
          {"keys_included", false}};
}

void add_backup_route(Router& router, const ApiServices& s) {
  auto one_at_a_time = std::make_shared<std::mutex>();
  router.add(http::verb::post, "/api/v1/backup", Permission::users_manage,
             command(*s.access.idempotency, [&access = s.access, &node = s.node, one_at_a_time](
                                                 const Request& req, const RouteParams&, const events::Actor& actor) {
               Fields f(req);
               const auto dir = f.text("dir", kMaxPathBytes, true);
               if (f.failed()) return f.error(req);
               if (dir->empty() || dir->front() != '/')
                 return bad_field(req, "dir", "dir must be an absolute folder on the server's machine");
               std::lock_guard lock(*one_at_a_time);
               std::vector<node::NamedDatabase> databases{{"api", &access.store->database()}};
               for (const auto& d : node::node_databases(node)) databases.push_back(d);
               auto done = node::backup(databases, node.config(), *dir);
               if (!done) return error_response(req, done.error());
               spdlog::info("backup into {} by {}", *dir, actor.user);
               return json_response(req, http::status::ok, backup_json(*done));
             }));
}

}  // namespace tally::api
