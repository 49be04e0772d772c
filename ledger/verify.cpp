// Ledger::verify: recomputes each partition's hash chain from the journal, checks every
// entry's postings sum to zero, and that the balances and the per-account posting index
// agree with the journal. Reads one RocksDB snapshot, so it may run beside the apply loop.
#include <unordered_map>

#include <fmt/format.h>

#include "core/money.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/ledger_impl.h"

namespace tally::ledger {
namespace {

// What the journal says about one account of one partition.
struct AccountCheck {
  std::int64_t sum = 0;
  std::uint64_t lines = 0;        // (account, entry) pairs, as the posting index keeps them
  std::uint64_t fingerprint = 0;  // order-free hash of (sequence, net amount) pairs
  bool overflow = false;
  bool has_balance = false;
};

std::uint64_t mix(std::uint64_t seq, std::int64_t amount) {
  std::uint64_t h =
      seq * 0x9E3779B97F4A7C15ULL ^ static_cast<std::uint64_t>(amount) * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}

class Verifier {
 public:
  Verifier(Store& store, VerifyReport& report) : store_(store), report_(report) {
    snapshot_ = store.db->GetSnapshot();
    read_.snapshot = snapshot_;
    read_.total_order_seek = true;
  }
  ~Verifier() { store_.db->ReleaseSnapshot(snapshot_); }
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // False when a problem was found (report_.problem says which).
  Result<bool> partition(PartitionId p) {
    accounts_.clear();
    TALLY_TRY(bool ok, journal(p));
    if (!ok) return false;
    TALLY_TRY(ok, balances(p));
    if (!ok) return false;
    return postings(p);
  }

 private:
  bool problem(PartitionId p, EntrySequence seq, EventId id, std::string account,
               std::string reason) {
    report_.ok = false;
    report_.problem = VerifyProblem{p, seq, id, std::move(account), std::move(reason)};
    return false;
  }

  Result<bool> journal(PartitionId p) {
    std::string meta_value;
    const rocksdb::Status s = store_.db->Get(read_, store_.meta, keys::meta(p), &meta_value);
    if (s.IsNotFound()) return problem(p, EntrySequence(0), {}, {}, "partition state missing");
    if (!s.ok()) return storage_error(s, "reading a partition state");
    auto decoded_state = decode_partition_state(meta_value);
    if (!decoded_state)
      return problem(p, EntrySequence(0), {}, {}, "partition state does not decode");
    const PartitionState& state = decoded_state.value();
    std::uint64_t expected = 1;
    Sha256Digest head{};
    EventId last_id;
    const std::string prefix = keys::partition_prefix(p);
    std::unique_ptr<rocksdb::Iterator> it(store_.db->NewIterator(read_, store_.journal));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next(), ++expected) {
      const std::string_view key = it->key().ToStringView();
      const EntrySequence seq(log::get_be(key, keys::kPartitionBytes, keys::kSeqBytes));
      if (seq.value() != expected)
        return problem(p, EntrySequence(expected), {}, {},
                       fmt::format("entry {} missing (next is {})", expected, seq.value()));
      const std::string_view value = it->value().ToStringView();
      auto decoded = decode_entry(value);
      if (!decoded) return problem(p, seq, {}, {}, "entry does not decode");
      const Entry& e = decoded.value();
      TALLY_TRY(Sha256Digest body, entry_body_hash(value));
      if (body != e.hash)
        return problem(p, seq, e.event_id, {}, "stored hash does not match the entry's contents");
      if (e.seq != seq) return problem(p, seq, e.event_id, {}, "entry names another sequence");
      if (e.prev_hash != head)
        return problem(p, seq, e.event_id, {},
                       fmt::format("does not chain to entry {}", expected - 1));
      if (!postings_balance(e.postings))
        return problem(p, seq, e.event_id, {}, "postings do not sum to zero");
      head = e.hash;
      last_id = e.event_id;
      // Net per account per entry, as the posting index stores it.
      std::unordered_map<std::string_view, std::int64_t> net;
      for (const Posting& posting : e.postings) {
        auto& n = net[posting.account];
        const auto sum = checked_add(n, posting.amount_minor);
        if (!sum) return problem(p, seq, e.event_id, posting.account, "posting amounts overflow");
        n = *sum;
      }
      for (const auto& [account, amount] : net) {
        AccountCheck& a = accounts_[std::string(account)];
        const auto sum = checked_add(a.sum, amount);
        a.overflow = a.overflow || !sum;
        a.sum = sum.value_or(0);
        ++a.lines;
        a.fingerprint += mix(seq.value(), amount);
        ++report_.postings;
      }
      ++report_.entries;
    }
    if (!it->status().ok()) return storage_error(it->status(), "verifying the journal");
    const EntrySequence last(expected - 1);
    if (state.next_seq.value() != expected || state.applied != expected - 1)
      return problem(p, last, last_id, {},
                     fmt::format("partition state says {} entries, the journal has {}",
                                 state.applied, expected - 1));
    if (state.head != head)
      return problem(p, last, last_id, {},
                     "chain head in the partition state is not the last entry's hash");
    return true;
  }

