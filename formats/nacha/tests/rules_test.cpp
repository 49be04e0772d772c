// One test per validation rule: a valid file with exactly one thing broken is rejected with
// a located error naming the field and the rule.
#include <catch2/catch.hpp>

#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"

using namespace tally::formats::nacha;
using namespace nacha_test;
using tally::formats::Issue;
using tally::formats::ParseReport;

namespace {

// Lines of a valid file: header, batch header, two entries (line 3 and 4), batch control
// (line 5), file control (line 6), four filler lines.
std::vector<std::string> valid_lines() {
  FileBuilder b;
  b.entry(EntrySpec{.name = "FIRST"}).entry(EntrySpec{.amount_minor = 500, .name = "SECOND"});
  return b.lines();
}

constexpr std::size_t kHeader = 0, kBatch = 1, kEntry1 = 2, kEntry2 = 3, kControl = 4, kFile = 5;

ParseReport check_lines(const std::vector<std::string>& lines) {
  return check(join(lines));
}

const Issue* find_error(const ParseReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("nacha: the unbroken fixture is accepted", "[nacha][rules]") {
  const auto report = check_lines(valid_lines());
  INFO(describe(report));
  CHECK(report.accepted);
}

TEST_CASE("nacha: an RDFI routing number failing its check digit is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry2], 12, "5");  // 23138010 needs 4
  const auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  const Issue* e = find_error(report, "bad_check_digit");
  REQUIRE(e != nullptr);
  CHECK(e->line == 4);
  CHECK(e->record == 4);
  CHECK(e->field == "check_digit");
}

TEST_CASE("nacha: an immediate origin holding letters is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kHeader], 14, "000TESTER1");
  auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "bad_routing_number", "immediate_origin"));

  lines = valid_lines();
  put(lines[kHeader], 4, " 23138010A");
  report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "bad_routing_number", "immediate_destination"));

  lines = valid_lines();
  put(lines[kHeader], 14, "          ");  // blank
  CHECK(has_error(check_lines(lines), "bad_routing_number", "immediate_origin"));
}

TEST_CASE(
    "nacha: digit-only immediate origins and destinations that are not routing numbers "
    "are accepted with a warning",
    "[nacha][lenient]") {
  for (const char* origin : {" 121042883",     // routing with a wrong check digit
                             " 123456789",     // an EIN behind a space
                             "0987654321",     // 0 + nine digits failing the check digit
                             "    123456"}) {  // a short identification
    INFO("immediate_origin \"" << origin << "\"");
    auto lines = valid_lines();
    put(lines[kHeader], 14, origin);
    const auto report = check_lines(lines);
    INFO(describe(report));
    CHECK(report.accepted);
    CHECK(has_warning(report, "not_a_routing_number"));
    CHECK(report.warnings.at(0).field == "immediate_origin");
  }
  auto lines = valid_lines();
  put(lines[kHeader], 4, " 987654321");
  auto report = check_lines(lines);
  CHECK(report.accepted);
  CHECK(has_warning(report, "not_a_routing_number"));

  lines = valid_lines();
  put(lines[kHeader], 14, "1123456789");  // 1 + EIN: an identification, no warning
  report = check_lines(lines);
  INFO(describe(report));
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
}

TEST_CASE("nacha: a wrong batch entry hash is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kControl], 11, "0046276021");
  const auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  const Issue* e = find_error(report, "entry_hash_mismatch");
  REQUIRE(e != nullptr);
  CHECK(e->field == "entry_hash");
  CHECK(e->line == 5);
}

TEST_CASE("nacha: the entry hash keeps only the rightmost 10 digits", "[nacha][rules]") {
  // 200 entries at routing 99999999 (check digit 4... computed) sum past 10 digits.
  BatchSpec b;
  for (int i = 0; i < 200; ++i) b.entries.push_back(EntrySpec{.routing9 = "999999992"});
  FileBuilder f;
  f.batch(b);
  const auto report = check(f.text());
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(summary_int(report, "entry_hash") == (99999999LL * 200) % 10'000'000'000LL);
}

TEST_CASE("nacha: a wrong file entry hash is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kFile], 22, "0046276022");
  const auto report = check_lines(lines);
  CHECK(has_error(report, "entry_hash_mismatch", "entry_hash"));
}

TEST_CASE("nacha: a wrong batch debit total is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kControl], 21, "000000012846");  // 12345 + 500 = 12845
  const auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "total_mismatch", "total_debit"));
}

