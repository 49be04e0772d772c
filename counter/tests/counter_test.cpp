#include "counter/counter.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "counter/errors.h"
#include "counter/tests/counter_world.h"

using namespace tally;
using namespace tally::counter;
using namespace tally::counter::testing;

namespace {

// $100.00 float: 3 x $20, 2 x $10, 2 x $5, 10 x $1.
const CashCount kFloat = {{2000, 3}, {1000, 2}, {500, 2}, {100, 10}};

std::string open_drawer(CounterWorld& w, const std::string& drawer, const std::string& cashier) {
  auto a = w.counter->open({drawer, kFloat, 10000}, who(cashier));
  REQUIRE(a.ok());
  CHECK(a->session.float_minor == 10000);
  return a->session.id;
}

Answer pay(CounterWorld& w, const std::string& session, const std::string& cashier, std::string account,
           std::int64_t amount, std::vector<TenderInput> tenders, std::string key = "") {
  PaymentInput p{.account = std::move(account), .amount_minor = amount, .tenders = std::move(tenders)};
  auto a = w.counter->pay(session, p, who(cashier, std::move(key)));
  if (!a) FAIL(a.error().describe());
  return std::move(a).value();
}

CounterErrc code_of(const Error& e) { return static_cast<CounterErrc>(e.code.value()); }

}  // namespace

TEST_CASE("a cashier's day from float to deposit leaves the drawer at zero in the books", "[counter]") {
  CounterWorld w;
  const std::string s = open_drawer(w, "D1", "ana");
  CHECK(s == "D1-20261207-1");
  CHECK(w.balance("drawer:D1") == 10000);
  CHECK(w.balance("bank:vault") == -10000);

  // $40.00 owed, $50.00 handed over: $10.00 change.
  Answer r1 = pay(w, s, "ana", "100017", 4000, {cash(5000)});
  CHECK(r1.receipt_number == 1);
  CHECK(r1.session.receipts[0].change_minor == 1000);
  Answer r2 = pay(w, s, "ana", "100018", 7500, {check(5000, "1234"), cash(2500)});
  CHECK(r2.receipt_number == 2);
  Answer r3 = pay(w, s, "ana", "100019", 3000, {card(3000)});
  Answer r4 = pay(w, s, "ana", "100020", 2000, {money_order(2000, "88001")});
  CHECK(r4.receipt_number == 4);
  REQUIRE(w.checks.size() == 1);
  CHECK(w.checks[0].account == "100018");
  CHECK(w.checks[0].amount_minor == 5000);

  // Receipt 3 (the card) is voided: asked by the cashier, approved by a supervisor.
  REQUIRE(w.counter->request_void(s, 3, "wrong account", who("ana")).ok());
  auto voided = w.counter->approve_void(s, 3, "", who("sam"));
  REQUIRE(voided.ok());
  REQUIRE(voided->session.receipts[2].voided());
  CHECK(voided->session.receipts[2].void_record->requested_by == "ana");
  CHECK(voided->session.receipts[2].void_record->approved_by == "sam");

  REQUIRE(w.counter->move_cash(s, CashMoveKind::paid_out, 500, "postage", who("ana")).ok());

  CHECK(w.balance("customer:100017") == -4000);
  CHECK(w.balance("customer:100019") == 0);
  CHECK(w.balance("clearing:card") == 0);
  // Float + cash 40.00 + 25.00 - paid-out 5.00, plus the check and the money order.
  CHECK(w.balance("drawer:D1") == 10000 + 4000 + 2500 - 500 + 5000 + 2000);

  // Blind count, $2.00 short of the expected $160.00: within the $5.00 limit, so it closes.
  Session before = w.counter->session(s).value();
  CHECK(before.expected_cash_minor() == 16000);
  CountInput count{CashCount{{2000, 5}, {1000, 3}, {500, 3}, {100, 13}}, 15800, std::nullopt};
  auto closed = w.counter->close(s, count, Authority::cashier, who("ana"));
  REQUIRE(closed.ok());
  CHECK(closed->closed);
  REQUIRE(closed->count);
  CHECK(closed->count->expected_minor == 16000);
  CHECK(closed->count->over_short_minor == -200);
  CHECK(closed->count->blind);
  const DepositSlip& slip = closed->session.close->slip;
  CHECK(slip.reference == "DS-D1-20261207-1");
  CHECK(slip.cash_minor == 15800 - 10000);
  CHECK(slip.checks_minor == 5000);
  CHECK(slip.money_orders_minor == 2000);
  CHECK(slip.total_minor == 5800 + 7000);
  CHECK(slip.items.size() == 2);
  // The float went back as it came out, so the slip has the rest by denomination.
  CHECK(slip.cash == CashCount{{2000, 2}, {1000, 1}, {500, 1}, {100, 3}});

  CHECK(w.balance("drawer:D1") == 0);
  CHECK(w.balance("bank:vault") == 0);
  CHECK(w.balance("transit:counter") == 12800);
  CHECK(w.balance("expense:cash-over-short") == 200);
  CHECK(w.balance("expense:counter-paid-out") == 500);
  CHECK(w.refused() == 0);
}

