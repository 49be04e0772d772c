// Autopay enrolment and removal as commands (autopay_mandates.h): the events a billing
// system's enrollment file makes, the account number sealed and never anywhere else whole,
// and nothing published for a request that fails a check.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/partitioner.h"
#include "core/tests/log_fixtures.h"
#include "ingest/autopay_mandates.h"
#include "ingest/errors.h"
#include "ingest/file_context.h"
#include "ingest/tests/mapper_test_support.h"

using namespace tally;
using namespace tally::ingest;

namespace {

constexpr const char* kNumber = "000987654321";  // the customer's bank account
constexpr const char* kRouting = "021000021";    // a valid ABA routing number

IngestKeys keys() {
  IngestKeys k;
  k.account_hash = std::string(32, 'k');  // as mapper_test::context() hashes
  k.sealing = std::string(32, 's');
  return k;
}

AutopayEnrolment enrolment(std::string key = "") {
  AutopayEnrolment r;
  r.account = "100-117";
  r.routing_number = kRouting;
  r.account_number = kNumber;
  r.account_type = "savings";
  r.holder_name = "MARIA LOPEZ";
  r.actor.user = "li";
  r.actor.token_id = "tok-li";
  r.actor.idempotency_key = std::move(key);
  r.business_date = *BusinessDate::parse_iso("2026-11-20");
  return r;
}

struct Published {
  std::string bytes;
  events::Envelope event;
};

Published read(log::EventLog& log, const log::Appended& at) {
  log::ConsumerOptions options;
  options.partitions = {at.partition};
  options.start_position = [&](PartitionId) { return at.position; };
  auto consumer = log.consume(options);
  REQUIRE(consumer.ok());
  auto records = (*consumer)->poll(1000, 1);
  REQUIRE(records.ok());
  REQUIRE(records->size() == 1);
  auto event = events::decode(records->front().value);
  REQUIRE(event.ok());
  return {records->front().value, std::move(event).value()};
}

std::int64_t records_in(log::EmbeddedLog& log) {
  std::int64_t n = 0;
  for (std::uint32_t p = 0; p < log.partition_count(); ++p) n += log.end_position(PartitionId(p)).value();
  return n;
}

}  // namespace

TEST_CASE("an autopay enrolment command publishes what an enrollment file would, the number "
          "sealed",
          "[ingest][autopay]") {
  tally::testing::EmbeddedLogFixture log;
  auto enrolled = enrol_autopay(log.get(), keys(), enrolment());
  REQUIRE(enrolled.ok());
  CHECK(enrolled->account_id == "100117");
  CHECK(enrolled->account_last4 == "4321");
  CHECK(enrolled->appended.partition == log::partition_for("customer:100117", log.kPartitions));
  const Published command = read(log.get(), enrolled->appended);
  CHECK(command.bytes.find("987654321") == std::string::npos);  // whole only when sealed
  CHECK(command.event.type() == events::AUTOPAY_ENROLLED);
  CHECK(command.event.partition_key() == "customer:100117");
  CHECK(command.event.source().user() == "li");
  CHECK(command.event.source().token_id() == "tok-li");
  CHECK(command.event.source().file_sha256().empty());
  const auto& a = command.event.autopay_enrolled();
  CHECK(unseal(keys().sealing, a.account_number_sealed()) == std::string(kNumber));

  // The billing system's file with the same mandate: the same payload but the sealing nonce,
  // so the ledger keeps the same mandate from either (plan_autopay reads only the payload).
  const std::string csv = fmt::format(
      "account,routing,account_number,account_type,holder_name,action\n"
      "100117,{},{},savings,MARIA LOPEZ,enroll\n",
      kRouting, kNumber);
  FileContext file = mapper_test::context();
  file.sealing_key = keys().sealing;
  const auto mapped = mapper_test::map_accepted(formats::Format::autopay_csv, csv, file);
  REQUIRE(mapped.size() == 1);
  const auto& f = mapped.front().autopay_enrolled();
  CHECK(mapped.front().partition_key() == command.event.partition_key());
  CHECK(a.account_id() == f.account_id());
  CHECK(a.routing_number() == f.routing_number());
  CHECK(a.account_last4() == f.account_last4());
  CHECK(a.account_hash() == f.account_hash());
  CHECK(a.account_type() == f.account_type());
  CHECK(a.holder_name() == f.holder_name());
  CHECK(unseal(keys().sealing, f.account_number_sealed()) == unseal(keys().sealing, a.account_number_sealed()));
}

