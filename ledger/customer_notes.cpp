#include "ledger/customer_notes.h"

#include <rocksdb/db.h>

#include <fmt/format.h>

#include "core/log/record_key.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

constexpr std::size_t kMaxNotesEach = 1000;  // a page's worth; a customer has a handful

// Each ref under (kind, account) in partition p: the event id in its key and its value.
// A prefix seek: the refs family's prefix is everything before the event id, and a total-order
// seek of its hash-skiplist memtable sorts the whole memtable first (a customer's page spent
// most of its time there).
template <class Visit>
Status each_ref(Store& store, PartitionId p, char kind, std::string_view account, Visit&& visit) {
  const std::string prefix = keys::ref_prefix(p, kind, account);
  rocksdb::ReadOptions read;
  read.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(read, store.refs));
  std::size_t seen = 0;
  // Sought with a whole key (the smallest event id): the family's prefix of it is `prefix`.
  for (it->Seek(keys::ref(p, kind, account, EventId{})); it->Valid() && seen < kMaxNotesEach; it->Next(), ++seen) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    const auto id = EventId::from_bytes(key.substr(prefix.size()));
    const std::string_view value = it->value().ToStringView();
    if (!id || value.size() != 8) return ledger_error(LedgerErrc::corrupt, "a customer reference does not decode");
    TALLY_TRY_STATUS(visit(*id, log::get_be(value, 0, 8)));
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading a customer's references");
  return ok_status();
}

Result<std::optional<NumberedLetter>> read_letter(Store& store, PartitionId p, std::uint64_t number) {
  TALLY_TRY(auto value, get_value(*store.db, store.state, keys::state_numbered(p, keys::kTagLetter, number)));
  if (!value) return std::optional<NumberedLetter>();
  TALLY_TRY(ReturnLetter letter, decode_letter(*value));
  return std::optional<NumberedLetter>(NumberedLetter{p, number, std::move(letter)});
}

}  // namespace

Result<CustomerNotes> customer_notes(const Ledger& ledger, std::string_view account) {
  if (account.empty() || account.size() > keys::kMaxReferenceBytes)
    return ledger_error(LedgerErrc::invalid_argument, fmt::format("account: 1..{} bytes", keys::kMaxReferenceBytes));
  Store& store = const_cast<Ledger&>(ledger).store();
  CustomerNotes notes;
  for (const PartitionId p : ledger.partitions()) {
    TALLY_TRY(auto name, get_value(*store.db, store.refs, keys::ref(p, keys::kRefAccountName, account, EventId{})));
    if (name) notes.name = std::move(*name);
    TALLY_TRY_STATUS(each_ref(store, p, keys::kRefNotice, account, [&](const EventId& id, std::uint64_t seq) -> Status {
      TALLY_TRY(Entry entry, ledger.entry(p, EntrySequence(seq)));
      notes.notices.push_back({id, p, entry.seq, entry.business_date, entry.position});
      return ok_status();
    }));
    TALLY_TRY_STATUS(each_ref(store, p, keys::kRefLetter, account, [&](const EventId&, std::uint64_t number) -> Status {
      TALLY_TRY(auto letter, read_letter(store, p, number));
      if (letter) notes.letters.push_back(std::move(*letter));
      return ok_status();
    }));
    TALLY_TRY(auto autopay, get_value(*store.db, store.state, keys::state(p, keys::kTagAutopay, account)));
    if (autopay) {
      TALLY_TRY(AutopayState state, decode_autopay(*autopay));
      notes.autopay = std::move(state);
    }
  }
  std::sort(notes.notices.begin(), notes.notices.end(),
            [](const NoticeEntry& a, const NoticeEntry& b) { return a.business_date < b.business_date; });
  std::sort(notes.letters.begin(), notes.letters.end(),
            [](const NumberedLetter& a, const NumberedLetter& b) { return a.letter.date < b.letter.date; });
  return notes;
}

Result<std::optional<NumberedLetter>> letter_for_return(const Ledger& ledger, std::string_view account,
                                                        const EventId& return_id) {
  Store& store = const_cast<Ledger&>(ledger).store();
  for (const PartitionId p : ledger.partitions()) {
    TALLY_TRY(auto number, get_value(*store.db, store.refs, keys::ref(p, keys::kRefLetter, account, return_id)));
    if (!number) continue;
    if (number->size() != 8) return ledger_error(LedgerErrc::corrupt, "a letter reference does not decode");
    return read_letter(store, p, log::get_be(*number, 0, 8));
  }
  return std::optional<NumberedLetter>();
}

}  // namespace tally::ledger
