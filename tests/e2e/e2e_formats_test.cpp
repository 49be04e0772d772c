// End to end, files to balances, for every format: the real `tally ingest` on generated
// files, then the books read back through `tally ledger ... --json`. Expected balances are
// computed from the fixture data with the ledger's posting rules (e2e_fixtures.h).
#include <catch2/catch.hpp>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"
#include "tools/demo/demo.h"

using namespace e2e;

namespace {

// The one file outcome of an ingest summary with a single file.
const boost::json::object& only_file(const boost::json::object& summary) {
  const auto& files = summary.at("files").as_array();
  REQUIRE(files.size() == 1);
  return files[0].as_object();
}

void check_accepted(const boost::json::object& file, const std::string& format, std::int64_t events) {
  INFO(boost::json::serialize(file));
  CHECK(str_of(file.at("outcome")) == "accepted");
  CHECK(str_of(file.at("format")) == format);
  CHECK(int_of(file.at("events")) == events);
  CHECK(file.at("errors").as_array().empty());
  CHECK(str_of(file.at("moved_to")).find("/processed/") != std::string::npos);
}

void check_books(const Workspace& w, const Books& expected) {
  const auto actual = accounts(w);
  CHECK(balance_differences(expected.balances(), actual) == "");
  // Double entry: the books as a whole sum to zero.
  std::int64_t sum = 0;
  for (const auto& [account, minor] : actual) sum += minor;
  CHECK(sum == 0);
}

std::int64_t sales_total(const DayFiles& f) {
  std::int64_t total = 0;
  for (const auto& s : f.day.card_sales) total += s.amount_minor;
  return total;
}

}  // namespace

TEST_CASE("billing export: each bill raises its customer's balance by the amount due", "[e2e][billing]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto summary = ingest(w, {w.write("bills.csv", f.billing)});
  const auto customers = static_cast<std::int64_t>(f.day.customers.size());
  check_accepted(only_file(summary), "billing_csv", customers);
  CHECK(int_of(summary.at("posted")) == customers);

  Books books;
  expect_bills(f, books);
  check_books(w, books);
  const demo::Customer& c = f.day.customers.at(1);
  CHECK(balance(w, c.account) == c.bill_minor);  // the CLI takes the bare account number too
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == customers);
  CHECK(v.postings == 2 * customers);
}

TEST_CASE("autopay enrollment: one event per row, no money moves", "[e2e][autopay]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto enrolled = static_cast<std::int64_t>(f.autopay_customers().size());
  REQUIRE(enrolled > 0);
  const auto summary = ingest(w, {w.write("enrollments.csv", f.enrollments)});
  check_accepted(only_file(summary), "autopay_csv", enrolled);
  CHECK(accounts(w).empty());
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == enrolled);
  CHECK(v.postings == 0);
  // The bank account number is never stored whole: not in the log, not in the ledger.
  const demo::Customer& c = *f.autopay_customers().front();
  CHECK(ledger_counters(w).refused == 0);
  for (const char* dir : {"/log", "/ledger"}) {
    std::string all;
    for (const std::string& name : list_dir(w.data_dir() + dir)) all += read_file(w.data_dir() + dir + "/" + name);
    INFO(dir);
    CHECK(all.find(c.bank_account) == std::string::npos);
  }
}

TEST_CASE("NACHA payments: autopay debits pay their customers' bills and the batch settles to the bank",
          "[e2e][nacha]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto summary = ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", f.autopay_ach)});
  const auto& files = summary.at("files").as_array();
  REQUIRE(files.size() == 2);
  const auto payments = static_cast<std::int64_t>(f.autopay_customers().size());
  check_accepted(files[1].as_object(), "nacha", payments + 1);  // + the batch's DepositDeclared

  Books books;
  expect_bills(f, books);
  expect_autopay_debits(f, books);
  check_books(w, books);
  for (const demo::Customer* c : f.autopay_customers()) CHECK(books[customer(c->account)] == 0);
  CHECK(balance(w, "transit:ach") == f.ach_total_minor);
  CHECK(balance(w, "clearing:ach") == 0);
  CHECK(verify(w).ok);
}

TEST_CASE("NACHA returns: the payment is taken back and R01 adds the default NSF fee", "[e2e][nacha]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", f.autopay_ach)});
  const auto before = verify(w);
  const auto summary = ingest(w, {w.write("returns.ach", f.returns_ach)});
  check_accepted(only_file(summary), "nacha", static_cast<std::int64_t>(f.day.returned.size()));
  CHECK(int_of(summary.at("posted")) == static_cast<std::int64_t>(f.day.returned.size()));

  Books books;
  expect_bills(f, books);
  expect_autopay_debits(f, books);
  expect_returns(f, books);
  check_books(w, books);

  // Spelled out for the two returns the demo makes: R01 (NSF: fee) and R02 (account closed).
  const auto autopay = f.autopay_customers();
  REQUIRE(f.day.returned.size() == 2);
  const demo::Customer& nsf = *autopay.at(f.day.returned[0]);
  const demo::Customer& closed = *autopay.at(f.day.returned[1]);
  CHECK(demo_return_code(0) == "R01");
  CHECK(balance(w, nsf.account) == nsf.bill_minor + 2500);
  CHECK(balance(w, closed.account) == closed.bill_minor);
  CHECK(balance(w, "revenue:nsf-fees") == -2500);
  CHECK(balance(w, "clearing:ach") == -demo::returns_total(f.day));
  const auto after = verify(w);
  CHECK(after.ok);
  CHECK(after.entries == before.entries + 2);
}

