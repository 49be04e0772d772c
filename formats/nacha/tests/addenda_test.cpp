// Addenda decoding: notifications of change (98, with corrected data extracted per change
// code, and refused NOCs), returns (99: plain, dishonored, contested), payment information
// (05), and the code tables.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "formats/nacha/change_codes.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/return_codes.h"
#include "formats/nacha/tests/nacha_fixtures.h"

using namespace tally::formats::nacha;
using namespace nacha_test;

namespace {

// Parses a one-entry file whose entry carries `addenda` and hands the entry to `check`.
template <class Check>
tally::formats::ParseReport with_entry(std::vector<std::string> addenda, Check check_entry,
                                       int transaction_code = 21) {
  FnVisitor v;
  int entries = 0;
  v.entry = [&](const EntryDetail& e) {
    ++entries;
    check_entry(e);
  };
  auto report = parse(one_entry_file("COR",
                                     EntrySpec{.transaction_code = transaction_code,
                                               .amount_minor = 0,
                                               .addenda = std::move(addenda)},
                                     200),
                      v);
  if (report.accepted) CHECK(entries == 1);
  return report;
}

std::string field29(std::string_view s) {
  std::string out(s);
  out.resize(29, ' ');
  return out;
}

}  // namespace

TEST_CASE("nacha: change code table holds C01-C09, C13, C14 and refused C61-C69", "[nacha][noc]") {
  for (const char* code :
       {"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C13", "C14"}) {
    const ChangeCodeInfo* info = find_change_code(code);
    REQUIRE(info != nullptr);
    CHECK_FALSE(info->refused);
  }
  for (int i = 61; i <= 69; ++i) {
    const ChangeCodeInfo* info = find_change_code("C" + std::to_string(i));
    REQUIRE(info != nullptr);
    CHECK(info->refused);
  }
  for (const char* unknown : {"C00", "C10", "C12", "C15", "C60", "C70", "R01", "C1", ""})
    CHECK(find_change_code(unknown) == nullptr);
  CHECK(all_change_codes().size() == 20);
}

// The decoded views point into the data given: each is kept alive in a named string.
TEST_CASE("nacha: corrected data is extracted as each change code lays it out", "[nacha][noc]") {
  const std::string data_c01 = field29("1918171614");
  auto c01 = decode_corrected_data("C01", data_c01);
  REQUIRE(c01);
  CHECK(c01->dfi_account_number == "1918171614");

  const std::string data_c02 = field29("231380104");
  auto c02 = decode_corrected_data("C02", data_c02);
  REQUIRE(c02);
  CHECK(c02->routing_number == "231380104");

  const std::string data_c03 = field29("231380104   12345678901234567");
  auto c03 = decode_corrected_data("C03", data_c03);
  REQUIRE(c03);
  CHECK(c03->routing_number == "231380104");
  CHECK(c03->dfi_account_number == "12345678901234567");

  const std::string data_c04 = field29("JANE Q DOE");
  auto c04 = decode_corrected_data("C04", data_c04);
  REQUIRE(c04);
  CHECK(c04->individual_name == "JANE Q DOE");

  const std::string data_c05 = field29("37");
  auto c05 = decode_corrected_data("C05", data_c05);
  REQUIRE(c05);
  CHECK(c05->transaction_code == 37);

  std::string data06 = field29("9876543210");  // account 1-17, blanks 18-20, code 21-22
  data06.replace(20, 2, "32");
  auto c06 = decode_corrected_data("C06", data06);
  REQUIRE(c06);
  CHECK(c06->dfi_account_number == "9876543210");
  CHECK(c06->transaction_code == 32);
  CHECK(c06->routing_number.empty());

  std::string data07 = field29("021000021");  // routing 1-9, account 10-26, code 27-28
  data07.replace(9, 8, "55512345");
  data07.replace(26, 2, "37");
  auto c07 = decode_corrected_data("C07", data07);
  REQUIRE(c07);
  CHECK(c07->routing_number == "021000021");
  CHECK(c07->dfi_account_number == "55512345");
  CHECK(c07->transaction_code == 37);

  const std::string data_c08 = field29("DEUTDEFF500");
  auto c08 = decode_corrected_data("C08", data_c08);
  REQUIRE(c08);
  CHECK(c08->rdfi_identification == "DEUTDEFF500");

  const std::string data_c09 = field29("CUST-778");
  auto c09 = decode_corrected_data("C09", data_c09);
  REQUIRE(c09);
  CHECK(c09->individual_id_number == "CUST-778");

  CHECK(decode_corrected_data("C13", field29("")));
  const std::string data_c14 = field29("IAT");
  auto c14 = decode_corrected_data("C14", data_c14);
  REQUIRE(c14);
  CHECK(c14->standard_entry_class == "IAT");
}

