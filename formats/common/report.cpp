#include "formats/common/report.h"

namespace tally::formats {

bool is_layout_issue(std::string_view code, std::string_view field) {
  static constexpr std::string_view kLayoutCodes[] = {
      "line_too_long",        // characters past the record length that are not spaces
      "line_split_length",    // a one-line file whose length is not a multiple of the record
      "bad_record_size",      // the header's record size field
      "bad_blocking_factor",  // the header's blocking factor field
      "bad_format_code",      // the header's format code field
      "bad_time",             // a creation time that is not HHMM
  };
  for (std::string_view c : kLayoutCodes)
    if (code == c) return true;
  // The block count is layout (how many 10-record blocks were padded); other counts are not.
  return code == "count_mismatch" && field == "block_count";
}

void Fields::set(std::string name, FieldValue value) {
  for (auto& [n, v] : items_) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::move(name), std::move(value));
}

const FieldValue* Fields::find(std::string_view name) const {
  for (const auto& [n, v] : items_)
    if (n == name) return &v;
  return nullptr;
}

void ParseReport::error(Issue issue) {
  accepted = false;
  if (errors.size() < kMaxIssues) errors.push_back(std::move(issue));
}

void ParseReport::warning(Issue issue) {
  if (warnings.size() < kMaxIssues) warnings.push_back(std::move(issue));
}

}  // namespace tally::formats
