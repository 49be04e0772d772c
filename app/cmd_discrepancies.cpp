// tally discrepancies list | ack | resolve | reopen: the one queue of what did not reconcile
// or reach the books, and who worked it. With `tally serve` running, each goes to it
// (app/remote.h); either way the answer is the API's JSON and app/discrepancy_output.h prints it.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "api/discrepancy_commands.h"
#include "api/reconcile_json.h"
#include "app/commands.h"
#include "app/discrepancy_output.h"
#include "app/remote.h"
#include "core/clock.h"
#include "core/money.h"
#include "node/discrepancy_list.h"
#include "node/node.h"
#include "reconcile/decide.h"
#include "reconcile/errors.h"

namespace tally::app {
namespace {

struct DiscrepancyCliOptions {
  std::size_t limit = 100;
  bool json = false;
  std::string status;
  std::string id;
  std::string user;
  std::string note;
  std::string reason;
  std::string idempotency_key;
  // A resolution that moves money.
  std::string amount;
  std::string debit;
  std::string credit;
  std::string approver;
};

std::optional<reconcile::DiscrepancyStatus> parse_status(std::string_view s) {
  for (auto status : {reconcile::DiscrepancyStatus::open, reconcile::DiscrepancyStatus::acknowledged,
                      reconcile::DiscrepancyStatus::resolved})
    if (reconcile::status_name(status) == s) return status;
  return std::nullopt;
}

Result<std::unique_ptr<node::Node>> open_current(const Config& config) {
  TALLY_TRY(auto services, node::Node::open(config));
  if (!services->posts_here())
    return reconcile::reconcile_error(reconcile::ReconcileErrc::invalid_argument,
                                      "the CLI reads the embedded ledger; on Kafka, ask a ledger process's API");
  if (auto posted = services->post_pending(); !posted) return posted.error();
  TALLY_TRY_STATUS(services->reconciler().catch_up());
  return services;
}

Result<boost::json::object> list_here(const Config& config, const node::DiscrepancyFilter& filter) {
  TALLY_TRY(auto services, open_current(config));
  TALLY_TRY(const auto items, node::list_discrepancies(services->ledger(), services->reconciler().store(), filter));
  const std::int64_t now = now_us();
  boost::json::array out;
  for (const auto& d : items) out.push_back(api::discrepancy_json(d, now));
  return boost::json::object{{"discrepancies", out}};
}

int run_list(const GlobalOptions& global, const DiscrepancyCliOptions& o) {
  node::DiscrepancyFilter filter;
  filter.limit = o.limit;
  if (!o.status.empty()) {
    filter.status = parse_status(o.status);
    if (!filter.status) {
      fmt::print(stderr, "tally discrepancies list: --status is open, acknowledged or resolved\n");
      return 2;
    }
  }
  const Config config = resolve_config(global);
  std::string target = fmt::format("/api/v1/discrepancies?limit={}", o.limit);
  if (filter.status) target += "&status=" + o.status;
  const Reply reply = server_running(config) ? ask_server(config, {.target = target}, "discrepancies list")
                                             : local_reply(list_here(config, filter), "discrepancies list");
  return reply.ok() ? print_discrepancies(reply.json.as_object(), o.status, o.json) : reply.exit_code;
}

// The books entry a resolution asks for: --amount with --debit, --credit and --approver.
Result<std::optional<events::BooksEntryPosted>> entry_of(const DiscrepancyCliOptions& o, const Config& config) {
  if (o.amount.empty()) return std::optional<events::BooksEntryPosted>();
  const auto currency = Currency::from_code(config.currency);
  if (!currency) return reconcile::reconcile_error(reconcile::ReconcileErrc::invalid_argument, "unknown currency");
  TALLY_TRY(Money amount, Money::parse(o.amount, *currency));
  if (amount.minor() <= 0 || o.debit.empty() || o.credit.empty())
    return reconcile::reconcile_error(reconcile::ReconcileErrc::invalid_argument,
                                      "a resolution that moves money gives a positive --amount, --debit and --credit");
  events::BooksEntryPosted entry;
  entry.set_debit_account(o.debit);
  entry.set_credit_account(o.credit);
  entry.mutable_amount()->set_minor(amount.minor());
  entry.mutable_amount()->set_currency(std::string(currency->code()));
  entry.set_reason(o.note.empty() ? "resolution of " + o.id : o.note);
  entry.set_approver(o.approver);
  return std::optional<events::BooksEntryPosted>(std::move(entry));
}

Result<boost::json::object> step_here(const Config& config, const DiscrepancyCliOptions& o, node::Step step) {
  reconcile::Resolution resolution{o.reason, o.note, std::nullopt};
  TALLY_TRY(resolution.entry, entry_of(o, config));
  TALLY_TRY(auto services, open_current(config));
  TALLY_TRY_STATUS(node::step_discrepancy(services->ledger(), services->reconciler(), step, o.id,
                                          {.user = o.user, .idempotency_key = o.idempotency_key}, resolution));
  if (auto posted = services->post_pending(); !posted) return posted.error();
  return api::step_json(o.id, step, o.user, resolution);
}

// The body of the step's route (api/discrepancy_commands.h): what was given, nothing more.
std::string step_body(const DiscrepancyCliOptions& o, node::Step step) {
  boost::json::object body;
  const auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) body[name] = value;
  };
  add(step == node::Step::reopen ? "why" : "note", o.note);
  if (step == node::Step::resolve) {
    add("reason", o.reason);
    add("amount", o.amount);
    add("debit", o.debit);
    add("credit", o.credit);
    add("approver", o.approver);
  }
  return boost::json::serialize(body);
}

