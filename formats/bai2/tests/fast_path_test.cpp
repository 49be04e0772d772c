// The 16 fast path and the number readers against their reference behaviour.
#include <catch2/catch.hpp>

#include <string>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"
#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;
using tally::formats::bai2::NumberStatus;
using tally::formats::bai2::parse_signed;

namespace {

struct Outcome {
  Recorder rec;
  ParseReport report;
};

Outcome run(const std::string& file, bool fast) {
  Outcome o;
  bai2::Parser parser(file, o.rec, fast);
  o.report = parser.run();
  return o;
}

}  // namespace

TEST_CASE("bai2 fast and general 16 paths deliver the same details and issues", "[bai2]") {
  const std::string body =
      "03,1,,,,,/\n"
      "16,142,100,0,BR1 , CR1,PLAIN TEXT\n"
      "16,142,100,1,,,ENDS WITH SLASH   /  \n"
      "16,142,100,V,260104,1300,,,VALUE DATED/\n"
      "16,142,100,V,260104,,,,VALUE DATED NO TIME\n"
      "16,142,100,,,,DEFAULTED FUNDS\n"
      "16,142,100,Z,,,A/B INSIDE/\n"
      "16,142,100,Z,,,RATE 1/ 12,5 PCT, 01/05/2026 /  \n"
      "16,142,100,Z,,,/A/B/C/D/E/F/\n"
      "16,142,100,Z,,,TAB THEN RECORD/\t16,142,100,Z,,,X\n"
      "16,142,100,S,1,2,3,,,DISTRIBUTED\n"
      "16,142,100,2,,,\n"
      "16,142,100,0,,,TEXT GOES ON\n"
      "88,IN AN 88\n"
      "16,142,100,0,,/\n"
      "16,142,100,0,,,TWO ON ONE LINE/ 16,142,100,0,,,SECOND\n"
      "16,142,100,0,,,WRAPPED\n"
      "ONTO A SECOND LINE\n"
      "16,142,100,0,,,\tTABS\t\n"
      "16,142,100,0,,," +
      std::string(150, 'L') +
      "\n"
      "16,142,100,0,,,LAST BEFORE TRAILER";
  const std::string file = one_account_file(body + "\n", 2000, 22);
  const Outcome fast = run(file, true);
  const Outcome slow = run(file, false);
  INFO(describe(fast.report));
  CHECK(fast.report.accepted);
  CHECK(slow.report.accepted);
  check_same_transactions(fast.rec.transactions, slow.rec.transactions);
  CHECK(fast.rec.transactions.at(1).text == "ENDS WITH SLASH");
  CHECK(fast.rec.transactions.at(0).bank_reference == "BR1");

  // Errors found on either path carry the same code and place.
  std::string bad = file;
  bad.replace(bad.find("16,142,100,V,260104,1300"), 24, "16,142,100,V,261304,1300");
  const Outcome bf = run(bad, true);
  const Outcome bs = run(bad, false);
  REQUIRE_FALSE(bf.report.errors.empty());
  REQUIRE(bf.report.errors.size() == bs.report.errors.size());
  CHECK(bf.report.errors[0].code == "bad_date");
  CHECK(bf.report.errors[0].code == bs.report.errors[0].code);
  CHECK(bf.report.errors[0].line == bs.report.errors[0].line);
  CHECK(bf.report.errors[0].record == bs.report.errors[0].record);
}

TEST_CASE("bai2 digit reader: every length and a bad byte at every position", "[bai2]") {
  std::string digits;
  std::int64_t expected = 0;
  for (int len = 1; len <= 18; ++len) {
    const char d = static_cast<char>('0' + (len * 7) % 10);
    digits += d;
    expected = expected * 10 + (d - '0');
    const auto v = parse_signed(digits);
    INFO(digits);
    REQUIRE(v.status == NumberStatus::kOk);
    CHECK(v.value == expected);
    CHECK(parse_signed("-" + digits).value == -expected);
    for (std::size_t at = 0; at < digits.size(); ++at) {
      for (char bad : {'/', ':', ' ', 'A', '\x80', '\xff', '\0'}) {
        std::string b = digits;
        b[at] = bad;
        const bool blank_edge = bad == ' ' && (at == 0 || at + 1 == b.size());
        if (blank_edge) continue;  // surrounding blanks are trimmed, not errors
        INFO("bad byte " << static_cast<int>(bad) << " at " << at);
        CHECK(parse_signed(b).status == NumberStatus::kBad);
      }
    }
  }
  CHECK(parse_signed("9223372036854775807").value == INT64_MAX);
  CHECK(parse_signed("9223372036854775808").status == NumberStatus::kOverflow);
  CHECK(parse_signed("-9223372036854775807").value == -INT64_MAX);
  CHECK(parse_signed("000000000000000000000001").value == 1);
  CHECK(parse_signed("  42 ").value == 42);
}

TEST_CASE("bai2 digit counter agrees with a byte loop, whatever the neighbours", "[bai2]") {
  // Every byte value next to digits '0' and '9': carries between bytes would miscount.
  for (int b = 0; b < 256; ++b) {
    for (const char* pattern : {"0X0X0X0X0X", "9X9X9X9X9X9X9X9X", "X0000000X9999999X"}) {
      std::string s = pattern;
      for (char& c : s)
        if (c == 'X') c = static_cast<char>(b);
      std::size_t naive = 0;
      for (char c : s) naive += (c >= '0' && c <= '9') ? 1u : 0u;
      INFO("byte " << b << " in " << pattern);
      CHECK(tally::formats::bai2::count_digits(s) == naive);
    }
  }
}

namespace {

// The plain reading of pan.h's shape: 13+ digits in one chain of groups joined by single
// blanks or dashes.
bool reference_chain(std::string_view s) {
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    const bool joins = (s[i] == ' ' || s[i] == '-') && i > 0 && i + 1 < s.size() &&
                       s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9';
    if (digit) {
      if (++digits >= 13) return true;
    } else if (!joins) {
      digits = 0;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("bai2 card-number prefilter never misses a chain of 13 digits", "[bai2]") {
  using tally::formats::bai2::may_hold_pan;
  CHECK(may_hold_pan("PAID 4111 1111 1111 1111"));
  CHECK(may_hold_pan("x3782-822463-10005"));
  CHECK_FALSE(may_hold_pan("PAYMENT 00001234 INV 2026-01"));
  CHECK_FALSE(may_hold_pan("1 2 3 4 5 6 "));  // too short to matter
  std::uint32_t seed = 12345;
  const char alphabet[] = "0123456789 -A/\t";
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    seed = seed * 1103515245u + 12345u;
    const std::size_t len = 10 + (seed >> 16) % 120;
    for (std::size_t i = 0; i < len; ++i) {
      seed = seed * 1103515245u + 12345u;
      const std::uint32_t r = (seed >> 16) % 100;
      s += r < 70 ? alphabet[r % 10] : alphabet[10 + r % 5];
    }
    INFO(s);
    if (reference_chain(s)) REQUIRE(may_hold_pan(s));  // a necessary condition: no misses
    if (!may_hold_pan(s)) REQUIRE_FALSE(reference_chain(s));
  }
}
