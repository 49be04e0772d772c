// `tally report NAME --from --to` (node/period_reports.h) on two demo days ten days apart (the
// second with counter payments in cash and by card), with
// returns and their fees, a chargeback and a refund, suspense items (one applied later), a notice
// of change, a second NSF return that ends a customer's autopay, and a refused file: each report's
// totals tie to `tally ledger balance --as-of` / history for the same dates, and a range that
// leaves out the second day leaves out its rows, on a folder that holds both.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "core/money.h"
#include "ledger/policy.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::string cell(std::size_t row, const std::string& column) const {
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c] == column) return rows.at(row).at(c);
    FAIL("no column " << column);
    return {};
  }
  // The row whose first cell is `key`; FAILs when there is none.
  std::size_t row_of(const std::string& key) const {
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (rows[r].at(0) == key) return r;
    FAIL("no row " << key);
    return 0;
  }
};

struct Report {
  std::map<std::string, std::string> summary;
  std::map<std::string, Table> tables;
};

std::int64_t minor(const std::string& text) {
  auto m = tally::Money::parse(text, tally::Currency::usd());
  INFO(text);
  REQUIRE(m.ok());
  return m->minor();
}

Report report(const Workspace& w, const std::string& name, const std::string& from,
              const std::string& to) {
  const Run run = w.tally({"report", name, "--from", from, "--to", to, "--format", "json"});
  INFO(name << ": " << run.err);
  REQUIRE(run.exit_code == 0);
  const boost::json::object o = json_object(run.out);
  Report r;
  for (const auto& [label, value] : o.at("summary").as_object())
    r.summary[std::string(label)] = str_of(value);
  for (const auto& t : o.at("tables").as_array()) {
    Table table;
    for (const auto& c : t.at("columns").as_array()) table.columns.push_back(str_of(c));
    for (const auto& row : t.at("rows").as_array()) {
      std::vector<std::string> cells;
      for (const auto& c : row.as_array()) cells.push_back(str_of(c));
      table.rows.push_back(std::move(cells));
    }
    r.tables[str_of(t.at("title"))] = std::move(table);
  }
  return r;
}

std::int64_t balance_as_of(const Workspace& w, const std::string& account,
                           const std::string& date) {
  const Run run = w.tally({"ledger", "balance", account, "--as-of", date, "--json"});
  INFO(account << ": " << run.err);
  if (run.exit_code != 0) return 0;  // no posting at all
  return int_of(json_object(run.out).at("balance_minor"));
}

// What PaymentReceived entries dated in [from, to] moved into `account`, from its history.
std::pair<std::int64_t, std::int64_t> payments_into(const Workspace& w, const std::string& account,
                                                    const std::string& from,
                                                    const std::string& to) {
  const Run run = w.tally({"ledger", "history", account, "--json", "--limit", "100000"});
  REQUIRE(run.exit_code == 0);
  std::int64_t count = 0, sum = 0;
  const boost::json::object history = json_object(run.out);
  for (const auto& e : history.at("entries").as_array()) {
    const std::string date = str_of(e.at("business_date"));
    if (str_of(e.at("event_type")) != "PAYMENT_RECEIVED" || date < from || date > to) continue;
    ++count;
    sum += int_of(e.at("amount_minor"));
  }
  return {count, sum};
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tally::BusinessDate::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)->to_iso();
}

}  // namespace

