#include "api/autopay_generate.h"

#include "api/command.h"
#include "api/errors.h"
#include "ingest/autopay_settlement.h"

namespace tally::api {
namespace {

constexpr std::size_t kDateBytes = 10;  // YYYY-MM-DD

Response generate(node::AutopayDesk& desk, const Request& req, const events::Actor& actor) {
  Fields f(req);
  const auto date_text = f.text("effective_date", kDateBytes, true);
  if (f.failed()) return f.error(req);
  const auto effective = BusinessDate::parse_iso(*date_text);
  if (!effective) return bad_field(req, "effective_date", "effective_date must be YYYY-MM-DD");
  ingest::OriginationRequest request;
  request.effective_date = *effective;
  request.user = actor.user;
  auto generated = desk.generate(request);
  if (!generated) return error_response(req, generated.error());
  return json_response(req, http::status::ok, autopay_json(generated->outcome, *effective, generated->settled));
}

Response settle(node::AutopayDesk& desk, const Request& req, const events::Actor& actor) {
  Fields f(req);
  const auto through_text = f.text("through", kDateBytes, false);
  if (f.failed()) return f.error(req);
  const BusinessDate today = BusinessDate::today_utc();
  const auto through = through_text ? BusinessDate::parse_iso(*through_text) : std::optional(today);
  if (!through) return bad_field(req, "through", "through must be YYYY-MM-DD");
  if (*through > today)
    return bad_field(req, "through", "a run posts on its effective date, not before: through cannot be after today");
  auto settled = desk.settle(*through, actor.user);
  if (!settled) return error_response(req, settled.error());
  return json_response(req, http::status::ok, boost::json::object{{"posted", settled_json(*settled)}});
}

Response runs(node::Node& node, const Request& req) {
  auto all = node.registry().origination_runs();
  if (!all) return error_response(req, all.error());
  boost::json::array out;
  for (const auto& run : *all) {
    auto posted = ingest::run_posted(node.registry(), run);
    if (!posted) return error_response(req, posted.error());
    out.push_back({{"effective_date", BusinessDate::from_days(run.effective_date).to_iso()},
                   {"file", run.file},
                   {"sha256", run.sha256},
                   {"status", *posted ? "posted" : "scheduled"}});
  }
  return json_response(req, http::status::ok, boost::json::object{{"runs", std::move(out)}});
}

}  // namespace

boost::json::array settled_json(const std::vector<ingest::SettledRun>& settled) {
  boost::json::array out;
  for (const auto& s : settled)
    out.push_back({{"effective_date", BusinessDate::from_days(s.run.effective_date).to_iso()},
                   {"file", s.run.file},
                   {"events", s.ingested.events}});
  return out;
}

boost::json::object autopay_json(const ingest::OriginationOutcome& outcome, BusinessDate effective,
                                 const std::vector<ingest::SettledRun>& settled_first) {
  return {{"file", outcome.path},
          {"sha256", outcome.sha256},
          {"effective_date", effective.to_iso()},
          {"entries", outcome.entries},
          {"total_minor", outcome.total_minor},
          {"redeposits", outcome.redeposits},
          {"return_fees", outcome.return_fees},
          {"prenotes", outcome.prenotes},
          {"scheduled", !outcome.path.empty()},
          {"settled_first", settled_json(settled_first)}};
}

void add_autopay_generate_routes(Router& router, node::Node& node, node::AutopayDesk& desk, Idempotency& idempotency) {
  router.add(http::verb::post, "/api/v1/autopay/generate", Permission::autopay_manage,
             command(idempotency, [&desk](const Request& req, const RouteParams&, const events::Actor& actor) {
               return generate(desk, req, actor);
             }));
  router.add(http::verb::post, "/api/v1/autopay/settle", Permission::autopay_manage,
             command(idempotency, [&desk](const Request& req, const RouteParams&, const events::Actor& actor) {
               return settle(desk, req, actor);
             }));
  router.add(http::verb::get, "/api/v1/autopay/runs", Permission::autopay_manage,
             [&node](const Request& req, const RouteParams&) { return runs(node, req); });
}

}  // namespace tally::api
