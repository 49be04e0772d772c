#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/common/pan.h"

using tally::formats::aba_routing_valid;
using tally::formats::find_pans;
using tally::formats::luhn_valid;
using tally::formats::mask_pans;
using tally::formats::PanMatch;
using tally::formats::PanOptions;

namespace {

std::string masked(std::string text, const PanOptions& options = {}) {
  mask_pans(text, nullptr, options);
  return text;
}

// Appends the Luhn check digit to a string of digits, so fixtures are valid by construction.
std::string with_check_digit(const std::string& body) {
  for (char d = '0'; d <= '9'; ++d)
    if (luhn_valid(body + d)) return body + d;
  return body;
}

// Same body with a wrong check digit.
std::string with_wrong_check_digit(const std::string& body) {
  std::string good = with_check_digit(body);
  good.back() = good.back() == '9' ? '0' : static_cast<char>(good.back() + 1);
  return good;
}

}  // namespace

TEST_CASE("luhn check accepts known test card numbers and rejects altered ones", "[pan]") {
  CHECK(luhn_valid("4111111111111111"));
  CHECK(luhn_valid("5555555555554444"));
  CHECK(luhn_valid("378282246310005"));
  CHECK(luhn_valid("6011111111111117"));
  CHECK(luhn_valid("79927398713"));
  CHECK_FALSE(luhn_valid("4111111111111112"));
  CHECK_FALSE(luhn_valid("79927398710"));
  CHECK_FALSE(luhn_valid(""));
  CHECK_FALSE(luhn_valid("4111x11111111111"));
}

TEST_CASE("aba check accepts real routing numbers only", "[pan]") {
  CHECK(aba_routing_valid("021000021"));
  CHECK(aba_routing_valid("011000015"));
  CHECK_FALSE(aba_routing_valid("021000022"));
  CHECK_FALSE(aba_routing_valid("02100002"));
}

TEST_CASE("a bare PAN is masked to its last four", "[pan]") {
  std::string text = "4111111111111111";
  std::vector<PanMatch> where;
  CHECK(mask_pans(text, &where) == 1);
  CHECK(text == "************1111");
  REQUIRE(where.size() == 1);
  CHECK(where[0].offset == 0);
  CHECK(where[0].length == 16);
}

TEST_CASE("masking keeps the text around the PAN and reports where it was", "[pan]") {
  std::string text = "paid with card 5555555555554444, thanks; also 378282246310005.";
  const std::size_t length = text.size();
  std::vector<PanMatch> where;
  CHECK(mask_pans(text, &where) == 2);
  CHECK(text == "paid with card ************4444, thanks; also ***********0005.");
  CHECK(text.size() == length);
  REQUIRE(where.size() == 2);
  CHECK(where[0].offset == 15);
  CHECK(where[0].length == 16);
  CHECK(where[1].offset == 46);
  CHECK(where[1].length == 15);
}

TEST_CASE("grouped PANs with single spaces or dashes are masked, separators kept", "[pan]") {
  CHECK(masked("4111 1111 1111 1111") == "**** **** **** 1111");
  CHECK(masked("card 4111-1111-1111-1111 ok") == "card ****-****-****-1111 ok");
  CHECK(masked("3782 822463 10005") == "**** ****** *0005");
}

TEST_CASE("all lengths from 13 to 19 digits are PANs", "[pan]") {
  for (std::size_t length = 13; length <= 19; ++length) {
    const std::string pan = with_check_digit("4" + std::string(length - 2, '3'));
    REQUIRE(pan.size() == length);
    const std::string out = masked("x" + pan + "y");
    CHECK(out == "x" + std::string(length - 4, '*') + pan.substr(length - 4) + "y");
  }
}

TEST_CASE("numbers that fail Luhn are not masked", "[pan]") {
  const std::string bad = with_wrong_check_digit("411111111111111");
  REQUIRE_FALSE(luhn_valid(bad));
  CHECK(masked("ref " + bad) == "ref " + bad);
  CHECK(masked("4111 1111 1111 1112") == "4111 1111 1111 1112");
}

TEST_CASE("Luhn-valid numbers shorter than 13 digits are not masked", "[pan]") {
  const std::string twelve = with_check_digit("41111111111");
  REQUIRE(twelve.size() == 12);
  REQUIRE(luhn_valid(twelve));
  CHECK(masked(twelve) == twelve);
  CHECK(masked("79927398713") == "79927398713");
}

