#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "core/errors.h"
#include "core/money.h"

using tally::CoreErrc;
using tally::Currency;
using tally::Money;

namespace {
const Currency kUsd = *Currency::from_code("USD");
const Currency kEur = *Currency::from_code("EUR");
const Currency kJpy = *Currency::from_code("JPY");
const Currency kKwd = *Currency::from_code("KWD");

std::int64_t minor(std::string_view text, Currency c = kUsd) {
  auto m = Money::parse(text, c);
  INFO(text << ": " << (m ? "" : m.error().describe()));
  REQUIRE(m.ok());
  return m->minor();
}

CoreErrc failure(std::string_view text, Currency c = kUsd) {
  auto m = Money::parse(text, c);
  REQUIRE_FALSE(m.ok());
  return static_cast<CoreErrc>(m.error().code.value());
}
}  // namespace

TEST_CASE("money parses the decimal forms bank files and people write", "[core][money]") {
  CHECK(minor("1,234.56") == 123456);
  CHECK(minor("-0.07") == -7);
  CHECK(minor("12") == 1200);
  CHECK(minor(".5") == 50);
  CHECK(minor("5.") == 500);
  CHECK(minor("+3.10") == 310);
  CHECK(minor("1,000,000.00") == 100000000);
  CHECK(minor("123.45-") == -12345);  // trailing sign
  CHECK(minor("  7.25 ") == 725);
  CHECK(minor("0") == 0);
}

TEST_CASE("money accepts extra decimals only when they are zeros", "[core][money]") {
  CHECK(minor("18.150", kEur) == 1815);
  CHECK(minor("18.15000", kEur) == 1815);
  CHECK(failure("18.155", kEur) == CoreErrc::excess_precision);
  CHECK(failure("0.001") == CoreErrc::excess_precision);
  CHECK(minor("500", kJpy) == 500);
  CHECK(minor("500.0", kJpy) == 500);
  CHECK(failure("500.5", kJpy) == CoreErrc::excess_precision);
  CHECK(minor("1.234", kKwd) == 1234);
}

TEST_CASE("money refuses text that is not an amount", "[core][money]") {
  for (const char* bad : {"", "-", ".", "1.2.3", "1,23", "12,3456", ",123", "1e5", "abc", "1 000",
                          "--1", "$5", "0x10", "1,234,56"}) {
    INFO("input: '" << bad << "'");
    CHECK(failure(bad) == CoreErrc::bad_amount);
  }
}

TEST_CASE("money parse detects overflow instead of wrapping", "[core][money]") {
  CHECK(minor("92233720368547758.07") == std::numeric_limits<std::int64_t>::max());
  CHECK(failure("92233720368547758.08") == CoreErrc::amount_overflow);
  CHECK(failure("99999999999999999999") == CoreErrc::amount_overflow);
}

TEST_CASE("money formats exactly, round-tripping through parse", "[core][money]") {
  CHECK(Money(123456, kUsd).to_string() == "1234.56");
  CHECK(Money(-7, kUsd).to_string() == "-0.07");
  CHECK(Money(500, kJpy).to_string() == "500");
  CHECK(Money(1234, kKwd).to_string() == "1.234");
  CHECK(Money(123456789, kUsd).to_display() == "1,234,567.89");
  CHECK(Money(-100000, kUsd).to_display() == "-1,000.00");
  CHECK(Money(std::numeric_limits<std::int64_t>::min(), kUsd).to_string() == "-92233720368547758.08");
  for (std::int64_t v : {0LL, 1LL, -1LL, 99LL, 100LL, 123456789012LL, -5000000001LL}) {
    const Money m(v, kUsd);
    CHECK(Money::parse(m.to_string(), kUsd)->minor() == v);
    CHECK(Money::parse(m.to_display(), kUsd)->minor() == v);
  }
}

TEST_CASE("money arithmetic is overflow-checked and currency-checked", "[core][money]") {
  const Money max(std::numeric_limits<std::int64_t>::max(), kUsd);
  CHECK((Money(150, kUsd).plus(Money(275, kUsd)))->minor() == 425);
  CHECK(Money(150, kUsd).minus(Money(275, kUsd))->minor() == -125);
  CHECK_FALSE(max.plus(Money(1, kUsd)).ok());
  CHECK_FALSE(Money(std::numeric_limits<std::int64_t>::min(), kUsd).negated().ok());
  auto mixed = Money(1, kUsd).plus(Money(1, kEur));
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().code == tally::make_error_code(CoreErrc::currency_mismatch));
  CHECK_FALSE(tally::checked_add(std::numeric_limits<std::int64_t>::max(), 1).has_value());
  CHECK(tally::parse_implied_minor("0000012345") == 12345);
  CHECK_FALSE(tally::parse_implied_minor("00001234a5").has_value());
  CHECK_FALSE(tally::parse_implied_minor("").has_value());
}

TEST_CASE("currencies come from the ISO 4217 table with their minor units", "[core][money]") {
  CHECK(kUsd.minor_digits() == 2);
  CHECK(kJpy.minor_digits() == 0);
  CHECK(kKwd.minor_digits() == 3);
  CHECK_FALSE(Currency::from_code("XXX").has_value());
  CHECK_FALSE(Currency::from_code("usd").has_value());
  CHECK_FALSE(Currency::from_code("US").has_value());
}
