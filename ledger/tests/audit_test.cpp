// The audit index (audit.h): every command the ledger met, once, with who asked and what became
// of it, by time and by user, on the group-commit and the bulk path alike; never a file's event.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ledger/audit.h"
#include "ledger/errors.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

void stamp(events::Envelope& e, const std::string& user, std::int64_t at_us) {
  e.set_recorded_at_us(at_us);
  auto* s = e.mutable_source();
  s->set_user(user);
  s->set_token_id("tok-" + user);
  s->set_request_id("req-" + std::to_string(at_us));
  s->set_client_address("10.0.0.1:4000");
  s->set_idempotency_key("key-" + std::to_string(at_us));
}

// An adjustment request, as request_adjustment makes it: applied, no money moves.
events::Envelope asked(const std::string& name, const std::string& user, std::int64_t at_us) {
  events::Envelope e = envelope(name, events::ADJUSTMENT_REQUESTED);
  auto* r = e.mutable_adjustment_requested();
  r->set_account_id("100117");
  *r->mutable_amount() = amount(-1500);
  r->set_reason("meter misread");
  r->set_requested_by(user);
  stamp(e, user, at_us);
  return e;
}

// An adjustment its requester approves: the ledger refuses it.
events::Envelope self_approved(const std::string& name, const std::string& user, std::int64_t at_us) {
  events::Envelope e = envelope(name, events::ADJUSTMENT_POSTED);
  auto* a = e.mutable_adjustment_posted();
  a->set_account_id("100117");
  *a->mutable_amount() = amount(900);
  a->set_reason("late fee");
  a->set_requested_by(user);
  a->set_approver(user);
  stamp(e, user, at_us);
  return e;
}

// A file's bill: its source names the file (and who ingested it), so it is no command.
events::Envelope from_file(const std::string& name, std::int64_t at_us) {
  events::Envelope e = bill(name, "100117", 4200);
  stamp(e, "ann", at_us);
  e.mutable_source()->set_file_sha256(std::string(64, 'f'));
  return e;
}

// Two partitions: commands by ann and bob, a file's event, a refusal, and a re-sent command.
struct Day {
  PartitionWriter p0{PartitionId(0)}, p1{PartitionId(1)};
  std::vector<log::LogRecord> records() {
    std::vector<log::LogRecord> out;
    out.push_back(p0.record(asked("a1", "ann", 1000)));
    out.push_back(p0.record(from_file("f1", 1500)));
    out.push_back(p0.record(asked("b1", "bob", 2000)));
    out.push_back(p0.record(self_approved("b2", "bob", 3000)));
    out.push_back(p1.record(asked("a2", "ann", 2500)));
    // ann's first request retried later (same id and payload, same partition): a duplicate
    out.push_back(p0.record(asked("a1", "ann", 9000)));
    return out;
  }
};

std::vector<std::int64_t> times(const std::vector<AuditEntry>& entries) {
  std::vector<std::int64_t> out;
  for (const AuditEntry& e : entries) out.push_back(e.recorded_at_us);
  return out;
}

std::vector<AuditEntry> listed(const Ledger& ledger, AuditFilter filter) {
  auto entries = audit_entries(ledger, filter);
  if (!entries) FAIL(entries.error().describe());
  return std::move(entries).value();
}

}  // namespace

TEST_CASE("the audit index lists each command once with who asked and what became of it, never "
          "a file's event",
          "[ledger][audit]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  Day day;
  apply_ok(*ledger, day.records());

  const std::vector<AuditEntry> all = listed(*ledger, {});
  // Newest first, merged across partitions; the retried a1 once, as first recorded.
  REQUIRE(times(all) == std::vector<std::int64_t>{3000, 2500, 2000, 1000});
  CHECK(all[1].partition == PartitionId(1));
  const AuditEntry& refused = all[0];
  CHECK(refused.user == "bob");
  CHECK(refused.outcome == AuditOutcome::kRefused);
  CHECK(refused.refusal == RefusalCode::missing_approval);
  CHECK(refused.event_type == events::ADJUSTMENT_POSTED);
  CHECK(refused.event_id == test_id("b2"));
  const AuditEntry& first = all[3];
  CHECK(first.outcome == AuditOutcome::kApplied);
  CHECK(first.refusal == RefusalCode::unspecified);
  CHECK(first.user == "ann");
  CHECK(first.token_id == "tok-ann");
  CHECK(first.request_id == "req-1000");
  CHECK(first.client_address == "10.0.0.1:4000");
  CHECK(first.idempotency_key == "key-1000");
  CHECK(first.business_date == BusinessDate::from_days(20454));
  CHECK(first.event_type == events::ADJUSTMENT_REQUESTED);
  CHECK(first.partition == PartitionId(0));
  for (const AuditEntry& e : all) CHECK(e.event_id != test_id("f1"));

  SECTION("by user") {
    CHECK(times(listed(*ledger, {.user = "ann"})) == std::vector<std::int64_t>{2500, 1000});
    CHECK(times(listed(*ledger, {.user = "bob"})) == std::vector<std::int64_t>{3000, 2000});
    CHECK(listed(*ledger, {.user = "an"}).empty());  // exact, not a prefix
    CHECK(listed(*ledger, {.user = "carol"}).empty());
  }
  SECTION("by recorded time, from inclusive, to exclusive") {
    CHECK(times(listed(*ledger, {.from_us = 2000, .to_us = 3000})) == std::vector<std::int64_t>{2500, 2000});
    CHECK(times(listed(*ledger, {.user = "bob", .from_us = 2000, .to_us = 3000})) ==
          std::vector<std::int64_t>{2000});
    CHECK(times(listed(*ledger, {.from_us = 2500})) == std::vector<std::int64_t>{3000, 2500});
    CHECK(times(listed(*ledger, {.to_us = 2000})) == std::vector<std::int64_t>{1000});
    CHECK(listed(*ledger, {.from_us = 2000, .to_us = 2000}).empty());
  }
  SECTION("oldest first, and a limit") {
    CHECK(times(listed(*ledger, {.limit = 2})) == std::vector<std::int64_t>{3000, 2500});
    CHECK(times(listed(*ledger, {.limit = 2, .oldest_first = true})) == std::vector<std::int64_t>{1000, 2000});
    CHECK(times(listed(*ledger, {.user = "ann", .from_us = 999, .oldest_first = true})) ==
          std::vector<std::int64_t>{1000, 2500});
  }
  SECTION("a filter out of range is refused") {
    for (const AuditFilter& bad :
         {AuditFilter{.limit = 0}, AuditFilter{.limit = kMaxQueryLimit + 1},
          AuditFilter{.from_us = 5, .to_us = 4}, AuditFilter{.user = ""},
          AuditFilter{.user = "ann\n"}, AuditFilter{.user = std::string(kMaxAuditFieldBytes + 1, 'a')}}) {
      auto entries = audit_entries(*ledger, bad);
      REQUIRE_FALSE(entries.ok());
      CHECK(entries.error().code == LedgerErrc::invalid_argument);
    }
  }
}

