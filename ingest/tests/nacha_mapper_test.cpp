// NACHA records to events: payments, returns, notifications of change, settlements.
#include <catch2/catch.hpp>

#include "core/events/event_ids.h"
#include "formats/nacha/tests/nacha_fixtures.h"
#include "ingest/mappers/mappers.h"
#include "ingest/sealing.h"

using namespace tally;
using namespace tally::ingest;
using nacha_test::addenda98;
using nacha_test::addenda99;
using nacha_test::BatchSpec;
using nacha_test::EntrySpec;
using nacha_test::FileBuilder;

namespace {

FileContext context() {
  FileContext f;
  f.sha256 = "feed";
  f.account_hash_key = std::string(32, 'h');
  f.sealing_key = std::string(32, 's');
  return f;
}

std::vector<events::Envelope> map(const std::string& text) {
  CollectingSink sink;
  const auto report = map_nacha(text, context(), sink);
  REQUIRE(report.ok());
  INFO((report->errors.empty() ? "" : report->errors.front().message));
  REQUIRE(report->accepted);
  return std::move(sink.events);
}

std::string payments_file() {
  FileBuilder f;
  f.batch(BatchSpec{.sec = "PPD", .service_class_code = 200, .effective_date = "261123"});
  f.entry(EntrySpec{.transaction_code = 22, .amount_minor = 12550, .id = "100234", .name = "ANN LEE"});
  f.entry(EntrySpec{.transaction_code = 22, .amount_minor = 900, .id = "JOHN", .name = "JOHN"});
  f.entry(EntrySpec{.transaction_code = 28, .amount_minor = 0, .id = "100235"});  // prenote
  f.batch(BatchSpec{.sec = "WEB", .service_class_code = 225, .effective_date = "261123"});
  f.entry(EntrySpec{.transaction_code = 27, .amount_minor = 4000, .id = "100236"});
  return f.text();
}

}  // namespace

TEST_CASE("nacha mapper: credits and e-check debits become payments with masked accounts", "[ingest][nacha]") {
  const auto events = map(payments_file());
  std::vector<const events::Envelope*> payments, deposits;
  for (const auto& e : events)
    (e.type() == events::PAYMENT_RECEIVED ? payments : deposits).push_back(&e);
  REQUIRE(payments.size() == 3);  // the prenote carries no money
  const auto& ann = payments[0]->payment_received();
  CHECK(ann.account_id() == "100234");
  CHECK(payments[0]->partition_key() == "customer:100234");
  CHECK(ann.amount().minor() == 12550);
  CHECK(ann.channel() == events::ACH);
  CHECK(ann.method().account_last4() == "6789");
  CHECK(ann.method().account_hash().size() == 64);
  CHECK(ann.method().routing_number() == "231380104");
  CHECK(ann.external_reference().size() == 15);
  // The id is the entry's business key: trace, date, sender, code, amount, keyed account.
  const std::string odfi = ann.external_reference().substr(0, 8);
  const events::AchEntryKey key{odfi, ann.external_reference(),
                                *BusinessDate::parse_iso("2026-11-23"), "1234567890", 22, 12550,
                                ann.method().account_hash(), ""};
  CHECK(events::event_id_of(*payments[0]) == events::ach_entry_id(key));
  CHECK(payments[1]->payment_received().account_id().empty());  // "JOHN" is no account
  CHECK(payments[1]->partition_key() == "suspense");
  CHECK(payments[2]->payment_received().channel() == events::ECHECK);  // WEB debit

  REQUIRE(deposits.size() == 2);  // one ACH settlement per batch with money
  CHECK(deposits[0]->deposit_declared().net().minor() == 13450);
  CHECK(deposits[1]->deposit_declared().net().minor() == 4000);
}

TEST_CASE("nacha mapper: ids are the same on every run of the same file", "[ingest][nacha]") {
  const auto first = map(payments_file());
  const auto second = map(payments_file());
  REQUIRE(first.size() == second.size());
  for (std::size_t i = 0; i < first.size(); ++i) CHECK(first[i].id() == second[i].id());
  CHECK(first[0].id() != first[1].id());
}

TEST_CASE("nacha mapper: returns carry the R-code and the original trace, NOCs the change", "[ingest][nacha]") {
  FileBuilder f;
  f.batch(BatchSpec{.sec = "PPD", .service_class_code = 200, .effective_date = "261125"});
  f.entry(EntrySpec{.transaction_code = 26, .amount_minor = 4000, .id = "100236",
                    .addenda = {addenda99("R01", "121042880000001", "", "23138010", "", "231380100000001")}});
  f.entry(EntrySpec{.transaction_code = 21, .amount_minor = 0, .id = "100237",
                    .addenda = {addenda98("C01", "121042880000002", "23138010", "987654321", "231380100000002")}});
  const auto events = map(f.text());
  REQUIRE(events.size() == 2);
  REQUIRE(events[0].type() == events::PAYMENT_RETURNED);
  const auto& r = events[0].payment_returned();
  CHECK(r.return_code() == "R01");
  CHECK(r.original_reference() == "121042880000001");
  CHECK(r.account_id() == "100236");
  CHECK(r.amount().minor() == 4000);
  CHECK(r.kind() == events::ACH_RETURN);
  REQUIRE(events[1].type() == events::NOTICE_OF_CHANGE);
  CHECK(events[1].notice_of_change().change_code() == "C01");
  // The corrected account number is never kept whole: masked, keyed-hashed, sealed.
  const auto& noc = events[1].notice_of_change();
  CHECK(noc.corrected_data() == "*****4321");
  CHECK(noc.corrected_account_last4() == "4321");
  CHECK(noc.corrected_account_hash().size() == 64);
  CHECK(unseal(context().sealing_key, noc.corrected_account_sealed()) == "987654321");
  CHECK(events[1].SerializeAsString().find("987654321") == std::string::npos);
}
