// libFuzzer target for the reconciler as a whole: the input drives a generator of the events
// it reads (deposits, returns, bank lines and balances with amounts, dates and references
// from the edges and from small pools, so that references collide, amounts repeat and groups
// form; matches and lifecycle steps naming items that may not exist), published to a fresh
// embedded log and reconciled, then run again. Whatever the events: nothing aborts, and no
// item is claimed by two of the runs' matches.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "core/assert.h"
#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "core/money.h"
#include "reconcile/reconciler.h"

namespace {

using namespace tally;

constexpr std::size_t kMaxEvents = 64;

std::int64_t amount_minor(FuzzedDataProvider& in) {
  static constexpr std::int64_t kEdges[] = {0, 1, -1, 500, 1000, 1500, 2500, kMaxAmountMinor, kMaxAmountMinor + 1,
                                            std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max()};
  if (in.ConsumeBool()) return in.PickValueInArray(kEdges);
  return in.ConsumeIntegralInRange<std::int64_t>(-10, 5000);
}

void set_amount(events::Amount* a, FuzzedDataProvider& in) {
  a->set_minor(amount_minor(in));
  static constexpr const char* kCurrencies[] = {"USD", "USD", "USD", "EUR", "XXQ", ""};
  a->set_currency(in.PickValueInArray(kCurrencies));
}

std::int32_t date(FuzzedDataProvider& in) {
  static constexpr std::int32_t kEdges[] = {0, -1, 84'005, 84'006, std::numeric_limits<std::int32_t>::max(),
                                            std::numeric_limits<std::int32_t>::min()};
  if (in.ConsumeIntegralInRange<int>(0, 9) == 0) return in.PickValueInArray(kEdges);
  return 20'790 + in.ConsumeIntegralInRange<int>(-6, 6);  // around 2026-12-04
}

std::string reference(FuzzedDataProvider& in) {
  static constexpr const char* kRefs[] = {"", "R1", "R2", "0004417", "4417", "ach:1946000123:1:2026-12-04",
                                          "lockbox:4417:2026-12-04", "1946000123", "PAYOUT-1", "bad\nref"};
  return in.PickValueInArray(kRefs);
}

std::string id_bytes(FuzzedDataProvider& in) {
  std::string id(EventId::kBytes, '\0');
  id[0] = static_cast<char>(in.ConsumeIntegralInRange<int>(0, 40));
  return id;
}

events::Envelope make_event(FuzzedDataProvider& in) {
  events::Envelope e;
  e.set_id(id_bytes(in));
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(date(in));
  e.set_recorded_at_us(in.ConsumeIntegral<std::int64_t>());
  e.set_partition_key(in.ConsumeBool() ? "bank:8765" : "deposit:x");
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
    case 1: {
      auto* d = e.mutable_deposit_declared();
      d->set_kind(static_cast<events::DepositDeclared::Kind>(in.ConsumeIntegralInRange<int>(0, 5)));
      d->set_channel(static_cast<events::Channel>(in.ConsumeIntegralInRange<int>(0, 6)));
      set_amount(d->mutable_net(), in);
      d->set_deposit_date(date(in));
      d->set_deposit_reference(reference(in));
      d->set_payout_id(reference(in));
      break;
    }
    case 2: {
      auto* r = e.mutable_payment_returned();
      r->set_kind(in.ConsumeBool() ? events::ACH_RETURN : events::CHECK_RETURN);
      set_amount(r->mutable_amount(), in);
      r->set_return_date(date(in));
      r->set_original_channel(static_cast<events::Channel>(in.ConsumeIntegralInRange<int>(0, 6)));
      break;
    }
    case 3:
    case 4: {
      auto* t = e.mutable_bank_transaction();
      t->set_bank_account(in.ConsumeBool() ? "8765" : "1234");
      t->set_bank_reference(reference(in));
      t->set_customer_reference(reference(in));
      t->set_direction(static_cast<events::BankTransaction::Direction>(in.ConsumeIntegralInRange<int>(0, 2)));
      set_amount(t->mutable_amount(), in);
      t->set_booking_date(date(in));
      t->set_reversal(in.ConsumeIntegralInRange<int>(0, 9) == 0);
      break;
    }
    case 5: {
      auto* b = e.mutable_bank_balance_reported();
      b->set_bank_account(in.ConsumeBool() ? "8765" : "");
      b->set_balance_date(date(in));
      set_amount(b->mutable_opening_ledger(), in);
      set_amount(b->mutable_closing_ledger(), in);
      break;
    }
    case 6: {  // a match someone else published, naming items that may not exist
      auto* m = e.mutable_reconcile_matched();
      m->set_status(static_cast<events::ReconcileMatched::Status>(in.ConsumeIntegralInRange<int>(0, 3)));
      m->add_expected_ids(id_bytes(in));
      m->add_bank_line_ids(id_bytes(in));
      if (in.ConsumeBool()) m->set_proposal_id(id_bytes(in));
      break;
    }
    default: {
      auto* r = e.mutable_discrepancy_resolved();
      r->set_discrepancy_id(in.ConsumeBool() ? "D0000000000000000" : std::string(in.ConsumeIntegralInRange<int>(0, 80), 'x'));
      r->set_state(static_cast<events::DiscrepancyResolved::State>(in.ConsumeIntegralInRange<int>(0, 3)));
      break;
    }
  }
  e.set_type(events::type_of_payload(e));
  return e;
}

}  // namespace

// RocksDB keeps caches across inputs that libFuzzer would scan as leaks after every input.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("tally-reconcile-fuzz-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/log");
  {
    auto log = log::EmbeddedLog::open({dir + "/log", 2, false});
    TALLY_ASSERT(log.ok(), "the fuzz log opens");
    std::vector<events::Envelope> events;
    std::vector<std::string> bytes;
    while (events.size() < kMaxEvents && in.remaining_bytes() > 0) events.push_back(make_event(in));
    for (const auto& e : events) bytes.push_back(events::encode(e));
    std::vector<log::AppendEntry> batch;
    for (std::size_t k = 0; k < events.size(); ++k) batch.push_back({events[k].partition_key(), bytes[k]});
    TALLY_ASSERT((*log)->append(batch).ok(), "the fuzz log appends");
    auto reconciler = reconcile::Reconciler::open(dir + "/reconcile", **log);
    TALLY_ASSERT(reconciler.ok(), "the fuzz reconciler opens");
    reconcile::RunOptions options;
    options.date = BusinessDate::from_days(20'800);
    std::set<EventId> claimed;
    for (int pass = 0; pass < 2; ++pass) {
      auto report = (*reconciler)->run(options);
      TALLY_ASSERT(report.ok(), "a run over any events succeeds");
      for (const events::Envelope& e : report->decided) {
        if (!e.has_reconcile_matched()) continue;
        for (const auto* ids : {&e.reconcile_matched().expected_ids(), &e.reconcile_matched().bank_line_ids()})
          for (const std::string& id : *ids)
            TALLY_ASSERT(claimed.insert(*EventId::from_bytes(id)).second, "no item is claimed by two matches");
      }
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