TEST_CASE("nacha: corrected data not in its code's layout does not decode", "[nacha][noc]") {
  CHECK_FALSE(decode_corrected_data("C02", field29("231380105")));        // check digit
  CHECK_FALSE(decode_corrected_data("C01", field29("")));                 // blank account
  CHECK_FALSE(decode_corrected_data("C05", field29("25")));               // reserved code
  CHECK_FALSE(decode_corrected_data("C06", field29("9876543210 32")));    // code not at 21-22
  CHECK_FALSE(decode_corrected_data("C03", field29("231380104123456")));  // no blanks at 10-12
  CHECK_FALSE(decode_corrected_data("C99", field29("X")));
}

TEST_CASE("nacha: a notification of change is decoded with its corrected data", "[nacha][noc]") {
  const auto report =
      with_entry({addenda98("C01", "121042880000001", "12104288", "1918171614", "091012980000088")},
                 [](const EntryDetail& e) {
                   CHECK(e.is_noc());
                   CHECK_FALSE(e.is_return());
                   REQUIRE(e.addenda98.size() == 1);
                   const Addenda98& a = e.addenda98[0];
                   REQUIRE(a.change_code != nullptr);
                   CHECK(a.change_code->code == "C01");
                   CHECK_FALSE(a.refused());
                   CHECK(a.original_entry_trace_number == "121042880000001");
                   CHECK(a.original_rdfi_identification == "12104288");
                   CHECK(a.corrected_data == "1918171614");
                   REQUIRE(a.corrected);
                   CHECK(a.corrected->dfi_account_number == "1918171614");
                   CHECK(a.trace_number == "091012980000088");
                 });
  INFO(describe(report));
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
}

TEST_CASE("nacha: a refused notification of change names the code it refuses", "[nacha][noc]") {
  std::string line = pad94("798C65121042880000001      12104288");
  put(line, 36, field29("231380104"));
  put(line, 65, "C02");
  put(line, 68, "0000088");
  put(line, 80, "121042880000007");
  const auto report = with_entry({line}, [](const EntryDetail& e) {
    REQUIRE(e.addenda98.size() == 1);
    const Addenda98& a = e.addenda98[0];
    CHECK(a.refused());
    CHECK(a.change_code->code == "C65");
    REQUIRE(a.refused_change_code != nullptr);
    CHECK(a.refused_change_code->code == "C02");
    CHECK(a.trace_sequence_number == "0000088");
    REQUIRE(a.corrected);
    CHECK(a.corrected->routing_number == "231380104");
  });
  INFO(describe(report));
  CHECK(report.accepted);

  put(line, 65, "C99");
  CHECK(has_error(with_entry({line}, [](const EntryDetail&) {}), "unknown_change_code"));
}

TEST_CASE("nacha: an unknown change code is rejected", "[nacha][noc]") {
  const auto report =
      with_entry({addenda98("C10", "121042880000001", "12104288", "NEW NAME", "091012980000088")},
                 [](const EntryDetail&) {});
  CHECK_FALSE(report.accepted);
  CHECK(has_error(report, "unknown_change_code"));
}

