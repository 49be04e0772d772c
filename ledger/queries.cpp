// Ledger queries: balances (now, as of a business date, after a sequence), history,
// accounts, discrepancies, return letters, autopay. All read RocksDB directly, so they see
// whole batches only, and never block the apply loop.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/money.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/ledger_impl.h"

namespace tally::ledger {
namespace {

constexpr int kMaxProbes = 80;  // binary search over a 64-bit sequence space

Status check_limit(std::size_t limit) {
  if (limit == 0 || limit > kMaxQueryLimit)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("limit must be 1..{}", kMaxQueryLimit));
  return ok_status();
}

Status check_account(std::string_view account) {
  if (account.empty() || account.size() > keys::kMaxAccountBytes ||
      account.find('\0') != std::string_view::npos)
    return ledger_error(LedgerErrc::invalid_argument,
                        "account name must be 1..200 bytes without NUL");
  return ok_status();
}

Status add_to(AccountBalance& total, PartitionId p, Currency currency, std::int64_t minor,
              std::uint64_t postings) {
  if (total.currency && !(*total.currency == currency))
    return ledger_error(LedgerErrc::corrupt,
                        fmt::format("account {} is kept in {} and {}", total.account,
                                    total.currency->code(), currency.code()));
  const auto sum = checked_add(total.balance_minor, minor);
  if (!sum) return ledger_error(LedgerErrc::limit_exceeded, "balance sum overflows");
  total.currency = currency;
  total.balance_minor = *sum;
  total.postings += postings;
  total.by_partition.push_back(PartitionBalance{p, minor});
  return ok_status();
}

// The account's newest posting at or before `seq` in one partition (postings are keyed by
// ~seq, so a forward Seek finds it).
Result<std::optional<PostingValue>> posting_at(rocksdb::Iterator& it, PartitionId p,
                                               std::string_view account, EntrySequence seq) {
  const std::string prefix = keys::posting_prefix(p, account);
  const std::string key = keys::posting(p, account, seq);
  it.Seek(key);
  if (!it.status().ok()) return storage_error(it.status(), "reading postings");
  if (!it.Valid() || !it.key().starts_with(prefix) || it.key().size() != key.size())
    return std::optional<PostingValue>();
  TALLY_TRY(PostingValue v, decode_posting(it.value().ToStringView()));
  return std::optional<PostingValue>(v);
}

rocksdb::ReadOptions prefix_read() {
  rocksdb::ReadOptions r;
  r.prefix_same_as_start = true;
  return r;
}

// Balance of one partition's account as of the end of business date `date`:
//   postings are in sequence order and each carries the running balance and the largest
//   business date so far (max_date, non-decreasing). The last posting with max_date <= date
//   (binary search by sequence) gives the sum of every posting up to it, all dated <= date.
//   Any later posting dated <= date is "late" (earlier than a predecessor) and is in the
//   small late index: add those.
Result<std::int64_t> balance_as_of(Store& store, PartitionId p, std::string_view account,
                                   const BalanceValue& now, BusinessDate date) {
  if (now.max_date <= date) return now.balance_minor;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(prefix_read(), store.postings));
  std::uint64_t lo = 0, hi = now.last_seq.value();  // answer in [lo, hi]; 0: none
  std::int64_t base = 0;
  for (int probe = 0; lo < hi && probe < kMaxProbes; ++probe) {
    const std::uint64_t mid = lo + (hi - lo + 1) / 2;
    TALLY_TRY(auto found, posting_at(*it, p, account, EntrySequence(mid)));
    // "no posting yet, or every posting so far dated <= date" holds up to some sequence
    // and fails after it: find the last sequence where it holds.
    if (!found || found->max_date <= date)
      lo = mid;
    else
      hi = mid - 1;
  }
  const std::uint64_t cut = lo;
  if (lo > 0) {
    TALLY_TRY(auto found, posting_at(*it, p, account, EntrySequence(lo)));
    if (found && found->max_date <= date) base = found->balance_after_minor;
  }
  const std::string late_prefix = keys::late_prefix(p, account);
  std::unique_ptr<rocksdb::Iterator> late(
      store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  for (late->Seek(keys::late(p, account, EntrySequence(cut + 1)));
       late->Valid() && late->key().starts_with(late_prefix); late->Next()) {
    TALLY_TRY(LatePosting posting, decode_late_posting(late->value().ToStringView()));
    if (posting.business_date > date) continue;
    const auto sum = checked_add(base, posting.amount_minor);
    if (!sum) return ledger_error(LedgerErrc::limit_exceeded, "balance sum overflows");
    base = *sum;
  }
  if (!late->status().ok()) return storage_error(late->status(), "reading late postings");
  return base;
}

}  // namespace

Result<AccountBalance> Ledger::balance(std::string_view account, const BalanceQuery& query) const {
  return balance_read(account, query, nullptr);
}