TEST_CASE("receipt numbers run without gaps and a retried payment is the same receipt", "[counter]") {
  CounterWorld w;
  const std::string s = open_drawer(w, "D2", "ana");
  for (int i = 1; i <= 5; ++i) {
    Answer a = pay(w, s, "ana", "2000" + std::to_string(i), 1000, {cash(1000)}, "pay-" + std::to_string(i));
    CHECK(a.receipt_number == i);
    CHECK_FALSE(a.replayed);
  }
  Answer again = pay(w, s, "ana", "20003", 1000, {cash(1000)}, "pay-3");
  CHECK(again.replayed);
  CHECK(again.receipt_number == 3);
  CHECK(again.session.receipts.size() == 5);
  CHECK(w.balance("drawer:D2") == 10000 + 5000);

  // The counter's folder is an index of the log: rebuilt from nothing, it says the same.
  w.counter.reset();
  w.store.reset();
  std::filesystem::remove_all(w.dir.path("counter"));
  w.reopen();
  Session rebuilt = w.counter->session(s).value();
  CHECK(rebuilt.receipts.size() == 5);
  CHECK(rebuilt.expected_cash_minor() == 15000);
  CHECK(pay(w, s, "ana", "20006", 1000, {cash(1000)}).receipt_number == 6);
  CHECK(pay(w, s, "ana", "20002", 1000, {cash(1000)}, "pay-2").replayed);
}

