// File structure: record order, record codes, several records per line, streaming.
#include <catch2/catch.hpp>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

TEST_CASE("bai2 accepts a valid file and reports summary equal to declared", "[bai2]") {
  Recorder rec;
  const ParseReport r = bai2::parse(kValidFile, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "bai2");
  CHECK(r.warnings.empty());
  CHECK(int_field(r.summary, "file_total_minor") == 435000);
  CHECK(int_field(r.declared, "file_total_minor") == 435000);
  CHECK(int_field(r.summary, "groups") == 1);
  CHECK(int_field(r.declared, "groups") == 1);
  CHECK(int_field(r.summary, "records") == 9);
  CHECK(int_field(r.declared, "records") == 9);
  CHECK(int_field(r.summary, "accounts") == 1);
  CHECK(int_field(r.declared, "accounts") == 1);
  CHECK(int_field(r.summary, "transactions") == 3);
  CHECK(int_field(r.summary, "credit_minor") == 40000);
  CHECK(int_field(r.summary, "debit_minor") == 15000);
  CHECK(rec.events ==
        std::vector<std::string>{"01", "02", "03", "16", "16", "16", "49", "98", "99"});
}

TEST_CASE("bai2 check() gives the same verdict as parse()", "[bai2]") {
  CHECK(bai2::check(kValidFile).accepted);
  std::string bad = kValidFile;
  bad.replace(bad.find("16,142,10000"), 12, "16,142,10001");
  CHECK_FALSE(bai2::check(bad).accepted);
}

TEST_CASE("bai2 streams records to the visitor before the file is known good", "[bai2]") {
  // A wrong file total is only found at the 99; every detail was delivered before that.
  std::string bad = kValidFile;
  bad.replace(bad.find("99,435000"), 9, "99,435001");
  Recorder rec;
  const ParseReport r = bai2::parse(bad, rec);
  CHECK_FALSE(r.accepted);
  CHECK(rec.transactions.size() == 3);
  CHECK(has_error(r, "total_mismatch"));
}

TEST_CASE("bai2 rejects an unknown record code", "[bai2]") {
  std::string bad = kValidFile;
  bad.insert(bad.find("16,142"), "17,1,2,3/\n");
  const ParseReport r = bai2::check(bad);
  CHECK_FALSE(r.accepted);
  const auto& e = error_with(r, "unknown_record_code");
  CHECK(e.line == 5);
  CHECK(e.field == "record_code");
}

TEST_CASE("bai2 rejects record code 00 at the start of the file", "[bai2]") {
  const ParseReport r = bai2::check("00,0004,1/2/345,06/0321,0829,001,80,1,2/\n");
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "unknown_record_code"));
}

TEST_CASE("bai2 rejects a line that is not a record", "[bai2]") {
  std::string bad = kValidFile;
  bad.insert(bad.find("16,142"), "hello\n");
  const ParseReport r = bai2::check(bad);
  CHECK_FALSE(r.accepted);
  CHECK(error_with(r, "malformed_record").line == 5);
}

TEST_CASE("bai2 rejects an empty file", "[bai2]") {
  CHECK_FALSE(bai2::check("").accepted);
  CHECK(has_error(bai2::check("  \n\n"), "missing_record"));
}

TEST_CASE("bai2 rejects a file that does not start with 01", "[bai2]") {
  const std::string bad = kValidFile.substr(kValidFile.find("02,"));
  const ParseReport r = bai2::check(bad);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_record"));
}

TEST_CASE("bai2 rejects a truncated file without 99", "[bai2]") {
  const std::string bad = kValidFile.substr(0, kValidFile.find("99,"));
  const ParseReport r = bai2::check(bad);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_record"));
  CHECK(r.declared.find("file_total_minor") == nullptr);
}

TEST_CASE("bai2 rejects a missing 49 account trailer", "[bai2]") {
  std::string bad = kValidFile;
  bad.erase(bad.find("49,"), bad.find("98,") - bad.find("49,"));
  const ParseReport r = bai2::check(bad);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_record"));
}

