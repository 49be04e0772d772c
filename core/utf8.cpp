#include "core/utf8.h"

#include <cstdint>

namespace tally {

namespace {

// Length of the valid sequence at the start of `text`, 0 when it is not one.
std::size_t sequence_length(std::string_view text) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::uint8_t b = p[0];
  if (b < 0x80) return 1;
  std::size_t more = 0;
  std::uint32_t min = 0, cp = 0;
  if ((b & 0xe0) == 0xc0) {
    more = 1, min = 0x80, cp = b & 0x1f;
  } else if ((b & 0xf0) == 0xe0) {
    more = 2, min = 0x800, cp = b & 0x0f;
  } else if ((b & 0xf8) == 0xf0) {
    more = 3, min = 0x10000, cp = b & 0x07;
  } else {
    return 0;
  }
  if (text.size() <= more) return 0;
  for (std::size_t i = 1; i <= more; ++i) {
    if ((p[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return more + 1;
}

}  // namespace

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t n = sequence_length(text);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      text.remove_prefix(1);
    } else {
      out.append(text.substr(0, n));
      text.remove_prefix(n);
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  while (!text.empty()) {
    const std::size_t n = sequence_length(text);
    if (n == 0) return false;
    text.remove_prefix(n);
  }
  return true;
}

}  // namespace tally
