// X9 return reason codes (record 31, field 6; addenda 28/35, field 12), as ANSI X9.100-188
// lists them: customer return reasons (A NSF, B uncollected funds hold, C stop payment,
// D closed account, ...) and administrative ones (V image fails security check, 1-2 image
// non-conformance, ...). Codes 3-6 are warranty and routing reasons in both lists.
#pragma once

#include <optional>
#include <string_view>

namespace tally::formats::x9 {

struct ReturnReason {
  char code;
  std::string_view abbreviation;  // "NSF", "STOP PAYMENT", ...
  std::string_view description;
  bool administrative;  // from the administrative list (V, 1, 2)
};

// The reason for a code; nullopt for a code the table does not define.
std::optional<ReturnReason> find_return_reason(char code);

}  // namespace tally::formats::x9
