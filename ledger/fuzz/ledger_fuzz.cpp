// libFuzzer target for the ledger's input: any bytes as one log record (decode -> posting
// rules -> commit) must be applied, refused, parked or dead-lettered; never an abort. One
// ledger in a temporary folder lives for the whole run, so later inputs meet the state
// earlier ones left (payments to return, drawers to close).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/assert.h"
#include "ledger/ledger.h"

namespace {

using namespace tally;

// Never destroyed: RocksDB's own statics are gone by the time a static here would close it.
ledger::Ledger& the_ledger() {
  static ledger::Ledger* const ledger = [] {
    const std::string dir = std::filesystem::temp_directory_path() /
                            ("tally-ledger-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    ledger::LedgerOptions options;
    options.path = dir;
    options.sync = false;
    auto opened = ledger::Ledger::open(options);
    TALLY_ASSERT(opened.ok(), "the fuzz ledger opens");
    return std::move(opened).value().release();
  }();
  return *ledger;
}

std::int64_t next_position = 0;

}  // namespace

// The ledger keeps state across inputs (its memtables grow by design), which libFuzzer would
// take for a leak to look for after every input, scanning hundreds of megabytes each time:
// leaks are not checked here (the parsers' fuzzers check theirs).
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ledger::Ledger& ledger = the_ledger();
  log::LogRecord record{PartitionId(0), LogPosition(next_position++), "key",
                        std::string(reinterpret_cast<const char*>(data), size)};
  auto applied = ledger.apply(std::span(&record, 1));
  TALLY_ASSERT(applied.ok(), "any record is applied, refused, parked or dead-lettered");
  TALLY_ASSERT(applied->records == 1, "the record is consumed");
  return 0;
}
