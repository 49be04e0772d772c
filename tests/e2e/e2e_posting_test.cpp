// No payment is lost silently: each test is named after a loss it prevents. A second file of
// the day whose bank numbers restart, a repeated trace number, an id that comes back with other
// content, a bill or text the ledger could not take, an event the ledger refuses: every payment
// of every file is posted exactly once, or the file is refused or says which events are not in
// the books and why (docs/identity.md).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

const boost::json::object& file_of(const boost::json::object& run, std::size_t i = 0) {
  return run.at("files").as_array().at(i).as_object();
}

std::int64_t verdict(const boost::json::object& file, const char* name) {
  return int_of(file.at("verdicts").at(name));
}

std::vector<std::string> error_codes(const boost::json::object& file) {
  std::vector<std::string> codes;
  for (const auto& e : file.at("errors").as_array()) codes.push_back(str_of(e.at("code")));
  return codes;
}

// `count` payments from distinct accounts starting at `first_account`.
std::vector<Payment> payments(int first_account, int count, std::int64_t first_amount) {
  std::vector<Payment> out;
  for (int i = 0; i < count; ++i)
    out.push_back({std::to_string(first_account + i), first_amount + 111 * i});
  return out;
}

std::int64_t total(const std::vector<Payment>& payments) {
  std::int64_t sum = 0;
  for (const Payment& p : payments) sum += p.amount_minor;
  return sum;
}

// The NACHA entry lines (type 6) of a file, 1-based.
std::vector<std::size_t> entry_lines(const std::string& text) {
  std::vector<std::size_t> out;
  for (std::size_t line = 1;; ++line) {
    const std::size_t start = [&] {
      std::size_t at = 0;
      for (std::size_t n = 1; n < line && at != std::string::npos; ++n) {
        at = text.find('\n', at);
        if (at != std::string::npos) ++at;
      }
      return at;
    }();
    if (start == std::string::npos || start >= text.size()) break;
    if (text[start] == '6') out.push_back(line);
  }
  return out;
}

constexpr std::size_t kTraceColumn = 80;  // NACHA entry: trace number, positions 80-94
constexpr std::size_t kNameColumn = 55;   // individual name, positions 55-76

}  // namespace

TEST_CASE("no payment lost to a second ACH file of the day whose trace numbers restart",
          "[e2e][posting]") {
  Workspace w;
  const std::vector<Payment> a = payments(400100, 5, 1000), b = payments(400200, 5, 2000);
  const std::string first = nacha_payments(a, 1, 'A'), second = nacha_payments(b, 1, 'B');
  // Both files number their entries from 0000001: the same trace numbers.
  REQUIRE(line_at(first, entry_lines(first).at(0)).substr(kTraceColumn - 1, 15) ==
          line_at(second, entry_lines(second).at(0)).substr(kTraceColumn - 1, 15));

  const auto one = ingest(w, {w.write("ach-1.ach", first)});
  const auto two = ingest(w, {w.write("ach-2.ach", second)});
  CHECK(verdict(file_of(one), "posted") == 6);  // 5 payments and the batch's settlement
  CHECK(verdict(file_of(two), "posted") == 6);
  CHECK(int_of(two.at("posted")) == 6);
  for (const Payment& p : a) CHECK(balance(w, p.account) == -p.amount_minor);
  for (const Payment& p : b) CHECK(balance(w, p.account) == -p.amount_minor);
  // Both settlements are declared: both files' money is on its way to the bank, clearing nothing.
  CHECK(balance(w, "transit:ach") == total(a) + total(b));
  CHECK(balance(w, "clearing:ach") == 0);
  CHECK(ledger_counters(w).duplicates == 0);
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.log_ok);
  CHECK(v.log_records == 12);
}

TEST_CASE("no check lost to a second lockbox transmission whose batch and item numbers restart",
          "[e2e][posting]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("lockbox-1.txt", f.lockbox)});
  demo::Day later = f.day;  // same lockbox, same deposit date, numbered from batch 1 item 1 again
  later.checks = {{f.day.customers.at(3).account, "LATE ONE", 1500, "7001", "091000019", "5550001"},
                  {f.day.customers.at(8).account, "LATE TWO", 2500, "7002", "091000019", "5550002"},
                  {f.day.customers.at(9).account, "LATE THREE", 3500, "7003", "091000019", "5550003"}};
  std::int64_t later_total = 0;
  const std::string second = demo::lockbox_file(later, later_total);
  const auto two = ingest(w, {w.write("lockbox-2.txt", second)});
  CHECK(verdict(file_of(two), "posted") == 4);  // 3 checks and the lockbox's deposit

  Books books;
  expect_lockbox(f, books);
  for (const demo::Check& c : later.checks) books.post("clearing:lockbox", customer(c.account), c.amount_minor);
  books.post("transit:lockbox", "clearing:lockbox", later_total);
  CHECK(balance_differences(books.balances(), accounts(w)) == "");
  CHECK(verify(w).ok);
}

