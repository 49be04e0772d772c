#include "ingest/fingerprint.h"

#include <fmt/format.h>
#include <google/protobuf/stubs/logging.h>

#include <mutex>

#include "core/utf8.h"
#include "ingest/card_scrubber.h"
#include "ingest/text_fields.h"

namespace tally::ingest {
namespace {

namespace pb = google::protobuf;

// The first text field (by path, "payment_received.payer_name") that is not valid UTF-8.
std::string invalid_text_field(events::Envelope& event) {
  std::string found;
  for_each_text_field(event, [&found](const std::string& path, const std::string&, std::string& text) {
    if (found.empty() && !is_valid_utf8(text)) found = path;
    return false;
  });
  return found;
}

// protobuf checks every proto3 text field as it serializes an event, and tells its log, not
// the caller, when one is not UTF-8 (a reader would then refuse the whole event). While this
// thread encodes an event, that log line is caught here and kept off stderr: the check costs
// nothing on the usual path. Every other log line goes where it went before.
thread_local bool encoding = false;
thread_local bool invalid_text_seen = false;
pb::LogHandler* previous_handler = nullptr;

void catch_invalid_text(pb::LogLevel level, const char* filename, int line, const std::string& message) {
  if (encoding && message.find("invalid UTF-8") != std::string::npos) {
    invalid_text_seen = true;
    return;
  }
  if (previous_handler != nullptr) previous_handler(level, filename, line, message);
}

void install_handler() {
  static std::once_flag once;
  std::call_once(once, [] { previous_handler = pb::SetLogHandler(&catch_invalid_text); });
}

}  // namespace

FingerprintSink::FingerprintSink(std::size_t keep_bytes) : keep_bytes_(keep_bytes) {
  install_handler();
}

void FingerprintSink::emit(events::Envelope&& event) {
  encoding = true;
  invalid_text_seen = false;
  std::string bytes = events::encode(event);
  encoding = false;
  const std::int64_t ordinal = event.source().record_ordinal();
  if (invalid_text_seen) {
    const std::string field = invalid_text_field(event);
    if (issues_.size() < formats::ParseReport::kMaxIssues)
      issues_.push_back(
          {0, ordinal, field, field.empty() ? "unreadable_event" : "invalid_text",
           field.empty() ? fmt::format("record {} makes an event that cannot be read back", ordinal)
                         : fmt::format("record {}: the text of {} is not valid UTF-8", ordinal,
                                       field)});
    return;
  }
  if (const ScrubOutcome scrubbed = scrub_card_numbers(event, bytes); !scrubbed.refused_field.empty()) {
    if (issues_.size() < formats::ParseReport::kMaxIssues)
      issues_.push_back({0, ordinal, scrubbed.refused_field, "card_number_in_identifier",
                         fmt::format("record {}: {} holds a card number; an identifier is never "
                                     "masked into another key",
                                     ordinal, scrubbed.refused_field)});
    return;
  }
  fingerprints_.push_back({events::event_id_of(event), events::payload_digest(bytes), ordinal,
                           event.type()});
  if (!keeping_) return;
  kept_bytes_ += bytes.size() + event.partition_key().size();
  if (kept_bytes_ > keep_bytes_) {
    keeping_ = false;
    kept_.clear();
    kept_.shrink_to_fit();
    return;
  }
  kept_.emplace_back(event.partition_key(), std::move(bytes));
}

}  // namespace tally::ingest
