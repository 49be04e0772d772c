// Error codes of the NACHA writer (the reader reports located Issues instead). Values are
// stable: they appear in logs and in the HTTP mapping.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::formats::nacha {

enum class NachaErrc {
  ok = 0,
  invalid_field = 1,   // a value the record layout cannot carry (length, digits, check digit)
  limit_exceeded = 2,  // a count or total beyond its field's width
  invalid_state = 3,   // calls out of order (entry outside a batch, finish inside one, ...)
};

const std::error_category& nacha_category() noexcept;
inline std::error_code make_error_code(NachaErrc e) noexcept {
  return {static_cast<int>(e), nacha_category()};
}
inline Error nacha_error(NachaErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

}  // namespace tally::formats::nacha

template <>
struct std::is_error_code_enum<tally::formats::nacha::NachaErrc> : std::true_type {};
