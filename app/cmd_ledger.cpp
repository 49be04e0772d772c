// tally ledger balance|history|accounts|verify: read the books. Each with --json. With `tally
// serve` running, the question goes to it (app/remote.h); either way the answer is the API's
// JSON and app/ledger_output.h prints it.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "api/accounts.h"
#include "api/customer_detail.h"
#include "api/ledger_routes.h"
#include "app/commands.h"
#include "app/ledger_kafka.h"
#include "app/ledger_output.h"
#include "app/remote.h"
#include "core/errors.h"
#include "ledger/errors.h"
#include "node/node.h"

namespace tally::app {
namespace {

// The API's page of accounts at most; the CLI asks for pages until it has --limit.
constexpr std::size_t kAccountsPage = 1000;

struct LedgerCliOptions {
  std::string account;
  std::string as_of;
  std::size_t limit = 20;
  bool json = false;
};

// Opens the ledger, first posting whatever the embedded log holds beyond it, so a query right
// after `tally ingest` or a crash sees every acknowledged event.
Result<std::unique_ptr<node::Node>> open_books(const Config& config) {
  TALLY_TRY(auto services, node::Node::open(config));
  if (!services->posts_here()) {
    return Error{make_error_code(CoreErrc::invalid_argument),
                 "the ledger CLI reads the embedded ledger; on Kafka, query a ledger process's API"};
  }
  TALLY_TRY_STATUS(services->post_pending());
  return services;
}

std::string account_target(const LedgerCliOptions& o) { return "/api/v1/accounts/" + url_encoded(o.account); }

Result<boost::json::object> balance_here(const Config& config, const std::string& account,
                                        const ledger::BalanceQuery& query) {
  TALLY_TRY(auto books, open_books(config));
  TALLY_TRY(const ledger::AccountBalance balance, books->ledger().balance(account, query));
  if (balance.postings == 0) return ledger::ledger_error(ledger::LedgerErrc::not_found, api::never_posted(account));
  boost::json::object out = api::balance_json(balance);
  if (query.as_of) out["as_of"] = query.as_of->to_iso();
  return out;
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
  const Config config = resolve_config(global);
  // Without a date the API answers the newest lines too: one is enough.
  const std::string target = account_target(o) + (query.as_of ? "?as_of=" + query.as_of->to_iso() : "?limit=1");
  const Reply reply = server_running(config)
                          ? ask_server(config, {.target = target}, "ledger balance")
                          : local_reply(balance_here(config, api::journal_account(o.account), query), "ledger balance");
  return reply.ok() ? print_balance(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> history_here(const Config& config, const std::string& account, std::size_t limit) {
  TALLY_TRY(auto books, open_books(config));
  TALLY_TRY(const auto lines, books->ledger().history(account, limit));
  boost::json::array out;
  for (const auto& l : lines) out.push_back(api::history_json(l));
  boost::json::object body{{"account", account}, {"entries", out}};
  api::add_sources(body, &books->log(), lines);  // as the server's answer has them
  return body;
}

// The server's account answer holds the newest lines; an account never posted to has none
// (its 404 is an empty history, as in this process).
Reply history_from_server(const Config& config, const LedgerCliOptions& o) {
  Reply reply = ask_server(config, {.target = fmt::format("{}?limit={}", account_target(o), o.limit)},
                           "ledger history", {404});
  if (reply.ok() && reply.status == 404)
    reply.json = boost::json::object{{"account", api::journal_account(o.account)}, {"entries", boost::json::array{}}};
  return reply;
}

int run_history(const GlobalOptions& global, const LedgerCliOptions& o) {
  const Config config = resolve_config(global);
  const Reply reply = server_running(config)
                          ? history_from_server(config, o)
                          : local_reply(history_here(config, api::journal_account(o.account), o.limit), "ledger history");
  return reply.ok() ? print_history(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> accounts_here(const Config& config, std::size_t limit) {
  TALLY_TRY(auto books, open_books(config));
  TALLY_TRY(const auto accounts, books->ledger().accounts(limit));
  boost::json::array out;
  for (const auto& a : accounts) out.push_back(api::balance_json(a));
  return boost::json::object{{"accounts", out}};
}

// Page after page (the API's pages are smaller than the CLI's --limit may be).
Reply accounts_from_server(const Config& config, std::size_t limit) {
  boost::json::array all;
  std::string after;
  while (all.size() < limit) {
    const std::size_t page = std::min(kAccountsPage, limit - all.size());
    std::string target = fmt::format("/api/v1/accounts?limit={}", page);
    if (!after.empty()) target += "&after=" + url_encoded(after);
    Reply reply = ask_server(config, {.target = target}, "ledger accounts");
    if (!reply.ok()) return reply;
    const auto& answer = reply.json.as_object();
    for (const auto& a : answer.at("accounts").as_array()) all.push_back(a);
    const auto* next = answer.if_contains("next_after");
    if (next == nullptr || !next->is_string()) break;
    after = std::string(next->as_string());
  }
  return Reply{.status = 200, .json = boost::json::object{{"accounts", all}}};
}

int run_accounts(const GlobalOptions& global, const LedgerCliOptions& o) {
  const Config config = resolve_config(global);
  const Reply reply = server_running(config) ? accounts_from_server(config, o.limit)
                                             : local_reply(accounts_here(config, o.limit), "ledger accounts");
  return reply.ok() ? print_accounts(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> verify_here(const Config& config) {
  TALLY_TRY(auto books, open_books(config));
  TALLY_TRY(boost::json::object verified, api::verify_json(books->ledger(), books->log()));
  return verified;
}

int run_verify(const GlobalOptions& global, const LedgerCliOptions& o) {
  const Config config = resolve_config(global);
  if (!config.kafka.brokers.empty() && !server_running(config)) return run_verify_kafka(config, o.json);
  const Reply reply = server_running(config) ? ask_server(config, {.target = "/api/v1/ledger/verify"}, "ledger verify")
                                             : local_reply(verify_here(config), "ledger verify");
  return reply.ok() ? print_verify(reply.json.as_object(), o.json) : reply.exit_code;
}

}  // namespace

void register_ledger(CLI::App& app, GlobalOptions& global) {
  CLI::App* ledger = app.add_subcommand("ledger", "Read the books: balances, history, accounts, verify; on Kafka, accept-topic.");
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
  history->add_option("--limit", o->limit, "lines at most (default 20; 1000 while `tally serve` runs)")
      ->check(CLI::Range(1, 100000));
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
  register_accept_topic(*ledger, global);
}

}  // namespace tally::app