TEST_CASE("a digit run longer than 19 is a longer number, not a PAN", "[pan]") {
  const std::string twenty = with_check_digit("4111111111111111111");
  REQUIRE(twenty.size() == 20);
  CHECK(masked(twenty) == twenty);
  // A valid PAN glued to more digits is part of that longer number.
  const std::string glued = "0" + std::string("4111111111111111") + "0000";
  CHECK(masked(glued) == glued);
}

TEST_CASE("ABA routing numbers are never masked, alone or followed by an account", "[pan]") {
  CHECK(masked("routing 021000021") == "routing 021000021");
  // Routing number and account number written together: 16 digits that pass Luhn.
  const std::string account = with_check_digit(
                                  "021000021"
                                  "123456")
                                  .substr(9);
  const std::string bank = "021000021 " + account;
  REQUIRE(luhn_valid("021000021" + account));
  CHECK(masked(bank) == bank);
  // The same digits not led by a valid routing number are a PAN.
  const std::string other = with_check_digit("421000021123456");
  REQUIRE(luhn_valid(other));
  CHECK(masked(other) == "************" + other.substr(12));
}

TEST_CASE("separators must be single and of one kind within a PAN", "[pan]") {
  CHECK(masked("4111  1111  1111  1111") == "4111  1111  1111  1111");
  CHECK(masked("4111 1111-1111 1111") == "4111 1111-1111 1111");
  CHECK(masked("4111--1111--1111--1111") == "4111--1111--1111--1111");
}

TEST_CASE("neighbouring numbers in a chain do not hide a PAN", "[pan]") {
  // The longest valid window from the first group wins; text after it is left alone.
  CHECK(masked("4111 1111 1111 1111 2024") == "**** **** **** 1111 2024");
  CHECK(masked("on 2024 5555 5555 5555 4444") != "on 2024 5555 5555 5555 4444");
}

TEST_CASE("masking is a fixed point: masked text holds no further PAN", "[pan]") {
  // After the first PAN, its last four and the groups after it form another valid number.
  std::string tail = with_check_digit(
      "1111"
      "2222"
      "3333"
      "444");
  REQUIRE(tail.size() == 16);
  std::string text = "4111-1111-1111-" + tail.substr(0, 4) + "-" + tail.substr(4, 4) + "-" +
                     tail.substr(8, 4) + "-" + tail.substr(12, 4);
  const std::size_t first = mask_pans(text);
  CHECK(first == 2);
  std::string again = text;
  CHECK(mask_pans(again) == 0);
  CHECK(again == text);
}

TEST_CASE("find_pans reports what mask_pans masks without changing the text", "[pan]") {
  const std::string text = "a 4111111111111111 b 5555-5555-5555-4444 c";
  const auto found = find_pans(text);
  std::string copy = text;
  std::vector<PanMatch> where;
  mask_pans(copy, &where);
  REQUIRE(found.size() == 2);
  REQUIRE(where.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(found[i].offset == where[i].offset);
    CHECK(found[i].length == where[i].length);
  }
  CHECK(found[1].offset == 21);
  CHECK(found[1].length == 19);
}

TEST_CASE("require_card_prefix keeps Luhn-valid references that cannot be cards", "[pan]") {
  const std::string reference = with_check_digit("881617895238055");
  REQUIRE(luhn_valid(reference));
  PanOptions cards_only;
  cards_only.require_card_prefix = true;
  CHECK(masked(reference, cards_only) == reference);
  CHECK(masked(reference) != reference);
  CHECK(masked("4111111111111111", cards_only) == "************1111");
  CHECK(masked("2223000048400011", cards_only) == "************0011");
}

TEST_CASE("text without digits or with only short numbers is unchanged", "[pan]") {
  CHECK(masked("") == "");
  CHECK(masked("no numbers here") == "no numbers here");
  CHECK(masked("2026-11-22 10:15, $1,234.56, phone 555-123-4567") ==
        "2026-11-22 10:15, $1,234.56, phone 555-123-4567");
}

TEST_CASE("long inputs are scanned in linear time", "[pan]") {
  // Many separated groups: each starts a bounded look-ahead and nothing more.
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "11 ";
  std::string digits(1000000, '7');
  CHECK(mask_pans(text) == 0);
  CHECK(mask_pans(digits) == 0);
}
