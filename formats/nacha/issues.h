// Collects a parse's errors and warnings into a ParseReport. Layout leniencies (short lines,
// CR endings, ...) are counted per kind and reported once each at the end, with how often
// they were used and where first, so a 1M-line file with trimmed lines gives one warning,
// not a million. Internal to the reader; one instance per parse, single-threaded.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/common/report.h"
#include "formats/nacha/records.h"

namespace tally::formats::nacha {

enum class Leniency : std::uint8_t {
  kShortLine,              // line shorter than 94, padded with spaces
  kLongLine,               // line longer than 94 whose extra characters are spaces
  kBlankLine,              // empty or all-space line, skipped
  kLoneCr,                 // lines end in CR alone
  kMixedLineEndings,       // some lines end differently from the first
  kOneLine,                // whole file on one line, split every 94 characters
  kNotBlocked,             // record count not a multiple of the blocking factor (no filler)
  kNoEffectiveDate,        // effective entry date blank or zero
  kControlCompanyIdBlank,  // batch control leaves the company identification blank
  kCompanyIdAlignment,     // header and control company ids differ only in spaces
  kAddendaSequence,        // addenda 05 sequence numbers not 1, 2, ... or not the trace's
  kCorrectedData,          // NOC corrected data not in its change code's layout
  kUtf8Text,               // lines with UTF-8 characters (names): located by character
  kLatin1Text,             // lines with Latin-1 (or other 8-bit) characters: kept as received
  kBlankSequence,          // addenda 05 sequence numbers left blank
  kIatAddenda,             // IAT entry without addenda 10-16 once each, or too many 17/18
  kIatAddendaCount,        // IAT number_of_addenda_records is neither 7 nor the addenda count
  kCount,
};

class Issues {
 public:
  explicit Issues(ParseReport& report) : report_(report) {}

  void error(Location at, std::string_view field, std::string_view code, std::string message);
  void warning(Location at, std::string_view field, std::string_view code, std::string message);
  void lenient(Leniency kind, Location at);

  bool failed() const { return errors_ + layout_errors_ > 0; }
  // An error that is not layout only (formats::is_layout_issue): records are no longer
  // delivered and control totals no longer compared, since framing cannot be trusted.
  bool broken() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_ + layout_errors_; }
  // Enough errors to reject and explain; the reader stops reading.
  bool full() const { return error_count() >= ParseReport::kMaxIssues; }

  // Emits one warning per leniency used. Call once, at the end.
  void flush_leniencies();

 private:
  struct Use {
    std::int64_t count = 0;
    Location first;
  };
  ParseReport& report_;
  std::size_t errors_ = 0;
  std::size_t layout_errors_ = 0;
  std::array<Use, static_cast<std::size_t>(Leniency::kCount)> uses_{};
};

}  // namespace tally::formats::nacha