TEST_CASE("nacha: a wrong file debit or credit total is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kFile], 32, "000000012844");
  auto report = check_lines(lines);
  CHECK(has_error(report, "total_mismatch", "total_debit"));

  lines = valid_lines();
  put(lines[kFile], 44, "000000000001");
  report = check_lines(lines);
  CHECK(has_error(report, "total_mismatch", "total_credit"));
}

TEST_CASE("nacha: wrong entry/addenda counts are rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kControl], 5, "000003");
  auto report = check_lines(lines);
  CHECK(has_error(report, "count_mismatch", "entry_addenda_count"));

  lines = valid_lines();
  put(lines[kFile], 14, "00000001");
  report = check_lines(lines);
  CHECK(has_error(report, "count_mismatch", "entry_addenda_count"));
}

TEST_CASE("nacha: a wrong batch count is rejected unless every other total proves it harmless",
          "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kFile], 2, "000002");
  auto report = check_lines(lines);
  // Counts, hash and totals all agree: no batch can be missing, the count is just wrong.
  CHECK(report.accepted);
  CHECK(has_warning(report, "batch_count_mismatch"));

  put(lines[kFile], 32, "000000000001");  // and a total that does not add up
  report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "count_mismatch", "batch_count"));
}

TEST_CASE("nacha: a wrong block count is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kFile], 8, "000002");
  const auto report = check_lines(lines);
  CHECK(has_error(report, "count_mismatch", "block_count"));
}

TEST_CASE("nacha: batch header and control must agree", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kControl], 2, "200");
  auto report = check_lines(lines);
  CHECK(has_error(report, "header_control_mismatch", "service_class_code"));

  lines = valid_lines();
  put(lines[kControl], 45, "9999999999");
  report = check_lines(lines);
  CHECK(has_error(report, "header_control_mismatch", "company_identification"));

  lines = valid_lines();
  put(lines[kControl], 88, "0000002");
  report = check_lines(lines);
  CHECK(has_error(report, "header_control_mismatch", "batch_number"));

  lines = valid_lines();
  put(lines[kControl], 80, "02100002");
  report = check_lines(lines);
  CHECK(has_error(report, "header_control_mismatch", "odfi_identification"));
}

TEST_CASE("nacha: an unknown return reason code is rejected", "[nacha][rules]") {
  const auto text =
      one_entry_file("PPD", EntrySpec{.transaction_code = 26,
                                      .addenda = {addenda99("R96", "121042880000001", "",
                                                            "23138010", "", "121042880000001")}});
  const auto report = check(text);
  CHECK_FALSE(report.accepted);
  const Issue* e = find_error(report, "unknown_return_code");
  REQUIRE(e != nullptr);
  CHECK(e->line == 4);
  CHECK(e->message.find("R96") != std::string::npos);
}

TEST_CASE("nacha: trace numbers must ascend within a batch", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry2], 80, "121042880000001");  // same as the first entry's
  auto report = check_lines(lines);
  CHECK(has_error(report, "trace_not_ascending", "trace_number"));

  lines = valid_lines();
  put(lines[kEntry1], 80, "121042880000009");
  report = check_lines(lines);
  CHECK(has_error(report, "trace_not_ascending", "trace_number"));
}

