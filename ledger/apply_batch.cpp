#include "ledger/apply_batch.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/events/digest.h"
#include "core/money.h"
#include "ledger/errors.h"
#include "ledger/keys.h"

namespace tally::ledger {
namespace {

constexpr std::size_t kMaxReferenced = 64;  // payments under one reference that a return considers

// Grows a buffer ahead of a batch's needs, doubling so that a batch fed in many spans (a
// bulk batch) is not copied once per span.
template <class Buffer>
void reserve_ahead(Buffer& buffer, std::size_t needed) {
  if (buffer.capacity() < needed) buffer.reserve(std::max(needed, 2 * buffer.capacity()));
}

// The same for a hash map: reserve() rehashes every element, so only at doublings.
template <class Map>
void reserve_ahead_map(Map& map, std::size_t needed) {
  const auto holds = static_cast<std::size_t>(static_cast<double>(map.bucket_count()) * map.max_load_factor());
  if (needed > holds) map.reserve(std::max(needed, 2 * map.size()));
}

// Reads `wanted` keys of a family in one MultiGet (sorted and deduplicated first); calls
// store(key, value or nullopt) for each. A storage failure stops it.
template <class Key, class Store>
Status read_many(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, std::vector<Key>& wanted, Store&& store) {
  // Bytewise order, as RocksDB compares keys (std::array<char> would compare signed chars).
  std::sort(wanted.begin(), wanted.end(), [](const Key& a, const Key& b) {
    return std::string_view(a.data(), a.size()) < std::string_view(b.data(), b.size());
  });
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.empty()) return ok_status();
  std::vector<rocksdb::Slice> slices;
  slices.reserve(wanted.size());
  for (const Key& key : wanted) slices.emplace_back(key.data(), key.size());
  std::vector<rocksdb::PinnableSlice> values(wanted.size());
  std::vector<rocksdb::Status> statuses(wanted.size());
  db.MultiGet(rocksdb::ReadOptions(), cf, wanted.size(), slices.data(), values.data(), statuses.data(),
              /*sorted_input=*/true);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      TALLY_TRY_STATUS(store(std::move(wanted[i]), std::optional<std::string_view>()));
    } else if (!statuses[i].ok()) {
      return storage_error(statuses[i], "prefetching");
    } else {
      TALLY_TRY_STATUS(store(std::move(wanted[i]), std::optional<std::string_view>(values[i].ToStringView())));
    }
  }
  return ok_status();
}

}  // namespace

Result<std::optional<ChargebackState>> BatchContext::chargeback(const EventId& id) {
  TALLY_TRY(auto value,
            batch_.state_value(keys::state(p_, keys::kTagChargeback, id.as_string_view())));
  if (!value) return std::optional<ChargebackState>();
  TALLY_TRY(ChargebackState state, decode_chargeback_state(*value));
  return std::optional<ChargebackState>(std::move(state));
}

Result<std::optional<DrawerSession>> BatchContext::drawer_session(std::string_view session) {
  TALLY_TRY(auto value, batch_.state_value(keys::state(p_, keys::kTagDrawer, session)));
  if (!value) return std::optional<DrawerSession>();
  TALLY_TRY(DrawerSession state, decode_drawer_session(*value));
  return std::optional<DrawerSession>(std::move(state));
}

Result<AutopayState> BatchContext::autopay(std::string_view account) {
  TALLY_TRY(auto value, batch_.state_value(keys::state(p_, keys::kTagAutopay, account)));
  if (!value) return AutopayState{};
  return decode_autopay(*value);
}

Result<std::optional<AdjustmentRequestState>> BatchContext::adjustment_request(const EventId& id) {
  TALLY_TRY(auto value, batch_.state_value(keys::adjustment(p_, id)));
  if (!value) return std::optional<AdjustmentRequestState>();
  TALLY_TRY(AdjustmentRequestState state, decode_adjustment_request(*value));
  return std::optional<AdjustmentRequestState>(std::move(state));
}

ApplyBatch::ApplyBatch(Store& store, const LedgerState& state, const LedgerOptions& options,
                       log::EventLog* dead_letters, const ApplyBatch* previous,
                       BatchBuffers buffers)
    : store_(store),
      base_(state),
      options_(options),
      dead_letters_(dead_letters),
      previous_(previous),
      buffers_(std::move(buffers)) {}