Result<std::vector<HistoryLine>> Ledger::history(std::string_view account, std::size_t limit,
                                                 const std::vector<PartitionId>& partitions) const {
  return history_read(account, limit, partitions, nullptr);
}

Result<AccountView> Ledger::account_view(std::string_view account, std::size_t limit) const {
  Store& store = *impl_->store;
  // One snapshot for both reads: the lines end at the balance shown, whatever the apply loop
  // writes meanwhile.
  const rocksdb::Snapshot* snapshot = store.db->GetSnapshot();
  struct Release {
    rocksdb::DB& db;
    const rocksdb::Snapshot* s;
    ~Release() { db.ReleaseSnapshot(s); }
  } release{*store.db, snapshot};
  AccountView view;
  TALLY_TRY(view.balance, balance_read(account, {}, snapshot));
  // Lines are only where the balance is: a partition's posting and the balance beside it are
  // written in one batch (verify checks it), so partitions without a balance are not sought
  // (a customer's account is usually in one of them: one iterator instead of one a partition).
  std::vector<PartitionId> holding;
  holding.reserve(view.balance.by_partition.size());
  for (const PartitionBalance& b : view.balance.by_partition) holding.push_back(b.partition);
  if (holding.empty()) {
    TALLY_TRY_STATUS(check_limit(limit));  // the same answer to a bad limit as with lines
    return view;
  }
  TALLY_TRY(view.history, history_read(account, limit, holding, snapshot));
  return view;
}

Result<AccountBalance> Ledger::balance_read(std::string_view account, const BalanceQuery& query,
                                            const rocksdb::Snapshot* snapshot) const {
  TALLY_TRY_STATUS(check_account(account));
  const std::vector<PartitionId> parts = impl_->query_partitions(query.partitions);
  std::vector<std::string> keys_wanted;
  keys_wanted.reserve(parts.size());
  for (PartitionId p : parts) keys_wanted.push_back(keys::balance(p, account));
  std::vector<rocksdb::Slice> slices(keys_wanted.begin(), keys_wanted.end());
  std::vector<rocksdb::PinnableSlice> values(parts.size());
  std::vector<rocksdb::Status> statuses(parts.size());
  Store& store = *impl_->store;
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  store.db->MultiGet(read, store.balances, parts.size(), slices.data(), values.data(),
                     statuses.data());
  AccountBalance total;
  total.account = std::string(account);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return storage_error(statuses[i], "reading a balance");
    TALLY_TRY(BalanceValue b, decode_balance(values[i].ToStringView()));
    std::int64_t minor = b.balance_minor;
    if (query.as_of) {
      TALLY_TRY(minor, balance_as_of(store, parts[i], account, b, *query.as_of));
    }
    TALLY_TRY_STATUS(add_to(total, parts[i], b.currency, minor, b.postings));
  }
  return total;
}

Result<std::int64_t> Ledger::balance_at_sequence(std::string_view account, PartitionId partition,
                                                 EntrySequence seq) const {
  TALLY_TRY_STATUS(check_account(account));
  Store& store = *impl_->store;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(prefix_read(), store.postings));
  TALLY_TRY(auto found, posting_at(*it, partition, account, seq));
  return found ? found->balance_after_minor : 0;
}

Result<std::vector<HistoryLine>> Ledger::history_read(std::string_view account, std::size_t limit,
                                                      const std::vector<PartitionId>& partitions,
                                                      const rocksdb::Snapshot* snapshot) const {
  TALLY_TRY_STATUS(check_account(account));
  TALLY_TRY_STATUS(check_limit(limit));
  Store& store = *impl_->store;
  rocksdb::ReadOptions read = prefix_read();
  read.snapshot = snapshot;
  // Each partition's newest `limit` lines, newest first; then merged by business date.
  std::vector<std::vector<HistoryLine>> per_partition;
  for (PartitionId p : impl_->query_partitions(partitions)) {
    std::vector<HistoryLine> lines;
    const std::string prefix = keys::posting_prefix(p, account);
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(read, store.postings));
    // A whole key as the seek target (hash memtables bucket by prefix): the newest posting.
    const std::string newest = keys::posting(p, account, EntrySequence(~std::uint64_t{0}));
    for (it->Seek(newest); it->Valid() && it->key().starts_with(prefix) && lines.size() < limit;
         it->Next()) {
      if (it->key().size() != prefix.size() + keys::kSeqBytes) continue;
      TALLY_TRY(PostingValue v, decode_posting(it->value().ToStringView()));
      HistoryLine line;
      line.partition = p;
      line.seq = keys::posting_sequence(it->key().ToStringView());
      line.business_date = v.business_date;
      line.amount_minor = v.amount_minor;
      line.currency = v.currency;
      line.balance_after_minor = v.balance_after_minor;
      lines.push_back(std::move(line));
    }
    if (!it->status().ok()) return storage_error(it->status(), "reading history");
    if (!lines.empty()) per_partition.push_back(std::move(lines));
  }
  std::vector<HistoryLine> out;
  std::vector<std::size_t> next(per_partition.size(), 0);
  while (out.size() < limit) {
    std::size_t best = per_partition.size();
    for (std::size_t i = 0; i < per_partition.size(); ++i) {
      if (next[i] >= per_partition[i].size()) continue;
      if (best == per_partition.size() ||
          per_partition[i][next[i]].business_date > per_partition[best][next[best]].business_date)
        best = i;
    }
    if (best == per_partition.size()) break;
    out.push_back(std::move(per_partition[best][next[best]++]));
  }
  for (HistoryLine& line : out) {
    TALLY_TRY(Entry e, entry(line.partition, line.seq));
    line.event_id = e.event_id;
    line.event_type = e.event_type;
    line.memo = std::move(e.memo);
    line.position = e.position;
  }
  return out;
}

