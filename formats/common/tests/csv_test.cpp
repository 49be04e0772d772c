#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/common/csv.h"

using tally::formats::CsvLimits;
using tally::formats::CsvReader;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(std::string_view data, CsvLimits limits = {}) {
  CsvReader reader(data, limits);
  Rows rows;
  while (reader.next() == CsvReader::Next::kRecord) {
    rows.emplace_back();
    for (std::size_t i = 0; i < reader.field_count(); ++i) rows.back().push_back(reader.field(i));
  }
  return rows;
}

// Reads until the reader stops and returns its error code ("" if it reached the end).
std::string error_code(std::string_view data, CsvLimits limits = {}, std::int64_t* line = nullptr) {
  CsvReader reader(data, limits);
  CsvReader::Next got;
  while ((got = reader.next()) == CsvReader::Next::kRecord) {
  }
  if (got == CsvReader::Next::kEnd) return "";
  if (line) *line = reader.error().line;
  return reader.error().code;
}

}  // namespace

TEST_CASE("csv splits plain records with LF, CRLF and CR endings", "[card][csv]") {
  const Rows expected{{"a", "b", "c"}, {"1", "2", "3"}};
  CHECK(read_all("a,b,c\n1,2,3\n") == expected);
  CHECK(read_all("a,b,c\r\n1,2,3\r\n") == expected);
  CHECK(read_all("a,b,c\r1,2,3") == expected);
  CHECK(read_all("a,b,c\n1,2,3") == expected);
}

TEST_CASE("csv quoted fields hold commas, doubled quotes and line breaks", "[card][csv]") {
  const Rows rows = read_all("\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,,\"\"\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"x,y", "say \"hi\"", "two\r\nlines"});
  CHECK(rows[1] == std::vector<std::string>{"next", "", ""});
}

TEST_CASE("csv empty fields and a trailing comma give empty fields", "[card][csv]") {
  CHECK(read_all("a,,b,\n") == Rows{{"a", "", "b", ""}});
  CHECK(read_all(",\n") == Rows{{"", ""}});
}

TEST_CASE("csv skips empty lines but counts them", "[card][csv]") {
  CsvReader reader("h\n\n\r\nrow\n\n");
  REQUIRE(reader.next() == CsvReader::Next::kRecord);
  CHECK(reader.record_line() == 1);
  REQUIRE(reader.next() == CsvReader::Next::kRecord);
  CHECK(reader.field(0) == "row");
  CHECK(reader.record_line() == 4);
  CHECK(reader.record_number() == 2);
  CHECK(reader.next() == CsvReader::Next::kEnd);
}

TEST_CASE("csv reports the line each field starts on, across quoted line breaks", "[card][csv]") {
  CsvReader reader("a,\"multi\nline\",c\nd\n");
  REQUIRE(reader.next() == CsvReader::Next::kRecord);
  CHECK(reader.field_line(0) == 1);
  CHECK(reader.field_line(1) == 1);
  CHECK(reader.field_line(2) == 2);
  REQUIRE(reader.next() == CsvReader::Next::kRecord);
  CHECK(reader.record_line() == 3);
}

TEST_CASE("csv rejects an unterminated quote at the line it opened", "[card][csv]") {
  std::int64_t line = 0;
  CHECK(error_code("a,b\nc,\"open\nmore\n", {}, &line) == "unterminated_quote");
  CHECK(line == 2);
}

TEST_CASE("csv rejects stray quotes", "[card][csv]") {
  CHECK(error_code("a,b\"c\n") == "bad_quote");
  CHECK(error_code("\"a\"b,c\n") == "bad_quote");
  CHECK(error_code("\"a\" ,c\n") == "bad_quote");
}

TEST_CASE("csv enforces field, record and column limits", "[card][csv]") {
  CsvLimits limits;
  limits.max_field_bytes = 8;
  limits.max_record_bytes = 20;
  limits.max_fields = 3;
  CHECK(error_code("123456789\n", limits) == "field_too_long");
  CHECK(error_code("\"123456789\"\n", limits) == "field_too_long");
  CHECK(error_code("1234567,1234567,1234567\n", limits) == "record_too_long");
  CHECK(error_code("\"1234567\",\"1234567\",\"1234567\"\n", limits) == "record_too_long");
  CHECK(error_code("a,b,c,d\n", limits) == "too_many_fields");
  CHECK(error_code("12345678,a,b\n", limits).empty());
}

TEST_CASE("csv stops after an error", "[card][csv]") {
  CsvReader reader("a\"\nb\n");
  CHECK(reader.next() == CsvReader::Next::kError);
  CHECK(reader.next() == CsvReader::Next::kError);
}
