// The autopay writer: what it writes reads back identical through the reader, field for
// field, with correct controls, trace numbers, offset and blocking; bad values are refused.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "formats/nacha/errors.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"
#include "formats/nacha/writer.h"

using namespace tally::formats::nacha;
using namespace nacha_test;
using tally::BusinessDate;

namespace {

FileOptions file_options() {
  FileOptions o;
  o.immediate_destination = "231380104";
  o.immediate_origin = "1123456789";
  o.immediate_destination_name = "FIRST BANK";
  o.immediate_origin_name = "TALLY WATER DISTRICT";
  o.reference_code = "AUTOPAY";
  o.file_creation_date = *BusinessDate::from_ymd(2026, 11, 22);
  o.file_creation_time = "2359";
  o.file_id_modifier = 'B';
  o.first_trace_sequence = 41;
  return o;
}

BatchOptions batch_options(bool offset) {
  BatchOptions b;
  b.company_name = "TALLY WATER";
  b.company_discretionary_data = "CYCLE 11";
  b.company_identification = "1123456789";
  b.company_entry_description = "WATER BILL";
  b.company_descriptive_date = "NOV 26";
  b.effective_entry_date = *BusinessDate::from_ymd(2026, 11, 24);
  b.odfi_identification = "12104288";
  if (offset) {
    b.offset = OffsetAccount{AccountType::kChecking, "121042882", "9990001", "TALLY-OPS",
                             "TALLY WATER OPERATING"};
  }
  return b;
}

std::vector<AutopayDebit> debits() {
  return {
      AutopayDebit{AccountType::kChecking, "231380104", "123456789", 4512, "ACCT-1001", "JANE DOE",
                   "", false, ""},
      AutopayDebit{AccountType::kSavings, "021000021", "55-012-33", 10999, "ACCT-1002",
                   "JOHN Q PUBLIC", "S1", false, "BILL NOV 2026 ACCT-1002"},
      AutopayDebit{AccountType::kChecking, "231380104", "77700", 0, "ACCT-1003",
                   "A NAME LONGER THAN TWENTY-TWO", "", true, ""},
  };
}

// Everything the reader saw, owned.
struct ReadBack {
  std::vector<std::string> headers;  // formatted file and batch header fields
  std::vector<std::string> entries;  // formatted entry fields
  std::vector<std::string> controls;
};

std::string entry_text(const EntryDetail& e) {
  std::string s =
      fmt::format("{}|{}{}|{}|{}|{}|{}|{}|{}|{}", e.transaction_code, e.rdfi_routing, e.check_digit,
                  e.dfi_account_number, e.amount_minor, e.individual_id_number, e.individual_name,
                  e.discretionary_data, e.addenda_record_indicator, e.trace_number);
  for (const auto& a : e.addenda05)
    s += fmt::format("|05:{}:{}:{}", a.payment_related_information, a.addenda_sequence_number,
                     a.entry_detail_sequence_number);
  return s;
}

ReadBack read_back(const std::string& text, tally::formats::ParseReport& report) {
  ReadBack out;
  FnVisitor v;
  v.file_header = [&](const FileHeader& h) {
    out.headers.push_back(fmt::format(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}", h.immediate_destination, h.immediate_origin,
        h.file_creation_date.to_iso(), h.file_creation_time, h.file_id_modifier,
        h.immediate_destination_name, h.immediate_origin_name, h.reference_code, h.priority_code));
  };
  v.batch_header = [&](const BatchHeader& h) {
    out.headers.push_back(
        fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", h.service_class_code, h.company_name,
                    h.company_discretionary_data, h.company_identification, h.standard_entry_class,
                    h.company_entry_description, h.company_descriptive_date,
                    h.effective_entry_date ? h.effective_entry_date->to_iso() : "none",
                    h.odfi_identification, h.batch_number));
  };
  v.entry = [&](const EntryDetail& e) { out.entries.push_back(entry_text(e)); };
  v.batch_control = [&](const BatchControl& c) {
    out.controls.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", c.service_class_code,
                                       c.entry_addenda_count, c.entry_hash, c.total_debit_minor,
                                       c.total_credit_minor, c.company_identification,
                                       c.odfi_identification, c.batch_number));
  };
  v.file_control = [&](const FileControl& c) {
    out.controls.push_back(fmt::format("{}|{}|{}|{}|{}|{}", c.batch_count, c.block_count,
                                       c.entry_addenda_count, c.entry_hash, c.total_debit_minor,
                                       c.total_credit_minor));
  };
  report = parse(text, v);
  return out;
}

}  // namespace

