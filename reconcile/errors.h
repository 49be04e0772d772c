// Error codes of the reconciler. Values are stable: they appear in logs and in the HTTP
// mapping (api/error_mapping.cpp). Never renumber; add at the end.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::reconcile {

enum class ReconcileErrc {
  ok = 0,
  storage = 1,           // RocksDB failed (open, read, write)
  corrupt = 2,           // a stored value does not decode
  not_found = 3,         // a match, item or discrepancy the command names does not exist
  invalid_argument = 4,  // a date, option or reason out of range
  invalid_state = 5,     // ack of a resolved discrepancy, confirm of a confirmed match, ...
  log = 6,               // the event log failed (append, poll)
  in_use = 7,            // the reconciler's folder is held by another process
  limit_exceeded = 8,    // more open items than a run may hold
};

const std::error_category& reconcile_category() noexcept;
inline std::error_code make_error_code(ReconcileErrc e) noexcept {
  return {static_cast<int>(e), reconcile_category()};
}
inline Error reconcile_error(ReconcileErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

}  // namespace tally::reconcile

template <>
struct std::is_error_code_enum<tally::reconcile::ReconcileErrc> : std::true_type {};
