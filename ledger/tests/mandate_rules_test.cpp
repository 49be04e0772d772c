// What ACH returns and notices of change do to autopay mandates (ach_returns.h), seen through
// mandates_due: who autopay debits next, and for how much.
#include <catch2/catch.hpp>

#include "ledger/ach_returns.h"
#include "ledger/autopay_query.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

events::Envelope mandate(const std::string& name, const std::string& account) {
  events::Envelope e = autopay_enrolled(name, account);
  auto* a = e.mutable_autopay_enrolled();
  a->set_routing_number("091000019");
  a->set_account_type("checking");
  a->set_holder_name("ANN LEE");
  a->set_account_last4("5678");
  a->set_account_number_sealed("sealed-" + account);
  return e;
}

events::Envelope notice(const std::string& name, const std::string& account, const std::string& code) {
  events::Envelope e = envelope(name, events::NOTICE_OF_CHANGE, 3);
  auto* n = e.mutable_notice_of_change();
  n->set_account_id(account);
  n->set_change_code(code);
  n->set_corrected_account_last4("9999");
  n->set_corrected_account_sealed("sealed-new");
  n->set_corrected_routing_number("021000021");
  n->set_corrected_transaction_code(37);
  return e;
}

// Enrolled, billed 100.00, debited, and the debit returned with `code` two days later.
std::vector<log::LogRecord> returned_debit(PartitionWriter& w, const std::string& account, const std::string& code) {
  return w.records({mandate("e" + account, account), bill("b" + account, account, 10000),
                    payment("d" + account, account, 10000, "T" + account),
                    payment_return("r" + account, "d" + account, "", 10000, code, 2)});
}

std::optional<DueMandate> due_of(Ledger& ledger, const std::string& account) {
  auto due = mandates_due(ledger);
  REQUIRE(due.ok());
  for (auto& d : *due)
    if (d.mandate.account == "customer:" + account) return d;
  return std::nullopt;
}

}  // namespace

TEST_CASE("return codes sort into what they do to a mandate", "[ledger][autopay][returns]") {
  CHECK(action_after_return("R01") == ReturnAction::kRepresentable);
  CHECK(action_after_return("R09") == ReturnAction::kRepresentable);
  CHECK(action_after_return("R02") == ReturnAction::kHoldForCorrection);
  CHECK(action_after_return("R04") == ReturnAction::kHoldForCorrection);
  for (const char* code : {"R05", "R07", "R10", "R11", "R29", "R51"}) {
    CHECK(action_after_return(code) == ReturnAction::kEndMandate);
    CHECK(is_unauthorized_return(code));
  }
  CHECK(action_after_return("R08") == ReturnAction::kNeverAgain);
  CHECK(action_after_return("R99") == ReturnAction::kNone);
  CHECK(is_administrative_return("R03"));
  CHECK_FALSE(is_administrative_return("R01"));
}

TEST_CASE("an R02 return holds the mandate until a notice of change corrects it", "[ledger][autopay][returns]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, returned_debit(w, "100017", "R02"));
  CHECK(balance_of(*ledger, "customer:100017") == 10000);
  CHECK_FALSE(due_of(*ledger, "100017"));  // owes, but the account is closed: not debited
  apply_ok(*ledger, w.records({notice("n1", "100017", "C01")}));
  const auto due = due_of(*ledger, "100017");
  REQUIRE(due);
  CHECK(due->balance_minor == 10000);
  CHECK(due->mandate.state.account_sealed == "sealed-new");
  CHECK(due->mandate.state.account_last4 == "9999");
  CHECK(due->mandate.state.routing == "021000021");
  CHECK(due->mandate.state.savings);  // transaction code 37
}

TEST_CASE("a refused notice of change corrects nothing and a new enrolment releases a hold", "[ledger][autopay][returns]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, returned_debit(w, "100018", "R03"));
  apply_ok(*ledger, w.records({notice("n1", "100018", "C61"), notice("n2", "100018", "C09")}));
  CHECK_FALSE(due_of(*ledger, "100018"));
  apply_ok(*ledger, w.records({mandate("e2", "100018")}));
  CHECK(due_of(*ledger, "100018"));
}

TEST_CASE("an unauthorized return ends the mandate and says autopay was removed", "[ledger][autopay][returns]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, returned_debit(w, "100019", "R10"));
  CHECK_FALSE(due_of(*ledger, "100019"));
  auto removals = ledger->autopay_removals(10);
  REQUIRE(removals.ok());
  REQUIRE(removals->size() == 1);
  CHECK(removals->at(0).trigger_id == test_id("r100019"));
  CHECK(removals->at(0).reason.find("R10") != std::string::npos);
  auto state = ledger->autopay(PartitionId(0), "customer:100019");
  REQUIRE(state.ok());
  CHECK_FALSE(state->enrolled);
  CHECK(state->ended_code == "R10");
}

TEST_CASE("an NSF return: neither the returned debit nor the fee is folded into the next debit", "[ledger][autopay][returns]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, returned_debit(w, "100020", "R01"));
  CHECK(balance_of(*ledger, "customer:100020") == 10000 + 2500);
  CHECK_FALSE(due_of(*ledger, "100020"));  // owes only the returned debit and its fee
  apply_ok(*ledger, w.records({bill("b2", "100020", 4000, 5)}));
  auto due = due_of(*ledger, "100020");
  REQUIRE(due);
  CHECK(due->balance_minor == 4000);  // the new bill alone
  CHECK(due->withheld_minor == 12500);
  // Paid off at the counter: what was withheld is behind the customer.
  apply_ok(*ledger, w.records({payment("c1", "100020", 16500, "C1", events::COUNTER, 6), bill("b3", "100020", 3000, 7)}));
  due = due_of(*ledger, "100020");
  REQUIRE(due);
  CHECK(due->balance_minor == 3000);
  CHECK(due->withheld_minor == 0);
}

TEST_CASE("a stopped payment (R08) is never debited again and has no fee", "[ledger][autopay][returns]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, returned_debit(w, "100021", "R08"));
  CHECK(balance_of(*ledger, "customer:100021") == 10000);
  CHECK_FALSE(due_of(*ledger, "100021"));
  apply_ok(*ledger, w.records({bill("b2", "100021", 2000, 5)}));
  const auto due = due_of(*ledger, "100021");
  REQUIRE(due);
  CHECK(due->balance_minor == 2000);
}
