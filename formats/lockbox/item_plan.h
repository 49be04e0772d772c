// ItemPlan (internal): the fast path for 6 detail records, the bulk of every lockbox file.
//
// Built once per parse from the layout, it knows which columns of a 6 record must be digits
// and which may be blank. It classifies a whole line at once (digit, blank, not printable:
// one bit per column, 16 or 32 bytes per step), checks every field against those classes with
// a few mask operations, and only then extracts values (digits 8 at a time, text trimmed by
// bit scans). Any doubt (a bad byte, a field that is neither blank nor digits, a bad date, a
// line longer than kMaxColumns) returns false and the caller reads the record through
// RecordReader, which is the reference behaviour and reports what is wrong.
// tests/fast_path_test.cpp and the fuzzer compare them.
//
// Two users:
//   read(): a line already split by the caller (Parser::item, for a 6 the hot loop left).
//   the parser's hot loop (item_run.cpp with item_decode.h): the line starting at `p`; the
//     same classification finds its end (the first byte that is not printable must be its LF
//     or CR), so no separate line split is needed. It loads kWindow bytes from p, which must
//     be inside the buffer (the last lines of a file go the usual way).
// Neither reads outside [line start, limit). The hot loop's classifier is chosen at run time:
// AVX-512BW or AVX2 when the CPU has it (SSE2 is the x86-64 baseline; elsewhere, scalar).
// When the layout's 6 record is the standard one (the usual case), the same code runs with the
// field positions as compile-time constants (standard()).
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/lockbox/layout.h"
#include "formats/lockbox/lockbox.h"
#include "formats/lockbox/record_reader.h"

namespace tally::formats::lockbox {

// One bit per column (bit i: column i + 1) of a line of at most 128 columns.
struct Mask {
  std::uint64_t w[2] = {0, 0};
  constexpr bool operator==(const Mask&) const = default;
};

// A line's classes. Columns at or past the line end are blank, never digits or bad.
struct LineClasses {
  Mask digit, blank, bad;
};

// Where the 6 record's fields are, and the masks decode() checks (item_plan.cpp).
struct ItemSpans {
  struct Span {
    bool placed = false;
    bool digits = false;    // kDigits / kAmount / date: non-blank content must be digits
    bool optional = false;  // may be blank
    bool mmddyy = false;    // for the check date
    std::size_t begin = 0;  // 0-based offset in the line
    std::size_t length = 0;
    Mask mask;
    constexpr bool operator==(const Span&) const = default;
  };
  bool enabled = false;  // false: every field fits the masks; else no fast path
  Span batch, item, amount, routing, account, check, check_date, remitter, payee;
  Mask must_digit;     // columns that must be digits (required number fields)
  Mask digit_fields;   // columns of number fields: each field all digits or all blank
  Mask field_inside;   // columns of number fields other than each field's first
  Mask names;          // remitter and payee name columns (for the PAN digit count)
  Mask required_text[6];  // required text fields (rare): each must not be all blank
  int required_texts = 0;
  constexpr bool operator==(const ItemSpans&) const = default;
};

// The hot loop's instruction sets, in order: the best the CPU has, up to a cap, is used.
enum class Simd { kBaseline, kAvx2, kAvx512 };

class ItemPlan {
 public:
  static constexpr std::size_t kMaxColumns = 128;
  // The hot loop classifies this many bytes from a line's start: a line and its terminator must
  // fit (max_record_length < 128).
  static constexpr std::size_t kWindow = 128;

  // best: the most the hot loop may use (tests and the fuzzer compare every level).
  explicit ItemPlan(const LockboxLayout& layout, Simd best = Simd::kAvx512);

  // What a successful read says besides the item.
  struct Extra {
    // The names hold 13 or more digits between them: they may hold a card number, so the
    // caller must run the PAN masking (Parser::masked); otherwise it need not.
    bool may_hold_pan = false;
  };

  // Fills out's per-record fields (batch, item, amount, MICR, check date, names) from a
  // well-formed 6 record. False: nothing is known, use the general path.
  bool read(std::string_view line, const char* limit, Item& out, DateCache& dates,
            Extra& extra) const;

  // A framed line (item_decode.h framed_line(), the parser's hot loop): its length without
  // terminator and the bytes it takes with its terminator.
  struct Framed {
    std::size_t length = 0;
    std::size_t consumed = 0;
  };
  // Bytes the hot loop classifies from the start of a line (kWindow; 0: it is off for this
  // layout, whose records are too long or whose 6 fields do not fit the masks).
  std::size_t window() const { return window_; }
  // The layout's 6 record is the standard one: decoding uses constant positions.
  bool standard() const { return standard_; }
  // For the parser's hot loop (item_run.cpp with item_decode.h).
  const ItemSpans& spans() const { return spans_; }
  std::size_t max_length() const { return max_length_; }
  Simd simd() const { return simd_; }

 private:
  ItemSpans spans_;
  bool standard_ = false;
  Simd simd_ = Simd::kBaseline;
  std::size_t window_ = 0;
  std::size_t max_length_ = 0;  // the layout's record length: longer lines are errors
};

}  // namespace tally::formats::lockbox
