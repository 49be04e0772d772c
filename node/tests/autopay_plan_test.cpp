// plan_customer (autopay_plan.h): what one run originates for a customer under the NACHA Rules:
// REDEPOSIT at most twice within 180 days and once per return, RETURN FEE only when allowed,
// prenotes and their waiting period, and never more than is owed.
#include <catch2/catch.hpp>

#include "core/bank_calendar.h"
#include "node/autopay_plan.h"

using namespace tally;
using namespace tally::node;
using ingest::OriginatedKind;

namespace {

const BusinessDate kFirst = *BusinessDate::parse_iso("2026-11-02");  // a Monday
const std::string kTrace = "121042880000001";

ledger::DueMandate owing(std::int64_t owed, std::int64_t withheld) {
  ledger::DueMandate d;
  d.mandate.account = "customer:100117";
  d.mandate.customer_id = "100117";
  d.mandate.state.enrolled = true;
  d.mandate.state.routing = "091000019";
  d.mandate.state.account_last4 = "5678";
  d.owed_minor = owed;
  d.withheld_minor = withheld;
  d.balance_minor = owed - withheld;
  return d;
}

ingest::OriginatedEntry entry(std::string trace, OriginatedKind kind, std::int64_t amount, BusinessDate effective,
                              std::string file = "posted") {
  ingest::OriginatedEntry e;
  e.trace = std::move(trace);
  e.account = "100117";
  e.amount_minor = amount;
  e.effective_date = effective.days();
  e.first_effective_date = effective.days();
  e.kind = kind;
  e.file_sha256 = std::move(file);
  e.mandate = "091000019:5678";
  return e;
}

ledger::ReturnLetter returned(const std::string& trace, std::string code, std::int64_t amount, std::int64_t fee) {
  ledger::ReturnLetter l;
  l.account = "customer:100117";
  l.return_code = std::move(code);
  l.amount_minor = amount;
  l.fee_minor = fee;
  l.original_reference = trace;
  return l;
}

// The customer of a debit of 50.00 returned R01 (fee 25.00), who since got a bill of 80.00.
CustomerFacts after_nsf() {
  CustomerFacts f;
  f.due = owing(5000 + 2500 + 8000, 5000 + 2500);
  f.originated = {entry(kTrace, OriginatedKind::debit, 5000, kFirst)};
  f.returns = {returned(kTrace, "R01", 5000, 2500)};
  return f;
}

std::vector<std::pair<OriginatedKind, std::int64_t>> kinds(const std::vector<ingest::DueDebit>& due) {
  std::vector<std::pair<OriginatedKind, std::int64_t>> out;
  for (const auto& d : due) out.emplace_back(d.kind, d.amount_minor);
  return out;
}

using Kinds = std::vector<std::pair<OriginatedKind, std::int64_t>>;

}  // namespace

TEST_CASE("an R01 debit is re-presented as its own entry and the new bill is debited without the fee",
          "[node][autopay]") {
  const auto due = plan_customer(after_nsf(), kFirst.plus_days(30), {}, {});
  CHECK(kinds(due) == Kinds{{OriginatedKind::redeposit, 5000}, {OriginatedKind::debit, 8000}});
  CHECK(due[0].represents == kTrace);
  CHECK(due[0].presentment == 1);
  CHECK(due[0].first_effective == kFirst);
}

TEST_CASE("the return fee is its own RETURN FEE entry only when the authorization allows it", "[node][autopay]") {
  PlanRules rules;
  rules.debit_return_fees = true;
  const auto due = plan_customer(after_nsf(), kFirst.plus_days(30), rules, {});
  CHECK(kinds(due) == Kinds{{OriginatedKind::redeposit, 5000}, {OriginatedKind::return_fee, 2500},
                            {OriginatedKind::debit, 8000}});
  CHECK(due[1].represents == kTrace);

  CustomerFacts fee_sent = after_nsf();
  fee_sent.originated.push_back(entry("121042880000002", OriginatedKind::return_fee, 2500, kFirst.plus_days(30)));
  fee_sent.originated.back().represents = kTrace;
  for (const auto& d : plan_customer(fee_sent, kFirst.plus_days(60), rules, {}))
    CHECK(d.kind != OriginatedKind::return_fee);  // once per return
}