PartitionState& ApplyBatch::partition(PartitionId p) {
  auto it = partitions_.find(p);
  if (it != partitions_.end()) return it->second;
  if (previous_ != nullptr) {
    if (auto prev = previous_->partitions_.find(p); prev != previous_->partitions_.end())
      return partitions_.emplace(p, prev->second).first->second;
  }
  const auto base = base_.partitions.find(p);
  return partitions_.emplace(p, base != base_.partitions.end() ? base->second : PartitionState{})
      .first->second;
}

const PolicyBook* ApplyBatch::policy_book(PartitionId p) const {
  if (auto it = policies_.find(p); it != policies_.end()) return &it->second;
  if (previous_ != nullptr) {
    if (auto it = previous_->policies_.find(p); it != previous_->policies_.end())
      return &it->second;
  }
  if (auto it = base_.policies.find(p); it != base_.policies.end()) return &it->second;
  return nullptr;
}

std::size_t ApplyBatch::policy_book_size(PartitionId p) const {
  const PolicyBook* book = policy_book(p);
  return book ? book->size() : 0;
}

const Policy& ApplyBatch::policy_at(PartitionId p, BusinessDate date) const {
  static const PolicyBook kDefaults;
  const PolicyBook* book = policy_book(p);
  return (book ? *book : kDefaults).at(date);
}

bool ApplyBatch::fresh_non_payment(const keys::IdKey& id_key) const {
  for (const ApplyBatch* b = this; b != nullptr; b = b == this ? previous_ : nullptr) {
    auto it = b->ids_.find(id_key);
    if (it != b->ids_.end() && it->second.status == IdStatus::kApplied &&
        !b->fresh_payments_.contains(id_key))
      return true;
  }
  return false;
}

Status ApplyBatch::prefetch(std::span<const log::LogRecord> records) {
  const std::size_t first = records_.size();
  for (const log::LogRecord& record : records) records_.push_back(&record);
  decoded_.resize(records_.size());
  // A payment stages about six keys and 600 bytes.
  reserve_ahead(arena_, arena_.size() + records.size() * 640);
  reserve_ahead(buffers_.staged, buffers_.staged.size() + records.size() * 7);
  reserve_ahead_map(ids_, ids_.size() + records.size());
  reserve_ahead_map(balances_, balances_.size() + records.size() + 16);
  std::vector<keys::IdKey> id_keys;
  std::vector<std::string> balance_keys;
  id_keys.reserve(records.size());
  balance_keys.reserve(records.size());
  decode_from(first, id_keys, balance_keys);
  TALLY_TRY_STATUS(read_ids(id_keys));
  return read_balances(balance_keys);
}

// Decodes records from `first` on, and lists the ids and the balances they will read.
void ApplyBatch::decode_from(std::size_t first, std::vector<keys::IdKey>& id_keys,
                             std::vector<std::string>& balance_keys) {
  for (std::size_t i = first; i < records_.size(); ++i) {
    // events::decode, on the batch's protobuf arena: one allocation for the batch rather
    // than several per event.
    auto* envelope = google::protobuf::Arena::CreateMessage<events::Envelope>(&envelopes_);
    const std::string& bytes = records_[i]->value;
    if (!envelope->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      decoded_[i].error = fmt::format("{} bytes are not a protobuf Envelope", bytes.size());
      continue;
    }
    if (Status valid = events::validate(*envelope); !valid) {
      decoded_[i].error = valid.error().describe();
      continue;
    }
    decoded_[i].envelope = envelope;
    decoded_[i].id_read = true;
    const events::Envelope& e = *envelope;
    const PartitionId p = records_[i]->partition;
    id_keys.push_back(keys::id_key(p, events::event_id_of(e)));
    // The accounts most events post to; anything missed is read when needed.
    std::string_view customer;
    if (e.has_payment_received())
      customer = e.payment_received().account_id();
    else if (e.has_bill_issued())
      customer = e.bill_issued().account_id();
    if (!customer.empty() && customer.size() <= kMaxIdBytes) {
      std::string key = keys::balance(p, accounts::customer(customer));
      const bool known = balances_.contains(key) || balance_reads_.contains(key) ||
                         (previous_ != nullptr && previous_->balances_.contains(key));
      if (!known) balance_keys.push_back(std::move(key));
    }
  }
}

