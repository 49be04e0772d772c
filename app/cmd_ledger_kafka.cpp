#include "app/ledger_kafka.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/kafka_log.h"
#include "ledger/topic_guard.h"
#include "node/kafka_accept.h"
#include "node/node.h"

namespace tally::app {
namespace {

constexpr int kWatermarkTimeoutMs = 10000;

struct AcceptOptions {
  std::string user;
  std::vector<std::uint32_t> partitions;
  bool json = false;
};

Result<std::unique_ptr<node::Node>> open_kafka_books(const Config& config) {
  TALLY_TRY(auto node, node::Node::open(config));
  if (dynamic_cast<log::KafkaLog*>(&node->log()) == nullptr)
    return Error{make_error_code(CoreErrc::invalid_argument), "this command is for Kafka (--kafka BROKERS)"};
  return node;
}

int run_accept(const GlobalOptions& global, const AcceptOptions& o) {
  const Config config = resolve_config(global);
  auto books = open_kafka_books(config);
  if (!books) {
    fmt::print(stderr, "tally ledger accept-topic: {}\n", books.error().describe());
    return 1;
  }
  std::vector<PartitionId> only;
  for (std::uint32_t p : o.partitions) only.emplace_back(p);
  auto accepted = node::accept_kafka_topic(**books, o.user, only);
  if (!accepted) {
    fmt::print(stderr, "tally ledger accept-topic: {}\n", accepted.error().describe());
    return 1;
  }
  boost::json::object out{{"by", o.user}};
  const std::pair<const char*, const std::vector<ledger::AcceptedPartition>*> parts[] = {
      {"ledger", &accepted->ledger}, {"reconciler", &accepted->reconciler}};
  for (const auto& [what, moved] : parts) {
    boost::json::array rows;
    for (const ledger::AcceptedPartition& m : *moved) {
      rows.push_back(boost::json::object{{"partition", m.partition.value()},
                                         {"from", m.from.value()},
                                         {"to", m.to.value()},
                                         {"reason", log::stop_reason_name(m.reason)}});
      if (!o.json)
        fmt::print("{} partition {}: {} -> {} ({}), by {}\n", what, m.partition.value(), m.from.value(),
                   m.to.value(), log::stop_reason_name(m.reason), o.user);
    }
    out[what] = std::move(rows);
  }
  if (o.json) fmt::print("{}\n", boost::json::serialize(out));
  else if (accepted->ledger.empty() && accepted->reconciler.empty())
    fmt::print("every partition is within the topic; the topic is recorded as the books'\n");
  return 0;
}

}  // namespace

int run_verify_kafka(const Config& config, bool json) {
  auto books = open_kafka_books(config);
  if (!books) {
    fmt::print(stderr, "tally ledger verify: {}\n", books.error().describe());
    return 1;
  }
  auto& kafka = dynamic_cast<log::KafkaLog&>((*books)->log());
  auto chains = (*books)->ledger().verify();
  auto positions = ledger::check_positions((*books)->ledger(), kafka, kWatermarkTimeoutMs);
  if (!chains || !positions) {
    fmt::print(stderr, "tally ledger verify: {}\n",
               (!chains ? chains.error() : positions.error()).describe());
    return 1;
  }
  const bool ok = chains->ok && positions->problems.empty() && positions->identity_problem.empty();
  boost::json::array problems;
  for (const ledger::PositionProblem& p : positions->problems)
    problems.push_back(boost::json::object{{"partition", p.partition.value()},
                                           {"stored_position", p.stored.value()},
                                           {"low_watermark", p.kept.low.value()},
                                           {"high_watermark", p.kept.high.value()},
                                           {"reason", log::stop_reason_name(p.reason)}});
  if (json) {
    boost::json::object out{{"ok", ok},
                            {"hash_chains_ok", chains->ok},
                            {"partitions", chains->partitions},
                            {"entries", chains->entries},
                            {"positions_checked", positions->partitions_checked},
                            {"position_problems", problems}};
    if (chains->problem) out["problem"] = chains->problem->reason;
    if (!positions->identity_problem.empty()) out["topic_problem"] = positions->identity_problem;
    fmt::print("{}\n", boost::json::serialize(out));
    return ok ? 0 : 1;
  }
  if (chains->ok)
    fmt::print("hash chains: {} partition(s), {} entries verify\n", chains->partitions, chains->entries);
  else
    fmt::print("hash chains: {}\n", chains->problem ? chains->problem->reason : std::string("do not verify"));
  if (!positions->identity_problem.empty()) fmt::print("topic: {}\n", positions->identity_problem);
  for (const ledger::PositionProblem& p : positions->problems)
    fmt::print("partition {}: stored position {} outside the kept range {}..{} ({})\n", p.partition.value(),
               p.stored.value(), p.kept.low.value(), p.kept.high.value(), log::stop_reason_name(p.reason));
  if (positions->problems.empty())
    fmt::print("positions: {} partition(s) within the topic's kept range\n", positions->partitions_checked);
  return ok ? 0 : 1;
}

void register_accept_topic(CLI::App& ledger, GlobalOptions& global) {
  auto o = std::make_shared<AcceptOptions>();
  CLI::App* cmd = ledger.add_subcommand(
      "accept-topic",
      "Kafka: accept the topic as it is now for partitions that stopped (a gap: records deleted\n"
      "unread; ahead: the topic was reset or recreated; topic_changed). Each such partition resumes\n"
      "at the topic's low watermark; the decision is kept with --user and the time. Run with\n"
      "`tally serve` stopped. See docs/operations.md, \"Scale out on Kafka\".");
  cmd->add_option("--user", o->user, "who decides (kept with the decision)")->required();
  cmd->add_option("--partition", o->partitions, "only these partitions (repeatable; default: all)");
  cmd->add_flag("--json", o->json, "JSON on stdout");
  cmd->callback([&global, o] { exit_code = run_accept(global, *o); });
}

}  // namespace tally::app
