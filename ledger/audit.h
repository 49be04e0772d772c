// Who did what: every command the ledger met (an event whose source names a user and no
// file), with who asked (user, token id, request id, client address, idempotency key) and
// whether the ledger applied or refused it. For `GET /api/v1/audit?user=&from=&to=`.
//
// The index is written by the ledger in the same batch as the command's outcome (state tags
// 'u' and 'U', keys.h), so it holds exactly what the books hold: a command retried with the
// same idempotency key is one event, listed once; a file's events are never listed. It is a
// function of the log like the rest of the books: a replay writes it again.
//
// Threads: like the ledger's other queries, from any thread beside the apply loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/command_records.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct AuditFilter {
  std::optional<std::string> user;     // exactly this user; nullopt: everyone
  // By the time the command's event was recorded (Envelope.recorded_at_us, UTC microseconds),
  // not its business date: [from_us, to_us). nullopt: unbounded on that side.
  std::optional<std::int64_t> from_us;
  std::optional<std::int64_t> to_us;
  std::size_t limit = 100;             // 1..kMaxQueryLimit
  bool oldest_first = false;           // default: newest first
};

// Commands in recorded-at order (newest first unless filter.oldest_first; ties by event id),
// merged across the partitions this ledger holds, at most filter.limit. A user filter reads
// the by-user index: as quick for one user as for everyone.
//
// Errors (LedgerErrc): invalid_argument for a limit outside 1..kMaxQueryLimit, from_us after
// to_us, or a user that is empty, longer than kMaxAuditFieldBytes or holds a control
// character; storage and corrupt as they come.
Result<std::vector<AuditEntry>> audit_entries(const Ledger& ledger, const AuditFilter& filter);

}  // namespace tally::ledger
