#include "reconcile/store.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/log/rocksdb_lock.h"
#include "core/sha256.h"
#include "reconcile/errors.h"
#include "reconcile/keys.h"

namespace tally::reconcile {
namespace {

// "be32 date, message bytes" values ('M', 'D', 'E', 'W').
template <class Message>
Result<std::pair<BusinessDate, Message>> dated_message(std::string_view value, std::string_view what) {
  Message m;
  if (value.size() < 4 ||
      !m.ParseFromArray(value.data() + 4, static_cast<int>(value.size() - 4)))
    return reconcile_error(ReconcileErrc::corrupt, fmt::format("a stored {} does not decode", what));
  const auto days = static_cast<std::int32_t>(static_cast<std::uint32_t>(log::get_be(value, 0, 4)));
  return std::pair{BusinessDate::from_days(days), std::move(m)};
}

Result<EventId> id_after_tag(std::string_view key) {
  auto id = EventId::from_bytes(key.substr(1, EventId::kBytes));
  if (!id || key.size() < 1 + EventId::kBytes)
    return reconcile_error(ReconcileErrc::corrupt, "a stored key holds no event id");
  return *id;
}

}  // namespace

Error storage_error(const rocksdb::Status& status, std::string_view what) {
  if (log::rocksdb_lock_held(status))
    return reconcile_error(ReconcileErrc::in_use, fmt::format("{}: {}", what, status.ToString()));
  return reconcile_error(ReconcileErrc::storage, fmt::format("{}: {}", what, status.ToString()));
}

std::string_view status_name(DiscrepancyStatus status) {
  switch (status) {
    case DiscrepancyStatus::open:
      return "open";
    case DiscrepancyStatus::acknowledged:
      return "acknowledged";
    case DiscrepancyStatus::resolved:
      return "resolved";
  }
  return "open";
}

DiscrepancyStatus DiscrepancyView::status() const {
  DiscrepancyStatus s = DiscrepancyStatus::open;
  for (const DiscrepancyStep& step : steps) {
    switch (step.step.state()) {
      case events::DiscrepancyResolved::ACKNOWLEDGED:
        s = DiscrepancyStatus::acknowledged;
        break;
      case events::DiscrepancyResolved::RESOLVED:
        s = DiscrepancyStatus::resolved;
        break;
      case events::DiscrepancyResolved::REOPENED:
        s = DiscrepancyStatus::open;
        break;
      default:
        break;
    }
  }
  return s;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  // A large run writes several keys per match: memtables big enough, and enough of them,
  // that it does not wait for a flush.
  options.write_buffer_size = 256u << 20;
  options.max_write_buffer_number = 4;
  // Most point reads look for a key that is not there (an item seen for the first time, an
  // item no one claimed): bloom filters answer those without reading a table file.
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(256u << 20);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) return storage_error(s, "opening the reconciler's database " + path);
  return std::unique_ptr<Store>(new Store(std::unique_ptr<rocksdb::DB>(raw)));
}

Store::~Store() = default;

Status Store::write(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions options;
  options.sync = true;
  const rocksdb::Status s = db_->Write(options, &batch);
  if (!s.ok()) return storage_error(s, "writing the reconciler's database");
  return ok_status();
}

Result<std::optional<std::string>> Store::get(std::string_view key) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return storage_error(s, "reading the reconciler's database");
  return std::optional<std::string>(std::move(value));
}

template <class Fn>
Status Store::scan(std::string_view prefix, Fn&& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(prefix)) break;
    TALLY_TRY_STATUS(fn(key, std::string_view(it->value().data(), it->value().size())));
  }
  if (!it->status().ok()) return storage_error(it->status(), "scanning the reconciler's database");
  return ok_status();
}

Result<LogPosition> Store::next_position(PartitionId partition) const {
  TALLY_TRY(auto value, get(keys::position(partition)));
  if (!value) return LogPosition(0);
  if (value->size() != 8) return reconcile_error(ReconcileErrc::corrupt, "a stored position is not 8 bytes");
  return LogPosition(static_cast<std::int64_t>(log::get_be(*value, 0, 8)));
}

Result<std::vector<Item>> Store::open_items() const {
  std::vector<Item> items;
  TALLY_TRY_STATUS(scan(std::string(1, keys::kOpen), [&](std::string_view, std::string_view value) -> Status {
    TALLY_TRY(Item item, decode_item(value));
    items.push_back(std::move(item));
    return ok_status();
  }));
  return items;
}

Result<std::vector<Item>> Store::items() const {
  std::vector<Item> items;
  TALLY_TRY_STATUS(scan(std::string(1, keys::kItem), [&](std::string_view, std::string_view value) -> Status {
    TALLY_TRY(Item item, decode_item(value));
    items.push_back(std::move(item));
    return ok_status();
  }));
  return items;
}

Result<std::optional<Item>> Store::item(const EventId& id) const {
  TALLY_TRY(auto value, get(keys::item(id)));
  if (!value) return std::optional<Item>();
  TALLY_TRY(Item item, decode_item(*value));
  return std::optional<Item>(std::move(item));
}