TEST_CASE("NACHA returns that arrive before their payments wait for them, then post",
          "[e2e][nacha]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("returns.ach", f.returns_ach)});
  Books bills_only;
  expect_bills(f, bills_only);
  check_books(w, bills_only);  // nothing of the returns yet
  CHECK(ledger_counters(w).parked == f.day.returned.size());

  ingest(w, {w.write("debits.ach", f.autopay_ach)});
  Books books = bills_only;
  expect_autopay_debits(f, books);
  expect_returns(f, books);
  check_books(w, books);
  const auto counters = ledger_counters(w);
  CHECK(counters.parked == 0);
  CHECK(counters.refused == 0);
  CHECK(verify(w).ok);
}

TEST_CASE("NACHA notifications of change are recorded without moving money", "[e2e][nacha]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", f.autopay_ach)});
  const auto balances_before = accounts(w);
  const auto before = verify(w);
  constexpr std::size_t kNotices = 3;
  const auto summary = ingest(w, {w.write("noc.ach", noc_file(f, kNotices))});
  check_accepted(only_file(summary), "nacha", kNotices);
  CHECK(balance_differences(balances_before, accounts(w)) == "");
  const auto after = verify(w);
  CHECK(after.ok);
  CHECK(after.entries == before.entries + static_cast<std::int64_t>(kNotices));
  CHECK(after.postings == before.postings);
  CHECK(ledger_counters(w).refused == 0);
}

TEST_CASE("lockbox: checks pay their customers, the uncoupled check goes to suspense, the total "
          "deposits",
          "[e2e][lockbox]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing)});
  const auto summary = ingest(w, {w.write("lockbox.txt", f.lockbox)});
  const auto checks = static_cast<std::int64_t>(f.day.checks.size());
  check_accepted(only_file(summary), "lockbox", checks + 1);  // + the lockbox total's deposit

  Books books;
  expect_bills(f, books);
  expect_lockbox(f, books);
  check_books(w, books);
  std::int64_t unidentified = 0;
  for (const auto& c : f.day.checks)
    if (c.account.empty()) unidentified += c.amount_minor;
  REQUIRE(unidentified > 0);
  CHECK(balance(w, "suspense") == -unidentified);
  CHECK(balance(w, "clearing:lockbox") == 0);
  CHECK(balance(w, "transit:lockbox") == f.lockbox_total_minor);
  const demo::Check& paid = f.day.checks.front();
  CHECK(balance(w, paid.account) == books[customer(paid.account)]);
  CHECK(verify(w).ok);
}

TEST_CASE("card settlement: sales pay, the refund and chargeback take back, the payout clears net "
          "of fees",
          "[e2e][card]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing)});
  const auto summary = ingest(w, {w.write("card.csv", f.card)});
  const auto sales = static_cast<std::int64_t>(f.day.card_sales.size());
  check_accepted(only_file(summary), "card", sales + 3);  // + refund, chargeback, payout

  Books books;
  expect_bills(f, books);
  expect_card(f, books);
  check_books(w, books);
  CHECK(balance(w, "clearing:card") == 0);
  CHECK(balance(w, "transit:card") == f.card_payout_minor);
  CHECK(balance(w, "expense:card-fees") == sales_total(f) - 1000 - f.day.card_sales[1].amount_minor -
                                                f.card_payout_minor);
  const auto counters = ledger_counters(w);
  CHECK(counters.parked == 0);
  CHECK(counters.refused == 0);
  CHECK(verify(w).ok);
}

TEST_CASE("BAI2: statement details and balances are recorded, not posted to accounts",
          "[e2e][bai2]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto summary = ingest(w, {w.write("statement.bai", f.bai2)});
  // The demo statement's four 16 records and its 03's opening and closing ledger balances.
  check_accepted(only_file(summary), "bai2", 5);
  CHECK(accounts(w).empty());
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == 5);
  CHECK(v.postings == 0);
}

TEST_CASE("camt.053: booked entries are recorded as bank transactions, pending ones are left out",
          "[e2e][camt]") {
  Workspace w;
  const std::vector<CamtEntry> entries = {
      {389677, true, true, "E2E-REF-1"}, {416623, true, true, "E2E-REF-2"},
      {28137, false, true, "E2E-REF-3"}, {5000, true, false, "E2E-REF-4"}};
  const auto summary = ingest(w, {w.write("statement.xml", camt_statement(entries))});
  check_accepted(only_file(summary), "camt", 3);
  CHECK(accounts(w).empty());
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == 3);
  CHECK(v.postings == 0);
}