TEST_CASE("nacha: records out of order are rejected", "[nacha][rules]") {
  const auto base = valid_lines();
  auto order_error = [](const std::vector<std::string>& lines) {
    return has_error(check_lines(lines), "record_order");
  };
  auto lines = base;  // entry before any batch header
  std::swap(lines[kBatch], lines[kEntry1]);
  CHECK(order_error(lines));

  lines = base;  // file header not first
  std::swap(lines[kHeader], lines[kBatch]);
  CHECK(order_error(lines));

  lines = base;  // addenda without an entry before it
  lines.insert(lines.begin() + kEntry1, addenda05("X", 1, 1));
  CHECK(order_error(lines));

  lines = base;  // batch control missing before the file control
  lines.erase(lines.begin() + kControl);
  CHECK(order_error(lines));

  lines = base;  // a batch header inside a batch
  lines.insert(lines.begin() + kEntry2, base[kBatch]);
  CHECK(order_error(lines));

  lines = base;  // a record after the file control
  lines.insert(lines.begin() + kFile + 1, base[kEntry1]);
  CHECK(order_error(lines));

  lines = base;  // filler before the file control
  lines.insert(lines.begin() + kFile, std::string(94, '9'));
  CHECK(order_error(lines));

  lines = base;  // a second file header
  lines.insert(lines.begin() + kBatch, base[kHeader]);
  CHECK(order_error(lines));
}

TEST_CASE("nacha: a file without its file control is rejected as truncated", "[nacha][rules]") {
  auto lines = valid_lines();
  lines.resize(kControl + 1);
  auto report = check_lines(lines);
  CHECK(has_error(report, "missing_file_control"));

  lines.resize(kEntry2 + 1);
  report = check_lines(lines);
  CHECK(has_error(report, "missing_file_control"));

  CHECK(has_error(check(""), "empty_file"));
}

TEST_CASE("nacha: a batch without entries is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  lines.erase(lines.begin() + kEntry1, lines.begin() + kControl);
  CHECK(has_error(check_lines(lines), "empty_batch"));
}

TEST_CASE("nacha: letters in amount and trace fields are rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry1], 30, "9988A00CCC");
  auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  const Issue* e = find_error(report, "bad_amount");
  REQUIRE(e != nullptr);
  CHECK(e->field == "amount");
  CHECK(e->line == 3);

  lines = valid_lines();
  put(lines[kEntry1], 80, "121042889AAZZZ8");
  report = check_lines(lines);
  CHECK(has_error(report, "bad_trace_number", "trace_number"));
}

TEST_CASE("nacha: numeric fields must be numeric", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kBatch], 88, "00000A1");
  CHECK(has_error(check_lines(lines), "not_numeric", "batch_number"));

  lines = valid_lines();
  put(lines[kControl], 5, "00 002");
  CHECK(has_error(check_lines(lines), "not_numeric", "entry_addenda_count"));

  lines = valid_lines();
  put(lines[kFile], 32, "00000001284 ");
  CHECK(has_error(check_lines(lines), "bad_amount", "total_debit"));

  lines = valid_lines();
  put(lines[kEntry1], 4, "2313801O");  // letter O for zero
  CHECK(has_error(check_lines(lines), "bad_routing_number", "rdfi_routing"));

  lines = valid_lines();
  put(lines[kHeader], 24, "261340");  // month 13
  CHECK(has_error(check_lines(lines), "bad_date", "file_creation_date"));

  lines = valid_lines();
  put(lines[kBatch], 70, "26AB23");
  CHECK(has_error(check_lines(lines), "bad_date", "effective_entry_date"));
}

TEST_CASE("nacha: a one-line file whose length is not a multiple of 94 is rejected",
          "[nacha][rules]") {
  std::string one_line;
  for (const auto& l : valid_lines()) one_line += l;
  REQUIRE(check(one_line).accepted);
  const auto report = check("1" + one_line);
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "line_split_length"));
}

TEST_CASE("nacha: a line longer than 94 with data beyond 94 is rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  lines[kEntry1] += "EXTRA";
  CHECK(has_error(check_lines(lines), "line_too_long"));
}

TEST_CASE("nacha: entries must match their batch's service class", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry1], 2, "22");  // a credit in a debits-only (225) batch
  CHECK(has_error(check_lines(lines), "service_class_mismatch"));

  lines = valid_lines();
  put(lines[kBatch], 2, "220");
  put(lines[kControl], 2, "220");
  CHECK(has_error(check_lines(lines), "service_class_mismatch"));
}

