// mandates_due (autopay_query.h): the enrolled accounts autopay origination debits.
#include <catch2/catch.hpp>

#include "ledger/autopay_query.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

events::Envelope enrolled(const std::string& name, const std::string& account) {
  events::Envelope e = autopay_enrolled(name, account);
  auto* a = e.mutable_autopay_enrolled();
  a->set_routing_number("091000019");
  a->set_account_type("savings");
  a->set_holder_name("ANN LEE");
  a->set_account_last4("5678");
  a->set_account_number_sealed("sealed-" + account);
  return e;
}

events::Envelope removed(const std::string& name, const std::string& account) {
  events::Envelope e = envelope(name, events::AUTOPAY_REMOVED);
  e.mutable_autopay_removed()->set_account_id(account);
  e.mutable_autopay_removed()->set_reason("billing system");
  return e;
}

}  // namespace

TEST_CASE("autopay debits the enrolled accounts that owe, for what they owe", "[ledger][autopay]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({
                        enrolled("e1", "100117"), bill("b1", "100117", 5000),  // owes
                        enrolled("e2", "100200"), bill("b2", "100200", 3000),
                        payment("p2", "100200", 3000, "P2"),  // paid in full
                        enrolled("e3", "100300"), payment("p3", "100300", 1000, "P3"),  // in credit
                        bill("b4", "100400", 2000),  // owes, not enrolled
                        enrolled("e5", "100500"), bill("b5", "100500", 800),
                        removed("r5", "100500"),                               // owes, removed
                        enrolled("e6", "100600"), bill("b6", "100600", 1200),  // owes
                    }));

  auto due = mandates_due(*ledger);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 2);
  CHECK(due->at(0).mandate.account == "customer:100117");
  CHECK(due->at(0).balance_minor == 5000);
  CHECK(due->at(0).mandate.state.routing == "091000019");
  CHECK(due->at(0).mandate.state.savings);
  CHECK(due->at(0).mandate.state.holder_name == "ANN LEE");
  CHECK(due->at(0).mandate.state.account_sealed == "sealed-100117");
  CHECK(due->at(1).mandate.account == "customer:100600");
  CHECK(due->at(1).balance_minor == 1200);
}
