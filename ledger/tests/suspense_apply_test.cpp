// apply_from_suspense (suspense_apply.h): what it checks, the event it builds, and that the
// ledger posts what it published.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include "core/log/partitioner.h"
#include "ledger/command_records.h"
#include "ledger/keys.h"
#include "ledger/store.h"
#include "ledger/errors.h"
#include "ledger/suspense_apply.h"
#include "ledger/tests/command_books.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

constexpr std::uint32_t kPartitions = CommandBooks::kPartitions;
using Books = CommandBooks;

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
  r.actor.user = std::move(user);
  return r;
}

// Customer 100117 as the billing system knows it: billed once.
void bill_100117(Books& books) {
  events::Envelope b = bill("b-100117", "100117", 4200);
  b.set_partition_key("customer:100117");
  books.publish(b);
}

}  // namespace

TEST_CASE(
    "applying from suspense publishes one PaymentApplied built from the payment and the request",
    "[ledger][suspense]") {
  Books books;
  bill_100117(books);
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  books.post();

  SuspenseApplyRequest r = request(check, " 100-117 ");
  r.actor.token_id = "tok-7";
  r.actor.request_id = "req-42";
  r.actor.client_address = "10.0.0.9:51000";
  r.actor.idempotency_key = "key-1";
  auto applied = apply_from_suspense(*books.log, *books.ledger, r);
  REQUIRE(applied.ok());
  CHECK(applied->account_id == "100117");  // as core/account_reference.h identifies it
  CHECK(applied->payment.amount_minor == 5000);
  CHECK(applied->payment.clearing == "clearing:lockbox");
  CHECK(books.records_in_log() == 3);

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
  CHECK(event->source().token_id() == "tok-7");  // the actor, stamped whole
  CHECK(event->source().request_id() == "req-42");
  CHECK(event->source().client_address() == "10.0.0.9:51000");
  CHECK(event->source().idempotency_key() == "key-1");
  CHECK(event->source().file_sha256().empty());
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
  bill_100117(books);
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  books.post();
  REQUIRE(balance_of(*books.ledger, "suspense") == -5000);

  REQUIRE(apply_from_suspense(*books.log, *books.ledger, request(check, "100117")).ok());
  books.post();
  CHECK(balance_of(*books.ledger, "suspense") == 0);
  CHECK(balance_of(*books.ledger, "customer:100117") == 4200 - 5000);
  auto left = find_in_suspense(*books.ledger, events::event_id_of(check));
  REQUIRE(left.ok());
  CHECK_FALSE(left->has_value());

  // Applied once: a second application finds nothing in suspense and publishes nothing.
  auto again = apply_from_suspense(*books.log, *books.ledger, request(check, "100117"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == LedgerErrc::not_found);
  CHECK(books.records_in_log() == 3);
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

TEST_CASE("applying from suspense to a customer never billed is refused unless confirmed",
          "[ledger][suspense]") {
  Books books;
  const events::Envelope check = check_in_suspense("c1", 5000);
  books.publish(check);
  // 100200 has paid but was never billed: a payment alone does not make a customer known.
  events::Envelope paid = payment("p1", "100200", 700, "", events::LOCKBOX);
  paid.set_partition_key("customer:100200");
  books.publish(paid);
  books.post();

  for (const char* account : {"100999", "100200"}) {
    auto refused = apply_from_suspense(*books.log, *books.ledger, request(check, account));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == LedgerErrc::needs_confirmation);
    CHECK(refused.error().message.find("never been billed") != std::string::npos);
    CHECK(refused.error().message.find("confirm") != std::string::npos);
  }
  CHECK(books.records_in_log() == 2);  // nothing appended

  SuspenseApplyRequest confirmed = request(check, "100999");
  confirmed.confirm_new_account = true;
  REQUIRE(apply_from_suspense(*books.log, *books.ledger, confirmed).ok());
  books.post();
  CHECK(balance_of(*books.ledger, "customer:100999") == -5000);
  CHECK(balance_of(*books.ledger, "suspense") == 0);

  auto billed = billed_customer(*books.ledger, "100999");
  REQUIRE(billed.ok());
  CHECK_FALSE(*billed);
}

TEST_CASE("the suspense list says what each payment said of itself: date, payer, reference, "
          "check number, remittance",
          "[ledger][suspense]") {
  Books books;
  events::Envelope check = check_in_suspense("c1", 5000);
  check.set_business_date(20454 + 3);
  auto* p = check.mutable_payment_received();
  p->set_payer_name("R SMITH");
  p->set_external_reference("LBX-0001-0007");
  p->set_deposit_reference("LBX-0001");
  p->mutable_method()->set_method(events::MethodDetails::CHECK);
  p->mutable_method()->set_check_number("4417");
  p->set_remittance("for acct 10O117 (letter O)");
  books.publish(check);
  // A payment on an account keeps no such record: only suspense needs one.
  events::Envelope paid = payment("p1", "100200", 700, "", events::LOCKBOX);
  paid.set_partition_key("customer:100200");
  paid.mutable_payment_received()->set_payer_name("J DOE");
  books.publish(paid);
  books.post();

  auto items = suspense_payments(*books.ledger, 10);
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  const SuspenseItem& item = items->front();
  CHECK(item.business_date == BusinessDate::from_days(20454 + 3));
  CHECK(item.payer_name == "R SMITH");
  CHECK(item.external_reference == "LBX-0001-0007");
  CHECK(item.check_number == "4417");
  CHECK(item.remittance == "for acct 10O117 (letter O)");
  CHECK(item.deposit_reference == "LBX-0001");
  CHECK(item.channel == "lockbox");
  auto found = find_in_suspense(*books.ledger, events::event_id_of(check));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->payer_name == "R SMITH");

  // Long text is kept to its bound, never refused: the payment is the bank's, not ours.
  events::Envelope wordy = check_in_suspense("c2", 100);
  wordy.mutable_payment_received()->set_remittance(std::string(5000, 'x'));
  books.publish(wordy);
  books.post();
  auto both = suspense_payments(*books.ledger, 10);
  REQUIRE(both.ok());
  REQUIRE(both->size() == 2);
  CHECK(both->back().remittance.size() == kMaxRemittanceBytes);

  std::size_t details = 0;
  auto& store = books.ledger->store();
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    if (it->key().size() > keys::kPartitionBytes && it->key()[keys::kPartitionBytes] == keys::kTagSuspenseDetail)
      ++details;
  CHECK(details == 2);
}
