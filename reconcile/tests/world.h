// A reconciler on an embedded log of its own in a temporary folder, for the tests.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/log/embedded_log.h"
#include "reconcile/reconciler.h"
#include "tests/support/temp_dir.h"

namespace tally::reconcile::testing {

struct World {
  tally::testing::TempDir dir;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<Reconciler> reconciler;

  World() {
    auto opened = log::EmbeddedLog::open({dir.path("log"), 4, true});
    REQUIRE(opened.ok());
    log = std::move(opened).value();
    auto r = Reconciler::open(dir.path("reconcile"), *log);
    REQUIRE(r.ok());
    reconciler = std::move(r).value();
  }

  void publish(const std::vector<events::Envelope>& events) {
    std::vector<std::string> bytes;
    for (const auto& e : events) bytes.push_back(events::encode(e));
    std::vector<log::AppendEntry> batch;
    for (std::size_t k = 0; k < events.size(); ++k) batch.push_back({events[k].partition_key(), bytes[k]});
    REQUIRE(log->append(batch).ok());
  }

  RunReport run(BusinessDate date, bool dry = false) {
    RunOptions o;
    o.date = date;
    o.dry_run = dry;
    auto report = reconciler->run(o);
    REQUIRE(report.ok());
    return std::move(report).value();
  }

  std::vector<DiscrepancyView> discrepancies(events::DiscrepancyKind kind) {
    auto all = reconciler->store().discrepancies();
    REQUIRE(all.ok());
    std::vector<DiscrepancyView> out;
    for (auto& d : *all)
      if (d.raised && d.raised->kind() == kind) out.push_back(d);
    return out;
  }
};

}  // namespace tally::reconcile::testing