// An X9.37 return whose payor routing, account and serial match no deposited check (here its
// on-us field has no serial) carries no customer account, and its original reference is the
// bank of first deposit's item sequence number, which no payment carries: the ledger parks it
// (in the suspense partition) for a person. It must not move money on its own.
TEST_CASE("X9.37 returned items that match no deposited check wait, moving no money on their own",
          "[e2e][x9]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("lockbox.txt", f.lockbox)});
  const auto balances_before = accounts(w);
  const auto before = verify(w);
  const std::vector<std::int64_t> returned = {f.day.checks.front().amount_minor, 5000};
  const auto summary = ingest(w, {w.write("returns.x9", x9_returns(returned))});
  check_accepted(only_file(summary), "x9", static_cast<std::int64_t>(returned.size()));
  CHECK(balance_differences(balances_before, accounts(w)) == "");
  const auto after = verify(w);
  CHECK(after.ok);
  CHECK(after.entries == before.entries);
  const auto counters = ledger_counters(w);
  CHECK(counters.parked == returned.size());
  CHECK(counters.refused == 0);
}

// A returned check is the payer's routing, account and serial on a 31 record; the lockbox file
// that deposited it had the same three on its 6 record. The return finds that payment: the
// customer owes the money again, with the NSF fee for reason A, and nothing waits.
TEST_CASE("an X9.37 returned check takes back its lockbox payment: the customer owes it again, "
          "with the NSF fee",
          "[e2e][x9]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("lockbox.txt", f.lockbox)});
  const demo::Check& paid = f.day.checks.at(0);
  const demo::Check& other = f.day.checks.at(1);
  REQUIRE(!paid.account.empty());
  const std::int64_t owed_before = balance(w, paid.account);
  const std::int64_t other_before = balance(w, other.account);
  const auto before = verify(w);

  // The MICR on-us field zero-fills the account; the serial may carry leading zeros too.
  const std::vector<ReturnedCheck> returned = {
      {paid.routing, "000" + paid.bank_account, "00" + paid.check_number, paid.amount_minor, 'A'},
      // The same account and serial for another amount is not that check: it waits.
      {other.routing, other.bank_account, other.check_number, other.amount_minor + 1, 'A'}};
  const auto summary = ingest(w, {w.write("returns.x9", x9_check_returns(returned))});
  check_accepted(only_file(summary), "x9", 2);
  CHECK(int_of(only_file(summary).at("summary").at("returns_matched_to_checks")) == 1);

  constexpr std::int64_t kNsfFee = 2500;  // ledger/policy.h default for reason A
  CHECK(balance(w, paid.account) == owed_before + paid.amount_minor + kNsfFee);
  CHECK(balance(w, other.account) == other_before);
  CHECK(balance(w, "revenue:nsf-fees") == -kNsfFee);
  const auto after = verify(w);
  CHECK(after.ok);
  CHECK(after.entries == before.entries + 1);
  const auto counters = ledger_counters(w);
  CHECK(counters.parked == 1);
  CHECK(counters.refused == 0);

  // A return file ingested before the lockbox file that deposited the check cannot know it.
  Workspace early;
  ingest(early, {early.write("returns.x9", x9_check_returns({returned[0]}))});
  CHECK(ledger_counters(early).parked == 1);
}

TEST_CASE("a whole day of files in one run: every account as the posting rules say", "[e2e][day]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::vector<CamtEntry> camt = {{f.lockbox_total_minor, true, true, "D-1"},
                                       {f.card_payout_minor, true, true, "D-2"}};
  const std::vector<std::string> files = {
      w.write("01-billing.csv", f.billing),      w.write("02-enrollments.csv", f.enrollments),
      w.write("03-debits.ach", f.autopay_ach),   w.write("04-lockbox.txt", f.lockbox),
      w.write("05-card.csv", f.card),            w.write("06-returns.ach", f.returns_ach),
      w.write("07-statement.bai", f.bai2),       w.write("08-noc.ach", noc_file(f, 2)),
      w.write("09-statement.xml", camt_statement(camt)), w.write("10-returns.x9", x9_returns({5000}))};
  const auto summary = ingest(w, files);
  CHECK(int_of(summary.at("accepted")) == static_cast<std::int64_t>(files.size()));
  CHECK(int_of(summary.at("refused")) == 0);
  const auto events = int_of(summary.at("events"));
  std::int64_t per_file = 0;
  for (const auto& file : summary.at("files").as_array()) per_file += int_of(file.at("events"));
  CHECK(per_file == events);
  // Every event posts but the X9 return, which waits for its payment.
  CHECK(int_of(summary.at("posted")) == events - 1);

  Books books;
  expect_bills(f, books);
  expect_autopay_debits(f, books);
  expect_lockbox(f, books);
  expect_card(f, books);
  expect_returns(f, books);
  check_books(w, books);
  CHECK(balance(w, demo::demo_sample_account()) == books[customer(demo::demo_sample_account())]);
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == events - 1);
  const auto counters = ledger_counters(w);
  CHECK(counters.refused == 0);
  CHECK(counters.conflicts == 0);
  CHECK(counters.parked == 1);
  CHECK(list_dir(w.data_dir() + "/quarantine").empty());
}
