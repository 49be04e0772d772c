// tally reconcile run | explain | confirm | reject | report: match what was deposited to what
// the bank shows, decide the proposals, and print the day's reconciliation reports.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "api/reconcile_json.h"
#include "app/commands.h"
#include "core/events/codec.h"
#include "node/node.h"
#include "node/reconcile_reports.h"
#include "reconcile/decide.h"
#include "reconcile/report_render.h"
#include "reconcile/errors.h"
#include "reconcile/explain.h"

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

int fail(std::string_view what) {
  fmt::print(stderr, "tally reconcile: {}\n", what);
  return 1;
}

// The node with its books posted: a run reads them through the log, and its matches are
// posted before the command returns so `tally ledger balance bank:...` shows them.
Result<std::unique_ptr<node::Node>> open_posted(const GlobalOptions& global) {
  TALLY_TRY(auto services, node::Node::open(resolve_config(global)));
  if (auto posted = services->post_pending(); !posted) return posted.error();
  return services;
}

void print_report(const reconcile::RunReport& r) {
  fmt::print("reconciled {}: {} expected and {} bank items were open\n", r.date.to_iso(), r.open_expected,
             r.open_bank);
  fmt::print("  {} matched, {} proposed for a person to confirm\n", r.confirmed, r.proposed);
  for (const auto& [rule, n] : r.by_rule) fmt::print("    {:<14} {}\n", rule, n);
  if (r.raised.empty()) fmt::print("  no new discrepancies\n");
  for (const auto& [kind, n] : r.raised) fmt::print("  raised {} {}\n", n, kind);
  if (r.answered > 0) fmt::print("  {} earlier discrepancies answered by a match\n", r.answered);
  if (r.books_entries > 0) fmt::print("  {} opening balance(s) booked from the bank's statement\n", r.books_entries);
  if (r.seen_again > 0)
    fmt::print("  {} deposit(s) or bank line(s) arrived again (a re-sent file) and were ignored\n", r.seen_again);
  if (!r.published && !r.decided.empty()) fmt::print("  dry run: nothing was recorded\n");
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
  auto services = open_posted(global);
  if (!services) return fail(services.error().describe());
  options.match = (*services)->match_options();
  auto report = (*services)->reconciler().run(options);
  if (!report) return fail(report.error().describe());
  if (auto posted = (*services)->post_pending(); !posted) return fail(posted.error().describe());
  if (o.json) {
    std::puts(boost::json::serialize(api::run_report_json(*report)).c_str());
    return 0;
  }
  print_report(*report);
  return 0;
}

int run_explain(const GlobalOptions& global, const ReconcileCliOptions& o) {
  const auto id = EventId::from_hex(o.match_id);
  if (!id) {
    fmt::print(stderr, "tally reconcile explain: MATCH_ID must be 32 hex digits\n");
    return 2;
  }
  auto services = node::Node::open(resolve_config(global));
  if (!services) return fail(services.error().describe());
  reconcile::Reconciler& r = (*services)->reconciler();
  if (auto caught_up = r.catch_up(); !caught_up.ok()) return fail(caught_up.error().describe());
  auto match = r.store().match(*id);
  if (!match) return fail(match.error().describe());
  if (!*match) return fail("no match " + o.match_id);
  const boost::json::object out = api::match_json(**match, r.store());
  if (o.json) {
    std::puts(boost::json::serialize(out).c_str());
    return 0;
  }
  const auto& m = (*match)->match;
  fmt::print("match {} ({}), {} on {}\n", o.match_id, events::ReconcileMatched::Status_Name(m.status()),
             events::ReconcileMatched::Rule_Name(m.rule()), (*match)->date.to_iso());
  fmt::print("  {}\n", reconcile::explanation_of(m));
  for (const auto& c : reconcile::criteria_of(m))
    fmt::print("  {} {:<13} expected {:<40} saw {}\n", c.met ? "ok " : "NOT", c.name, c.expected, c.observed);
  for (const char* side : {"expected", "bank_lines"})
    for (const auto& item : out.at(side).as_array())
      fmt::print("  {:<10} {}\n", side == std::string_view("expected") ? "expected" : "bank",
                 boost::json::serialize(item));
  for (const auto& s : m.settled())
    fmt::print("  settles {} {} on {}\n", reconcile::money_text(s.amount().minor(), s.amount().currency()),
               s.amount().minor() > 0 ? "from transit to the bank" : "from the bank back to clearing", s.channel());
  if (!m.decided_by().empty()) fmt::print("  decided by {}\n", m.decided_by());
  return 0;
}

int run_decision(const GlobalOptions& global, const ReconcileCliOptions& o, bool confirm) {
  const auto id = EventId::from_hex(o.match_id);
  if (!id) {
    fmt::print(stderr, "tally reconcile: PROPOSAL_ID must be 32 hex digits\n");
    return 2;
  }
  auto services = open_posted(global);
  if (!services) return fail(services.error().describe());
  const reconcile::Actor actor{.user = o.user, .idempotency_key = o.idempotency_key};
  Status done = confirm ? (*services)->reconciler().confirm(*id, actor)
                        : (*services)->reconciler().reject(*id, actor, o.why);
  if (!done.ok() && done.error().code == reconcile::ReconcileErrc::invalid_argument) {
    fmt::print(stderr, "tally reconcile: {}\n", done.error().describe());
    return 2;
  }
  if (!done.ok()) return fail(done.error().describe());
  if (auto posted = (*services)->post_pending(); !posted) return fail(posted.error().describe());
  fmt::print("{} proposal {} (by {})\n", confirm ? "confirmed" : "rejected", o.match_id, o.user);
  return 0;
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
  auto services = open_posted(global);
  if (!services) return fail(services.error().describe());
  if (auto caught_up = (*services)->reconciler().catch_up(); !caught_up.ok()) return fail(caught_up.error().describe());
  auto report = node::reconcile_report((*services)->ledger(), (*services)->reconciler().store(), *kind, *date, o.account);
  if (!report) return fail(report.error().describe());
  std::fputs(reconcile::render(*report, *format).c_str(), stdout);
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