TEST_CASE("an enrolment retried with its idempotency key is the same event", "[ingest][autopay]") {
  tally::testing::EmbeddedLogFixture log;
  auto first = enrol_autopay(log.get(), keys(), enrolment("k-1"));
  auto again = enrol_autopay(log.get(), keys(), enrolment("k-1"));
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(first->event_id == events::command_id("autopay-enrol:li\nk-1"));
  CHECK(again->event_id == first->event_id);
  const events::Envelope a = read(log.get(), first->appended).event;
  const events::Envelope b = read(log.get(), again->appended).event;
  // Same payload (the ledger's digest): a duplicate, not a conflict.
  CHECK(a.autopay_enrolled().SerializeAsString() == b.autopay_enrolled().SerializeAsString());
  // Without a key, each enrolment is its own event, sealed under its own nonce.
  auto fresh1 = enrol_autopay(log.get(), keys(), enrolment());
  auto fresh2 = enrol_autopay(log.get(), keys(), enrolment());
  REQUIRE(fresh1.ok());
  REQUIRE(fresh2.ok());
  CHECK(fresh1->event_id != fresh2->event_id);
  CHECK(read(log.get(), fresh1->appended).event.autopay_enrolled().account_number_sealed() !=
        read(log.get(), fresh2->appended).event.autopay_enrolled().account_number_sealed());
}

TEST_CASE("an enrolment that fails a check publishes nothing and never repeats the number",
          "[ingest][autopay]") {
  tally::testing::EmbeddedLogFixture log;
  auto refused = [&](const AutopayEnrolment& r) {
    auto enrolled = enrol_autopay(log.get(), keys(), r);
    REQUIRE_FALSE(enrolled.ok());
    CHECK(enrolled.error().code == IngestErrc::bad_input);
    CHECK(enrolled.error().message.find(r.account_number) == std::string::npos);
    return enrolled.error().message;
  };
  AutopayEnrolment r = enrolment();
  r.routing_number = "021000022";  // check digit wrong
  CHECK(refused(r).find("routing_number") != std::string::npos);
  r.routing_number = "02100002";
  refused(r);
  for (const char* number : {"123", "123456789012345678", "12345x789", "1234 5678"}) {
    r = enrolment();
    r.account_number = number;
    CHECK(refused(r).find("account_number") != std::string::npos);
  }
  r = enrolment();
  r.account_type = "Checking";
  CHECK(refused(r).find("account_type") != std::string::npos);
  r = enrolment();
  r.holder_name = "";
  CHECK(refused(r).find("holder_name") != std::string::npos);
  r.holder_name = std::string(kMaxHolderNameBytes + 1, 'M');
  refused(r);
  r.holder_name = "MARIA\tLOPEZ";
  refused(r);
  r = enrolment();
  r.account = "JOHN SMITH";
  CHECK(refused(r).find("not a customer account number") != std::string::npos);
  r = enrolment();
  r.actor.user = "";
  refused(r);
  CHECK(records_in(*log.log) == 0);

  // A card number typed into the name is masked like one in a file.
  r = enrolment();
  r.holder_name = "M LOPEZ 4111 1111 1111 1111";
  auto masked = enrol_autopay(log.get(), keys(), r);
  REQUIRE(masked.ok());
  const Published p = read(log.get(), masked->appended);
  CHECK(p.bytes.find("4111 1111 1111 1111") == std::string::npos);
  CHECK(p.event.autopay_enrolled().holder_name().find("1111") != std::string::npos);

  // The edges the NACHA account field allows.
  r = enrolment();
  r.account_number = "1234";
  CHECK(enrol_autopay(log.get(), keys(), r).ok());
  r.account_number = "12345678901234567";
  r.account_type = "checking";
  CHECK(enrol_autopay(log.get(), keys(), r).ok());
}

TEST_CASE("an autopay removal command publishes AutopayRemoved with its reason", "[ingest][autopay]") {
  tally::testing::EmbeddedLogFixture log;
  AutopayRemovalRequest r;
  r.account = "100117";
  r.reason = "customer asked by phone";
  r.actor.user = "li";
  r.actor.idempotency_key = "rm-1";
  auto removed = remove_autopay(log.get(), r);
  REQUIRE(removed.ok());
  CHECK(removed->event_id == events::command_id("autopay-remove:li\nrm-1"));
  const events::Envelope e = read(log.get(), removed->appended).event;
  CHECK(e.type() == events::AUTOPAY_REMOVED);
  CHECK(e.partition_key() == "customer:100117");
  CHECK(e.autopay_removed().account_id() == "100117");
  CHECK(e.autopay_removed().reason() == "customer asked by phone");
  CHECK(e.source().user() == "li");

  for (std::string reason : {std::string(), std::string(kMaxRemovalReasonBytes + 1, 'x'), std::string("a\nb")}) {
    r.reason = reason;
    auto bad = remove_autopay(log.get(), r);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == IngestErrc::bad_input);
  }
  CHECK(records_in(*log.log) == 1);
}

TEST_CASE("a deterministic sealing opens like any other and depends on its context",
          "[ingest][sealing]") {
  const std::string key(32, 'k');
  const std::string a = seal_deterministic(key, "event-1", "000123456789");
  CHECK(a == seal_deterministic(key, "event-1", "000123456789"));
  CHECK(a != seal_deterministic(key, "event-2", "000123456789"));
  CHECK(a != seal_deterministic(key, "event-1", "000123456780"));
  CHECK(a.find("123456789") == std::string::npos);
  CHECK(unseal(key, a) == "000123456789");
  CHECK_FALSE(unseal(std::string(32, 'o'), a).has_value());
}
