// Changing the return policy (policy_command.h): one PolicySet per partition, the same policy in
// force on every partition once posted, and nothing published for a value the ledger would not
// take.
#include <catch2/catch.hpp>

#include <set>

#include "core/events/event_ids.h"
#include "core/money.h"
#include "core/log/partitioner.h"
#include "ledger/errors.h"
#include "ledger/policy_command.h"
#include "ledger/tests/command_books.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

PolicyChange change(std::string key = "") {
  PolicyChange c;
  c.nsf_fee_minor = 3'500;
  c.nsf_return_codes = {"R01", "R09", "A"};
  c.autopay_removal_returns = 3;
  c.autopay_removal_months = 6;
  c.effective_date = BusinessDate::from_days(20454 + 10);
  c.actor.user = "admin";
  c.actor.idempotency_key = std::move(key);
  return c;
}

Error refused(CommandBooks& books, const PolicyChange& c) {
  auto set = set_policy(*books.log, c);
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().code == LedgerErrc::invalid_argument);
  return set.error();
}

}  // namespace

TEST_CASE("a policy change is one PolicySet on every partition, in force on each once posted",
          "[ledger][policy]") {
  CommandBooks books;
  auto set = set_policy(*books.log, change("pol-1"));
  REQUIRE(set.ok());
  REQUIRE(set->appended.size() == CommandBooks::kPartitions);
  REQUIRE(set->event_ids.size() == CommandBooks::kPartitions);
  CHECK(set->change_id == events::command_id("policy-set:admin\npol-1"));
  std::set<std::uint32_t> partitions;
  for (std::uint32_t p = 0; p < CommandBooks::kPartitions; ++p) {
    CHECK(set->appended[p].partition == PartitionId(p));
    partitions.insert(set->appended[p].partition.value());
    const events::Envelope e = books.read(set->appended[p]);
    CHECK(e.type() == events::POLICY_SET);
    CHECK(events::event_id_of(e) == set->event_ids[p]);
    CHECK(e.source().user() == "admin");
    CHECK(e.policy_set().nsf_fee().minor() == 3'500);
    CHECK(e.policy_set().effective_date() == 20454 + 10);
  }
  CHECK(partitions.size() == CommandBooks::kPartitions);

  // Before posting, the defaults stand.
  CHECK(current_policy(*books.ledger).policy.nsf_fee_minor == kDefaultNsfFeeMinor);
  books.post();
  const CurrentPolicy before = current_policy(*books.ledger, BusinessDate::from_days(20454 + 9));
  CHECK(before.uniform);
  CHECK(before.partitions == CommandBooks::kPartitions);
  CHECK(before.policy.nsf_fee_minor == kDefaultNsfFeeMinor);
  const CurrentPolicy after = current_policy(*books.ledger, BusinessDate::from_days(20454 + 10));
  CHECK(after.uniform);
  CHECK(after.policy.nsf_fee_minor == 3'500);
  CHECK(after.policy.nsf_return_codes == std::vector<std::string>{"R01", "R09", "A"});
  CHECK(after.policy.autopay_removal_returns == 3);
  CHECK(after.policy.autopay_removal_months == 6);

  // The same change retried is the same events: duplicates, nothing new.
  REQUIRE(set_policy(*books.log, change("pol-1")).ok());
  books.post();
  CHECK(books.ledger->counters().duplicates == CommandBooks::kPartitions);
  CHECK(books.ledger->counters().refused == 0);
}

TEST_CASE("a return after a policy change pays the new fee", "[ledger][policy]") {
  CommandBooks books;
  PolicyChange c = change();
  c.effective_date = BusinessDate::from_days(20454);
  REQUIRE(set_policy(*books.log, c).ok());
  books.post();
  events::Envelope paid = payment("p1", "100117", 5'000);
  paid.set_partition_key("customer:100117");
  events::Envelope back = payment_return("r1", "p1", "", 5'000, "R01", 1);
  back.set_partition_key("customer:100117");
  books.publish(paid);
  books.publish(back);
  books.post();
  CHECK(balance_of(*books.ledger, "revenue:nsf-fees") == -3'500);
}

TEST_CASE("a policy change the ledger would not take is refused and publishes nothing",
          "[ledger][policy]") {
  CommandBooks books;
  PolicyChange c = change();
  c.nsf_fee_minor = -1;
  refused(books, c);
  c = change();
  c.nsf_fee_minor = kMaxAmountMinor + 1;
  refused(books, c);
  for (const char* code : {"R1", "R00", "R100", "XYZ", "a", "", "R0A"}) {
    INFO(code);
    c = change();
    c.nsf_return_codes = {code};
    CHECK(refused(books, c).message.find("nsf_return_codes") != std::string::npos);
  }
  c = change();
  c.nsf_return_codes = {"R01", "R01"};
  refused(books, c);
  c = change();
  c.nsf_return_codes.assign(kMaxNsfCodes + 1, "R01");
  refused(books, c);
  c = change();
  c.autopay_removal_returns = -1;
  refused(books, c);
  c.autopay_removal_returns = kMaxRemovalReturns + 1;
  refused(books, c);
  c = change();
  c.autopay_removal_months = 0;  // with returns > 0
  CHECK(refused(books, c).message.find("autopay_removal_months") != std::string::npos);
  c.autopay_removal_months = kMaxRemovalMonths + 1;
  refused(books, c);
  c = change();
  c.actor.user = "";
  refused(books, c);
  CHECK(books.records_in_log() == 0);

  // What the ledger accepts at the edges, the command accepts.
  c = change();
  c.nsf_fee_minor = 0;
  c.nsf_return_codes = {"R99", "Z", "9"};
  c.autopay_removal_returns = 0;  // never remove
  c.autopay_removal_months = 0;
  REQUIRE(set_policy(*books.log, c).ok());
  c.autopay_removal_returns = kMaxRemovalReturns;
  c.autopay_removal_months = kMaxRemovalMonths;
  c.nsf_return_codes = {};
  REQUIRE(set_policy(*books.log, c).ok());
  books.post();
  CHECK(books.ledger->counters().refused == 0);
}
