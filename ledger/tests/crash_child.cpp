// crash_child: the process the crash test kills. Applies an embedded log to a ledger with
// the real apply loop (synced, pipelined group commits) until it has caught up, then exits 0.
//   usage: tally_ledger_crash_child LOG_DIR LEDGER_DIR PARTITIONS MAX_BATCH_EVENTS
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/log/embedded_log.h"
#include "ledger/ledger.h"
#include "ledger/service.h"

int main(int argc, char** argv) {
  using namespace tally;
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s LOG_DIR LEDGER_DIR PARTITIONS MAX_BATCH_EVENTS\n", argv[0]);
    return 2;
  }
  spdlog::set_level(spdlog::level::err);  // refusals in the stream are expected here
  const auto partitions = static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10));
  auto log = log::EmbeddedLog::open({argv[1], partitions, true});
  if (!log) {
    std::fprintf(stderr, "log: %s\n", log.error().describe().c_str());
    return 1;
  }
  ledger::LedgerOptions options;
  options.path = argv[2];
  auto ledger = ledger::Ledger::open(options);
  if (!ledger) {
    std::fprintf(stderr, "ledger: %s\n", ledger.error().describe().c_str());
    return 1;
  }
  ledger::ServiceOptions service_options;
  service_options.max_batch_events = std::strtoul(argv[4], nullptr, 10);
  service_options.max_batch_ms = 2;
  ledger::LedgerService service(**ledger, **log, service_options);
  std::atomic<bool> stop{false};
  Status result = ok_status();
  std::thread runner([&] { result = service.run(stop); });
  for (;;) {
    bool caught_up = true;
    for (std::uint32_t p = 0; p < partitions; ++p)
      caught_up = caught_up &&
                  (*ledger)->next_position(PartitionId(p)) >= (*log)->end_position(PartitionId(p));
    if (caught_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  runner.join();
  if (!result) {
    std::fprintf(stderr, "service: %s\n", result.error().describe().c_str());
    return 1;
  }
  return 0;
}
