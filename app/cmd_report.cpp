// tally report NAME [--from D] [--to D] [--format csv|html|json] [--out FILE] [--user NAME]:
// the office's reports of a business date or a range, read from the books
// (node/period_reports.h, docs/reports.md). With `tally serve` running, the server answers
// (GET /api/v1/reports/{name}).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "app/commands.h"
#include "app/remote.h"
#include "core/errors.h"
#include "node/node.h"
#include "node/period_reports.h"
#include "reconcile/report_render.h"

namespace tally::app {
namespace {

struct ReportOptions {
  std::string name, from, to, format = "csv", out, user;
};

std::string os_user() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr)
    return pw->pw_name;
  return "unknown";
}

Result<std::string> report_here(const Config& config, node::PeriodReportKind kind,
                                const node::ReportPeriod& period, reconcile::ReportFormat format) {
  const auto currency = Currency::from_code(config.currency);
  if (!currency)
    return core_error(CoreErrc::bad_config, fmt::format("unknown currency {}", config.currency));
  TALLY_TRY(auto node, node::Node::open(config));
  if (node->posts_here()) TALLY_TRY_STATUS(node->post_pending());
  const node::ReportSources sources{node->ledger(),          node->log(), node->registry(),
                                    config.quarantine_dir(), *currency,   node->posts_here()};
  TALLY_TRY(reconcile::Report report, node::period_report(sources, kind, period));
  return reconcile::render(report, format);
}

int run_report(const GlobalOptions& global, const ReportOptions& o) {
  const auto kind = node::parse_period_report(o.name);
  if (!kind) {
    fmt::print(stderr, "tally report: no report \"{}\"; the reports are {}\n", o.name,
               node::kPeriodReportNames);
    return 2;
  }
  const auto to =
      o.to.empty() ? std::optional(BusinessDate::today_utc()) : BusinessDate::parse_iso(o.to);
  const auto from = o.from.empty() ? to : BusinessDate::parse_iso(o.from);
  if (!from || !to) {
    fmt::print(stderr, "tally report: --from and --to must be YYYY-MM-DD\n");
    return 2;
  }
  if (*from > *to) {
    fmt::print(stderr, "tally report: --from {} is after --to {}\n", from->to_iso(), to->to_iso());
    return 2;
  }
  const auto format = reconcile::parse_report_format(o.format);
  if (!format) {
    fmt::print(stderr, "tally report: --format is csv, html or json\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const std::string user = o.user.empty() ? os_user() : o.user;
  spdlog::info("report: {} ran {} from {} to {}", user, o.name, from->to_iso(), to->to_iso());
  const Reply reply =
      server_running(config)
          ? ask_server(config,
                       {.target = fmt::format("/api/v1/reports/{}?from={}&to={}&format={}", o.name,
                                              from->to_iso(), to->to_iso(), o.format),
                        .user = user},
                       "report")
          : local_text_reply(report_here(config, *kind, {*from, *to}, *format), "report");
  if (!reply.ok()) return reply.exit_code;
  return print_or_write(reply, o.out, "report");
}

}  // namespace

void register_report(CLI::App& app, GlobalOptions& global) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "A report of a business date or a range, from the books: payments (by channel and day),\n"
      "returns (and chargebacks, by reason code), nsf-fees, autopay (enrolments, removals,\n"
      "notices of change), suspense (aging as of --to), files (received, accepted, refused),\n"
      "trial-balance (as of --to). CSV unless --format says otherwise.");
  cmd->add_option("NAME", o->name,
                  "payments, returns, nsf-fees, autopay, suspense, files or trial-balance")
      ->required();
  cmd->add_option("--from", o->from, "the first business date YYYY-MM-DD (default: --to)");
  cmd->add_option("--to", o->to, "the last business date YYYY-MM-DD (default: today)");
  cmd->add_option("--format", o->format, "csv (default), html (a page to print) or json");
  cmd->add_option("--out", o->out, "write the report to this file (default: stdout)");
  cmd->add_option("--user", o->user, "who runs the report (logged; default: the login name)");
  cmd->callback([&global, o] { exit_code = run_report(global, *o); });
}

}  // namespace tally::app
