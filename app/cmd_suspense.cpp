// tally suspense list | apply EVENT_ID ACCOUNT: payments Tally could not put on an account.
// The list shows what each payment said of itself (date, payer, reference, check number,
// remittance) so staff can tell whose money it is. With `tally serve` running, each goes to it
// (app/remote.h); either way the answer is the API's JSON and app/suspense_output.h prints it.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "api/books_commands.h"
#include "app/commands.h"
#include "app/remote.h"
#include "app/suspense_output.h"
#include "ledger/errors.h"
#include "ledger/suspense.h"
#include "ledger/suspense_apply.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct SuspenseOptions {
  std::string event_id;
  std::string account;
  std::string user;
  bool confirm_new_account = false;
  std::size_t limit = 100;
  bool json = false;
};

// The books with everything the log holds posted. On Kafka the books are the partitions' owners',
// reached through a running node.
Result<std::unique_ptr<node::Node>> open_posted(const Config& config) {
  TALLY_TRY(auto s, node::Node::open(config));
  if (!s->posts_here())
    return ledger::ledger_error(ledger::LedgerErrc::in_use,
                                "on Kafka, suspense is listed and applied by a running node (`tally serve`): "
                                "its books and the other nodes' are current, a stopped node's are not");
  TALLY_TRY_STATUS(s->post_pending());
  return s;
}

Result<boost::json::object> list_here(const Config& config, std::size_t limit) {
  TALLY_TRY(auto s, open_posted(config));
  TALLY_TRY(const auto items, ledger::suspense_payments(s->ledger(), limit));
  boost::json::array out;
  for (const auto& i : items) out.push_back(api::suspense_json(i));
  return boost::json::object{{"payments", out}};
}

int run_list(const GlobalOptions& global, const SuspenseOptions& o) {
  const Config config = resolve_config(global);
  const Reply reply = server_running(config)
                          ? ask_server(config, {.target = fmt::format("/api/v1/suspense?limit={}", o.limit)}, "suspense list")
                          : local_reply(list_here(config, o.limit), "suspense list");
  return reply.ok() ? print_suspense(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> apply_here(const Config& config, const SuspenseOptions& o, const EventId& id) {
  TALLY_TRY(auto s, open_posted(config));
  ledger::SuspenseApplyRequest request;
  request.payment_id = id;
  request.account = o.account;
  request.actor.user = o.user;
  request.actor.client_address = "local";
  request.confirm_new_account = o.confirm_new_account;
  TALLY_TRY(const ledger::SuspenseApplied applied, ledger::apply_from_suspense(s->log(), s->ledger(), request));
  TALLY_TRY_STATUS(s->post_pending());
  TALLY_TRY(const auto left, ledger::find_in_suspense(s->ledger(), id));
  if (left)
    return ledger::ledger_error(ledger::LedgerErrc::invalid_event,
                                "the ledger did not apply it; `tally discrepancies list` says why");
  return api::applied_json(applied, o.user);
}

int run_apply(const GlobalOptions& global, const SuspenseOptions& o) {
  const auto id = EventId::from_hex(o.event_id);
  if (!id) {
    fmt::print(stderr, "tally suspense apply: EVENT_ID must be 32 hex digits (see `tally suspense list`)\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const RemoteCall call{
      .method = boost::beast::http::verb::post,
      .target = "/api/v1/suspense/" + id->to_hex() + "/apply",
      .body = boost::json::serialize(
          boost::json::object{{"account", o.account}, {"confirm_new_account", o.confirm_new_account}}),
      .user = o.user};
  const Reply reply = server_running(config) ? ask_server(config, call, "suspense apply")
                                             : local_reply(apply_here(config, o, *id), "suspense apply");
  return reply.ok() ? print_applied(reply.json.as_object()) : reply.exit_code;
}

}  // namespace

void register_suspense(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("suspense", "Payments received for no identifiable account.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<SuspenseOptions>();
  CLI::App* list = cmd->add_subcommand("list", "Payments held in suspense.");
  list->add_option("--limit", o->limit, "at most (default 100)")->check(CLI::Range(1, 100000));
  list->add_flag("--json", o->json, "JSON on stdout");
  list->callback([&global, o] { exit_code = run_list(global, *o); });
  CLI::App* apply = cmd->add_subcommand("apply", "Apply a payment held in suspense to a customer (recorded with --user).");
  apply->add_option("EVENT_ID", o->event_id, "the payment's event id (from `tally suspense list`)")->required();
  apply->add_option("ACCOUNT", o->account, "the customer account")->required();
  apply->add_option("--user,--by", o->user, "who applies it (recorded)")->required();
  apply->add_flag("--confirm-new-account", o->confirm_new_account,
                  "apply to a customer the books have never billed (a new account)");
  apply->callback([&global, o] { exit_code = run_apply(global, *o); });
}

}  // namespace tally::app