Result<std::vector<AccountBalance>> Ledger::accounts(std::size_t limit) const {
  TALLY_TRY_STATUS(check_limit(limit));
  Store& store = *impl_->store;
  std::map<std::string, AccountBalance, std::less<>> found;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.balances));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() <= keys::kPartitionBytes)
      return ledger_error(LedgerErrc::corrupt, "balance key too short");
    const std::string_view account = key.substr(keys::kPartitionBytes);
    if (found.size() >= limit && account > found.rbegin()->first) continue;
    TALLY_TRY(BalanceValue b, decode_balance(it->value().ToStringView()));
    auto slot = found.find(account);
    if (slot == found.end()) {
      slot = found.emplace(std::string(account), AccountBalance{}).first;
      slot->second.account = std::string(account);
    }
    TALLY_TRY_STATUS(
        add_to(slot->second, keys::partition_of(key), b.currency, b.balance_minor, b.postings));
    if (found.size() > limit) found.erase(std::prev(found.end()));
  }
  if (!it->status().ok()) return storage_error(it->status(), "listing accounts");
  std::vector<AccountBalance> out;
  for (auto& [name, balance] : found) out.push_back(std::move(balance));
  return out;
}

Result<Entry> Ledger::entry(PartitionId partition, EntrySequence seq) const {
  TALLY_TRY(auto value,
            get_value(*impl_->store->db, impl_->store->journal, keys::journal(partition, seq)));
  if (!value)
    return ledger_error(LedgerErrc::not_found,
                        fmt::format("no entry {}/{}", partition.value(), seq.value()));
  return decode_entry(*value);
}

namespace {

// Values under one state tag, partition by partition, at most `limit`.
template <class T, class Decode>
Result<std::vector<T>> list_state(Store& store, const std::vector<PartitionId>& parts, char tag,
                                  std::size_t limit, Decode&& decode) {
  TALLY_TRY_STATUS(check_limit(limit));
  std::vector<T> out;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  for (PartitionId p : parts) {
    const std::string prefix = keys::state_prefix(p, tag);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
         it->Next()) {
      TALLY_TRY(T value, decode(p, it->key().ToStringView(), it->value().ToStringView()));
      out.push_back(std::move(value));
    }
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading ledger state");
  return out;
}

}  // namespace

Result<std::vector<NumberedDiscrepancy>> Ledger::discrepancies(std::size_t limit) const {
  return list_state<NumberedDiscrepancy>(
      *impl_->store, impl_->query_partitions({}), keys::kTagDiscrepancy, limit,
      [](PartitionId p, std::string_view key,
         std::string_view value) -> Result<NumberedDiscrepancy> {
        TALLY_TRY(Discrepancy d, decode_discrepancy(value));
        return NumberedDiscrepancy{p, log::get_be(key, key.size() - 8, 8), std::move(d)};
      });
}

Result<std::vector<ReturnLetter>> Ledger::return_letters(std::size_t limit) const {
  return list_state<ReturnLetter>(
      *impl_->store, impl_->query_partitions({}), keys::kTagLetter, limit,
      [](PartitionId, std::string_view, std::string_view value) { return decode_letter(value); });
}

Result<std::vector<AutopayRemoval>> Ledger::autopay_removals(std::size_t limit) const {
  return list_state<AutopayRemoval>(
      *impl_->store, impl_->query_partitions({}), keys::kTagRemoval, limit,
      [](PartitionId, std::string_view, std::string_view value) { return decode_removal(value); });
}

Result<AutopayState> Ledger::autopay(PartitionId partition, std::string_view account) const {
  TALLY_TRY_STATUS(check_account(account));
  TALLY_TRY(auto value, get_value(*impl_->store->db, impl_->store->state,
                                  keys::state(partition, keys::kTagAutopay, account)));
  if (!value) return AutopayState{};
  return decode_autopay(*value);
}

}  // namespace tally::ledger
