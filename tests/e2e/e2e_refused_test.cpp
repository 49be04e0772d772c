// Bad files end to end: each kind is refused (exit 1), moved to quarantine/ with an error
// report in text and JSON naming line, record, field and reason, and nothing from it is
// posted (DESIGN.md, "Reliability and security").
#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

struct Expected {
  std::string format;  // as `tally ingest` names it
  std::int64_t line = 0;
  std::string field, code;
};

std::string money(std::int64_t m) { return fmt::format("{}.{:02}", m / 100, m % 100); }

// A workspace whose ledger already holds the day's bills, so "nothing changed" is a real check.
struct Books0 {
  Workspace w;
  DayFiles f = make_day();
  std::map<std::string, std::int64_t> balances;
  std::int64_t entries = 0;
  Books0() {
    ingest(w, {w.write("bills.csv", f.billing)});
    balances = accounts(w);
    entries = verify(w).entries;
    REQUIRE(!balances.empty());
  }
};

// `kept` is `content` with nothing changed but digits masked ('*'): what a kept copy is when
// the scan takes a run of digits in a fixed-width record for a card number.
bool masked_copy_of(const std::string& content, const std::string& kept) {
  if (kept.size() != content.size()) return false;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (kept[i] != content[i] && !(kept[i] == '*' && content[i] >= '0' && content[i] <= '9')) return false;
  return true;
}

