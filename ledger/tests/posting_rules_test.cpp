// Posting rules, one behaviour per case, through Ledger::apply.
#include <catch2/catch.hpp>

#include "core/events/event_ids.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

TEST_CASE("a payment debits clearing by channel and credits the customer", "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({payment("p1", "1001", 12345, "T1", events::ACH),
                               payment("p2", "1002", 500, "L1", events::LOCKBOX)}));
  CHECK(balance_of(*ledger, "customer:1001") == -12345);
  CHECK(balance_of(*ledger, "clearing:ach") == 12345);
  CHECK(balance_of(*ledger, "clearing:lockbox") == 500);
  CHECK(balance_of(*ledger, "customer:1002") == -500);
  auto e = ledger->entry(PartitionId(0), EntrySequence(1));
  REQUIRE(e.ok());
  CHECK(e->event_id == test_id("p1"));
  REQUIRE(e->postings.size() == 2);
  CHECK(e->postings[0].account == "clearing:ach");
  CHECK(e->postings[0].amount_minor == 12345);
}

TEST_CASE("a payment for an unknown account goes to suspense and PaymentApplied moves it",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({payment("p1", "", 700, "T1")}));
  CHECK(balance_of(*ledger, "suspense") == -700);
  events::Envelope applied = envelope("a1", events::PAYMENT_APPLIED);
  applied.mutable_payment_applied()->set_payment_event_id(
      std::string(test_id("p1").as_string_view()));
  applied.mutable_payment_applied()->set_account_id("2002");
  applied.mutable_payment_applied()->set_applied_by("tech");
  apply_ok(*ledger, w.records({applied}));
  CHECK(balance_of(*ledger, "suspense") == 0);
  CHECK(balance_of(*ledger, "customer:2002") == -700);
  // A return now takes the money back from the customer it was applied to.
  apply_ok(*ledger, w.records({payment_return("r1", "", "T1", 700, "R02")}));
  CHECK(balance_of(*ledger, "customer:2002") == 0);
  CHECK(balance_of(*ledger, "clearing:ach") == 0);
  CHECK(ledger->counters().refused == 0);
}

TEST_CASE("a return reverses its payment found by id or reference, with the NSF fee and a letter",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger,
           w.records({payment("p1", "1001", 10000, "T1"), payment("p2", "1001", 4000, "T2"),
                      payment_return("r1", "p1", "", 10000, "R01"),
                      payment_return("r2", "", "T2", 4000, "R02")}));
  // R01 incurs the default 25.00 fee; R02 (account closed) does not.
  CHECK(balance_of(*ledger, "customer:1001") == 2500);
  CHECK(balance_of(*ledger, "revenue:nsf-fees") == -2500);
  CHECK(balance_of(*ledger, "clearing:ach") == 0);
  auto letters = ledger->return_letters(10);
  REQUIRE(letters.ok());
  REQUIRE(letters->size() == 2);
  CHECK(letters->at(0).account == "customer:1001");
  CHECK(letters->at(0).payment_id == test_id("p1"));
  CHECK(letters->at(0).return_code == "R01");
  CHECK(letters->at(0).fee_minor == 2500);
  CHECK(letters->at(1).return_code == "R02");
  CHECK(letters->at(1).fee_minor == 0);
}

TEST_CASE("a return that arrives before its payment waits and is applied when the payment comes",
          "[ledger][rules]") {
  TempDir dir;
  PartitionWriter w;
  {
    auto ledger = open_ledger(dir.path());
    auto stats = apply_ok(*ledger, w.records({payment_return("r1", "", "T9", 3000, "R01")}));
    CHECK(stats.parked == 1);
    CHECK(ledger->counters().parked == 1);
    CHECK(balance_of(*ledger, "customer:1001") == 0);
  }
  // Across a restart: the parked return is stored, not held in memory.
  auto ledger = open_ledger(dir.path());
  CHECK(ledger->counters().parked == 1);
  apply_ok(*ledger, w.records({payment("p1", "1001", 3000, "T9")}));
  CHECK(ledger->counters().parked == 0);
  CHECK(balance_of(*ledger, "customer:1001") == 2500);  // payment, its reversal and the fee
  CHECK(balance_of(*ledger, "clearing:ach") == 0);
  CHECK(ledger->counters().entries == 2);
}

