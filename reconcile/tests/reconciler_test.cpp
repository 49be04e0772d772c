#include "reconcile/reconciler.h"

#include <catch2/catch.hpp>

#include "core/money.h"
#include "reconcile/decide.h"
#include "reconcile/errors.h"
#include "reconcile/tests/fixtures.h"
#include "reconcile/tests/world.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;
using Rule = events::ReconcileMatched;

namespace {

const BusinessDate kMonday = day(2026, 11, 30);

std::vector<events::Envelope> lockbox_day() {
  return {deposit_event("lockbox", 451233, kMonday, "lockbox:0004417:2026-11-30"),
          deposit_event("ach", 1200000, kMonday, "ach:1946000123:1:2026-11-30", events::ACH),
          bank_event("line-lbx", 451233, kMonday, "LBX01", "0004417"),
          bank_event("line-ach", 1200000, kMonday, "ACH01", "1946000123")};
}

}  // namespace

TEST_CASE("a day whose deposits all reached the bank reconciles with nothing open", "[reconcile]") {
  World w;
  w.publish(lockbox_day());
  RunReport report = w.run(kMonday.plus_days(7));
  CHECK(report.confirmed == 2);
  CHECK(report.by_rule["KNOWN_KEY"] == 2);
  CHECK(report.raised.empty());
  auto open = w.reconciler->store().open_items();
  REQUIRE(open.ok());
  CHECK(open->empty());
  // Each match settles its deposit: transit to bank, the bank's amount.
  for (const auto& e : report.decided) {
    REQUIRE(e.has_reconcile_matched());
    REQUIRE(e.reconcile_matched().settled_size() == 1);
    CHECK(e.reconcile_matched().settled(0).amount().minor() > 0);
    CHECK(e.reconcile_matched().bank_account() == "8765");
  }
  // A second run finds nothing to do.
  CHECK(w.run(kMonday.plus_days(7)).decided.empty());
}

TEST_CASE("a deposit missing from the bank past its window is raised once", "[reconcile]") {
  World w;
  auto day = lockbox_day();
  day.erase(day.begin() + 2);  // the bank never shows the lockbox
  w.publish(day);
  CHECK(w.run(kMonday.plus_days(1)).raised.empty());  // still within the window
  RunReport report = w.run(kMonday.plus_days(7));
  CHECK(report.raised["MISSING_IN_BANK"] == 1);
  const auto missing = w.discrepancies(events::MISSING_IN_BANK);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].raised->amount().minor() == 451233);
  CHECK(missing[0].status() == DiscrepancyStatus::open);
  CHECK(w.run(kMonday.plus_days(8)).raised.empty());  // raised once

  SECTION("and answered when the bank shows it late") {
    w.publish({bank_event("line-lbx-late", 451233, kMonday.plus_days(9), "LBX09", "0004417")});
    RunReport late = w.run(kMonday.plus_days(9));
    CHECK(late.by_rule["KNOWN_KEY"] == 1);  // the lockbox number, the same amount, late
    CHECK(late.raised["LATE"] == 1);
    CHECK(late.answered == 1);
    const auto answered = w.discrepancies(events::MISSING_IN_BANK);
    REQUIRE(answered.size() == 1);
    CHECK(answered[0].status() == DiscrepancyStatus::resolved);
    CHECK(answered[0].steps.back().step.reason_code() == "matched");
  }
}

TEST_CASE("a bank line nothing expected is raised, a repeat of it is a duplicate", "[reconcile]") {
  World w;
  w.publish({bank_event("stray", 777, kMonday, "X1", "", true, "WIRE IN"),
             bank_event("stray-again", 777, kMonday, "X2", "", true, "WIRE IN")});
  RunReport report = w.run(kMonday.plus_days(7));
  CHECK(report.raised["UNEXPECTED_BANK_ITEM"] == 1);
  CHECK(report.raised["DUPLICATE"] == 1);
}

TEST_CASE("a reference match with another amount is confirmed and its difference raised", "[reconcile]") {
  World w;
  w.publish({deposit_event("card", 10000, kMonday, "PAYOUT-9", events::CARD),
             bank_event("line", 9950, kMonday, "B1", "PAYOUT-9")});
  RunReport report = w.run(kMonday);
  CHECK(report.by_rule["REFERENCE"] == 1);
  CHECK(report.raised["AMOUNT_DIFFERENCE"] == 1);
  const auto diff = w.discrepancies(events::AMOUNT_DIFFERENCE);
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].raised->amount().minor() == -50);
  // The bank's amount moves to the bank; the 0.50 stays in transit until someone resolves it.
  const auto& m = report.decided[0].reconcile_matched();
  CHECK(m.settled(0).amount().minor() == 9950);
  CHECK(m.bank_minor() - m.expected_minor() == -50);
  CHECK(m.reference() == "PAYOUT-9");
}