TEST_CASE("the counter refuses what a cashier may not do", "[counter]") {
  CounterWorld w;
  const std::string s = open_drawer(w, "D3", "ana");

  SECTION("a second open session of a drawer") {
    auto again = w.counter->open({"D3", kFloat, std::nullopt}, who("bob"));
    REQUIRE_FALSE(again.ok());
    CHECK(code_of(again.error()) == CounterErrc::invalid_state);
  }
  SECTION("a payment into another cashier's drawer") {
    PaymentInput p{.account = "1", .amount_minor = 100, .tenders = {cash(100)}};
    auto a = w.counter->pay(s, p, who("bob"));
    REQUIRE_FALSE(a.ok());
    CHECK(code_of(a.error()) == CounterErrc::forbidden);
  }
  SECTION("a void approved by the cashier who asked or never asked for") {
    pay(w, s, "ana", "1", 1000, {cash(1000)});
    auto unasked = w.counter->approve_void(s, 1, "", who("sam"));
    REQUIRE_FALSE(unasked.ok());
    CHECK(code_of(unasked.error()) == CounterErrc::invalid_state);
    REQUIRE(w.counter->request_void(s, 1, "typo", who("ana")).ok());
    auto own = w.counter->approve_void(s, 1, "", who("ana"));
    REQUIRE_FALSE(own.ok());
    CHECK(code_of(own.error()) == CounterErrc::forbidden);
    CHECK(w.balance("customer:1") == -1000);
  }
  SECTION("a large void approved without a reason") {
    pay(w, s, "ana", "1", 50000, {cash(50000)});
    REQUIRE(w.counter->request_void(s, 1, "typo", who("ana")).ok());
    auto bare = w.counter->approve_void(s, 1, "", who("sam"));
    REQUIRE_FALSE(bare.ok());
    CHECK(code_of(bare.error()) == CounterErrc::invalid_argument);
    CHECK(w.counter->approve_void(s, 1, "customer paid twice", who("sam")).ok());
    CHECK(w.balance("customer:1") == 0);
  }
  SECTION("a void after close") {
    pay(w, s, "ana", "1", 1000, {cash(1000)});
    auto closed = w.counter->close(s, {CashCount{{2000, 3}, {1000, 3}, {500, 2}, {100, 10}}, std::nullopt, std::nullopt},
                                   Authority::cashier, who("ana"));
    REQUIRE(closed.ok());
    REQUIRE(closed->closed);
    auto late = w.counter->request_void(s, 1, "typo", who("ana"));
    REQUIRE_FALSE(late.ok());
    CHECK(code_of(late.error()) == CounterErrc::invalid_state);
    CHECK(late.error().message.find("reversal") != std::string::npos);
  }
  SECTION("a whole card number typed into any field") {
    const std::string pan = "4111111111111111";
    TenderInput bad_card = card(100);
    bad_card.card_last4 = pan;
    TenderInput bad_check = check(100, pan);
    TenderInput bad_auth = card(100);
    bad_auth.auth_code = "4111 1111 1111 1111";
    for (const PaymentInput& p :
         {PaymentInput{.account = "1", .amount_minor = 100, .tenders = {bad_card}},
          PaymentInput{.account = "1", .amount_minor = 100, .tenders = {bad_check}},
          PaymentInput{.account = "1", .amount_minor = 100, .tenders = {bad_auth}},
          PaymentInput{.account = "1", .amount_minor = 100, .tenders = {cash(100)}, .payer_name = "card " + pan}}) {
      auto a = w.counter->pay(s, p, who("ana"));
      REQUIRE_FALSE(a.ok());
      CHECK(code_of(a.error()) == CounterErrc::card_number);
      CHECK(a.error().message.find(pan) == std::string::npos);
    }
    auto reason = w.counter->move_cash(s, CashMoveKind::paid_in, 100, "refund to 4111-1111-1111-1111", who("ana"));
    REQUIRE_FALSE(reason.ok());
    CHECK(code_of(reason.error()) == CounterErrc::card_number);
    CHECK(w.counter->session(s)->receipts.empty());
  }
  SECTION("change from anything but cash") {
    PaymentInput p{.account = "1", .amount_minor = 1000, .tenders = {check(1500, "77")}};
    auto a = w.counter->pay(s, p, who("ana"));
    REQUIRE_FALSE(a.ok());
    CHECK(code_of(a.error()) == CounterErrc::invalid_argument);
  }
  SECTION("a count that does not add up to its denominations") {
    auto a = w.counter->close(s, {CashCount{{2000, 5}}, 9000, std::nullopt}, Authority::cashier, who("ana"));
    REQUIRE_FALSE(a.ok());
    CHECK(code_of(a.error()) == CounterErrc::invalid_argument);
    auto odd = w.counter->close(s, {CashCount{{300, 5}}, std::nullopt, std::nullopt}, Authority::cashier, who("ana"));
    REQUIRE_FALSE(odd.ok());
    CHECK(w.counter->session(s)->counts.empty());
  }
  SECTION("a count that leaves out a check taken") {
    pay(w, s, "ana", "1", 1000, {check(1000, "501")});
    auto a = w.counter->close(s, {kFloat, std::nullopt, std::vector<std::pair<std::string, std::int64_t>>{}},
                              Authority::cashier, who("ana"));
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().message.find("501") != std::string::npos);
  }
  SECTION("paying out more than the drawer holds") {
    auto a = w.counter->move_cash(s, CashMoveKind::paid_out, 10001, "petty", who("ana"));
    REQUIRE_FALSE(a.ok());
    CHECK(code_of(a.error()) == CounterErrc::invalid_state);
  }
}

