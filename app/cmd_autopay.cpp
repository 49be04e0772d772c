// tally autopay rates: the ACH return rates per month (node/return_rates.h).
// tally autopay generate [--effective DATE]: posts the runs due by today, then writes the NACHA
// PPD file of the next run (node/autopay_desk.h) to the outbox for the bank and schedules it:
// its entries post on the effective date. One run per effective date: a second is refused, so
// the bank never gets a debit twice. With `tally serve` running, the server originates
// (POST /api/v1/autopay/generate) and the file stays in its outbox; --out then gets a copy.
// tally autopay settle [--through DATE]: posts the scheduled runs effective by then.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "api/autopay_generate.h"
#include "api/autopay_rates.h"
#include "app/commands.h"
#include "app/remote.h"
#include "core/money.h"
#include "ingest/autopay_dates.h"
#include "ingest/errors.h"
#include "node/autopay.h"
#include "node/autopay_desk.h"
#include "node/node.h"
#include "node/return_rates.h"

namespace tally::app {
namespace {

struct AutopayOptions {
  std::string effective;
  std::string out;
  std::string user = "autopay";
  bool json = false;
};

constexpr std::string_view kCommand = "autopay generate";

void print_settled(const boost::json::array& posted) {
  for (const auto& v : posted) {
    const auto& run = v.as_object();
    fmt::print("autopay: posted the run effective {} ({}, {} events)\n", std::string(run.at("effective_date").as_string()),
               std::string(run.at("file").as_string()), run.at("events").to_number<std::int64_t>());
  }
}

int print(const boost::json::object& generated, bool json) {
  if (json) {
    std::puts(boost::json::serialize(generated).c_str());
    return 0;
  }
  print_settled(generated.at("settled_first").as_array());
  const std::string file(generated.at("file").as_string());
  if (file.empty()) {
    // Owing is not enough: a return may hold the account or withhold an amount (docs/autopay.md).
    fmt::print("autopay: no enrolled account owes anything autopay may debit; no file written\n");
    return 0;
  }
  const auto* copied = generated.if_contains("copied_to");
  const auto count = [&](const char* key) { return generated.at(key).to_number<std::int64_t>(); };
  fmt::print("autopay: wrote {}{} ({} entries: {} re-presented, {} return fees, {} prenotes; {} USD)\n"
             "autopay: scheduled: the entries post on their effective date, {}\n",
             file, copied ? fmt::format(" (a copy in {})", std::string(copied->as_string())) : "", count("entries"),
             count("redeposits"), count("return_fees"), count("prenotes"),
             Money(count("total_minor"), Currency::usd()).to_display(),
             std::string(generated.at("effective_date").as_string()));
  return 0;
}

// A command's desk posts what settling published itself, before anything reads the books.
node::AutopayDesk command_desk(node::Node& node) {
  return node::AutopayDesk(node, [&node](const std::vector<ingest::SettledRun>&) -> Status {
    TALLY_TRY_STATUS(node.post_pending());
    return ok_status();
  });
}

Result<boost::json::object> generate_here(const Config& config, const AutopayOptions& o, BusinessDate effective) {
  TALLY_TRY(auto node, node::Node::open(config));
  if (!node->posts_here())
    return ingest::ingest_error(ingest::IngestErrc::in_use, "origination runs beside the embedded ledger");
  TALLY_TRY_STATUS(node->post_pending());
  ingest::OriginationRequest request;
  request.effective_date = effective;
  request.path = o.out;
  request.user = o.user;
  node::AutopayDesk desk = command_desk(*node);
  TALLY_TRY(node::AutopayDesk::Generated generated, desk.generate(request));
  return api::autopay_json(generated.outcome, effective, generated.settled);
}

// The server writes the file where it keeps them; --out gets a copy.
Reply generate_there(const Config& config, const AutopayOptions& o, BusinessDate effective) {
  Reply reply = ask_server(config,
                           {.method = boost::beast::http::verb::post,
                            .target = "/api/v1/autopay/generate",
                            .body = boost::json::serialize(boost::json::object{{"effective_date", effective.to_iso()}}),
                            .user = o.user},
                           kCommand);
  if (!reply.ok() || o.out.empty()) return reply;
  auto& generated = reply.json.as_object();
  const std::string file(generated.at("file").as_string());
  if (file.empty()) return reply;
  std::error_code ec;
  std::filesystem::copy_file(file, o.out, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) {
    fmt::print(stderr, "tally {}: the server wrote {}, but copying it to {} failed: {}\n", kCommand, file, o.out,
               ec.message());
    return Reply{.exit_code = 1};
  }
  generated["copied_to"] = o.out;
  return reply;
}

int run_generate(const GlobalOptions& global, const AutopayOptions& o) {
  const Config config = resolve_config(global);
  const auto effective = o.effective.empty()
                             ? std::optional(ingest::earliest_effective_date(BusinessDate::today_utc(),
                                                                             config.autopay.lead_banking_days))
                             : BusinessDate::parse_iso(o.effective);
  if (!effective) {
    fmt::print(stderr, "tally autopay generate: --effective must be YYYY-MM-DD\n");
    return 2;
  }
  const Reply reply = server_running(config) ? generate_there(config, o, *effective)
                                             : local_reply(generate_here(config, o, *effective), kCommand);
  return reply.ok() ? print(reply.json.as_object(), o.json) : reply.exit_code;
}

Result<boost::json::object> settle_here(const Config& config, BusinessDate through, const std::string& user) {
  TALLY_TRY(auto node, node::Node::open(config));
  if (!node->posts_here())
    return ingest::ingest_error(ingest::IngestErrc::in_use, "autopay runs post beside the embedded ledger");
  node::AutopayDesk desk = command_desk(*node);
  TALLY_TRY(auto settled, desk.settle(through, user));
  return boost::json::object{{"posted", api::settled_json(settled)}};
}

int run_settle(const GlobalOptions& global, const std::string& through_text, const std::string& user, bool json) {
  const Config config = resolve_config(global);
  const BusinessDate today = BusinessDate::today_utc();
  const auto through = through_text.empty() ? std::optional(today) : BusinessDate::parse_iso(through_text);
  if (!through) {
    fmt::print(stderr, "tally autopay settle: --through must be YYYY-MM-DD\n");
    return 2;
  }
  if (*through > today) {
    fmt::print(stderr, "tally autopay settle: a run posts on its effective date, not before: --through cannot be "
                       "after today ({})\n", today.to_iso());
    return 2;
  }
  boost::json::object body{{"through", through->to_iso()}};
  const Reply reply = server_running(config)
                          ? ask_server(config,
                                       {.method = boost::beast::http::verb::post,
                                        .target = "/api/v1/autopay/settle",
                                        .body = boost::json::serialize(body),
                                        .user = user},
                                       "autopay settle")
                          : local_reply(settle_here(config, *through, user), "autopay settle");
  if (!reply.ok()) return reply.exit_code;
  const auto& posted = reply.json.as_object().at("posted").as_array();
  if (json) std::puts(boost::json::serialize(reply.json).c_str());
  else if (posted.empty()) fmt::print("autopay: no scheduled run is due by {}\n", through->to_iso());
  else print_settled(posted);
  return 0;
}

Result<boost::json::object> rates_here(const Config& config) {
  TALLY_TRY(auto node, node::Node::open(config));
  if (node->posts_here()) TALLY_TRY_STATUS(node->post_pending());
  TALLY_TRY(auto rates, node::ach_return_rates(*node));
  return api::return_rates_json(rates);
}

int print_rates(const boost::json::object& rates, bool json) {
  if (json) {
    std::puts(boost::json::serialize(rates).c_str());
    return 0;
  }
  const auto& months = rates.at("months").as_array();
  if (months.empty()) fmt::print("autopay: no debit originated yet\n");
  for (const auto& v : months) {
    const auto& m = v.as_object();
    const auto bp = [&](const char* key) { return node::percent_text(m.at(key).to_number<std::int64_t>()); };
    fmt::print("{}: {} debits, {} returned ({}), unauthorized {} (limit 0.50%), administrative {} (limit 3.00%)\n",
               std::string(m.at("month").as_string()), m.at("debits").to_number<std::int64_t>(),
               m.at("returns").to_number<std::int64_t>(), bp("overall_bp"), bp("unauthorized_bp"),
               bp("administrative_bp"));
    for (const auto& w : m.at("warnings").as_array()) fmt::print("  warning: {}\n", std::string(w.as_string()));
  }
  return 0;
}

int run_rates(const GlobalOptions& global, bool json) {
  const Config config = resolve_config(global);
  const Reply reply = server_running(config)
                          ? ask_server(config, {.target = "/api/v1/autopay/return-rates"}, "autopay rates")
                          : local_reply(rates_here(config), "autopay rates");
  return reply.ok() ? print_rates(reply.json.as_object(), json) : reply.exit_code;
}

}  // namespace

void register_autopay(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("autopay", "Originate autopay debits.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<AutopayOptions>();
  CLI::App* generate = cmd->add_subcommand(
      "generate", "Post the runs due by today, then write the NACHA PPD file of the next run for enrolled\n"
                  "accounts with a balance due and schedule it: its entries post on the effective date.\n"
                  "One run per effective date. Accounts held by an administrative return (R02, R03, R04,\n"
                  "...) wait for a correction; a debit returned R01 or R09 is re-presented as its own\n"
                  "REDEPOSIT entry (twice at most, within 180 days); a return fee is its own RETURN FEE\n"
                  "entry when autopay.debit_return_fees is set; new mandates are pre-noted when\n"
                  "autopay.prenote_banking_days is set.");
  generate->add_option("--effective", o->effective,
                       "effective entry date YYYY-MM-DD: a banking day, at least autopay.lead_banking_days\n"
                       "after today (default: the first such day)");
  generate->add_option("--out", o->out,
                       "where to write the file (default: <data_dir>/outbox/autopay-DATE.ach; with `tally serve`\n"
                       "running the server writes it there and this gets a copy)");
  generate->add_option("--user", o->user, "who runs it (recorded)");
  generate->add_flag("--json", o->json, "JSON on stdout");
  generate->callback([&global, o] { exit_code = run_generate(global, *o); });

  struct SettleOptions {
    std::string through, user = "autopay";
    bool json = false;
  };
  auto so = std::make_shared<SettleOptions>();
  CLI::App* settle = cmd->add_subcommand(
      "settle", "Post the scheduled autopay runs whose effective date has come: their debits become\n"
                "payments in the books. `tally serve` does this each minute by itself.");
  settle->add_option("--through", so->through, "post the runs effective on or before YYYY-MM-DD (default today;\n"
                                               "never later than today)");
  settle->add_option("--user", so->user, "who runs it (recorded)");
  settle->add_flag("--json", so->json, "JSON on stdout");
  settle->callback([&global, so] { exit_code = run_settle(global, so->through, so->user, so->json); });

  CLI::App* rates = cmd->add_subcommand(
      "rates", "The ACH return rates of the debits Tally originated, per month, against the NACHA\n"
               "thresholds (unauthorized 0.5%, administrative 3%, all returns 15%), with a warning at\n"
               "80% of a threshold.");
  auto rates_json = std::make_shared<bool>(false);
  rates->add_flag("--json", *rates_json, "JSON on stdout");
  rates->callback([&global, rates_json] { exit_code = run_rates(global, *rates_json); });
}

}  // namespace tally::app