TEST_CASE("the discrepancy lifecycle: acknowledge, resolve, reopen, each by someone", "[reconcile]") {
  World w;
  w.publish({bank_event("stray", 777, kMonday, "X1", "")});
  w.run(kMonday.plus_days(7));
  const auto raised = w.discrepancies(events::UNEXPECTED_BANK_ITEM);
  REQUIRE(raised.size() == 1);
  const std::string id = raised[0].id;
  Reconciler& r = *w.reconciler;

  CHECK(r.acknowledge(id, {"", ""}, "").error().code == ReconcileErrc::invalid_argument);  // who?
  REQUIRE(r.acknowledge(id, {"ana", "k1"}, "looking").ok());
  CHECK(r.acknowledge(id, {"ana", "k2"}, "").error().code == ReconcileErrc::invalid_state);
  CHECK(r.resolve(id, {"ana", "k3"}, {"because", "", std::nullopt}).error().code == ReconcileErrc::invalid_argument);

  Resolution fee{"bank_fee", "wire fee", events::BooksEntryPosted{}};
  fee.entry->set_debit_account("bank:8765");
  fee.entry->set_credit_account("revenue:billed");
  fee.entry->mutable_amount()->set_minor(777);
  fee.entry->mutable_amount()->set_currency("USD");
  fee.entry->set_reason("wire received");
  CHECK(r.resolve(id, {"ana", "k4"}, fee).error().code == ReconcileErrc::invalid_argument);  // no approver
  fee.entry->set_approver("ana");
  CHECK(r.resolve(id, {"ana", "k4"}, fee).error().code == ReconcileErrc::invalid_argument);  // not a second person
  fee.entry->set_approver("bo");
  REQUIRE(r.resolve(id, {"ana", "k4"}, fee).ok());
  CHECK(r.resolve(id, {"ana", "k5"}, {"other", "", std::nullopt}).error().code == ReconcileErrc::invalid_state);
  REQUIRE(r.reopen(id, {"bo", "k6"}, "the bank reversed it").ok());

  auto view = r.store().discrepancy(id);
  REQUIRE(view.ok());
  REQUIRE(view->has_value());
  const auto& steps = (*view)->steps;
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].step.by() == "ana");
  CHECK(steps[1].step.reason_code() == "bank_fee");
  CHECK(steps[2].step.by() == "bo");
  CHECK((*view)->status() == DiscrepancyStatus::open);
  auto entries = r.store().books_entries();
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].entry.discrepancy_id() == id);
  CHECK((*entries)[0].entry.requested_by() == "ana");

  SECTION("a retried command is applied once") {
    REQUIRE(r.acknowledge(id, {"bo", "k7"}, "again").ok());
    CHECK(r.acknowledge(id, {"bo", "k7"}, "again").error().code == ReconcileErrc::invalid_state);
    auto again = r.store().discrepancy(id);
    CHECK((*again)->steps.size() == 4);
  }
}

TEST_CASE("a proposal moves no money until a person confirms it, a rejection frees its items", "[reconcile]") {
  World w;
  w.publish({deposit_event("d1", 1000, kMonday, "a"), deposit_event("d2", 2000, kMonday, "b"),
             bank_event("line", 3000, kMonday, "B1", "")});
  RunReport report = w.run(kMonday);
  REQUIRE(report.proposed == 1);
  const auto& proposal = report.decided[0];
  CHECK(proposal.reconcile_matched().status() == Rule::PROPOSED);  // the ledger posts nothing for it
  const EventId id = events::event_id_of(proposal);

  SECTION("confirmed") {
    REQUIRE(w.reconciler->confirm(id, {"ana", "c1"}).ok());
    auto claim = w.reconciler->store().claimant(test_id("d1"));
    REQUIRE(claim.ok());
    REQUIRE(claim->has_value());
    CHECK(**claim != id);  // now the confirmation's
    auto confirmation = w.reconciler->store().match(**claim);
    REQUIRE(confirmation->has_value());
    CHECK((*confirmation)->match.status() == Rule::CONFIRMED);
    CHECK((*confirmation)->match.decided_by() == "ana");
    CHECK((*confirmation)->match.settled(0).amount().minor() == 3000);
    CHECK(w.reconciler->confirm(id, {"ana", "c2"}).error().code == ReconcileErrc::invalid_state);
  }
  SECTION("rejected") {
    CHECK(w.reconciler->reject(id, {"ana", "r1"}, "").error().code == ReconcileErrc::invalid_argument);
    REQUIRE(w.reconciler->reject(id, {"ana", "r1"}, "two different customers").ok());
    auto open = w.reconciler->store().open_items();
    CHECK(open->size() == 3);
  }
}