TEST_CASE("nacha: unknown SEC codes, service classes and transaction codes are rejected",
          "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kBatch], 51, "XYZ");
  CHECK(has_error(check_lines(lines), "unknown_sec_code", "standard_entry_class"));

  lines = valid_lines();
  put(lines[kBatch], 2, "226");
  CHECK(has_error(check_lines(lines), "bad_service_class_code"));

  lines = valid_lines();
  put(lines[kEntry1], 2, "90");
  CHECK(has_error(check_lines(lines), "bad_transaction_code", "transaction_code"));

  lines = valid_lines();
  put(lines[kEntry1], 2, "81");  // an ADV code outside an ADV batch
  CHECK(has_error(check_lines(lines), "bad_transaction_code"));
}

TEST_CASE("nacha: an entry must name the receiver's account", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry1], 13, std::string(17, ' '));
  const auto report = check_lines(lines);
  CHECK(has_error(report, "missing_account_number", "dfi_account_number"));
  CHECK_FALSE(report.accepted);
}

TEST_CASE("nacha: a prenote must carry a zero amount", "[nacha][rules]") {
  auto lines = valid_lines();
  put(lines[kEntry1], 2, "28");
  CHECK(has_error(check_lines(lines), "nonzero_prenote"));
}

TEST_CASE("nacha: addenda must match the entry's addenda record indicator", "[nacha][rules]") {
  auto lines = valid_lines();
  lines.insert(lines.begin() + kEntry2, addenda05("UNEXPECTED", 1, 1));
  put(lines[kControl + 1], 5, "000003");
  put(lines[kFile + 1], 14, "00000003");
  CHECK(has_error(check_lines(lines), "unexpected_addenda"));

  lines = valid_lines();
  put(lines[kEntry1], 79, "1");
  CHECK(has_error(check_lines(lines), "missing_addenda"));

  lines = valid_lines();
  put(lines[kEntry1], 79, "2");
  CHECK(has_error(check_lines(lines), "bad_addenda_indicator"));
}

TEST_CASE("nacha: a CTX entry's declared addenda count must match", "[nacha][rules]") {
  const auto text = one_entry_file(
      "CTX", EntrySpec{.id = "45689033",
                       .name = "0003RECEIVER COMPANY",
                       .addenda = {addenda05("ISA*1", 1, 1), addenda05("ISA*2", 2, 1)}});
  CHECK(has_error(check(text), "count_mismatch", "number_of_addenda_records"));
}

TEST_CASE("nacha: unknown addenda types are rejected", "[nacha][rules]") {
  const auto text = one_entry_file("PPD", EntrySpec{.addenda = {pad94("733SOMETHING")}});
  CHECK(has_error(check(text), "bad_addenda_type"));
}

TEST_CASE("nacha: control bytes inside a record are rejected", "[nacha][rules]") {
  auto lines = valid_lines();
  lines[kEntry1][60] = '\t';
  CHECK(has_error(check_lines(lines), "bad_character"));
  lines = valid_lines();
  lines[kEntry1][60] = '\0';
  CHECK(has_error(check_lines(lines), "bad_character"));
}

TEST_CASE("nacha: an entry may carry at most 9999 addenda", "[nacha][rules][slow]") {
  EntrySpec e{.id = "45689033", .name = "9999RECEIVER COMPANY"};
  for (int i = 1; i <= 10000; ++i) e.addenda.push_back(addenda05("ISA", i, 1));
  const auto report = check(one_entry_file("CTX", e));
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "too_many_addenda"));
}

TEST_CASE("nacha: error collection is bounded", "[nacha][rules]") {
  BatchSpec b;
  for (int i = 0; i < 3000; ++i) b.entries.push_back(EntrySpec{});
  FileBuilder f;
  f.batch(b);
  auto lines = f.lines();
  for (std::size_t i = 2; i < 3002; ++i) put(lines[i], 30, "ABCDEFGHIJ");
  const auto report = check_lines(lines);
  CHECK_FALSE(report.accepted);
  CHECK(report.errors.size() <= ParseReport::kMaxIssues);
}