TEST_CASE("no payment lost to a trace number used twice in one NACHA file: refused whole, naming "
          "both lines, accepted only by a person's override",
          "[e2e][posting]") {
  Workspace w;
  // Two batches of two debits; the reader already refuses a trace that does not ascend within
  // a batch, so the second batch's first entry takes the first batch's first trace.
  const BigNacha big = big_nacha(4, 4, 7, 2);
  REQUIRE(big.batches == 2);
  const auto lines = entry_lines(big.text);
  REQUIRE(lines.size() == 4);
  const std::string trace = line_at(big.text, lines.at(0)).substr(kTraceColumn - 1, 15);
  const std::string bad = replace_at(big.text, lines.at(2), kTraceColumn, trace);

  const auto refused = ingest(w, {w.write("dup-trace.ach", bad)}, 1);
  const auto& file = file_of(refused);
  CHECK(str_of(file.at("outcome")) == "refused");
  REQUIRE(error_codes(file) == std::vector<std::string>{"repeated_trace"});
  const auto& error = file.at("errors").as_array().at(0);
  CHECK(str_of(error.at("field")) == "trace_number");
  CHECK(int_of(error.at("line")) == static_cast<std::int64_t>(lines.at(2)));
  CHECK_THAT(str_of(error.at("message")), Catch::Contains(fmt::format("line {}", lines.at(0))));
  CHECK(int_of(refused.at("events")) == 0);
  CHECK(accounts(w).empty());  // nothing of it is in the books
  const auto quarantined = list_dir(w.data_dir() + "/quarantine");
  REQUIRE(quarantined.size() == 3);  // the kept file, its .errors.json and .errors.txt
  REQUIRE(quarantined.at(1).ends_with(".errors.txt"));
  CHECK_THAT(read_file(w.data_dir() + "/quarantine/" + quarantined.at(1)), Catch::Contains("repeated_trace"));

  SECTION("an override needs a name") {
    const Run r = w.tally({"ingest", "--override-conflicts", w.write("again.ach", bad)});
    CHECK(r.exit_code == 2);
  }
  SECTION("with the override every payment posts, each once") {
    const auto accepted =
        ingest(w, {w.write("again.ach", bad)}, 0, {"--override-conflicts", "--user", "ann"});
    CHECK(file_of(accepted).at("override_used").as_bool());
    CHECK(verdict(file_of(accepted), "posted") == 6);  // 4 debits, 2 settlements
    for (const auto& [account, paid] : big.paid_by_account) CHECK(balance(w, account) == -paid);
    CHECK(balance(w, "transit:ach") == big.total_minor);
    CHECK(verify(w).ok);
  }
}

TEST_CASE("no payment dropped as a duplicate when its id comes back with other content: refused, "
          "naming both files and records",
          "[e2e][posting]") {
  Workspace w;
  const std::vector<Payment> p = payments(400400, 4, 7000);
  const std::string first = nacha_payments(p, 1, 'A');
  ingest(w, {w.write("ach-first.ach", first)});
  const auto books = accounts(w);
  // The same entries again, one with another payer name: same business key, other content.
  const std::size_t line = entry_lines(first).at(0);
  const std::string changed = replace_at(first, line, kNameColumn, "SOMEONE ELSE          ");
  REQUIRE(changed != first);

  const auto refused = ingest(w, {w.write("ach-changed.ach", changed)}, 1);
  const auto& file = file_of(refused);
  CHECK(error_codes(file) == std::vector<std::string>{"conflicting_event"});
  const std::string message = str_of(file.at("errors").as_array().at(0).at("message"));
  CHECK_THAT(message, Catch::Contains("ach-first.ach"));
  CHECK_THAT(message, Catch::Contains(fmt::format("record {}", line)));
  CHECK(balance_differences(books, accounts(w)) == "");

  SECTION("accepted by a person: the books keep the first version and post nothing twice") {
    const auto accepted =
        ingest(w, {w.write("ach-changed-2.ach", changed)}, 0, {"--override-conflicts", "--user", "ann"});
    CHECK(int_of(file_of(accepted).at("conflicts_kept_first")) == 1);
    CHECK(balance_differences(books, accounts(w)) == "");
    CHECK(ledger_counters(w).conflicts == 0);
    CHECK(verify(w).ok);
  }
}