TEST_CASE("the first statement's opening balance opens the bank account's books", "[reconcile]") {
  World w;
  events::Envelope balance = base("bal", events::BANK_BALANCE_REPORTED, kMonday, "bank:8765");
  auto* b = balance.mutable_bank_balance_reported();
  b->set_bank_account("8765");
  b->set_balance_date(kMonday.days());
  b->mutable_opening_ledger()->set_minor(125000000);
  b->mutable_opening_ledger()->set_currency("USD");
  w.publish({balance});
  RunReport report = w.run(kMonday);
  CHECK(report.books_entries == 1);
  const auto& entry = report.decided[0].books_entry_posted();
  CHECK(entry.debit_account() == "bank:8765");
  CHECK(entry.credit_account() == "equity:opening-balances");
  CHECK(entry.amount().minor() == 125000000);
  CHECK(w.run(kMonday).books_entries == 0);
}

TEST_CASE("a drawer closed over or short is raised", "[reconcile]") {
  World w;
  events::Envelope close = base("close", events::DRAWER_CLOSED, kMonday, "drawer:D1");
  auto* c = close.mutable_drawer_closed();
  c->set_drawer_id("D1");
  c->set_session_id("S1");
  c->mutable_over_short()->set_minor(-250);
  c->mutable_over_short()->set_currency("USD");
  w.publish({close});
  RunReport report = w.run(kMonday);
  CHECK(report.raised["DRAWER_OVER_SHORT"] == 1);
  const auto raised = w.discrepancies(events::DRAWER_OVER_SHORT);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].raised->amount().minor() == -250);
}

TEST_CASE("a re-sent statement adds no lines and no matches, and is counted", "[reconcile]") {
  World w;
  w.publish(lockbox_day());
  w.run(kMonday);
  auto again = lockbox_day();
  w.publish({again[2], again[3]});
  RunReport report = w.run(kMonday);
  CHECK(report.decided.empty());
  CHECK(report.seen_again == 2);
}

TEST_CASE("a dry run decides but publishes nothing", "[reconcile]") {
  World w;
  w.publish(lockbox_day());
  RunReport dry = w.run(kMonday, true);
  CHECK(dry.confirmed == 2);
  CHECK_FALSE(dry.published);
  CHECK(w.reconciler->store().open_items()->size() == 4);
}

TEST_CASE("the same log gives byte-identical results, run twice or replayed", "[reconcile]") {
  World w;
  w.publish(lockbox_day());
  w.publish({deposit_event("d1", 1000, kMonday, "a"), deposit_event("d2", 2000, kMonday, "b"),
             bank_event("line", 3000, kMonday, "B1", ""), bank_event("stray", 5, kMonday, "S", "")});
  w.run(kMonday.plus_days(7));
  const std::string live = *w.reconciler->store().digest();

  // A second store reading the same log (its decisions included) replays to the same state.
  auto replayed = Reconciler::open(w.dir.path("replay"), *w.log);
  REQUIRE(replayed.ok());
  REQUIRE((*replayed)->catch_up().ok());
  CHECK(*(*replayed)->store().digest() == live);
  // And running again decides nothing new.
  RunOptions o;
  o.date = kMonday.plus_days(7);
  CHECK((*replayed)->run(o)->decided.empty());

  // A fresh log with only the inputs, reconciled from scratch, decides the same bytes.
  World fresh;
  fresh.publish(lockbox_day());
  fresh.publish({deposit_event("d1", 1000, kMonday, "a"), deposit_event("d2", 2000, kMonday, "b"),
                 bank_event("line", 3000, kMonday, "B1", ""), bank_event("stray", 5, kMonday, "S", "")});
  fresh.run(kMonday.plus_days(7));
  CHECK(*fresh.reconciler->store().digest() == live);
}

TEST_CASE("what the ledger refuses is not expected at the bank", "[reconcile]") {
  World w;
  events::Envelope no_channel = deposit_event("no-channel", 5000, kMonday, "X");
  no_channel.mutable_deposit_declared()->set_channel(events::CHANNEL_UNSPECIFIED);
  no_channel.mutable_deposit_declared()->set_kind(events::DepositDeclared::KIND_UNSPECIFIED);
  events::Envelope huge = deposit_event("huge", kMaxAmountMinor + 1, kMonday, "Y");
  events::Envelope odd_currency = bank_event("odd", 5000, kMonday, "Z", "");
  odd_currency.mutable_bank_transaction()->mutable_amount()->set_currency("XXQ");
  w.publish({no_channel, huge, odd_currency});
  const RunReport report = w.run(kMonday.plus_days(7));
  CHECK(report.open_expected == 0);
  CHECK(report.open_bank == 0);
  CHECK(report.decided.empty());
}