TEST_CASE("a retried command is listed once", "[ledger][audit]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, {w.record(asked("a1", "ann", 1000))});
  // The API's retry: the same id and payload, recorded later, in another batch.
  apply_ok(*ledger, {w.record(asked("a1", "ann", 5000)), w.record(asked("a1", "ann", 6000))});
  const auto all = listed(*ledger, {});
  REQUIRE(all.size() == 1);
  CHECK(all[0].recorded_at_us == 1000);
  CHECK(ledger->counters().duplicates == 2);
}

TEST_CASE("a command parked for its payment is listed once: parked, then applied", "[ledger][audit]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope entered = payment_return("r1", "p1", "", 700, "R01");
  stamp(entered, "maria", 1000);
  apply_ok(*ledger, {w.record(entered)});
  auto parked = listed(*ledger, {});
  REQUIRE(parked.size() == 1);
  CHECK(parked[0].outcome == AuditOutcome::kParked);
  apply_ok(*ledger, {w.record(payment("p1", "100117", 700))});
  auto applied = listed(*ledger, {.user = "maria"});
  REQUIRE(applied.size() == 1);
  CHECK(applied[0].outcome == AuditOutcome::kApplied);
  CHECK(applied[0].event_id == test_id("r1"));
}

TEST_CASE("the bulk path writes the same audit index as group commits", "[ledger][audit][bulk]") {
  TempDir dir;
  auto committed = open_ledger(dir.path("committed"));
  Day day;
  apply_ok(*committed, day.records());

  LedgerOptions options;
  options.path = dir.path("bulk");
  options.sync = false;
  options.min_table_records = 0;  // table files however small the batch
  auto opened = Ledger::open(options);
  REQUIRE(opened.ok());
  auto bulk = std::move(opened).value();
  Day again;
  REQUIRE(bulk->submit_bulk(again.records()).ok());
  REQUIRE(bulk->flush().ok());

  for (const AuditFilter& filter : {AuditFilter{}, AuditFilter{.user = "ann"}, AuditFilter{.user = "bob"}}) {
    const auto a = listed(*committed, filter), b = listed(*bulk, filter);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].event_id == b[i].event_id);
      CHECK(a[i].partition == b[i].partition);
      CHECK(a[i].recorded_at_us == b[i].recorded_at_us);
      CHECK(a[i].outcome == b[i].outcome);
      CHECK(a[i].user == b[i].user);
    }
  }
  CHECK(listed(*bulk, {}).size() == 4);
}

TEST_CASE("an audit entry reads back as written, and a damaged one is corrupt", "[ledger][audit]") {
  AuditEntry e;
  e.event_id = test_id("x");
  e.event_type = events::PAYMENT_APPLIED;
  e.business_date = BusinessDate::from_days(20454);
  e.recorded_at_us = -5;  // the event's, whatever it is
  e.user = "maria";
  e.token_id = "t";
  e.request_id = "r";
  e.client_address = "local";
  e.idempotency_key = "k";
  e.outcome = AuditOutcome::kConflicting;
  e.refusal = RefusalCode::conflicting_event;
  std::string value;
  encode_audit(e, value);
  auto back = decode_audit(value);
  REQUIRE(back.ok());
  CHECK(back->event_id == e.event_id);
  CHECK(back->recorded_at_us == -5);
  CHECK(back->user == "maria");
  CHECK(back->client_address == "local");
  CHECK(back->outcome == AuditOutcome::kConflicting);
  CHECK(back->refusal == RefusalCode::conflicting_event);
  CHECK(decode_audit(value.substr(0, value.size() - 1)).error().code == LedgerErrc::corrupt);
  CHECK(decode_audit(value + "x").error().code == LedgerErrc::corrupt);
  std::string bad_outcome = value;
  bad_outcome[bad_outcome.size() - 3] = 9;
  CHECK(decode_audit(bad_outcome).error().code == LedgerErrc::corrupt);
  CHECK(audit_outcome_name(AuditOutcome::kRefused) == "refused");
}