TEST_CASE("bai2 rejects a missing 98 group trailer", "[bai2]") {
  std::string bad = kValidFile;
  bad.erase(bad.find("98,"), bad.find("99,") - bad.find("98,"));
  CHECK(has_error(bai2::check(bad), "missing_record"));
}

TEST_CASE("bai2 rejects a 16 outside an account", "[bai2]") {
  std::string bad = kValidFile;
  bad.insert(bad.find("98,"), "16,115,1,0,,,X/\n");
  const ParseReport r = bai2::check(bad);
  CHECK(has_error(r, "unexpected_record"));
  CHECK_FALSE(r.accepted);
}

TEST_CASE("bai2 rejects a second file header and records after the 99", "[bai2]") {
  CHECK(has_error(bai2::check(kValidFile + kValidFile), "unexpected_record"));
  std::string bad = kValidFile;
  bad.insert(bad.find("02,"), std::string(kFileHeader));
  CHECK(has_error(bai2::check(bad), "unexpected_record"));
}

TEST_CASE("bai2 rejects an 88 with nothing to continue", "[bai2]") {
  const ParseReport r = bai2::check("88,100,5/\n" + kValidFile);
  CHECK(has_error(r, "unexpected_record"));
}

TEST_CASE("bai2 accepts several records on one line", "[bai2]") {
  const std::string file =
      "01,TALLYBANK,UTILITY01,260105,0800,7,,,2/   02,UTILITY01,TALLYBANK,1,260104,2400,USD,2/\n"
      "03,1111,,010,-3500,,,400,3200,3,/\n"
      "16,451,2500,Z,,,TRANSFER PAYPAL PPD/ 16,451,700,Z,,,TRANSFER BANK PPD/  49,2900,4/\n"
      "  98,2900,1,6/ 99,2900,1,8/\n";
  Recorder rec;
  const ParseReport r = bai2::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  REQUIRE(rec.transactions.size() == 2);
  CHECK(rec.transactions[0].text == "TRANSFER PAYPAL PPD");
  CHECK(rec.transactions[1].text == "TRANSFER BANK PPD");
  CHECK(rec.transactions[1].line == 3);
  CHECK(rec.transactions[1].record == 5);
  CHECK(int_field(r.summary, "records") == 8);
}

TEST_CASE("bai2 accepts CRLF and lone CR line endings", "[bai2]") {
  std::string crlf, cr;
  for (char c : kValidFile) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  Recorder rec;
  const ParseReport a = bai2::parse(crlf, rec);
  INFO(describe(a));
  CHECK(a.accepted);
  CHECK(rec.transactions.at(2).line == 6);
  CHECK(bai2::check(cr).accepted);
}

TEST_CASE("bai2 accepts two groups with several accounts", "[bai2]") {
  const std::string file =
      "01,TALLYBANK,UTILITY01,260105,0800,7,,,2/\n"
      "02,UTILITY01,TALLYBANK,1,260104,,,2/\n"
      "03,A1,,010,100,,/\n"
      "16,301,50,0,,,DEPOSIT/\n"
      "49,150,3/\n"
      "03,A2,,015,-20,,/\n"
      "49,-20,2/\n"
      "98,130,2,7/\n"
      "02,UTILITY01,TALLYBANK,1,260104,,EUR,2/\n"
      "03,B1,,,,,/\n"
      "16,698,5,,,,FEE/\n"
      "49,5,3/\n"
      "98,5,1,5/\n"
      "99,135,2,14/\n";
  Recorder rec;
  const ParseReport r = bai2::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(int_field(r.summary, "accounts") == 3);
  CHECK(int_field(r.declared, "accounts") == 3);
  CHECK(rec.accounts.at(2).summaries.empty());
  CHECK(rec.transactions.at(1).currency == "EUR");
  CHECK(rec.transactions.at(1).account == "B1");
}