TEST_CASE("nacha: a written autopay file reads back identical, field for field",
          "[nacha][writer]") {
  auto written =
      write_autopay_file(file_options(), {AutopayBatch{batch_options(false), debits()},
                                          AutopayBatch{batch_options(true), {debits()[0]}}});
  REQUIRE(written.ok());
  tally::formats::ParseReport report;
  const ReadBack back = read_back(*written, report);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(report.warnings.empty());

  CHECK(back.headers == std::vector<std::string>{
                            "231380104|1123456789|2026-11-22|2359|B|FIRST BANK|"
                            "TALLY WATER DISTRICT|AUTOPAY|01",
                            "225|TALLY WATER|CYCLE 11|1123456789|PPD|WATER BILL|NOV 26|2026-11-24|"
                            "12104288|1",
                            "200|TALLY WATER|CYCLE 11|1123456789|PPD|WATER BILL|NOV 26|2026-11-24|"
                            "12104288|2"});
  CHECK(back.entries ==
        std::vector<std::string>{
            "27|231380104|123456789|4512|ACCT-1001|JANE DOE||0|121042880000041",
            "37|021000021|55-012-33|10999|ACCT-1002|JOHN Q PUBLIC|S1|1|121042880000042"
            "|05:BILL NOV 2026 ACCT-1002:1:42",
            "28|231380104|77700|0|ACCT-1003|A NAME LONGER THAN TWE||0|121042880000043",
            // Second batch: traces run on; the offset credits the batch total last.
            "27|231380104|123456789|4512|ACCT-1001|JANE DOE||0|121042880000044",
            "22|121042882|9990001|4512|TALLY-OPS|TALLY WATER OPERATING||0|121042880000045",
        });
  CHECK(back.controls == std::vector<std::string>{
                             // 4 records; hash 23138010 + 02100002 + 23138010
                             "225|4|48376022|15511|0|1123456789|12104288|1",
                             "200|2|35242298|4512|4512|1123456789|12104288|2",
                             "2|2|6|83618320|20023|4512",
                         });
  for (const char* f : {"batches", "entry_addenda", "debit_total_minor", "credit_total_minor",
                        "entry_hash", "block_count"})
    CHECK(summary_int(report, f) == declared_int(report, f));
}

TEST_CASE("nacha: the writer blocks the file to a multiple of 10 records with 9-filler",
          "[nacha][writer]") {
  auto written = write_autopay_file(file_options(), {AutopayBatch{batch_options(false), debits()}});
  REQUIRE(written.ok());
  const std::string& text = *written;
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  REQUIRE(lines.size() == 10);  // header, batch, 3 entries + 1 addenda, control, file, 2 filler
  for (const auto& l : lines) CHECK(l.size() == 94);
  CHECK(lines[8] == std::string(94, '9'));
  CHECK(lines[9] == std::string(94, '9'));
  CHECK(lines[7].substr(0, 13) == "9000001000001");
}

TEST_CASE("nacha: an offset entry nets each batch to zero", "[nacha][writer]") {
  auto written = write_autopay_file(file_options(), {AutopayBatch{batch_options(true), debits()}});
  REQUIRE(written.ok());
  const auto report = check(*written);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(summary_int(report, "debit_total_minor") == 4512 + 10999);
  CHECK(summary_int(report, "credit_total_minor") == 4512 + 10999);
}

