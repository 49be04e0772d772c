#include "formats/nacha/fields.h"

namespace tally::formats::nacha {

int routing_check_digit(std::string_view eight) {
  static constexpr int kWeights[8] = {3, 7, 1, 3, 7, 1, 3, 7};
  if (eight.size() != 8 || !all_digits(eight)) return -1;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (eight[i] - '0') * kWeights[i];
  return (10 - sum % 10) % 10;
}

bool routing_number_valid(std::string_view nine) {
  if (nine.size() != 9 || !is_digit(nine[8])) return false;
  return routing_check_digit(nine.substr(0, 8)) == nine[8] - '0';
}

std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF)
    n = 2;
  else if (b >= 0xE0 && b <= 0xEF)
    n = 3;
  else if (b >= 0xF0 && b <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string as_utf8(std::string_view text) {
  if (valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {  // U+0080-U+00FF: two bytes
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

}  // namespace tally::formats::nacha
