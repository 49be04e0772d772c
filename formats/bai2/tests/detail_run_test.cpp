// The detail run (detail_run.cpp) against the general path: whatever the lines hold, both
// deliver the same details and report the same issues, and the run really takes the plain
// records (Parser::details_in_run) while leaving every unusual one to the general path.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "formats/bai2/parser.h"
#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

namespace {

struct Outcome {
  Recorder rec;
  ParseReport report;
  std::int64_t in_run = 0;
};

// Parses a copy of `file` in a buffer of exactly its size (nothing readable after the last
// byte, so a sanitizer build catches any read past the end).
Outcome run(const std::string& file, bool fast) {
  std::unique_ptr<char[]> exact(new char[file.size() + (file.empty() ? 1 : 0)]);
  file.copy(exact.get(), file.size());
  Outcome o;
  bai2::Parser parser(std::string_view(exact.get(), file.size()), o.rec, fast);
  o.report = parser.run();
  o.in_run = parser.details_in_run();
  return o;
}

void same_outcome(const Outcome& a, const Outcome& b) {
  INFO(describe(a.report));
  CHECK(a.report.accepted == b.report.accepted);
  REQUIRE(a.report.errors.size() == b.report.errors.size());
  for (std::size_t i = 0; i < a.report.errors.size(); ++i) {
    CHECK(a.report.errors[i].code == b.report.errors[i].code);
    CHECK(a.report.errors[i].line == b.report.errors[i].line);
    CHECK(a.report.errors[i].record == b.report.errors[i].record);
    CHECK(a.report.errors[i].field == b.report.errors[i].field);
  }
  REQUIRE(a.report.warnings.size() == b.report.warnings.size());
  for (std::size_t i = 0; i < a.report.warnings.size(); ++i)
    CHECK(a.report.warnings[i].code == b.report.warnings[i].code);
  CHECK(a.report.summary.items() == b.report.summary.items());
  CHECK(a.rec.events == b.rec.events);
  REQUIRE(a.rec.transactions.size() == b.rec.transactions.size());
  for (std::size_t i = 0; i < a.rec.transactions.size(); ++i) {
    const SeenTransaction& x = a.rec.transactions[i];
    const SeenTransaction& y = b.rec.transactions[i];
    INFO("transaction " << i << " text '" << y.text << "'");
    CHECK(x.type_code == y.type_code);
    CHECK(x.direction == y.direction);
    CHECK(x.type_name == y.type_name);
    CHECK(x.amount_minor == y.amount_minor);
    CHECK(x.funds == y.funds);
    CHECK(x.availability == y.availability);
    CHECK(x.value_date == y.value_date);
    CHECK(x.value_time_s == y.value_time_s);
    CHECK(x.bank_reference == y.bank_reference);
    CHECK(x.customer_reference == y.customer_reference);
    CHECK(x.text == y.text);
    CHECK(x.account == y.account);
    CHECK(x.currency == y.currency);
    CHECK(x.line == y.line);
    CHECK(x.record == y.record);
  }
}

// Both paths on the file; returns the fast one.
Outcome both(const std::string& file) {
  Outcome fast = run(file, true);
  const Outcome slow = run(file, false);
  CHECK(slow.in_run == 0);
  same_outcome(fast, slow);
  return fast;
}

std::string plain_line(int i, const char* eol = "\n") {
  return "16,142," + std::to_string(100 + i) + ",0,BR" + std::to_string(i) + ",CR,TEXT " +
         std::to_string(i) + "/" + eol;
}

}  // namespace