TEST_CASE("nacha: CRLF output reads back without warnings", "[nacha][writer]") {
  FileOptions o = file_options();
  o.line_ending = "\r\n";
  auto written = write_autopay_file(o, {AutopayBatch{batch_options(true), debits()}});
  REQUIRE(written.ok());
  CHECK(written->find("\r\n") == 94);
  const auto report = check(*written);
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
}

TEST_CASE("nacha: the incremental writer returns each trace number", "[nacha][writer]") {
  auto writer = Writer::create(file_options());
  REQUIRE(writer.ok());
  REQUIRE(writer->begin_batch(batch_options(false)).ok());
  auto trace = writer->add_debit(debits()[0]);
  REQUIRE(trace.ok());
  CHECK(*trace == "121042880000041");
  CHECK(writer->next_trace_sequence() == 42);
  REQUIRE(writer->end_batch().ok());
  auto text = writer->finish();
  REQUIRE(text.ok());
  CHECK(check(*text).accepted);
  CHECK(writer->finish().error().code == NachaErrc::invalid_state);
}

TEST_CASE("nacha: the writer refuses values the layout cannot carry", "[nacha][writer]") {
  auto refused = [](AutopayDebit d) {
    auto w = Writer::create(file_options());
    REQUIRE(w.ok());
    REQUIRE(w->begin_batch(batch_options(false)).ok());
    auto r = w->add_debit(d);
    return !r.ok() && r.error().code == NachaErrc::invalid_field;
  };
  AutopayDebit good = debits()[0];
  AutopayDebit d = good;
  d.routing_number = "231380105";
  CHECK(refused(d));
  d = good;
  d.dfi_account_number = "123456789012345678";  // 18 characters
  CHECK(refused(d));
  d = good;
  d.dfi_account_number = "";
  CHECK(refused(d));
  d = good;
  d.individual_name = "JOS\xC3\x89";  // non-ASCII
  CHECK(refused(d));
  d = good;
  d.amount_minor = 0;
  CHECK(refused(d));
  d = good;
  d.amount_minor = 10'000'000'000;
  CHECK(refused(d));
  d = good;
  d.prenote = true;  // with an amount
  CHECK(refused(d));
  d = good;
  d.account_type = AccountType::kLoan;
  CHECK(refused(d));
  d = good;
  d.individual_id_number = "1234567890123456";
  CHECK(refused(d));

  FileOptions o = file_options();
  o.immediate_destination = "98765432";
  CHECK_FALSE(Writer::create(o).ok());
  o = file_options();
  o.immediate_origin = "000TESTER1";
  CHECK_FALSE(Writer::create(o).ok());
  o = file_options();
  o.file_creation_time = "2460";
  CHECK_FALSE(Writer::create(o).ok());

  auto w = Writer::create(file_options());
  REQUIRE(w.ok());
  BatchOptions b = batch_options(false);
  b.odfi_identification = "1210428";
  CHECK(w->begin_batch(b).error().code == NachaErrc::invalid_field);
}

TEST_CASE("nacha: the writer enforces call order", "[nacha][writer]") {
  auto w = Writer::create(file_options());
  REQUIRE(w.ok());
  CHECK(w->add_debit(debits()[0]).error().code == NachaErrc::invalid_state);
  CHECK(w->end_batch().error().code == NachaErrc::invalid_state);
  REQUIRE(w->begin_batch(batch_options(false)).ok());
  CHECK(w->begin_batch(batch_options(false)).error().code == NachaErrc::invalid_state);
  CHECK(w->end_batch().error().code == NachaErrc::invalid_state);  // no entries yet
  CHECK(w->finish().error().code == NachaErrc::invalid_state);     // batch open
}

TEST_CASE("nacha: an offset batch total must fit one offset entry", "[nacha][writer]") {
  auto w = Writer::create(file_options());
  REQUIRE(w.ok());
  REQUIRE(w->begin_batch(batch_options(true)).ok());
  AutopayDebit d = debits()[0];
  d.amount_minor = 9'000'000'000;
  REQUIRE(w->add_debit(d).ok());
  CHECK(w->add_debit(d).error().code == NachaErrc::limit_exceeded);
}