TEST_CASE("no bill lost to the ledger's refusal: negative, zero and too large bills are refused "
          "at parse time with line and field",
          "[e2e][posting]") {
  Workspace w;
  const std::string csv =
      "account,bill_id,bill_date,amount_due,due_date\n"
      "100001,B-1,2026-11-02,-5.00,2026-11-23\n"
      "100002,B-2,2026-11-02,0.00,2026-11-23\n"
      "100003,B-3,2026-11-02,200000000000.00,2026-11-23\n"
      "100004,B-4,2026-11-02,10.00,2026-11-23\n"
      "100005,B-4,2026-11-02,12.00,2026-11-23\n";
  const auto refused = ingest(w, {w.write("bills.csv", csv)}, 1);
  const auto& errors = file_of(refused).at("errors").as_array();
  REQUIRE(errors.size() == 3);  // the repeated bill id is found once the amounts are right
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(int_of(errors.at(i).at("line")) == static_cast<std::int64_t>(i + 2));
    CHECK(str_of(errors.at(i).at("field")) == "amount_due");
  }
  CHECK(str_of(errors.at(2).at("code")) == "amount_out_of_range");
  CHECK(accounts(w).empty());

  const std::string repeated =
      "account,bill_id,bill_date,amount_due,due_date\n"
      "100004,B-4,2026-11-02,10.00,2026-11-23\n"
      "100005,B-4,2026-11-02,12.00,2026-11-23\n";
  const auto second = ingest(w, {w.write("bills-2.csv", repeated)}, 1);
  const auto& e = file_of(second).at("errors").as_array().at(0);
  CHECK(str_of(e.at("code")) == "repeated_bill");
  CHECK(int_of(e.at("line")) == 3);
  CHECK(accounts(w).empty());
}

TEST_CASE("no payment dead-lettered for text that is not UTF-8: refused at parse time with the "
          "record and field",
          "[e2e][posting]") {
  Workspace w;
  SECTION("a bill's account") {
    const auto refused = ingest(w, {w.write("bills.csv",
                                            "account,bill_id,bill_date,amount_due,due_date\n"
                                            "10\xe9" "001,B-1,2026-11-02,5.00,2026-11-23\n")},
                                1);
    const auto& e = file_of(refused).at("errors").as_array().at(0);
    CHECK(str_of(e.at("code")) == "invalid_text");
    CHECK(str_of(e.at("field")) == "account");
    CHECK(int_of(e.at("line")) == 2);
  }
  SECTION("an autopay holder name (Latin-1): found where the event is made") {
    const auto refused = ingest(w, {w.write("enrollments.csv",
                                            "account,routing,account_number,account_type,holder_name,action\n"
                                            "100001,091000019,12345678,checking,JOS\xc9 PEREZ,enroll\n")},
                                1);
    const auto& e = file_of(refused).at("errors").as_array().at(0);
    CHECK(str_of(e.at("code")) == "invalid_text");
    CHECK(str_of(e.at("field")) == "autopay_enrolled.holder_name");
    CHECK(int_of(e.at("record")) == 2);  // the CSV's second record: its first row
  }
  SECTION("a lockbox check's remitter name (Latin-1): the reader's own check") {
    const DayFiles f = make_day();
    demo::Day day = f.day;
    day.checks = {{f.day.customers.at(0).account, "JOS\xc9 PEREZ", 4200, "8001", "091000019", "5551234"}};
    std::int64_t sum = 0;
    const auto refused = ingest(w, {w.write("lockbox.txt", demo::lockbox_file(day, sum))}, 1);
    const auto& e = file_of(refused).at("errors").as_array().at(0);
    CHECK(str_of(e.at("field")) == "remitter_name");
    CHECK(int_of(e.at("line")) > 0);
  }
  CHECK(accounts(w).empty());
  CHECK(ledger_counters(w).dead_letters == 0);
}

TEST_CASE("a return whose payment has not arrived waits, is listed, and posts when the payment "
          "comes",
          "[e2e][posting]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto returns = ingest(w, {w.write("returns.ach", f.returns_ach)}, 0);
  CHECK(verdict(file_of(returns), "parked") == 2);
  CHECK(verdict(file_of(returns), "refused") == 0);
  const auto& listed = file_of(returns).at("verdicts").at("not_posted").as_array();
  REQUIRE(listed.size() == 2);
  CHECK(str_of(listed.at(0).at("verdict")) == "parked");
  CHECK(str_of(listed.at(0).at("type")) == "PAYMENT_RETURNED");

  Run list = w.tally({"discrepancies", "list", "--json"});
  REQUIRE(list.exit_code == 0);
  auto items = json_object(list.out).at("discrepancies").as_array();
  REQUIRE(items.size() == 2);
  CHECK(str_of(items.at(0).at("kind")) == "parked");
  CHECK(int_of(items.at(0).at("age_seconds")) >= 0);

  ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", f.autopay_ach)});
  list = w.tally({"discrepancies", "list", "--json"});
  CHECK(json_object(list.out).at("discrepancies").as_array().empty());
  Books books;
  expect_bills(f, books);
  expect_autopay_debits(f, books);
  expect_returns(f, books);
  CHECK(balance_differences(books.balances(), accounts(w)) == "");
  CHECK(verify(w).ok);
}

