// NACHA return reason codes (Operating Rules, Appendix Four): the full R01-R85 table as the
// Rules define it, each with its title and the addenda layout it travels in. Codes not in
// the table (R48, R54, R96, ...) do not exist: a return carrying one is an error.
// The table is static and immutable; lookups are thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace tally::formats::nacha {

// Which Addenda 99 layout a code uses.
enum class ReturnKind {
  kReturn,      // an RDFI's return of a forward entry (R01-R53, R80-R85)
  kDishonored,  // the ODFI dishonoring a return (R61, R62, R67-R70)
  kContested,   // the RDFI contesting a dishonored return (R71-R77)
};

struct ReturnCodeInfo {
  std::string_view code;   // "R01"
  std::string_view title;  // "Insufficient Funds"
  ReturnKind kind;
};

// nullptr when `code` (three characters, "R" and two digits) is not a defined return code.
const ReturnCodeInfo* find_return_code(std::string_view code);

// Every defined code, in code order (for documentation and tests).
std::span<const ReturnCodeInfo> all_return_codes();

}  // namespace tally::formats::nacha
