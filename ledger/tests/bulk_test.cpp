// Bulk posting (Ledger::submit_bulk): the same books as group commits, written as table files
// in one atomic step, nothing of it before flush(), and nothing lost when it is not flushed.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ledger/keys.h"
#include "ledger/store.h"
#include "ledger/table_files.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

std::unique_ptr<Ledger> open_bulk(const std::string& path) {
  LedgerOptions options;
  options.path = path;
  options.sync = false;
  options.min_table_records = 0;  // table files however small the batch
  auto ledger = Ledger::open(options);
  if (!ledger) throw std::runtime_error(ledger.error().describe());
  return std::move(ledger).value();
}

// Table files of the journal family: a bulk write adds some, a WriteBatch only fills a memtable.
std::size_t journal_table_files(Ledger& ledger) {
  std::vector<rocksdb::LiveFileMetaData> files;
  ledger.store().db->GetLiveFilesMetaData(&files);
  return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [](const auto& f) {
    return f.column_family_name == keys::kJournal;
  }));
}

std::vector<log::LogRecord> payments(PartitionWriter& w, int from, int to) {
  std::vector<log::LogRecord> out;
  for (int i = from; i < to; ++i)
    out.push_back(w.record(payment("p" + std::to_string(i), std::to_string(i % 7), 100 + i,
                                   "T" + std::to_string(i))));
  return out;
}

}  // namespace

TEST_CASE("a bulk batch is written as table files at flush, and only then seen",
          "[ledger][bulk]") {
  TempDir dir;
  auto ledger = open_bulk(dir.path());
  PartitionWriter w;
  auto first = ledger->submit_bulk(payments(w, 0, 40));
  REQUIRE(first.ok());
  CHECK(first->applied == 0);  // nothing written yet
  REQUIRE(ledger->submit_bulk(payments(w, 40, 70)).ok());
  CHECK(ledger->counters().entries == 0);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(0));
  const std::size_t tables_before = journal_table_files(*ledger);

  auto flushed = ledger->flush();
  REQUIRE(flushed.ok());
  CHECK(flushed->applied == 70);
  CHECK(ledger->counters().entries == 70);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(70));
  CHECK(journal_table_files(*ledger) == tables_before + 1);
  std::int64_t expected = 0;
  for (int i = 0; i < 70; i += 7) expected -= 100 + i;
  CHECK(balance_of(*ledger, "customer:0") == expected);
  auto report = ledger->verify();
  REQUIRE(report.ok());
  CHECK(report->ok);
  CHECK_FALSE(std::filesystem::exists(table_dir_for(dir.path())));
}

TEST_CASE("a bulk batch not flushed is not in the books, and the next run applies it",
          "[ledger][bulk]") {
  TempDir dir;
  PartitionWriter w;
  const std::vector<log::LogRecord> records = payments(w, 0, 25);
  {
    auto ledger = open_bulk(dir.path());
    REQUIRE(ledger->submit_bulk(records).ok());
  }  // closed without flush(): as if the process stopped
  auto ledger = open_bulk(dir.path());
  CHECK(ledger->counters().entries == 0);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(0));
  REQUIRE(ledger->submit_bulk(records).ok());
  auto flushed = ledger->flush();
  REQUIRE(flushed.ok());
  CHECK(flushed->applied == 25);
  CHECK(ledger->counters().duplicates == 0);
}

TEST_CASE("a redelivered bulk is skipped by position and its ids are not applied twice",
          "[ledger][bulk]") {
  TempDir dir;
  auto ledger = open_bulk(dir.path());
  PartitionWriter w;
  const std::vector<log::LogRecord> records = payments(w, 0, 30);
  REQUIRE(ledger->submit_bulk(records).ok());
  REQUIRE(ledger->flush().ok());
  REQUIRE(ledger->submit_bulk(records).ok());
  auto again = ledger->flush();
  REQUIRE(again.ok());
  CHECK(again->skipped == 30);
  CHECK(again->applied == 0);
  CHECK(ledger->counters().entries == 30);
}

TEST_CASE("a return in the same bulk batch as its payment finds it by reference",
          "[ledger][bulk]") {
  TempDir dir;
  auto ledger = open_bulk(dir.path());
  PartitionWriter w;
  std::vector<log::LogRecord> records = payments(w, 0, 10);
  // By reference only (no original id), R02 (no fee): the payment is found in the batch's
  // staged reference index and reversed.
  const std::vector<log::LogRecord> returned = w.records({payment_return("r3", "", "T3", 103, "R02")});
  records.insert(records.end(), returned.begin(), returned.end());
  REQUIRE(ledger->submit_bulk(records).ok());
  auto flushed = ledger->flush();
  REQUIRE(flushed.ok());
  CHECK(flushed->applied == 11);
  CHECK(flushed->parked == 0);
  CHECK(balance_of(*ledger, "customer:3") == 0);
}

TEST_CASE("group commits are refused while a bulk batch waits for flush", "[ledger][bulk]") {
  TempDir dir;
  auto ledger = open_bulk(dir.path());
  PartitionWriter w;
  REQUIRE(ledger->submit_bulk(payments(w, 0, 3)).ok());
  CHECK_FALSE(ledger->apply(payments(w, 3, 4)).ok());
  CHECK_FALSE(ledger->submit(payments(w, 4, 5)).ok());
  REQUIRE(ledger->flush().ok());
  CHECK(ledger->counters().entries == 3);
}

TEST_CASE("table folders a stopped process left behind are removed at open", "[ledger][bulk]") {
  TempDir dir;
  { auto ledger = open_bulk(dir.path()); }
  const std::string stale = dir.path() + "/bulk-999999";
  std::filesystem::create_directories(stale);
  { std::ofstream(stale + "/4.sst") << "half written"; }
  auto ledger = open_bulk(dir.path());
  CHECK_FALSE(std::filesystem::exists(stale));
}
