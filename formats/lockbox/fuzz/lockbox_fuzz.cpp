// libFuzzer target for the lockbox reader: any bytes must give a report, never a crash or
// hang. It also reads the input with the 6-record fast path off and traps if it and the fast
// path (AVX-512 and AVX2 where the CPU has them, and the SSE2 baseline) disagree on what they
// delivered or reported: the fast path must be an optimisation, never a behaviour. The visitor
// folds every view it sees into a hash, so ASan sees a dangling one.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/lockbox/lockbox.h"
#include "formats/lockbox/parser.h"

namespace {

namespace lockbox = tally::formats::lockbox;

class Hash : public lockbox::Visitor {
 public:
  std::uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  }
  void add(std::int64_t v) { h = (h ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL; }
  void on_item(const lockbox::Item& i) override {
    add(i.batch_number);
    add(i.item_number);
    add(i.amount_minor);
    add(i.remitter_routing);
    add(i.remitter_account);
    add(i.check_number);
    add(i.check_date ? i.check_date->days() : -1);
    add(i.remitter_name);
    add(i.payee_name);
  }
  void on_overflow(const lockbox::Overflow& o) override {
    add(o.data);
    add(o.overflow_type);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto& layout = lockbox::LockboxLayout::standard();
  Hash general_seen;
  const auto general = lockbox::Parser(bytes, general_seen, layout, false).run();
  // The fast path at each level: AVX-512, AVX2 and the baseline classifier (a level the CPU
  // lacks runs the next one down).
  for (const auto best : {lockbox::Simd::kAvx512, lockbox::Simd::kAvx2, lockbox::Simd::kBaseline}) {
    Hash fast_seen;
    const auto fast = lockbox::Parser(bytes, fast_seen, layout, true, best).run();
    if (fast.accepted && !fast.errors.empty()) __builtin_trap();  // verdict must be coherent
    if (fast.accepted != general.accepted || fast.errors.size() != general.errors.size() ||
        fast.warnings.size() != general.warnings.size() || fast_seen.h != general_seen.h)
      __builtin_trap();
    for (std::size_t i = 0; i < fast.errors.size(); ++i)
      if (fast.errors[i].code != general.errors[i].code ||
          fast.errors[i].line != general.errors[i].line)
        __builtin_trap();
  }
  return 0;
}
