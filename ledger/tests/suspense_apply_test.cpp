// apply_from_suspense (suspense_apply.h): what it checks, the event it builds, and that the
// ledger posts what it published.
#include <catch2/catch.hpp>

#include "core/log/embedded_log.h"
#include "core/log/partitioner.h"
#include "ledger/errors.h"
#include "ledger/suspense_apply.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

constexpr std::uint32_t kPartitions = 4;

// The embedded log and the ledger that posts it, as one machine runs them.
struct Books {
  TempDir dir;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<Ledger> ledger;

  Books() {
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
};

// A check with no usable account reference: the ledger holds it in suspense.
events::Envelope check_in_suspense(const std::string& name, std::int64_t minor) {
  events::Envelope e = payment(name, "", minor, "", events::LOCKBOX);
  e.set_partition_key("suspense");
  return e;
}

SuspenseApplyRequest request(const events::Envelope& payment, std::string account,
                             std::string user = "maria") {
  SuspenseApplyRequest r;
  r.payment_id = events::event_id_of(payment);
  r.account = std::move(account);
  r.user = std::move(user);
  return r;
}

}  // namespace

TEST_CASE(
    "applying from suspense publishes one PaymentApplied built from the payment and the request",
    "[ledger][suspense]") {
  Books books;
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  books.post();

  auto applied = apply_from_suspense(*books.log, *books.ledger, request(check, " 100-117 "));
  REQUIRE(applied.ok());
  CHECK(applied->account_id == "100117");  // as core/account_reference.h identifies it
  CHECK(applied->payment.amount_minor == 5000);
  CHECK(applied->payment.clearing == "clearing:lockbox");
  CHECK(books.records_in_log() == 2);

  log::ConsumerOptions options;
  options.partitions = {applied->appended.partition};
  options.start_position = [&](PartitionId) { return applied->appended.position; };
  auto consumer = books.log->consume(options);
  REQUIRE(consumer.ok());
  auto records = (*consumer)->poll(1000, 1);
  REQUIRE(records.ok());
  REQUIRE(records->size() == 1);
  auto event = events::decode(records->front().value);
  REQUIRE(event.ok());
  CHECK(event->type() == events::PAYMENT_APPLIED);
  CHECK(events::event_id_of(*event) == applied->event_id);
  CHECK(applied->event_id ==
        events::command_id("suspense-apply:" + events::event_id_of(check).to_hex()));
  CHECK(event->partition_key() == "suspense");  // the payment's partition: its state is there
  CHECK(records->front().partition == log::partition_for("suspense", kPartitions));
  CHECK(event->source().user() == "maria");
  CHECK(event->business_date() == BusinessDate::today_utc().days());
  const auto& a = event->payment_applied();
  CHECK(a.payment_event_id() == events::event_id_of(check).as_string_view());
  CHECK(a.account_id() == "100117");
  CHECK(a.amount().minor() == 5000);
  CHECK(a.amount().currency() == "USD");
  CHECK(a.applied_by() == "maria");
}

TEST_CASE("what apply_from_suspense publishes the ledger posts: suspense to the customer",
          "[ledger][suspense]") {
  Books books;
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  books.post();
  REQUIRE(balance_of(*books.ledger, "suspense") == -5000);

  REQUIRE(apply_from_suspense(*books.log, *books.ledger, request(check, "100117")).ok());
  books.post();
  CHECK(balance_of(*books.ledger, "suspense") == 0);
  CHECK(balance_of(*books.ledger, "customer:100117") == -5000);
  auto left = find_in_suspense(*books.ledger, events::event_id_of(check));
  REQUIRE(left.ok());
  CHECK_FALSE(left->has_value());

  // Applied once: a second application finds nothing in suspense and publishes nothing.
  auto again = apply_from_suspense(*books.log, *books.ledger, request(check, "100117"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == LedgerErrc::not_found);
  CHECK(books.records_in_log() == 2);
}

TEST_CASE(
    "a suspense application that fails a check is refused with its code and publishes nothing",
    "[ledger][suspense]") {
  Books books;
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  const events::Envelope paid = payment("p1", "100200", 700, "", events::LOCKBOX);
  books.publish(paid);
  books.post();

  auto refused = [&](const SuspenseApplyRequest& r) {
    auto applied = apply_from_suspense(*books.log, *books.ledger, r);
    REQUIRE_FALSE(applied.ok());
    return applied.error();
  };
  CHECK(refused(request(check, "100117", "")).code == LedgerErrc::invalid_argument);
  CHECK(refused(request(check, "100117", "maria\n")).code == LedgerErrc::invalid_argument);
  CHECK(refused(request(check, "100117", std::string(kMaxIdBytes + 1, 'm'))).code ==
        LedgerErrc::invalid_argument);
  const Error not_an_account = refused(request(check, "JOHN SMITH"));
  CHECK(not_an_account.code == LedgerErrc::invalid_argument);
  CHECK(not_an_account.message.find("not a customer account number") != std::string::npos);
  CHECK(refused(request(paid, "100117")).code == LedgerErrc::not_found);  // on an account already
  SuspenseApplyRequest unknown = request(check, "100117");
  unknown.payment_id = test_id("never received");
  CHECK(refused(unknown).code == LedgerErrc::not_found);

  CHECK(books.records_in_log() == 2);
  CHECK(balance_of(*books.ledger, "suspense") == -5000);
}
