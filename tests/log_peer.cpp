// log_peer: a separate process that produces or consumes events over Kafka, for the
// multi-process test (kafka_multiprocess_test.sh). Not installed; tests only.
//   log_peer produce BROKERS TOPIC COUNT          appends COUNT events, prints acknowledged=N
//   log_peer consume BROKERS TOPIC COUNT SECONDS  reads until COUNT distinct event ids arrived
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/event_reader.h"
#include "core/log/kafka_log.h"

namespace ev = tally::events;
namespace tlog = tally::log;

static ev::Envelope payment(int i) {
  ev::Envelope e;
  e.set_id(std::string(ev::command_id("mp-" + std::to_string(i)).as_string_view()));
  e.set_type(ev::PAYMENT_RECEIVED);
  e.set_schema_version(ev::kSchemaVersion);
  e.set_partition_key(tally::accounts::customer(std::to_string(i % 13)));
  auto* p = e.mutable_payment_received();
  p->set_channel(ev::ACH);
  p->set_account_id(std::to_string(i % 13));
  p->mutable_amount()->set_minor(100 + i);
  p->mutable_amount()->set_currency("USD");
  return e;
}

static int produce(tlog::KafkaLog& log, int count) {
  int acknowledged = 0;
  for (int start = 0; start < count; start += 100) {
    std::vector<std::string> keys, values;
    for (int i = start; i < std::min(count, start + 100); ++i) {
      const ev::Envelope e = payment(i);
      keys.push_back(e.partition_key());
      values.push_back(ev::encode(e));
    }
    std::vector<tlog::AppendEntry> entries;
    for (std::size_t k = 0; k < keys.size(); ++k) entries.push_back({keys[k], values[k]});
    auto appended = log.append(entries);
    if (!appended) {
      fmt::print(stderr, "append failed: {}\n", appended.error().describe());
      return 1;
    }
    acknowledged += static_cast<int>(entries.size());
  }
  fmt::print("acknowledged={}\n", acknowledged);
  return 0;
}

static int consume(tlog::KafkaLog& log, int count, int seconds) {
  tlog::ConsumerOptions options;
  options.group = "multiprocess";
  auto consumer = log.consume(options);
  if (!consumer) {
    fmt::print(stderr, "consume failed: {}\n", consumer.error().describe());
    return 1;
  }
  tlog::EventReader reader(log, std::move(consumer).value());
  std::set<std::string> ids;
  std::size_t records = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (static_cast<int>(ids.size()) < count && std::chrono::steady_clock::now() < deadline) {
    auto items = reader.poll(200, 1000);
    if (!items) {
      fmt::print(stderr, "poll failed: {}\n", items.error().describe());
      return 1;
    }
    for (const auto& item : *items) {
      ++records;
      if (item.event) ids.insert(item.event->id());
    }
  }
  fmt::print("distinct={} records={}\n", ids.size(), records);
  return static_cast<int>(ids.size()) == count ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fmt::print(stderr, "usage: log_peer produce|consume BROKERS TOPIC COUNT [SECONDS]\n");
    return 2;
  }
  const std::string mode = argv[1];
  spdlog::set_default_logger(spdlog::stderr_color_mt("tally"));  // stdout is for results
  tlog::KafkaLogOptions options;
  options.brokers = argv[2];
  options.topic = argv[3];
  options.session_timeout_ms = 6000;
  const int count = std::atoi(argv[4]);
  auto log = tlog::KafkaLog::open(options);
  if (!log) {
    fmt::print(stderr, "open failed: {}\n", log.error().describe());
    return 1;
  }
  if (mode == "produce") return produce(**log, count);
  if (mode == "consume") return consume(**log, count, argc > 5 ? std::atoi(argv[5]) : 30);
  return 2;
}
