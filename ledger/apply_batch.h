// One group commit: applies a span of log records to an overlay over the ledger's state
// and writes all their effects, the event-id index and the consumed positions in one
// synced WriteBatch. Internal to the ledger (ledger.cpp drives it).
//
// Reads see earlier events of the same batch first (the overlay), then the batch before it
// when that one is still being written (`previous`, pipelined group commit), then the
// committed in-memory state (LedgerState), then RocksDB. Nothing reaches LedgerState before
// the write is durable (publish), so a failed batch changes nothing; a batch computed on top
// of a failed one is dropped with it.
//
// Threads: computed (prefetch, apply, seal) on one thread, written (write) on another, never
// both at once. `state` does not change while the batch is computed; `previous` is only read
// (its overlay is final once sealed).
#pragma once

#include <google/protobuf/arena.h>
#include <rocksdb/write_batch.h>

#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"
#include "ledger/batch_buffers.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/ledger_state.h"
#include "ledger/rules.h"
#include "ledger/store.h"

namespace tally::ledger {

class ApplyBatch {
 public:
  ApplyBatch(Store& store, const LedgerState& state, const LedgerOptions& options,
             log::EventLog* dead_letters, const ApplyBatch* previous,
             BatchBuffers buffers = BatchBuffers());

  // Adds records to the batch: decodes them and reads the event ids and balances they touch
  // in a few MultiGets. A batch may be given several spans (a bulk batch); each must stay
  // alive until the batch is written.
  Status prefetch(std::span<const log::LogRecord> records);
  // Applies record i of the records given to prefetch, counted across spans (and across
  // forget_applied()). An error is a storage failure: the
  // batch must be dropped.
  Status apply(std::size_t i);
  // Builds the WriteBatch (in key order when options.sort_batches). Ends the computation.
  Status seal();
  // Instead of seal(), for a bulk batch: stages everything, for the ledger to write as
  // table files (table_files.h) from staged(). stats().write_bytes counts the bytes staged.
  void seal_for_tables();
  // Between the spans of a bulk batch: frees the decoded events of the records applied so
  // far and forgets the records, so their owner may free them. Freed as the batch goes, a
  // day's events do not wait to be freed all at once at the end.
  void forget_applied();
  const BatchBuffers& staged() const { return buffers_; }
  // Writes the sealed batch (synced when options.sync). May run on another thread.
  Status write();
  // Forgets the batch this one was computed on top of, once that one is published.
  void detach_previous() { previous_ = nullptr; }
  // After a successful write: moves the overlay into the committed state.
  void publish(LedgerState& state);

  const ApplyStats& stats() const { return stats_; }
  // The batch as written: the benchmark's baseline writes these exact bytes.
  const rocksdb::WriteBatch& write_batch() const { return buffers_.batch; }
  // The buffers back, emptied, for the next batch.
  BatchBuffers release_buffers() {
    buffers_.clear();
    return std::move(buffers_);
  }

  // RuleContext reads (rule_context.cpp calls these).
  Result<std::optional<PaymentState>> payment(PartitionId p, const EventId& id);
  Result<std::vector<EventId>> referenced(PartitionId p, char kind, std::string_view reference);
  Result<std::optional<std::string>> state_value(const std::string& key);
  const Policy& policy_at(PartitionId p, BusinessDate date) const;
  std::size_t policy_book_size(PartitionId p) const;

 private:
  struct Decoded {
    events::Envelope* envelope = nullptr;  // on arena_; null when the record did not decode
    bool id_read = false;                  // prefetch read its id from the database
    std::string error;
  };
  struct AccountLine {  // an entry's net amount on one account
    std::string_view account;
    std::int64_t amount_minor;
    Currency currency;
  };
  struct BalanceMove {  // an account's balance after the entry, and its posting line
    std::string key;
    std::string_view account;
    BalanceValue after;
    PostingValue line;
  };

  // prefetch's steps.
  void decode_from(std::size_t first, std::vector<keys::IdKey>& id_keys, std::vector<std::string>& balance_keys);
  Status read_ids(std::vector<keys::IdKey>& wanted);
  Status read_balances(std::vector<std::string>& wanted);

  PartitionState& partition(PartitionId p);
  const PolicyBook* policy_book(PartitionId p) const;
  // Applied in this batch or the previous one but not a payment (no journal read needed).
  bool fresh_non_payment(const keys::IdKey& id_key) const;
  // `prefetched`: prefetch read this key, and what it found is in id_reads_.
  Result<std::optional<IdValue>> lookup_id(const keys::IdKey& key, bool prefetched = false);
  Result<std::optional<BalanceValue>> lookup_balance(const std::string& key);