TEST_CASE("bai2 detail run takes consecutive plain records, with LF, CRLF or CR", "[bai2]") {
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    std::string body = "03,1,,,,,/\n";
    std::int64_t total = 0;
    for (int i = 0; i < 50; ++i) {
      body += plain_line(i);
      total += 100 + i;
    }
    std::string file;  // every line of the file ends with `eol`
    for (char c : one_account_file(body, total, 51))
      file += c == '\n' ? std::string(eol) : std::string(1, c);
    INFO("line end " << (eol[0] == '\r' ? (eol[1] ? "CRLF" : "CR") : "LF"));
    const Outcome fast = both(file);
    CHECK(fast.report.accepted);
    CHECK(fast.rec.transactions.size() == 50);
    CHECK(fast.in_run == 49);  // the last, before the 49, goes the one-record way
    CHECK(fast.rec.transactions[7].text == "TEXT 7");
    CHECK(fast.rec.transactions[7].line == 11);  // after 01, 02, 03 and seven 16s
  }
}

TEST_CASE("bai2 detail run and general path agree on every field shape", "[bai2]") {
  // Each line sits between two plain ones, so the run meets it in the middle of a run.
  const std::vector<std::string> lines = {
      "16,142,100,1,BR,CR,ONE DAY/\n",
      "16,142,100,2,BR,CR,TWO DAYS/\n",
      "16,142,100,Z,BR,CR,UNKNOWN/\n",
      "16,142,100,,BR,CR,DEFAULTED/\n",
      "16,142,100, 0 ,BR,CR,BLANKS AROUND FUNDS/\n",
      "16,142,100,\t,BR,CR,TAB FUNDS/\n",
      "16,142,100,V,260104,1300,BR,CR,VALUE DATED/\n",
      "16,142,100,V,260104,,BR,CR,VALUE NO TIME/\n",
      "16,142,100,V,260104,13:45:30,BR,CR,HH:MM:SS/\n",
      "16,142,100,V,260104,2400,BR,CR,END OF DAY/\n",
      "16,142,100,V,261304,,BR,CR,BAD VALUE DATE/\n",
      "16,142,100,V,260104,2561,BR,CR,BAD VALUE TIME/\n",
      "16,142,100,V,260104/\n",
      "16,142,100,S,1,2,3,BR,CR,DISTRIBUTED/\n",
      "16,142,100,D,2,1,50,2,50,BR,CR,DAYS/\n",
      "16,142,100,X,BR,CR,BAD FUNDS/\n",
      "16,142,100,00,BR,CR,LONG FUNDS/\n",
      "16,142,100,0,BR,CR,A/B INSIDE/\n",
      "16,142,100,0,BR,CR,RATE 1/ 12,5 PCT, 01/05/2026 /  \n",
      "16,142,100,0,BR,CR,/A/B/C/\n",
      "16,142,100,0,BR,CR,NO SLASH\n",
      "16,142,100,0,BR,CR,\n",
      "16,142,100,0,BR,CR,/\n",
      "16,142,100,0,BR,CR,   \t\n",
      "16,142,100,0, BR1 ,\tCR1\t,  PADDED TEXT  \t/\n",
      "16,142,100,0,BR,CR,TEXT, WITH, COMMAS/\n",
      "16,142,100,0,BR,CR/\n",
      "16,142,100,0,BR/\n",
      "16,142,100,0/\n",
      "16,142,100,0,B/R,CR,SLASH IN REF/\n",
      "16, 142 ,100,0,BR,CR,BLANKS AROUND TYPE/\n",
      "16,142, 100 ,0,BR,CR,BLANKS AROUND AMOUNT/\n",
      "16,142,+100,0,BR,CR,SIGNED AMOUNT/\n",
      "16,142,-100,0,BR,CR,NEGATIVE AMOUNT/\n",
      "16,142,,0,BR,CR,NO AMOUNT/\n",
      "16,142,1O0,0,BR,CR,LETTER IN AMOUNT/\n",
      "16,142,1,0,BR,CR,ONE DIGIT/\n",
      "16,142,12345678,0,BR,CR,EIGHT DIGITS/\n",
      "16,142,123456789,0,BR,CR,NINE DIGITS/\n",
      "16,142,1234567890123456,0,BR,CR,SIXTEEN DIGITS/\n",
      "16,142,12345678901234567,0,BR,CR,SEVENTEEN/\n",
      "16,142,123456789012345678,0,BR,CR,EIGHTEEN/\n",
      "16,142,9223372036854775807,0,BR,CR,NINETEEN/\n",
      "16,042,100,0,BR,CR,STATUS CODE/\n",
      "16,850,100,0,BR,CR,NO SUCH CODE/\n",
      "16,14,100,0,BR,CR,TWO DIGIT CODE/\n",
      "16,475,100,0,BR,CR,DEBIT/\n",
      "16,890,,0,BR,CR,NON-MONETARY/\n",
      "16,142,100,0,BR,CR,CARD 4111 1111 1111 1111 PAID/\n",
      "16,142,100,0,BR,CR,NOT A CARD 1234 5678 9012 3456/\n",
      "16,142,100,0,BR,CR,TWO ON ONE LINE/ 16,142,100,0,BR,CR,SECOND/\n",
      "16,142,100,0,BR,CR,GOES ON\n88,IN AN 88/\n",
      "16,142,100,0,BR,CR,WRAPPED\nONTO THE NEXT LINE/\n",
      "16,142,100,0,BR,CR,TRAILING DATA/ XYZ\n",
      "  16,142,100,0,BR,CR,LEADING BLANKS/\n",
      "\n",
      "16,142,100,0,BR,CR," + std::string(140, 'L') + "/\n",
      "16,142,100,0,BR,CR," + std::string(100, 'M') + "/\n",
  };
  for (const std::string& odd : lines) {
    INFO("line: " << odd);
    std::string body = "03,1,,,,,/\n";
    for (int i = 0; i < 3; ++i) body += plain_line(i);
    body += odd;
    for (int i = 3; i < 6; ++i) body += plain_line(i);
    // Totals and counts need not be right: both paths must report the same either way.
    const Outcome fast = both(one_account_file(body, 0, 0));
    CHECK(fast.in_run >= 4);  // the plain records around it were taken by the run
  }
}

