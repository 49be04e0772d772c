// Adjustments by two people (adjustments.h): a request moves no money and waits; a second
// person's approval posts it once; the person who asked cannot approve, whoever writes the
// event.
#include <catch2/catch.hpp>

#include <map>

#include "core/events/event_ids.h"
#include "core/money.h"
#include "core/log/partitioner.h"
#include "ledger/adjustments.h"
#include "ledger/errors.h"
#include "ledger/tests/command_books.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

events::Actor person(std::string user, std::string key = "") {
  events::Actor a;
  a.user = std::move(user);
  a.idempotency_key = std::move(key);
  a.token_id = "tok-" + a.user;
  a.client_address = "10.1.1.1:3000";
  return a;
}

AdjustmentRequest asking(std::int64_t minor, std::string user = "li", std::string key = "") {
  AdjustmentRequest r;
  r.account = "100-117";
  r.amount_minor = minor;
  r.reason = "meter misread in October";
  r.actor = person(std::move(user), std::move(key));
  return r;
}

Error refused_request(CommandBooks& books, const AdjustmentRequest& r) {
  auto asked = request_adjustment(*books.log, *books.ledger, r);
  REQUIRE_FALSE(asked.ok());
  return asked.error();
}

}  // namespace

TEST_CASE("an adjustment is posted only when a second person approves it", "[ledger][adjustments]") {
  CommandBooks books;
  books.publish([] {
    events::Envelope b = bill("b1", "100117", 10'000);
    b.set_partition_key("customer:100117");
    return b;
  }());
  auto asked = request_adjustment(*books.log, *books.ledger, asking(-2'500));
  REQUIRE(asked.ok());
  CHECK(asked->account_id == "100117");
  REQUIRE(asked->appended);
  CHECK(asked->appended->partition == log::partition_for("customer:100117", CommandBooks::kPartitions));
  const events::Envelope request_event = books.read(*asked->appended);
  CHECK(request_event.type() == events::ADJUSTMENT_REQUESTED);
  CHECK(request_event.adjustment_requested().requested_by() == "li");
  CHECK(request_event.adjustment_requested().amount().minor() == -2'500);
  CHECK(request_event.source().user() == "li");
  CHECK(request_event.source().token_id() == "tok-li");
  books.post();

  // Asked, not posted: no money moved, and it waits for someone.
  CHECK(balance_of(*books.ledger, "customer:100117") == 10'000);
  auto pending = pending_adjustments(*books.ledger, 10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  CHECK(pending->front().request.request_id == asked->request_id);
  CHECK(pending->front().request.requested_by == "li");
  CHECK(pending->front().request.amount_minor == -2'500);
  CHECK(pending->front().request.reason == "meter misread in October");
  CHECK(pending->front().request.status == AdjustmentStatus::kPending);

  // The person who asked may not approve it.
  auto self = approve_adjustment(*books.log, *books.ledger, asked->request_id, person("li"));
  REQUIRE_FALSE(self.ok());
  CHECK(self.error().code == LedgerErrc::invalid_argument);
  CHECK(self.error().message.find("a second person must approve") != std::string::npos);
  const std::int64_t before_approval = books.records_in_log();

  auto approved = approve_adjustment(*books.log, *books.ledger, asked->request_id, person("sam"));
  REQUIRE(approved.ok());
  REQUIRE(approved->appended);
  CHECK(approved->event_id == events::derived_id(asked->request_id, "adjustment-approved"));
  CHECK(approved->appended->partition == asked->appended->partition);
  const events::Envelope posted = books.read(*approved->appended);
  CHECK(posted.type() == events::ADJUSTMENT_POSTED);
  CHECK(posted.adjustment_posted().requested_by() == "li");
  CHECK(posted.adjustment_posted().approver() == "sam");
  CHECK(posted.adjustment_posted().request_event_id() == asked->request_id.as_string_view());
  CHECK(posted.source().user() == "sam");
  books.post();

  CHECK(balance_of(*books.ledger, "customer:100117") == 7'500);
  CHECK(balance_of(*books.ledger, "adjustments") == 2'500);
  auto none = pending_adjustments(*books.ledger, 10);
  REQUIRE(none.ok());
  CHECK(none->empty());
  auto held = find_adjustment_request(*books.ledger, asked->request_id);
  REQUIRE(held.ok());
  REQUIRE(held->has_value());
  CHECK((*held)->request.status == AdjustmentStatus::kApproved);
  CHECK((*held)->request.approved_by == "sam");
  CHECK((*held)->request.posted_id == approved->event_id);

  // Approving again posts nothing: the same approver is answered as before, another is told.
  auto retried = approve_adjustment(*books.log, *books.ledger, asked->request_id, person("sam"));
  REQUIRE(retried.ok());
  CHECK_FALSE(retried->appended);
  CHECK(retried->event_id == approved->event_id);
  auto other = approve_adjustment(*books.log, *books.ledger, asked->request_id, person("kim"));
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == LedgerErrc::already_done);
  CHECK(books.records_in_log() == before_approval + 1);
  books.post();
  CHECK(balance_of(*books.ledger, "customer:100117") == 7'500);
}

TEST_CASE("approving one request twice before the ledger applies it posts once",
          "[ledger][adjustments]") {
  CommandBooks books;
  auto asked = request_adjustment(*books.log, *books.ledger, asking(1'000));
  REQUIRE(asked.ok());
  books.post();
  REQUIRE(approve_adjustment(*books.log, *books.ledger, asked->request_id, person("sam")).ok());
  REQUIRE(approve_adjustment(*books.log, *books.ledger, asked->request_id, person("sam")).ok());
  books.post();
  CHECK(balance_of(*books.ledger, "customer:100117") == 1'000);
  CHECK(books.ledger->counters().duplicates == 1);
}

TEST_CASE("an adjustment request that fails a check is refused and publishes nothing",
          "[ledger][adjustments]") {
  CommandBooks books;
  CHECK(refused_request(books, asking(0)).code == LedgerErrc::invalid_argument);
  CHECK(refused_request(books, asking(kMaxAmountMinor + 1)).code == LedgerErrc::invalid_argument);
  CHECK(refused_request(books, asking(-kMaxAmountMinor - 1)).code == LedgerErrc::invalid_argument);
  CHECK(refused_request(books, asking(100, "")).code == LedgerErrc::invalid_argument);
  CHECK(refused_request(books, asking(100, "li\n")).code == LedgerErrc::invalid_argument);
  AdjustmentRequest r = asking(100);
  r.account = "JOHN SMITH";
  CHECK(refused_request(books, r).message.find("not a customer account number") != std::string::npos);
  r = asking(100);
  r.reason = "";
  CHECK(refused_request(books, r).message.find("reason") != std::string::npos);
  r.reason = std::string(kMaxAdjustmentReasonBytes + 1, 'x');
  CHECK(refused_request(books, r).code == LedgerErrc::invalid_argument);
  r.reason = "line one\nline two";
  CHECK(refused_request(books, r).code == LedgerErrc::invalid_argument);
  CHECK(books.records_in_log() == 0);

  auto unknown = approve_adjustment(*books.log, *books.ledger, test_id("never asked"), person("sam"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == LedgerErrc::not_found);
  auto nobody = approve_adjustment(*books.log, *books.ledger, test_id("never asked"), person(""));
  REQUIRE_FALSE(nobody.ok());
  CHECK(nobody.error().code == LedgerErrc::invalid_argument);
  CHECK(books.records_in_log() == 0);
}

TEST_CASE("a request retried with its idempotency key is one request, and the key with another "
          "body is a conflict",
          "[ledger][adjustments]") {
  CommandBooks books;
  auto first = request_adjustment(*books.log, *books.ledger, asking(1'000, "li", "k-1"));
  REQUIRE(first.ok());
  CHECK(first->request_id == events::command_id("adjustment-request:li\nk-1"));
  // Another person's same key is another request.
  auto others = request_adjustment(*books.log, *books.ledger, asking(1'000, "jo", "k-1"));
  REQUIRE(others.ok());
  CHECK(others->request_id != first->request_id);
  books.post();

  auto retried = request_adjustment(*books.log, *books.ledger, asking(1'000, "li", "k-1"));
  REQUIRE(retried.ok());
  CHECK(retried->request_id == first->request_id);
  CHECK_FALSE(retried->appended);  // the books answer it
  auto changed = request_adjustment(*books.log, *books.ledger, asking(2'000, "li", "k-1"));
  REQUIRE_FALSE(changed.ok());
  CHECK(changed.error().code == LedgerErrc::conflicting_event);
  CHECK(books.records_in_log() == 2);
  auto pending = pending_adjustments(*books.ledger, 10);
  REQUIRE(pending.ok());
  CHECK(pending->size() == 2);
}

TEST_CASE("the ledger refuses an adjustment its requester approves, whoever wrote it",
          "[ledger][adjustments]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  auto request = [](const std::string& name, const std::string& by) {
    events::Envelope e = envelope(name, events::ADJUSTMENT_REQUESTED);
    auto* r = e.mutable_adjustment_requested();
    r->set_account_id("100117");
    *r->mutable_amount() = amount(500);
    r->set_reason("fee waived wrongly");
    r->set_requested_by(by);
    return e;
  };
  auto posted = [](const std::string& name, const std::string& by, const std::string& approver,
                   const std::string& request_name, std::int64_t minor = 500) {
    events::Envelope e = envelope(name, events::ADJUSTMENT_POSTED);
    auto* a = e.mutable_adjustment_posted();
    a->set_account_id("100117");
    *a->mutable_amount() = amount(minor);
    a->set_reason("fee waived wrongly");
    a->set_requested_by(by);
    a->set_approver(approver);
    if (!request_name.empty()) a->set_request_event_id(std::string(test_id(request_name).as_string_view()));
    return e;
  };
  events::Envelope no_reason = request("q0", "li");
  no_reason.mutable_adjustment_requested()->clear_reason();
  apply_ok(*ledger, {w.record(request("q1", "li")), w.record(no_reason),
                     w.record(posted("a1", "li", "li", "")),          // a file's, self-approved
                     w.record(posted("a2", "", "li", "q1")),          // names the request: li asked
                     w.record(posted("a3", "li", "sam", "nothing")),  // no such request
                     w.record(posted("a4", "li", "sam", "q1", 600)),  // not what was asked
                     w.record(posted("a5", "li", "sam", "q1")),       // approved
                     w.record(posted("a6", "li", "kim", "q1"))});     // approved again
  auto d = ledger->discrepancies(100);
  REQUIRE(d.ok());
  std::map<EventId, RefusalCode> why;
  for (const auto& n : *d) why[n.discrepancy.event_id] = n.discrepancy.code;
  CHECK(why[test_id("q0")] == RefusalCode::missing_field);
  CHECK(why[test_id("a1")] == RefusalCode::missing_approval);
  CHECK(why[test_id("a2")] == RefusalCode::missing_approval);
  CHECK(why[test_id("a3")] == RefusalCode::unknown_adjustment_request);
  CHECK(why[test_id("a4")] == RefusalCode::amount_mismatch);
  CHECK(why[test_id("a6")] == RefusalCode::adjustment_already_approved);
  CHECK_FALSE(why.contains(test_id("a5")));
  CHECK(balance_of(*ledger, "customer:100117") == 500);
  auto pending = pending_adjustments(*ledger, 10);
  REQUIRE(pending.ok());
  CHECK(pending->empty());
}

TEST_CASE("an adjustment request reads back as written, and a damaged one is corrupt",
          "[ledger][adjustments]") {
  AdjustmentRequestState s;
  s.request_id = test_id("q");
  s.account_id = "100117";
  s.amount_minor = -42;
  s.currency = *Currency::from_code("EUR");
  s.reason = "r";
  s.requested_by = "li";
  s.business_date = BusinessDate::from_days(20454);
  s.recorded_at_us = 77;
  s.status = AdjustmentStatus::kApproved;
  s.approved_by = "sam";
  s.posted_id = test_id("p");
  std::string value;
  encode_adjustment_request(s, value);
  auto back = decode_adjustment_request(value);
  REQUIRE(back.ok());
  CHECK(back->request_id == s.request_id);
  CHECK(back->amount_minor == -42);
  CHECK(back->currency.code() == "EUR");
  CHECK(back->approved_by == "sam");
  CHECK(back->posted_id == s.posted_id);
  CHECK(back->status == AdjustmentStatus::kApproved);
  CHECK(decode_adjustment_request(value + "x").error().code == LedgerErrc::corrupt);
  CHECK(decode_adjustment_request(value.substr(1)).error().code == LedgerErrc::corrupt);
}
