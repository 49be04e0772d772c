#include "ledger/autopay_query.h"

#include <rocksdb/db.h>

#include <fmt/format.h>

#include "core/accounts.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/store.h"

namespace tally::ledger {

Result<std::vector<Mandate>> enrolled_mandates(Ledger& ledger, std::size_t limit) {
  limit = std::min(limit, kMaxQueryLimit);
  Store& store = ledger.store();
  std::vector<Mandate> out;
  for (PartitionId p : ledger.partitions()) {
    const std::string prefix = keys::state_prefix(p, keys::kTagAutopay);
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.state));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit; it->Next()) {
      TALLY_TRY(AutopayState state, decode_autopay(it->value().ToStringView()));
      if (!state.enrolled) continue;
      std::string account(it->key().ToStringView().substr(prefix.size()));
      auto name = accounts::parse(account);
      if (!name || name->kind != accounts::AccountKind::kCustomer)
        return ledger_error(
            LedgerErrc::corrupt,
            fmt::format("autopay state kept for '{}', not a customer account", account));
      out.push_back({p, std::move(account), std::move(name->id), std::move(state)});
    }
    if (!it->status().ok()) return storage_error(it->status(), "listing autopay mandates");
  }
  return out;
}

namespace {

// Lines of history read to find when the customer last owed nothing.
constexpr std::size_t kPaidOffLookback = 200;

// What a return left that autopay must not debit (records.h WithheldAmount), less what the
// customer has since paid off: an amount dated on or before the last day their balance came
// to nothing or less is behind them.
Result<std::int64_t> withheld_now(const Ledger& ledger, const Mandate& m) {
  if (m.state.withheld.empty()) return std::int64_t{0};
  TALLY_TRY(AccountView view, ledger.account_view(m.account, kPaidOffLookback));
  std::optional<BusinessDate> paid_off;
  for (const HistoryLine& line : view.history)
    if (line.balance_after_minor <= 0) {
      paid_off = line.business_date;
      break;
    }
  std::int64_t total = 0;
  for (const WithheldAmount& w : m.state.withheld)
    if (!paid_off || w.date > *paid_off) total += w.amount_minor;
  return total;
}

}  // namespace

Result<std::vector<DueMandate>> mandates_owing(Ledger& ledger) {
  TALLY_TRY(std::vector<Mandate> mandates, enrolled_mandates(ledger, kMaxQueryLimit));
  std::vector<DueMandate> owing;
  for (Mandate& m : mandates) {
    if (!m.state.hold_code.empty()) continue;  // an administrative return waits for a correction
    TALLY_TRY(AccountBalance balance, ledger.balance(m.account));
    if (balance.balance_minor <= 0) continue;
    TALLY_TRY(std::int64_t withheld, withheld_now(ledger, m));
    owing.push_back({std::move(m), balance.balance_minor - withheld, withheld, balance.balance_minor});
  }
  return owing;
}

Result<std::vector<DueMandate>> mandates_due(Ledger& ledger) {
  TALLY_TRY(std::vector<DueMandate> owing, mandates_owing(ledger));
  std::erase_if(owing, [](const DueMandate& d) { return d.balance_minor <= 0; });  // all withheld
  return owing;
}

}  // namespace tally::ledger
