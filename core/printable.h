// Text from files and requests shown on a terminal or written to a log: a control character
// in a file name or a field must not forge a log line or move the terminal's cursor, so each
// one (and DEL) is written as \xNN.
#pragma once

#include <string>
#include <string_view>

namespace tally {

inline std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f) {
      out.push_back(c);
      continue;
    }
    out += "\\x";
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace tally