// Only the ids found are kept: a record's own id not among them is known to be new
// (Decoded::id_read), without an entry per new event.
Status ApplyBatch::read_ids(std::vector<keys::IdKey>& wanted) {
  return read_many(*store_.db, store_.ids, wanted,
                   [&](keys::IdKey key, std::optional<std::string_view> v) -> Status {
                     if (!v) return ok_status();
                     TALLY_TRY(IdValue id, decode_id(*v));
                     id_reads_.emplace(key, id);
                     return ok_status();
                   });
}

Status ApplyBatch::read_balances(std::vector<std::string>& wanted) {
  return read_many(*store_.db, store_.balances, wanted,
                   [&](std::string key, std::optional<std::string_view> v) -> Status {
                     std::optional<BalanceValue> balance;
                     if (v) {
                       TALLY_TRY(BalanceValue stored, decode_balance(*v));
                       balance = stored;
                     }
                     balance_reads_.emplace(std::move(key), balance);
                     return ok_status();
                   });
}

Result<std::optional<IdValue>> ApplyBatch::lookup_id(const keys::IdKey& key, bool prefetched) {
  if (auto it = ids_.find(key); it != ids_.end()) return std::optional<IdValue>(it->second);
  if (previous_ != nullptr) {
    if (auto it = previous_->ids_.find(key); it != previous_->ids_.end())
      return std::optional<IdValue>(it->second);
  }
  if (auto it = id_reads_.find(key); it != id_reads_.end()) return it->second;
  if (prefetched) return std::optional<IdValue>();
  TALLY_TRY(auto value, get_value(*store_.db, store_.ids, keys::view(key)));
  std::optional<IdValue> out;
  if (value) {
    TALLY_TRY(IdValue id, decode_id(*value));
    out = id;
  }
  id_reads_.emplace(key, out);
  return out;
}

Result<std::optional<BalanceValue>> ApplyBatch::lookup_balance(const std::string& key) {
  if (auto it = balances_.find(key); it != balances_.end())
    return std::optional<BalanceValue>(it->second);
  if (previous_ != nullptr) {
    if (auto it = previous_->balances_.find(key); it != previous_->balances_.end())
      return std::optional<BalanceValue>(it->second);
  }
  if (auto it = balance_reads_.find(key); it != balance_reads_.end()) return it->second;
  TALLY_TRY(auto value, get_value(*store_.db, store_.balances, key));
  std::optional<BalanceValue> out;
  if (value) {
    TALLY_TRY(BalanceValue balance, decode_balance(*value));
    out = balance;
  }
  balance_reads_.emplace(key, out);
  return out;
}

Result<std::optional<std::string>> ApplyBatch::state_value(const std::string& key) {
  if (auto it = state_.find(key); it != state_.end()) return it->second;
  if (previous_ != nullptr) {
    if (auto it = previous_->state_.find(key); it != previous_->state_.end()) return it->second;
  }
  return get_value(*store_.db, store_.state, key);
}

Result<std::optional<PaymentState>> ApplyBatch::payment(PartitionId p, const EventId& id) {
  TALLY_TRY(auto stored, state_value(keys::state(p, keys::kTagPayment, id.as_string_view())));
  if (stored) {
    TALLY_TRY(PaymentState state, decode_payment_state(*stored));
    return std::optional<PaymentState>(std::move(state));
  }
  const keys::IdKey id_key = keys::id_key(p, id);
  if (auto it = fresh_payments_.find(id_key); it != fresh_payments_.end())
    return std::optional<PaymentState>(it->second);
  if (previous_ != nullptr) {
    if (auto it = previous_->fresh_payments_.find(id_key); it != previous_->fresh_payments_.end())
      return std::optional<PaymentState>(it->second);
  }
  // An event of this batch or the one in flight that is not a payment: its journal entry
  // may not be on disk yet, and it is not a payment anyway.
  if (fresh_non_payment(id_key)) return std::optional<PaymentState>();
  TALLY_TRY(auto index, lookup_id(id_key));
  if (!index || index->status != IdStatus::kApplied) return std::optional<PaymentState>();
  TALLY_TRY(auto value,
            get_value(*store_.db, store_.journal, keys::journal(p, EntrySequence(index->where))));
  if (!value)
    return ledger_error(LedgerErrc::corrupt,
                        fmt::format("entry {}/{} of indexed event {} is missing", p.value(),
                                    index->where, id.to_hex()));
  TALLY_TRY(Entry entry, decode_entry(*value));
  if (!postings_balance(entry.postings) || entry.event_id != id)
    return ledger_error(LedgerErrc::corrupt,
                        fmt::format("entry {}/{} read back broken", p.value(), index->where));
  if (entry.event_type != events::PAYMENT_RECEIVED || entry.postings.size() != 2)
    return std::optional<PaymentState>();
  // A payment's entry is Dr clearing:<channel> / Cr holder (rules_payments.cpp).
  return std::optional<PaymentState>(
      PaymentState{entry.postings[1].account, entry.postings[0].account,
                   entry.postings[0].amount_minor, entry.postings[0].currency, 0, false});
}

