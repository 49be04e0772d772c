// The reader on valid files: records delivered in order with every field decoded, per SEC
// code; summary equal to declared; streaming contract (no calls after an error).
#include <catch2/catch.hpp>

#include "formats/nacha/fields.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"

using namespace tally::formats::nacha;
using namespace nacha_test;

namespace {

std::string two_batch_file() {
  FileBuilder b;
  BatchSpec debits;
  debits.entries = {EntrySpec{}, EntrySpec{.transaction_code = 37,
                                           .routing9 = "021000021",
                                           .amount_minor = 5000,
                                           .name = "JOHN ROE"}};
  BatchSpec mixed;
  mixed.service_class_code = 200;
  mixed.entries = {EntrySpec{.transaction_code = 22, .amount_minor = 700, .name = "REFUND"},
                   EntrySpec{.transaction_code = 28, .amount_minor = 0, .name = "PRENOTE"}};
  b.batch(debits).batch(mixed);
  return b.text();
}

}  // namespace

TEST_CASE("nacha: a valid file is accepted and its computed totals equal the file control",
          "[nacha]") {
  const auto report = check(two_batch_file());
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(report.format == "nacha");
  CHECK(report.errors.empty());
  CHECK(report.warnings.empty());
  for (const char* field : {"batches", "entry_addenda", "debit_total_minor", "credit_total_minor",
                            "entry_hash", "block_count"})
    CHECK(summary_int(report, field) == declared_int(report, field));
  CHECK(summary_int(report, "batches") == 2);
  CHECK(summary_int(report, "entry_addenda") == 4);
  CHECK(summary_int(report, "debit_total_minor") == 12345 + 5000);
  CHECK(summary_int(report, "credit_total_minor") == 700);
  // 23138010 * 3 + 02100002
  CHECK(summary_int(report, "entry_hash") == 23138010LL * 3 + 2100002LL);
  CHECK(summary_int(report, "block_count") == 1);
}

TEST_CASE("nacha: the visitor receives records in file order", "[nacha]") {
  RecordingVisitor v;
  const auto report = parse(two_batch_file(), v);
  REQUIRE(report.accepted);
  CHECK(v.seen.events == std::vector<std::string>{"file_header", "batch_header", "entry", "entry",
                                                  "batch_control", "batch_header", "entry", "entry",
                                                  "batch_control", "file_control"});
  CHECK(v.seen.names == std::vector<std::string>{"JANE DOE", "JOHN ROE", "REFUND", "PRENOTE"});
  CHECK(v.seen.amounts == std::vector<std::int64_t>{12345, 5000, 700, 0});
  CHECK(v.seen.debits == std::vector<bool>{true, true, false, true});
}

