// RecordReader (internal): reads the fields of one lockbox record by its layout, reporting
// each bad field as a located issue. A field past the end of a short (unpadded) line reads
// as blank. Values are views into the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/business_date.h"
#include "formats/common/report.h"
#include "formats/lockbox/layout.h"

namespace tally::formats::lockbox {

// Dates repeat (one deposit date, checks written days apart): remember the last few.
class DateCache {
 public:
  std::optional<BusinessDate> parse(std::string_view six, bool mmddyy);

 private:
  struct Slot {
    char text[6] = {};
    bool mmddyy = false;
    bool used = false;
    std::optional<BusinessDate> value;
  };
  Slot slots_[8];
  unsigned next_ = 0;
};

class RecordReader {
 public:
  // `limit`: the end of the whole input (field scans may load past the line, never past it).
  RecordReader(const LockboxLayout& layout, std::string_view line, const char* limit,
               std::int64_t line_no, std::int64_t record_no, ParseReport& report, DateCache& dates)
      : layout_(layout),
        line_(line),
        limit_(limit),
        line_no_(line_no),
        record_no_(record_no),
        report_(report),
        dates_(dates) {}

  // Each returns nullopt (or empty text) when the layout has no such field, when an optional
  // field is blank, or when the field is bad (reported, and ok() turns false).
  // The out-parameter forms return whether a value was read. (They exist because GCC spills
  // a returned std::optional with a byte store and reloads it whole: a stall per field.)
  bool number(Field f, std::int64_t& out);  // kDigits or kAmount
  bool date(Field f, BusinessDate& out);
  std::optional<std::int64_t> number(Field f) {
    std::int64_t v = 0;
    return number(f, v) ? std::optional<std::int64_t>(v) : std::nullopt;
  }
  std::optional<BusinessDate> date(Field f) {
    BusinessDate d;
    return date(f, d) ? std::optional<BusinessDate>(d) : std::nullopt;
  }
  std::string_view text(Field f);  // any type, trimmed
  std::optional<int> time_minutes(Field f);
  bool has(Field f) const { return layout_.find(line_[0], f) != nullptr; }

  bool ok() const { return ok_; }
  void error(Field f, std::string code, std::string message);
  void error(std::string field, std::string code, std::string message);

 private:
  // The raw characters of a field ("" beyond the end of the line), or nullptr spec.
  std::string_view raw(const FieldSpec& spec) const;
  bool blank_or_missing(const FieldSpec& spec, std::string_view value);

  const LockboxLayout& layout_;
  std::string_view line_;
  const char* limit_;
  std::int64_t line_no_;
  std::int64_t record_no_;
  ParseReport& report_;
  DateCache& dates_;
  bool ok_ = true;
};

}  // namespace tally::formats::lockbox