TEST_CASE("a return with no reference at all is refused", "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  auto stats = apply_ok(*ledger, w.records({payment_return("r1", "", "", 3000, "R01")}));
  CHECK(stats.refused == 1);
  auto d = ledger->discrepancies(10);
  REQUIRE(d.ok());
  REQUIRE(d->size() == 1);
  CHECK(d->at(0).discrepancy.kind == events::INVALID_EVENT);
  CHECK(d->at(0).discrepancy.code == RefusalCode::no_payment_reference);
}

TEST_CASE("a PolicySet changes the NSF fee and codes from its effective date", "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(
      *ledger,
      w.records({policy("pol", 3500, {"R01", "R02"}, 2, 12, /*effective*/ 10),
                 payment("p1", "1", 100, "A1"), payment("p2", "1", 100, "A2"),
                 payment("p3", "1", 100, "A3"),
                 payment_return("r1", "p1", "", 100, "R02", /*days*/ 5),   // before: default codes
                 payment_return("r2", "p2", "", 100, "R02", /*days*/ 10),  // new policy
                 payment_return("r3", "p3", "", 100, "R09", /*days*/ 11)}));  // R09 dropped
  CHECK(balance_of(*ledger, "revenue:nsf-fees") == -3500);
  CHECK(balance_of(*ledger, "customer:1") == 3500);
  CHECK(ledger->policies(PartitionId(0)).size() == 1);
}

TEST_CASE("autopay is removed after two NSF returns within twelve months", "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({autopay_enrolled("en", "7"), payment("p1", "7", 100, "A1"),
                               payment("p2", "7", 100, "A2"), payment("p3", "8", 100, "A3"),
                               payment_return("r1", "p1", "", 100, "R01", 0)}));
  CHECK(ledger->autopay(PartitionId(0), "customer:7")->enrolled);
  // The second NSF return 400 days later is outside the window: still enrolled.
  apply_ok(*ledger, w.records({payment_return("r2", "p2", "", 100, "R09", 400)}));
  CHECK(ledger->autopay(PartitionId(0), "customer:7")->enrolled);
  apply_ok(*ledger, w.records({payment("p4", "7", 100, "A4"),
                               payment_return("r4", "p4", "", 100, "A", 500)}));
  auto state = ledger->autopay(PartitionId(0), "customer:7");
  REQUIRE(state.ok());
  CHECK_FALSE(state->enrolled);
  auto removals = ledger->autopay_removals(10);
  REQUIRE(removals.ok());
  REQUIRE(removals->size() == 1);
  CHECK(removals->at(0).account == "customer:7");
  CHECK(removals->at(0).trigger_id == test_id("r4"));
  CHECK(removals->at(0).removal_id == events::derived_id(test_id("r4"), "autopay-removed"));
}

TEST_CASE("a chargeback reverses a card payment and its reversal gives it back",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope cb = envelope("cb", events::CHARGEBACK_RECEIVED);
  cb.mutable_chargeback_received()->set_processor("acme");
  cb.mutable_chargeback_received()->set_case_id("C1");
  cb.mutable_chargeback_received()->set_processor_reference("REF1");
  *cb.mutable_chargeback_received()->mutable_amount() = amount(900);
  events::Envelope rev = envelope("rev", events::CHARGEBACK_REVERSED);
  rev.mutable_chargeback_reversed()->set_processor("acme");
  rev.mutable_chargeback_reversed()->set_case_id("C1");
  *rev.mutable_chargeback_reversed()->mutable_amount() = amount(900);
  apply_ok(*ledger, w.records({payment("p1", "55", 900, "REF1", events::CARD), cb}));
  CHECK(balance_of(*ledger, "customer:55") == 0);
  CHECK(balance_of(*ledger, "clearing:card") == 0);
  apply_ok(*ledger, w.records({rev}));
  CHECK(balance_of(*ledger, "customer:55") == -900);
  CHECK(balance_of(*ledger, "clearing:card") == 900);
  CHECK(ledger->counters().refused == 0);
}

