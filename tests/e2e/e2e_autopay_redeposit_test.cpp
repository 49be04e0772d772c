// `tally autopay generate` and `settle` over several cycles, as the NACHA Rules want an
// originator to handle NSF returns (docs/autopay.md): an originated debit posts on its
// effective date, not when the file is written; a debit returned R01 is re-presented as an
// entry of its own (REDEPOSIT) with the same amount, and its fee as a RETURN FEE entry when the
// authorization allows one; after two re-presentments there is no third. Business days pass
// through TALLY_TODAY. Each file is read record by record here, independently of Tally's reader.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fmt/format.h>

#include "core/bank_calendar.h"
#include "core/business_date.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

constexpr std::int64_t kFeeMinor = 2500;  // the NSF fee
constexpr int kServerStartSeconds = 30;

struct Generated {
  std::string file, effective_date;
  std::vector<OriginatedDebit> debits;
};

Generated generate(const Workspace& w, const std::string& config, BusinessDate today) {
  const auto run = w.tally_on(today.to_iso(), {"--config", config, "autopay", "generate", "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto summary = json_object(run.out);
  Generated g{str_of(summary.at("file")), str_of(summary.at("effective_date")), {}};
  if (!g.file.empty()) g.debits = read_debit_file(read_file(g.file));
  return g;
}

void settle(const Workspace& w, const std::string& effective_date) {
  const auto run = w.tally_on(effective_date, {"autopay", "settle", "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(json_object(run.out).at("posted").as_array().size() == 1);
}

// The debits of `g` for `account`, as "DESCRIPTION:amount".
std::vector<std::string> debits_of(const Generated& g, const std::string& account) {
  std::vector<std::string> out;
  for (const auto& d : g.debits) {
    CHECK(d.transaction_code == "27");
    if (d.individual_id == account) out.push_back(fmt::format("{}:{}", d.batch_description, d.amount_minor));
  }
  return out;
}

std::string trace_of(const Generated& g, const std::string& account, const std::string& description) {
  for (const auto& d : g.debits)
    if (d.individual_id == account && d.batch_description == description) return d.trace;
  FAIL("no " << description << " entry for " << account);
  return {};
}

BusinessDate date_of(const std::string& iso) { return *BusinessDate::parse_iso(iso); }

}  // namespace

TEST_CASE("autopay re-presents an R01 debit twice at most as REDEPOSIT with its fee apart and posts on settlement",
          "[e2e][autopay]") {
  Workspace w;
  const std::string config = w.write("tally.toml", "[autopay]\ndebit_return_fees = true\n");
  const DayFiles f = make_day();
  const auto autopay = f.autopay_customers();
  REQUIRE(autopay.size() >= 2);
  const demo::Customer& nsf = *autopay.at(0);
  ingest(w, {w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments)});
  const std::int64_t bill = balance(w, customer(nsf.account));
  {  // A policy that keeps autopay after three NSF returns, so the Rules' limit is what stops here.
    const std::string admin = add_user(w, "ada", "admin");
    const std::uint16_t port = free_port();
    ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(port)})};
    REQUIRE(wait_until_serving(port, kServerStartSeconds));
    const auto set = post(port, admin, "/api/v1/policy",
                          R"({"nsf_fee": "25.00", "nsf_return_codes": ["R01", "R09"], "autopay_removal_returns": 5,
                              "autopay_removal_months": 12, "effective_date": "2026-01-01"})",
                          "policy-1");
    INFO(set.body);
    REQUIRE(set.status == 200);
    server.stop();
  }
  REQUIRE(bill > 0);

  // Cycle 1: the bill, scheduled; nothing posts before the effective date.
  const BusinessDate day0 = f.day.date.plus_days(1);
  const Generated first = generate(w, config, day0);
  REQUIRE(debits_of(first, nsf.account) == std::vector<std::string>{fmt::format("UTIL BILL:{}", bill)});
  CHECK(balance(w, customer(nsf.account)) == bill);
  const auto early = w.tally_on(day0.to_iso(), {"autopay", "settle", "--json"});
  REQUIRE(early.exit_code == 0);
  CHECK(json_object(early.out).at("posted").as_array().empty());
  const auto too_soon = w.tally_on(day0.to_iso(), {"autopay", "settle", "--through", first.effective_date});
  CHECK(too_soon.exit_code == 2);  // a run never posts before its date
  CHECK(too_soon.err.find("not before") != std::string::npos);
  settle(w, first.effective_date);
  CHECK(balance(w, customer(nsf.account)) == 0);

  // It comes back R01: the debit and the fee are owed again. A new bill arrives.
  const BusinessDate e1 = date_of(first.effective_date);
  ingest(w, {w.write("03-r01.ach", ach_returns_file({{trace_of(first, nsf.account, "UTIL BILL"), nsf.account, "R01", bill}},
                                                    tally::bank_calendar::plus_banking_days(e1, 2)))});
  CHECK(balance(w, customer(nsf.account)) == bill + kFeeMinor);
  ingest(w, {w.write("04-bills.csv", next_bills(autopay, e1.plus_days(7)))});

  // Cycle 2: the returned debit again, as its own entry; the fee apart; the new bill.
  const Generated second = generate(w, config, e1.plus_days(8));
  CHECK(debits_of(second, nsf.account) ==
        std::vector<std::string>{fmt::format("UTIL BILL:{}", kNextBillMinor), fmt::format("REDEPOSIT:{}", bill),
                                 fmt::format("RETURN FEE:{}", kFeeMinor)});
  CHECK(debits_of(second, autopay.at(1)->account) == std::vector<std::string>{fmt::format("UTIL BILL:{}", kNextBillMinor)});
  CHECK(balance(w, customer(nsf.account)) == bill + kFeeMinor + kNextBillMinor);  // scheduled, not posted

  // A second run for the date writes nothing and the file stays as it was.
  const std::string second_bytes = read_file(second.file);
  const auto again = w.tally_on(e1.plus_days(8).to_iso(),
                                {"--config", config, "autopay", "generate", "--effective", second.effective_date});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("already generated") != std::string::npos);
  CHECK(read_file(second.file) == second_bytes);

  // Tally's own reader agrees with this one on the file's debits.
  const auto parsed = json_object(run_tally({"parse", "--json", second.file}).out);
  std::int64_t total = 0;
  for (const auto& d : second.debits) total += d.amount_minor;
  CHECK(int_of(parsed.at("summary").at("debit_total_minor")) == total);
  CHECK(int_of(parsed.at("summary").at("batches")) == 3);

  settle(w, second.effective_date);
  CHECK(balance(w, customer(nsf.account)) == 0);

  // The REDEPOSIT comes back R01 too: a second re-presentment, the last one.
  const BusinessDate e2 = date_of(second.effective_date);
  ingest(w, {w.write("05-r01.ach", ach_returns_file({{trace_of(second, nsf.account, "REDEPOSIT"), nsf.account, "R01", bill}},
                                                    tally::bank_calendar::plus_banking_days(e2, 2)))});
  const Generated third = generate(w, config, e2.plus_days(5));
  CHECK(debits_of(third, nsf.account) ==
        std::vector<std::string>{fmt::format("REDEPOSIT:{}", bill), fmt::format("RETURN FEE:{}", kFeeMinor)});
  settle(w, third.effective_date);

  // And again R01: no third re-presentment. Without an authorization for fees, nothing at
  // all is debited; with one, only the new return's fee.
  const BusinessDate e3 = date_of(third.effective_date);
  ingest(w, {w.write("06-r01.ach", ach_returns_file({{trace_of(third, nsf.account, "REDEPOSIT"), nsf.account, "R01", bill}},
                                                    tally::bank_calendar::plus_banking_days(e3, 2)))});
  CHECK(balance(w, customer(nsf.account)) == bill + kFeeMinor);
  const Generated without_fees = generate(w, w.write("plain.toml", "[autopay]\n"), e3.plus_days(5));
  CHECK(debits_of(without_fees, nsf.account).empty());
  const Generated fourth = generate(w, config, e3.plus_days(20));
  CHECK(debits_of(fourth, nsf.account) == std::vector<std::string>{fmt::format("RETURN FEE:{}", kFeeMinor)});
}