TEST_CASE("bai2 detail run keeps totals right and stops before an overflow", "[bai2]") {
  std::string body = "03,1,,,,,/\n";
  body += "16,142,9000000000000000000,0,,,BIG/\n";
  body += "16,142,9000000000000000000,0,,,OVERFLOWS THE ACCOUNT TOTAL/\n";
  body += plain_line(1);
  body += plain_line(2);
  const Outcome fast = both(one_account_file(body, 0, 5));
  CHECK(has_error(fast.report, "amount_overflow"));
  CHECK(fast.in_run >= 1);

  // A good file: the run's totals and counts are what the trailers check.
  std::string good = "03,1,,,,,/\n";
  std::int64_t total = 0;
  for (int i = 0; i < 200; ++i) {
    good += "16," + std::string(i % 2 ? "475" : "142") + "," + std::to_string(1000 + i) +
            (i % 3 ? ",0," : ",V,260104,0930,") + "B,C,T/\n";
    total += 1000 + i;
  }
  const Outcome ok = both(one_account_file(good, total, 201));
  CHECK(ok.report.accepted);
  CHECK(ok.in_run == 199);
  CHECK(int_field(ok.report.summary, "transactions") == 200);
}

TEST_CASE("bai2 detail run never reads past the end of a cut-off file", "[bai2]") {
  std::string body = "03,1,,,,,/\n";
  for (int i = 0; i < 6; ++i) body += plain_line(i, i % 2 ? "\r\n" : "\n");
  body += "16,142,12345678,V,260104,,B,C,T/\n16,142,1,0,,,/\n16,142,100,0,,,X\n";
  const std::string file = one_account_file(body, 0, 0);
  // Every length from the middle of the account to the whole file, trailers included.
  for (std::size_t size = file.find("16,"); size <= file.size(); ++size) {
    INFO("first " << size << " bytes");
    both(file.substr(0, size));
  }
}
