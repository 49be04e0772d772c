// tally counter open | pay | void-request | void | paid-in | paid-out | transfer | accept | close |
// sign-off | show | receipt | slip | report: the cashiers' drawers from the command line.
//
// Each subcommand is one route of the counter's API (api/counter_routes.h) with the body built
// from the options. With `tally serve` running it goes to the server over the data folder's
// socket (app/remote.h); otherwise the same routes run in this process on the data folder, so
// both ways check, refuse and answer alike. app/counter_output.h prints the answer.
#include <fmt/format.h>
#include <boost/json.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "api/counter_routes.h"
#include "app/commands.h"
#include "app/counter_bodies.h"
#include "app/counter_output.h"
#include "app/remote.h"
#include "node/node.h"

namespace tally::app {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

std::string os_user() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(::geteuid());
}

// The counter's routes run in this process on the data folder, as the server runs them for
// its socket: the local administrator acting for --by.
Reply here(const Config& config, const RemoteCall& call, std::string_view command) {
  auto node = node::Node::open(config);
  if (!node) {
    fmt::print(stderr, "tally {}: {}\n", command, node.error().describe());
    return Reply{.exit_code = 1};
  }
  api::Router router;
  api::add_counter_routes(router, {**node, api::direct_command, {(*node)->config().counter.office_name}});
  api::Request request{call.method, call.target, 11};
  request.set(http::field::content_type, call.content_type);
  if (!call.user.empty()) request.set(api::kLocalUserHeader, call.user);
  if (!call.idempotency_key.empty()) request.set("Idempotency-Key", call.idempotency_key);
  request.body() = call.body;
  request.prepare_payload();
  const std::string user = os_user();
  const api::Response response =
      router.dispatch(request, {.address = "local", .local_socket = true, .local_user = user});
  // What the command published is posted before it returns, so `tally ledger` shows it.
  if (call.method != http::verb::get && (*node)->posts_here())
    if (auto posted = (*node)->post_pending(); !posted)
      fmt::print(stderr, "tally {}: posting: {}\n", command, posted.error().describe());
  RemoteAnswer answer;
  answer.status = response.result_int();
  answer.body = response.body();
  boost::system::error_code ec;
  answer.json = boost::json::parse(answer.body, ec);
  if (ec) answer.json = nullptr;
  if (!answer.ok()) return Reply{.exit_code = exit_code_for(answer, command)};
  return Reply{
      .status = answer.status, .json = std::move(answer.json), .body = std::move(answer.body)};
}

Reply call_counter(const GlobalOptions& global, const RemoteCall& call, std::string_view command) {
  const Config config = resolve_config(global);
  return server_running(config) ? ask_server(config, call, command) : here(config, call, command);
}

using Printer = int (*)(const object&, bool);

std::string session_path(const CounterCliOptions& o, std::string_view tail = {}) {
  return "/api/v1/counter/sessions/" + url_encoded(o.session) + std::string(tail);
}

int run_command(const GlobalOptions& global, const CounterCliOptions& o, std::string_view name,
                const std::string& target, CounterBodyOf body_of, Printer print) {
  const std::string command = fmt::format("counter {}", name);
  std::string usage;
  const auto body = body_of(o, usage);
  if (!body) {
    fmt::print(stderr, "tally {}: {}\n", command, usage);
    return 2;
  }
  const Reply reply = call_counter(global,
                                   {.method = http::verb::post,
                                    .target = target,
                                    .body = boost::json::serialize(*body),
                                    .user = o.by,
                                    .idempotency_key = o.idempotency_key},
                                   command);
  return reply.ok() ? print(reply.json.as_object(), o.json) : reply.exit_code;
}

// A read: JSON printed by `print`, or (format text, html, csv) the paper as it came.
int run_read(const GlobalOptions& global, const CounterCliOptions& o, std::string_view name,
             const std::string& target, Printer print) {
  const std::string command = fmt::format("counter {}", name);
  const Reply reply = call_counter(global, {.target = target, .user = o.by}, command);
  if (!reply.ok()) return reply.exit_code;
  if (print == nullptr || !reply.json.is_object()) {
    std::fputs(reply.body.c_str(), stdout);
    return 0;
  }
  return print(reply.json.as_object(), o.json);
}

// The options every command takes.
CLI::App* counter_command(CLI::App* counter, const char* name, const char* help,
                          const std::shared_ptr<CounterCliOptions>& o, bool session = true) {
  CLI::App* sub = counter->add_subcommand(name, help);
  if (session)
    sub->add_option("SESSION", o->session,
                    "the drawer session (from `tally counter open` or `show`)")
        ->required();
  sub->add_option("--by", o->by, "who does it: the cashier, or the supervisor (recorded)")
      ->required();
  sub->add_option("--idempotency-key", o->idempotency_key,
                  "repeating the command with the same key does it once");
  sub->add_flag("--json", o->json, "the answer as JSON on stdout");
  return sub;
}

}  // namespace

