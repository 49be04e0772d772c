// Embedded log append, durable: events/s in synced batches of 1,000 events, beside raw
// RocksDB writing the same keys and values with the same sync policy, in the same run.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/embedded_log.h"
#include "core/log/partitioner.h"
#include "core/log/record_key.h"

namespace ev = tally::events;
namespace tlog = tally::log;

namespace {

constexpr int kEvents = 200'000;
constexpr int kBatch = 1'000;
constexpr std::uint32_t kPartitions = 8;
constexpr int kRuns = 5;

struct Event {
  std::string key, value;
};

std::vector<Event> make_events() {
  std::vector<Event> out;
  out.reserve(kEvents);
  for (int i = 0; i < kEvents; ++i) {
    ev::Envelope e;
    e.set_id(std::string(ev::command_id("bench-" + std::to_string(i)).as_string_view()));
    e.set_type(ev::PAYMENT_RECEIVED);
    e.set_schema_version(ev::kSchemaVersion);
    e.set_partition_key(tally::accounts::customer(std::to_string(i % 50'000)));
    auto* p = e.mutable_payment_received();
    p->set_channel(ev::ACH);
    p->set_account_id(std::to_string(i % 50'000));
    p->mutable_amount()->set_minor(1000 + i % 9000);
    p->mutable_amount()->set_currency("USD");
    p->set_external_reference("091000010" + std::to_string(1000000 + i));
    out.push_back({e.partition_key(), ev::encode(e)});
  }
  return out;
}

std::string fresh_dir(const std::string& name) {
  const std::string dir = (std::filesystem::temp_directory_path() / ("tally-bench-" + name)).string();
  std::filesystem::remove_all(dir);
  return dir;
}

void append_through_log(const std::vector<Event>& events) {
  const std::string dir = fresh_dir("log");
  auto log = tlog::EmbeddedLog::open({dir, kPartitions, true});
  TALLY_ASSERT(log.ok(), "bench log opens");
  std::vector<tlog::AppendEntry> batch;
  for (int start = 0; start < kEvents; start += kBatch) {
    batch.clear();
    for (int i = start; i < start + kBatch; ++i)
      batch.push_back({events[static_cast<std::size_t>(i)].key, events[static_cast<std::size_t>(i)].value});
    TALLY_ASSERT((*log)->append(batch).ok(), "bench append succeeds");
  }
  log->reset();
  std::filesystem::remove_all(dir);
}

// The baseline: the same column family, keys and framed values, written as the same synced
// batches, with none of the log's bookkeeping.
void append_raw(const std::vector<Event>& events) {
  const std::string dir = fresh_dir("raw");
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, {}}, {"log", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  TALLY_ASSERT(rocksdb::DB::Open(db_options, dir, families, &handles, &db).ok(), "raw db opens");
  std::vector<std::int64_t> next(kPartitions, 0);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  for (int start = 0; start < kEvents; start += kBatch) {
    rocksdb::WriteBatch wb;
    for (int i = start; i < start + kBatch; ++i) {
      const Event& e = events[static_cast<std::size_t>(i)];
      const tally::PartitionId p = tlog::partition_for(e.key, kPartitions);
      std::string value;
      tlog::put_varint32(value, static_cast<std::uint32_t>(e.key.size()));
      value += e.key;
      value += e.value;
      TALLY_ASSERT(wb.Put(handles[1], tlog::record_key(p, tally::LogPosition(next[p.value()]++)), value).ok(),
                   "batch put");
    }
    TALLY_ASSERT(db->Write(sync, &wb).ok(), "raw write");
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  std::filesystem::remove_all(dir);
}

}  // namespace

int main() {
  const std::vector<Event> events = make_events();
  // Alternate the two, so drift in the shared machine's load hits both alike.
  std::vector<double> log_s, raw_s;
  for (int run = 0; run < kRuns; ++run) {
    log_s.push_back(tally::bench::median_seconds(1, [&] { append_through_log(events); }));
    raw_s.push_back(tally::bench::median_seconds(1, [&] { append_raw(events); }));
  }
  std::sort(log_s.begin(), log_s.end());
  std::sort(raw_s.begin(), raw_s.end());
  tally::bench::print_line("log_append_embedded", kEvents / log_s[kRuns / 2], "events/s",
                           kEvents / raw_s[kRuns / 2]);
  return 0;
}