  Status process(PartitionId p, const events::Envelope& e, LogPosition position,
                 const Digest16& digest, std::string_view bytes);
  // Writes an accepted plan. Returns a refusal when a posting cannot be applied
  // (currency of the account, overflow): checked before anything is changed.
  Result<std::optional<Refusal>> commit(PartitionId p, const events::Envelope& e,
                                        LogPosition position, const Digest16& digest, Plan& plan);
  // commit's steps: the checks, then what is staged.
  static std::optional<Refusal> net_by_account(const std::vector<Posting>& postings,
                                               std::vector<AccountLine>& lines);
  Result<std::optional<Refusal>> move_balances(PartitionId p, const std::vector<AccountLine>& lines,
                                               EntrySequence seq, BusinessDate date,
                                               std::vector<BalanceMove>& moves);
  Entry stage_entry(PartitionId p, PartitionState& part, const events::Envelope& e, LogPosition position,
                    const Digest16& digest, Plan& plan);
  void stage_postings(PartitionId p, EntrySequence seq, std::vector<BalanceMove>& moves);
  void stage_plan_effects(PartitionId p, PartitionState& part, EntrySequence seq, Plan& plan);
  void stage_state_change(PartitionId p, const StateChange& change);
  // A person's command (command_records.h is_command): who asked and what became of it, in
  // the audit index ('u', and 'U' by user). Anything else: nothing.
  void audit(PartitionId p, const events::Envelope& e, AuditOutcome outcome,
             RefusalCode refusal = RefusalCode::unspecified);
  void refuse(PartitionId p, const events::Envelope& e, LogPosition position,
              const Digest16& digest, Refusal refusal);
  void conflict(PartitionId p, const events::Envelope& e, LogPosition position,
                const IdValue& first);
  Status park(PartitionId p, const events::Envelope& e, LogPosition position,
              const Digest16& digest, std::string_view bytes, const Park& where);
  Status unpark(PartitionId p, const EventId& payment, std::string_view reference);
  void discrepancy(PartitionId p, std::uint32_t kind, const events::Envelope& e,
                   LogPosition position, Refusal why);

  void index_staged_refs();
  // seal's halves: the overlay (ids, balances, state, positions) staged, then the WriteBatch.
  void stage_overlay();
  Status build_write_batch();

  // Staging: keys and values are appended to arena_ and written in write().
  std::size_t stage_begin() const { return buffers_.arena.size(); }
  void stage(Family family, std::size_t key_begin, std::size_t value_begin, bool erase = false);
  void stage_copy(Family family, std::string_view key, std::string_view value);
  void stage_payer_name(PartitionId p, const PayerName& payer);

  Store& store_;
  const LedgerState& base_;
  const LedgerOptions& options_;
  log::EventLog* dead_letters_;
  const ApplyBatch* previous_;
  // The records given to prefetch, in order; their owner keeps them alive until the batch
  // is written.
  std::vector<const log::LogRecord*> records_;
  google::protobuf::Arena envelopes_;  // the batch's decoded events, freed at once
  std::vector<Decoded> decoded_;
  std::size_t forgotten_ = 0;  // records applied and forgotten: records_[0] is record forgotten_

  std::map<PartitionId, PartitionState> partitions_;
  std::map<PartitionId, PolicyBook> policies_;
  std::unordered_map<std::string, BalanceValue> balances_;  // written
  std::unordered_map<std::string, std::optional<BalanceValue>> balance_reads_;
  std::unordered_map<keys::IdKey, IdValue, keys::IdKeyHash> ids_;  // written
  std::unordered_map<keys::IdKey, std::optional<IdValue>, keys::IdKeyHash> id_reads_;
  std::unordered_map<std::string, std::optional<std::string>> state_;  // nullopt: erased
  std::unordered_map<keys::IdKey, PaymentState, keys::IdKeyHash> fresh_payments_;
  std::map<ParkedKey, std::set<std::int64_t>> parked_added_, parked_removed_;
  // This batch's staged references by prefix (kind, reference), built when a return first
  // asks and extended as more are staged: staged indexes.
  std::unordered_map<std::string, std::vector<std::uint32_t>> staged_refs_;
  std::size_t refs_indexed_ = 0;

  BatchBuffers buffers_;
  std::string& arena_ = buffers_.arena;
  ApplyStats stats_;
};

// What the posting rules see: the batch's view of one partition.
class BatchContext final : public RuleContext {
 public:
  BatchContext(ApplyBatch& batch, PartitionId p) : batch_(batch), p_(p) {}
  PartitionId partition() const override { return p_; }
  Result<std::optional<PaymentState>> payment(const EventId& id) override {
    return batch_.payment(p_, id);
  }
  Result<std::vector<EventId>> payments_by_reference(std::string_view reference) override {
    return batch_.referenced(p_, keys::kRefPayment, reference);
  }
  Result<std::optional<ChargebackState>> chargeback(const EventId& id) override;
  Result<std::vector<EventId>> chargebacks_by_case(std::string_view processor_case) override {
    return batch_.referenced(p_, keys::kRefChargeback, processor_case);
  }
  Result<std::optional<DrawerSession>> drawer_session(std::string_view session) override;
  Result<AutopayState> autopay(std::string_view account) override;
  Result<std::optional<AdjustmentRequestState>> adjustment_request(const EventId& id) override;
  const Policy& policy_at(BusinessDate date) override { return batch_.policy_at(p_, date); }

 private:
  ApplyBatch& batch_;
  PartitionId p_;
};

}  // namespace tally::ledger
