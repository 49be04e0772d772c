// The first of the two mappings of an accepted file: every event the mapper makes, encoded
// and fingerprinted (id, payload digest, record), with nothing published. Intake decides from
// what it finds whether the file may be published:
//   - text that is not valid UTF-8 ("invalid_text"): protobuf would write it, and the ledger
//     could not read the event back (it would be dead-lettered);
//   - a card number in an identifier ("card_number_in_identifier"); card numbers in other
//     text are masked here (card_scrubber.h);
//   - one id twice in the file with different content ("conflicting_event");
//   - an id an earlier file published with different content ("conflicting_event", naming
//     both files and records: published_ids.h).
// Small files keep their encoded events, so the second mapping (publishing) is a copy.
//
// Threads: one per file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "core/events/digest.h"
#include "core/ids.h"
#include "formats/common/report.h"
#include "ingest/publisher.h"

namespace tally::ingest {

struct Fingerprint {
  EventId id;
  events::Digest16 digest{};
  std::int64_t record_ordinal = 0;  // in the file (source.record_ordinal)
  events::EventType type = events::EVENT_TYPE_UNSPECIFIED;
};

class FingerprintSink final : public EventSink {
 public:
  // Encoded events are kept while they take at most `keep_bytes` (then all are dropped and
  // the file is mapped again to publish it). A million payments take about 300 MB: kept, they
  // spare the second mapping (seconds); past the bound memory stays bounded.
  static constexpr std::size_t kDefaultKeepBytes = std::size_t{512} << 20;
  explicit FingerprintSink(std::size_t keep_bytes = kDefaultKeepBytes);

  void emit(events::Envelope&& event) override;

  // In the order emitted.
  const std::vector<Fingerprint>& fingerprints() const { return fingerprints_; }
  // Events that could not be read back, located.
  const std::vector<formats::Issue>& issues() const { return issues_; }
  // The encoded events (partition key, value) when all were kept.
  bool kept_all() const { return keeping_; }
  const std::vector<std::pair<std::string, std::string>>& kept() const { return kept_; }

 private:
  std::size_t keep_bytes_;
  std::size_t kept_bytes_ = 0;
  bool keeping_ = true;
  std::vector<Fingerprint> fingerprints_;
  std::vector<formats::Issue> issues_;
  std::vector<std::pair<std::string, std::string>> kept_;
};

}  // namespace tally::ingest