TEST_CASE("reports of a range tie to the ledger as of its dates and leave out the days outside it",
          "[e2e][reports]") {
  Workspace w;
  const DayFiles d1 = make_day();
  const BusinessDate day2 = test_day().plus_days(10);
  const DayFiles d2 = make_day(day2);
  ingest(w,
         {w.write("01-billing.csv", d1.billing), w.write("02-enrollments.csv", d1.enrollments),
          w.write("03-autopay.ach", d1.autopay_ach), w.write("04-lockbox.txt", d1.lockbox),
          w.write("05-card.csv", d1.card), w.write("06-returns.ach", d1.returns_ach),
          w.write("07-noc.ach", noc_file(d1, 1))},
         0);
  // The second day: the same customers; its R01 is the second NSF return of the same customer.
  ingest(w,
         {w.write("11-autopay.ach", d2.autopay_ach), w.write("12-lockbox.txt", d2.lockbox),
          w.write("13-card.csv", d2.card), w.write("14-returns.ach", d2.returns_ach)},
         0);
  ingest(w, {w.write("99-junk.ach", "this is no bank file\n")}, 1);
  // The counter on the second day: cash into the drawer, a card tender to clearing:card.
  const Run opened = w.tally_on(
      day2.to_iso(), {"counter", "open", "D1", "--float", "2000x5", "--by", "ada", "--json"});
  INFO(opened.err);
  REQUIRE(opened.exit_code == 0);
  const std::string session = str_of(json_object(opened.out).at("id"));
  for (const std::vector<std::string>& tender :
       {std::vector<std::string>{"--amount", "50.00", "--cash", "60.00"},
        std::vector<std::string>{"--amount", "30.00", "--card", "4242:AUTH12:30.00:VISA"}}) {
    std::vector<std::string> args{"counter", "pay", session, "--account", "100002", "--by", "ada"};
    args.insert(args.end(), tender.begin(), tender.end());
    const Run paid = w.tally_on(day2.to_iso(), args);
    INFO(paid.err);
    REQUIRE(paid.exit_code == 0);
  }

  const std::string d1_from = test_day().plus_days(-5).to_iso(),
                    d1_to = test_day().plus_days(5).to_iso();
  const std::string d2_from = day2.plus_days(-1).to_iso(), d2_to = day2.plus_days(5).to_iso();
  const std::string all_from = d1_from, all_to = day2.plus_days(30).to_iso();

  SECTION("payments") {
    const Report one = report(w, "payments", d1_from, d1_to);
    const Report two = report(w, "payments", d2_from, d2_to);
    const Report all = report(w, "payments", all_from, all_to);
    const Table& by_account = one.tables.at("Totals by account debited");
    REQUIRE(by_account.rows.size() == 3);  // clearing:ach, clearing:card, clearing:lockbox
    for (std::size_t r = 0; r < by_account.rows.size(); ++r) {
      const std::string account = by_account.rows[r][0];
      const auto [count, sum] = payments_into(w, account, d1_from, d1_to);
      INFO(account);
      CHECK(std::stoll(by_account.cell(r, "count")) == count);
      CHECK(minor(by_account.cell(r, "amount")) == sum);
    }
    // The first day's lockbox: every check, the one for suspense too.
    const Table& channels = one.tables.at("Totals by channel");
    CHECK(minor(channels.cell(channels.row_of("lockbox"), "amount")) == d1.lockbox_total_minor);
    CHECK(minor(channels.cell(channels.row_of("ach"), "amount")) == d1.ach_total_minor);
    // Rows of the second day only in ranges that hold it.
    for (const auto& row : one.tables.at("By business day and channel").rows)
      CHECK(row[0] <= d1_to);
    for (const auto& row : two.tables.at("By business day and channel").rows)
      CHECK(row[0] >= d2_from);
    CHECK(minor(one.summary.at("amount")) + minor(two.summary.at("amount")) ==
          minor(all.summary.at("amount")));
    CHECK(std::stoll(one.summary.at("payments")) + std::stoll(two.summary.at("payments")) ==
          std::stoll(all.summary.at("payments")));
    CHECK(minor(two.summary.at("amount")) > 0);
    // The counter's payments: one channel, two accounts; the card tender beside the card file's.
    const Table& two_channels = two.tables.at("Totals by channel");
    CHECK(two_channels.cell(two_channels.row_of("counter"), "count") == "2");
    CHECK(minor(two_channels.cell(two_channels.row_of("counter"), "amount")) == 8000);
    const Table& two_accounts = two.tables.at("Totals by account debited");
    CHECK(minor(two_accounts.cell(two_accounts.row_of("drawer:D1"), "amount")) == 5000);
    for (std::size_t r = 0; r < two_accounts.rows.size(); ++r) {
      const std::string account = two_accounts.rows[r][0];
      const auto [count, sum] = payments_into(w, account, d2_from, d2_to);
      INFO(account);
      CHECK(std::stoll(two_accounts.cell(r, "count")) == count);
      CHECK(minor(two_accounts.cell(r, "amount")) == sum);
    }
    const Table& two_card = two.tables.at("Totals by channel");
    CHECK(minor(two_card.cell(two_card.row_of("card"), "amount")) + 3000 ==
          minor(two_accounts.cell(two_accounts.row_of("clearing:card"), "amount")));
  }

  SECTION("returns and nsf fees") {
    const Report returns = report(w, "returns", d1_from, d1_to);
    const Table& codes = returns.tables.at("By reason code");
    const std::size_t r01 = codes.row_of("ACH return");
    CHECK(codes.cell(r01, "code") == "R01");
    CHECK(codes.cell(r01, "description").find("insufficient funds") != std::string::npos);
    CHECK(codes.cell(r01, "count") == "1");
    CHECK(minor(codes.cell(r01, "fees")) == tally::ledger::kDefaultNsfFeeMinor);
    CHECK(codes.cell(codes.row_of("chargeback"), "code") == "10.4");
    CHECK(codes.cell(codes.row_of("refund"), "code") == "REFUND");
    // The ACH returns' amounts are what the returns took back out of clearing:ach.
    std::int64_t ach_returned = 0;
    for (std::size_t r = 0; r < codes.rows.size(); ++r)
      if (codes.rows[r][0] == "ACH return") ach_returned += minor(codes.cell(r, "amount"));
    CHECK(ach_returned == tally::demo::returns_total(d1.day));

    const Report fees_one = report(w, "nsf-fees", d1_from, d1_to);
    const Report fees_all = report(w, "nsf-fees", all_from, all_to);
    CHECK(fees_one.summary.at("fees charged") == "1");
    CHECK(fees_all.summary.at("fees charged") == "2");
    CHECK(minor(fees_one.summary.at("amount charged")) ==
          minor(returns.summary.at("fees charged")));
    // The fees' net is what revenue:nsf-fees moved: all of it, as none came before.
    CHECK(minor(fees_one.summary.at("net")) == -balance_as_of(w, "revenue:nsf-fees", d1_to));
    CHECK(minor(fees_all.summary.at("net")) == -balance(w, "revenue:nsf-fees"));
    const Report fees_two = report(w, "nsf-fees", d2_from, d2_to);
    CHECK(minor(fees_two.summary.at("net")) == balance_as_of(w, "revenue:nsf-fees", d1_to) -
                                                   balance_as_of(w, "revenue:nsf-fees", d2_to));
  }

  SECTION("suspense aging as of a date, before and after a payment is applied from it") {
    const Report before = report(w, "suspense", d1_to, d1_to);
    REQUIRE(before.summary.at("items") == "1");
    CHECK(minor(before.summary.at("held")) == -balance_as_of(w, "suspense", d1_to));
    CHECK(minor(before.summary.at("held")) == 5000);
    const Table& held = before.tables.at("Items held");
    const std::string payment = held.cell(0, "payment");
    const std::string applied_on = test_day().plus_days(7).to_iso();
    const Run apply =
        w.tally_on(applied_on, {"suspense", "apply", payment, "100002", "--user", "ann"});
    INFO(apply.err);
    REQUIRE(apply.exit_code == 0);
    // As of the first day's end, still held: the application came later.
    CHECK(report(w, "suspense", d1_to, d1_to).summary.at("items") == "1");
    const Report between = report(w, "suspense", applied_on, applied_on);
    CHECK(between.summary.at("items") == "0");
    CHECK(balance_as_of(w, "suspense", applied_on) == 0);
    const Report later = report(w, "suspense", all_to, all_to);
    CHECK(later.summary.at("items") == "1");  // the second day's check without a coupon
    CHECK(minor(later.summary.at("held")) == -balance_as_of(w, "suspense", all_to));
    const Table& aging = later.tables.at("By age in days");
    CHECK(aging.cell(aging.row_of("0-30"), "items") == "1");
    const Report much_later =
        report(w, "suspense", day2.plus_days(95).to_iso(), day2.plus_days(95).to_iso());
    const Table& old = much_later.tables.at("By age in days");
    CHECK(old.cell(old.row_of("90+"), "items") == "1");
    CHECK(minor(old.cell(old.row_of("total"), "amount")) == 5000);
  }

  SECTION("trial balance") {
    for (const std::string& as_of : {d1_to, all_to}) {
      const Report tb = report(w, "trial-balance", as_of, as_of);
      INFO(as_of);
      CHECK(tb.summary.at("difference") == "0.00");
      CHECK(tb.summary.at("debits") == tb.summary.at("credits"));
      const Table& lines = tb.tables.at("Balances");
      for (std::size_t r = 0; r < lines.rows.size(); ++r) {
        const std::string account = lines.rows[r][0];
        if (account == "total" || account == "customers (receivable)") continue;
        INFO(account);
        CHECK(minor(lines.cell(r, "debit")) - minor(lines.cell(r, "credit")) ==
              balance_as_of(w, account, as_of));
      }
    }
    // As of a date after everything: the receivables line is every customer's balance now.
    const Report tb = report(w, "trial-balance", all_to, all_to);
    const Table& lines = tb.tables.at("Balances");
    std::int64_t owed = 0, in_credit = 0, customers = 0, others = 0;
    for (const auto& [account, minor_units] : accounts(w)) {
      if (account.rfind("customer:", 0) == 0) {
        ++customers;
        (minor_units >= 0 ? owed : in_credit) += minor_units;
      } else {
        ++others;
      }
    }
    const std::size_t receivables = lines.row_of("customers (receivable)");
    CHECK(std::stoll(lines.cell(receivables, "accounts")) == customers);
    CHECK(minor(lines.cell(receivables, "debit")) == owed);
    CHECK(minor(lines.cell(receivables, "credit")) == -in_credit);
    CHECK(static_cast<std::int64_t>(lines.rows.size()) == others + 2);  // + receivables + total
  }

  SECTION("autopay") {
    const Report one = report(w, "autopay", d1_from, today_utc());
    CHECK(one.tables.at("Enrolments").rows.size() == d1.autopay_customers().size());
    const Table& notices = one.tables.at("Notices of change");
    REQUIRE(notices.rows.size() == 1);
    CHECK(notices.cell(0, "code") == "C01");
    CHECK(notices.cell(0, "field corrected") == "account number");
    CHECK(notices.cell(0, "corrected value").rfind("****", 0) == 0);
    const Run csv = w.tally({"report", "autopay", "--from", d1_from, "--to", today_utc()});
    REQUIRE(csv.exit_code == 0);
    for (const auto* c : d1.autopay_customers())
      CHECK(csv.out.find(c->bank_account) == std::string::npos);
    // The second NSF return in twelve months ends the R01 customer's autopay, on day two.
    const Report removed = report(w, "autopay", d2_from, d2_to);
    const Table& removals = removed.tables.at("Removals");
    REQUIRE(removals.rows.size() == 1);
    const auto* r01_customer = d1.autopay_customers().at(d1.day.returned.at(0));
    CHECK(removals.cell(0, "customer") == r01_customer->account);
    CHECK(removals.cell(0, "why").find("NSF") != std::string::npos);
    CHECK(report(w, "autopay", d1_from, d1_to).tables.at("Removals").rows.empty());
  }

  SECTION("files") {
    const std::string today = today_utc();
    const Report files = report(w, "files", today, today);
    CHECK(files.summary.at("received") == "12");
    CHECK(files.summary.at("accepted") == "11");
    CHECK(files.summary.at("refused") == "1");
    const Table& t = files.tables.at("Files");
    bool seen = false;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (t.cell(r, "name") != "99-junk.ach") continue;
      seen = true;
      CHECK(t.cell(r, "verdict") == "refused");
      CHECK(t.cell(r, "sha256") == sha256_hex("this is no bank file\n").substr(0, 12));
      CHECK_FALSE(t.cell(r, "reason").empty());
    }
    CHECK(seen);
    const std::string yesterday = tally::BusinessDate::parse_iso(today)->plus_days(-1).to_iso();
    CHECK(report(w, "files", yesterday, yesterday).summary.at("received") == "0");
  }

  SECTION("html and csv") {
    const Run html =
        w.tally({"report", "returns", "--from", d1_from, "--to", d1_to, "--format", "html"});
    REQUIRE(html.exit_code == 0);
    CHECK(html.out.rfind("<!doctype html>", 0) == 0);
    CHECK(html.out.find("insufficient funds") != std::string::npos);
    const Run csv = w.tally({"report", "trial-balance", "--to", d1_to});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("\r\ndifference,0.00\r\n") != std::string::npos);
  }
}

TEST_CASE("an unknown report or a range that ends before it starts is refused with a reason",
          "[e2e][reports]") {
  Workspace w;
  const Run unknown = w.tally({"report", "profits", "--from", "2026-11-01", "--to", "2026-11-30"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no report \"profits\"") != std::string::npos);
  CHECK(unknown.err.find("trial-balance") != std::string::npos);
  const Run backwards =
      w.tally({"report", "payments", "--from", "2026-11-30", "--to", "2026-11-01"});
  CHECK(backwards.exit_code == 2);
  CHECK(backwards.err.find("--from 2026-11-30 is after --to 2026-11-01") != std::string::npos);
  const Run bad_date =
      w.tally({"report", "payments", "--from", "2026-13-01", "--to", "2026-11-01"});
  CHECK(bad_date.exit_code == 2);
  const Run bad_format = w.tally({"report", "payments", "--format", "pdf"});
  CHECK(bad_format.exit_code == 2);
}
