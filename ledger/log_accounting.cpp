#include "ledger/log_accounting.h"

#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/events/codec.h"

namespace tally::ledger {
namespace {

constexpr int kPollMs = 200;
constexpr std::size_t kPollRecords = 10'000;
constexpr int kMaxEmptyPolls = 25;  // 5 s without a record: the log ends early
constexpr std::size_t kMaxDeadLetters = 1'000'000;

}  // namespace

Result<LogAccounting> account_for_log(const Ledger& ledger, log::EventLog& log) {
  LogAccounting out;
  TALLY_TRY(std::vector<log::DeadLetter> letters, log.read_dead_letters(kMaxDeadLetters));
  std::set<std::pair<std::uint32_t, std::int64_t>> dead;
  for (const log::DeadLetter& d : letters) dead.emplace(d.partition.value(), d.position.value());
  const auto fail = [&](std::string problem) {
    out.ok = false;
    out.problem = std::move(problem);
    return out;
  };

  for (PartitionId p : ledger.partitions()) {
    const LogPosition end = ledger.next_position(p);
    if (end.value() == 0) continue;
    log::ConsumerOptions options;
    options.group = "tally-verify";
    options.partitions = {p};
    options.start_position = [](PartitionId) { return LogPosition(0); };
    TALLY_TRY(auto consumer, log.consume(std::move(options)));
    std::int64_t next = 0;
    for (int empty = 0; next < end.value();) {
      TALLY_TRY(std::vector<log::LogRecord> records, consumer->poll(kPollMs, kPollRecords));
      if (records.empty()) {
        if (++empty >= kMaxEmptyPolls)
          return fail(fmt::format("partition {}: the log ends at position {}, below the ledger's "
                                  "consumed position {}",
                                  p.value(), next, end.value()));
        continue;
      }
      std::vector<EventLookup> lookups;
      std::vector<LogPosition> positions;
      for (const log::LogRecord& r : records) {
        if (r.position.value() >= end.value()) break;
        if (r.position.value() != next)
          return fail(fmt::format("partition {}: position {} follows {}", p.value(),
                                  r.position.value(), next - 1));
        ++next;
        ++out.records;
        auto event = events::decode(r.value);
        if (!event) {
          if (!dead.contains({p.value(), r.position.value()}))
            return fail(fmt::format("partition {} position {}: does not decode and was not "
                                    "dead-lettered",
                                    p.value(), r.position.value()));
          ++out.dead_letters;
          continue;
        }
        lookups.push_back({p, events::event_id_of(*event)});
        positions.push_back(r.position);
      }
      TALLY_TRY(auto found, ledger.find_events(lookups));
      for (std::size_t i = 0; i < found.size(); ++i) {
        if (!found[i])
          return fail(fmt::format("partition {} position {}: event {} is not in the books",
                                  p.value(), positions[i].value(), lookups[i].id.to_hex()));
        ++out.in_books;
      }
    }
  }
  return out;
}

}  // namespace tally::ledger
