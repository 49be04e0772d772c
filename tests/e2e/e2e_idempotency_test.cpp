// Idempotency end to end: the same file twice is a no-op that says when it was first
// ingested; a corrected re-send that repeats payments of an earlier file posts each payment
// once (DESIGN.md, "Money and identity").
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "core/accounts.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("the same file twice: the second is a no-op that says when the first was ingested",
          "[e2e][idempotency]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing)});
  const std::int64_t before_first = now_us();
  const auto first = ingest(w, {w.write("lockbox.txt", f.lockbox)});
  const std::int64_t after_first = now_us();
  CHECK(int_of(first.at("accepted")) == 1);
  const auto books = accounts(w);
  const auto entries = verify(w).entries;

  SECTION("JSON: outcome duplicate with the first ingestion's time, nothing published") {
    const std::string again = w.write("lockbox-again.txt", f.lockbox);  // same bytes, another name
    const auto second = ingest(w, {again});
    CHECK(int_of(second.at("accepted")) == 0);
    CHECK(int_of(second.at("duplicates")) == 1);
    CHECK(int_of(second.at("events")) == 0);
    CHECK(int_of(second.at("posted")) == 0);
    const auto& file = second.at("files").as_array().at(0).as_object();
    CHECK(str_of(file.at("outcome")) == "duplicate");
    CHECK(str_of(file.at("sha256")) == sha256_hex(f.lockbox));
    const std::int64_t first_at = int_of(file.at("first_ingested_at_us"));
    CHECK(first_at >= before_first);
    CHECK(first_at <= after_first);
    // Moved aside, out of the way of the next run, and not into quarantine.
    CHECK_FALSE(exists(again));
    CHECK(str_of(file.at("moved_to")).find("/processed/duplicates/") != std::string::npos);
    CHECK(list_dir(w.data_dir() + "/quarantine").empty());
  }
  SECTION("text: says it was already ingested, and when") {
    const Run r = w.tally({"ingest", "--keep", w.write("lockbox-again.txt", f.lockbox)});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("already ingested at 20") != std::string::npos);
    CHECK(r.out.find("nothing done") != std::string::npos);
  }
  CHECK(balance_differences(books, accounts(w)) == "");
  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == entries);
}

TEST_CASE("a corrected re-send repeating payments of an earlier file posts each payment once",
          "[e2e][idempotency]") {
  Workspace w;
  // The first file: payments 1..10. The re-send: payments 6..10 again (same trace numbers,
  // accounts and amounts) and 11..15, new. Different bytes, so not a duplicate file.
  std::vector<Payment> all;
  for (int i = 0; i < 15; ++i) all.push_back({std::to_string(400'100 + i % 12), 1000 + 37 * i});
  const std::vector<Payment> first(all.begin(), all.begin() + 10);
  const std::vector<Payment> resend(all.begin() + 5, all.end());
  const std::string first_file = nacha_payments(first, 1, 'A');
  const std::string resend_file = nacha_payments(resend, 6, 'B');
  REQUIRE(sha256_hex(first_file) != sha256_hex(resend_file));

  const auto one = ingest(w, {w.write("ach-1.ach", first_file)});
  CHECK(int_of(one.at("events")) == 11);  // 10 payments + the batch settlement
  const auto two = ingest(w, {w.write("ach-1-corrected.ach", resend_file)});
  CHECK(int_of(two.at("accepted")) == 1);
  CHECK(int_of(two.at("events")) == 11);  // all 10 of its payments are published ...
  const auto counters = ledger_counters(w);
  CHECK(counters.duplicates == 5);  // ... the 5 repeated ones are recognised as already posted
  CHECK(counters.conflicts == 0);
  CHECK(counters.refused == 0);

  std::map<std::string, std::int64_t> paid;
  for (const Payment& p : all) paid[p.account] += p.amount_minor;
  const auto books = accounts(w);
  std::int64_t customers_total = 0, union_total = 0;
  for (const auto& [account, amount] : paid) {
    INFO(account);
    const auto it = books.find(customer(account));
    REQUIRE(it != books.end());
    CHECK(it->second == -amount);
    union_total += amount;
  }
  for (const auto& [account, minor] : books) {
    const auto name = tally::accounts::parse(account);
    if (name && name->kind == tally::accounts::AccountKind::kCustomer) customers_total += minor;
  }
  CHECK(customers_total == -union_total);
  CHECK(balance(w, all[7].account) == -paid[all[7].account]);  // a repeated payment's customer
  // The re-send's settlement declares only its new payments: each payment is on its way to
  // the bank once and nothing is left in clearing.
  CHECK(books.at("transit:ach") == union_total);
  CHECK(books.at("clearing:ach") == 0);
  const auto& warnings = two.at("files").as_array().at(0).at("warnings").as_array();
  CHECK(std::any_of(warnings.begin(), warnings.end(), [](const boost::json::value& v) {
    return str_of(v.at("code")) == "repeated_payments";
  }));
  CHECK(verify(w).ok);
}

TEST_CASE("a corrected lockbox re-send with late checks deposits only the new checks",
          "[e2e][idempotency]") {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("lockbox.txt", f.lockbox)});
  // The bank re-sends the day with two late checks after the ones it sent before.
  demo::Day later = f.day;
  later.checks.push_back({f.day.customers.at(4).account, "LATE ONE", 1234, "5001", "091000019", "1111222"});
  later.checks.push_back({f.day.customers.at(7).account, "LATE TWO", 4321, "5002", "091000019", "3333444"});
  std::int64_t resent_total = 0;
  const std::string resend = demo::lockbox_file(later, resent_total);
  REQUIRE(resent_total == f.lockbox_total_minor + 1234 + 4321);
  const auto two = ingest(w, {w.write("lockbox-corrected.txt", resend)});
  CHECK(int_of(two.at("accepted")) == 1);

  const auto counters = ledger_counters(w);
  CHECK(counters.duplicates == f.day.checks.size());  // every earlier check is posted once
  CHECK(counters.conflicts == 0);
  CHECK(balance(w, "transit:lockbox") == resent_total);
  CHECK(balance(w, "clearing:lockbox") == 0);
  CHECK(balance(w, f.day.customers.at(4).account) == -1234 + [&] {
    std::int64_t earlier = 0;
    for (const auto& c : f.day.checks)
      if (c.account == f.day.customers.at(4).account) earlier -= c.amount_minor;
    return earlier;
  }());
  CHECK(verify(w).ok);
}
