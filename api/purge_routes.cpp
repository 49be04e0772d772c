#include "api/purge_routes.h"

#include <mutex>

#include <spdlog/spdlog.h>

#include "api/command.h"

namespace tally::api {
namespace {

constexpr std::size_t kDateBytes = 10;

}  // namespace

boost::json::object purge_json(const ingest::PurgeOutcome& outcome) {
  boost::json::array files;
  for (const auto& f : outcome.removed)
    files.push_back({{"sha256", f.sha256}, {"path", f.path}, {"bytes", f.bytes}, {"received", f.received.to_iso()}});
  boost::json::array problems;
  for (const auto& p : outcome.problems) problems.push_back(boost::json::string(p));
  return {{"before", outcome.before.to_iso()}, {"dry_run", outcome.dry_run}, {"files", std::move(files)},
          {"bytes", outcome.bytes},            {"events", outcome.events},   {"problems", std::move(problems)}};
}

void add_purge_route(Router& router, const ApiServices& s) {
  auto one_at_a_time = std::make_shared<std::mutex>();
  router.add(http::verb::post, "/api/v1/files/purge", Permission::users_manage,
             command(*s.access.idempotency, [&node = s.node, &log = s.log, one_at_a_time](
                                                 const Request& req, const RouteParams&, const events::Actor& actor) {
               Fields f(req);
               const auto before_text = f.text("before", kDateBytes, true);
               const bool dry_run = f.flag("dry_run");
               if (f.failed()) return f.error(req);
               const auto before = BusinessDate::parse_iso(*before_text);
               if (!before) return bad_field(req, "before", "before is a date, YYYY-MM-DD");
               std::lock_guard lock(*one_at_a_time);
               auto done = ingest::purge_kept_files(node.config(), log, actor, *before, dry_run);
               if (!done) return error_response(req, done.error());
               if (!dry_run)
                 spdlog::info("files purge before {} by {}: {} kept copies removed", before->to_iso(), actor.user,
                              done->removed.size());
               return json_response(req, http::status::ok, purge_json(*done));
             }));
}

}  // namespace tally::api
