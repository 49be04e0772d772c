// The parser's hot loop over 6 records (Parser::run_items): each line is framed, classified
// and decoded in one pass (item_decode.h, all inline), then counted and delivered. It is
// compiled six times, for SSE2, AVX2 or AVX-512BW (chosen at run time, ItemPlan::simd()) and
// for the standard 6 layout as constants or the layout's own spans, so no call or layout
// lookup sits between two records.
#include "formats/lockbox/classify_avx512.h"
#include "formats/lockbox/item_decode.h"
#include "formats/lockbox/parser.h"

namespace tally::formats::lockbox {

struct ItemRun {
  // The parser's state the loop changes, in locals while it runs: the visitor call clobbers
  // the caller-saved registers, so every value live across it costs a spill and a reload per
  // record. Hence as few as possible: the line and record numbers live in the item (the
  // visitor gets them there anyway) and the other counters follow from how far they moved.
  struct Counters {
    std::int64_t total_minor, batch_number, batch_amount, last_item_number;
    bool batch_open;
    std::int64_t records_before, batch_items_before;  // read once, when storing

    explicit Counters(Parser& ps)
        : total_minor(ps.total_minor_),
          batch_number(ps.batch_number_),
          batch_amount(ps.batch_amount_),
          last_item_number(ps.last_item_number_),
          batch_open(ps.batch_open_),
          records_before(ps.records_),
          batch_items_before(ps.batch_open_ ? ps.batch_items_ : 0) {
      ps.item_.line = ps.line_no_;
      ps.item_.record = ps.records_;
    }
    void store(Parser& ps) const {
      const std::int64_t taken = ps.item_.record - records_before;
      if (taken == 0) return;
      ps.hot_loop_items_ += taken;
      ps.line_no_ = ps.item_.line;
      ps.records_ = ps.item_.record;
      ps.items_ += taken;
      ps.total_minor_ = total_minor;
      ps.batch_number_ = batch_number;
      ps.batch_items_ = batch_items_before + taken;
      ps.batch_amount_ = batch_amount;
      ps.last_item_number_ = last_item_number;
      ps.batch_open_ = true;
      ps.item_open_ = true;
    }
  };

  // The same as dispatch() then item() for a 6 record that needs nothing but counting: it is
  // well-formed (the plan says so), of the open batch or opening one, its item number goes
  // up, no running sum overflows, and no name may hold a card number. Anything else stops the
  // loop before the record (false), which then goes the usual way and is reported there.
  // `c`: the classes of the kWindow bytes from p.
  template <bool kSimd>
  [[gnu::always_inline]] static bool take(Parser& ps, Counters& k, const ItemSpans& spans,
                                          const char* p, const char* limit, LineClasses& c,
                                          item_decode::Memo& memo, std::size_t& consumed) {
    Item& it = ps.item_;
    ItemPlan::Framed framed;
    ItemPlan::Extra extra;
    if (!item_decode::framed_line<kSimd>(spans, ps.item_plan_.max_length(), p, limit, c, it,
                                         ps.dates_, framed, extra, memo) ||
        extra.may_hold_pan)
      return false;
    std::int64_t batch_amount = 0;
    if (k.batch_open) {
      if (it.batch_number != k.batch_number || it.item_number <= k.last_item_number)
        return false;
      batch_amount = k.batch_amount;
    }
    std::int64_t total = 0;
    if (__builtin_add_overflow(batch_amount, it.amount_minor, &batch_amount) ||
        __builtin_add_overflow(k.total_minor, it.amount_minor, &total))
      return false;
    ++it.line;
    ++it.record;
    k.batch_open = true;
    k.batch_number = it.batch_number;
    k.last_item_number = it.item_number;
    k.batch_amount = batch_amount;
    k.total_minor = total;
    ps.visitor_.on_item(it);
    consumed = framed.consumed;
    return true;
  }

  // Set once per run: the same for every item of the lockbox.
  static void start(Parser& ps) {
    ps.item_.lockbox_number = ps.lockbox_number_;
    ps.item_.deposit_date = ps.deposit_date_;
    ps.item_.currency = ps.layout_.currency();
  }

