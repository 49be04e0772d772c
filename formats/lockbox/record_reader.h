// RecordReader (internal): reads the fields of one lockbox record by its layout, reporting
// each bad field as a located issue. A field past the end of a short (unpadded) line reads
// as blank. Values are views into the line.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "core/business_date.h"
#include "formats/common/report.h"
#include "formats/lockbox/layout.h"

namespace tally::formats::lockbox {

// Dates repeat (one deposit date, checks written days apart): remember the last few. A date's
// six characters and its order are one 64-bit key, so a lookup is a few integer compares,
// the last hit first.
class DateCache {
 public:
  std::optional<BusinessDate> parse(std::string_view six, bool mmddyy) {
    BusinessDate d;
    return parse(six, mmddyy, d) ? std::optional<BusinessDate>(d) : std::nullopt;
  }
  // The same without std::optional (see RecordReader::number): true and `out` when a date.
  bool parse(std::string_view six, bool mmddyy, BusinessDate& out) {
    if (six.size() != 6) return false;
    return parse_key(key(six, mmddyy), six.data(), mmddyy, out);
  }
  // A date's key: its six characters (bytes 0-5 in memory order) and its order (byte 6:
  // 1 YYMMDD, 2 MMDDYY). Never 0. On little-endian it is the 64-bit word of the six
  // characters with the order in bits 48-55 (the item fast path builds it so).
  static std::uint64_t key(std::string_view six, bool mmddyy) {
    char bytes[8] = {six[0], six[1], six[2], six[3], six[4], six[5], mmddyy ? '\2' : '\1', 0};
    std::uint64_t k = 0;
    std::memcpy(&k, bytes, sizeof k);
    return k;
  }
  static constexpr std::uint64_t kMmddyyKey = std::uint64_t{2} << 48;  // little-endian
  static constexpr std::uint64_t kYymmddKey = std::uint64_t{1} << 48;
  // `k` must be key(six, mmddyy).
  bool parse_key(std::uint64_t k, const char* six, bool mmddyy, BusinessDate& out) {
    const Slot* s = &slots_[last_];
    if (s->key != k) [[unlikely]]
      s = parse_slow(std::string_view(six, 6), mmddyy, k);
    out = s->value;
    return s->valid;
  }

 private:
  struct Slot;
  const Slot* parse_slow(std::string_view six, bool mmddyy, std::uint64_t key);

  struct Slot {
    std::uint64_t key = 0;  // 0: unused
    BusinessDate value;
    bool valid = false;
  };
  static constexpr unsigned kSlots = 8;
  Slot slots_[kSlots];
  unsigned last_ = 0;
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
