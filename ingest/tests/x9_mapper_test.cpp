// X9.37 returned items to events: returns become PaymentReturned; forward items and
// notifications are not posted.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <memory>

#include "ingest/errors.h"
#include "ingest/file_memory.h"
#include "ingest/file_registry.h"
#include "ingest/tests/mapper_test_support.h"
#include "tests/support/temp_dir.h"

using namespace mapper_test;
using formats::Format;

namespace {

// Our own line-framed ASCII records, 80 columns, positions as formats/x9/README.md lists them.
std::string a(std::string_view s, std::size_t width) {
  std::string out(s.substr(0, width));
  out.resize(width, ' ');
  return out;
}

struct Item {
  int type = 31;
  std::int64_t amount = 0;
  char reason = 'A';
  std::string bofd_sequence;  // a 32 addendum with this BOFD item sequence number
  int sequence = 0;           // the item sequence number; 0: the next one
};

std::string file(const std::vector<Item>& items, std::string_view collection = "03",
                 std::int64_t total_adjust = 0) {
  std::vector<std::string> r;
  r.push_back("0135T061000146026073150202611200911N" + a("FIRST BANK", 18) + a("CITY WATER", 18) +
              "1US" + a("", 5));
  r.push_back(fmt::format("10{}06100014602607315020261120202611200911IG{}{}5551234567C   ",
                          collection, a("CL1", 8), a("CONTACT", 14)));
  r.push_back(fmt::format("20{}0610001460260731502026112020261120{}000101026073150{}", collection,
                          a("B1", 10), a("", 17)));
  std::int64_t total = 0, micr = 0;
  int sequence = 0;
  for (const Item& it : items) {
    ++sequence;
    const std::string seq = fmt::format("{:015}", it.sequence != 0 ? it.sequence : sequence);
    total += it.amount;
    if (it.type == 25) {
      micr += it.amount;
      r.push_back(fmt::format("25{} 122000661{}{:010}{}GD1Y000B", a("", 15), a("1211-1234-56789/", 20),
                              it.amount, seq));
    } else {
      const int addenda = it.bofd_sequence.empty() ? 0 : 1;
      r.push_back(fmt::format("31031300012{}{:010}{}{:02}G20261118{} 2B0{}", a("5558881/1044", 20),
                              it.amount, it.reason, addenda, seq, a("", 8)));
      if (addenda)
        r.push_back("32" "1" "121042882" "20261118" + a(it.bofd_sequence, 15) + a("938383", 18) +
                    a("", 5) + a("CITY WATER", 15) + "Y10" + a("", 4));
    }
  }
  const auto n = static_cast<std::int64_t>(items.size());
  r.push_back(fmt::format("70{:04}{:012}{:012}{:05}{}0{}", n, total + total_adjust, micr, 0, a("", 20),
                          a("", 24)));
  r.push_back(fmt::format("90{:06}{:08}{:014}{:09}{}202611210{}", 1, n, total, 0, a("FIRST BANK", 18),
                          a("", 14)));
  const auto records = static_cast<std::int64_t>(r.size()) + 1;
  r.push_back(fmt::format("99{:06}{:08}{:08}{:016}{}55512345670{}", 1, records, n, total,
                          a("CONTACT", 14), a("", 15)));
  std::string out;
  for (const std::string& line : r) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("x9 mapper: fixture records are 80 columns", "[ingest][x9]") {
  const std::string f = file({{31, 100, 'A', "777"}, {25, 50, ' ', ""}});
  std::size_t start = 0;
  while (start < f.size()) {
    const std::size_t end = f.find('\n', start);
    INFO(f.substr(start, end - start));
    CHECK(end - start == 80);
    start = end + 1;
  }
}

TEST_CASE("x9 mapper: returned items become check returns with the reason letter",
          "[ingest][x9]") {
  const Mapped m = run(Format::x9, file({{31, 12345, 'A', "000000000000777"},
                                         {31, 5000, 'C', ""},
                                         {25, 9900, ' ', ""}}));
  REQUIRE(m.map.accepted);
  REQUIRE(m.events.size() == 2);  // the forward check (25) is not posted
  CHECK(summary_int(m.map, "returns_posted") == 2);
  CHECK(summary_int(m.map, "forward_items_not_posted") == 1);

  const events::Envelope& first = m.events[0];
  CHECK(first.type() == events::PAYMENT_RETURNED);
  CHECK(first.partition_key() == "suspense");  // the return names no customer account
  const auto& r = first.payment_returned();
  CHECK(r.kind() == events::CHECK_RETURN);
  CHECK(r.amount().minor() == 12345);
  CHECK(r.amount().currency() == "USD");
  CHECK(r.return_code() == "A");
  CHECK_FALSE(r.reason().empty());
  CHECK(r.account_id().empty());
  CHECK(r.original_reference() == "000000000000777");  // the BOFD sequence from the 32
  CHECK(r.return_date() == BusinessDate::parse_iso("2026-11-20")->days());
  CHECK(first.source().record_ordinal() == 4);

  const auto& second = m.events[1].payment_returned();
  CHECK(second.return_code() == "C");
  CHECK(second.amount().minor() == 5000);
  CHECK(second.original_reference() == "000000000000002");  // no 32: its own sequence number
  CHECK(ids_distinct(m.events));
}

TEST_CASE("x9 mapper: ids are the same on every run", "[ingest][x9]") {
  const std::string f = file({{31, 100, 'A', ""}, {31, 100, 'A', ""}});
  const auto first = map_accepted(Format::x9, f);
  const auto second = map_accepted(Format::x9, f, context(std::string(64, 'c')));
  REQUIRE(first.size() == 2);
  CHECK(same_ids(first, second));  // not keyed by the file
  CHECK(first[0].id() != first[1].id());
}

TEST_CASE("x9 mapper: two returns alike in one file are two events", "[ingest][x9]") {
  // Sequence numbers may restart in each cash letter: the second return with the same key is
  // not a re-send of the first.
  const Mapped m = run(Format::x9, file({{31, 100, 'A', "", 7}, {31, 100, 'A', "", 7}}));
  REQUIRE(m.events.size() == 2);
  CHECK(ids_distinct(m.events));
  CHECK(has_warning(m.map, "repeated_reference"));
}

TEST_CASE("x9 mapper: return notifications are not posted", "[ingest][x9]") {
  const Mapped m = run(Format::x9, file({{31, 100, 'A', ""}}, "05"));
  REQUIRE(m.map.accepted);
  CHECK(m.events.empty());
  CHECK(has_warning(m.map, "not_posted"));
}

TEST_CASE("x9 mapper: check and map agree on a refused file", "[ingest][x9]") {
  const Mapped m = run(Format::x9, file({{31, 100, 'A', ""}}, "03", 1));  // bundle total off by 1
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);
  const Mapped garbage = run(Format::x9, "01 this is not an x9 file\n");
  CHECK_FALSE(garbage.map.accepted);
  CHECK(garbage.events.empty());
}

// The return's payor routing and on-us field ("5558881/1044": account, on-us symbol, serial)
// name a check an accepted lockbox file deposited: the return points at that payment and its
// customer, on the payment's partition. The same check for another amount is not that check.
TEST_CASE("X9 return of a check a lockbox file deposited: original payment, customer and partition",
          "[ingest][x9]") {
  tally::testing::TempDir dir;
  auto registry = FileRegistry::open(dir.path("ingest"));
  REQUIRE(registry.ok());
  FileContext ctx = context();
  ctx.registry = registry->get();
  const EventId deposited = EventId::from_business_key("test-payment", {"lockbox check 1044"});
  {
    FileMemory memory(registry->get());
    memory.deposited_check({*check_key(ctx, "031300012", "5558881", "1044"), "100042", deposited, 12000});
    FileRecord record{std::string(64, 'c'), "lockbox.txt", "lockbox", "accepted", 1, 1, "test", false};
    REQUIRE((*registry)->record(record, &memory).ok());
  }
  const Mapped m = run(Format::x9, file({{31, 12000, 'A', "77", 0}, {31, 9900, 'A', "", 0}}), ctx);
  REQUIRE(m.map.accepted);
  CHECK(summary_int(m.map, "returns_matched_to_checks") == 1);
  const auto returns = of_type(m.events, events::PAYMENT_RETURNED);
  REQUIRE(returns.size() == 2);
  const auto& matched = returns[0]->payment_returned();
  CHECK(matched.original_event_id() == id_bytes(deposited));
  CHECK(matched.account_id() == "100042");
  CHECK(matched.original_channel() == events::LOCKBOX);
  CHECK(returns[0]->partition_key() == "customer:100042");
  const auto& unmatched = returns[1]->payment_returned();
  CHECK(unmatched.original_event_id().empty());
  CHECK(unmatched.account_id().empty());
  CHECK(returns[1]->partition_key() == "suspense");
}

namespace {

// Overwrites the deposited check under `key` with bytes that do not decode: a registry read
// that fails, as a damaged or unreadable registry would make it.
void damage_check(const std::string& registry_path, const std::string& key) {
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), registry_path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), registry_path, families, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  const auto checks = std::find(names.begin(), names.end(), "checks");
  REQUIRE(checks != names.end());
  const auto cf = handles[static_cast<std::size_t>(checks - names.begin())];
  CHECK(db->Put(rocksdb::WriteOptions(), cf, key, "not a deposited check").ok());
  for (auto* h : handles) CHECK(db->DestroyColumnFamilyHandle(h).ok());
}

}  // namespace

TEST_CASE("a registry read that fails while mapping is a registry error, not a report issue",
          "[ingest][x9]") {
  tally::testing::TempDir dir;
  const std::string path = dir.path("ingest");
  FileContext ctx = context();
  const std::string key = *check_key(ctx, "031300012", "5558881", "1044");
  {
    auto registry = FileRegistry::open(path);
    REQUIRE(registry.ok());
    FileMemory memory(registry->get());
    memory.deposited_check(
        {key, "100042", EventId::from_business_key("test-payment", {"1044"}), 12000});
    FileRecord record{
        std::string(64, 'c'), "lockbox.txt", "lockbox", "accepted", 1, 1, "test", false};
    REQUIRE((*registry)->record(record, &memory).ok());
  }
  damage_check(path, key);
  auto registry = FileRegistry::open(path);
  REQUIRE(registry.ok());
  ctx.registry = registry->get();
  CollectingSink sink;
  const auto mapped = map_file(Format::x9, file({{31, 12000, 'A', "", 0}}), ctx, sink);
  REQUIRE_FALSE(mapped.ok());
  CHECK(mapped.error().code == IngestErrc::registry);
}
