#include "formats/lockbox/item_plan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "formats/lockbox/field_scan.h"

namespace tally::formats::lockbox {
namespace {

// Bits [0, end) of one 64-bit word, end in 0..64.
std::uint64_t low_bits(std::size_t end) {
  return end >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << end) - 1;
}

// Sets bits [begin, begin + length) of a 128-bit mask (callers keep them below 128).
void set_range(std::uint64_t (&w)[2], std::size_t begin, std::size_t length) {
  const std::size_t end = begin + length;
  w[0] |= low_bits(end < 64 ? end : 64) & ~low_bits(begin < 64 ? begin : 64);
  w[1] |= low_bits(end > 64 ? end - 64 : 0) & ~low_bits(begin > 64 ? begin - 64 : 0);
}

bool covers(const std::uint64_t (&have)[2], const std::uint64_t (&need)[2]) {
  return (have[0] & need[0]) == need[0] && (have[1] & need[1]) == need[1];
}

void put(std::uint64_t (&w)[2], std::size_t off, unsigned bits) {
  w[off / 64] |= static_cast<std::uint64_t>(bits) << (off % 64);
}

// Per byte of line[0, n): is it a digit, a blank, or not printable ASCII.
void classify(const char* p, std::size_t n, const char* limit, std::uint64_t (&digit)[2],
              std::uint64_t (&blank)[2], std::uint64_t (&bad)[2]) {
  std::size_t off = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i del = _mm_set1_epi8(0x7f);
  const __m128i below0 = _mm_set1_epi8('0' - 1);
  const __m128i above9 = _mm_set1_epi8('9' + 1);
  for (; off < n && p + off + 16 <= limit; off += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + off));
    const __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, below0), _mm_cmplt_epi8(v, above9));
    const __m128i b = _mm_or_si128(_mm_cmpgt_epi8(space, v), _mm_cmpeq_epi8(v, del));
    put(digit, off, static_cast<unsigned>(_mm_movemask_epi8(d)));
    put(blank, off, static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space))));
    put(bad, off, static_cast<unsigned>(_mm_movemask_epi8(b)));
  }
#endif
  for (; off < n; ++off) {
    const char c = p[off];
    if (c >= '0' && c <= '9') put(digit, off, 1);
    if (c == ' ') put(blank, off, 1);
    if (!scan::printable(c)) put(bad, off, 1);
  }
  // Bits at or past the line end: not digits, not bad, and blank (an unpadded line).
  std::uint64_t tail[2] = {0, 0};
  if (n < 128) set_range(tail, n, 128 - n);
  for (int i = 0; i < 2; ++i) {
    digit[i] &= ~tail[i];
    bad[i] &= ~tail[i];
    blank[i] = (blank[i] & ~tail[i]) | tail[i];
  }
}

}  // namespace

ItemPlan::Span ItemPlan::span_of(const LockboxLayout& layout, Field f) {
  Span s;
  const FieldSpec* spec = layout.find('6', f);
  if (!spec) return s;
  s.placed = true;
  s.digits = spec->type != FieldType::kText && spec->type != FieldType::kTimeHhmm;
  s.optional = spec->optional;
  s.mmddyy = spec->type == FieldType::kDateMmddyy;
  s.begin = spec->position - 1u;
  s.length = spec->length;
  if (s.begin + s.length <= kMaxColumns) set_range(s.mask.w, s.begin, s.length);
  return s;
}

ItemPlan::ItemPlan(const LockboxLayout& layout) {
  batch_ = span_of(layout, Field::kBatchNumber);
  item_ = span_of(layout, Field::kItemNumber);
  amount_ = span_of(layout, Field::kAmount);
  routing_ = span_of(layout, Field::kRemitterRouting);
  account_ = span_of(layout, Field::kRemitterAccount);
  check_ = span_of(layout, Field::kCheckNumber);
  check_date_ = span_of(layout, Field::kCheckDate);
  remitter_ = span_of(layout, Field::kRemitterName);
  payee_ = span_of(layout, Field::kPayeeName);
  enabled_ = true;
  for (const Span* s : {&batch_, &item_, &amount_, &routing_, &account_, &check_, &check_date_,
                        &remitter_, &payee_})
    if (s->placed && s->begin + s->length > kMaxColumns) enabled_ = false;
}

// Blank: fine if optional (the general path reports a blank required field). Otherwise a
// number field must lie wholly inside the line and be all digits; text needs nothing more
// than the line-wide printable check.
bool ItemPlan::field_ok(const Span& s, const Mask& digit, const Mask& blank,
                        std::size_t size) const {
  if (!s.placed) return true;
  if (covers(blank.w, s.mask.w)) return s.optional;
  if (!s.digits) return true;
  return s.begin + s.length <= size && covers(digit.w, s.mask.w);
}

std::string_view ItemPlan::trimmed(const Span& s, std::string_view line, const Mask& blank) {
  if (!s.placed) return {};
  const std::uint64_t text[2] = {s.mask.w[0] & ~blank.w[0], s.mask.w[1] & ~blank.w[1]};
  if ((text[0] | text[1]) == 0) return {};
  const std::size_t first = text[0] != 0 ? static_cast<std::size_t>(__builtin_ctzll(text[0]))
                                         : 64 + static_cast<std::size_t>(__builtin_ctzll(text[1]));
  const std::size_t last = text[1] != 0 ? 127 - static_cast<std::size_t>(__builtin_clzll(text[1]))
                                        : 63 - static_cast<std::size_t>(__builtin_clzll(text[0]));
  return line.substr(first, last - first + 1);
}

bool ItemPlan::read(std::string_view line, const char* limit, Item& out, DateCache& dates) const {
  const std::size_t n = line.size();
  if (!enabled_ || n > kMaxColumns) return false;
  Mask digit, blank, bad;
  classify(line.data(), n, limit, digit.w, blank.w, bad.w);
  if ((bad.w[0] | bad.w[1]) != 0) return false;
  // Batch, item and amount identify and count the check: all digits, or the general path.
  for (const Span* s : {&batch_, &item_, &amount_})
    if (s->begin + s->length > n || !covers(digit.w, s->mask.w)) return false;
  for (const Span* s : {&routing_, &account_, &check_, &check_date_, &remitter_, &payee_})
    if (!field_ok(*s, digit, blank, n)) return false;
  out.check_date.reset();
  if (check_date_.placed && !covers(blank.w, check_date_.mask.w)) {
    const std::string_view d = line.substr(check_date_.begin, check_date_.length);
    if (!(check_date_.optional && d == "000000")) {
      const auto date = dates.parse(d, check_date_.mmddyy);
      if (!date) return false;  // the general path reports it
      out.check_date = *date;
    }
  }
  // Every number field is now known to be all digits inside the line.
  scan::digits_value(line.substr(batch_.begin, batch_.length), out.batch_number);
  scan::digits_value(line.substr(item_.begin, item_.length), out.item_number);
  scan::digits_value(line.substr(amount_.begin, amount_.length), out.amount_minor);
  out.remitter_routing = trimmed(routing_, line, blank);
  out.remitter_account = trimmed(account_, line, blank);
  out.check_number = trimmed(check_, line, blank);
  out.remitter_name = trimmed(remitter_, line, blank);
  out.payee_name = trimmed(payee_, line, blank);
  return true;
}

}  // namespace tally::formats::lockbox