TEST_CASE("nacha: NOC corrected data outside its layout is a warning, left undecoded",
          "[nacha][noc]") {
  bool decoded = true;
  const auto report =
      with_entry({addenda98("C02", "121042880000001", "12104288", "231380105", "091012980000088")},
                 [&](const EntryDetail& e) { decoded = e.addenda98.at(0).corrected.has_value(); });
  CHECK(report.accepted);
  CHECK(has_warning(report, "corrected_data_layout"));
  CHECK_FALSE(decoded);
}

TEST_CASE("nacha: return reason codes: the R01-R85 table as the Rules define it",
          "[nacha][return]") {
  CHECK(all_return_codes().size() == 70);
  auto kind_of = [](std::string_view code) {
    const ReturnCodeInfo* info = find_return_code(code);
    REQUIRE(info != nullptr);
    return info->kind;
  };
  for (int i = 1; i <= 47; ++i) CHECK(kind_of(fmt::format("R{:02}", i)) == ReturnKind::kReturn);
  for (int i = 50; i <= 53; ++i) CHECK(kind_of(fmt::format("R{:02}", i)) == ReturnKind::kReturn);
  for (const char* d : {"R61", "R62", "R67", "R68", "R69", "R70"})
    CHECK(kind_of(d) == ReturnKind::kDishonored);
  for (int i = 71; i <= 77; ++i) CHECK(kind_of(fmt::format("R{:02}", i)) == ReturnKind::kContested);
  for (int i = 80; i <= 85; ++i) CHECK(kind_of(fmt::format("R{:02}", i)) == ReturnKind::kReturn);
  for (const char* unknown : {"R00", "R48", "R49", "R54", "R60", "R63", "R66", "R78", "R79", "R86",
                              "R96", "r01", "R1", "C01"})
    CHECK(find_return_code(unknown) == nullptr);
  CHECK(find_return_code("R01")->title == "Insufficient Funds");
}

TEST_CASE("nacha: a return is decoded: reason, original trace, RDFI, date of death",
          "[nacha][return]") {
  const auto report = with_entry(
      {addenda99("R15", "121042880000001", "261101", "23138010", "DECEASED PER SSA",
                 "091000017611242")},
      [](const EntryDetail& e) {
        CHECK(e.is_return());
        REQUIRE(e.addenda99.size() == 1);
        const Addenda99& a = e.addenda99[0];
        CHECK(a.return_reason_code->code == "R15");
        CHECK(a.kind() == ReturnKind::kReturn);
        CHECK(a.original_entry_trace_number == "121042880000001");
        REQUIRE(a.date_of_death);
        CHECK(a.date_of_death->to_iso() == "2026-11-01");
        CHECK(a.original_rdfi_identification == "23138010");
        CHECK(a.addenda_information == "DECEASED PER SSA");
        CHECK(a.trace_number == "091000017611242");
      },
      26);
  INFO(describe(report));
  CHECK(report.accepted);
}

TEST_CASE("nacha: a return without a date of death leaves it empty, a bad date is rejected",
          "[nacha][return]") {
  auto report = with_entry(
      {addenda99("R01", "121042880000001", "", "23138010", "", "091000017611242")},
      [](const EntryDetail& e) { CHECK_FALSE(e.addenda99.at(0).date_of_death); }, 26);
  CHECK(report.accepted);
  report = with_entry(
      {addenda99("R14", "121042880000001", "261399", "23138010", "", "091000017611242")},
      [](const EntryDetail&) {}, 26);
  CHECK(has_error(report, "bad_date", "date_of_death"));
}

