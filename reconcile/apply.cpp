#include "reconcile/apply.h"

#include <rocksdb/write_batch.h>

#include <map>
#include <optional>

#include <spdlog/spdlog.h>

#include "core/assert.h"
#include "core/events/codec.h"
#include "reconcile/errors.h"
#include "reconcile/keys.h"

namespace tally::reconcile {
namespace {

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
  void put(const std::string& key, std::string value) {
    batch_.Put(key, value);
    overlay_[key] = std::move(value);
  }
  void del(const std::string& key) {
    batch_.Delete(key);
    overlay_[key] = std::nullopt;
  }
  rocksdb::WriteBatch& batch() { return batch_; }

 private:
  Store& store_;
  rocksdb::WriteBatch batch_;
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
    return store.write(view_.batch());
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
    view_.put(keys::match_by_date(BusinessDate::from_days(e.business_date()), id), "");
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

Status apply_decided(Store& store, const std::vector<events::Envelope>& decided,
                     const std::function<const Item*(const EventId&)>& item) {
  rocksdb::WriteBatch batch;
  for (const events::Envelope& e : decided) {
    const EventId id = events::event_id_of(e);
    switch (e.payload_case()) {
      case events::Envelope::kReconcileMatched: {
        const auto& m = e.reconcile_matched();
        batch.Put(keys::match(id), dated(e.business_date(), m));
        batch.Put(keys::match_by_date(BusinessDate::from_days(e.business_date()), id), "");
        for (const auto* ids : {&m.expected_ids(), &m.bank_line_ids()})
          for (const std::string& bytes : *ids) {
            const EventId claimed = *EventId::from_bytes(bytes);
            batch.Put(keys::claim(claimed), std::string(id.as_string_view()));
            const Item* open = item(claimed);
            TALLY_ASSERT(open != nullptr, "a run claims only items it holds");
            batch.Delete(keys::open_item(*open));
          }
        break;
      }
      case events::Envelope::kDiscrepancyRaised:
        batch.Put(keys::discrepancy(e.discrepancy_raised().discrepancy_id()),
                  dated(e.business_date(), e.discrepancy_raised()));
        break;
      case events::Envelope::kDiscrepancyResolved: {
        std::string value;
        e.discrepancy_resolved().AppendToString(&value);
        batch.Put(keys::step(e.discrepancy_resolved().discrepancy_id(), e.recorded_at_us(), id), std::move(value));
        break;
      }
      case events::Envelope::kBooksEntryPosted:
        batch.Put(keys::books_entry(id), dated(e.business_date(), e.books_entry_posted()));
        break;
      default:
        TALLY_ASSERT(false, "a run decides matches, discrepancies and books entries only");
    }
  }
  rocksdb::WriteOptions options;
  options.sync = false;  // the log, synced, holds the decisions
  const rocksdb::Status s = store.db().Write(options, &batch);
  if (!s.ok()) return storage_error(s, "writing a run's decisions");
  return ok_status();
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
