// BAI2 statements to events: each 16 with money a BankTransaction; each 03's opening and
// closing ledger one BankBalanceReported.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/events/event_ids.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using formats::Format;

namespace {

// One group, one account: `body` is the 03 and its 16/88 records, `records` how many,
// `total` the sum of their amounts; the trailers are computed.
std::string file(const std::string& body, std::int64_t total, int records, char status = '1') {
  const std::string t = std::to_string(total);
  return std::string("01,TALLYBANK,UTILITY01,261120,0800,7,,,2/\n") + "02,UTILITY01,TALLYBANK," +
         status + ",261119,2400,,2/\n" + body + "49," + t + "," + std::to_string(records + 1) +
         "/\n" + "98," + t + ",1," + std::to_string(records + 3) + "/\n" + "99," + t + ",1," +
         std::to_string(records + 5) + "/\n";
}

const std::string kBody =
    "03,0001234567890,USD,010,+150000,,,015,175000,,/\n"  // balances: no events
    "16,115,30000,0,LBX001,INV-1,LOCKBOX DEPOSIT/\n"
    "16,142,10000,V,261120,0900,ACH001,,PAYROLL CREDIT/\n"
    "16,475,15000,Z,,1001,CHECK PAID/\n"
    "88,SERIAL 1001/\n";
constexpr std::int64_t kTotal = 150000 + 175000 + 30000 + 10000 + 15000;
constexpr int kRecords = 5;

struct Account {
  std::string body;  // the 03 and its 16/88 records
  std::int64_t total = 0;
  int records = 0;
};

// One group of several accounts in `currency` ("" defaults to USD); trailers computed.
std::string group_file(const std::string& currency, const std::vector<Account>& accounts) {
  std::string out =
      "01,TALLYBANK,UTILITY01,261120,0800,7,,,2/\n02,UTILITY01,TALLYBANK,1,261119,2400," +
      currency + ",2/\n";
  std::int64_t total = 0;
  int records = 0;
  for (const Account& a : accounts) {
    out += a.body + "49," + std::to_string(a.total) + "," + std::to_string(a.records + 1) + "/\n";
    total += a.total;
    records += a.records + 1;
  }
  const std::string t = std::to_string(total), n = std::to_string(accounts.size());
  out += "98," + t + "," + n + "," + std::to_string(records + 2) + "/\n";
  out += "99," + t + ",1," + std::to_string(records + 4) + "/\n";
  return out;
}

const BusinessDate kAsOf = *BusinessDate::parse_iso("2026-11-19");

const events::BankBalanceReported& only_balance(const std::vector<events::Envelope>& all) {
  const auto balances = of_type(all, events::BANK_BALANCE_REPORTED);
  REQUIRE(balances.size() == 1);
  return balances[0]->bank_balance_reported();
}

}  // namespace

TEST_CASE("bai2 mapper: transaction details become bank transactions", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal, kRecords));
  REQUIRE(m.map.accepted);
  REQUIRE(m.events.size() == 4);  // three lines, then the 03's balances (bank_balance.h)
  CHECK(summary_int(m.map, "bank_transactions_posted") == 3);
  CHECK(m.events[3].type() == events::BANK_BALANCE_REPORTED);

  const events::Envelope& lockbox = m.events[0];
  CHECK(lockbox.type() == events::BANK_TRANSACTION);
  CHECK(lockbox.partition_key() == "bank:7890");
  const auto& t = lockbox.bank_transaction();
  CHECK(t.bank_account() == "7890");
  CHECK(t.account_hash() == account_hash(context(), "", "0001234567890"));
  CHECK(t.bank_reference() == "LBX001");
  CHECK(t.customer_reference() == "INV-1");
  CHECK(t.direction() == events::BankTransaction::CREDIT);
  CHECK(t.amount().minor() == 30000);
  CHECK(t.amount().currency() == "USD");
  CHECK(t.type_code() == "115");
  CHECK(t.booking_date() == BusinessDate::parse_iso("2026-11-19")->days());  // the as-of date
  CHECK(lockbox.business_date() == t.booking_date());
  CHECK(t.value_date() == 0);  // immediate availability names no date
  CHECK(t.description() == "LOCKBOX DEPOSIT");
  CHECK(t.source_format() == "bai2");
  // Leading zeros of the account number do not change the key.
  CHECK(lockbox.id() == id_bytes(events::bank_line_id("1234567890", "LBX001")));

  const auto& ach = m.events[1].bank_transaction();
  CHECK(ach.value_date() == BusinessDate::parse_iso("2026-11-20")->days());  // funds type V
  CHECK(ach.bank_reference() == "ACH001");
  CHECK(ach.customer_reference().empty());

  const auto& check = m.events[2].bank_transaction();
  CHECK(check.direction() == events::BankTransaction::DEBIT);
  CHECK(check.amount().minor() == 15000);  // positive; the direction gives the sign
  CHECK(check.type_code() == "475");
  CHECK(check.description() == "CHECK PAID SERIAL 1001");
  CHECK(check.bank_reference().empty());
  // No bank reference: keyed by the file and the 16's record ordinal (01 is record 1).
  CHECK(m.events[2].id() == id_bytes(events::bank_line_id_unreferenced(context().sha256, 6)));
  CHECK(ids_distinct(m.events));
}

