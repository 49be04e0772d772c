// Replay: rebuilds the books (the ledger) and the reconciler's state from a data folder's
// embedded event log into a new data folder, up to a cut. The live folder is only read.
//
// What a replay folder holds (DIR):
//   log/        a fresh embedded log with the live log's records within the cut, in the same
//               partitions (checked record by record; at the same positions unless cut by
//               date), so a command
//               that posts what the log holds beyond the ledger (Node::post_pending) finds
//               nothing to post and DIR answers as of the cut
//   ledger/     the books, applied from DIR's log by the one apply loop (bulk, as `tally
//               ingest` posts): refusals, parked returns and dead letters come out again
//   reconcile/  the reconciler's store, applied from DIR's log (decisions are events in the
//               log, so they come back; no run is made)
//   replay.json what was replayed: source folder, cut, and each partition's end
// Not copied: the keys (a command that opens DIR makes new ones: account numbers sealed
// with the live keys are not readable there), the file registry, the counter's store, the
// API's users, the inbox and kept files. DIR is for questions about the books.
//
// The cut, per partition:
//   none             every record, at the same positions
//   until DATE       every record whose business date is on or before DATE, in log order:
//                    the books for the days up to DATE as the log knows them now, so every
//                    balance equals the live ledger's balance as of DATE (BalanceQuery::as_of).
//                    The log is ordered by position, not date, and a day's files mix dates
//                    (an autopay file's debits are dated their effective day, after the day
//                    the file came): a prefix of the log could not hold a day's books. So the
//                    records dated after DATE are left out wherever they are
//                    (PartitionCut::left_out), and the records kept sit at consecutive
//                    positions of the same partition in DIR (positions differ from the live
//                    log's; a journal entry's source position is DIR's). A record dated on or
//                    before DATE that came after a later-dated one (a late file) is kept, as
//                    as_of counts it (PartitionCut::late_records). A record that does not
//                    decode, or has no date, is kept (and dead-lettered again). Rules apply to
//                    what is kept, in order: a record that relied on one left out (a policy
//                    set after DATE with an earlier effective date) is applied without it.
//                    For the books as they were recorded at a moment, cut by position.
//   positions        the records before position P of each partition (`default_end`), or of
//                    the partitions named in `ends` (the others: every record), at the same
//                    positions: the log as it stood when each partition held that many
//
// Threads: one call at a time per folder; the progress callback runs on a thread of the
// replay's own, every progress_interval_ms. Holds the live log's RocksDB lock throughout:
// a folder in use by `tally serve` (or any tally command) is refused with an in_use error
// (core/errors.h is_in_use), and nothing can change the live log while it is read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "core/config.h"
#include "core/ids.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::replay {

struct Cut {
  std::optional<BusinessDate> until;
  std::optional<LogPosition> default_end;       // --position P
  std::map<std::uint32_t, LogPosition> ends;    // --position PARTITION:P
  bool whole() const { return !until && !default_end && ends.empty(); }
};

struct Progress {
  std::string_view phase;  // "reading the log", "posting", "reconciler"
  std::uint64_t done = 0, total = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

struct ReplayOptions {
  Config live;  // the data folder to read (its log only)
  Config into;  // the new folder; must be absent or empty, and not inside the live one
  Cut cut;
  ProgressFn progress;  // may be empty
  int progress_interval_ms = 500;
  std::size_t copy_batch_records = 10'000;  // records per synced append into DIR's log
};

struct PartitionCut {
  PartitionId partition;
  LogPosition end;                 // records in DIR's partition (its positions are [0, end))
  LogPosition log_end;             // records in the live partition
  std::uint64_t left_out = 0;      // until: records dated after the date
  std::uint64_t late_records = 0;  // until: kept, though they came after a left-out one
};

struct ReplayReport {
  std::vector<PartitionCut> partitions;
  std::uint64_t records = 0;             // copied into DIR's log, and applied
  ledger::ApplyStats ledger;             // what the apply loop met
  std::uint64_t reconcile_records = 0;   // records the reconciler read
  double copy_seconds = 0, ledger_seconds = 0, reconcile_seconds = 0;
  std::uint64_t late_records() const;
  std::uint64_t left_out() const;
};

// Replays into options.into. On failure DIR may hold part of a replay: remove it and replay
// again (the live folder is untouched either way).
Result<ReplayReport> replay_into(const ReplayOptions& options);

// Checks that `dir` may become a replay folder of `live_data_dir`: absent or an empty folder,
// and neither the live folder nor inside it.
Status check_new_folder(const std::string& live_data_dir, const std::string& dir);

}  // namespace tally::replay