Result<std::vector<EventId>> ApplyBatch::referenced(PartitionId p, char kind,
                                                    std::string_view reference) {
  const std::string prefix = keys::ref_prefix(p, kind, reference);
  std::vector<std::pair<EntrySequence, EventId>> found;
  rocksdb::ReadOptions read;
  read.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(store_.db->NewIterator(read, store_.refs));
  // Hash memtables bucket by the prefix extractor's result, so the seek target must be a
  // whole key: the prefix with the smallest event id.
  const std::string first = prefix + std::string(EventId::kBytes, '\0');
  for (it->Seek(first); it->Valid() && found.size() < kMaxReferenced; it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != prefix.size() + EventId::kBytes || key.substr(0, prefix.size()) != prefix)
      break;
    const auto id = EventId::from_bytes(key.substr(prefix.size()));
    const std::string_view value = it->value().ToStringView();
    if (!id || value.size() != keys::kSeqBytes)
      return ledger_error(LedgerErrc::corrupt, "reference index entry does not decode");
    found.emplace_back(EntrySequence(log::get_be(value, 0, keys::kSeqBytes)), *id);
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading the reference index");
  // References staged by the batch in flight (a scan: it is one group commit, and returns
  // are rare) and by this one (an index: a bulk batch holds a day's payments).
  auto add_staged = [&](const BatchBuffers& buffers, const BatchBuffers::Staged& s) {
    if (s.family != Family::kRefs || s.key_size != prefix.size() + EventId::kBytes) return;
    const std::string_view key = std::string_view(buffers.arena).substr(s.key_offset, s.key_size);
    if (!key.starts_with(prefix)) return;
    const std::string_view value =
        std::string_view(buffers.arena).substr(s.value_offset, s.value_size);
    found.emplace_back(EntrySequence(log::get_be(value, 0, keys::kSeqBytes)),
                       *EventId::from_bytes(key.substr(prefix.size())));
  };
  if (previous_ != nullptr)
    for (const BatchBuffers::Staged& s : previous_->buffers_.staged) add_staged(previous_->buffers_, s);
  index_staged_refs();
  if (auto indexed = staged_refs_.find(prefix); indexed != staged_refs_.end())
    for (std::uint32_t i : indexed->second) add_staged(buffers_, buffers_.staged[i]);
  // The batch in flight may already be on disk: its references can appear twice.
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<EventId> out;
  for (const auto& [seq, id] : found) out.push_back(id);
  return out;
}

void ApplyBatch::index_staged_refs() {
  const auto& staged = buffers_.staged;
  for (; refs_indexed_ < staged.size(); ++refs_indexed_) {
    const BatchBuffers::Staged& s = staged[refs_indexed_];
    if (s.family != Family::kRefs || s.key_size < EventId::kBytes) continue;
    staged_refs_[arena_.substr(s.key_offset, s.key_size - EventId::kBytes)].push_back(
        static_cast<std::uint32_t>(refs_indexed_));
  }
}

void ApplyBatch::stage(Family family, std::size_t key_begin, std::size_t value_begin, bool erase) {
  buffers_.staged.push_back(BatchBuffers::Staged{
      family, erase, static_cast<std::uint32_t>(key_begin),
      static_cast<std::uint32_t>(value_begin - key_begin), static_cast<std::uint32_t>(value_begin),
      static_cast<std::uint32_t>(arena_.size() - value_begin)});
}

void ApplyBatch::stage_copy(Family family, std::string_view key, std::string_view value) {
  const std::size_t k = stage_begin();
  arena_.append(key);
  const std::size_t v = arena_.size();
  arena_.append(value);
  stage(family, k, v);
}

}  // namespace tally::ledger
