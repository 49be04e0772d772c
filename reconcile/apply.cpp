#include "reconcile/apply.h"

#include <rocksdb/write_batch.h>

#include <map>
#include <span>
#include <thread>
#include <optional>

#include <spdlog/spdlog.h>

#include "core/assert.h"
#include "core/events/codec.h"
#include "reconcile/errors.h"
#include "reconcile/keys.h"

namespace tally::reconcile {
namespace {

// Writes in key order: the memtable's skiplist inserts a run of ascending keys from where the
// last one went, and a batch of keys in any order from the top each time (most of the cost
// of applying a large group).
void write_in_key_order(const std::map<std::string, std::optional<std::string>>& ops, rocksdb::WriteBatch& batch) {
  for (const auto& [key, value] : ops) {
    if (value)
      batch.Put(key, *value);
    else
      batch.Delete(key);
  }
}

// A WriteBatch that reads its own writes: later records of a group see what earlier ones
// did before anything is written.
class BatchView {
 public:
  explicit BatchView(Store& store) : store_(store) {}

  Result<std::optional<std::string>> get(const std::string& key) {
    if (auto it = overlay_.find(key); it != overlay_.end()) return it->second;
    std::string value;
    const rocksdb::Status s = store_.db().Get(rocksdb::ReadOptions(), key, &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return storage_error(s, "reading the reconciler's database");
    return std::optional<std::string>(std::move(value));
  }
  Result<bool> exists(const std::string& key) {
    TALLY_TRY(auto value, get(key));
    return value.has_value();
  }
  void put(const std::string& key, std::string value) { overlay_[key] = std::move(value); }
  void del(const std::string& key) { overlay_[key] = std::nullopt; }
  // Every change, the last of each key, in key order.
  rocksdb::WriteBatch batch() const {
    rocksdb::WriteBatch batch;
    write_in_key_order(overlay_, batch);
    return batch;
  }

 private:
  Store& store_;
  std::map<std::string, std::optional<std::string>> overlay_;
};

// A discrepancy id a key can hold: what the reconciler and the ledger make (at most 64
// bytes, no NUL); anything else in an event is ignored here, as the ledger records it.
bool storable_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.find('\0') == std::string_view::npos;
}

std::string dated(std::int32_t days, const google::protobuf::MessageLite& m) {
  std::string value;
  log::put_be32(value, static_cast<std::uint32_t>(days));
  m.AppendToString(&value);
  return value;
}

class Applier {
 public:
  explicit Applier(Store& store) : view_(store) {}

  Status apply(const events::Envelope& e) {
    switch (e.payload_case()) {
      case events::Envelope::kDepositDeclared:
      case events::Envelope::kPaymentReturned:
      case events::Envelope::kBankTransaction:
        return apply_item(e);
      case events::Envelope::kReconcileMatched:
        return apply_match(e);
      case events::Envelope::kDiscrepancyRaised:
        return apply_raised(e);
      case events::Envelope::kDiscrepancyResolved:
        return apply_step(e);
      case events::Envelope::kBankBalanceReported:
        return apply_balance(e);
      case events::Envelope::kBooksEntryPosted:
        view_.put(keys::books_entry(events::event_id_of(e)), dated(e.business_date(), e.books_entry_posted()));
        return ok_status();
      case events::Envelope::kDrawerClosed:
        if (e.drawer_closed().has_over_short() && e.drawer_closed().over_short().minor() != 0)
          view_.put(keys::drawer_close(events::event_id_of(e)), dated(e.business_date(), e.drawer_closed()));
        return ok_status();
      default:
        return ok_status();
    }
  }

  Status finish(Store& store, const std::map<PartitionId, LogPosition>& next) {
    for (const auto& [partition, position] : next) {
      std::string value;
      log::put_be64(value, static_cast<std::uint64_t>(position.value()));
      view_.put(keys::position(partition), std::move(value));
    }
    if (counts.seen_again > 0) {
      TALLY_TRY(std::uint64_t before, store.seen_again());
      std::string value;
      log::put_be64(value, before + counts.seen_again);
      view_.put(keys::seen_again(), std::move(value));
    }
    rocksdb::WriteBatch batch = view_.batch();
    return store.write(batch);
  }

  ApplyCounts counts;

