// tally autopay rates: the ACH return rates per month (node/return_rates.h).
// tally autopay generate [--effective DATE]: the NACHA PPD debit file for every enrolled account
// with a balance due. Writes it to the outbox for the bank, records each entry's trace (so
// returns and notifications of change match back), and ingests it, which posts the debits.
// One run per effective date: a second is refused, so the bank never gets a debit twice.
// With `tally serve` running, the server originates (POST /api/v1/autopay/generate) and the
// file stays in its outbox; --out then gets a copy.
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
#include "node/file_verdicts.h"
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

int print(const boost::json::object& generated, bool json) {
  if (json) {
    std::puts(boost::json::serialize(generated).c_str());
    return 0;
  }
  const std::string file(generated.at("file").as_string());
  if (file.empty()) {
    // Owing is not enough: a return may hold the account or withhold an amount (docs/autopay.md).
    fmt::print("autopay: no enrolled account owes anything autopay may debit; no file written\n");
    return 0;
  }
  const auto* posted = generated.if_contains("posted");
  const auto* copied = generated.if_contains("copied_to");
  fmt::print("autopay: wrote {}{} ({} debits, {} USD, effective {}); {}\n", file,
             copied ? fmt::format(" (a copy in {})", std::string(copied->as_string())) : "",
             generated.at("entries").to_number<std::int64_t>(),
             Money(generated.at("total_minor").to_number<std::int64_t>(), Currency::usd()).to_display(),
             std::string(generated.at("effective_date").as_string()),
             posted ? fmt::format("posted {} entries", posted->to_number<std::int64_t>())
                    : std::string("the ledger has not posted them yet"));
  return 0;
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
  TALLY_TRY(ingest::OriginationOutcome generated, node::originate_autopay(*node, request));
  if (generated.path.empty()) return api::autopay_json(generated, effective, 0);
  TALLY_TRY(const ledger::ApplyStats posted, node->post_pending());
  TALLY_TRY_STATUS(node::fill_verdicts(generated.ingested, node->ledger(), &posted));
  return api::autopay_json(generated, effective, generated.ingested.verdicts.posted);
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
      "generate", "Write the NACHA PPD debit file for enrolled accounts with a balance due, record\n"
                  "what was originated, and post the debits. One run per effective date. Accounts held\n"
                  "by an administrative return (R02, R03, R04, ...) wait for a correction; a returned\n"
                  "debit (R01, R08, R09) and a return fee are not debited again.");
  generate->add_option("--effective", o->effective,
                       "effective entry date YYYY-MM-DD: a banking day, at least autopay.lead_banking_days\n"
                       "after today (default: the first such day)");
  generate->add_option("--out", o->out,
                       "where to write the file (default: <data_dir>/outbox/autopay-DATE.ach; with `tally serve`\n"
                       "running the server writes it there and this gets a copy)");
  generate->add_option("--user", o->user, "who runs it (recorded)");
  generate->add_flag("--json", o->json, "JSON on stdout");
  generate->callback([&global, o] { exit_code = run_generate(global, *o); });

  CLI::App* rates = cmd->add_subcommand(
      "rates", "The ACH return rates of the debits Tally originated, per month, against the NACHA\n"
               "thresholds (unauthorized 0.5%, administrative 3%, all returns 15%), with a warning at\n"
               "80% of a threshold.");
  auto rates_json = std::make_shared<bool>(false);
  rates->add_flag("--json", *rates_json, "JSON on stdout");
  rates->callback([&global, rates_json] { exit_code = run_rates(global, *rates_json); });
}

}  // namespace tally::app
