// The event log contract: every implementation must pass all of it.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/event_reader.h"
#include "core/log/partitioner.h"
#include "core/tests/log_fixtures.h"

using tally::LogPosition;
using tally::PartitionId;
using tally::testing::EmbeddedLogFixture;
using tally::testing::KafkaLogFixture;
namespace tlog = tally::log;

namespace {

struct Owned {
  std::string key, value;
};

std::vector<tlog::AppendEntry> view(const std::vector<Owned>& owned) {
  std::vector<tlog::AppendEntry> out;
  for (const auto& o : owned) out.push_back({o.key, o.value});
  return out;
}

std::vector<Owned> make_batch(int first, int count) {
  std::vector<Owned> out;
  for (int i = first; i < first + count; ++i)
    out.push_back({tally::accounts::customer(std::to_string(i % 7)), "value-" + std::to_string(i)});
  return out;
}

// Reads until `expected` records arrived or 60 s passed (bounded by time: a poll returns as
// soon as anything arrived, and on a loaded machine records trickle in).
std::vector<tlog::LogRecord> drain(tlog::LogConsumer& consumer, std::size_t expected) {
  std::vector<tlog::LogRecord> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
    auto polled = consumer.poll(200, 1000);
    REQUIRE(polled.ok());
    for (auto& r : *polled) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("log contract: append places each entry by the partitioner and reports positions",
                   "[log]", EmbeddedLogFixture, KafkaLogFixture) {
  TestType fx;
  const auto owned = make_batch(0, 40);
  const auto entries = view(owned);
  auto appended = fx.get().append(entries);
  REQUIRE(appended.ok());
  REQUIRE(appended->size() == entries.size());
  std::map<std::uint32_t, std::int64_t> last;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto [p, pos] = (*appended)[i];
    CHECK(p == tlog::partition_for(entries[i].key, fx.get().partition_count()));
    if (last.count(p.value())) CHECK(pos.value() == last[p.value()] + 1);  // ordered, no gaps
    last[p.value()] = pos.value();
  }
}

TEMPLATE_TEST_CASE("log contract: a partition reads back from any position in order", "[log]",
                   EmbeddedLogFixture, KafkaLogFixture) {
  TestType fx;
  const auto owned = make_batch(0, 60);
  auto appended = fx.get().append(view(owned));
  REQUIRE(appended.ok());
  const PartitionId p = (*appended)[0].partition;
  std::vector<std::size_t> in_p;  // indexes of entries that went to p
  for (std::size_t i = 0; i < appended->size(); ++i)
    if ((*appended)[i].partition == p) in_p.push_back(i);
  REQUIRE(in_p.size() >= 3);
  const LogPosition from = (*appended)[in_p[1]].position;

  tlog::ConsumerOptions options;
  options.partitions = {p};
  options.start_position = [&](PartitionId) { return from; };
  auto consumer = fx.get().consume(options);
  REQUIRE(consumer.ok());
  auto records = drain(**consumer, in_p.size() - 1);
  REQUIRE(records.size() == in_p.size() - 1);
  for (std::size_t k = 0; k < records.size(); ++k) {
    const Owned& sent = owned[in_p[k + 1]];
    CHECK(records[k].partition == p);
    CHECK(records[k].position == (*appended)[in_p[k + 1]].position);
    CHECK(records[k].key == sent.key);
    CHECK(records[k].value == sent.value);
  }
}

TEMPLATE_TEST_CASE("log contract: a consumer of all partitions sees every record once", "[log]",
                   EmbeddedLogFixture, KafkaLogFixture) {
  TestType fx;
  const auto first = make_batch(0, 50), second = make_batch(50, 50);
  REQUIRE(fx.get().append(view(first)).ok());
  tlog::ConsumerOptions options;
  options.group = "contract-all";
  auto consumer = fx.get().consume(options);
  REQUIRE(consumer.ok());
  REQUIRE(fx.get().append(view(second)).ok());  // appended while the consumer exists: tailing
  auto records = drain(**consumer, 100);
  std::multiset<std::string> seen;
  for (const auto& r : records) seen.insert(r.value);
  CHECK(seen.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(seen.count("value-" + std::to_string(i)) == 1);
  auto more = (*consumer)->poll(300, 10);  // nothing else arrives
  REQUIRE(more.ok());
  CHECK(more->empty());
}

TEMPLATE_TEST_CASE("log contract: an empty batch appends nothing", "[log]", EmbeddedLogFixture,
                   KafkaLogFixture) {
  TestType fx;
  auto appended = fx.get().append({});
  REQUIRE(appended.ok());
  CHECK(appended->empty());
}

TEMPLATE_TEST_CASE("log contract: reading a partition that does not exist is an error", "[log]",
                   EmbeddedLogFixture, KafkaLogFixture) {
  TestType fx;
  tlog::ConsumerOptions options;
  options.partitions = {PartitionId(fx.get().partition_count())};
  CHECK_FALSE(fx.get().consume(options).ok());
}

TEMPLATE_TEST_CASE("log contract: a corrupted record is dead-lettered with its position and the "
                   "reader goes on", "[log]", EmbeddedLogFixture, KafkaLogFixture) {
  namespace ev = tally::events;
  TestType fx;
  ev::Envelope good;
  good.set_id(std::string(ev::command_id("good").as_string_view()));
  good.set_type(ev::BILL_ISSUED);
  good.set_schema_version(ev::kSchemaVersion);
  good.mutable_bill_issued()->set_account_id("1");
  ev::Envelope future = good;
  future.set_schema_version(ev::kSchemaVersion + 7);
  std::string future_bytes;
  REQUIRE(future.SerializeToString(&future_bytes));
  const std::string good_bytes = ev::encode(good);
  // All under one key: one partition, in this order.
  const std::vector<tlog::AppendEntry> batch = {
      {"k", "\x08\xff\xff garbage"}, {"k", future_bytes}, {"k", good_bytes}};
  auto appended = fx.get().append(batch);
  REQUIRE(appended.ok());

  tlog::ConsumerOptions options;
  options.partitions = {(*appended)[0].partition};
  auto consumer = fx.get().consume(options);
  REQUIRE(consumer.ok());
  tlog::EventReader reader(fx.get(), std::move(consumer).value());
  std::vector<tlog::ReadItem> items;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (items.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    auto polled = reader.poll(200, 10);
    REQUIRE(polled.ok());
    for (auto& item : *polled) items.push_back(std::move(item));
  }
  REQUIRE(items.size() == 3);
  CHECK_FALSE(items[0].event.has_value());
  CHECK_FALSE(items[1].event.has_value());
  CHECK(items[1].error.find("schema version") != std::string::npos);
  REQUIRE(items[2].event.has_value());
  CHECK(items[2].event->bill_issued().account_id() == "1");
  CHECK(reader.dead_lettered() == 2);

  auto letters = fx.get().read_dead_letters(10);
  REQUIRE(letters.ok());
  REQUIRE(letters->size() == 2);
  CHECK((*letters)[0].position == (*appended)[0].position);
  CHECK((*letters)[1].position == (*appended)[1].position);
  CHECK((*letters)[1].value == future_bytes);
  CHECK_FALSE((*letters)[0].reason.empty());
}
