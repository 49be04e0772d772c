// Error codes of core: money, dates, ids, configuration, event codec and the event log.
// Values are stable: they appear in logs and in the HTTP mapping.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally {

enum class CoreErrc {
  ok = 0,
  bad_amount = 1,         // not a decimal amount
  amount_overflow = 2,    // does not fit int64 minor units
  excess_precision = 3,   // non-zero digits beyond the currency's minor unit
  unknown_currency = 4,
  currency_mismatch = 5,
  bad_date = 6,
  bad_id = 7,
  bad_config = 8,
  bad_event = 9,          // event bytes that do not decode
  unknown_schema = 10,    // event of a schema version this build does not know
  log_io = 11,            // the event log's storage failed
  log_unavailable = 12,   // broker unreachable or timed out
  log_closed = 13,
  invalid_argument = 14,
  log_in_use = 15,        // the event log's folder is held by another process
  unsupported = 16,       // this event log cannot do what was asked
};

const std::error_category& core_category() noexcept;
inline std::error_code make_error_code(CoreErrc e) noexcept {
  return {static_cast<int>(e), core_category()};
}
inline Error core_error(CoreErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

// Whether an error says a store is held by another process (its RocksDB LOCK). Each module's
// in_use code (CoreErrc::log_in_use, LedgerErrc::in_use, IngestErrc::in_use) is equivalent to
// std::errc::device_or_resource_busy, so one test covers the log, the ledger and the registry.
inline bool is_in_use(const Error& error) {
  return error.code == std::errc::device_or_resource_busy;
}

}  // namespace tally

template <>
struct std::is_error_code_enum<tally::CoreErrc> : std::true_type {};