TEST_CASE("bai2 mapper: ids are stable, only unreferenced lines depend on the file",
          "[ingest][bai2]") {
  const std::string f = file(kBody, kTotal, kRecords);
  const auto first = map_accepted(Format::bai2, f);
  const auto again = map_accepted(Format::bai2, f);
  CHECK(same_ids(first, again));
  const auto other_file = map_accepted(Format::bai2, f, context(std::string(64, 'f')));
  REQUIRE(other_file.size() == 4);
  CHECK(other_file[0].id() == first[0].id());
  CHECK(other_file[1].id() == first[1].id());
  CHECK(other_file[2].id() != first[2].id());
  CHECK(other_file[3].id() == first[3].id());  // the balances: account and as-of date
}

TEST_CASE("bai2 mapper: an 03's opening and closing ledger are one balance event of the as-of date",
          "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal, kRecords));
  REQUIRE(m.map.accepted);
  CHECK(summary_int(m.map, "balances_reported") == 1);
  const auto balances = of_type(m.events, events::BANK_BALANCE_REPORTED);
  REQUIRE(balances.size() == 1);
  const events::Envelope& e = *balances[0];
  CHECK(e.partition_key() == "bank:7890");  // beside the account's lines
  CHECK(e.business_date() == kAsOf.days());
  CHECK(e.source().record_ordinal() == 3);  // the 03
  // Leading zeros of the account number do not change the key, as for lines.
  CHECK(e.id() == id_bytes(events::bank_balance_id("1234567890", kAsOf, 150000, 175000, "bai2")));
  const auto& b = e.bank_balance_reported();
  CHECK(b.bank_account() == "7890");
  CHECK(b.account_hash() == account_hash(context(), "", "0001234567890"));
  CHECK(b.balance_date() == kAsOf.days());
  REQUIRE(b.has_opening_ledger());
  CHECK(b.opening_ledger().minor() == 150000);
  CHECK(b.opening_ledger().currency() == "USD");
  REQUIRE(b.has_closing_ledger());
  CHECK(b.closing_ledger().minor() == 175000);
  CHECK(b.closing_ledger().currency() == "USD");
  CHECK(b.source_format() == "bai2");
}

TEST_CASE("bai2 mapper: an 03 with only a closing ledger sets only the closing balance",
          "[ingest][bai2]") {
  // Overdrawn: status amounts carry their sign. The 03 names no currency: the group's (USD).
  const auto events =
      map_accepted(Format::bai2, file("03,0001234567890,,015,-2500,,/\n", -2500, 1));
  REQUIRE(events.size() == 1);
  const auto& b = only_balance(events);
  CHECK_FALSE(b.has_opening_ledger());
  REQUIRE(b.has_closing_ledger());
  CHECK(b.closing_ledger().minor() == -2500);
  CHECK(b.closing_ledger().currency() == "USD");
}

