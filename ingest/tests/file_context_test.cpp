#include <catch2/catch.hpp>

#include "ingest/file_context.h"

using namespace tally::ingest;

TEST_CASE("events about one customer share a partition key, unknown goes to suspense", "[ingest]") {
  CHECK(partition_key_for("100234") == "customer:100234");
  CHECK(partition_key_for("") == "suspense");
}

TEST_CASE("bank account numbers are masked and hashed with a key, never kept whole", "[ingest]") {
  FileContext a, b;
  a.account_hash_key = std::string(32, 'a');
  b.account_hash_key = std::string(32, 'b');
  CHECK(mask_last4("000123456789") == "6789");
  CHECK(mask_last4("12") == "12");
  CHECK(account_hash(a, "091000019", "000123456789") == account_hash(a, "091000019", "123456789"));
  CHECK(account_hash(a, "091000019", "123456789") != account_hash(b, "091000019", "123456789"));
  CHECK(account_hash(a, "091000019", "123456789") != account_hash(a, "021000021", "123456789"));
  CHECK(account_hash(a, "091000019", "123456789").find("123456789") == std::string::npos);
}

TEST_CASE("envelopes carry id, type, version, dates, source and partition key", "[ingest]") {
  FileContext file;
  file.sha256 = "abc";
  file.file_name = "day.ach";
  file.user = "ops";
  file.recorded_at_us = 42;
  const auto id = tally::EventId::from_business_key("t", {"1"});
  const auto date = *tally::BusinessDate::parse_iso("2026-11-20");
  auto e = make_envelope(id, tally::events::BILL_ISSUED, "customer:1", date, file, 7);
  e.mutable_bill_issued()->set_account_id("1");
  CHECK(tally::events::validate(e).ok());
  CHECK(e.business_date() == date.days());
  CHECK(e.source().file_sha256() == "abc");
  CHECK(e.source().record_ordinal() == 7);
  CHECK(e.source().user() == "ops");
  CHECK(e.recorded_at_us() == 42);
}
