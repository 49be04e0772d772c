// tally suspense list | apply EVENT_ID ACCOUNT: payments Tally could not put on an account.
// The list shows what each payment said of itself (date, payer, reference, check number,
// remittance) so staff can tell whose money it is.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "app/commands.h"
#include "core/money.h"
#include "core/printable.h"
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

// The second line of a payment in the list: what it said of itself, the fields it has.
std::string detail_line(const ledger::SuspenseItem& i) {
  std::string out;
  auto add = [&](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    out += fmt::format("{}{} {}", out.empty() ? "    " : "  |  ", label, printable(value));
  };
  add("payer", i.payer_name);
  add("reference", i.external_reference);
  add("check", i.check_number);
  add("remittance", i.remittance);
  add("deposit", i.deposit_reference);
  return out;
}

int fail(std::string_view what) {
  fmt::print(stderr, "tally suspense: {}\n", what);
  return 1;
}

int run_list(const GlobalOptions& global, const SuspenseOptions& o) {
  auto s = node::Node::open(resolve_config(global));
  if (!s) return fail(s.error().describe());
  if (!(*s)->posts_here()) return fail("suspense works on the embedded ledger");
  if (auto posted = (*s)->post_pending(); !posted) return fail(posted.error().describe());
  auto items = ledger::suspense_payments((*s)->ledger(), o.limit);
  if (!items) return fail(items.error().describe());
  if (o.json) {
    boost::json::array out;
    for (const auto& i : *items)
      out.push_back({{"event_id", i.payment_id.to_hex()}, {"partition", i.partition.value()},
                     {"business_date", i.business_date.to_iso()},
                     {"amount_minor", i.amount_minor}, {"currency", std::string(i.currency.code())},
                     {"channel", i.channel}, {"payer_name", i.payer_name},
                     {"external_reference", i.external_reference}, {"check_number", i.check_number},
                     {"remittance", i.remittance}, {"deposit_reference", i.deposit_reference}});
    std::puts(boost::json::serialize(boost::json::object{{"payments", out}}).c_str());
    return 0;
  }
  if (items->empty()) fmt::print("no payments in suspense\n");
  for (const auto& i : *items) {
    fmt::print("{}  {}  {:>12} {}  via {}\n", i.payment_id.to_hex(), i.business_date.to_iso(),
               Money(i.amount_minor, i.currency).to_display(), i.currency.code(), i.clearing);
    if (const std::string detail = detail_line(i); !detail.empty()) fmt::print("{}\n", detail);
  }
  return 0;
}

int run_apply(const GlobalOptions& global, const SuspenseOptions& o) {
  const auto id = EventId::from_hex(o.event_id);
  if (!id) {
    fmt::print(stderr, "tally suspense apply: EVENT_ID must be 32 hex digits (see `tally suspense list`)\n");
    return 2;
  }
  auto s = node::Node::open(resolve_config(global));
  if (!s) return fail(s.error().describe());
  node::Node& services = **s;
  if (!services.posts_here()) return fail("suspense works on the embedded ledger");
  if (auto posted = services.post_pending(); !posted) return fail(posted.error().describe());
  ledger::SuspenseApplyRequest request;
  request.payment_id = *id;
  request.account = o.account;
  request.actor.user = o.user;
  request.actor.client_address = "local";
  request.confirm_new_account = o.confirm_new_account;
  auto applied = ledger::apply_from_suspense(services.log(), services.ledger(), request);
  if (!applied && applied.error().code == ledger::LedgerErrc::invalid_argument) {
    fmt::print(stderr, "tally suspense apply: {}\n", applied.error().describe());
    return 2;
  }
  if (!applied && applied.error().code == ledger::LedgerErrc::needs_confirmation) {
    fmt::print(stderr, "tally suspense apply: {}\n", applied.error().message);
    return 1;
  }
  if (!applied) return fail(applied.error().describe());
  if (auto posted = services.post_pending(); !posted) return fail(posted.error().describe());
  auto left = ledger::find_in_suspense(services.ledger(), *id);
  if (!left) return fail(left.error().describe());
  if (*left) return fail("the ledger did not apply it; `tally discrepancies list` says why");
  const ledger::SuspenseItem& paid = applied->payment;
  fmt::print("applied {} {} from suspense to customer:{} (by {})\n", Money(paid.amount_minor, paid.currency).to_display(),
             paid.currency.code(), applied->account_id, o.user);
  return 0;
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
