// No event can stop the books: an event whose amounts would overflow a rule is refused as a
// discrepancy, never an abort, and the events after it are applied, across a restart. Each
// case names the crash it prevents.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "core/money.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

events::Envelope adjustment(const std::string& name, const std::string& account, std::int64_t minor) {
  events::Envelope e = envelope(name, events::ADJUSTMENT_POSTED);
  auto* a = e.mutable_adjustment_posted();
  a->set_account_id(account);
  *a->mutable_amount() = amount(minor);
  a->set_reason("test");
  a->set_requested_by("clerk");
  a->set_approver("supervisor");
  return e;
}

events::Envelope drawer_opened(const std::string& name, const std::string& session) {
  events::Envelope e = envelope(name, events::DRAWER_OPENED);
  auto* o = e.mutable_drawer_opened();
  o->set_drawer_id("D1");
  o->set_session_id(session);
  o->set_cashier("cashier");
  *o->mutable_opening_float() = amount(10000);
  return e;
}

events::Envelope drawer_closed(const std::string& name, const std::string& session,
                               std::int64_t over_short_minor) {
  events::Envelope e = envelope(name, events::DRAWER_CLOSED);
  auto* c = e.mutable_drawer_closed();
  c->set_drawer_id("D1");
  c->set_session_id(session);
  *c->mutable_over_short() = amount(over_short_minor);
  return e;
}

}  // namespace

TEST_CASE("an adjustment of INT64_MIN is refused, not an abort on negating it", "[ledger][poison]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  const auto stats = apply_ok(*ledger, w.records({adjustment("adj", "1001", std::numeric_limits<std::int64_t>::min())}));
  CHECK(stats.refused == 1);
  CHECK(stats.applied == 0);
  auto d = ledger->discrepancies(10);
  REQUIRE(d.ok());
  REQUIRE(d->size() == 1);
  CHECK(d->at(0).discrepancy.code == RefusalCode::amount_out_of_range);
}

TEST_CASE("a drawer close whose over/short is INT64_MIN is refused, not an abort",
          "[ledger][poison]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  const auto stats = apply_ok(*ledger, w.records({drawer_opened("open", "S1"),
                                                  drawer_closed("close", "S1", std::numeric_limits<std::int64_t>::min())}));
  CHECK(stats.applied == 1);
  CHECK(stats.refused == 1);
  CHECK(balance_of(*ledger, "drawer:D1") == 10000);  // still open: the float is in the drawer
}

TEST_CASE("amounts just inside the bound post, just outside are refused", "[ledger][poison]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  const auto stats = apply_ok(*ledger, w.records({adjustment("in", "1001", kMaxAmountMinor),
                                                  adjustment("out", "1001", kMaxAmountMinor + 1),
                                                  adjustment("in-neg", "1002", -kMaxAmountMinor),
                                                  adjustment("out-neg", "1002", -kMaxAmountMinor - 1)}));
  CHECK(stats.applied == 2);
  CHECK(stats.refused == 2);
  CHECK(balance_of(*ledger, "customer:1001") == kMaxAmountMinor);
  CHECK(balance_of(*ledger, "customer:1002") == -kMaxAmountMinor);
}

TEST_CASE("a poison event in the middle of a stream is refused and the events after it apply, "
          "across a restart",
          "[ledger][poison]") {
  TempDir dir;
  PartitionWriter w;
  {
    auto ledger = open_ledger(dir.path(), true);
    apply_ok(*ledger, w.records({payment("p1", "1001", 1000, "T1"),
                                 adjustment("poison", "1001", std::numeric_limits<std::int64_t>::min()),
                                 payment("p2", "1001", 2000, "T2")}));
    CHECK(balance_of(*ledger, "customer:1001") == -3000);
  }
  auto ledger = open_ledger(dir.path(), true);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(3));  // the poison was consumed
  apply_ok(*ledger, w.records({payment("p3", "1001", 4000, "T3")}));
  CHECK(balance_of(*ledger, "customer:1001") == -7000);
  const auto counters = ledger->counters();
  CHECK(counters.refused == 1);
  CHECK(counters.entries == 3);
  auto report = ledger->verify();
  REQUIRE(report.ok());
  CHECK(report->ok);
}
