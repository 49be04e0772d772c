// UTF-8 validity, as protobuf's proto3 parser checks it: every text field of an event must
// pass, or the event cannot be read back from the log. Strict (RFC 3629): no overlong forms,
// no surrogates, nothing above U+10FFFF.
#pragma once

#include <string_view>

namespace tally {

bool is_valid_utf8(std::string_view text);

}  // namespace tally
