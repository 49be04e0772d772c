// The reader's branch-light helpers against plain reference computations: digit words, the
// vectorized record scan, trimming, the routing check and trace ordering.
#include <catch2/catch.hpp>

#include <string>

#include "formats/nacha/fields.h"
#include "formats/nacha/record_scan.h"

using namespace tally::formats::nacha;

TEST_CASE("nacha: eight_digits reads eight ASCII digits as a number", "[nacha][hot]") {
  for (const char* s : {"00000000", "12345678", "99999999", "00000001", "10000000", "23138010"})
    CHECK(eight_digits(s) == static_cast<std::uint64_t>(std::stoull(s)));
}

TEST_CASE("nacha: routing_check_passes agrees with the 3-7-1 check digit", "[nacha][hot]") {
  for (const char* ok :
       {"231380104", "031300012", "121042882", "021000021", "091000019", "999999992", "000000000"})
    CHECK(routing_check_passes(ok));
  for (const char* bad : {"231380105", "031300013", "121042880", "999999991"})
    CHECK_FALSE(routing_check_passes(bad));
  // Every check digit of one prefix: exactly one passes, the one routing_check_digit names.
  for (char d = '0'; d <= '9'; ++d) {
    const std::string r = std::string("12104288") + d;
    CHECK(routing_check_passes(r.c_str()) == (d - '0' == routing_check_digit("12104288")));
  }
}

TEST_CASE("nacha: rtrim_fast removes exactly the trailing spaces", "[nacha][hot]") {
  const std::string record(94, ' ');
  for (std::size_t len : {1u, 2u, 7u, 8u, 9u, 15u, 16u, 17u, 22u, 35u}) {
    for (std::size_t used = 0; used <= len; ++used) {
      std::string field(len, ' ');
      for (std::size_t i = 0; i < used; ++i) field[i] = i % 3 == 1 ? ' ' : 'A';  // inner spaces
      const std::string_view trimmed = rtrim_fast(field);
      CHECK(trimmed == rtrim(field));
    }
  }
}

TEST_CASE("nacha: scan_record checks printable bytes and digit positions", "[nacha][hot]") {
  DigitMask digits{};
  digits[1] = digits[2] = digits[93] = 0xFF;
  const ByteRanges ranges = make_byte_ranges(digits);
  std::string r(94, 'A');
  r[1] = '2';
  r[2] = '7';
  r[93] = '9';
  CHECK(scan_record(r.data(), ranges, digits).ok());
  for (std::size_t at : {0u, 15u, 16u, 63u, 78u, 79u, 93u}) {
    std::string bad = r;
    bad[at] = '\n';
    const RecordScan scan = scan_record(bad.data(), ranges, digits);
    CHECK_FALSE(scan.printable);
  }
  std::string letter = r;
  letter[93] = 'X';  // printable, but not a digit where one is required
  RecordScan scan = scan_record(letter.data(), ranges, digits);
  CHECK(scan.printable);
  CHECK_FALSE(scan.digits);
  std::string high = r;
  high[40] = static_cast<char>(0xC3);  // non-ASCII
  CHECK_FALSE(scan_record(high.data(), ranges, digits).printable);
  std::string del = r;
  del[50] = 0x7F;
  CHECK_FALSE(scan_record(del.data(), ranges, digits).printable);
}

TEST_CASE("nacha: trace keys order like the 15-digit trace numbers", "[nacha][hot]") {
  const char* traces[] = {"000000000000000", "121042880000001", "121042880000002",
                          "121042880000010", "121042890000000", "999999999999999"};
  for (std::size_t i = 0; i + 1 < std::size(traces); ++i) {
    CHECK(trace_key(traces[i]) < trace_key(traces[i + 1]));
    CHECK(trace_key(traces[i]) == trace_key(traces[i]));
  }
}