 private:
  Status apply_item(const events::Envelope& e) {
    std::optional<Item> item = item_of(e);
    if (!item) return ok_status();
    const std::string key = keys::item(item->id);
    TALLY_TRY(bool known, view_.exists(key));
    if (known) {
      ++counts.seen_again;
      return ok_status();
    }
    std::string value;
    encode_item(*item, value);
    view_.put(key, value);
    TALLY_TRY(bool claimed, view_.exists(keys::claim(item->id)));
    if (!claimed) view_.put(keys::open_item(*item), std::move(value));
    ++counts.items;
    return ok_status();
  }

  // Claims `item` for `match`: out of the open set (if it has arrived) and into the claims.
  Status claim(const EventId& item, const EventId& match) {
    TALLY_TRY(auto owner, view_.get(keys::claim(item)));
    if (owner && *owner != match.as_string_view()) {
      // Only two runs deciding at once could do this; runs hold a lock (run.h). Kept as
      // it was, and said loudly: the first claim stands.
      ++counts.conflicting_claims;
      spdlog::error("reconcile: item {} is claimed by {} and again by {}", item.to_hex(),
                    EventId::from_bytes(*owner)->to_hex(), match.to_hex());
      return ok_status();
    }
    view_.put(keys::claim(item), std::string(match.as_string_view()));
    TALLY_TRY(auto stored, view_.get(keys::item(item)));
    if (stored) {
      TALLY_TRY(Item open, decode_item(*stored));
      view_.del(keys::open_item(open));
    }
    return ok_status();
  }

  Status release(const EventId& item, const EventId& proposal) {
    TALLY_TRY(auto owner, view_.get(keys::claim(item)));
    if (!owner || *owner != proposal.as_string_view()) return ok_status();
    view_.del(keys::claim(item));
    TALLY_TRY(auto stored, view_.get(keys::item(item)));
    if (stored) {
      TALLY_TRY(Item open, decode_item(*stored));
      view_.put(keys::open_item(open), *stored);
    }
    return ok_status();
  }

  template <class Fn>
  Status each_item(const events::ReconcileMatched& m, Fn&& fn) {
    for (const auto* list : {&m.expected_ids(), &m.bank_line_ids()})
      for (const std::string& bytes : *list)
        if (auto id = EventId::from_bytes(bytes)) TALLY_TRY_STATUS(fn(*id));
    return ok_status();
  }

  Status apply_match(const events::Envelope& e) {
    const EventId id = events::event_id_of(e);
    const std::string key = keys::match(id);
    TALLY_TRY(bool known, view_.exists(key));
    if (known) return ok_status();
    const auto& m = e.reconcile_matched();
    view_.put(key, dated(e.business_date(), m));
    ++counts.matches;
    const auto proposal = EventId::from_bytes(m.proposal_id());
    if (m.status() == events::ReconcileMatched::REJECTED) {
      if (!proposal) return ok_status();
      return each_item(m, [&](const EventId& item) { return release(item, *proposal); });
    }
    if (proposal) {  // a confirmation: the proposal's claims become this match's
      TALLY_TRY_STATUS(each_item(m, [&](const EventId& item) { return release(item, *proposal); }));
    }
    return each_item(m, [&](const EventId& item) { return claim(item, id); });
  }

  Status apply_raised(const events::Envelope& e) {
    const std::string& id = e.discrepancy_raised().discrepancy_id();
    if (!storable_id(id)) return ok_status();
    const std::string key = keys::discrepancy(id);
    TALLY_TRY(bool known, view_.exists(key));
    if (!known) view_.put(key, dated(e.business_date(), e.discrepancy_raised()));
    return ok_status();
  }

  Status apply_step(const events::Envelope& e) {
    const std::string& id = e.discrepancy_resolved().discrepancy_id();
    if (!storable_id(id)) return ok_status();
    std::string value;
    e.discrepancy_resolved().AppendToString(&value);
    view_.put(keys::step(id, e.recorded_at_us(), events::event_id_of(e)), std::move(value));
    return ok_status();
  }

  Status apply_balance(const events::Envelope& e) {
    const auto& b = e.bank_balance_reported();
    if (b.bank_account().empty() || b.bank_account().size() > kMaxItemTextBytes ||
        b.bank_account().find('\0') != std::string::npos || b.balance_date() < kFirstItemDay ||
        b.balance_date() > kLastItemDay)
      return ok_status();
    std::string value;
    b.AppendToString(&value);
    view_.put(keys::balance(b.bank_account(), BusinessDate::from_days(b.balance_date())), std::move(value));
    return ok_status();
  }