TEST_CASE("events the ledger refuses are named by ingest, which exits 3, and stay listed",
          "[e2e][posting]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", f.autopay_ach),
             w.write("returns.ach", f.returns_ach)});
  // The bank returns the same two debits again under new trace numbers: nothing is left to
  // take back, so the ledger refuses both.
  std::string again = f.returns_ach;
  for (std::size_t line : entry_lines(again)) {
    const std::string trace = line_at(again, line).substr(kTraceColumn - 1, 15);
    again = replace_at(again, line, kTraceColumn, trace.substr(0, 8) + "99" + trace.substr(10));
  }
  const auto run = ingest(w, {w.write("returns-again.ach", again)}, 3);
  const auto& file = file_of(run);
  CHECK(str_of(file.at("outcome")) == "accepted");
  CHECK(verdict(file, "refused") == 2);
  CHECK(int_of(run.at("files_with_events_not_posted")) == 1);
  for (const auto& v : file.at("verdicts").at("not_posted").as_array()) {
    CHECK(str_of(v.at("verdict")) == "refused");
    CHECK(str_of(v.at("code")) == "exceeds_remaining");
  }
  // The same file again under another file id modifier (position 34 of the header): new
  // bytes, the same events, refused again; the text output says so.
  const Run text = w.tally({"ingest", w.write("returns-again-2.ach", replace_at(again, 1, 34, "Z"))});
  CHECK(text.exit_code == 3);
  CHECK_THAT(text.out, Catch::Contains("REFUSED by the ledger"));

  const Run list = w.tally({"discrepancies", "list", "--json"});
  const auto items = json_object(list.out).at("discrepancies").as_array();
  CHECK(std::count_if(items.begin(), items.end(), [](const boost::json::value& i) {
          return str_of(i.at("kind")) == "refused" && str_of(i.at("code")) == "exceeds_remaining";
        }) == 2);
  CHECK(verify(w).log_ok);
}

TEST_CASE("no payment lost to restarted trace numbers in the inbox of tally serve",
          "[e2e][posting][serve]") {
  Workspace w;
  const std::vector<Payment> a = payments(400500, 4, 3000), b = payments(400600, 4, 4000);
  const pid_t server = w.spawn_tally({"serve", "--port", "0"});
  const std::string inbox = w.data_dir() + "/inbox";
  REQUIRE(wait_until_exists(inbox, 30));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (const auto& [name, text] : {std::pair{"ach-1.ach", nacha_payments(a, 1, 'A')},
                                   std::pair{"ach-2.ach", nacha_payments(b, 1, 'B')}}) {
    const std::string tmp = w.write(std::string(name) + ".part", text);
    REQUIRE(std::rename(tmp.c_str(), (inbox + "/" + name).c_str()) == 0);
  }
  std::vector<std::string> verdict_files;
  while (verdict_files.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    verdict_files.clear();
    for (const std::string& name : list_dir(w.data_dir() + "/processed"))
      if (name.ends_with(".verdicts.json")) verdict_files.push_back(name);
  }
  ::kill(server, SIGTERM);
  CHECK(wait_for(server) == 0);
  REQUIRE(verdict_files.size() == 2);
  for (const std::string& name : verdict_files) {
    const auto v = json_object(read_file(w.data_dir() + "/processed/" + name));
    CHECK(int_of(v.at("posted")) == 5);
    CHECK(int_of(v.at("refused")) + int_of(v.at("conflicting")) + int_of(v.at("missing")) == 0);
  }
  for (const Payment& p : a) CHECK(balance(w, p.account) == -p.amount_minor);
  for (const Payment& p : b) CHECK(balance(w, p.account) == -p.amount_minor);
  CHECK(balance(w, "transit:ach") == total(a) + total(b));
  CHECK(verify(w).ok);
}

TEST_CASE("tally ingest while tally serve holds the data folder says so and names the inbox",
          "[e2e][posting][serve]") {
  Workspace w;
  const std::string file = w.write("ach.ach", nacha_payments(payments(400700, 2, 1000), 1, 'A'));
  const pid_t server = w.spawn_tally({"serve", "--port", "0"});
  const std::string inbox = w.data_dir() + "/inbox";
  // With the server's socket there, the CLI would go through it (e2e_cli_beside_serve_test.cpp);
  // without it (a server that cannot make one, or one still starting), the folder is in use.
  REQUIRE(wait_until_exists(w.data_dir() + "/api.sock", 30));
  REQUIRE(::unlink((w.data_dir() + "/api.sock").c_str()) == 0);
  const Run run = w.tally({"ingest", file});
  ::kill(server, SIGTERM);
  CHECK(wait_for(server) == 0);
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("in use by another tally process"));
  CHECK_THAT(run.err, Catch::Contains(inbox));
}
