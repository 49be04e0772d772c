#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/accounts.h"
#include "core/ids.h"

namespace accounts = tally::accounts;
using accounts::AccountKind;
using accounts::AccountName;

TEST_CASE("account names keep the spelling stored in the journal", "[core][accounts]") {
  CHECK(accounts::customer("100234") == "customer:100234");
  CHECK(accounts::clearing("ach") == "clearing:ach");
  CHECK(accounts::drawer("D1") == "drawer:D1");
  CHECK(accounts::bank("7890") == "bank:7890");
  CHECK(accounts::transit("card") == "transit:card");
}

TEST_CASE("every built account name parses back to its kind and id", "[core][accounts]") {
  CHECK(accounts::parse(accounts::customer("100234")) ==
        AccountName{AccountKind::kCustomer, "100234"});
  CHECK(accounts::parse(accounts::clearing("lockbox")) ==
        AccountName{AccountKind::kClearing, "lockbox"});
  CHECK(accounts::parse(accounts::drawer("D1")) == AccountName{AccountKind::kDrawer, "D1"});
  CHECK(accounts::parse(accounts::bank("op")) == AccountName{AccountKind::kBank, "op"});
  CHECK(accounts::parse(accounts::transit("ach")) == AccountName{AccountKind::kTransit, "ach"});
  CHECK(accounts::parse(accounts::kSuspense) == AccountName{AccountKind::kSuspense, ""});
  CHECK(accounts::parse(accounts::kAdjustments) == AccountName{AccountKind::kAdjustments, ""});
  CHECK(accounts::parse(accounts::kRevenueNsfFees) ==
        AccountName{AccountKind::kRevenue, "nsf-fees"});
  CHECK(accounts::parse(accounts::kExpenseOverShort) ==
        AccountName{AccountKind::kExpense, "cash-over-short"});
  CHECK(accounts::parse(accounts::kBankVault) == AccountName{AccountKind::kBank, "vault"});
}

TEST_CASE("an id is taken whole after the first colon, so ids with colons round trip",
          "[core][accounts]") {
  CHECK(accounts::parse(accounts::customer("a:b")) == AccountName{AccountKind::kCustomer, "a:b"});
  const std::string longest(tally::kMaxIdBytes, '7');
  CHECK(accounts::parse(accounts::customer(longest)) ==
        AccountName{AccountKind::kCustomer, longest});
}

TEST_CASE("malformed account names do not parse", "[core][accounts]") {
  const std::vector<std::string> malformed = {
      "",
      "customer",
      "customer:",
      ":1001",
      "1001",
      "vendor:1",
      "Customer:1",
      "suspense:1",
      "adjustments:x",
      "suspense ",
      "customer:10\n01",
      std::string("customer:1\0", 11),
      accounts::customer(std::string(tally::kMaxIdBytes + 1, '7'))};
  for (const std::string& bad : malformed) {
    INFO("name: " << bad);
    CHECK_FALSE(accounts::parse(bad).has_value());
  }
}
