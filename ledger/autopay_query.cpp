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

Result<std::vector<DueMandate>> mandates_due(Ledger& ledger) {
  TALLY_TRY(std::vector<Mandate> mandates, enrolled_mandates(ledger, kMaxQueryLimit));
  std::vector<DueMandate> due;
  for (Mandate& m : mandates) {
    TALLY_TRY(AccountBalance balance, ledger.balance(m.account));
    if (balance.balance_minor <= 0) continue;  // nothing due
    due.push_back({std::move(m), balance.balance_minor});
  }
  return due;
}

}  // namespace tally::ledger