Result<std::optional<EventId>> Store::claimant(const EventId& item) const {
  TALLY_TRY(auto value, get(keys::claim(item)));
  if (!value) return std::optional<EventId>();
  auto id = EventId::from_bytes(*value);
  if (!id) return reconcile_error(ReconcileErrc::corrupt, "a stored claim is not an event id");
  return std::optional<EventId>(*id);
}

Result<std::optional<StoredMatch>> Store::match(const EventId& id) const {
  TALLY_TRY(auto value, get(keys::match(id)));
  if (!value) return std::optional<StoredMatch>();
  TALLY_TRY(auto dated, dated_message<events::ReconcileMatched>(*value, "match"));
  return std::optional<StoredMatch>(StoredMatch{id, dated.first, std::move(dated.second)});
}

Result<std::optional<DiscrepancyView>> Store::discrepancy(std::string_view id) const {
  DiscrepancyView view;
  view.id = std::string(id);
  TALLY_TRY(auto raised, get(keys::discrepancy(id)));
  if (raised) {
    TALLY_TRY(auto dated, dated_message<events::DiscrepancyRaised>(*raised, "discrepancy"));
    view.raised_on = dated.first;
    view.raised = std::move(dated.second);
  }
  TALLY_TRY_STATUS(scan(keys::steps_prefix(id), [&](std::string_view key, std::string_view value) -> Status {
    DiscrepancyStep step;
    const std::size_t at = keys::steps_prefix(id).size();
    step.recorded_at_us = static_cast<std::int64_t>(log::get_be(key, at, 8));
    if (!step.step.ParseFromArray(value.data(), static_cast<int>(value.size())))
      return reconcile_error(ReconcileErrc::corrupt, "a stored discrepancy step does not decode");
    view.steps.push_back(std::move(step));
    return ok_status();
  }));
  if (!view.raised && view.steps.empty()) return std::optional<DiscrepancyView>();
  return std::optional<DiscrepancyView>(std::move(view));
}

Result<std::vector<DiscrepancyView>> Store::discrepancies() const {
  std::vector<std::string> ids;
  for (char tag : {keys::kDiscrepancy, keys::kStep}) {
    TALLY_TRY_STATUS(scan(std::string(1, tag), [&](std::string_view key, std::string_view) -> Status {
      std::string_view id = key.substr(1);
      if (tag == keys::kStep) id = id.substr(0, id.find('\0'));
      if (ids.empty() || ids.back() != id) ids.emplace_back(id);
      return ok_status();
    }));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<DiscrepancyView> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    TALLY_TRY(auto view, discrepancy(id));
    if (view) out.push_back(std::move(*view));
  }
  return out;
}

Result<std::vector<events::BankBalanceReported>> Store::balances() const {
  std::vector<events::BankBalanceReported> out;
  TALLY_TRY_STATUS(scan(std::string(1, keys::kBalance), [&](std::string_view, std::string_view value) -> Status {
    events::BankBalanceReported b;
    if (!b.ParseFromArray(value.data(), static_cast<int>(value.size())))
      return reconcile_error(ReconcileErrc::corrupt, "a stored bank balance does not decode");
    out.push_back(std::move(b));
    return ok_status();
  }));
  return out;
}

template <class Stored, class Message>
Result<std::vector<Stored>> Store::dated_records(char tag, std::string_view what) const {
  std::vector<Stored> out;
  TALLY_TRY_STATUS(scan(std::string(1, tag), [&](std::string_view key, std::string_view value) -> Status {
    TALLY_TRY(EventId id, id_after_tag(key));
    TALLY_TRY(auto dated, dated_message<Message>(value, what));
    out.push_back(Stored{id, dated.first, std::move(dated.second)});
    return ok_status();
  }));
  return out;
}

Result<std::vector<StoredBooksEntry>> Store::books_entries() const {
  return dated_records<StoredBooksEntry, events::BooksEntryPosted>(keys::kBooksEntry, "books entry");
}

Result<std::vector<StoredDrawerClose>> Store::drawer_closes() const {
  return dated_records<StoredDrawerClose, events::DrawerClosed>(keys::kDrawerClose, "drawer close");
}

Result<std::uint64_t> Store::seen_again() const {
  TALLY_TRY(auto value, get(keys::seen_again()));
  if (!value || value->size() != 8) return std::uint64_t{0};
  return log::get_be(*value, 0, 8);
}

Result<std::string> Store::digest() const {
  Sha256Stream hash;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() > 0 && it->key()[0] == keys::kPosition) continue;
    std::string framed;
    log::put_be32(framed, static_cast<std::uint32_t>(it->key().size()));
    framed.append(it->key().data(), it->key().size());
    log::put_be32(framed, static_cast<std::uint32_t>(it->value().size()));
    framed.append(it->value().data(), it->value().size());
    hash.update(framed);
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading the reconciler's database");
  return to_hex(hash.finish());
}

}  // namespace tally::reconcile