  // The loop, once per classifier (the AVX2 and AVX-512 ones must be compiled for their
  // instruction set as a whole: an intrinsic inlines only into a function targeting it).
  template <bool kStandard>
  [[gnu::always_inline]] static std::size_t loop_base(Parser& ps, std::size_t pos) {
    const ItemSpans& spans = kStandard ? item_decode::kStandardSpans : ps.item_plan_.spans();
    const char* const begin = ps.bytes_.data();
    const char* const limit = begin + ps.bytes_.size();
    const char* p = begin + pos;
    std::size_t consumed = 0;
    start(ps);
    Counters k(ps);
    item_decode::Memo memo;
    while (limit - p >= static_cast<std::ptrdiff_t>(ItemPlan::kWindow) && *p == '6') {
      LineClasses c;
      item_decode::classify_window_base(p, c);
      if (!take<false>(ps, k, spans, p, limit, c, memo, consumed)) break;
      p += consumed;
    }
    k.store(ps);
    return static_cast<std::size_t>(p - begin);
  }

#if defined(TALLY_LOCKBOX_X86)
  template <bool kStandard>
  [[TALLY_LOCKBOX_AVX2_TARGET, gnu::always_inline]] static std::size_t loop_avx2(Parser& ps,
                                                                          std::size_t pos) {
    const ItemSpans& spans = kStandard ? item_decode::kStandardSpans : ps.item_plan_.spans();
    const char* const begin = ps.bytes_.data();
    const char* const limit = begin + ps.bytes_.size();
    const char* p = begin + pos;
    std::size_t consumed = 0;
    start(ps);
    Counters k(ps);
    item_decode::Memo memo;
    while (limit - p >= static_cast<std::ptrdiff_t>(ItemPlan::kWindow) && *p == '6') {
      LineClasses c;
      item_decode::classify_window_avx2(p, c);
      if (!take<true>(ps, k, spans, p, limit, c, memo, consumed)) break;
      p += consumed;
    }
    k.store(ps);
    return static_cast<std::size_t>(p - begin);
  }

  template <bool kStandard>
  [[TALLY_LOCKBOX_AVX512_TARGET, gnu::always_inline]] static std::size_t loop_avx512(
      Parser& ps, std::size_t pos) {
    const ItemSpans& spans = kStandard ? item_decode::kStandardSpans : ps.item_plan_.spans();
    const char* const begin = ps.bytes_.data();
    const char* const limit = begin + ps.bytes_.size();
    const char* p = begin + pos;
    std::size_t consumed = 0;
    start(ps);
    Counters k(ps);
    item_decode::Memo memo;
    while (limit - p >= static_cast<std::ptrdiff_t>(ItemPlan::kWindow) && *p == '6') {
      LineClasses c;
      item_decode::classify_window_avx512(p, c);
      if (!take<true>(ps, k, spans, p, limit, c, memo, consumed)) break;
      p += consumed;
    }
    k.store(ps);
    return static_cast<std::size_t>(p - begin);
  }
#endif
};

namespace {

std::size_t run_base_standard(Parser& ps, std::size_t pos) {
  return ItemRun::loop_base<true>(ps, pos);
}
std::size_t run_base(Parser& ps, std::size_t pos) {
  return ItemRun::loop_base<false>(ps, pos);
}
#if defined(TALLY_LOCKBOX_X86)
[[TALLY_LOCKBOX_AVX2_TARGET, gnu::flatten]] std::size_t run_avx2_standard(Parser& ps, std::size_t pos) {
  return ItemRun::loop_avx2<true>(ps, pos);
}
[[TALLY_LOCKBOX_AVX2_TARGET, gnu::flatten]] std::size_t run_avx2(Parser& ps, std::size_t pos) {
  return ItemRun::loop_avx2<false>(ps, pos);
}
[[TALLY_LOCKBOX_AVX512_TARGET, gnu::flatten]] std::size_t run_avx512_standard(Parser& ps,
                                                                              std::size_t pos) {
  return ItemRun::loop_avx512<true>(ps, pos);
}
[[TALLY_LOCKBOX_AVX512_TARGET, gnu::flatten]] std::size_t run_avx512(Parser& ps, std::size_t pos) {
  return ItemRun::loop_avx512<false>(ps, pos);
}
#endif

}  // namespace

std::size_t Parser::run_items(std::size_t pos) {
  if (item_plan_.window() == 0) return pos;
#if defined(TALLY_LOCKBOX_X86)
  if (item_plan_.simd() == Simd::kAvx512)
    return item_plan_.standard() ? run_avx512_standard(*this, pos) : run_avx512(*this, pos);
  if (item_plan_.simd() == Simd::kAvx2)
    return item_plan_.standard() ? run_avx2_standard(*this, pos) : run_avx2(*this, pos);
#endif
  return item_plan_.standard() ? run_base_standard(*this, pos) : run_base(*this, pos);
}

}  // namespace tally::formats::lockbox