TEST_CASE("bills, deposits with card fees, drawers and adjustments post as documented",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope deposit = envelope("dep", events::DEPOSIT_DECLARED);
  auto* d = deposit.mutable_deposit_declared();
  d->set_kind(events::DepositDeclared::CARD_PAYOUT);
  *d->mutable_gross() = amount(1000);
  *d->mutable_fees() = amount(30);
  *d->mutable_net() = amount(970);
  d->set_bank_account("op");
  events::Envelope open = envelope("open", events::DRAWER_OPENED);
  open.mutable_drawer_opened()->set_drawer_id("D1");
  open.mutable_drawer_opened()->set_session_id("S1");
  *open.mutable_drawer_opened()->mutable_opening_float() = amount(10000);
  events::Envelope close = envelope("close", events::DRAWER_CLOSED);
  close.mutable_drawer_closed()->set_drawer_id("D1");
  close.mutable_drawer_closed()->set_session_id("S1");
  *close.mutable_drawer_closed()->mutable_over_short() = amount(-125);
  // 125 short of the float: only what was counted goes back to the vault.
  *close.mutable_drawer_closed()->mutable_float_returned() = amount(10000 - 125);
  events::Envelope adj = envelope("adj", events::ADJUSTMENT_POSTED);
  adj.mutable_adjustment_posted()->set_account_id("9");
  *adj.mutable_adjustment_posted()->mutable_amount() = amount(-400);
  adj.mutable_adjustment_posted()->set_approver("boss");
  apply_ok(*ledger, w.records({bill("b1", "9", 8000), payment("c1", "9", 1000, "R", events::CARD),
                               deposit, open, close, adj}));
  CHECK(balance_of(*ledger, "customer:9") == 8000 - 1000 - 400);
  CHECK(balance_of(*ledger, "revenue:billed") == -8000);
  // Declared, not yet shown by the bank: in transit until a reconciliation match.
  CHECK(balance_of(*ledger, "transit:card") == 970);
  CHECK(balance_of(*ledger, "bank:op") == 0);
  CHECK(balance_of(*ledger, "expense:card-fees") == 30);
  CHECK(balance_of(*ledger, "clearing:card") == 0);
  CHECK(balance_of(*ledger, "drawer:D1") == 0);
  CHECK(balance_of(*ledger, "bank:vault") == -125);
  CHECK(balance_of(*ledger, "expense:cash-over-short") == 125);
  CHECK(balance_of(*ledger, "clearing:counter") == 0);
  CHECK(balance_of(*ledger, "adjustments") == 400);
  CHECK(ledger->counters().refused == 0);
  CHECK(ledger->counters().entries == 6);
}

namespace {
events::Envelope confirmed_match(std::string name, std::vector<std::pair<std::string, std::int64_t>> settled,
                                 events::ReconcileMatched::Status status = events::ReconcileMatched::CONFIRMED) {
  events::Envelope e = envelope(std::move(name), events::RECONCILE_MATCHED);
  auto* m = e.mutable_reconcile_matched();
  m->set_rule(events::ReconcileMatched::KNOWN_KEY);
  m->set_status(status);
  m->set_bank_account("8765");
  for (const auto& [channel, minor] : settled) {
    auto* s = m->add_settled();
    s->set_channel(channel);
    *s->mutable_amount() = amount(minor);
  }
  return e;
}
}  // namespace