  Result<bool> balances(PartitionId p) {
    const std::string prefix = keys::partition_prefix(p);
    std::unique_ptr<rocksdb::Iterator> it(store_.db->NewIterator(read_, store_.balances));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      const std::string account(it->key().ToStringView().substr(keys::kPartitionBytes));
      auto decoded = decode_balance(it->value().ToStringView());
      if (!decoded) return problem(p, EntrySequence(0), {}, account, "balance does not decode");
      const BalanceValue& b = decoded.value();
      auto found = accounts_.find(account);
      if (found == accounts_.end())
        return problem(p, b.last_seq, {}, account,
                       "balance for an account the journal never posted to");
      AccountCheck& a = found->second;
      a.has_balance = true;
      if (a.overflow || a.sum != b.balance_minor || a.lines != b.postings)
        return problem(p, b.last_seq, {}, account,
                       fmt::format("balance {} over {} postings; the journal sums to {} over {}",
                                   b.balance_minor, b.postings, a.sum, a.lines));
      ++report_.accounts;
    }
    if (!it->status().ok()) return storage_error(it->status(), "verifying balances");
    for (const auto& [account, a] : accounts_)
      if (!a.has_balance)
        return problem(p, EntrySequence(0), {}, account, "postings but no balance");
    return true;
  }

  // The posting index, newest first per account: each running balance is the older one
  // plus this amount, the oldest starts from zero, and the (sequence, amount) pairs are the
  // journal's.
  Result<bool> postings(PartitionId p) {
    const std::string prefix = keys::partition_prefix(p);
    std::unique_ptr<rocksdb::Iterator> it(store_.db->NewIterator(read_, store_.postings));
    std::string account;
    std::optional<PostingValue> newer;
    EntrySequence newer_seq;
    std::uint64_t fingerprint = 0;
    auto finish = [&]() -> bool {
      if (account.empty()) return true;
      if (newer->balance_after_minor != newer->amount_minor)
        return problem(p, newer_seq, {}, account,
                       "oldest posting's running balance is not its amount");
      const AccountCheck& a = accounts_[account];
      if (fingerprint != a.fingerprint)
        return problem(p, EntrySequence(0), {}, account,
                       "posting index differs from the journal's postings");
      return true;
    };
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (key.size() < keys::kPartitionBytes + 2 + keys::kSeqBytes)
        return problem(p, EntrySequence(0), {}, {}, "posting key too short");
      const std::string_view name = key.substr(
          keys::kPartitionBytes, key.size() - keys::kPartitionBytes - 1 - keys::kSeqBytes);
      const EntrySequence seq = keys::posting_sequence(key);
      auto decoded = decode_posting(it->value().ToStringView());
      if (!decoded) return problem(p, seq, {}, std::string(name), "posting does not decode");
      if (name != account) {
        if (!finish()) return false;
        account = std::string(name);
        fingerprint = 0;
        const auto a = accounts_.find(account);
        if (a == accounts_.end())
          return problem(p, seq, {}, account, "posting for an account the journal never posted to");
        if (decoded->balance_after_minor != a->second.sum)
          return problem(p, seq, {}, account, "latest running balance is not the journal's sum");
      } else if (checked_sub(newer->balance_after_minor, newer->amount_minor) !=
                 std::optional<std::int64_t>(decoded->balance_after_minor)) {
        return problem(p, newer_seq, {}, account,
                       "running balance does not follow from the posting before");
      }
      fingerprint += mix(seq.value(), decoded->amount_minor);
      newer = decoded.value();
      newer_seq = seq;
    }
    if (!it->status().ok()) return storage_error(it->status(), "verifying postings");
    return finish();
  }

  Store& store_;
  VerifyReport& report_;
  const rocksdb::Snapshot* snapshot_;
  rocksdb::ReadOptions read_;
  std::unordered_map<std::string, AccountCheck> accounts_;
};

}  // namespace

Result<VerifyReport> Ledger::verify() const {
  VerifyReport report;
  Verifier verifier(*impl_->store, report);
  for (PartitionId p : impl_->query_partitions({})) {
    ++report.partitions;
    TALLY_TRY(bool ok, verifier.partition(p));
    if (!ok) break;
  }
  return report;
}

}  // namespace tally::ledger
