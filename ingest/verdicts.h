// What became of each event a file published: the ledger's verdict, so that "accepted" means
// posted. Intake lists what a file published (PublishedEvent); the process that owns the
// ledger (node/file_verdicts.h) fills FileVerdicts once the ledger has consumed the file.
//
//   posted       in the books (or already there: the same payment from an earlier file)
//   parked       a return or chargeback waiting for its payment: expected, posted when it comes
//   refused      a posting rule refused it; the reason is in `tally discrepancies list`
//   conflicting  the ledger holds another event under this id
//   missing      consumed but nowhere in the books: it did not decode (dead-lettered)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/events/codec.h"
#include "core/events/digest.h"
#include "core/ids.h"

namespace tally::ingest {

struct PublishedEvent {
  EventId id;
  events::Digest16 digest{};
  PartitionId partition;
  LogPosition position;
  std::int64_t record_ordinal = 0;
  events::EventType type = events::EVENT_TYPE_UNSPECIFIED;
};

enum class Verdict { posted, parked, refused, conflicting, missing };
std::string_view verdict_name(Verdict verdict);

struct EventVerdict {
  PublishedEvent event;
  Verdict verdict = Verdict::posted;
  std::string reason;
  // refused, conflicting: the ledger's refusal code name (ledger/refusal.h, "exceeds_remaining");
  // empty when the ledger recorded none.
  std::string code;
};

struct FileVerdicts {
  bool known = false;  // false: no ledger in this process (Kafka) or it did not catch up
  std::int64_t posted = 0, parked = 0, refused = 0, conflicting = 0, missing = 0;
  // Every event not posted (parked included), at most kMaxListed.
  static constexpr std::size_t kMaxListed = 1000;
  std::vector<EventVerdict> not_posted;

  void add(EventVerdict verdict);
  // Refused, conflicting or missing: the file's events are not all in the books.
  bool any_lost() const { return refused + conflicting + missing > 0; }
};

}  // namespace tally::ingest