TEST_CASE("a confirmed match moves transit to the bank, and a matched debit the bank to clearing",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope deposit = envelope("dep", events::DEPOSIT_DECLARED);
  deposit.mutable_deposit_declared()->set_kind(events::DepositDeclared::LOCKBOX_TOTAL);
  *deposit.mutable_deposit_declared()->mutable_net() = amount(5000);
  apply_ok(*ledger, w.records({payment("p", "9", 5000, "R1", events::LOCKBOX), deposit}));
  CHECK(balance_of(*ledger, "transit:lockbox") == 5000);
  CHECK(balance_of(*ledger, "clearing:lockbox") == 0);

  apply_ok(*ledger, w.records({confirmed_match("proposal", {{"lockbox", 5000}}, events::ReconcileMatched::PROPOSED),
                               confirmed_match("m1", {{"lockbox", 5000}}),
                               confirmed_match("m2", {{"ach", -700}})}));
  CHECK(balance_of(*ledger, "transit:lockbox") == 0);
  CHECK(balance_of(*ledger, "bank:8765") == 5000 - 700);
  CHECK(balance_of(*ledger, "clearing:ach") == 700);
  CHECK(ledger->counters().refused == 0);

  // What a match may not do is refused, never posted.
  apply_ok(*ledger, w.records({confirmed_match("bad-channel", {{"bitcoin", 1}}), confirmed_match("empty", {})}));
  CHECK(ledger->counters().refused == 2);
  CHECK(balance_of(*ledger, "bank:8765") == 4300);
}

TEST_CASE("a books entry needs a second person and stays off customers, drawers and suspense",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  auto entry = [](std::string name, std::string debit, std::string credit, std::string requester,
                  std::string approver) {
    events::Envelope e = envelope(std::move(name), events::BOOKS_ENTRY_POSTED);
    auto* b = e.mutable_books_entry_posted();
    b->set_debit_account(std::move(debit));
    b->set_credit_account(std::move(credit));
    *b->mutable_amount() = amount(250);
    b->set_requested_by(std::move(requester));
    b->set_approver(std::move(approver));
    return e;
  };
  apply_ok(*ledger, w.records({entry("fee", "expense:bank-fees", "bank:8765", "ana", "bo"),
                               entry("open", "bank:8765", "equity:opening-balances", "reconcile", "bank statement"),
                               entry("self", "expense:bank-fees", "bank:8765", "ana", "ana"),
                               entry("nobody", "expense:bank-fees", "bank:8765", "ana", ""),
                               entry("customer", "customer:9", "bank:8765", "ana", "bo"),
                               entry("suspense", "suspense", "bank:8765", "ana", "bo")}));
  CHECK(balance_of(*ledger, "expense:bank-fees") == 250);
  CHECK(balance_of(*ledger, "equity:opening-balances") == -250);
  CHECK(balance_of(*ledger, "bank:8765") == 0);
  CHECK(balance_of(*ledger, "customer:9") == 0);
  CHECK(ledger->counters().refused == 4);
}

TEST_CASE("bank lines, notices and discrepancy events are recorded without postings",
          "[ledger][rules]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope bank = envelope("bank", events::BANK_TRANSACTION);
  *bank.mutable_bank_transaction()->mutable_amount() = amount(5);
  events::Envelope raised = envelope("raised", events::DISCREPANCY_RAISED);
  raised.mutable_discrepancy_raised()->set_discrepancy_id("X");
  auto stats = apply_ok(*ledger, w.records({bank, raised, bank}));
  CHECK(stats.applied == 2);
  CHECK(stats.duplicates == 1);
  auto e = ledger->entry(PartitionId(0), EntrySequence(1));
  REQUIRE(e.ok());
  CHECK(e->postings.empty());
  CHECK(e->event_type == events::BANK_TRANSACTION);
  auto accounts = ledger->accounts(10);
  REQUIRE(accounts.ok());
  CHECK(accounts->empty());
}
