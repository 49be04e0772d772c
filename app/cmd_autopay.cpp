// tally autopay generate --effective DATE: the NACHA PPD debit file for every enrolled account
// with a balance due. Writes it to the outbox for the bank, records each entry's trace (so
// returns and notifications of change match back), and ingests it, which posts the debits.
// One run per effective date: a second is refused, so the bank never gets a debit twice.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/commands.h"
#include "node/node.h"
#include "core/money.h"
#include "core/sha256.h"
#include "formats/nacha/writer.h"
#include "ingest/sealing.h"
#include "ledger/autopay_query.h"

namespace tally::app {
namespace {

struct AutopayOptions {
  std::string effective;
  std::string out;
  std::string user = "autopay";
  bool json = false;
};

int fail(std::string_view what) {
  fmt::print(stderr, "tally autopay generate: {}\n", what);
  return 1;
}

struct Debit {
  std::string account;  // customer id, without "customer:"
  formats::nacha::AutopayDebit entry;
};

int run_generate(const GlobalOptions& global, const AutopayOptions& o) {
  const auto effective = BusinessDate::parse_iso(o.effective);
  if (!effective) {
    fmt::print(stderr, "tally autopay generate: --effective must be YYYY-MM-DD\n");
    return 2;
  }
  const Config config = resolve_config(global);
  auto opened = node::Node::open(config);
  if (!opened) return fail(opened.error().describe());
  node::Node& s = **opened;
  if (!s.posts_here()) return fail("origination runs beside the embedded ledger");
  if (auto posted = s.post_pending(); !posted) return fail(posted.error().describe());
  auto previous = s.registry().origination_run(effective->days());
  if (!previous) return fail(previous.error().describe());
  if (*previous)
    return fail(fmt::format("a file for effective date {} was already generated ({}); nothing written",
                            effective->to_iso(), **previous));
  auto keys = ingest::load_keys(config.data_dir + "/keys");
  if (!keys) return fail(keys.error().describe());

  auto mandates = ledger::enrolled_mandates(s.ledger(), ledger::kMaxQueryLimit);
  if (!mandates) return fail(mandates.error().describe());
  std::vector<Debit> debits;
  std::int64_t total = 0;
  for (const auto& m : *mandates) {
    auto balance = s.ledger().balance(m.account);
    if (!balance) return fail(balance.error().describe());
    if (balance->balance_minor <= 0) continue;  // nothing due
    auto number = ingest::unseal(keys->sealing, m.state.account_sealed);
    if (!number) return fail(fmt::format("{}: the sealed bank account does not open with this data folder's key",
                                         m.account));
    Debit d;
    d.account = m.account.substr(m.account.find(':') + 1);
    d.entry.account_type = m.state.savings ? formats::nacha::AccountType::kSavings : formats::nacha::AccountType::kChecking;
    d.entry.routing_number = m.state.routing;
    d.entry.dfi_account_number = *number;
    d.entry.amount_minor = balance->balance_minor;
    d.entry.individual_id_number = d.account;
    d.entry.individual_name = m.state.holder_name;
    total += balance->balance_minor;
    debits.push_back(std::move(d));
  }
  if (debits.empty()) {
    fmt::print("autopay: no enrolled account has a balance due; no file written\n");
    return 0;
  }

  auto first_trace = s.registry().next_trace_sequence();
  if (!first_trace) return fail(first_trace.error().describe());
  formats::nacha::FileOptions file;
  file.immediate_destination = config.autopay.odfi_routing;
  file.immediate_origin = config.autopay.company_id;
  file.immediate_destination_name = config.autopay.destination_name;
  file.immediate_origin_name = config.autopay.origin_name;
  file.file_creation_date = BusinessDate::today_utc();
  file.first_trace_sequence = *first_trace;
  auto writer = formats::nacha::Writer::create(file);
  if (!writer) return fail(writer.error().describe());
  formats::nacha::BatchOptions batch;
  batch.company_name = config.autopay.company_name;
  batch.company_identification = config.autopay.company_id;
  batch.company_entry_description = config.autopay.entry_description;
  batch.effective_entry_date = *effective;
  batch.odfi_identification = config.autopay.odfi_routing.substr(0, 8);
  if (auto begun = writer->begin_batch(batch); !begun) return fail(begun.error().describe());
  std::vector<ingest::OriginatedEntry> originated;
  for (const Debit& d : debits) {
    auto trace = writer->add_debit(d.entry);
    if (!trace) return fail(fmt::format("{}: {}", d.account, trace.error().describe()));
    originated.push_back({*trace, d.account, d.entry.amount_minor, "USD", effective->days(), ""});
  }
  if (auto ended = writer->end_batch(); !ended) return fail(ended.error().describe());
  const std::int64_t next_trace = writer->next_trace_sequence();
  auto bytes = writer->finish();
  if (!bytes) return fail(bytes.error().describe());

  const std::string path = o.out.empty() ? fmt::format("{}/autopay-{}.ach", config.outbox_dir(), effective->to_iso()) : o.out;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << *bytes;
    if (!out) return fail("cannot write " + path);
  }
  const std::string sha = to_hex(sha256(*bytes));
  for (auto& e : originated) e.file_sha256 = sha;
  if (auto recorded = s.registry().record_originated(originated, effective->days(), path, next_trace); !recorded)
    return fail(recorded.error().describe());

  ingest::IngestOptions ingest_options;
  ingest_options.user = o.user;
  ingest_options.move_files = false;  // the file stays in the outbox for the bank
  auto outcome = s.intake().ingest(path, ingest_options);
  if (!outcome) return fail(outcome.error().describe());
  if (outcome->kind != ingest::IngestOutcome::Kind::accepted)
    return fail("the generated file did not pass its own check: " + outcome->one_line());
  auto posted = s.post_pending();
  if (!posted) return fail(posted.error().describe());

  if (o.json) {
    std::puts(boost::json::serialize(boost::json::object{
        {"file", path}, {"sha256", sha}, {"effective_date", effective->to_iso()},
        {"entries", debits.size()}, {"total_minor", total}, {"posted", posted->applied}}).c_str());
  } else {
    fmt::print("autopay: wrote {} ({} debits, {} USD, effective {}); posted {} entries\n", path, debits.size(),
               Money(total, Currency::usd()).to_display(), effective->to_iso(), posted->applied);
  }
  return 0;
}

}  // namespace

void register_autopay(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("autopay", "Originate autopay debits.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<AutopayOptions>();
  CLI::App* generate = cmd->add_subcommand(
      "generate", "Write the NACHA PPD debit file for enrolled accounts with a balance due, record\n"
                  "what was originated, and post the debits. One run per effective date.");
  generate->add_option("--effective", o->effective, "effective entry date YYYY-MM-DD")->required();
  generate->add_option("--out", o->out, "where to write the file (default: <data_dir>/outbox/autopay-DATE.ach)");
  generate->add_option("--user", o->user, "who runs it (recorded)");
  generate->add_flag("--json", o->json, "JSON on stdout");
  generate->callback([&global, o] { exit_code = run_generate(global, *o); });
}

}  // namespace tally::app
