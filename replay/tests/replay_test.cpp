// Replay: a live folder's books rebuilt from its log compare equal digest for digest; a cut
// by date gives the books as they were; a changed value is found in its partition only.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <span>

#include "core/errors.h"
#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "core/log/record_key.h"
#include "ledger/service.h"
#include "ledger/store.h"
#include "ledger/tests/test_support.h"
#include "reconcile/reconciler.h"
#include "reconcile/tests/fixtures.h"
#include "replay/digest.h"
#include "replay/replay.h"
#include "tests/support/temp_dir.h"

namespace tally::replay {
namespace {

namespace lt = ledger::testing;
namespace rt = reconcile::testing;

constexpr std::uint32_t kPartitions = 4;
const BusinessDate kDay1 = rt::day(2026, 1, 5);  // a Monday
const BusinessDate kDay2 = rt::day(2026, 1, 6);

Config folder(const std::string& path) {
  Config c;
  c.data_dir = path;
  c.partitions = kPartitions;
  return c;
}

events::Envelope on(events::Envelope e, BusinessDate date, std::string key) {
  e.set_business_date(date.days());
  e.set_partition_key(std::move(key));
  return e;
}

// A live data folder as `tally serve` keeps it: the log, the ledger posting it (pipelined,
// not bulk: the replay posts in bulk, and must come out the same), the reconciler.
struct Live {
  tally::testing::TempDir dir;
  Config config = folder(dir.path("live"));
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<ledger::Ledger> books;
  std::unique_ptr<reconcile::Reconciler> reconciler;

  Live() {
    std::filesystem::create_directories(config.log_dir());
    auto opened = log::EmbeddedLog::open({config.log_dir(), kPartitions, false});
    REQUIRE(opened.ok());
    log = std::move(opened).value();
    books = lt::open_ledger(config.ledger_dir());
    auto r = reconcile::Reconciler::open(config.reconcile_dir(), *log);
    REQUIRE(r.ok());
    reconciler = std::move(r).value();
  }

  void publish(const std::vector<events::Envelope>& es) {
    for (const auto& e : es) raw(e.partition_key(), events::encode(e));
  }
  void raw(const std::string& key, const std::string& bytes) {
    const log::AppendEntry entry{key, bytes};
    REQUIRE(log->append(std::span(&entry, 1)).ok());
  }
  void post() {
    ledger::LedgerService service(*books, *log, {});
    REQUIRE(service.drain().ok());
    REQUIRE(reconciler->catch_up().ok());
  }
  void reconcile(BusinessDate date) {
    reconcile::RunOptions o;
    o.date = date;
    REQUIRE(reconciler->run(o).ok());
    post();
  }
  // Closes everything, as a process ending would: a replay needs the folder to itself.
  void close() {
    reconciler.reset();
    books.reset();
    log.reset();
  }

