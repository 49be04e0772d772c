// Files as real senders write them, each accepted with its exact totals and the warning that
// says what was unusual: the fixtures in fuzz/seeds/ (written from the record layouts of the
// NACHA Operating Rules, Appendix Three; they also seed the fuzzer).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/nacha/entry_scan.h"
#include "formats/nacha/fields.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"

using namespace tally::formats::nacha;
using namespace nacha_test;

namespace {

std::string seed(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(TALLY_NACHA_SEEDS_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Expected {
  std::int64_t batches, entry_addenda, debit_minor, credit_minor;
};

tally::formats::ParseReport require_accepted(const std::string& bytes, Expected e) {
  auto report = check(bytes);
  INFO(describe(report));
  REQUIRE(report.accepted);
  for (const auto& [field, value] : {std::pair<const char*, std::int64_t>{"batches", e.batches},
                                     {"entry_addenda", e.entry_addenda},
                                     {"debit_total_minor", e.debit_minor},
                                     {"credit_total_minor", e.credit_minor}}) {
    INFO(field);
    CHECK(summary_int(report, field) == value);
    if (std::string_view(field) != "batches") CHECK(declared_int(report, field) == value);
  }
  return report;
}

std::vector<std::string> names_of(const std::string& bytes) {
  RecordingVisitor v;
  const auto report = parse(bytes, v);
  REQUIRE(report.accepted);
  return v.seen.names;
}

}  // namespace

TEST_CASE("nacha fixtures: an EIN as immediate origin and a non-routing destination are warnings",
          "[nacha][fixtures]") {
  const auto report = require_accepted(seed("origin-ein.ach"), {1, 2, 5750, 0});
  CHECK(has_warning(report, "not_a_routing_number"));
  CHECK(report.warnings.size() == 2);  // destination and origin
  FnVisitor v;
  std::string origin, destination;
  v.file_header = [&](const FileHeader& h) {
    origin = h.immediate_origin;
    destination = h.immediate_destination;
  };
  REQUIRE(parse(seed("origin-ein.ach"), v).accepted);
  CHECK(origin == "123456789");
  CHECK(destination == "0987654321");
}

TEST_CASE("nacha fixtures: UTF-8 names make lines longer than 94 bytes but 94 characters",
          "[nacha][fixtures]") {
  const std::string bytes = seed("utf8-names.ach");
  const auto report = require_accepted(bytes, {1, 3, 23150, 0});
  CHECK(has_warning(report, "utf8_text"));
  CHECK_FALSE(has_warning(report, "long_line"));
  CHECK(names_of(bytes) ==
        std::vector<std::string>{"JOSÉ MUÑOZ", "FRANÇOISE LÆTITIA", "PLAIN NAME"});
  FnVisitor v;
  std::string origin_name;
  std::vector<std::string> traces;
  v.file_header = [&](const FileHeader& h) { origin_name = h.immediate_origin_name; };
  v.entry = [&](const EntryDetail& e) { traces.emplace_back(e.trace_number); };
  REQUIRE(parse(bytes, v).accepted);
  CHECK(origin_name == "TALLY WÄTER DISTRICT");
  CHECK(traces ==
        std::vector<std::string>{"121042880000001", "121042880000002", "121042880000003"});
}

TEST_CASE("nacha fixtures: Latin-1 names are accepted with a warning and kept as received",
          "[nacha][fixtures]") {
  const std::string bytes = seed("latin1-names.ach");
  const auto report = require_accepted(bytes, {1, 3, 23150, 0});
  CHECK(has_warning(report, "latin1_text"));
  CHECK(names_of(bytes) ==
        std::vector<std::string>{"JOS\xC9 MU\xD1OZ", "FRAN\xC7OISE L\xC6TITIA", "PLAIN NAME"});
}

TEST_CASE("nacha fixtures: non-ASCII bytes in a numeric field are still an error",
          "[nacha][fixtures]") {
  std::string bytes = seed("utf8-names.ach");
  const std::size_t at = bytes.find("0000012000");  // the first entry's amount
  REQUIRE(at != std::string::npos);
  bytes.replace(at + 9, 1, "\xC3\x89");  // É for the last digit: still 94 characters
  const auto report = check(bytes);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "bad_amount", "amount"));
}