TEST_CASE("nacha: a dishonored return carries the return's trace, settlement date and reason",
          "[nacha][return]") {
  const std::string line = pad94(
      "799R68059999990000301      12391871   12391871000000117901UNTIMELY RETURN      "
      "231380100000001");
  const auto report = with_entry(
      {line},
      [](const EntryDetail& e) {
        const Addenda99& a = e.addenda99.at(0);
        CHECK(a.kind() == ReturnKind::kDishonored);
        CHECK(a.return_reason_code->code == "R68");
        CHECK(a.original_entry_trace_number == "059999990000301");
        CHECK(a.original_rdfi_identification == "12391871");
        CHECK(a.return_trace_number == "123918710000001");
        CHECK(a.return_settlement_date == "179");
        CHECK(a.original_return_reason_code == "01");
        CHECK(a.addenda_information == "UNTIMELY RETURN");
        CHECK(a.trace_number == "231380100000001");
      },
      26);
  INFO(describe(report));
  CHECK(report.accepted);
}

TEST_CASE("nacha: a contested dishonored return carries both returns' details", "[nacha][return]") {
  std::string line = pad94("799R71059999990000301");
  put(line, 22, "261120");           // date original entry returned
  put(line, 28, "12391871");         // original RDFI
  put(line, 36, "164");              // original settlement date
  put(line, 39, "779999990000301");  // return trace number
  put(line, 54, "165");              // return settlement date
  put(line, 57, "01");               // return reason code
  put(line, 59, "889999990000301");  // dishonored return trace number
  put(line, 74, "166");              // dishonored return settlement date
  put(line, 77, "67");               // dishonored return reason code
  put(line, 80, "123918710000001");
  const auto report = with_entry(
      {line},
      [](const EntryDetail& e) {
        const Addenda99& a = e.addenda99.at(0);
        CHECK(a.kind() == ReturnKind::kContested);
        REQUIRE(a.date_original_entry_returned);
        CHECK(a.date_original_entry_returned->to_iso() == "2026-11-20");
        CHECK(a.original_rdfi_identification == "12391871");
        CHECK(a.original_settlement_date == "164");
        CHECK(a.return_trace_number == "779999990000301");
        CHECK(a.return_settlement_date == "165");
        CHECK(a.original_return_reason_code == "01");
        CHECK(a.dishonored_return_trace_number == "889999990000301");
        CHECK(a.dishonored_return_settlement_date == "166");
        CHECK(a.dishonored_return_reason_code == "67");
        CHECK(a.trace_number == "123918710000001");
      },
      26);
  INFO(describe(report));
  CHECK(report.accepted);
}

TEST_CASE("nacha: addenda 05 carries payment information and its sequence numbers",
          "[nacha][addenda]") {
  auto report = with_entry(
      {addenda05("RMR*IV*INV-42*PI*1234\\", 1, 1)},
      [](const EntryDetail& e) {
        const Addenda05& a = e.addenda05.at(0);
        CHECK(a.payment_related_information == "RMR*IV*INV-42*PI*1234\\");
        CHECK(a.addenda_sequence_number == 1);
        CHECK(a.entry_detail_sequence_number == 1);
      },
      22);
  INFO(describe(report));
  CHECK(report.accepted);
  CHECK(report.warnings.empty());

  // Sequence not matching the entry's trace: accepted, with a warning.
  report = with_entry(
      {addenda05("INFO", 1, 77)}, [](const EntryDetail&) {}, 22);
  CHECK(report.accepted);
  CHECK(has_warning(report, "addenda_sequence"));
}

TEST_CASE("nacha: addenda 02 (terminal information) is kept raw", "[nacha][addenda]") {
  const auto report = with_entry(
      {pad94("702REFONEAREFTERM021000490614123456TARGET STORE 0049          PHILADELPHIA   "
             "PA121042880000001")},
      [](const EntryDetail& e) {
        REQUIRE(e.other_addenda.size() == 1);
        CHECK(e.other_addenda[0].addenda_type_code == 2);
        CHECK(e.other_addenda[0].text.substr(0, 7) == "REFONEA");
      },
      22);
  INFO(describe(report));
  CHECK(report.accepted);
}
