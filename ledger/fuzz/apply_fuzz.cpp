// libFuzzer target for the books as a whole: the input drives a generator of events (every
// type, ids and accounts from small pools so that duplicates, conflicts, returns of known
// payments and drawer closes happen, amounts from the edges: 0, negatives, INT64_MIN,
// INT64_MAX, kMaxAmountMinor +- 1), applied to a fresh ledger in a temporary folder in a few
// group commits, pipelined or not. Whatever the events, nothing aborts and verify() passes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/assert.h"
#include "core/events/codec.h"
#include "core/money.h"
#include "ledger/ledger.h"

namespace {

using namespace tally;

constexpr std::size_t kMaxEvents = 48;

std::int64_t amount_minor(FuzzedDataProvider& in) {
  static constexpr std::int64_t kEdges[] = {0, 1, -1, 100, 2500, kMaxAmountMinor, kMaxAmountMinor + 1,
                                            -kMaxAmountMinor, -kMaxAmountMinor - 1,
                                            std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max()};
  if (in.ConsumeBool()) return in.PickValueInArray(kEdges);
  return in.ConsumeIntegral<std::int64_t>();
}

void set_amount(events::Amount* a, FuzzedDataProvider& in) {
  a->set_minor(amount_minor(in));
  static constexpr const char* kCurrencies[] = {"USD", "USD", "USD", "EUR", "XXQ", ""};
  a->set_currency(in.PickValueInArray(kCurrencies));
}

std::string id_bytes(FuzzedDataProvider& in) {
  std::string id(EventId::kBytes, '\0');
  id[0] = static_cast<char>(in.ConsumeIntegralInRange<int>(0, 7));
  return id;
}

std::string account(FuzzedDataProvider& in) {
  static constexpr const char* kAccounts[] = {"1001", "1002", "", "bad\naccount", "1003"};
  return in.PickValueInArray(kAccounts);
}

events::Envelope make_event(FuzzedDataProvider& in) {
  events::Envelope e;
  e.set_id(id_bytes(in));
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(20454 + in.ConsumeIntegralInRange<int>(-3, 3));
  e.set_recorded_at_us(1'700'000'000'000'000);
  const std::string ref = "T" + std::to_string(in.ConsumeIntegralInRange<int>(0, 3));
  switch (in.ConsumeIntegralInRange<int>(0, 11)) {
    case 0: {
      auto* p = e.mutable_payment_received();
      p->set_channel(static_cast<events::Channel>(in.ConsumeIntegralInRange<int>(0, 6)));
      p->set_account_id(account(in));
      p->set_external_reference(ref);
      set_amount(p->mutable_amount(), in);
      break;
    }
    case 1: {
      auto* r = e.mutable_payment_returned();
      if (in.ConsumeBool()) r->set_original_event_id(id_bytes(in));
      r->set_original_reference(ref);
      r->set_return_code(in.ConsumeBool() ? "R01" : "R02");
      set_amount(r->mutable_amount(), in);
      break;
    }
    case 2: {
      auto* b = e.mutable_bill_issued();
      b->set_account_id(account(in));
      b->set_bill_id(ref);
      set_amount(b->mutable_amount_due(), in);
      break;
    }
    case 3: {
      auto* d = e.mutable_deposit_declared();
      d->set_kind(static_cast<events::DepositDeclared::Kind>(in.ConsumeIntegralInRange<int>(0, 5)));
      set_amount(d->mutable_gross(), in);
      set_amount(d->mutable_fees(), in);
      set_amount(d->mutable_net(), in);
      break;
    }
    case 4: {
      auto* o = e.mutable_drawer_opened();
      o->set_drawer_id("D1");
      o->set_session_id(in.ConsumeBool() ? "S1" : "S2");
      set_amount(o->mutable_opening_float(), in);
      break;
    }
    case 5: {
      auto* c = e.mutable_drawer_closed();
      c->set_drawer_id("D1");
      c->set_session_id(in.ConsumeBool() ? "S1" : "S2");
      if (in.ConsumeBool()) set_amount(c->mutable_over_short(), in);
      else {
        set_amount(c->mutable_counted_cash(), in);
        set_amount(c->mutable_expected_cash(), in);
      }
      break;
    }
    case 6: {
      auto* a = e.mutable_adjustment_posted();
      a->set_account_id(account(in));
      a->set_approver(in.ConsumeBool() ? "sup" : "");
      set_amount(a->mutable_amount(), in);
      break;
    }
    case 7: {
      auto* v = e.mutable_payment_voided();
      v->set_payment_event_id(id_bytes(in));
      v->set_supervisor("sup");
      break;
    }
    case 8: {
      auto* a = e.mutable_payment_applied();
      a->set_payment_event_id(id_bytes(in));
      a->set_account_id(account(in));
      set_amount(a->mutable_amount(), in);
      break;
    }
    case 9: {
      auto* c = e.mutable_chargeback_received();
      c->set_processor("p");
      c->set_case_id(ref);
      c->set_processor_reference(ref);
      c->set_account_id(account(in));
      set_amount(c->mutable_amount(), in);
      break;
    }
    case 10: {
      auto* c = e.mutable_chargeback_reversed();
      c->set_processor("p");
      c->set_case_id(ref);
      c->set_account_id(account(in));
      set_amount(c->mutable_amount(), in);
      break;
    }
    default: {
      auto* p = e.mutable_policy_set();
      set_amount(p->mutable_nsf_fee(), in);
      p->add_nsf_return_codes("R01");
      p->set_autopay_removal_returns(in.ConsumeIntegralInRange<int>(-1, 3));
      p->set_autopay_removal_months(in.ConsumeIntegralInRange<int>(0, 13));
      break;
    }
  }
  e.set_type(events::type_of_payload(e));
  return e;
}

// A ledger folder serves kInputsPerLedger inputs, each on a partition of its own: partitions
// are independent books (ledger/README.md), so an input behaves the same alone or after
// others, and opening RocksDB per input would make the fuzzer a hundred times slower.
constexpr std::uint32_t kInputsPerLedger = 64;

struct FuzzLedger {
  std::string dir;
  std::unique_ptr<ledger::Ledger> ledger;
  std::uint32_t inputs = 0;

  ledger::Ledger& next() {
    if (ledger == nullptr || inputs == kInputsPerLedger) {
      ledger.reset();
      dir = (std::filesystem::temp_directory_path() /
             ("tally-apply-fuzz-" + std::to_string(::getpid())))
                .string();
      std::filesystem::remove_all(dir);
      ledger::LedgerOptions options;
      options.path = dir;
      options.sync = false;
    options.hash_memtables = false;  // verify's whole-order scans stay cheap
      auto opened = ledger::Ledger::open(options);
      TALLY_ASSERT(opened.ok(), "the fuzz ledger opens");
      ledger = std::move(opened).value();
      inputs = 0;
    }
    ++inputs;
    return *ledger;
  }
};

}  // namespace

// The ledger keeps state across inputs (its memtables grow by design), which libFuzzer would
// take for a leak to look for after every input, scanning hundreds of megabytes each time:
// leaks are not checked here (the parsers' fuzzers check theirs).
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Never destroyed: RocksDB's own statics are gone by the time a static here would close it.
  static FuzzLedger* const fuzz = new FuzzLedger();
  ledger::Ledger& ledger = fuzz->next();
  const PartitionId partition(fuzz->inputs);
  FuzzedDataProvider in(data, size);
  std::vector<log::LogRecord> batch;
  std::int64_t position = 0;
  const bool pipelined = in.ConsumeBool();
  for (std::size_t i = 0; i < kMaxEvents && in.remaining_bytes() > 0; ++i) {
    const events::Envelope e = make_event(in);
    batch.push_back({partition, LogPosition(position++), "key", e.SerializeAsString()});
    if (in.ConsumeIntegralInRange<int>(0, 7) != 0) continue;  // close the group commit
    if (pipelined) {
      TALLY_ASSERT(ledger.submit(std::move(batch)).ok(), "a batch of any events applies");
    } else {
      TALLY_ASSERT(ledger.apply(batch).ok(), "a batch of any events applies");
    }
    batch.clear();
  }
  if (!batch.empty()) TALLY_ASSERT(ledger.apply(batch).ok(), "a batch of any events applies");
  TALLY_ASSERT(ledger.flush().ok(), "the pipeline drains");
  auto report = ledger.verify();
  TALLY_ASSERT(report.ok() && report->ok, "the books verify whatever the events were");
  return 0;
}
