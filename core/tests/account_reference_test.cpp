#include <catch2/catch.hpp>

#include "core/account_reference.h"

using tally::identify_account;

TEST_CASE("account references identify a customer only when they look like an account", "[core]") {
  CHECK(identify_account("100234") == "100234");
  CHECK(identify_account(" 100-234 ") == "100234");
  CHECK(identify_account("ab12cd") == "AB12CD");
  CHECK_FALSE(identify_account("").has_value());
  CHECK_FALSE(identify_account("123").has_value());                    // too short
  CHECK_FALSE(identify_account("JOHNSMITH").has_value());              // no digit
  CHECK_FALSE(identify_account("1002#34").has_value());                // punctuation
  CHECK_FALSE(identify_account("123456789012345678901").has_value());  // too long
}
