// The mappers over the shared conformance corpus (read, never copied): for every lockbox,
// BAI2, camt and X9 file, check and map agree, accepted files map to well-formed events, and
// no file crashes a mapper.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  const std::string corpus = std::string(source ? source : ".") + "/../shared/corpus";
  const auto expected = read_file(corpus + "/expected.tsv");
  if (!expected) {
    WARN("corpus not found: " << corpus);
    return;
  }
  std::istringstream lines(*expected);
  std::string line;
  int mapped = 0;
  while (std::getline(lines, line)) {
    std::istringstream cells(line);
    std::string path, format_name, expect;
    std::getline(cells, path, '\t');
    std::getline(cells, format_name, '\t');
    std::getline(cells, expect, '\t');
    const auto format = formats::format_from_name(format_name);
    if (!format || (*format != formats::Format::bai2 && *format != formats::Format::camt &&
                    *format != formats::Format::lockbox && *format != formats::Format::x9))
      continue;
    const auto bytes = read_file(corpus + "/" + path);
    if (!bytes) continue;
    INFO(path);
    const Mapped m = run(*format, *bytes);
    ++mapped;
    if (expect == "accept") CHECK(m.map.accepted);
    if (expect == "reject") CHECK_FALSE(m.map.accepted);
    if (!m.map.accepted) continue;
    CHECK(ids_distinct(m.events));
    for (const events::Envelope& e : m.events) {
      CHECK(e.id().size() == 16);
      CHECK_FALSE(e.partition_key().empty());
      CHECK(amount_of(e) > 0);
      CHECK(e.source().file_sha256() == context().sha256);
    }
  }
  CHECK(mapped > 10);
}
