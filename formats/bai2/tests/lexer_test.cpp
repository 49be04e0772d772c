// The lexer alone: fields across continuations and wraps, text ends, limits.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/bai2/bai2.h"
#include "formats/bai2/lexer.h"

using tally::formats::ParseReport;
using tally::formats::bai2::Lexer;

namespace {

// Reads every record as fields; records whose code is 16 end in text.
std::vector<std::vector<std::string>> lex(std::string_view data, ParseReport& report) {
  Lexer lexer(data, report);
  std::vector<std::vector<std::string>> out;
  int code = 0;
  for (;;) {
    const auto b = lexer.begin(code);
    if (b == Lexer::Begin::kEnd) break;
    if (b == Lexer::Begin::kMalformed) continue;
    std::vector<std::string> rec{std::to_string(code)};
    std::string_view f;
    const int fields_before_text = code == 16 ? 5 : 1000;
    for (int i = 0; i < fields_before_text && lexer.next_field(f); ++i) rec.emplace_back(f);
    if (code == 16) rec.emplace_back(lexer.text());
    out.push_back(std::move(rec));
  }
  return out;
}

using Records = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("bai2 lexer splits fields and ends records at '/'", "[bai2][lexer]") {
  ParseReport r;
  CHECK(lex("49,-1600,11/  03,1,,010,00/\n", r) ==
        Records{{"49", "-1600", "11"}, {"3", "1", "", "010", "00"}});
  CHECK(r.warnings.empty());
}

TEST_CASE("bai2 lexer folds 88 records into the record they continue", "[bai2][lexer]") {
  ParseReport r;
  Lexer lexer("03,1,190/\n\n   88,5,,/\n49,5,3/\n", r);
  int code = 0;
  REQUIRE(lexer.begin(code) == Lexer::Begin::kRecord);
  std::vector<std::string> fields;
  std::string_view f;
  while (lexer.next_field(f)) fields.emplace_back(f);
  CHECK(fields == std::vector<std::string>{"1", "190", "5", "", ""});
  CHECK(lexer.records() == 2);
  REQUIRE(lexer.begin(code) == Lexer::Begin::kRecord);
  CHECK(code == 49);
  CHECK(lexer.record_line() == 4);
  CHECK(lexer.record_ordinal() == 3);
}

TEST_CASE("bai2 lexer text keeps '/' unless a record or the line end follows", "[bai2][lexer]") {
  ParseReport r;
  CHECK(lex("16,1,2,3,4,5,A/B / 16,1,2,3,4,5,C/\n", r) ==
        Records{{"16", "1", "2", "3", "4", "5", "A/B"}, {"16", "1", "2", "3", "4", "5", "C"}});
  CHECK(lex("16,1,2,3,4,5,X/ 12,3\n", r) == Records{{"16", "1", "2", "3", "4", "5", "X/ 12,3"}});
  // A '/' that ends a line ends the record: the next line must start a record of its own.
  CHECK(lex("16,1,2,3,4,5,X/\nY\n", r) == Records{{"16", "1", "2", "3", "4", "5", "X"}});
  CHECK(r.errors.size() == 1);
}

TEST_CASE("bai2 lexer reports a record over the size limit and resumes", "[bai2][lexer]") {
  std::string data = "16,1,2,3,4,5,START\n";
  const std::string piece = "88," + std::string(1000, 'x') + "\n";
  for (std::size_t i = 0; i < tally::formats::bai2::kMaxRecordBytes / 1000 + 2; ++i) data += piece;
  data += "49,1,2/\n";
  ParseReport r;
  const Records recs = lex(data, r);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].code == "record_too_long");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1] == std::vector<std::string>{"49", "1", "2"});
}

TEST_CASE("bai2 lexer reports a line that does not start a record", "[bai2][lexer]") {
  ParseReport r;
  const Records recs = lex("xx\n49,1,2/\n", r);
  CHECK(recs == Records{{"49", "1", "2"}});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code == "malformed_record");
  CHECK(r.errors[0].line == 1);
}
