#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/common/text.h"

using tally::formats::LineSplitter;

static std::vector<std::string> split(std::string_view data) {
  LineSplitter s(data);
  std::vector<std::string> out;
  std::string_view line;
  while (s.next(line)) out.emplace_back(line);
  return out;
}

TEST_CASE("line splitter accepts LF, CRLF and lone CR endings", "[formats][text]") {
  CHECK(split("a\nb\n") == std::vector<std::string>{"a", "b"});
  CHECK(split("a\r\nb\r\n") == std::vector<std::string>{"a", "b"});
  CHECK(split("a\rb\r") == std::vector<std::string>{"a", "b"});
  CHECK(split("a\r\nb\rc\nd") == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("line splitter keeps empty lines and numbers them", "[formats][text]") {
  LineSplitter s("x\n\ny");
  std::string_view line;
  REQUIRE(s.next(line));
  REQUIRE(s.next(line));
  CHECK(line.empty());
  CHECK(s.line_number() == 2);
  REQUIRE(s.next(line));
  CHECK(line == "y");
  CHECK_FALSE(s.next(line));
}