int run_step(const GlobalOptions& global, const DiscrepancyCliOptions& o, node::Step step) {
  if (step == node::Step::resolve && !reconcile::known_reason_code(o.reason)) {
    fmt::print(stderr, "tally discrepancies resolve: --reason is matched, written_off, bank_fee, bank_error, timing, "
                       "duplicate or other\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const RemoteCall call{.method = boost::beast::http::verb::post,
                        .target = fmt::format("/api/v1/discrepancies/{}/{}", url_encoded(o.id), api::step_name(step)),
                        .body = step_body(o, step),
                        .user = o.user,
                        .idempotency_key = o.idempotency_key};
  const Reply reply = server_running(config) ? ask_server(config, call, "discrepancies")
                                             : local_reply(step_here(config, o, step), "discrepancies");
  return reply.ok() ? print_step(reply.json.as_object()) : reply.exit_code;
}

CLI::App* step_command(CLI::App* cmd, const char* name, const char* help, std::shared_ptr<DiscrepancyCliOptions> o) {
  CLI::App* sub = cmd->add_subcommand(name, help);
  sub->add_option("ID", o->id, "the discrepancy's id (from `tally discrepancies list`)")->required();
  sub->add_option("--user", o->user, "who does it (recorded)")->required();
  sub->add_option("--idempotency-key", o->idempotency_key, "repeating the command with the same key does it once");
  return sub;
}

}  // namespace

void register_discrepancies(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "discrepancies", "The queue of what did not reconcile or reach the books: deposits missing in the bank,\n"
                       "unexpected bank items, amount differences, duplicates, late items, drawer over/short,\n"
                       "and events the ledger refused or holds; with who acknowledged, resolved or reopened each.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<DiscrepancyCliOptions>();
  CLI::App* list = cmd->add_subcommand("list", "Every discrepancy, with its status, severity, age and amount.");
  list->add_option("--status", o->status, "open, acknowledged or resolved");
  list->add_option("--limit", o->limit, "items at most (default 100)")->check(CLI::Range(1, 100000));
  list->add_flag("--json", o->json, "JSON on stdout");
  list->callback([&global, o] { exit_code = run_list(global, *o); });

  CLI::App* ack = step_command(cmd, "ack", "Acknowledge a discrepancy: someone is working it.", o);
  ack->add_option("--note", o->note, "what is being done");
  ack->callback([&global, o] { exit_code = run_step(global, *o, node::Step::acknowledge); });

  CLI::App* resolve = step_command(cmd, "resolve", "Resolve a discrepancy with a reason code and a note.", o);
  resolve->add_option("--reason", o->reason,
                      "matched, written_off, bank_fee, bank_error, timing, duplicate or other")->required();
  resolve->add_option("--note", o->note, "what was found");
  resolve->add_option("--amount", o->amount, "post a journal entry of this amount (e.g. 0.50) ...");
  resolve->add_option("--debit", o->debit, "... debiting this account (e.g. expense:bank-fees) ...");
  resolve->add_option("--credit", o->credit, "... crediting this account (e.g. transit:card) ...");
  resolve->add_option("--approver", o->approver, "... approved by this second person");
  resolve->callback([&global, o] { exit_code = run_step(global, *o, node::Step::resolve); });

  CLI::App* reopen = step_command(cmd, "reopen", "Reopen a resolved discrepancy, saying why.", o);
  reopen->add_option("--why", o->note, "why it is open again")->required();
  reopen->callback([&global, o] { exit_code = run_step(global, *o, node::Step::reopen); });
}

}  // namespace tally::app
