#include "ingest/card_scrubber.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <array>
#include <string_view>

namespace tally::ingest {

namespace pb = google::protobuf;

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

void scrub(pb::Message& message, const std::string& prefix, ScrubOutcome& out) {
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* f : fields) {
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      const int n = f->is_repeated() ? reflection->FieldSize(message, f) : 1;
      for (int i = 0; i < n; ++i)
        scrub(f->is_repeated() ? *reflection->MutableRepeatedMessage(&message, f, i)
                               : *reflection->MutableMessage(&message, f),
              path, out);
      continue;
    }
    if (f->type() != pb::FieldDescriptor::TYPE_STRING || listed(kAssignedNumbers, f->name())) continue;
    const int n = f->is_repeated() ? reflection->FieldSize(message, f) : 1;
    for (int i = 0; i < n; ++i) {
      std::string text = f->is_repeated() ? reflection->GetRepeatedString(message, f, i)
                                          : reflection->GetString(message, f);
      if (listed(kIdentifiers, f->name())) {
        if (!formats::find_pans(text, identifier_options()).empty() && out.refused_field.empty())
          out.refused_field = path;
        continue;
      }
      if (formats::find_pans(text, card_number_options()).empty()) continue;
      out.masked += formats::mask_pans(text, nullptr, card_number_options());
      if (f->is_repeated()) reflection->SetRepeatedString(&message, f, i, std::move(text));
      else reflection->SetString(&message, f, std::move(text));
    }
  }
}

}  // namespace

ScrubOutcome scrub_card_numbers(events::Envelope& event, std::string& encoded) {
  ScrubOutcome out;
  // The text of every field is in the encoded bytes as it is: no card number there, none in
  // any field. (The binary id could look like one only by a chance of about 10^-13.)
  if (formats::find_pans(encoded, card_number_options()).empty()) return out;
  scrub(event, "", out);
  if (out.masked > 0) encoded = events::encode(event);
  return out;
}

}  // namespace tally::ingest