TEST_CASE("nacha: entries say debit or credit, prenote or zero-dollar, from the transaction code",
          "[nacha]") {
  CHECK(classify_transaction_code(27).valid);
  CHECK_FALSE(classify_transaction_code(27).credit);
  CHECK(classify_transaction_code(22).credit);
  CHECK(classify_transaction_code(32).credit);
  CHECK_FALSE(classify_transaction_code(37).credit);
  CHECK(classify_transaction_code(37).account == AccountType::kSavings);
  CHECK(classify_transaction_code(28).prenote);
  CHECK(classify_transaction_code(23).prenote);
  CHECK(classify_transaction_code(24).zero_dollar);
  CHECK(classify_transaction_code(29).zero_dollar);
  CHECK(classify_transaction_code(21).return_or_noc);
  CHECK(classify_transaction_code(55).valid);
  CHECK_FALSE(classify_transaction_code(55).credit);
  for (int reserved : {0, 20, 25, 30, 35, 50, 57, 60, 80, 89, 90, 99})
    CHECK_FALSE(classify_transaction_code(reserved).valid);

  std::vector<std::pair<bool, bool>> flags;  // (prenote, zero-dollar)
  FnVisitor v;
  v.entry = [&](const EntryDetail& e) { flags.emplace_back(e.is_prenote(), e.is_zero_dollar()); };
  BatchSpec b;
  b.service_class_code = 200;
  b.entries = {
      EntrySpec{.transaction_code = 27}, EntrySpec{.transaction_code = 38, .amount_minor = 0},
      EntrySpec{
          .transaction_code = 24, .amount_minor = 0, .addenda = {addenda05("REMITTANCE", 1, 3)}}};
  FileBuilder f;
  f.batch(b);
  const auto report = parse(f.text(), v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(flags == std::vector<std::pair<bool, bool>>{{false, false}, {true, true}, {false, true}});
}

TEST_CASE("nacha: routing check digit uses weights 3-7-1-3-7-1-3-7", "[nacha]") {
  CHECK(routing_check_digit("23138010") == 4);
  CHECK(routing_check_digit("03130001") == 2);
  CHECK(routing_check_digit("12104288") == 2);
  CHECK(routing_check_digit("1210428") == -1);
  CHECK(routing_check_digit("1210428A") == -1);
  CHECK(routing_number_valid("231380104"));
  CHECK_FALSE(routing_number_valid("231380105"));
}

TEST_CASE("nacha: file header and batch header fields are decoded", "[nacha]") {
  FnVisitor v;
  int headers = 0;
  v.file_header = [&](const FileHeader& h) {
    ++headers;
    CHECK(h.priority_code == "01");
    CHECK(h.immediate_destination == "231380104");
    CHECK(h.immediate_origin == "121042882");
    CHECK(h.file_creation_date.to_iso() == "2026-11-22");
    CHECK(h.file_creation_time == "1200");
    CHECK(h.file_id_modifier == 'A');
    CHECK(h.immediate_destination_name == "FEDERAL RESERVE BANK");
    CHECK(h.immediate_origin_name == "TALLY WATER");
    CHECK(h.reference_code == "REF1");
  };
  v.batch_header = [&](const BatchHeader& h) {
    ++headers;
    CHECK(h.service_class_code == 225);
    CHECK(h.company_name == "TALLY WATER");
    CHECK(h.company_identification == "1234567890");
    CHECK(h.standard_entry_class == "PPD");
    CHECK(h.company_entry_description == "AUTOPAY");
    CHECK(h.company_descriptive_date == "NOV 26");
    REQUIRE(h.effective_entry_date);
    CHECK(h.effective_entry_date->to_iso() == "2026-11-23");
    CHECK(h.odfi_identification == "12104288");
    CHECK(h.batch_number == 1);
  };
  v.batch_control = [&](const BatchControl& c) {
    CHECK(c.entry_addenda_count == 1);
    CHECK(c.entry_hash == 23138010);
    CHECK(c.total_debit_minor == 12345);
    CHECK(c.company_identification == "1234567890");
  };
  FileBuilder b;
  b.entry(EntrySpec{});
  const auto report = parse(b.text(), v);
  REQUIRE(report.accepted);
  CHECK(headers == 2);
}

TEST_CASE("nacha: PPD entry fields are decoded", "[nacha][sec]") {
  FnVisitor v;
  int n = 0;
  v.entry = [&](const EntryDetail& e) {
    ++n;
    CHECK(e.transaction_code == 27);
    CHECK(e.rdfi_routing == "23138010");
    CHECK(e.check_digit == 4);
    CHECK(e.dfi_account_number == "123456789");
    CHECK(e.amount_minor == 12345);
    CHECK(e.individual_id_number == "CUST-0001");
    CHECK(e.individual_name == "JANE DOE");
    CHECK(e.discretionary_data == "AB");
    CHECK(e.addenda_record_indicator == 1);
    CHECK(e.trace_number == "121042880000001");
    CHECK(e.at.line == 3);
    CHECK(e.at.record == 3);
    REQUIRE(e.addenda05.size() == 1);
    CHECK(e.addenda05[0].payment_related_information == "INVOICE 42");
  };
  EntrySpec e{.discretionary = "AB", .addenda = {addenda05("INVOICE 42", 1, 1)}};
  const auto report = parse(one_entry_file("PPD", e), v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(n == 1);
}

TEST_CASE("nacha: CCD, WEB and TEL entries carry id, name and payment type", "[nacha][sec]") {
  for (const char* sec : {"CCD", "WEB", "TEL"}) {
    FnVisitor v;
    int n = 0;
    v.entry = [&](const EntryDetail& e) {
      ++n;
      CHECK(e.individual_id_number == "INV-9");
      CHECK(e.individual_name == "ACME WATER CO");
      CHECK(e.discretionary_data == "R");  // WEB/TEL: payment type code
    };
    const auto report =
        parse(one_entry_file(
                  sec, EntrySpec{.id = "INV-9", .name = "ACME WATER CO", .discretionary = "R"}),
              v);
    INFO(sec << "\n" << describe(report));
    REQUIRE(report.accepted);
    CHECK(n == 1);
  }
}

TEST_CASE("nacha: ARC, BOC and RCK entries carry the check serial number", "[nacha][sec]") {
  for (const char* sec : {"ARC", "BOC", "RCK"}) {
    FnVisitor v;
    int n = 0;
    v.entry = [&](const EntryDetail& e) {
      ++n;
      CHECK(e.check_serial_number == "000123879654");
      CHECK(e.individual_id_number.empty());
      CHECK(e.individual_name == "ABC COMPANY");
    };
    const auto report =
        parse(one_entry_file(sec, EntrySpec{.id = "000123879654", .name = "ABC COMPANY"}), v);
    INFO(sec << "\n" << describe(report));
    REQUIRE(report.accepted);
    CHECK(n == 1);
  }
}

TEST_CASE("nacha: POP entries carry check serial, terminal city and state", "[nacha][sec]") {
  FnVisitor v;
  int n = 0;
  v.entry = [&](const EntryDetail& e) {
    ++n;
    CHECK(e.check_serial_number == "123456789");
    CHECK(e.terminal_city == "PHIL");
    CHECK(e.terminal_state == "PA");
    CHECK(e.individual_name == "WADE ARNOLD");
  };
  const auto report =
      parse(one_entry_file("POP", EntrySpec{.id = "123456789PHILPA", .name = "WADE ARNOLD"}), v);
  REQUIRE(report.accepted);
  CHECK(n == 1);
}

TEST_CASE("nacha: CIE entries put the individual name before the identification number",
          "[nacha][sec]") {
  FnVisitor v;
  int n = 0;
  v.entry = [&](const EntryDetail& e) {
    ++n;
    CHECK(e.individual_name == "RECEIVER NAME");
    CHECK(e.individual_id_number == "ACCT-778899");
    CHECK(e.is_credit());
  };
  const auto report = parse(
      one_entry_file(
          "CIE", EntrySpec{.transaction_code = 22, .id = "RECEIVER NAME", .name = "ACCT-778899"},
          220),
      v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(n == 1);
}

TEST_CASE("nacha: CTX entries carry their addenda count and receiving company", "[nacha][sec]") {
  FnVisitor v;
  int n = 0;
  v.entry = [&](const EntryDetail& e) {
    ++n;
    CHECK(e.individual_id_number == "45689033");
    REQUIRE(e.number_of_addenda_records);
    CHECK(*e.number_of_addenda_records == 2);
    CHECK(e.individual_name == "RECEIVER COMPANY");
    REQUIRE(e.addenda05.size() == 2);
    CHECK(e.addenda05[1].payment_related_information == "ISA*00*SECOND");
    CHECK(e.addenda05[1].addenda_sequence_number == 2);
  };
  const auto report =
      parse(one_entry_file("CTX", EntrySpec{.id = "45689033",
                                            .name = "0002RECEIVER COMPANY",
                                            .addenda = {addenda05("ISA*00*FIRST", 1, 1),
                                                        addenda05("ISA*00*SECOND", 2, 1)}}),
            v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(n == 1);
}

TEST_CASE("nacha: IAT batches are read far enough to check their totals", "[nacha][sec]") {
  // Hand-laid IAT records: the batch header and entry detail differ from domestic SEC codes.
  std::vector<std::string> lines = FileBuilder().entry(EntrySpec{}).lines(false);
  std::string& header = lines[1];
  put(header, 5, std::string(16, ' '));                  // IAT indicator
  put(header, 21, "FF3" + std::string(15, ' ') + "US");  // FX indicator, reference, country
  put(header, 51, "IATTRADEPAYMTCADUSD");                // SEC, description, currencies
  std::string entry = pad94("627231380104");
  put(entry, 13, "0007");                    // number of addenda records
  put(entry, 30, "0000100000");              // amount
  put(entry, 40, "DE89370400440532013000");  // foreign receiver's account number
  put(entry, 79, "1121042880000001");        // addenda indicator + trace
  lines[2] = entry;
  lines.insert(lines.begin() + 3,
               {pad94("710ANN000000000000100000928383-23938          BEK ENTERPRISES"),
                pad94("711BEK SOLUTIONS                      15 WEST PLACE STREET")});
  put(lines[5], 5, "000003");         // batch: one entry + two addenda
  put(lines[5], 21, "000000100000");  // batch debit total
  put(lines[6], 14, "00000003");      // file entry/addenda count
  put(lines[6], 32, "000000100000");  // file debit total
  FnVisitor v;
  int n = 0;
  v.entry = [&](const EntryDetail& e) {
    ++n;
    CHECK(e.dfi_account_number == "DE89370400440532013000");
    REQUIRE(e.number_of_addenda_records);
    CHECK(*e.number_of_addenda_records == 7);
    CHECK(e.amount_minor == 100000);
    CHECK(e.other_addenda.size() == 2);
    CHECK(e.other_addenda[0].addenda_type_code == 10);
  };
  auto report = parse(join(lines), v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(n == 1);
  CHECK(summary_int(report, "debit_total_minor") == 100000);

  put(lines[5], 21, "000000100001");  // batch debit total off by one cent
  report = check(join(lines));
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "total_mismatch", "total_debit"));
}

namespace {

std::vector<std::string> adv_file() {
  std::string header = pad94("101 231380104 1210428822611221200A094101FEDERAL RESERVE BANK");
  std::string batch = pad94("5280COMPANY NAME");
  put(batch, 41, "121042882 ADVACCOUNTING      261123   0121042880000001");
  std::string credit = pad94("681231380104744-5678-99");
  put(credit, 28, "000000050000");  // 12-digit amount
  put(credit, 40, "12104288211131 NAME");
  put(credit, 79, "0011000010500001");
  std::string debit = credit;
  put(debit, 2, "82");
  put(debit, 28, "000000250000");
  put(debit, 94, "2");
  std::string control = pad94("8280000002");
  put(control, 11, "0046276020");
  put(control, 21, "00000000000000250000");  // 20-digit debit total
  put(control, 41, "00000000000000050000");  // 20-digit credit total
  put(control, 80, "121042880000001");
  std::string file = pad94("9000001000001000000020046276020");
  put(file, 32, "00000000000000250000");
  put(file, 52, "00000000000000050000");
  return {header, batch, credit, debit, control, file};
}

}  // namespace

TEST_CASE("nacha: ADV files use 20-digit control totals and are checked", "[nacha][sec]") {
  const std::vector<std::string> lines = adv_file();
  auto report = check(join(lines));
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(summary_int(report, "debit_total_minor") == 250000);
  CHECK(summary_int(report, "credit_total_minor") == 50000);
  CHECK(declared_int(report, "debit_total_minor") == 250000);
  CHECK(declared_int(report, "credit_total_minor") == 50000);

  auto broken = lines;
  put(broken[5], 52, "00000000000000050001");  // file credit total off by one
  report = check(join(broken));
  CHECK(has_error(report, "total_mismatch", "total_credit"));

  broken = lines;
  put(broken[5], 32, "99999999999999999999");  // beyond int64: an error, not a wrap
  report = check(join(broken));
  CHECK(has_error(report, "bad_amount", "total_debit"));
}

TEST_CASE("nacha: after the first error the visitor receives nothing more", "[nacha]") {
  FileBuilder b;
  b.entry(EntrySpec{.name = "FIRST"}).entry(EntrySpec{.name = "SECOND"});
  auto lines = b.lines();
  put(lines[3], 30, "00000A0001");  // second entry's amount
  RecordingVisitor v;
  const auto report = parse(join(lines), v);
  CHECK_FALSE(report.accepted);
  CHECK(v.seen.events == std::vector<std::string>{"file_header", "batch_header", "entry"});
  CHECK(v.seen.names == std::vector<std::string>{"FIRST"});
}

TEST_CASE("nacha: memory stays bounded: entries are not accumulated", "[nacha]") {
  // 20,000 entries each with one addenda: the visitor sees each entry with exactly its own
  // addenda, which the reader reuses (no growth) from entry to entry.
  FileBuilder b;
  BatchSpec batch;
  for (int i = 1; i <= 20000; ++i)
    batch.entries.push_back(EntrySpec{.addenda = {addenda05("X", 1, i)}});
  b.batch(batch);
  std::int64_t max_addenda = 0, entries = 0;
  FnVisitor v;
  v.entry = [&](const EntryDetail& e) {
    ++entries;
    max_addenda = std::max(max_addenda, e.addenda_count());
  };
  const auto report = parse(b.text(), v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(entries == 20000);
  CHECK(max_addenda == 1);
}