void register_counter(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "counter",
      "The cashiers' drawers: open with a counted float, take payments, void with a supervisor,\n"
      "paid-in/out and change-fund transfers, count and close with a deposit slip; receipts and\n"
      "the daily cash report. Amounts are decimals (50.00); cash counts are CENTSxPIECES,...\n"
      "(2000x5,500x4,25x40 is five $20 notes, four $5 notes and forty quarters). For example:\n"
      "  tally counter open D1 --float 2000x5,500x4,25x40 --by ada\n"
      "  tally counter pay D1-20261207-1 --account 100017 --amount 50.00 --cash 60.00 --by ada\n"
      "  tally counter close D1-20261207-1 --cash 2000x7,500x6,25x40 --by ada\n"
      "With `tally serve` running, each goes to it; otherwise it runs here on the data folder.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<CounterCliOptions>();

  CLI::App* open = counter_command(
      cmd, "open", "Open a drawer with its counted float; prints the session.", o, false);
  open->add_option("DRAWER", o->drawer, "the drawer (letters, digits, - and _)")->required();
  open->add_option("--float", o->float_count, "the float counted, CENTSxPIECES,...")->required();
  open->add_option("--declared", o->declared,
                   "the float's total as written down (checked against the count)");
  open->callback([&global, o] {
    exit_code = run_command(global, *o, "open",
                            "/api/v1/counter/drawers/" + url_encoded(o->drawer) + "/open",
                            open_body, print_counter_opened);
  });

  CLI::App* pay = counter_command(
      cmd, "pay",
      "Take a payment in one or more tenders; prints the receipt number and the change.", o);
  pay->footer(
      "For example:\n"
      "  tally counter pay SESSION --account 100017 --amount 50.00 --cash 60.00 --by ada\n"
      "  tally counter pay SESSION --account 100017 --amount 90.00 --check "
      "1234:021000021:123456789:20.00\n"
      "      --money-order 555:20.00 --card 4242:AUTH12:30.00:VISA --cash 20.00 --by ada");
  pay->add_option("--account", o->account, "the customer's account")->required();
  pay->add_option("--amount", o->amount, "what goes on the account")->required();
  pay->add_option("--cash", o->cash, "cash handed over (the change comes out of it)");
  pay->add_option("--check", o->checks, "NUMBER:ROUTING:ACCOUNT:AMOUNT (repeatable)")
      ->allow_extra_args(false);
  pay->add_option("--money-order", o->money_orders, "NUMBER:AMOUNT (repeatable)")
      ->allow_extra_args(false);
  pay->add_option("--card", o->cards,
                  "LAST4:AUTH:AMOUNT[:BRAND], never the whole card number (repeatable)")
      ->allow_extra_args(false);
  pay->add_option("--payer", o->payer, "the payer's name, for the receipt");
  pay->add_option("--language", o->language, "the receipt's language: en (default) or es");
  pay->callback([&global, o] {
    exit_code = run_command(global, *o, "pay", session_path(*o, "/payments"), pay_body,
                            print_counter_payment);
  });

  for (const bool approve : {false, true}) {
    CLI::App* v = counter_command(
        cmd, approve ? "void" : "void-request",
        approve ? "Approve a void the cashier asked for (a supervisor, another person)."
                : "Ask a supervisor to void a receipt.",
        o);
    v->add_option("RECEIPT", o->receipt, "the receipt number")->required();
    auto* reason = v->add_option("--reason", o->reason,
                                 approve ? "why (required above the void limit)" : "why");
    if (!approve) reason->required();
    v->callback([&global, o, approve] {
      const std::string tail =
          fmt::format("/receipts/{}/{}", o->receipt, approve ? "void" : "void-request");
      exit_code = run_command(global, *o, approve ? "void" : "void-request", session_path(*o, tail),
                              reason_body, print_counter_void);
    });
  }

  for (const bool in : {true, false}) {
    CLI::App* m = counter_command(
        cmd, in ? "paid-in" : "paid-out",
        in ? "Put cash into the drawer, saying why." : "Take cash out of the drawer, saying why.",
        o);
    m->add_option("--amount", o->amount, "how much")->required();
    m->add_option("--reason", o->reason, "why")->required();
    m->callback([&global, o, in] {
      exit_code = run_command(global, *o, in ? "paid-in" : "paid-out", session_path(*o, "/cash"),
                              in ? paid_in_body : paid_out_body, print_counter_cash);
    });
  }

  CLI::App* transfer = counter_command(
      cmd, "transfer", "Give change-fund cash to another drawer; its cashier accepts it.", o);
  transfer->add_option("--to", o->to_session, "the receiving drawer's session")->required();
  transfer->add_option("--amount", o->amount, "how much")->required();
  transfer->add_option("--reason", o->reason, "why")->required();
  transfer->callback([&global, o] {
    exit_code = run_command(global, *o, "transfer", session_path(*o, "/transfers"), transfer_body,
                            print_counter_transfer);
  });

  CLI::App* accept = counter_command(
      cmd, "accept", "Take a change-fund transfer into one's own drawer (SESSION receives).", o);
  accept->add_option("REQUEST_ID", o->request_id, "the transfer's request id (32 hex digits)")
      ->required();
  accept->callback([&global, o] {
    exit_code =
        run_command(global, *o, "accept",
                    session_path(*o, "/transfers/" + url_encoded(o->request_id) + "/accept"),
                    empty_body, print_counter_transfer);
  });

  CLI::App* close = counter_command(
      cmd, "close",
      "Count the drawer and close it: within the over/short limit it closes with a deposit\n"
      "slip; above it, a supervisor signs off (or count again).",
      o);
  close->add_option("--cash", o->cash_count, "the cash counted, CENTSxPIECES,...")->required();
  close->add_option("--declared", o->declared,
                    "the total as written down (checked against the count)");
  close
      ->add_option("--item", o->items,
                   "a check or money order in the drawer, NUMBER:AMOUNT (repeatable)")
      ->allow_extra_args(false);
  close->add_flag(
      "--supervisor", o->supervisor,
      "a supervisor closes (any drawer, also one left open); their close is the sign-off");
  close->callback([&global, o] {
    exit_code = run_command(global, *o, "close",
                            session_path(*o, o->supervisor ? "/supervisor-close" : "/close"),
                            count_body, print_counter_close);
  });

  CLI::App* sign_off = counter_command(
      cmd, "sign-off", "A supervisor accepts the last count's over/short and closes.", o);
  sign_off->add_option("--reason", o->reason, "why the over/short is accepted")->required();
  sign_off->callback([&global, o] {
    exit_code = run_command(global, *o, "sign-off", session_path(*o, "/sign-off"), reason_body,
                            print_counter_close);
  });

  CLI::App* show = cmd->add_subcommand(
      "show",
      "A session with its receipts, moves and counts; without SESSION, the day's sessions.");
  show->add_option("SESSION", o->session, "the drawer session");
  show->add_option("--date", o->date, "the day listed, YYYY-MM-DD (default: today)");
  show->add_flag("--json", o->json, "JSON on stdout");
  show->callback([&global, o] {
    exit_code =
        o->session.empty()
            ? run_read(global, *o, "show", "/api/v1/counter/sessions?date=" + url_encoded(o->date),
                       print_counter_sessions)
            : run_read(global, *o, "show", session_path(*o), print_counter_session);
  });

  CLI::App* receipt = cmd->add_subcommand(
      "receipt", "Print a receipt (or with --void, its void's receipt) on stdout.");
  receipt->add_option("SESSION", o->session, "the drawer session")->required();
  receipt->add_option("RECEIPT", o->receipt, "the receipt number")->required();
  receipt->add_flag("--void", o->void_paper, "the receipt of the receipt's void");
  receipt->add_option("--format", o->format, "text (default, 40 columns), html or json");
  receipt->callback([&global, o] {
    const std::string format = o->format.empty() ? "text" : o->format;
    exit_code =
        run_read(global, *o, "receipt",
                 session_path(*o, fmt::format("/receipts/{}?format={}{}", o->receipt,
                                              url_encoded(format), o->void_paper ? "&void=1" : "")),
                 nullptr);
  });

  CLI::App* slip = cmd->add_subcommand("slip", "Print a closed session's deposit slip on stdout.");
  slip->add_option("SESSION", o->session, "the drawer session")->required();
  slip->add_option("--format", o->format, "text (default), html or json");
  slip->callback([&global, o] {
    const std::string format = o->format.empty() ? "text" : o->format;
    exit_code = run_read(global, *o, "slip",
                         session_path(*o, "/deposit-slip?format=" + url_encoded(format)), nullptr);
  });

  CLI::App* report =
      cmd->add_subcommand("report",
                          "The daily cash report on stdout: each drawer's tenders, voids, moves,\n"
                          "expected and counted cash, over/short, deposit and its bank status.");
  report->add_option("--from", o->from, "first day, YYYY-MM-DD (default: today)");
  report->add_option("--to", o->to, "last day (default: --from)");
  report->add_option("--format", o->format, "csv (default), html or json");
  report->callback([&global, o] {
    std::string target =
        "/api/v1/counter/report?format=" + url_encoded(o->format.empty() ? "csv" : o->format);
    if (!o->from.empty()) target += "&from=" + url_encoded(o->from);
    if (!o->to.empty()) target += "&to=" + url_encoded(o->to);
    exit_code = run_read(global, *o, "report", target, nullptr);
  });
}

}  // namespace tally::app