  BatchView view_;
};

}  // namespace

namespace {

using Op = std::pair<std::string, std::optional<std::string>>;  // a Put, or a Delete

// The keys and values the consumer would write for one decided event (apply_records).
void decided_ops(const events::Envelope& e, const std::function<const Item*(const EventId&)>& item,
                 std::vector<Op>& ops) {
  const EventId id = events::event_id_of(e);
  switch (e.payload_case()) {
    case events::Envelope::kReconcileMatched: {
      const auto& m = e.reconcile_matched();
      ops.emplace_back(keys::match(id), dated(e.business_date(), m));
      for (const auto* ids : {&m.expected_ids(), &m.bank_line_ids()})
        for (const std::string& bytes : *ids) {
          const EventId claimed = *EventId::from_bytes(bytes);
          ops.emplace_back(keys::claim(claimed), std::string(id.as_string_view()));
          const Item* open = item(claimed);
          TALLY_ASSERT(open != nullptr, "a run claims only items it holds");
          ops.emplace_back(keys::open_item(*open), std::nullopt);
        }
      break;
    }
    case events::Envelope::kDiscrepancyRaised:
      ops.emplace_back(keys::discrepancy(e.discrepancy_raised().discrepancy_id()),
                       dated(e.business_date(), e.discrepancy_raised()));
      break;
    case events::Envelope::kDiscrepancyResolved: {
      std::string value;
      e.discrepancy_resolved().AppendToString(&value);
      ops.emplace_back(keys::step(e.discrepancy_resolved().discrepancy_id(), e.recorded_at_us(), id), std::move(value));
      break;
    }
    case events::Envelope::kBooksEntryPosted:
      ops.emplace_back(keys::books_entry(id), dated(e.business_date(), e.books_entry_posted()));
      break;
    default:
      TALLY_ASSERT(false, "a run decides matches, discrepancies and books entries only");
  }
}

// One share of the decisions as one WriteBatch, in key order. A share holds whole events, so
// a crash between shares leaves each event applied whole or not at all (then the consumer
// applies it from the log).
Status write_share(Store& store, std::span<const events::Envelope> share,
                   const std::function<const Item*(const EventId&)>& item) {
  std::vector<Op> ops;
  ops.reserve(share.size() * 5);
  for (const events::Envelope& e : share) decided_ops(e, item, ops);
  // In key order: the memtable's skiplist inserts ascending keys from where the last one went,
  // keys in any order from its top each time. Each key is written once by a run (ids are
  // distinct), so the order of equal keys does not matter.
  std::vector<std::uint32_t> order(ops.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return ops[a].first < ops[b].first; });
  rocksdb::WriteBatch batch;
  for (std::uint32_t k : order) {
    if (ops[k].second)
      batch.Put(ops[k].first, *ops[k].second);
    else
      batch.Delete(ops[k].first);
  }
  rocksdb::WriteOptions options;
  options.sync = false;  // the log, synced, holds the decisions
  const rocksdb::Status s = store.db().Write(options, &batch);
  if (!s.ok()) return storage_error(s, "writing a run's decisions");
  return ok_status();
}

}  // namespace

Status apply_decided(Store& store, const std::vector<events::Envelope>& decided,
                     const std::function<const Item*(const EventId&)>& item) {
  // Inserting into the memtable is most of the cost: two shares, written from two threads
  // (RocksDB inserts concurrent writes into its skiplist in parallel).
  constexpr std::size_t kSmall = 20'000;
  const std::span<const events::Envelope> all(decided);
  if (decided.size() < kSmall) return write_share(store, all, item);
  const std::size_t half = decided.size() / 2;
  Status second = ok_status();
  std::thread other([&] { second = write_share(store, all.subspan(half), item); });
  const Status first = write_share(store, all.first(half), item);
  other.join();
  TALLY_TRY_STATUS(first);
  return second;
}

Result<ApplyCounts> apply_records(Store& store, const std::vector<log::LogRecord>& records) {
  Applier applier(store);
  std::map<PartitionId, LogPosition> next;
  for (const log::LogRecord& record : records) {
    ++applier.counts.records;
    next[record.partition] = LogPosition(record.position.value() + 1);
    auto event = events::decode(record.value);
    if (!event) {
      ++applier.counts.undecodable;
      continue;
    }
    TALLY_TRY_STATUS(applier.apply(*event));
  }
  TALLY_TRY_STATUS(applier.finish(store, next));
  return applier.counts;
}

}  // namespace tally::reconcile
