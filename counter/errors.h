// Error codes of the counter. Values are stable: they appear in logs and in the HTTP mapping
// (api/error_mapping.cpp). Never renumber; add at the end.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::counter {

enum class CounterErrc {
  ok = 0,
  storage = 1,           // RocksDB failed (open, read, write)
  corrupt = 2,           // a stored value does not decode
  not_found = 3,         // a drawer session or receipt the command names does not exist
  invalid_argument = 4,  // an amount, count, tender or text a person typed is not acceptable
  invalid_state = 5,     // a second open, a payment into a closed drawer, a void after close
  log = 6,               // the event log failed (append, poll)
  in_use = 7,            // the counter's folder is held by another process
  forbidden = 8,         // the wrong person: another cashier's drawer, approving one's own void
  card_number = 9,       // a whole card number typed into a field: refused, never stored
  needs_sign_off = 10,   // an over/short above the limit: a supervisor signs the close off
};

const std::error_category& counter_category() noexcept;
inline std::error_code make_error_code(CounterErrc e) noexcept {
  return {static_cast<int>(e), counter_category()};
}
inline Error counter_error(CounterErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

}  // namespace tally::counter

template <>
struct std::is_error_code_enum<tally::counter::CounterErrc> : std::true_type {};