  // Day 1: bills, payments on three channels, a return with an NSF fee, a return before its
  // payment (parked, then applied), autopay, a policy, a duplicate, a conflict, a refused
  // payment, bytes that are no event, deposits and the bank's lines, and a reconciler run.
  void day1() {
    auto p1 = on(lt::payment("p1", "100117", 12'000, "REF-1", events::ACH), kDay1, "customer:100117");
    auto p2 = on(lt::payment("p2", "100200", 5'000, "REF-2", events::LOCKBOX), kDay1, "customer:100200");
    auto p3 = on(lt::payment("p3", "100300", 7'500, "REF-3", events::CARD), kDay1, "customer:100300");
    auto p4 = on(lt::payment("p4", "100117", 3'000, "REF-4", events::ACH), kDay1, "customer:100117");
    auto conflict = p2;
    conflict.mutable_payment_received()->mutable_amount()->set_minor(5'001);
    publish({on(lt::policy("pol", 2'500, {"R01"}, 2, 12), kDay1, "customer:100117"),
             on(lt::bill("b1", "100117", 20'000), kDay1, "customer:100117"),
             on(lt::bill("b2", "100200", 8'000), kDay1, "customer:100200"),
             on(lt::bill("b3", "100300", 9'000), kDay1, "customer:100300"),
             on(lt::autopay_enrolled("ap", "100117"), kDay1, "customer:100117"),
             // the return of p4 before p4 itself: parked, applied when p4 comes
             on(lt::payment_return("r4", "p4", "REF-4", 3'000, "R01"), kDay1, "customer:100117"),
             p1, p2, p3, p4, p2 /* duplicate */, conflict,
             on(lt::payment("bad", "100300", -5, "REF-X"), kDay1, "customer:100300"),
             on(lt::payment_return("r1", "p1", "REF-1", 12'000, "R01"), kDay1, "customer:100117"),
             rt::deposit_event("d1", 5'000, kDay1, "LBX-1"),
             rt::bank_event("k1", 5'000, kDay1, "BANKREF-1", "LBX-1"),
             rt::bank_event("k2", 777, kDay1, "BANKREF-2", "NOTHING")});
    raw("customer:100200", "not an event");
    post();
    reconcile(kDay1);
  }

  // Day 2: more of the same, later dated.
  void day2() {
    publish({on(lt::bill("b4", "100117", 4'400), kDay2, "customer:100117"),
             on(lt::payment("p5", "100200", 8'000, "REF-5", events::ACH), kDay2, "customer:100200"),
             on(lt::payment("p6", "100300", 1'000, "REF-6", events::CARD), kDay2, "customer:100300"),
             rt::deposit_event("d2", 8'000, kDay2, "ACH-2", events::ACH),
             rt::bank_event("k3", 8'000, kDay2, "BANKREF-3", "ACH-2")});
    post();
    reconcile(kDay2);
  }
};

std::vector<ScopeComparison> compare(const Config& a, const Config& b) {
  auto c = compare_folders(a, b);
  REQUIRE(c.ok());
  return std::move(c).value();
}

std::vector<std::string> differing(const std::vector<ScopeComparison>& c) {
  std::vector<std::string> out;
  for (const auto& s : c)
    if (!s.equal()) out.push_back(s.store + " " + s.scope);
  return out;
}

ReplayReport replay(const Config& live, const Config& into, Cut cut = {}) {
  ReplayOptions o;
  o.live = live;
  o.into = into;
  o.cut = cut;
  auto r = replay_into(o);
  if (!r) FAIL(r.error().describe());
  return std::move(r).value();
}

std::unique_ptr<ledger::Ledger> open_books(const Config& c) { return lt::open_ledger(c.ledger_dir()); }

std::int64_t balance_of(const ledger::Ledger& books, const std::string& account, std::optional<BusinessDate> as_of) {
  ledger::BalanceQuery q;
  q.as_of = as_of;
  auto b = books.balance(account, q);
  REQUIRE(b.ok());
  return b->balance_minor;
}

TEST_CASE("a replay of every kind of event compares equal digest for digest") {
  Live live;
  live.day1();
  live.day2();
  // The live books met what the replay must meet again.
  const auto stats = [&] {
    ledger::LedgerService again(*live.books, *live.log, {});
    REQUIRE(again.drain().ok());
    return again.totals();
  }();
  CHECK(stats.records == 0);
  live.close();

  tally::testing::TempDir out;
  const Config into = folder(out.path("replayed"));
  const ReplayReport report = replay(live.config, into);
  CHECK(report.ledger.duplicates >= 1);
  CHECK(report.ledger.conflicts == 1);
  CHECK(report.ledger.refused >= 1);
  CHECK(report.ledger.dead_letters == 1);
  CHECK(report.late_records() == 0);
  CHECK(std::filesystem::exists(into.data_dir + "/replay.json"));

  const auto c = compare(live.config, into);
  for (const auto& d : differing(c)) WARN("differs: " << d);
  CHECK(differing(c).empty());
  std::set<std::string> scopes;
  for (const auto& s : c) {
    scopes.insert(s.store + " " + s.scope);
    CHECK(s.live.keys == s.other.keys);
  }
  CHECK(scopes.count("ledger global") == 1);
  CHECK(scopes.count("reconcile all") == 1);
  CHECK(scopes.size() >= 4);  // partitions, global, reconcile

  // The replayed books are the live books, and stay so when opened again: nothing to post.
  auto a = open_books(live.config);
  auto b = open_books(into);
  for (const std::string account : {"customer:100117", "customer:100200", "bank:8765", "revenue:nsf-fees"})
    CHECK(balance_of(*a, account, std::nullopt) == balance_of(*b, account, std::nullopt));
  CHECK(balance_of(*b, "bank:8765", std::nullopt) != 0);  // the reconciler's matches were posted
  CHECK(balance_of(*b, "revenue:nsf-fees", std::nullopt) == -5'000);  // r1 and r4 (R01) under the policy
  CHECK(balance_of(*b, "customer:100117", std::nullopt) == 20'000 + 4'400 + 5'000);
}

TEST_CASE("a replay until a past date gives the books as they were then") {
  Live live;
  live.day1();
  live.day2();
  live.close();
  tally::testing::TempDir out;
  const Config into = folder(out.path("day1"));
  Cut cut;
  cut.until = kDay1;
  const ReplayReport report = replay(live.config, into, cut);
  CHECK(report.late_records() == 0);
  CHECK(report.left_out() > 0);

  auto now = open_books(live.config);
  auto then = open_books(into);
  auto accounts = now->accounts(1000);
  REQUIRE(accounts.ok());
  REQUIRE(accounts->size() > 5);
  std::size_t moved_since = 0;
  for (const auto& a : *accounts) {
    INFO(a.account);
    CHECK(balance_of(*then, a.account, std::nullopt) == balance_of(*now, a.account, kDay1));
    if (balance_of(*then, a.account, std::nullopt) != a.balance_minor) ++moved_since;
  }
  CHECK(moved_since >= 3);  // day 2's bill, payments, deposit
  then.reset();
  now.reset();
  CHECK(!differing(compare(live.config, into)).empty());
}

TEST_CASE("a changed value makes compare report its partition only") {
  Live live;
  live.day1();
  live.close();
  tally::testing::TempDir out;
  const Config into = folder(out.path("replayed"));
  replay(live.config, into);
  REQUIRE(differing(compare(live.config, into)).empty());

  PartitionId damaged(0);
  {
    ledger::StoreOptions o;
    o.path = into.ledger_dir();
    auto store = ledger::Store::open(o);
    REQUIRE(store.ok());
    std::unique_ptr<rocksdb::Iterator> it((*store)->db->NewIterator(ledger::total_order_read(), (*store)->balances));
    it->SeekToFirst();
    REQUIRE(it->Valid());
    const std::string key = it->key().ToString();
    std::string value = it->value().ToString();
    value.back() = static_cast<char>(value.back() ^ 1);
    damaged = PartitionId(static_cast<std::uint32_t>(log::get_be(key, 0, 4)));
    rocksdb::WriteOptions w;
    w.sync = true;
    REQUIRE((*store)->db->Put(w, (*store)->balances, key, value).ok());
  }
  const auto diff = differing(compare(live.config, into));
  REQUIRE(diff.size() == 1);
  CHECK(diff[0] == "ledger partition " + std::to_string(damaged.value()));
}

TEST_CASE("a late record dated before the cut is kept and one dated after is left out") {
  Live live;
  live.day1();
  live.day2();
  // A bill dated day 1 arriving after day 2's records.
  live.publish({on(lt::bill("late", "100200", 1'234), kDay1, "customer:100200")});
  live.post();
  live.close();
  tally::testing::TempDir out;
  const Config into = folder(out.path("day1"));
  Cut cut;
  cut.until = kDay1;
  const ReplayReport report = replay(live.config, into, cut);
  CHECK(report.late_records() == 1);
  CHECK(report.left_out() >= 5);  // day 2: a bill, two payments, a deposit, a bank line, what the run decided
  auto now = open_books(live.config);
  auto then = open_books(into);
  CHECK(balance_of(*then, "customer:100200", std::nullopt) == balance_of(*now, "customer:100200", kDay1));
  CHECK(balance_of(*now, "customer:100200", std::nullopt) - balance_of(*now, "customer:100200", kDay2) == 0);
  CHECK(balance_of(*then, "customer:100200", std::nullopt) == 8'000 - 5'000 + 1'234);
}

TEST_CASE("a replay by position copies each partition up to it") {
  Live live;
  live.day1();
  live.close();
  tally::testing::TempDir out;
  const Config into = folder(out.path("pos"));
  Cut cut;
  cut.default_end = LogPosition(2);
  cut.ends[1] = LogPosition(0);
  const ReplayReport report = replay(live.config, into, cut);
  REQUIRE(report.partitions.size() == kPartitions);
  for (const auto& p : report.partitions) {
    const std::int64_t want = p.partition.value() == 1 ? 0 : std::min<std::int64_t>(2, p.log_end.value());
    CHECK(p.end.value() == want);
  }
  auto copied = log::EmbeddedLog::open({into.log_dir(), kPartitions, false});
  REQUIRE(copied.ok());
  for (const auto& p : report.partitions) CHECK((*copied)->end_position(p.partition) == p.end);
}

TEST_CASE("a folder in use is refused and a folder that is not new is refused") {
  Live live;
  live.day1();
  live.books.reset();
  live.reconciler.reset();
  tally::testing::TempDir out;
  ReplayOptions o;
  o.live = live.config;
  o.into = folder(out.path("x"));
  auto held = replay_into(o);  // live.log still holds the lock
  REQUIRE(!held.ok());
  CHECK(is_in_use(held.error()));
  live.close();

  std::filesystem::create_directories(out.path("full"));
  std::ofstream(out.path("full") + "/something") << "x";
  o.into = folder(out.path("full"));
  CHECK(!replay_into(o).ok());
  o.into = folder(live.config.data_dir + "/inside");
  CHECK(!replay_into(o).ok());
  CHECK(!std::filesystem::exists(live.config.data_dir + "/inside"));
}

}  // namespace
}  // namespace tally::replay
