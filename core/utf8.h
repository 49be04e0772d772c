// UTF-8 validity, as protobuf's proto3 parser checks it: every text field of an event must
// pass, or the event cannot be read back from the log. Strict (RFC 3629): no overlong forms,
// no surrogates, nothing above U+10FFFF.
#pragma once

#include <string>
#include <string_view>

namespace tally {

bool is_valid_utf8(std::string_view text);

// `text` with every byte that does not begin a valid sequence replaced by U+FFFD: what a JSON
// answer carries when it must quote bytes a client sent.
std::string to_valid_utf8(std::string_view text);

}  // namespace tally
