// ItemPlan (internal): the fast path for 6 detail records, the bulk of every lockbox file.
//
// Built once per parse from the layout, it knows which columns of a 6 record must be digits
// and which may be blank. read() classifies the whole line in 16-byte steps (digit, blank,
// not printable), checks every field against those classes at once, and only then extracts
// values (digits 8 at a time, text trimmed by bit scans). Any doubt (a bad byte, a field
// that is neither blank nor digits, a bad date, a line longer than kMaxColumns) returns
// false and the caller reads the record through RecordReader, which is the reference
// behaviour and reports what is wrong. tests/fast_path_test.cpp and the fuzzer compare them.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/lockbox/layout.h"
#include "formats/lockbox/lockbox.h"
#include "formats/lockbox/record_reader.h"

namespace tally::formats::lockbox {

class ItemPlan {
 public:
  static constexpr std::size_t kMaxColumns = 128;

  explicit ItemPlan(const LockboxLayout& layout);

  // Fills out's per-record fields (batch, item, amount, MICR, check date, names) from a
  // well-formed 6 record. False: nothing is known, use the general path.
  bool read(std::string_view line, const char* limit, Item& out, DateCache& dates) const;

 private:
  struct Mask {
    std::uint64_t w[2] = {0, 0};
  };
  struct Span {
    bool placed = false;
    bool digits = false;    // kDigits / kAmount / date: non-blank content must be digits
    bool optional = false;  // may be blank
    bool mmddyy = false;    // for the check date
    std::size_t begin = 0;  // 0-based offset in the line
    std::size_t length = 0;
    Mask mask;
  };

  static Span span_of(const LockboxLayout& layout, Field f);
  bool field_ok(const Span& s, const Mask& digit, const Mask& blank, std::size_t size) const;
  static std::string_view trimmed(const Span& s, std::string_view line, const Mask& blank);

  bool enabled_ = false;
  Span batch_, item_, amount_, routing_, account_, check_, check_date_, remitter_, payee_;
};

}  // namespace tally::formats::lockbox