TEST_CASE("nacha fixtures: IAT entries with addenda 10 to 18 are accepted", "[nacha][fixtures]") {
  const std::string bytes = seed("iat.ach");
  // 3 entries and 7 + 2, 7 + 2 and 7 addenda.
  const auto report = require_accepted(bytes, {1, 28, 101233, 250000});
  CHECK(report.warnings.empty());  // counts of 9 (all) and 7 (the mandatory ones) both fine
  RecordingVisitor v;
  REQUIRE(parse(bytes, v).accepted);
  CHECK(v.seen.addenda_counts == std::vector<std::int64_t>{9, 9, 7});
}

TEST_CASE("nacha fixtures: an IAT entry without its mandatory addenda is accepted with a warning",
          "[nacha][fixtures]") {
  std::string bytes = seed("iat.ach");
  bytes.erase(bytes.find("\n715"), 95);  // the first entry's addenda 15
  auto report = check(bytes);
  CHECK_FALSE(report.accepted);  // the controls still count the addendum that is gone
  CHECK(has_error(report, "count_mismatch"));
  // With the controls counting what is there, every total holds: a warning names the gap.
  const std::size_t batch = bytes.find("\n8200000028");
  const std::size_t file = bytes.find("\n9000001000004000000280");
  REQUIRE(batch != std::string::npos);
  REQUIRE(file != std::string::npos);
  bytes.replace(batch + 5, 6, "000027");
  bytes.replace(file + 14, 8, "00000027");
  report = check(bytes);
  INFO(describe(report));
  CHECK(report.accepted);
  CHECK(has_warning(report, "iat_addenda"));
}

TEST_CASE("nacha fixtures: an IAT addenda count that is neither 7 nor all is a warning",
          "[nacha][fixtures]") {
  std::string bytes = seed("iat.ach");
  const std::size_t count = bytes.find("0009", bytes.find("\n6"));  // first entry's count
  REQUIRE(count != std::string::npos);
  bytes.replace(count, 4, "0005");
  const auto report = check(bytes);
  INFO(describe(report));
  CHECK(report.accepted);
  CHECK(has_warning(report, "iat_addenda_count"));
}

TEST_CASE("nacha fixtures: ADV entries and controls with 20-digit totals", "[nacha][fixtures]") {
  const auto report = require_accepted(seed("adv.ach"), {1, 3, 50007, 123456789012});
  CHECK(report.warnings.empty());
}

TEST_CASE("nacha fixtures: blank addenda sequence numbers are accepted with a warning",
          "[nacha][fixtures]") {
  const auto report = require_accepted(seed("blank-sequence.ach"), {1, 4, 100000, 0});
  CHECK(has_warning(report, "blank_sequence_number"));
  FnVisitor v;
  std::vector<std::int64_t> sequences;
  v.entry = [&](const EntryDetail& e) {
    for (const auto& a : e.addenda05) sequences.push_back(a.entry_detail_sequence_number);
  };
  REQUIRE(parse(seed("blank-sequence.ach"), v).accepted);
  CHECK(sequences == std::vector<std::int64_t>{1, 2});  // taken from the trace numbers
}

TEST_CASE("nacha fixtures: a wrong batch count with every total agreeing is a warning",
          "[nacha][fixtures]") {
  const auto report = require_accepted(seed("batch-count-off.ach"), {1, 1, 5000, 0});
  CHECK(has_warning(report, "batch_count_mismatch"));
  CHECK(declared_int(report, "batches") == 2);
}

TEST_CASE("nacha fixtures: each reads the same with the entry loop off", "[nacha][fixtures]") {
  for (const char* name : {"origin-ein.ach", "utf8-names.ach", "latin1-names.ach", "iat.ach",
                           "adv.ach", "blank-sequence.ach", "batch-count-off.ach"}) {
    INFO(name);
    const std::string bytes = seed(name);
    const auto fast = check(bytes);
    set_entry_loop_for_testing(EntryLoop::kOff);
    const auto plain = check(bytes);
    set_entry_loop_for_testing(std::nullopt);
    CHECK(fast.accepted == plain.accepted);
    CHECK(describe(fast) == describe(plain));
    CHECK(fast.summary.items() == plain.summary.items());
    CHECK(fast.warnings.size() == plain.warnings.size());
  }
}

TEST_CASE("nacha: as_utf8 keeps UTF-8 and reads other 8-bit text as Latin-1", "[nacha][fixtures]") {
  CHECK(as_utf8("PLAIN NAME") == "PLAIN NAME");
  CHECK(as_utf8("JOS\xC3\x89") == "JOS\xC3\x89");  // already UTF-8
  CHECK(as_utf8("JOS\xC9 MU\xD1OZ") == "JOS\xC3\x89 MU\xC3\x91OZ");
  CHECK(valid_utf8(as_utf8("\xFF\x80\xC3")));
}
