// The mappers over the shared conformance corpus (read, never copied): for every lockbox,
// BAI2, camt and X9 file, check and map agree, accepted files map to well-formed events, and
// no file crashes a mapper.
#include <catch2/catch.hpp>

#include "ingest/tests/mapper_test_support.h"
#include "tests/support/corpus.h"

using namespace mapper_test;

namespace {

std::int64_t amount_of(const events::Envelope& e) {
  switch (e.payload_case()) {
    case events::Envelope::kPaymentReceived: return e.payment_received().amount().minor();
    case events::Envelope::kPaymentReturned: return e.payment_returned().amount().minor();
    case events::Envelope::kBankTransaction: return e.bank_transaction().amount().minor();
    case events::Envelope::kDepositDeclared: return e.deposit_declared().net().minor();
    default: return -1;
  }
}

}  // namespace

TEST_CASE("mappers: corpus files map as they check, to well-formed events", "[ingest][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  int mapped = 0;
  for (const tally::testing::CorpusRow& row : tally::testing::corpus_rows()) {
    const auto format = formats::format_from_name(row.format);
    if (!format || (*format != formats::Format::bai2 && *format != formats::Format::camt &&
                    *format != formats::Format::lockbox && *format != formats::Format::x9))
      continue;
    const std::string bytes = tally::testing::read_corpus_file(row.path);
    if (bytes.empty()) continue;
    const std::string& path = row.path;
    const std::string& expect = row.expect;
    INFO(path);
    const Mapped m = run(*format, bytes);
    ++mapped;
    if (expect == "accept") CHECK(m.map.accepted);
    if (expect == "reject") CHECK_FALSE(m.map.accepted);
    if (!m.map.accepted) continue;
    CHECK(ids_distinct(m.events));
    for (const events::Envelope& e : m.events) {
      CHECK(e.id().size() == 16);
      CHECK_FALSE(e.partition_key().empty());
      CHECK(e.source().file_sha256() == context().sha256);
      if (e.has_bank_balance_reported()) {  // a balance may be zero or negative
        const auto& b = e.bank_balance_reported();
        CHECK((b.has_opening_ledger() || b.has_closing_ledger()));
        continue;
      }
      CHECK(amount_of(e) > 0);
    }
  }
  CHECK(mapped > 10);
}
