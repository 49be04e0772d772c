// tally autopay generate --effective DATE: the NACHA PPD debit file for every enrolled account
// with a balance due. Writes it to the outbox for the bank, records each entry's trace (so
// returns and notifications of change match back), and ingests it, which posts the debits.
// One run per effective date: a second is refused, so the bank never gets a debit twice.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "app/commands.h"
#include "core/money.h"
#include "node/autopay.h"
#include "node/node.h"

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

void print(const ingest::OriginationOutcome& generated, BusinessDate effective, std::size_t posted,
           bool json) {
  if (json) {
    std::puts(boost::json::serialize(boost::json::object{
        {"file", generated.path}, {"sha256", generated.sha256}, {"effective_date", effective.to_iso()},
        {"entries", generated.entries}, {"total_minor", generated.total_minor}, {"posted", posted}}).c_str());
  } else {
    fmt::print("autopay: wrote {} ({} debits, {} USD, effective {}); posted {} entries\n", generated.path,
               generated.entries, Money(generated.total_minor, Currency::usd()).to_display(), effective.to_iso(),
               posted);
  }
}

int run_generate(const GlobalOptions& global, const AutopayOptions& o) {
  const auto effective = BusinessDate::parse_iso(o.effective);
  if (!effective) {
    fmt::print(stderr, "tally autopay generate: --effective must be YYYY-MM-DD\n");
    return 2;
  }
  auto opened = node::Node::open(resolve_config(global));
  if (!opened) return fail(opened.error().describe());
  node::Node& s = **opened;
  if (!s.posts_here()) return fail("origination runs beside the embedded ledger");
  if (auto posted = s.post_pending(); !posted) return fail(posted.error().describe());

  ingest::OriginationRequest request;
  request.effective_date = *effective;
  request.path = o.out;
  request.user = o.user;
  auto generated = node::originate_autopay(s, request);
  if (!generated) return fail(generated.error().describe());
  if (generated->path.empty()) {
    fmt::print("autopay: no enrolled account has a balance due; no file written\n");
    return 0;
  }
  auto posted = s.post_pending();
  if (!posted) return fail(posted.error().describe());
  print(*generated, *effective, posted->applied, o.json);
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
