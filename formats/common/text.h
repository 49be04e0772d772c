// Small text helpers every reader needs: line splitting that accepts LF, CR or CRLF, and
// trimming. Header-light on purpose: they sit on every parser's hot path.
#pragma once

#include <cstdint>
#include <string_view>

namespace tally::formats {

// Iterates physical lines of an in-memory file. Accepts LF, CRLF and lone CR endings; the
// returned line excludes the terminator. A final line without a terminator is returned too.
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view data) : data_(data) {}
  // False at the end of the data.
  bool next(std::string_view& line);
  std::int64_t line_number() const { return line_number_; }  // of the last line returned

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  std::int64_t line_number_ = 0;
};

std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);
bool all_digits(std::string_view s);
bool all_spaces(std::string_view s);

}  // namespace tally::formats
