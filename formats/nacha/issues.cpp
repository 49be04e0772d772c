#include "formats/nacha/issues.h"

#include <fmt/format.h>

namespace tally::formats::nacha {
namespace {

struct LeniencyText {
  std::string_view code;
  std::string_view what;
};

// Indexed by Leniency.
constexpr LeniencyText kTexts[] = {
    {"short_line", "lines shorter than 94 characters were padded with spaces"},
    {"long_line", "lines longer than 94 characters had only spaces beyond 94 (ignored)"},
    {"blank_line", "blank lines were skipped"},
    {"cr_line_endings", "lines end in a lone CR"},
    {"mixed_line_endings", "lines end differently from the first line"},
    {"one_line_file", "records were read from one line split every 94 characters"},
    {"not_blocked", "records were not padded with 9-filler to a multiple of 10"},
    {"no_effective_entry_date", "batches have a blank or zero effective entry date"},
    {"control_company_id_blank", "batch controls leave the company identification blank"},
    {"company_id_alignment", "batch header and control company identifications differ in spaces"},
    {"addenda_sequence",
     "addenda 05 sequence numbers do not count 1, 2, ... or do not end "
     "the entry's trace number"},
    {"corrected_data_layout", "NOC corrected data does not follow its change code's layout"},
    {"utf8_text",
     "lines hold UTF-8 characters (NACHA records are ASCII): fields located by character, text "
     "kept as received"},
    {"latin1_text",
     "lines hold 8-bit characters that are not UTF-8 (Latin-1?; NACHA records are ASCII): text "
     "kept as received"},
    {"blank_sequence_number", "addenda 05 sequence numbers are left blank"},
    {"iat_addenda",
     "IAT entries do not carry addenda 10 to 16 once each, or carry more than two 17 or five 18, "
     "or other addenda types"},
    {"iat_addenda_count",
     "IAT entries declare a number_of_addenda_records that is neither 7 nor the addenda that "
     "follow"},
};
static_assert(std::size(kTexts) == static_cast<std::size_t>(Leniency::kCount));

}  // namespace

void Issues::error(Location at, std::string_view field, std::string_view code,
                   std::string message) {
  ++(is_layout_issue(code, field) ? layout_errors_ : errors_);
  report_.error(
      Issue{at.line, at.record, std::string(field), std::string(code), std::move(message)});
}

void Issues::warning(Location at, std::string_view field, std::string_view code,
                     std::string message) {
  report_.warning(
      Issue{at.line, at.record, std::string(field), std::string(code), std::move(message)});
}

void Issues::lenient(Leniency kind, Location at) {
  Use& use = uses_[static_cast<std::size_t>(kind)];
  if (use.count++ == 0) use.first = at;
}

void Issues::flush_leniencies() {
  for (std::size_t i = 0; i < uses_.size(); ++i) {
    const Use& use = uses_[i];
    if (use.count == 0) continue;
    const LeniencyText& text = kTexts[i];
    std::string message = use.first.line > 0 ? fmt::format("{} ({} times, first at line {})",
                                                           text.what, use.count, use.first.line)
                                             : fmt::format("{} ({} times)", text.what, use.count);
    warning(use.first, "", text.code, std::move(message));
  }
}

}  // namespace tally::formats::nacha
