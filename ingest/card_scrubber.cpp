#include "ingest/card_scrubber.h"

#include <array>
#include <string_view>

#include "ingest/text_fields.h"

namespace tally::ingest {

// In text: whole or in groups of three or more digits (cards are written 4-4-4-4 or 4-6-5;
// dates and account references with short groups are not cards).
formats::PanOptions card_number_options() {
  formats::PanOptions options;
  options.require_card_prefix = true;
  options.dot_separators = true;
  options.min_group_digits = 3;
  return options;
}

namespace {

// In an identifier: an unbroken run. Account references are read with spaces and dashes
// removed (ingest/README.md), so a card typed into one is a run by the time it is an id; a
// bill id like "B2026-11-02-100008" is not a card.
formats::PanOptions identifier_options() {
  formats::PanOptions options;
  options.require_card_prefix = true;
  options.min_group_digits = 13;
  return options;
}

// Fields whose value names a key in the books: a card number there is refused, not masked.
constexpr std::array<std::string_view, 4> kIdentifiers = {"account_id", "bill_id", "drawer_id",
                                                          "session_id"};
// Numbers and codes banks and processors assign, checked by the readers, matched on later.
constexpr std::array<std::string_view, 19> kAssignedNumbers = {
    "external_reference", "original_reference", "original_trace", "routing_number",
    "check_number",       "deposit_reference",  "processor_reference",
    "case_id",            "account_hash",       "file_sha256",    "type_code",
    "currency",           "sec_code",           "return_code",    "change_code",
    "reason_code",        "auth_code",          "partition_key",  "request_id"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, const std::string& name) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

ScrubOutcome scrub_card_numbers(events::Envelope& event, std::string& encoded) {
  ScrubOutcome out;
  // The text of every field is in the encoded bytes as it is: no card number there, none in
  // any field. (The binary id could look like one only by a chance of about 10^-13.)
  if (formats::find_pans(encoded, card_number_options()).empty()) return out;
  for_each_text_field(event, [&out](const std::string& path, const std::string& name, std::string& text) {
    if (listed(kAssignedNumbers, name)) return false;
    if (listed(kIdentifiers, name)) {
      if (out.refused_field.empty() && !formats::find_pans(text, identifier_options()).empty())
        out.refused_field = path;
      return false;
    }
    const std::size_t masked = formats::mask_pans(text, nullptr, card_number_options());
    out.masked += masked;
    return masked > 0;
  });
  if (out.masked > 0) encoded = events::encode(event);
  return out;
}

}  // namespace tally::ingest
