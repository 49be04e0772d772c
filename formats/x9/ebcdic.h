// EBCDIC (code page 037, as US image cash letters use it) to ASCII, for the text fields of X9
// records. Binary data (image bytes, digital signatures) is never passed through here.
#pragma once

#include <string>
#include <string_view>

namespace tally::formats::x9 {

// One byte; characters with no printable-ASCII equal come out as '?'.
char ebcdic_to_ascii(unsigned char byte);
// A run of bytes into `out` (resized to in.size(); its capacity is reused between calls).
void ebcdic_to_ascii(std::string_view in, std::string& out);

}  // namespace tally::formats::x9
