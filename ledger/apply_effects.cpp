// ApplyBatch, the writing half: what each outcome writes, and the WriteBatch itself.
#include <algorithm>
#include <chrono>
#include <numeric>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/events/digest.h"
#include "core/money.h"
#include "ledger/apply_batch.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/names.h"

namespace tally::ledger {

Status ApplyBatch::apply(std::size_t i) {
  const log::LogRecord& record = *records_[i - forgotten_];
  const PartitionId p = record.partition;
  PartitionState& part = partition(p);
  ++stats_.records;
  if (record.position < part.next_position) {
    ++stats_.skipped;
    return ok_status();
  }
  // Every outcome below consumes the position: applied, refused, parked or dead-lettered.
  part.next_position = LogPosition(record.position.value() + 1);
  const Decoded& decoded = decoded_[i - forgotten_];
  if (decoded.envelope == nullptr) {
    if (dead_letters_ != nullptr)
      TALLY_TRY_STATUS(
          dead_letters_->put_dead_letter({p, record.position, decoded.error, record.value}));
    // Listed with the ledger's other discrepancies, so nothing published goes unaccounted for.
    // A record that does not decode has no time of its own: the time it was read stands in.
    std::string value;
    encode_discrepancy(
        Discrepancy{events::INVALID_EVENT, EventId(), 0, record.position, BusinessDate(),
                    "dead-lettered: " + decoded.error, now_us(), RefusalCode::undecodable_event},
        value);
    stage_copy(Family::kState, keys::state_numbered(p, keys::kTagDiscrepancy, part.next_discrepancy++),
               value);
    ++part.dead_letters;
    ++stats_.dead_letters;
    return ok_status();
  }
  const events::Envelope& e = *decoded.envelope;
  const Digest16 digest = events::payload_digest(record.value);
  TALLY_TRY(auto seen, lookup_id(keys::id_key(p, events::event_id_of(e)), decoded.id_read));
  if (seen) {
    if (seen->digest == digest) {
      ++part.duplicates;
      ++stats_.duplicates;
    } else {
      conflict(p, e, record.position, *seen);
    }
    return ok_status();
  }
  return process(p, e, record.position, digest, record.value);
}

Status ApplyBatch::process(PartitionId p, const events::Envelope& e, LogPosition position,
                           const Digest16& digest, std::string_view bytes) {
  BatchContext context(*this, p);
  TALLY_TRY(Outcome outcome, plan_event(e, context));
  if (auto* refusal = std::get_if<Refusal>(&outcome)) {
    refuse(p, e, position, digest, std::move(*refusal));
    return ok_status();
  }
  if (auto* where = std::get_if<Park>(&outcome)) return park(p, e, position, digest, bytes, *where);
  Plan& plan = std::get<Plan>(outcome);
  TALLY_TRY(auto refusal, commit(p, e, position, digest, plan));
  if (refusal) {
    refuse(p, e, position, digest, std::move(*refusal));
    return ok_status();
  }
  if (plan.is_payment) return unpark(p, events::event_id_of(e), plan.payment_reference);
  return ok_status();
}

Result<std::optional<Refusal>> ApplyBatch::commit(PartitionId p, const events::Envelope& e,
                                                  LogPosition position, const Digest16& digest,
                                                  Plan& plan) {
  PartitionState& part = partition(p);
  const EntrySequence seq = part.next_seq;
  const BusinessDate date = BusinessDate::from_days(e.business_date());
  if (plan.policy && policy_book_size(p) >= kMaxPoliciesPerPartition)
    return std::optional<Refusal>(
        {RefusalCode::limit_reached,
         fmt::format("more than {} policies in one partition", kMaxPoliciesPerPartition)});
  // 1. Every account checked before anything changes.
  std::vector<AccountLine> lines;
  if (auto refusal = net_by_account(plan.postings, lines)) return refusal;
  std::vector<BalanceMove> moves;
  TALLY_TRY(auto refusal, move_balances(p, lines, seq, date, moves));
  if (refusal) return refusal;
  // 2. The journal entry, chained to the previous one; 3. what it changes.
  const Entry entry = stage_entry(p, part, e, position, digest, plan);
  stage_postings(p, seq, moves);
  ids_.insert_or_assign(keys::id_key(p, entry.event_id), IdValue{IdStatus::kApplied, seq.value(), digest});
  stage_plan_effects(p, part, seq, plan);
  audit(p, e, AuditOutcome::kApplied);
  if (plan.is_payment) {
    const Posting& clearing = entry.postings[0];
    fresh_payments_.insert_or_assign(
        keys::id_key(p, entry.event_id),
        PaymentState{entry.postings[1].account, clearing.account, clearing.amount_minor, clearing.currency, 0, false});
  }
  return std::optional<Refusal>();
}

// An entry may post to an account twice (a return and its NSF fee); the account's index
// gets one line with the net amount. The lines view plan.postings' strings, which stay valid
// when the vector moves into the entry.
std::optional<Refusal> ApplyBatch::net_by_account(const std::vector<Posting>& postings,
                                                  std::vector<AccountLine>& lines) {
  lines.reserve(postings.size());
  for (const Posting& posting : postings) {
    if (posting.account.empty() || posting.account.size() > keys::kMaxAccountBytes)
      return Refusal{RefusalCode::invalid_account,
                     fmt::format("account name of {} bytes", posting.account.size())};
    auto line = std::find_if(lines.begin(), lines.end(),
                             [&](const AccountLine& l) { return l.account == posting.account; });
    if (line == lines.end()) {
      lines.push_back(AccountLine{posting.account, posting.amount_minor, posting.currency});
      continue;
    }
    const auto sum = checked_add(line->amount_minor, posting.amount_minor);
    if (!sum || !(line->currency == posting.currency))
      return Refusal{sum ? RefusalCode::currency_mismatch : RefusalCode::balance_overflow,
                     fmt::format("postings to {} do not add up", posting.account)};
    line->amount_minor = *sum;
  }
  return std::nullopt;
}

// Each account's balance after the entry, and its posting line; refused when the account is
// kept in another currency or its balance would overflow.
Result<std::optional<Refusal>> ApplyBatch::move_balances(PartitionId p, const std::vector<AccountLine>& lines,
                                                         EntrySequence seq, BusinessDate date,
                                                         std::vector<BalanceMove>& moves) {
  moves.reserve(lines.size());
  for (const AccountLine& line : lines) {
    BalanceMove move{keys::balance(p, line.account), line.account, {}, {}};
    TALLY_TRY(auto before, lookup_balance(move.key));
    BalanceValue next = before.value_or(BalanceValue{line.currency, 0, 0, EntrySequence(0), date});
    if (!(next.currency == line.currency))
      return std::optional<Refusal>(
          {RefusalCode::currency_mismatch, fmt::format("account {} is kept in {}, posting in {}", line.account,
                                                       next.currency.code(), line.currency.code())});
    const auto sum = checked_add(next.balance_minor, line.amount_minor);
    if (!sum)
      return std::optional<Refusal>({RefusalCode::balance_overflow,
                                     fmt::format("balance of {} would overflow", line.account)});
    const bool late = next.postings > 0 && date < next.max_date;
    next.balance_minor = *sum;
    next.max_date = next.postings == 0 ? date : std::max(next.max_date, date);
    next.postings += 1;
    next.last_seq = seq;
    move.line = PostingValue{line.amount_minor, line.currency, date, next.balance_minor, next.max_date, late};
    move.after = next;
    moves.push_back(std::move(move));
  }
  return std::optional<Refusal>();
}

Entry ApplyBatch::stage_entry(PartitionId p, PartitionState& part, const events::Envelope& e,
                              LogPosition position, const Digest16& digest, Plan& plan) {
  const EntrySequence seq = part.next_seq;
  if (plan.memo.size() > kMaxMemoBytes) plan.memo.resize(kMaxMemoBytes);
  Entry entry{seq,
              events::event_id_of(e),
              static_cast<std::uint32_t>(e.type()),
              BusinessDate::from_days(e.business_date()),
              position,
              digest,
              part.head,
              std::move(plan.postings),
              std::move(plan.memo),
              {}};
  TALLY_ASSERT(seq.value() == part.applied + 1, "journal sequences are contiguous");
  const std::size_t k = stage_begin();
  log::put_be32(arena_, p.value());
  log::put_be64(arena_, seq.value());
  const std::size_t v = arena_.size();
  encode_entry(entry, arena_);
  stage(Family::kJournal, k, v);
  part.head = entry.hash;
  part.next_seq = EntrySequence(seq.value() + 1);
  ++part.applied;
  ++stats_.applied;
  return entry;
}

// Postings by account (and the few late ones, kept apart), then the new balances.
void ApplyBatch::stage_postings(PartitionId p, EntrySequence seq, std::vector<BalanceMove>& moves) {
  for (const BalanceMove& move : moves) {
    const std::size_t k = stage_begin();
    keys::append_posting(arena_, p, move.account, seq);
    const std::size_t v = arena_.size();
    encode_posting(move.line, arena_);
    stage(Family::kPostings, k, v);
    if (move.line.late) {
      std::string late;
      encode_late_posting({move.line.amount_minor, move.line.business_date}, late);
      stage_copy(Family::kState, keys::late(p, move.account, seq), late);
    }
  }
  for (BalanceMove& move : moves) balances_.insert_or_assign(std::move(move.key), move.after);
}

// A rule's typed state change, keyed and encoded.
void ApplyBatch::stage_state_change(PartitionId p, const StateChange& change) {
  struct Keyed {
    PartitionId p;
    std::string value;
    std::string operator()(const PaymentChange& c) {
      encode_payment_state(c.state, value);
      return keys::state(p, keys::kTagPayment, c.payment.as_string_view());
    }
    std::string operator()(const ChargebackChange& c) {
      encode_chargeback_state(c.state, value);
      return keys::state(p, keys::kTagChargeback, c.chargeback.as_string_view());
    }
    std::string operator()(const DrawerSessionChange& c) {
      encode_drawer_session(c.state, value);
      return keys::state(p, keys::kTagDrawer, c.session);
    }
    std::string operator()(const AutopayChange& c) {
      encode_autopay(c.state, value);
      return keys::state(p, keys::kTagAutopay, c.account);
    }
    std::string operator()(const AdjustmentRequestChange& c) {
      encode_adjustment_request(c.state, value);
      return keys::adjustment(p, c.state.request_id);
    }
    std::string operator()(const SuspenseDetailChange& c) {
      encode_suspense_detail(c.detail, value);
      return keys::suspense_detail(p, c.payment);
    }
  } keyed{p, {}};
  std::string key = std::visit(keyed, change);
  state_.insert_or_assign(std::move(key), std::move(keyed.value));
  // The list of requests waiting for a second person: in it while pending, out once approved.
  if (const auto* request = std::get_if<AdjustmentRequestChange>(&change)) {
    std::optional<std::string> listed;
    if (request->state.status == AdjustmentStatus::kPending) listed.emplace();
    state_.insert_or_assign(
        keys::pending_adjustment(p, request->state.recorded_at_us, request->state.request_id),
        std::move(listed));
  }
}

namespace {
char ref_kind(ReferenceEntry::Kind kind) {
  switch (kind) {
    case ReferenceEntry::Kind::payment: return keys::kRefPayment;
    case ReferenceEntry::Kind::chargeback_case: return keys::kRefChargeback;
    case ReferenceEntry::Kind::notice_of_change: return keys::kRefNotice;
  }
  TALLY_ASSERT(false, "every reference kind has a key");
  return keys::kRefPayment;
}
}  // namespace

// The account's name, and each word of it, so search finds the account by any of them.
void ApplyBatch::stage_payer_name(PartitionId p, const PayerName& payer) {
  const std::string name = payer_name_text(payer.name);
  if (name.empty()) return;
  stage_copy(Family::kRefs, keys::ref(p, keys::kRefAccountName, payer.account, EventId{}), name);
  for (const std::string& word : name_words(name))
    stage_copy(Family::kRefs, keys::ref(p, keys::kRefNameWord, keys::name_word_reference(word, payer.account), EventId{}),
               name);
}

// What the plan changes besides the books: references, state, a policy, a letter, a removal.
void ApplyBatch::stage_plan_effects(PartitionId p, PartitionState& part, EntrySequence seq, Plan& plan) {
  for (const ReferenceEntry& ref : plan.refs) {
    std::string value;
    log::put_be64(value, seq.value());
    stage_copy(Family::kRefs, keys::ref(p, ref_kind(ref.kind), ref.reference, ref.event), value);
  }
  if (plan.payer_name) stage_payer_name(p, *plan.payer_name);
  for (const StateChange& change : plan.state_changes) stage_state_change(p, change);
  if (plan.policy) {
    auto book = policies_.find(p);
    if (book == policies_.end()) {
      const PolicyBook* before = policy_book(p);
      book = policies_.emplace(p, before ? *before : PolicyBook{}).first;
    }
    std::string value;
    encode_policy(*plan.policy, value);
    state_.insert_or_assign(keys::state_numbered(p, keys::kTagPolicy, seq.value()), std::move(value));
    book->second.add(std::move(*plan.policy));
  }
  if (plan.letter) {
    std::string value;
    encode_letter(*plan.letter, value);
    std::string number;
    log::put_be64(number, part.next_letter);
    stage_copy(Family::kRefs, keys::ref(p, keys::kRefLetter, plan.letter->account, plan.letter->return_id), number);
    stage_copy(Family::kState, keys::state_numbered(p, keys::kTagLetter, part.next_letter++), value);
  }
  if (plan.removal) {
    std::string value;
    encode_removal(*plan.removal, value);
    stage_copy(Family::kState, keys::state_numbered(p, keys::kTagRemoval, part.next_removal++), value);
  }
}

void ApplyBatch::discrepancy(PartitionId p, std::uint32_t kind, const events::Envelope& e,
                             LogPosition position, Refusal why) {
  PartitionState& part = partition(p);
  std::string value;
  encode_discrepancy(Discrepancy{kind, events::event_id_of(e), static_cast<std::uint32_t>(e.type()),
                                 position, BusinessDate::from_days(e.business_date()),
                                 std::move(why.detail), e.recorded_at_us(), why.code},
                     value);
  stage_copy(Family::kState,
             keys::state_numbered(p, keys::kTagDiscrepancy, part.next_discrepancy++), value);
}

void ApplyBatch::audit(PartitionId p, const events::Envelope& e, AuditOutcome outcome,
                       RefusalCode refusal) {
  if (!is_command(e)) return;  // a file's event: the cheap common case
  const AuditEntry entry = audit_entry_of(e, outcome, refusal);
  std::string value;
  encode_audit(entry, value);
  // Staged in order: an event parked, then applied in a later batch (or later in this one),
  // is written again under the same key, and the last staged value wins.
  stage_copy(Family::kState, keys::audit(p, entry.recorded_at_us, entry.event_id), value);
  if (entry.user.find('\0') == std::string::npos)
    stage_copy(Family::kState, keys::audit_by_user(p, entry.user, entry.recorded_at_us, entry.event_id),
               value);
}

void ApplyBatch::refuse(PartitionId p, const events::Envelope& e, LogPosition position,
                        const Digest16& digest, Refusal refusal) {
  audit(p, e, AuditOutcome::kRefused, refusal.code);
  ids_.insert_or_assign(
      keys::id_key(p, events::event_id_of(e)),
      IdValue{IdStatus::kRefused, static_cast<std::uint64_t>(position.value()), digest});
  discrepancy(p, events::INVALID_EVENT, e, position, std::move(refusal));
  ++partition(p).refused;
  ++stats_.refused;
}

void ApplyBatch::conflict(PartitionId p, const events::Envelope& e, LogPosition position,
                          const IdValue& first) {
  const char* what = first.status == IdStatus::kApplied  ? "applied as entry"
                     : first.status == IdStatus::kParked ? "parked at log position"
                                                         : "refused at log position";
  // Listed under its own recorded-at: a command's retry is stamped later than the first (a
  // copy stamped in the same microsecond would take the first one's entry).
  audit(p, e, AuditOutcome::kConflicting, RefusalCode::conflicting_event);
  discrepancy(
      p, events::CONFLICTING_EVENT, e, position,
      {RefusalCode::conflicting_event,
       fmt::format("event id {} was {} {} with a different payload; this one is not applied",
                   events::event_id_of(e).to_hex(), what, first.where)});
  ++partition(p).conflicts;
  ++stats_.conflicts;
}

Status ApplyBatch::park(PartitionId p, const events::Envelope& e, LogPosition position,
                        const Digest16& digest, std::string_view bytes, const Park& where) {
  PartitionState& part = partition(p);
  if (part.parked >= options_.max_parked_per_partition) {
    refuse(p, e, position, digest,
           {RefusalCode::limit_reached,
            fmt::format("{} events already wait for their payment", part.parked)});
    return ok_status();
  }
  if (bytes.size() > kMaxParkedEventBytes) {
    refuse(p, e, position, digest,
           {RefusalCode::event_too_large, "event too large to wait for its payment"});
    return ok_status();
  }
  std::string value;
  encode_parked(ParkedEvent{where.wait_kind, where.wait_key, position, std::string(bytes)}, value);
  state_.insert_or_assign(
      keys::state_numbered(p, keys::kTagParked, static_cast<std::uint64_t>(position.value())),
      std::move(value));
  ids_.insert_or_assign(
      keys::id_key(p, events::event_id_of(e)),
      IdValue{IdStatus::kParked, static_cast<std::uint64_t>(position.value()), digest});
  parked_added_[ParkedKey{p.value(), where.wait_kind, where.wait_key}].insert(position.value());
  audit(p, e, AuditOutcome::kParked);
  ++part.parked;
  ++stats_.parked;
  return ok_status();
}

Status ApplyBatch::unpark(PartitionId p, const EventId& payment, std::string_view reference) {
  // Cheap exit for the common case: nothing waits in this partition.
  if (partition(p).parked == 0) return ok_status();
  std::vector<std::pair<std::int64_t, ParkedKey>> waiting;
  auto collect = [&](ParkedKey key) {
    std::set<std::int64_t> positions;
    if (auto it = base_.parked.find(key); it != base_.parked.end()) positions = it->second;
    for (const ApplyBatch* b : {previous_, static_cast<const ApplyBatch*>(this)}) {
      if (b == nullptr) continue;
      if (auto it = b->parked_added_.find(key); it != b->parked_added_.end())
        positions.insert(it->second.begin(), it->second.end());
      if (auto it = b->parked_removed_.find(key); it != b->parked_removed_.end())
        for (std::int64_t pos : it->second) positions.erase(pos);
    }
    for (std::int64_t pos : positions) waiting.emplace_back(pos, key);
  };
  collect(ParkedKey{p.value(), WaitKind::kPaymentId, std::string(payment.as_string_view())});
  if (!reference.empty())
    collect(ParkedKey{p.value(), WaitKind::kReference, std::string(reference)});
  std::sort(waiting.begin(), waiting.end());  // in log order, as they arrived
  for (const auto& [pos, key] : waiting) {
    const std::string state_key =
        keys::state_numbered(p, keys::kTagParked, static_cast<std::uint64_t>(pos));
    TALLY_TRY(auto stored, state_value(state_key));
    if (!stored)
      return ledger_error(LedgerErrc::corrupt,
                          fmt::format("parked event at {}/{} is missing", p.value(), pos));
    TALLY_TRY(ParkedEvent parked, decode_parked(*stored));
    state_.insert_or_assign(state_key, std::nullopt);
    parked_removed_[key].insert(pos);
    --partition(p).parked;
    auto event = events::decode(parked.event_bytes);
    if (!event) return ledger_error(LedgerErrc::corrupt, "a parked event no longer decodes");
    TALLY_TRY_STATUS(process(p, event.value(), parked.position, events::payload_digest(parked.event_bytes),
                             parked.event_bytes));
  }
  return ok_status();
}

Status ApplyBatch::seal() {
  stage_overlay();
  return build_write_batch();
}

void ApplyBatch::forget_applied() {
  forgotten_ += records_.size();
  records_.clear();
  decoded_.clear();
  envelopes_.Reset();
}

void ApplyBatch::seal_for_tables() {
  stage_overlay();
  stats_.write_bytes = arena_.size();
}

void ApplyBatch::stage_overlay() {
  std::string value;
  for (const auto& [key, id] : ids_) {
    value.clear();
    encode_id(id, value);
    stage_copy(Family::kIds, keys::view(key), value);
  }
  for (const auto& [key, balance] : balances_) {
    value.clear();
    encode_balance(balance, value);
    stage_copy(Family::kBalances, key, value);
  }
  for (const auto& [key, stored] : state_) {
    if (stored) {
      stage_copy(Family::kState, key, *stored);
    } else {
      const std::size_t k = stage_begin();
      arena_.append(key);
      stage(Family::kState, k, arena_.size(), /*erase=*/true);
    }
  }
  for (const auto& [p, part] : partitions_) {
    value.clear();
    encode_partition_state(part, value);
    stage_copy(Family::kMeta, keys::meta(p), value);
  }
}

Status ApplyBatch::build_write_batch() {
  // Hash-memtable families take keys in any order at the same cost; the skiplist families
  // (journal, state, meta) insert fastest in key order, each insert starting where the last
  // one ended. So: grouped by family, and sorted within the skiplist ones.
  const auto& staged = buffers_.staged;
  std::vector<std::uint32_t>& order = buffers_.order;
  order.resize(staged.size());
  std::iota(order.begin(), order.end(), 0u);
  auto key_of = [&](std::uint32_t i) {
    return std::string_view(arena_).substr(staged[i].key_offset, staged[i].key_size);
  };
  auto skiplist = [&](Family f) {
    return !options_.hash_memtables || f == Family::kJournal || f == Family::kState ||
           f == Family::kMeta;
  };
  if (options_.sort_batches) {
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (staged[a].family != staged[b].family) return staged[a].family < staged[b].family;
      return skiplist(staged[a].family) && key_of(a) < key_of(b);
    });
  }
  rocksdb::WriteBatch& batch = buffers_.batch;
  for (std::uint32_t i : order) {
    const BatchBuffers::Staged& s = staged[i];
    rocksdb::ColumnFamilyHandle* cf = store_.handles[static_cast<std::size_t>(s.family)];
    const rocksdb::Slice key(arena_.data() + s.key_offset, s.key_size);
    const rocksdb::Status st =
        s.erase ? batch.Delete(cf, key)
                : batch.Put(cf, key, rocksdb::Slice(arena_.data() + s.value_offset, s.value_size));
    if (!st.ok()) return storage_error(st, "building the apply batch");
  }
  stats_.write_bytes = buffers_.batch.GetDataSize();
  return ok_status();
}

Status ApplyBatch::write() {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  const rocksdb::Status st = store_.db->Write(write_options, &buffers_.batch);
  if (!st.ok()) return storage_error(st, "writing the apply batch");
  return ok_status();
}

void ApplyBatch::publish(LedgerState& state) {
  for (auto& [p, part] : partitions_) state.partitions.insert_or_assign(p, part);
  for (auto& [p, book] : policies_) state.policies.insert_or_assign(p, std::move(book));
  for (auto& [key, positions] : parked_added_)
    state.parked[key].insert(positions.begin(), positions.end());
  for (auto& [key, positions] : parked_removed_) {
    auto it = state.parked.find(key);
    if (it == state.parked.end()) continue;
    for (std::int64_t pos : positions) it->second.erase(pos);
    if (it->second.empty()) state.parked.erase(it);
  }
}

}  // namespace tally::ledger
