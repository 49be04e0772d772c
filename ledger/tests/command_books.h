// The embedded log and the ledger that posts it, as one machine runs them: for the tests of
// the ledger's commands (suspense_apply.h, adjustments.h, policy_command.h, audit.h).
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <span>
#include <stdexcept>

#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "ledger/tests/test_support.h"

namespace tally::ledger::testing {

struct CommandBooks {
  static constexpr std::uint32_t kPartitions = 4;
  TempDir dir;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<Ledger> ledger;

  CommandBooks() {
    auto opened = log::EmbeddedLog::open({dir.path("log"), kPartitions, false});
    if (!opened) throw std::runtime_error(opened.error().describe());
    log = std::move(opened).value();
    ledger = open_ledger(dir.path());
  }

  void publish(const events::Envelope& e) {
    const std::string value = events::encode(e);
    const log::AppendEntry entry{e.partition_key(), value};
    REQUIRE(log->append(std::span(&entry, 1)).ok());
  }

  // Applies everything the log holds beyond the ledger's stored positions.
  void post() {
    log::ConsumerOptions options;
    options.start_position = [&](PartitionId p) { return ledger->next_position(p); };
    auto consumer = log->consume(options);
    REQUIRE(consumer.ok());
    for (;;) {
      auto records = (*consumer)->poll(50, 1000);
      REQUIRE(records.ok());
      if (records->empty()) return;
      apply_ok(*ledger, std::move(records).value());
    }
  }

  std::int64_t records_in_log() const {
    std::int64_t n = 0;
    for (std::uint32_t p = 0; p < kPartitions; ++p) n += log->end_position(PartitionId(p)).value();
    return n;
  }

  // The event at one position of the log.
  events::Envelope read(const log::Appended& at) {
    log::ConsumerOptions options;
    options.partitions = {at.partition};
    options.start_position = [&](PartitionId) { return at.position; };
    auto consumer = log->consume(options);
    REQUIRE(consumer.ok());
    auto records = (*consumer)->poll(1000, 1);
    REQUIRE(records.ok());
    REQUIRE(records->size() == 1);
    auto event = events::decode(records->front().value);
    REQUIRE(event.ok());
    return std::move(event).value();
  }
};

}  // namespace tally::ledger::testing
