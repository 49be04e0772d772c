// Queries about single events rather than accounts: what the ledger did with each (the id
// index), the discrepancy it recorded for one, and the events waiting for their payment. They
// answer `tally ingest`'s verdicts and the list of what is not in the books.
#include <rocksdb/db.h>

#include <fmt/format.h>

#include "core/events/codec.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/ledger_impl.h"

namespace tally::ledger {
namespace {

// Newest first, a file's refusals are near the end of their partition's discrepancies; the
// scan stops here rather than read a partition's whole history.
constexpr std::size_t kMaxDiscrepanciesScanned = 100'000;
constexpr std::size_t kLookupChunk = 4096;

}  // namespace

Result<std::vector<std::optional<IdValue>>> Ledger::find_events(
    std::span<const EventLookup> events) const {
  std::vector<std::optional<IdValue>> out(events.size());
  std::vector<keys::IdKey> keys;
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::PinnableSlice> values(kLookupChunk);
  std::vector<rocksdb::Status> statuses(kLookupChunk);
  Store& store = *impl_->store;
  for (std::size_t start = 0; start < events.size(); start += kLookupChunk) {
    const std::size_t n = std::min(kLookupChunk, events.size() - start);
    keys.clear();
    slices.clear();
    for (std::size_t i = 0; i < n; ++i) keys.push_back(keys::id_key(events[start + i].partition, events[start + i].id));
    for (std::size_t i = 0; i < n; ++i) {
      slices.emplace_back(keys::view(keys[i]).data(), keys::view(keys[i]).size());
      values[i].Reset();
    }
    store.db->MultiGet(rocksdb::ReadOptions(), store.ids, n, slices.data(), values.data(),
                       statuses.data());
    for (std::size_t i = 0; i < n; ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return storage_error(statuses[i], "reading the id index");
      TALLY_TRY(IdValue v, decode_id(values[i].ToStringView()));
      out[start + i] = v;
    }
  }
  return out;
}

Result<std::map<EventId, Discrepancy>> Ledger::discrepancies_of(PartitionId partition,
                                                                const std::set<EventId>& ids) const {
  std::map<EventId, Discrepancy> found;
  if (ids.empty()) return found;
  Store& store = *impl_->store;
  const std::string prefix = keys::state_prefix(partition, keys::kTagDiscrepancy);
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  std::size_t scanned = 0;
  for (it->SeekForPrev(keys::state_numbered(partition, keys::kTagDiscrepancy, ~std::uint64_t{0}));
       it->Valid() && it->key().starts_with(prefix) && scanned < kMaxDiscrepanciesScanned &&
       found.size() < ids.size();
       it->Prev(), ++scanned) {
    TALLY_TRY(Discrepancy d, decode_discrepancy(it->value().ToStringView()));
    if (ids.contains(d.event_id) && !found.contains(d.event_id)) found.emplace(d.event_id, std::move(d));
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading discrepancies");
  return found;
}

Result<std::vector<ParkedItem>> Ledger::parked(std::size_t limit) const {
  if (limit == 0 || limit > kMaxQueryLimit)
    return ledger_error(LedgerErrc::invalid_argument, fmt::format("limit must be 1..{}", kMaxQueryLimit));
  Store& store = *impl_->store;
  std::vector<ParkedItem> out;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  for (PartitionId p : impl_->query_partitions({})) {
    const std::string prefix = keys::state_prefix(p, keys::kTagParked);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
         it->Next()) {
      TALLY_TRY(ParkedEvent parked, decode_parked(it->value().ToStringView()));
      auto event = events::decode(parked.event_bytes);
      if (!event) return ledger_error(LedgerErrc::corrupt, "a parked event no longer decodes");
      ParkedItem item{p, parked.position, events::event_id_of(*event),
                      static_cast<std::uint32_t>(event->type()),
                      BusinessDate::from_days(event->business_date()), event->recorded_at_us(), ""};
      if (parked.wait_kind == WaitKind::kPaymentId) {
        const auto payment = EventId::from_bytes(parked.wait_key);
        item.waiting_for = fmt::format("payment {}", payment ? payment->to_hex() : "?");
      } else {
        item.waiting_for = fmt::format("a payment with reference {}", parked.wait_key);
      }
      out.push_back(std::move(item));
    }
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading parked events");
  return out;
}

}  // namespace tally::ledger
