#include "node/file_verdicts.h"

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "ledger/refusal.h"

namespace tally::node {
namespace {

constexpr int kPollMs = 20;

using ingest::Verdict;

}  // namespace

bool consumed(const ingest::IngestOutcome& outcome, const ledger::Ledger& ledger) {
  std::map<PartitionId, LogPosition> last;
  for (const ingest::PublishedEvent& e : outcome.published)
    if (last[e.partition] < e.position) last[e.partition] = e.position;
  for (const auto& [p, position] : last)
    if (ledger.next_position(p) <= position) return false;
  return true;
}

bool wait_until_consumed(const ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                         int timeout_ms, const std::atomic<bool>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!consumed(outcome, ledger)) {
    if (stop || std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
  }
  return true;
}

Status fill_verdicts(ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                     const ledger::ApplyStats* posted_in_process) {
  if (posted_in_process != nullptr && posted_in_process->only_new_events()) {
    ingest::FileVerdicts verdicts;
    verdicts.known = true;
    verdicts.posted = static_cast<std::int64_t>(outcome.published.size());
    outcome.verdicts = std::move(verdicts);
    return ok_status();
  }
  std::vector<ledger::EventLookup> lookups;
  lookups.reserve(outcome.published.size());
  for (const ingest::PublishedEvent& e : outcome.published) lookups.push_back({e.partition, e.id});
  TALLY_TRY(auto found, ledger.find_events(lookups));

  // The reasons of refusals and conflicts, read once per partition.
  std::map<PartitionId, std::set<EventId>> asked;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const ingest::PublishedEvent& e = outcome.published[i];
    if (found[i] && (found[i]->status == ledger::IdStatus::kRefused || found[i]->digest != e.digest))
      asked[e.partition].insert(e.id);
  }
  std::map<PartitionId, std::map<EventId, ledger::Discrepancy>> reasons;
  for (const auto& [p, ids] : asked) {
    TALLY_TRY(reasons[p], ledger.discrepancies_of(p, ids));
  }
  // The code and detail the ledger recorded for an event it did not apply; else the fallback.
  const auto not_applied = [&](const ingest::PublishedEvent& e, Verdict verdict,
                               std::string fallback) {
    const auto& of_partition = reasons[e.partition];
    const auto it = of_partition.find(e.id);
    if (it == of_partition.end()) return ingest::EventVerdict{e, verdict, std::move(fallback), {}};
    return ingest::EventVerdict{e, verdict, it->second.reason,
                                std::string(ledger::refusal_name(it->second.code))};
  };

  ingest::FileVerdicts verdicts;
  verdicts.known = true;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const ingest::PublishedEvent& e = outcome.published[i];
    const std::optional<ledger::IdValue>& id = found[i];
    if (!id) {
      verdicts.add({e, Verdict::missing,
                    "the ledger consumed it but it is not in the books: it did not decode and "
                    "was dead-lettered",
                    std::string(ledger::refusal_name(ledger::RefusalCode::undecodable_event))});
    } else if (id->digest != e.digest) {
      verdicts.add(
          not_applied(e, Verdict::conflicting, "the ledger holds another event under this id"));
    } else if (id->status == ledger::IdStatus::kParked) {
      verdicts.add(
          {e, Verdict::parked, "waiting for its payment; posted when the payment arrives", {}});
    } else if (id->status == ledger::IdStatus::kRefused) {
      verdicts.add(not_applied(e, Verdict::refused, "refused by a posting rule"));
    } else {
      verdicts.add({e, Verdict::posted, "", {}});
    }
  }
  outcome.verdicts = std::move(verdicts);
  return ok_status();
}

}  // namespace tally::node
