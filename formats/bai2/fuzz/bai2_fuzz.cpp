// libFuzzer target for the BAI2 reader: any bytes must give a report, never a crash or hang.
// It also runs the reader with the 16 fast path off and traps if it and any detail-run reader
// the CPU has disagree on what they delivered or reported: the fast paths must be
// optimisations, never a behaviour.
// The visitor folds every view it sees into a hash, so ASan sees a dangling one.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/bai2/bai2.h"
#include "formats/bai2/detail_run.h"
#include "formats/bai2/parser.h"

namespace {

namespace bai2 = tally::formats::bai2;

class Hash : public bai2::Visitor {
 public:
  std::uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  }
  void add(std::int64_t v) { h = (h ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL; }
  void on_account(const bai2::AccountIdentifier& a) override {
    add(a.account_number);
    for (const auto& s : a.summaries) add(s.amount_minor.value_or(-1));
  }
  void on_transaction(const bai2::TransactionDetail& t) override {
    add(t.type.code);
    add(t.amount_minor.value_or(-1));
    add(static_cast<std::int64_t>(t.funds.type));
    add(t.funds.defaulted ? 1 : 0);
    add(t.funds.value_date ? t.funds.value_date->days() : -1);
    add(t.funds.value_time ? t.funds.value_time->seconds : -1);
    for (const auto& d : t.funds.distributions) add(d.amount_minor);
    add(t.text);
    add(t.bank_reference);
    add(t.customer_reference);
    add(t.account_number);
    add(t.line);
    add(t.record);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Hash slow_seen;
  const auto slow = bai2::Parser(bytes, slow_seen, false).run();
  if (slow.accepted && !slow.errors.empty()) __builtin_trap();  // verdict must be coherent
  for (bai2::DetailRunIsa isa :
       {bai2::DetailRunIsa::kBaseline, bai2::DetailRunIsa::kBmi2, bai2::DetailRunIsa::kAvx2}) {
    if (!bai2::set_detail_run_isa_for_testing(isa)) continue;  // not on this CPU
    Hash fast_seen;
    const auto fast = bai2::Parser(bytes, fast_seen, true).run();
    if (fast.accepted != slow.accepted || fast.errors.size() != slow.errors.size() ||
        fast.warnings.size() != slow.warnings.size() || fast_seen.h != slow_seen.h)
      __builtin_trap();
    for (std::size_t i = 0; i < fast.errors.size(); ++i)
      if (fast.errors[i].code != slow.errors[i].code || fast.errors[i].line != slow.errors[i].line)
        __builtin_trap();
  }
  return 0;
}
