// tally ledger balance|history|accounts|verify: read the books. Each with --json.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "api/accounts.h"
#include "app/commands.h"
#include "node/node.h"
#include "core/errors.h"
#include "core/money.h"
#include "ledger/log_accounting.h"

namespace tally::app {
namespace {

struct LedgerCliOptions {
  std::string account;
  std::string as_of;
  std::size_t limit = 20;
  bool json = false;
};

void print_json(const boost::json::value& v) { std::puts(boost::json::serialize(v).c_str()); }

std::string money_text(std::int64_t minor, const Currency& c) { return Money(minor, c).to_display(); }

// Opens the ledger, first posting whatever the embedded log holds beyond it, so a query right
// after `tally ingest` or a crash sees every acknowledged event.
Result<std::unique_ptr<node::Node>> open_books(const GlobalOptions& global) {
  TALLY_TRY(auto services, node::Node::open(resolve_config(global)));
  if (!services->posts_here()) {
    return Error{make_error_code(CoreErrc::invalid_argument),
                 "the ledger CLI reads the embedded ledger; on Kafka, query a ledger process's API"};
  }
  TALLY_TRY_STATUS(services->post_pending());
  return services;
}

int fail(const Error& e) {
  fmt::print(stderr, "tally ledger: {}\n", e.describe());
  return 1;
}

int run_balance(const GlobalOptions& global, const LedgerCliOptions& o) {
  ledger::BalanceQuery query;
  if (!o.as_of.empty()) {
    query.as_of = BusinessDate::parse_iso(o.as_of);
    if (!query.as_of) {
      fmt::print(stderr, "tally ledger balance: --as-of must be YYYY-MM-DD\n");
      return 2;
    }
  }
  auto books = open_books(global);
  if (!books) return fail(books.error());
  const std::string account = api::journal_account(o.account);
  auto balance = (*books)->ledger().balance(account, query);
  if (!balance) return fail(balance.error());
  if (balance->postings == 0) {  // "0.00" would read as a settled account
    fmt::print(stderr, "tally ledger balance: {} has never had a posting\n", account);
    return 1;
  }
  if (o.json) {
    boost::json::object out = api::balance_json(*balance);
    if (query.as_of) out["as_of"] = query.as_of->to_iso();
    print_json(out);
  } else {
    const Currency c = balance->currency.value_or(Currency::usd());
    fmt::print("{}  {} {}{}  ({} postings)\n", account, money_text(balance->balance_minor, c), c.code(),
               query.as_of ? " as of " + query.as_of->to_iso() : "", balance->postings);
  }
  return 0;
}

int run_history(const GlobalOptions& global, const LedgerCliOptions& o) {
  auto books = open_books(global);
  if (!books) return fail(books.error());
  const std::string account = api::journal_account(o.account);
  auto lines = (*books)->ledger().history(account, o.limit);
  if (!lines) return fail(lines.error());
  if (o.json) {
    boost::json::array out;
    for (const auto& l : *lines) out.push_back(api::history_json(l));
    print_json(boost::json::object{{"account", account}, {"entries", out}});
    return 0;
  }
  fmt::print("{:<10} {:>14} {:>14}  {:<20} {}\n", "date", "amount", "balance", "event", "memo");
  for (const auto& l : *lines)
    fmt::print("{:<10} {:>14} {:>14}  {:<20} {}\n", l.business_date.to_iso(), money_text(l.amount_minor, l.currency),
               money_text(l.balance_after_minor, l.currency),
               events::type_name(static_cast<events::EventType>(l.event_type)), l.memo);
  return 0;
}

int run_accounts(const GlobalOptions& global, const LedgerCliOptions& o) {
  auto books = open_books(global);
  if (!books) return fail(books.error());
  auto accounts = (*books)->ledger().accounts(o.limit);
  if (!accounts) return fail(accounts.error());
  if (o.json) {
    boost::json::array out;
    for (const auto& a : *accounts) out.push_back(api::balance_json(a));
    print_json(boost::json::object{{"accounts", out}});
    return 0;
  }
  for (const auto& a : *accounts) {
    const Currency c = a.currency.value_or(Currency::usd());
    fmt::print("{:<32} {:>16} {}\n", a.account, money_text(a.balance_minor, c), c.code());
  }
  return 0;
}

int run_verify(const GlobalOptions& global, const LedgerCliOptions& o) {
  auto books = open_books(global);
  if (!books) return fail(books.error());
  auto report = (*books)->ledger().verify();
  if (!report) return fail(report.error());
  auto log = ledger::account_for_log((*books)->ledger(), (*books)->log());
  if (!log) return fail(log.error());
  const bool ok = report->ok && log->ok;
  if (o.json) {
    boost::json::object out{{"ok", ok},                   {"partitions", report->partitions},
                            {"entries", report->entries}, {"postings", report->postings},
                            {"accounts", report->accounts}};
    out["log"] = {{"ok", log->ok},
                  {"records", log->records},
                  {"in_books", log->in_books},
                  {"dead_letters", log->dead_letters}};
    if (log->problem) out["log"].as_object()["problem"] = *log->problem;
    if (report->problem)
      out["first_problem"] = {{"partition", report->problem->partition.value()},
                              {"sequence", report->problem->seq.value()},
                              {"event_id", report->problem->event_id.to_hex()},
                              {"account", report->problem->account},
                              {"reason", report->problem->reason}};
    print_json(out);
  } else if (!report->ok) {
    const auto& p = *report->problem;
    fmt::print("LEDGER VERIFY FAILED at partition {} entry {} (event {}){}: {}\n", p.partition.value(),
               p.seq.value(), p.event_id.to_hex(), p.account.empty() ? "" : " account " + p.account, p.reason);
  } else if (!log->ok) {
    fmt::print("LEDGER VERIFY FAILED: the log is not accounted for: {}\n", *log->problem);
  } else {
    fmt::print("ledger verified: {} partitions, {} entries, {} postings, {} accounts; hash chains intact, "
               "every entry sums to zero, balances equal their postings; every one of the log's {} "
               "records is in the books ({} dead-lettered)\n",
               report->partitions, report->entries, report->postings, report->accounts, log->records,
               log->dead_letters);
  }
  return ok ? 0 : 1;
}

}  // namespace

void register_ledger(CLI::App& app, GlobalOptions& global) {
  CLI::App* ledger = app.add_subcommand("ledger", "Read the books: balances, history, accounts, verify.");
  ledger->require_subcommand(1);
  auto o = std::make_shared<LedgerCliOptions>();

  CLI::App* balance = ledger->add_subcommand(
      "balance", "An account's balance, now or as of a business date.\n"
                 "Exit 1 when the account has never had a posting.");
  balance->add_option("ACCOUNT", o->account, "customer account (100234) or journal account (clearing:ach)")->required();
  balance->add_option("--as-of", o->as_of, "business date YYYY-MM-DD: postings on or before it");
  balance->add_flag("--json", o->json, "JSON on stdout");
  balance->callback([&global, o] { exit_code = run_balance(global, *o); });

  CLI::App* history = ledger->add_subcommand("history", "An account's journal lines, newest first.");
  history->add_option("ACCOUNT", o->account, "customer account or journal account")->required();
  history->add_option("--limit", o->limit, "lines at most (default 20)")->check(CLI::Range(1, 100000));
  history->add_flag("--json", o->json, "JSON on stdout");
  history->callback([&global, o] { exit_code = run_history(global, *o); });

  CLI::App* accounts = ledger->add_subcommand("accounts", "Every account with its balance.");
  accounts->add_option("--limit", o->limit, "accounts at most (default 20)")->check(CLI::Range(1, 100000));
  accounts->add_flag("--json", o->json, "JSON on stdout");
  accounts->callback([&global, o] { exit_code = run_accounts(global, *o); });

  CLI::App* verify = ledger->add_subcommand(
      "verify", "Recompute every hash chain, check every entry sums to zero and every balance equals\n"
                "its postings, and that every record the ledger consumed from the log is in the books\n"
                "(posted, refused, parked, a duplicate, or dead-lettered); name the first problem.\n"
                "Exit 0 when the books verify, 1 when not.");
  verify->add_flag("--json", o->json, "JSON on stdout");
  verify->callback([&global, o] { exit_code = run_verify(global, *o); });
}

}  // namespace tally::app
