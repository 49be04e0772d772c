// tally discrepancies list: every event that is not in the books, and why.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "api/discrepancies.h"
#include "app/commands.h"
#include "node/node.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/printable.h"
#include "ledger/refusal.h"
#include "node/not_in_books.h"

namespace tally::app {
namespace {

struct DiscrepancyCliOptions {
  std::size_t limit = 100;
  bool json = false;
};

// "3d 4h", "5h 12m", "40s": how long an item has waited.
std::string age_text(std::int64_t since_us, std::int64_t now) {
  if (since_us <= 0) return "-";
  const std::int64_t s = std::max<std::int64_t>(0, (now - since_us) / 1'000'000);
  if (s >= 86'400) return fmt::format("{}d {}h", s / 86'400, s % 86'400 / 3600);
  if (s >= 3600) return fmt::format("{}h {}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

int run_list(const GlobalOptions& global, const DiscrepancyCliOptions& o) {
  auto services = node::Node::open(resolve_config(global));
  if (!services || !(*services)->posts_here()) {
    fmt::print(stderr, "tally discrepancies: {}\n",
               services ? "the CLI reads the embedded ledger; on Kafka, ask a ledger process's API"
                        : services.error().describe());
    return 1;
  }
  ledger::Ledger& books = (*services)->ledger();
  if (auto posted = (*services)->post_pending(); !posted) {
    fmt::print(stderr, "tally discrepancies: {}\n", posted.error().describe());
    return 1;
  }
  auto items = node::list_not_in_books(books, o.limit);
  if (!items) {
    fmt::print(stderr, "tally discrepancies: {}\n", items.error().describe());
    return 1;
  }
  const std::int64_t now = now_us();
  if (o.json) {
    boost::json::array out;
    for (const node::NotInBooks& item : *items) out.push_back(api::not_in_books_json(item, now));
    std::puts(boost::json::serialize(boost::json::object{{"discrepancies", out}}).c_str());
    return 0;
  }
  if (items->empty()) {
    fmt::print("no discrepancies: every event the ledger read is in the books\n");
    return 0;
  }
  fmt::print("{:<12} {:>8} {:<18} {:<32} {:<24} {}\n", "kind", "age", "type", "event", "code",
             "reason");
  for (const node::NotInBooks& item : *items)
    fmt::print("{:<12} {:>8} {:<18} {:<32} {:<24} {}\n", item.kind, age_text(item.since_us, now),
               item.event_type.empty() ? "-" : item.event_type,
               item.event_id
                   ? item.event_id->to_hex()
                   : fmt::format("log {}/{}", item.partition.value(), item.position.value()),
               item.code ? ledger::refusal_name(*item.code) : "-", printable(item.reason));
  return 0;
}

}  // namespace

void register_discrepancies(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "discrepancies", "What is not in the books, and why: events the ledger refused, conflicts,\n"
                       "dead letters, and returns waiting for their payment.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<DiscrepancyCliOptions>();
  CLI::App* list = cmd->add_subcommand("list", "Every event not in the books, with its age and reason.");
  list->add_option("--limit", o->limit, "items at most (default 100)")->check(CLI::Range(1, 100000));
  list->add_flag("--json", o->json, "JSON on stdout");
  list->callback([&global, o] { exit_code = run_list(global, *o); });
}

}  // namespace tally::app
