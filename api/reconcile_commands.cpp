#include "api/reconcile_commands.h"

#include "api/command.h"
#include "api/reconcile_json.h"

namespace tally::api {
namespace {
constexpr std::size_t kMaxWhyBytes = 1000;
}  // namespace

void add_reconcile_commands(Router& router, reconcile::Reconciler& reconciler, Idempotency& idempotency,
                            reconcile::MatchOptions match) {
  router.add(http::verb::post, "/api/v1/reconcile/run", Permission::reconcile_decide,
             command(idempotency, [&reconciler, match](const Request& req, const RouteParams&, const events::Actor&) {
               Fields f(req);
               const auto date_text = f.text("date", 10, false);
               reconcile::RunOptions options;
               options.dry_run = f.flag("dry_run");
               options.match = match;
               if (f.failed()) return f.error(req);
               if (date_text) {
                 options.date = BusinessDate::parse_iso(*date_text);
                 if (!options.date) return bad_field(req, "date", "date must be YYYY-MM-DD");
               }
               if (auto caught = reconciler.catch_up(); !caught.ok()) return error_response(req, caught.error());
               auto report = reconciler.run(options);
               if (!report) return error_response(req, report.error());
               return json_response(req, http::status::ok, run_report_json(*report));
             }));
  for (const bool confirm : {true, false}) {
    router.add(http::verb::post,
               std::string("/api/v1/reconcile/matches/{id}/") + (confirm ? "confirm" : "reject"),
               Permission::reconcile_decide,
               command(idempotency, [&reconciler, confirm](const Request& req, const RouteParams& p,
                                                           const events::Actor& actor) {
                 const auto id = EventId::from_hex(p.path.at("id"));
                 if (!id) return bad_field(req, "id", "a proposal id is 32 hex digits");
                 Fields f(req);
                 const auto why = f.text("why", kMaxWhyBytes, !confirm);
                 if (f.failed()) return f.error(req);
                 const Status done = confirm ? reconciler.confirm(*id, actor) : reconciler.reject(*id, actor, *why);
                 if (!done.ok()) return error_response(req, done.error());
                 return json_response(req, http::status::ok, decision_json(p.path.at("id"), confirm, actor.user));
               }));
  }
}

}  // namespace tally::api