TEST_CASE("bai2 mapper: balances are in the account's currency, else the group's",
          "[ingest][bai2]") {
  const auto events = map_accepted(
      Format::bai2, group_file("CAD", {{"03,111122223333,,010,500,,/\n", 500, 1},
                                       {"03,444455556666,USD,010,700,,,015,800,,/\n", 1500, 1}}));
  const auto balances = of_type(events, events::BANK_BALANCE_REPORTED);
  REQUIRE(balances.size() == 2);
  const auto& group_currency = balances[0]->bank_balance_reported();
  CHECK(group_currency.bank_account() == "3333");
  CHECK(group_currency.opening_ledger().currency() == "CAD");
  CHECK_FALSE(group_currency.has_closing_ledger());
  const auto& own_currency = balances[1]->bank_balance_reported();
  CHECK(own_currency.bank_account() == "6666");
  CHECK(own_currency.opening_ledger().currency() == "USD");
  CHECK(own_currency.closing_ledger().minor() == 800);
}

TEST_CASE("bai2 mapper: an 03 without opening or closing ledger reports no balance",
          "[ingest][bai2]") {
  // 040 opening available and 100 total credits are other amounts: not the ledger balance.
  const Mapped m = run(Format::bai2, file("03,55501234,USD,040,100,,,100,300,2,/\n", 400, 1));
  REQUIRE(m.map.accepted);
  CHECK(m.events.empty());
  CHECK(summary_int(m.map, "balances_reported") == 0);
}

TEST_CASE("bai2 mapper: a re-sent statement reports the same balance event", "[ingest][bai2]") {
  const std::string f = file(kBody, kTotal, kRecords);
  const auto first = map_accepted(Format::bai2, f);
  const auto resent = map_accepted(Format::bai2, f, context(std::string(64, 'c')));
  const auto a = of_type(first, events::BANK_BALANCE_REPORTED);
  const auto b = of_type(resent, events::BANK_BALANCE_REPORTED);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0]->id() == b[0]->id());
  CHECK(a[0]->bank_balance_reported().SerializeAsString() ==
        b[0]->bank_balance_reported().SerializeAsString());
}

TEST_CASE("bai2 mapper: an account's as-of date reported twice in a file is one balance event",
          "[ingest][bai2]") {
  // Were they two events under one id with other content, intake would refuse the file.
  const Mapped m =
      run(Format::bai2, group_file("", {{"03,55501234,USD,010,100,,,015,200,,/\n", 300, 1},
                                        {"03,555-01234,USD,010,200,,,015,300,,/\n", 500, 1},
                                        {"03,55501234,USD,040,300,,/\n", 300, 1}}));
  REQUIRE(m.map.accepted);
  REQUIRE(m.events.size() == 1);
  const auto& b = m.events[0].bank_balance_reported();
  CHECK(b.opening_ledger().minor() == 100);           // the day's first opening
  CHECK(b.closing_ledger().minor() == 300);           // and its last closing
  CHECK(m.events[0].source().record_ordinal() == 3);  // the first 03
  CHECK(has_warning(m.map, "repeated_balance"));
}

TEST_CASE("bai2 mapper: a reference repeated within an account report is two lines",
          "[ingest][bai2]") {
  const std::string body =
      "03,55501234,USD/\n"
      "16,165,100,0,SAME,,FIRST/\n"
      "16,165,100,0,SAME,,SECOND/\n";
  const Mapped m = run(Format::bai2, file(body, 200, 3));
  REQUIRE(m.events.size() == 2);
  CHECK(m.events[0].id() != m.events[1].id());
  CHECK(has_warning(m.map, "repeated_reference"));
}

TEST_CASE("bai2 mapper: test-only groups are not posted", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal, kRecords, '4'));
  REQUIRE(m.map.accepted);
  CHECK(m.events.empty());  // neither the lines nor the balances
  CHECK(has_warning(m.map, "not_posted"));
}

TEST_CASE("bai2 mapper: check and map agree on a refused file", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal + 1, kRecords));  // trailers off by a cent
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);
  const Mapped garbage = run(Format::bai2, "01,oops/\n");
  CHECK_FALSE(garbage.map.accepted);
  CHECK(garbage.events.empty());
}