void check_refused(const Books0& b, const std::string& name, const std::string& content, const Expected& want) {
  const std::string path = b.w.write(name, content);
  const std::string sha = sha256_hex(content);
  const auto summary = ingest(b.w, {path}, 1);
  CHECK(int_of(summary.at("refused")) == 1);
  CHECK(int_of(summary.at("events")) == 0);
  CHECK(int_of(summary.at("posted")) == 0);
  const auto& file = summary.at("files").as_array().at(0).as_object();
  INFO(boost::json::serialize(file));
  CHECK(str_of(file.at("outcome")) == "refused");
  CHECK(str_of(file.at("format")) == want.format);
  REQUIRE_FALSE(file.at("errors").as_array().empty());
  const auto& first = file.at("errors").as_array().at(0).as_object();
  CHECK(int_of(first.at("line")) == want.line);
  CHECK(str_of(first.at("code")) == want.code);
  CHECK(str_of(first.at("field")) == want.field);

  // Kept sealed as quarantine/<sha8>-<name>.sealed (owner-only), with the two reports beside
  // it; `tally files show` gives back what arrived.
  const std::string quarantined = b.w.data_dir() + "/quarantine/" + sha.substr(0, 8) + "-" + name;
  CHECK(str_of(file.at("moved_to")) == quarantined + ".sealed");
  CHECK_FALSE(exists(path));
  REQUIRE(exists(quarantined + ".sealed"));
  CHECK(read_file(quarantined + ".sealed").find(content.substr(0, 40)) == std::string::npos);
  CHECK((fs::status(quarantined + ".sealed").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  const Run shown = b.w.tally({"files", "show", sha, "--user", "auditor"});
  CHECK(shown.exit_code == 0);
  CHECK(masked_copy_of(content, shown.out));
  const std::string text = read_file(quarantined + ".errors.txt");
  CHECK(text.find(want.code) != std::string::npos);
  // "line N", or "file" for an error about the whole file (ingest/report_json.cpp).
  CHECK(text.find(want.line > 0 ? "line " + std::to_string(want.line) : "file") != std::string::npos);
  const auto report = json_object(read_file(quarantined + ".errors.json"));
  CHECK(str_of(report.at("sha256")) == sha);
  CHECK(str_of(report.at("file")) == path);
  CHECK_FALSE(report.at("accepted").as_bool());
  const auto& errors = report.at("errors").as_array();
  REQUIRE_FALSE(errors.empty());
  const auto& e = errors.at(0).as_object();
  CHECK(int_of(e.at("line")) == want.line);
  CHECK(e.contains("record"));
  CHECK(str_of(e.at("field")) == want.field);
  CHECK(str_of(e.at("code")) == want.code);
  CHECK_FALSE(str_of(e.at("message")).empty());

  // Nothing from it reached the books or the processed folder.
  CHECK(balance_differences(b.balances, accounts(b.w)) == "");
  CHECK(verify(b.w).entries == b.entries);
  for (const std::string& n : list_dir(b.w.data_dir() + "/processed")) CHECK(n.find(name) == std::string::npos);
}

}  // namespace

TEST_CASE("refused: NACHA whose file control declares a wrong debit total", "[e2e][refused][nacha]") {
  Books0 b;
  const std::size_t control = line_starting(b.f.autopay_ach, "9");
  REQUIRE(control > 0);
  const std::string bad =
      replace_at(b.f.autopay_ach, control, 32, fmt::format("{:012}", b.f.ach_total_minor + 1));
  check_refused(b, "debits.ach", bad, {"nacha", static_cast<std::int64_t>(control), "total_debit", "total_mismatch"});
}

TEST_CASE("refused: BAI2 whose account trailer (49) total is wrong", "[e2e][refused][bai2]") {
  Books0 b;
  const std::size_t trailer = line_starting(b.f.bai2, "49,");
  REQUIRE(trailer > 0);
  const std::string total = line_at(b.f.bai2, trailer).substr(3, line_at(b.f.bai2, trailer).find(',', 3) - 3);
  const std::string bad = replace_in_line(b.f.bai2, trailer, "49," + total + ",",
                                          "49," + std::to_string(std::stoll(total) + 1) + ",");
  check_refused(b, "statement.bai", bad,
                {"bai2", static_cast<std::int64_t>(trailer), "account_control_total", "total_mismatch"});
}

TEST_CASE("refused: lockbox whose batch total (7) is wrong", "[e2e][refused][lockbox]") {
  Books0 b;
  const std::size_t batch = line_starting(b.f.lockbox, "7");
  REQUIRE(batch > 0);
  // The 7 record's amount is at positions 24-33 (formats/lockbox/README.md).
  const std::int64_t declared = std::stoll(line_at(b.f.lockbox, batch).substr(23, 10));
  const std::string bad = replace_at(b.f.lockbox, batch, 24, fmt::format("{:010}", declared + 1));
  check_refused(b, "lockbox.txt", bad, {"lockbox", static_cast<std::int64_t>(batch), "amount", "total_mismatch"});
}

TEST_CASE("refused: camt.053 whose TxsSummry entry count disagrees with its entries", "[e2e][refused][camt]") {
  Books0 b;
  const std::string bad = camt_statement({{1000, true, true, "R-1"}, {2000, false, true, "R-2"}}, 1);
  // Reported where the statement's entries are checked against the summary: its end.
  const std::size_t end = line_starting(bad, "</Stmt>");
  REQUIRE(end > 0);
  check_refused(b, "statement.xml", bad,
                {"camt", static_cast<std::int64_t>(end), "TxsSummry/TtlNtries/NbOfNtries", "count_mismatch"});
}

TEST_CASE("refused: card settlement row whose gross - fees != net", "[e2e][refused][card]") {
  Books0 b;
  const demo::CardSale& s = b.f.day.card_sales.at(0);
  const std::int64_t net = s.amount_minor - (30 + s.amount_minor * 29 / 1000);
  REQUIRE(line_at(b.f.card, 2).find(s.reference) != std::string::npos);  // the first sale's row
  const std::string bad = replace_in_line(b.f.card, 2, "," + money(net) + ",USD", "," + money(net + 1) + ",USD");
  check_refused(b, "card.csv", bad, {"card", 2, "net", "amount_mismatch"});
}

TEST_CASE("refused: billing export with an amount that is not an amount", "[e2e][refused][billing]") {
  Books0 b;
  const demo::Customer& c = b.f.day.customers.at(1);  // row 2, line 3
  REQUIRE(line_at(b.f.billing, 3).find(c.account) == 0);
  const std::string bad = replace_in_line(b.f.billing, 3, "," + money(c.bill_minor) + ",", ",12.3x,");
  check_refused(b, "bills-corrected.csv", bad, {"billing_csv", 3, "amount_due", "bad_amount"});
}

TEST_CASE("refused: a file of no known format", "[e2e][refused][unknown]") {
  Books0 b;
  check_refused(b, "notes.txt", "Dear billing office,\nplease find our payment enclosed.\n",
                {"unknown", 0, "", "unknown_format"});
}

TEST_CASE("a refused file among good ones: the good ones post, the bad one does not", "[e2e][refused]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::size_t control = line_starting(f.autopay_ach, "9");
  const std::string bad_ach = replace_at(f.autopay_ach, control, 32, fmt::format("{:012}", f.ach_total_minor - 1));
  const auto summary = ingest(w, {w.write("bills.csv", f.billing), w.write("debits.ach", bad_ach),
                                  w.write("lockbox.txt", f.lockbox)},
                              1);
  CHECK(int_of(summary.at("accepted")) == 2);
  CHECK(int_of(summary.at("refused")) == 1);
  Books books;
  expect_bills(f, books);
  expect_lockbox(f, books);
  CHECK(balance_differences(books.balances(), accounts(w)) == "");
  CHECK(list_dir(w.data_dir() + "/quarantine").size() == 3);  // the file and its two reports
}
