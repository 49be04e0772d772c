#include "ledger/search.h"

#include <rocksdb/db.h>

#include <fmt/format.h>

#include <map>

#include "core/log/record_key.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/names.h"
#include "ledger/records.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

Status check_limit(std::size_t limit) {
  if (limit == 0 || limit > kMaxQueryLimit)
    return ledger_error(LedgerErrc::invalid_argument, fmt::format("limit must be 1..{}", kMaxQueryLimit));
  return ok_status();
}

}  // namespace

Result<AccountPage> account_page(const Ledger& ledger, std::string_view prefix, std::string_view after,
                                 std::size_t limit, const std::optional<std::vector<PartitionId>>& only) {
  TALLY_TRY_STATUS(check_limit(limit));
  Store& store = const_cast<Ledger&>(ledger).store();
  const rocksdb::ReadOptions read = total_order_read();
  // Up to limit + 1 accounts by name from every partition: the extra one says a next page exists.
  std::map<std::string, AccountBalance, std::less<>> found;
  for (const PartitionId p : only ? *only : ledger.partitions()) {
    const std::string partition = keys::partition_prefix(p);
    std::string start = partition + std::string(std::max(prefix, after));
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(read, store.balances));
    std::size_t taken = 0;
    for (it->Seek(start); it->Valid() && taken <= limit; it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!key.starts_with(partition)) break;
      const std::string_view account = key.substr(keys::kPartitionBytes);
      if (!account.starts_with(prefix)) break;
      if (account <= after) continue;
      TALLY_TRY(BalanceValue b, decode_balance(it->value().ToStringView()));
      auto slot = found.find(account);
      if (slot == found.end()) {
        slot = found.emplace(std::string(account), AccountBalance{}).first;
        slot->second.account = std::string(account);
      }
      AccountBalance& total = slot->second;
      if (total.currency && *total.currency != b.currency)
        return ledger_error(LedgerErrc::corrupt, fmt::format("{} holds two currencies", account));
      total.currency = b.currency;
      total.balance_minor += b.balance_minor;
      total.postings += b.postings;
      total.by_partition.push_back({p, b.balance_minor});
      ++taken;
    }
    if (!it->status().ok()) return storage_error(it->status(), "listing accounts");
  }
  AccountPage page;
  for (auto& [name, balance] : found) {
    if (page.accounts.size() == limit) {
      page.next_after = page.accounts.back().account;
      break;
    }
    page.accounts.push_back(std::move(balance));
  }
  return page;
}

Result<std::vector<NamedAccount>> accounts_by_name(const Ledger& ledger, std::string_view text, std::size_t limit) {
  TALLY_TRY_STATUS(check_limit(limit));
  const std::vector<std::string> words = name_words(text);
  if (words.empty()) return ledger_error(LedgerErrc::invalid_argument, "a name to search has at least one letter or digit");
  // The index is sought by the first word; the others are checked against each name found. A
  // common first word has many names: each partition reads a bounded number of them.
  const std::size_t scan_max = limit * 20 + 100;
  Store& store = const_cast<Ledger&>(ledger).store();
  std::map<std::string, std::string, std::less<>> found;
  for (const PartitionId p : ledger.partitions()) {
    std::string prefix = keys::partition_prefix(p);
    prefix.push_back(keys::kRefNameWord);
    prefix.append(words.front());
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.refs));
    std::size_t scanned = 0;
    for (it->Seek(prefix); it->Valid() && scanned < scan_max; it->Next(), ++scanned) {
      const std::string_view key = it->key().ToStringView();
      if (!key.starts_with(prefix)) break;
      // key: partition, kind, word 0x01 account 0x00, id16
      if (key.size() < keys::kPartitionBytes + 2 + EventId::kBytes)
        return ledger_error(LedgerErrc::corrupt, "a name index key is too short");
      const std::string_view reference = key.substr(keys::kPartitionBytes + 1, key.size() - keys::kPartitionBytes - 2 - EventId::kBytes);
      const std::size_t split = reference.find('\x01');
      if (split == std::string_view::npos) return ledger_error(LedgerErrc::corrupt, "a name index key without its account");
      const std::string_view name = it->value().ToStringView();
      if (name_matches(name, words)) found.emplace(std::string(reference.substr(split + 1)), std::string(name));
    }
    if (!it->status().ok()) return storage_error(it->status(), "reading the name index");
  }
  std::vector<NamedAccount> out;
  for (auto& [account, name] : found) {
    if (out.size() == limit) break;
    out.push_back({account, std::move(name)});
  }
  return out;
}

Result<std::vector<FoundPayment>> payments_by_reference(const Ledger& ledger, std::string_view reference,
                                                        std::size_t limit) {
  TALLY_TRY_STATUS(check_limit(limit));
  if (reference.empty() || reference.size() > keys::kMaxReferenceBytes)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("reference: 1..{} bytes", keys::kMaxReferenceBytes));
  Store& store = const_cast<Ledger&>(ledger).store();
  std::vector<EventLookup> candidates;
  for (const PartitionId p : ledger.partitions()) {
    std::string prefix = keys::partition_prefix(p);
    prefix.push_back(keys::kRefPayment);
    prefix.append(reference);
    prefix.push_back('\0');
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.refs));
    for (it->Seek(prefix); it->Valid() && candidates.size() < limit; it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!key.starts_with(prefix)) break;
      const auto id = EventId::from_bytes(key.substr(prefix.size()));
      if (!id) return ledger_error(LedgerErrc::corrupt, "a reference key without an event id");
      candidates.push_back({p, *id});
    }
    if (!it->status().ok()) return storage_error(it->status(), "reading references");
  }
  TALLY_TRY(auto where, ledger.find_events(candidates));
  std::vector<FoundPayment> out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!where[i] || where[i]->status != IdStatus::kApplied) continue;
    TALLY_TRY(Entry entry, ledger.entry(candidates[i].partition, EntrySequence(where[i]->where)));
    FoundPayment found{candidates[i].id, candidates[i].partition, entry.seq, entry.business_date, {}, 0,
                       Currency::usd(), entry.memo};
    // The payment's credit side is the account it went to.
    for (const Posting& posting : entry.postings)
      if (posting.amount_minor < 0) {
        found.account = posting.account;
        found.amount_minor = -posting.amount_minor;
        found.currency = posting.currency;
      }
    out.push_back(std::move(found));
  }
  return out;
}

}  // namespace tally::ledger