TEST_CASE("a returned debit is presented at most twice more and never after 180 days", "[node][autopay]") {
  CustomerFacts f = after_nsf();
  // The first re-presentment came back R01 too: the second is the last.
  auto again = entry("121042880000002", OriginatedKind::redeposit, 5000, kFirst.plus_days(30));
  again.represents = kTrace;
  again.presentment = 1;
  again.first_effective_date = kFirst.days();
  f.originated.push_back(again);
  f.returns.push_back(returned(again.trace, "R01", 5000, 2500));
  f.due = owing(5000 + 2500 + 2500 + 8000, 5000 + 2500 + 2500);
  auto due = plan_customer(f, kFirst.plus_days(60), {}, {});
  REQUIRE(kinds(due).front() == std::pair(OriginatedKind::redeposit, std::int64_t{5000}));
  CHECK(due.front().represents == again.trace);
  CHECK(due.front().presentment == 2);
  CHECK(due.front().first_effective == kFirst);

  auto last = entry("121042880000003", OriginatedKind::redeposit, 5000, kFirst.plus_days(60));
  last.represents = again.trace;
  last.presentment = 2;
  last.first_effective_date = kFirst.days();
  f.originated.push_back(last);
  f.returns.push_back(returned(last.trace, "R01", 5000, 2500));
  for (const auto& d : plan_customer(f, kFirst.plus_days(90), {}, {})) CHECK(d.kind != OriginatedKind::redeposit);

  // 180 days after the first presentation the Rules allow no more.
  CHECK(kinds(plan_customer(after_nsf(), kFirst.plus_days(180), {}, {})).front().first == OriginatedKind::redeposit);
  for (const auto& d : plan_customer(after_nsf(), kFirst.plus_days(181), {}, {})) CHECK(d.kind != OriginatedKind::redeposit);
}

TEST_CASE("R08 and unauthorized returns are never re-presented and debits Tally did not originate are left alone",
          "[node][autopay]") {
  CustomerFacts stopped = after_nsf();
  stopped.returns = {returned(kTrace, "R08", 5000, 0)};
  CHECK(kinds(plan_customer(stopped, kFirst.plus_days(30), {}, {})) == Kinds{{OriginatedKind::debit, 8000}});
  CustomerFacts foreign = after_nsf();
  foreign.returns = {returned("999999990000001", "R01", 5000, 2500)};
  CHECK(kinds(plan_customer(foreign, kFirst.plus_days(30), {}, {})) == Kinds{{OriginatedKind::debit, 8000}});
}

TEST_CASE("what is scheduled counts as paid and nothing is debited beyond what is owed", "[node][autopay]") {
  CustomerFacts f = after_nsf();
  // The redeposit and the new bill are on their way to the bank: nothing more is due.
  auto again = entry("121042880000002", OriginatedKind::redeposit, 5000, kFirst.plus_days(30), "scheduled-file");
  again.represents = kTrace;
  again.presentment = 1;
  f.originated.push_back(again);
  f.originated.push_back(entry("121042880000003", OriginatedKind::debit, 8000, kFirst.plus_days(30), "scheduled-file"));
  CHECK(plan_customer(f, kFirst.plus_days(31), {}, {"scheduled-file"}).empty());

  // Paid at the counter since the return: owing only the new bill, no re-presentment fits.
  CustomerFacts paid = after_nsf();
  paid.due = owing(3000, 5000 + 2500);
  CHECK(plan_customer(paid, kFirst.plus_days(30), {}, {}).empty());
}

TEST_CASE("a new mandate is pre-noted and first debited after the prenote period", "[node][autopay]") {
  PlanRules rules;
  rules.prenote_banking_days = 3;
  CustomerFacts f;
  f.due = owing(8000, 0);
  auto due = plan_customer(f, kFirst, rules, {});
  CHECK(kinds(due) == Kinds{{OriginatedKind::prenote, 0}});
  CHECK(due[0].mandate == "091000019:5678");

  f.originated = {entry("121042880000001", OriginatedKind::prenote, 0, kFirst)};
  CHECK(plan_customer(f, bank_calendar::plus_banking_days(kFirst, 2), rules, {}).empty());  // still waiting
  CHECK(kinds(plan_customer(f, bank_calendar::plus_banking_days(kFirst, 3), rules, {})) == Kinds{{OriginatedKind::debit, 8000}});

  // A mandate already debited needs no prenote; a new bank account does.
  f.originated = {entry("121042880000001", OriginatedKind::debit, 8000, kFirst)};
  CHECK(kinds(plan_customer(f, kFirst.plus_days(30), rules, {})) == Kinds{{OriginatedKind::debit, 8000}});
  f.due.mandate.state.account_last4 = "9999";
  CHECK(kinds(plan_customer(f, kFirst.plus_days(30), rules, {})) == Kinds{{OriginatedKind::prenote, 0}});
}
