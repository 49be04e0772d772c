// tally reconcile run | explain | confirm | reject | report: match what was deposited to what
// the bank shows, decide the proposals, and print the day's reconciliation reports. With
// `tally serve` running, each goes to it (app/remote.h); either way the answer is the API's
// JSON (or report) and app/reconcile_output.h prints it.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "api/reconcile_json.h"
#include "app/commands.h"
#include "app/reconcile_output.h"
#include "app/remote.h"
#include "node/node.h"
#include "node/reconcile_reports.h"
#include "reconcile/report_render.h"
#include "reconcile/errors.h"
#include "core/log/kafka_log.h"

namespace tally::app {
namespace {

struct ReconcileCliOptions {
  std::string date;
  bool dry_run = false;
  bool json = false;
  std::string match_id;
  std::string user;
  std::string why;
  std::string idempotency_key;
  std::string report;
  std::string account;
  std::string format = "csv";
};

namespace http = boost::beast::http;

// The node with its books posted: a run reads them through the log, and its matches are
// posted before the command returns so `tally ledger balance bank:...` shows them.
Result<std::unique_ptr<node::Node>> open_posted(const Config& config) {
  TALLY_TRY(auto services, node::Node::open(config));
  if (auto posted = services->post_pending(); !posted) return posted.error();
  return services;
}

Result<boost::json::object> run_here(const Config& config, reconcile::RunOptions options) {
  TALLY_TRY(auto services, open_posted(config));
  options.match = services->match_options();
  TALLY_TRY(const reconcile::RunReport report, services->reconciler().run(options));
  if (auto posted = services->post_pending(); !posted) return posted.error();
  // On Kafka a partition whose position the topic cannot honour is not read: the run would
  // match without its items. Say so rather than report a run.
  if (auto* kafka = dynamic_cast<log::KafkaLog*>(&services->log()))
    if (const auto stopped = kafka->status().stopped; !stopped.empty())
      return reconcile::reconcile_error(
          reconcile::ReconcileErrc::invalid_argument,
          fmt::format("{} partition(s) of the log were not read, first {} ({}): {}", stopped.size(),
                      stopped.front().partition.value(), log::stop_reason_name(stopped.front().reason),
                      stopped.front().detail));
  return api::run_report_json(report);
}

int run_run(const GlobalOptions& global, const ReconcileCliOptions& o) {
  reconcile::RunOptions options;
  if (!o.date.empty()) {
    options.date = BusinessDate::parse_iso(o.date);
    if (!options.date) {
      fmt::print(stderr, "tally reconcile run: --date must be YYYY-MM-DD\n");
      return 2;
    }
  }
  options.dry_run = o.dry_run;
  const Config config = resolve_config(global);
  boost::json::object body{{"dry_run", o.dry_run}};
  if (options.date) body["date"] = options.date->to_iso();
  const Reply reply =
      server_running(config)
          ? ask_server(config,
                       {.method = http::verb::post, .target = "/api/v1/reconcile/run", .body = boost::json::serialize(body)},
                       "reconcile run")
          : local_reply(run_here(config, options), "reconcile run");
  return reply.ok() ? print_run(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> explain_here(const Config& config, const EventId& id) {
  TALLY_TRY(auto services, node::Node::open(config));
  reconcile::Reconciler& r = services->reconciler();
  TALLY_TRY_STATUS(r.catch_up());
  TALLY_TRY(const auto match, r.store().match(id));
  if (!match) return reconcile::reconcile_error(reconcile::ReconcileErrc::not_found, "no such match");
  return api::match_json(*match, r.store());
}

int run_explain(const GlobalOptions& global, const ReconcileCliOptions& o) {
  const auto id = EventId::from_hex(o.match_id);
  if (!id) {
    fmt::print(stderr, "tally reconcile explain: MATCH_ID must be 32 hex digits\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const Reply reply = server_running(config)
                          ? ask_server(config, {.target = "/api/v1/reconcile/matches/" + id->to_hex()}, "reconcile explain")
                          : local_reply(explain_here(config, *id), "reconcile explain");
  return reply.ok() ? print_explain(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> decide_here(const Config& config, const ReconcileCliOptions& o, const EventId& id,
                                       bool confirm) {
  TALLY_TRY(auto services, open_posted(config));
  const reconcile::Actor actor{.user = o.user, .idempotency_key = o.idempotency_key};
  TALLY_TRY_STATUS(confirm ? services->reconciler().confirm(id, actor) : services->reconciler().reject(id, actor, o.why));
  if (auto posted = services->post_pending(); !posted) return posted.error();
  return api::decision_json(o.match_id, confirm, o.user);
}

int run_decision(const GlobalOptions& global, const ReconcileCliOptions& o, bool confirm) {
  const auto id = EventId::from_hex(o.match_id);
  if (!id) {
    fmt::print(stderr, "tally reconcile: PROPOSAL_ID must be 32 hex digits\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const RemoteCall call{.method = http::verb::post,
                        .target = fmt::format("/api/v1/reconcile/matches/{}/{}", id->to_hex(), confirm ? "confirm" : "reject"),
                        .body = confirm ? "{}" : boost::json::serialize(boost::json::object{{"why", o.why}}),
                        .user = o.user,
                        .idempotency_key = o.idempotency_key};
  const Reply reply = server_running(config) ? ask_server(config, call, "reconcile")
                                             : local_reply(decide_here(config, o, *id, confirm), "reconcile");
  return reply.ok() ? print_decision(reply.json.as_object()) : reply.exit_code;
}

Result<std::string> report_here(const Config& config, node::ReportKind kind, BusinessDate date,
                                const std::string& account, reconcile::ReportFormat format) {
  TALLY_TRY(auto services, open_posted(config));
  TALLY_TRY_STATUS(services->reconciler().catch_up());
  TALLY_TRY(const auto report, node::reconcile_report(services->ledger(), services->reconciler().store(), kind, date, account));
  return reconcile::render(report, format);
}

int run_report(const GlobalOptions& global, const ReconcileCliOptions& o) {
  const auto kind = node::parse_report_kind(o.report);
  const auto format = reconcile::parse_report_format(o.format);
  const auto date = o.date.empty() ? std::optional(BusinessDate::today_utc()) : BusinessDate::parse_iso(o.date);
  if (!kind || !format || !date) {
    fmt::print(stderr, "tally reconcile report: {}\n",
               !kind ? "REPORT is statement, deposits or outstanding"
                     : !format ? "--format is csv, html or json" : "--date must be YYYY-MM-DD");
    return 2;
  }
  const Config config = resolve_config(global);
  const std::string target = fmt::format("/api/v1/reconcile/reports/{}?date={}&format={}&account={}", o.report,
                                         date->to_iso(), url_encoded(o.format), url_encoded(o.account));
  const Reply reply = server_running(config) ? ask_server(config, {.target = target}, "reconcile report")
                                             : local_text_reply(report_here(config, *kind, *date, o.account, *format),
                                                                "reconcile report");
  if (!reply.ok()) return reply.exit_code;
  std::fputs(reply.body.c_str(), stdout);
  return 0;
}

}  // namespace

void register_reconcile(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "reconcile", "Match declared deposits and returns to the bank's statement lines, and raise what does not match.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<ReconcileCliOptions>();
  CLI::App* run = cmd->add_subcommand("run", "Reconcile what the log holds, as of a business date.");
  run->add_option("--date", o->date, "business date YYYY-MM-DD (default: the latest date on a bank statement)");
  run->add_flag("--dry-run", o->dry_run, "decide and report, record nothing");
  run->add_flag("--json", o->json, "JSON on stdout");
  run->callback([&global, o] { exit_code = run_run(global, *o); });

  CLI::App* explain = cmd->add_subcommand("explain", "Why a match was made: its rule and what each criterion saw.");
  explain->add_option("MATCH_ID", o->match_id, "the match id (32 hex digits)")->required();
  explain->add_flag("--json", o->json, "JSON on stdout");
  explain->callback([&global, o] { exit_code = run_explain(global, *o); });

  for (const bool confirm : {true, false}) {
    CLI::App* decide = cmd->add_subcommand(confirm ? "confirm" : "reject",
                                           confirm ? "Confirm a proposed match: its money moves to the bank."
                                                   : "Reject a proposed match: its items are open again.");
    decide->add_option("PROPOSAL_ID", o->match_id, "the proposal's match id")->required();
    decide->add_option("--user", o->user, "who decides (recorded)")->required();
    decide->add_option("--idempotency-key", o->idempotency_key, "repeating the command with the same key does it once");
    if (!confirm) decide->add_option("--why", o->why, "why it is not a match (recorded)")->required();
    decide->callback([&global, o, confirm] { exit_code = run_decision(global, *o, confirm); });
  }

  CLI::App* report = cmd->add_subcommand(
      "report", "A day's report on stdout: statement (the bank reconciliation statement), deposits (the\n"
                "daily deposit report by channel) or outstanding (open items by age).");
  report->add_option("REPORT", o->report, "statement, deposits or outstanding")->required();
  report->add_option("--date", o->date, "business date YYYY-MM-DD (default: today)");
  report->add_option("--account", o->account, "statement: the bank account's last four (default: the only one)");
  report->add_option("--format", o->format, "csv (default), html or json");
  report->callback([&global, o] { exit_code = run_report(global, *o); });
}

}  // namespace tally::app
