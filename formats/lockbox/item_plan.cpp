#include "formats/lockbox/item_plan.h"

#include "formats/lockbox/item_decode.h"

namespace tally::formats::lockbox {

using item_decode::build_spans;
using item_decode::classify_line;
using item_decode::decode;
using item_decode::kStandardSpans;

ItemPlan::ItemPlan(const LockboxLayout& layout, bool allow_avx2) {
  const FieldSpec* const specs[9] = {
      layout.find('6', Field::kBatchNumber),     layout.find('6', Field::kItemNumber),
      layout.find('6', Field::kAmount),          layout.find('6', Field::kRemitterRouting),
      layout.find('6', Field::kRemitterAccount), layout.find('6', Field::kCheckNumber),
      layout.find('6', Field::kCheckDate),       layout.find('6', Field::kRemitterName),
      layout.find('6', Field::kPayeeName)};
  spans_ = build_spans(specs);
  standard_ = spans_ == kStandardSpans;
  max_length_ = layout.max_record_length();
  // The hot loop finds the line end inside its window, so the window holds the longest line and
  // its terminator; masks have 128 bits.
  window_ = spans_.enabled && max_length_ + 1 <= kWindow ? kWindow : 0;
  (void)allow_avx2;
#if defined(TALLY_LOCKBOX_X86)
  avx2_ = allow_avx2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
          __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
#endif
}

bool ItemPlan::read(std::string_view line, const char* limit, Item& out, DateCache& dates,
                    Extra& extra) const {
  const std::size_t n = line.size();
  if (!spans_.enabled || n > kMaxColumns) return false;
  LineClasses c;
  classify_line(line.data(), n, limit, c);
  return decode(spans_, line, limit, c, out, dates, extra);
}

}  // namespace tally::formats::lockbox
