// Error codes of the ledger. Values are stable: they appear in logs, in stored discrepancy
// records and in the HTTP mapping (api/). Never renumber; add at the end.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::ledger {

enum class LedgerErrc {
  ok = 0,
  storage = 1,            // RocksDB failed (open, read, write)
  corrupt = 2,            // a stored value does not decode or breaks an invariant
  invalid_event = 3,      // the event breaks a posting rule; refused and recorded
  conflicting_event = 4,  // an event id seen before with a different payload
  not_found = 5,          // an account, entry or event the query names does not exist
  verify_failed = 6,      // the hash chain, an entry's sum or a balance does not hold
  invalid_argument = 7,   // a query or option out of range
  limit_exceeded = 8,     // a bound (scan length, parked events, ...) was reached
  stopped = 9,            // the apply loop was asked to stop
  log = 10,               // the event log failed (poll, consume)
  in_use = 11,            // the ledger's folder is held by another process
  already_done = 12,      // a command's subject is settled already (an adjustment approved by another)
  needs_confirmation = 13,  // a command that would act on something unusual (a customer never
                            // billed): said again with the confirmation the message names
};

const std::error_category& ledger_category() noexcept;
inline std::error_code make_error_code(LedgerErrc e) noexcept {
  return {static_cast<int>(e), ledger_category()};
}
inline Error ledger_error(LedgerErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

}  // namespace tally::ledger

template <>
struct std::is_error_code_enum<tally::ledger::LedgerErrc> : std::true_type {};
