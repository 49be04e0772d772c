#include "ledger/suspense.h"

#include <rocksdb/db.h>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "ledger/keys.h"
#include "ledger/records.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

bool is_clearing(std::string_view account) {
  const auto name = accounts::parse(account);
  return name && name->kind == accounts::AccountKind::kClearing;
}

}  // namespace

// A payment's state is stored only once something happens to it (applied, returned,
// voided); until then the journal entry is its state. So: every payment the suspense
// account received, less those whose stored state says they moved on.
Result<std::vector<SuspenseItem>> suspense_payments(Ledger& ledger, std::size_t limit) {
  limit = std::min(limit, kMaxQueryLimit);
  TALLY_TRY(std::vector<HistoryLine> lines, ledger.history(accounts::kSuspense, kMaxQueryLimit));
  Store& store = ledger.store();
  std::vector<SuspenseItem> out;
  for (auto line = lines.rbegin(); line != lines.rend() && out.size() < limit; ++line) {  // oldest first
    if (line->event_type != events::PAYMENT_RECEIVED) continue;
    TALLY_TRY(auto stored, get_value(*store.db, store.state,
                                     keys::state(line->partition, keys::kTagPayment, line->event_id.as_string_view())));
    std::string clearing;
    if (stored) {
      TALLY_TRY(PaymentState state, decode_payment_state(*stored));
      if (state.holder != accounts::kSuspense || state.voided || state.returned_minor != 0)
        continue;
      clearing = state.clearing;
    } else {
      TALLY_TRY(Entry entry, ledger.entry(line->partition, line->seq));
      for (const Posting& p : entry.postings)
        if (is_clearing(p.account)) clearing = p.account;
    }
    const auto name = accounts::parse(clearing);
    out.push_back({line->partition, line->event_id, -line->amount_minor, line->currency, clearing,
                   name ? name->id : std::string()});
  }
  return out;
}

Result<std::optional<SuspenseItem>> find_in_suspense(Ledger& ledger, const EventId& payment_id) {
  TALLY_TRY(std::vector<SuspenseItem> items, suspense_payments(ledger, kMaxQueryLimit));
  for (SuspenseItem& item : items)
    if (item.payment_id == payment_id) return std::optional<SuspenseItem>(std::move(item));
  return std::optional<SuspenseItem>();
}

}  // namespace tally::ledger
