// verify recomputes the hash chain and the sums, and names the first bad entry.
#include <catch2/catch.hpp>

#include "ledger/keys.h"
#include "ledger/records.h"
#include "ledger/store.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

void fill(const std::string& path) {
  auto ledger = open_ledger(path);
  PartitionWriter w(PartitionId(2));
  std::vector<log::LogRecord> records;
  for (int i = 0; i < 20; ++i)
    records.push_back(
        w.record(payment("p" + std::to_string(i), std::to_string(i % 3), 100 + i, "")));
  apply_ok(*ledger, records);
  auto report = ledger->verify();
  REQUIRE(report.ok());
  REQUIRE(report->ok);
  CHECK(report->entries == 20);
  CHECK(report->accounts == 4);
}

// Rewrites one stored value behind the ledger's back.
template <class Fn>
void tamper(const std::string& path, Family family, const std::string& key, Fn&& change) {
  auto store = Store::open({path});
  REQUIRE(store.ok());
  rocksdb::ColumnFamilyHandle* cf = (*store)->handles[static_cast<std::size_t>(family)];
  std::string value;
  REQUIRE((*store)->db->Get(rocksdb::ReadOptions(), cf, key, &value).ok());
  change(value);
  REQUIRE((*store)->db->Put(rocksdb::WriteOptions(), cf, key, value).ok());
}

}  // namespace

TEST_CASE("verify names an entry whose stored bytes were changed", "[ledger][verify]") {
  TempDir dir;
  fill(dir.path());
  tamper(dir.path(), Family::kJournal, keys::journal(PartitionId(2), EntrySequence(7)),
         [](std::string& v) {
           auto e = decode_entry(v);
           REQUIRE(e.ok());
           // Move a cent between the two postings: still balanced, but not what was hashed.
           Entry changed = e.value();
           changed.postings[0].amount_minor += 1;
           changed.postings[1].amount_minor -= 1;
           std::string out;
           encode_entry(changed, out);
           out.replace(out.size() - 32, 32, v.substr(v.size() - 32));  // keep the old hash
           v = out;
         });
  auto ledger = open_ledger(dir.path());
  auto report = ledger->verify();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok);
  REQUIRE(report->problem);
  CHECK(report->problem->partition == PartitionId(2));
  CHECK(report->problem->seq == EntrySequence(7));
  CHECK(report->problem->event_id == test_id("p6"));
  CHECK_THAT(report->problem->reason, Catch::Contains("hash"));
}

TEST_CASE("verify names the entry after one whose hash was recomputed by the tamperer",
          "[ledger][verify]") {
  TempDir dir;
  fill(dir.path());
  tamper(dir.path(), Family::kJournal, keys::journal(PartitionId(2), EntrySequence(4)),
         [](std::string& v) {
           Entry changed = decode_entry(v).value();
           changed.memo = "nothing to see";
           v.clear();
           encode_entry(changed, v);  // a self-consistent entry: only the chain shows it
         });
  auto report = open_ledger(dir.path())->verify();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok);
  CHECK(report->problem->seq == EntrySequence(5));
  CHECK_THAT(report->problem->reason, Catch::Contains("chain"));
}

TEST_CASE("verify finds a balance that is not the sum of its postings", "[ledger][verify]") {
  TempDir dir;
  fill(dir.path());
  tamper(dir.path(), Family::kBalances, keys::balance(PartitionId(2), "customer:1"),
         [](std::string& v) {
           BalanceValue b = decode_balance(v).value();
           b.balance_minor -= 100;
           v.clear();
           encode_balance(b, v);
         });
  auto report = open_ledger(dir.path())->verify();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok);
  CHECK(report->problem->account == "customer:1");
  CHECK_THAT(report->problem->reason, Catch::Contains("journal sums"));
}

TEST_CASE("verify finds a posting index line that differs from the journal", "[ledger][verify]") {
  TempDir dir;
  fill(dir.path());
  tamper(dir.path(), Family::kPostings,
         keys::posting(PartitionId(2), "customer:2", EntrySequence(6)), [](std::string& v) {
           PostingValue p = decode_posting(v).value();
           p.amount_minor -= 1;
           v.clear();
           encode_posting(p, v);
         });
  auto report = open_ledger(dir.path())->verify();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok);
  CHECK(report->problem->account == "customer:2");
}
