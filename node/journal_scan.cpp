#include "node/journal_scan.h"

#include <fmt/format.h>

#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/store.h"

namespace tally::node {

Status for_each_entry(const ledger::Ledger& ledger, BusinessDate to,
                      const std::function<Status(const JournalItem&)>& visit) {
  const ledger::Store& store = ledger.store();
  const rocksdb::Snapshot* snapshot = store.db->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{store.db.get(), snapshot};
  rocksdb::ReadOptions read = ledger::total_order_read();
  read.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(read, store.journal));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != ledger::keys::kPartitionBytes + ledger::keys::kSeqBytes)
      return ledger::ledger_error(ledger::LedgerErrc::corrupt, "a journal key of the wrong size");
    auto entry = ledger::decode_entry(it->value().ToStringView());
    if (!entry) return entry.error();
    if (entry->business_date > to) continue;
    const PartitionId partition(
        static_cast<std::uint32_t>(log::get_be(key, 0, ledger::keys::kPartitionBytes)));
    TALLY_TRY_STATUS(visit(JournalItem{partition, std::move(*entry)}));
  }
  if (!it->status().ok())
    return ledger::storage_error(it->status(), "reading the journal for a report");
  return ok_status();
}

Status EntriesWithEvents::add(const JournalItem& item) {
  pending_.push_back(item);
  if (pending_.size() >= kBatch) return finish();
  return ok_status();
}

Status EntriesWithEvents::finish() {
  if (pending_.empty()) return ok_status();
  std::vector<log::LogAddress> where;
  where.reserve(pending_.size());
  for (const JournalItem& item : pending_) where.push_back({item.partition, item.entry.position});
  TALLY_TRY(auto records, log_.read_at(where));
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    std::optional<events::Envelope> event;
    if (i < records.size() && records[i]) {
      auto decoded = events::decode(records[i]->value);
      if (decoded) event = std::move(*decoded);
    }
    TALLY_TRY_STATUS(handle_(pending_[i], event ? &*event : nullptr));
  }
  pending_.clear();
  return ok_status();
}

}  // namespace tally::node
