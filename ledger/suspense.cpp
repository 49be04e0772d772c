#include "ledger/suspense.h"

#include <rocksdb/db.h>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "ledger/command_records.h"
#include "ledger/keys.h"
#include "ledger/records.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

bool is_clearing(std::string_view account) {
  const auto name = accounts::parse(account);
  return name && name->kind == accounts::AccountKind::kClearing;
}

Status add_detail(const Store& store, SuspenseItem& item) {
  TALLY_TRY(auto stored, get_value(*store.db, store.state, keys::suspense_detail(item.partition, item.payment_id)));
  if (!stored) return ok_status();
  TALLY_TRY(SuspenseDetail detail, decode_suspense_detail(*stored));
  item.business_date = detail.business_date;
  item.payer_name = std::move(detail.payer_name);
  item.external_reference = std::move(detail.external_reference);
  item.check_number = std::move(detail.check_number);
  item.remittance = std::move(detail.remittance);
  item.deposit_reference = std::move(detail.deposit_reference);
  return ok_status();
}

// A payment's state is stored only once something happens to it (applied, returned,
// voided); until then the journal entry is its state. So: every payment the suspense
// account received, less those whose stored state says they moved on. `only`: that payment
// alone (find_in_suspense).
Result<std::vector<SuspenseItem>> collect(const Ledger& ledger, std::size_t limit, const EventId* only) {
  limit = std::min(limit, kMaxQueryLimit);
  TALLY_TRY(std::vector<HistoryLine> lines, ledger.history(accounts::kSuspense, kMaxQueryLimit));
  const Store& store = ledger.store();
  std::vector<SuspenseItem> out;
  for (auto line = lines.rbegin(); line != lines.rend() && out.size() < limit; ++line) {  // oldest first
    if (line->event_type != events::PAYMENT_RECEIVED) continue;
    if (only != nullptr && line->event_id != *only) continue;
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
    SuspenseItem item;
    item.partition = line->partition;
    item.payment_id = line->event_id;
    item.amount_minor = -line->amount_minor;
    item.currency = line->currency;
    item.clearing = clearing;
    item.channel = name ? name->id : std::string();
    item.business_date = line->business_date;
    TALLY_TRY_STATUS(add_detail(store, item));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<std::vector<SuspenseItem>> suspense_payments(const Ledger& ledger, std::size_t limit) {
  return collect(ledger, limit, nullptr);
}

Result<std::optional<SuspenseItem>> find_in_suspense(const Ledger& ledger, const EventId& payment_id) {
  TALLY_TRY(std::vector<SuspenseItem> items, collect(ledger, 1, &payment_id));
  if (items.empty()) return std::optional<SuspenseItem>();
  return std::optional<SuspenseItem>(std::move(items.front()));
}

}  // namespace tally::ledger