TEST_CASE("an over/short above the limit waits for a recount or a supervisor's sign-off", "[counter]") {
  CounterWorld w;
  const std::string s = open_drawer(w, "D4", "ana");
  pay(w, s, "ana", "1", 5000, {cash(5000)});
  // $150.00 expected; $20.00 short.
  const CountInput short_count{CashCount{{2000, 6}, {1000, 1}}, std::nullopt, std::nullopt};
  auto first = w.counter->close(s, short_count, Authority::cashier, who("ana"));
  REQUIRE(first.ok());
  CHECK_FALSE(first->closed);
  CHECK(first->count->over_short_minor == -2000);
  CHECK(w.balance("drawer:D4") == 15000);  // nothing moved

  auto own = w.counter->sign_off(s, "ok", who("ana"));
  REQUIRE_FALSE(own.ok());
  CHECK(code_of(own.error()) == CounterErrc::forbidden);

  // A recount finds $10.00 more: still above the limit; both counts are kept.
  auto second = w.counter->close(s, {CashCount{{2000, 6}, {1000, 2}}, std::nullopt, std::nullopt},
                                 Authority::cashier, who("ana"));
  REQUIRE(second.ok());
  CHECK_FALSE(second->closed);
  CHECK(second->session.counts.size() == 2);

  auto signed_off = w.counter->sign_off(s, "counted twice; short stands", who("sam"));
  REQUIRE(signed_off.ok());
  CHECK(signed_off->closed);
  CHECK(signed_off->session.close->signed_off_by == "sam");
  CHECK(signed_off->session.close->count_number == 2);
  CHECK(w.balance("expense:cash-over-short") == 1000);
  CHECK(w.balance("drawer:D4") == 0);
  CHECK(w.balance("transit:counter") == 14000 - 10000);
  CHECK(w.refused() == 0);
}

TEST_CASE("a drawer left open from an earlier day blocks it until a supervisor closes it", "[counter]") {
  CounterWorld w;
  const std::string s = open_drawer(w, "D5", "ana");
  pay(w, s, "ana", "1", 1000, {cash(1000)});
  w.today = w.today.plus_days(1);

  auto reopen = w.counter->open({"D5", kFloat, std::nullopt}, who("ana"));
  REQUIRE_FALSE(reopen.ok());
  CHECK(reopen.error().message.find("supervisor") != std::string::npos);
  PaymentInput p{.account = "1", .amount_minor = 100, .tenders = {cash(100)}};
  CHECK_FALSE(w.counter->pay(s, p, who("ana")).ok());
  CHECK_FALSE(w.counter->close(s, {kFloat, std::nullopt, std::nullopt}, Authority::cashier, who("ana")).ok());

  auto closed = w.counter->close(s, {CashCount{{2000, 3}, {1000, 3}, {500, 2}, {100, 10}}, std::nullopt, std::nullopt},
                                 Authority::supervisor, who("sam"));
  REQUIRE(closed.ok());
  CHECK(closed->closed);
  auto next = w.counter->open({"D5", kFloat, std::nullopt}, who("ana"));
  REQUIRE(next.ok());
  CHECK(next->session.id == "D5-20261208-1");
}

TEST_CASE("a change-fund transfer moves cash between drawers once both cashiers agree", "[counter]") {
  CounterWorld w;
  const std::string a = open_drawer(w, "D6", "ana");
  const std::string b = open_drawer(w, "D7", "bob");
  auto asked = w.counter->request_transfer(a, b, 2000, "change for D7", who("ana"));
  REQUIRE(asked.ok());
  REQUIRE(asked->session.pending_transfers.size() == 1);
  const EventId request = asked->session.pending_transfers[0].request_id;
  CHECK(w.balance("drawer:D6") == 10000);  // nothing moves until it is taken

  auto self = w.counter->accept_transfer(a, request, who("ana"));
  REQUIRE_FALSE(self.ok());
  auto taken = w.counter->accept_transfer(b, request, who("bob"));
  REQUIRE(taken.ok());
  CHECK(taken->session.expected_cash_minor() == 12000);
  Session giver = w.counter->session(a).value();
  CHECK(giver.pending_transfers.empty());
  CHECK(giver.expected_cash_minor() == 8000);
  CHECK(w.balance("drawer:D6") == 8000);
  CHECK(w.balance("drawer:D7") == 12000);
}
