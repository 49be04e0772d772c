#include "core/utf8.h"

#include <cstdint>

namespace tally {

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const std::uint8_t b = *p;
    if (b < 0x80) {
      ++p;
      continue;
    }
    int more = 0;
    std::uint32_t min = 0, cp = 0;
    if ((b & 0xe0) == 0xc0) {
      more = 1, min = 0x80, cp = b & 0x1f;
    } else if ((b & 0xf0) == 0xe0) {
      more = 2, min = 0x800, cp = b & 0x0f;
    } else if ((b & 0xf8) == 0xf0) {
      more = 3, min = 0x10000, cp = b & 0x07;
    } else {
      return false;  // a continuation byte first, or 0xf8..0xff
    }
    if (end - p <= more) return false;
    for (int i = 1; i <= more; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    p += more + 1;
  }
  return true;
}

}  // namespace tally
