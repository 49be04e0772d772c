#include "formats/common/text.h"

#include <cstring>

namespace tally::formats {

bool LineSplitter::next(std::string_view& line) {
  if (pos_ >= data_.size()) return false;
  const char* begin = data_.data() + pos_;
  const std::size_t remaining = data_.size() - pos_;
  // memchr for '\n' is the fast path; a lone '\r' line ending is rare and handled after.
  const void* nl = std::memchr(begin, '\n', remaining);
  std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - begin) : remaining;
  const void* cr = std::memchr(begin, '\r', end);
  if (cr) {
    const std::size_t cr_at = static_cast<std::size_t>(static_cast<const char*>(cr) - begin);
    line = std::string_view(begin, cr_at);
    const bool crlf = cr_at + 1 < remaining && begin[cr_at + 1] == '\n';
    pos_ += cr_at + (crlf ? 2 : 1);
  } else {
    line = std::string_view(begin, end);
    pos_ += end + (nl ? 1 : 0);
  }
  ++line_number_;
  return true;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return trim_right(s);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool all_spaces(std::string_view s) {
  for (char c : s)
    if (c != ' ') return false;
  return true;
}

}  // namespace tally::formats
